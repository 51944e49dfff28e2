//! Everything the portal keeps on the phone goes through here, under keys
//! starting with `portal.`, so "delete my data" can find all of it.
//! Storage can be missing or full (private mode): every call tolerates that.

const PREFIX: &str = "portal.";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn get(key: &str) -> Option<String> {
    local()?.get_item(&format!("{PREFIX}{key}")).ok()?
}

/// Returns false when the value could not be stored (full, disabled).
pub fn set(key: &str, value: &str) -> bool {
    local().is_some_and(|s| s.set_item(&format!("{PREFIX}{key}"), value).is_ok())
}

pub fn remove(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(&format!("{PREFIX}{key}"));
    }
}

/// Deletes every `portal.` key from local and session storage, tells the
/// service worker to forget (it stops caching and deletes its caches, so a
/// fetch still in flight cannot write one back), unregisters it, and deletes
/// every cache. Afterwards the browser shows no worker and no cache of the
/// portal to someone inspecting the phone.
pub fn wipe_all() {
    use wasm_bindgen::JsCast;
    let window = web_sys::window();
    for store in [
        local(),
        window
            .as_ref()
            .and_then(|w| w.session_storage().ok().flatten()),
    ]
    .into_iter()
    .flatten()
    {
        let len = store.length().unwrap_or(0);
        let keys: Vec<String> = (0..len)
            .filter_map(|i| store.key(i).ok().flatten())
            .filter(|k| k.starts_with(PREFIX))
            .collect();
        for k in keys {
            let _ = store.remove_item(&k);
        }
    }
    let Some(window) = window else {
        return;
    };
    let container = window.navigator().service_worker();
    let workers = (!container.is_undefined()).then_some(container);
    let caches = window.caches().ok();
    wasm_bindgen_futures::spawn_local(async move {
        use wasm_bindgen_futures::JsFuture;
        if let Some(container) = workers {
            if let Some(controller) = container.controller() {
                let _ = controller.post_message(&"forget".into());
            }
            if let Ok(list) = JsFuture::from(container.get_registrations()).await {
                let list: js_sys::Array = list.unchecked_into();
                for reg in list.iter() {
                    if let Ok(reg) = reg.dyn_into::<web_sys::ServiceWorkerRegistration>() {
                        if let Ok(done) = reg.unregister() {
                            let _ = JsFuture::from(done).await;
                        }
                    }
                }
            }
        }
        if let Some(caches) = caches {
            let Ok(keys) = JsFuture::from(caches.keys()).await else {
                return;
            };
            let keys: js_sys::Array = keys.unchecked_into();
            for k in keys.iter() {
                if let Some(name) = k.as_string() {
                    let _ = JsFuture::from(caches.delete(&name)).await;
                }
            }
        }
    });
}

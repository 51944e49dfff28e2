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

/// Deletes every `portal.` key from local and session storage, tells every
/// service worker to forget (it stops caching and deletes its caches, so a
/// fetch still in flight cannot write one back) and deletes every cache;
/// it returns then, so the page says "done" only once nothing of the
/// portal's is left in storage or in a cache (a worker installing at that
/// moment may still open its cache; its install deletes it as it ends, and
/// so does the second sweep). Without being waited for, it goes on to
/// unregister the workers (which waits for an install to end, on a slow
/// link a long time) and delete every cache again. Afterwards the browser
/// shows no worker and no cache of the portal to someone inspecting the
/// phone.
pub async fn wipe_all() {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
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
    // The worker serving this page at once, so a fetch in flight cannot
    // write a cache back; then every worker, not only that one: one may be
    // installing (a first visit, an update), and its install would fill a
    // cache again after the sweep.
    if let Some(controller) = workers.as_ref().and_then(|c| c.controller()) {
        let _ = controller.post_message(&"forget".into());
    }
    let registrations: Vec<web_sys::ServiceWorkerRegistration> = match &workers {
        Some(container) => match JsFuture::from(container.get_registrations()).await {
            Ok(list) => list
                .unchecked_into::<js_sys::Array>()
                .iter()
                .filter_map(|reg| reg.dyn_into().ok())
                .collect(),
            Err(_) => Vec::new(),
        },
        None => Vec::new(),
    };
    for reg in &registrations {
        for worker in [reg.installing(), reg.waiting(), reg.active()]
            .into_iter()
            .flatten()
        {
            let _ = worker.post_message(&"forget".into());
        }
    }
    // Before unregistering too: that waits for an install to end, and the
    // person may leave the page (Exit this page) meanwhile.
    delete_every_cache(caches.as_ref()).await;
    wasm_bindgen_futures::spawn_local(async move {
        for reg in &registrations {
            if let Ok(done) = reg.unregister() {
                let _ = JsFuture::from(done).await;
            }
        }
        delete_every_cache(caches.as_ref()).await;
    });
}

async fn delete_every_cache(caches: Option<&web_sys::CacheStorage>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let Some(caches) = caches else {
        return;
    };
    let Ok(keys) = JsFuture::from(caches.keys()).await else {
        return;
    };
    for name in keys.unchecked_into::<js_sys::Array>().iter() {
        if let Some(name) = name.as_string() {
            let _ = JsFuture::from(caches.delete(&name)).await;
        }
    }
}

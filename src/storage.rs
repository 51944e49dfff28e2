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

/// Deletes every `portal.` key from local and session storage, and every
/// cache the service worker keeps.
pub fn wipe_all() {
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
    if let Some(caches) = window.and_then(|w| w.caches().ok()) {
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(keys) = wasm_bindgen_futures::JsFuture::from(caches.keys()).await else {
                return;
            };
            let keys: js_sys::Array = keys.into();
            for k in keys.iter() {
                if let Some(name) = k.as_string() {
                    let _ = wasm_bindgen_futures::JsFuture::from(caches.delete(&name)).await;
                }
            }
        });
    }
}

//! What is available without a connection: the service worker caches every
//! article a person opens. The guidance list asks the cache which ones.

use contract::guidance::ArticleSummary;
use leptos::prelude::*;
use std::collections::HashSet;

use crate::lang::Lang;

/// The slugs of `items` whose article is in the offline cache (filled in async).
pub fn cached_slugs(lang: Lang, items: &[ArticleSummary]) -> ReadSignal<HashSet<String>> {
    let (slugs, set_slugs) = signal(HashSet::new());
    let urls: Vec<(String, String)> = items
        .iter()
        .map(|a| (a.slug.clone(), crate::api::article_url(lang, &a.slug)))
        .collect();
    let Some(caches) = crate::dom::window().and_then(|w| w.caches().ok()) else {
        return slugs;
    };
    leptos::task::spawn_local(async move {
        let mut found = HashSet::new();
        for (slug, url) in urls {
            let hit = wasm_bindgen_futures::JsFuture::from(caches.match_with_str(&url)).await;
            if hit.is_ok_and(|v| !v.is_undefined() && !v.is_null()) {
                found.insert(slug);
            }
        }
        set_slugs.set(found);
    });
    slugs
}

/// Watches the service worker (`boot.js` registers it, before the app) and
/// sets `update_ready` when a new deployment has installed and waits to take
/// over.
pub fn watch_service_worker(update_ready: RwSignal<bool>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    when_worker_ready(move |reg| {
        if reg.waiting().is_some() && page_has_controller() {
            update_ready.set(true);
        }
        // A version already installing when this page loaded: its
        // `updatefound` came before the page listened.
        if let Some(installing) = reg.installing() {
            ready_once_installed(installing, update_ready);
        }
        let reg2 = reg.clone();
        let on_update = Closure::<dyn FnMut()>::new(move || {
            if let Some(installing) = reg2.installing() {
                ready_once_installed(installing, update_ready);
            }
        });
        reg.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
        on_update.forget();
    });
}

/// Only an update replaces a controller; the first install does not ask.
fn page_has_controller() -> bool {
    crate::dom::window().is_some_and(|w| w.navigator().service_worker().controller().is_some())
}

/// Sets `update_ready` once `installing` has installed, if it is an update.
fn ready_once_installed(installing: web_sys::ServiceWorker, update_ready: RwSignal<bool>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let worker = installing.clone();
    let on_state = Closure::<dyn FnMut()>::new(move || {
        if worker.state() == web_sys::ServiceWorkerState::Installed && page_has_controller() {
            update_ready.set(true);
        }
    });
    installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}

/// Lets the waiting service worker take over, then reloads into the new
/// version. Drafts and the outbox are in localStorage: they stay. When
/// nothing waits any more (another tab took the new version, which now
/// serves this one too), it reloads at once: this page still runs the old
/// version, whose files are gone.
pub fn apply_update() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = crate::dom::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let reload = Closure::<dyn FnMut()>::new(reload_page);
    container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
    reload.forget();
    leptos::task::spawn_local(async move {
        let waiting = wasm_bindgen_futures::JsFuture::from(container.get_registration())
            .await
            .ok()
            .and_then(|reg| reg.dyn_into::<web_sys::ServiceWorkerRegistration>().ok())
            .and_then(|reg| reg.waiting());
        match waiting {
            Some(waiting) => {
                let _ = waiting.post_message(&"skip-waiting".into());
            }
            None => reload_page(),
        }
    });
}

/// Loads the page again (from the worker, which may now be a new version).
pub fn reload_page() {
    if let Some(w) = crate::dom::window() {
        let _ = w.location().reload();
    }
}

/// Asks the service worker to keep the pieces of a lazy page for offline
/// use (`keepApp` in `sw.js`; `page` is its key in `pieces::PAGE_PIECES`).
/// Called once the page's piece is here, so the worker takes it from the
/// browser's cache instead of fetching it a second time beside the page.
/// Sent only once the page is shown: the pieces of the pages it links to
/// (the form's end, home's queue line) then download after it, not beside it.
pub fn keep_pieces_of(page: &'static str) {
    crate::dom::after_takeover(move || {
        when_worker_ready(move |reg| {
            let Some(worker) = reg.active() else {
                return;
            };
            let message = js_sys::Object::new();
            let set = |k: &str, v: &str| js_sys::Reflect::set(&message, &k.into(), &v.into());
            if set("keep", "app").is_ok() && set("page", page).is_ok() {
                let _ = worker.post_message(&message);
            }
        })
    });
}

/// Runs `then` once the service worker is active (`boot.js` registers it
/// after the page's load, so on a first visit this waits); never without
/// one.
fn when_worker_ready(then: impl FnOnce(web_sys::ServiceWorkerRegistration) + 'static) {
    use wasm_bindgen::JsCast;
    let Some(window) = crate::dom::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    if container.is_undefined() {
        return;
    }
    let Ok(promise) = container.ready() else {
        return;
    };
    leptos::task::spawn_local(async move {
        let Ok(reg) = wasm_bindgen_futures::JsFuture::from(promise).await else {
            return;
        };
        if let Ok(reg) = reg.dyn_into::<web_sys::ServiceWorkerRegistration>() {
            then(reg);
        }
    });
}

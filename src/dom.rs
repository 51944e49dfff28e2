//! Small browser helpers. Every call tolerates a missing API (old browsers,
//! private modes) and never panics.

use std::cell::{Cell, RefCell};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

pub fn by_id(id: &str) -> Option<web_sys::Element> {
    document()?.get_element_by_id(id)
}

/// Sets `<html lang>` and the document title.
pub fn set_lang_and_title(lang: &str, title: &str) {
    if let Some(doc) = document() {
        if let Some(root) = doc.document_element() {
            let _ = root.set_attribute("lang", lang);
        }
        doc.set_title(title);
    }
}

/// Removes the pre-rendered page and shows the app in its place, then runs
/// what waited for that (`after_takeover`).
pub fn take_over_from_prerender() {
    if let Some(pre) = by_id("prerender") {
        pre.remove();
    }
    if let Some(app) = by_id("app") {
        let _ = app.remove_attribute("hidden");
    }
    TAKEN_OVER.set(true);
    for then in AFTER_TAKEOVER.take() {
        then();
    }
}

/// Runs `f` once the app has taken over from the pre-rendered page (at
/// once if it has): work that must not compete with the page being opened,
/// as the worker downloading other pages' pieces on a slow link.
pub fn after_takeover(f: impl FnOnce() + 'static) {
    if TAKEN_OVER.get() {
        f();
    } else {
        AFTER_TAKEOVER.with_borrow_mut(|waiting| waiting.push(Box::new(f)));
    }
}

/// Moves focus to an element (used after navigation, and for error summaries).
pub fn focus(id: &str) {
    if let Some(el) = by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

thread_local! {
    static TAKEN_OVER: Cell<bool> = const { Cell::new(false) };
    static AFTER_TAKEOVER: RefCell<Vec<Box<dyn FnOnce()>>> = RefCell::new(Vec::new());
    static POINTER_DOWN: Cell<bool> = const { Cell::new(false) };
    static AFTER_POINTER: RefCell<Vec<Box<dyn FnOnce()>>> = RefCell::new(Vec::new());
    static LISTENING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` now, or, while a finger or mouse button is down, just after it
/// is lifted. An error message drawn while someone presses "Continue" (or a
/// choice below the field) would move that button away from under the
/// pointer, and the press would be lost.
pub fn when_pointer_is_up(f: impl FnOnce() + 'static) {
    listen_for_pointer();
    if POINTER_DOWN.get() {
        AFTER_POINTER.with(|q| q.borrow_mut().push(Box::new(f)));
    } else {
        f();
    }
}

fn listen_for_pointer() {
    if LISTENING.replace(true) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let down = Closure::<dyn Fn()>::new(|| POINTER_DOWN.set(true));
    let up = Closure::<dyn Fn()>::new(|| {
        POINTER_DOWN.set(false);
        // After the click that follows (a tap's click can come a little later).
        leptos::prelude::set_timeout(
            || {
                let queued = AFTER_POINTER.with(|q| std::mem::take(&mut *q.borrow_mut()));
                for f in queued {
                    f();
                }
            },
            std::time::Duration::from_millis(120),
        );
    });
    for (name, f) in [
        ("pointerdown", &down),
        ("pointerup", &up),
        ("pointercancel", &up),
    ] {
        let _ = window.add_event_listener_with_callback_and_bool(
            name,
            f.as_ref().unchecked_ref(),
            true,
        );
    }
    // They live as long as the app.
    down.forget();
    up.forget();
}

pub fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareOutcome {
    /// The phone's share sheet took it (or the person closed it).
    Shared,
    /// The link is on the clipboard.
    Copied,
    /// Neither is available: show the link to copy by hand.
    Unavailable,
}

fn method(target: &wasm_bindgen::JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(target, &name.into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()
}

/// Web Share API where the browser has it, else the clipboard.
pub async fn share_or_copy(title: &str, url: &str) -> ShareOutcome {
    use wasm_bindgen_futures::JsFuture;
    let Some(nav) = window().map(|w| wasm_bindgen::JsValue::from(w.navigator())) else {
        return ShareOutcome::Unavailable;
    };
    if let Some(share) = method(&nav, "share") {
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
        let _ = js_sys::Reflect::set(&data, &"url".into(), &url.into());
        if let Ok(p) = share.call1(&nav, &data) {
            if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
                // A rejection is usually the person closing the sheet: nothing to say.
                let _ = JsFuture::from(p).await;
                return ShareOutcome::Shared;
            }
        }
    }
    let clipboard = js_sys::Reflect::get(&nav, &"clipboard".into()).ok();
    if let Some(cb) = clipboard.filter(|c| !c.is_undefined()) {
        if let Some(write) = method(&cb, "writeText") {
            if let Ok(p) = write.call1(&cb, &url.into()) {
                if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
                    if JsFuture::from(p).await.is_ok() {
                        return ShareOutcome::Copied;
                    }
                }
            }
        }
    }
    ShareOutcome::Unavailable
}

/// `future`'s output, or `None` once `ms` have passed first (the future is
/// then dropped). The one bound on waits that are not requests (those are
/// bounded in `api`).
pub async fn within<T>(ms: i32, future: impl std::future::Future<Output = T>) -> Option<T> {
    use std::future::Future;
    use std::task::Poll;
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let mut timer = std::pin::pin!(wasm_bindgen_futures::JsFuture::from(timer));
    let mut future = std::pin::pin!(future);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(v) = future.as_mut().poll(cx) {
            return Poll::Ready(Some(v));
        }
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        Poll::Pending
    })
    .await
}

/// Whether the browser says the phone has no connection. `false` does not
/// promise one (a weak signal or a captive portal looks online).
pub fn browser_offline() -> bool {
    window().is_some_and(|w| !w.navigator().on_line())
}

/// Runs `f` once, the next time the phone comes back online.
pub fn once_online(f: fn()) {
    let Some(window) = window() else {
        return;
    };
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    let callback = Closure::once_into_js(f);
    let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
        "online",
        callback.unchecked_ref(),
        &options,
    );
}

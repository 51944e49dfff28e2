//! Small browser helpers. Every call tolerates a missing API (old browsers,
//! private modes) and never panics.

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

/// Removes the pre-rendered page and shows the app in its place.
pub fn take_over_from_prerender() {
    if let Some(pre) = by_id("prerender") {
        pre.remove();
    }
    if let Some(app) = by_id("app") {
        let _ = app.remove_attribute("hidden");
    }
}

/// Moves focus to an element (used after navigation, and for error summaries).
pub fn focus(id: &str) {
    if let Some(el) = by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
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

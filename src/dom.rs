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

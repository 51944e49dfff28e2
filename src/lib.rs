//! The consular portal app (Leptos, client-side rendered).
//!
//! Modules are named after what users do: `home`, `guidance`, `register`,
//! `advisories`, `privacy`, `staff`. Shared pieces: `app` (contexts and
//! routes), `frame` (header, banners, footer), `page` (title, readiness,
//! not found), `lang` (language from the URL, UI text), `profile` (the
//! embassy profile), `storage` (what is kept on the phone), `offline` (the
//! service worker), `api` (every URL and request), `dom` (small browser helpers).

#![recursion_limit = "256"]

pub mod accessibility;
pub mod advisories;
pub mod api;
pub mod app;
pub mod case;
pub mod dom;
pub mod form;
pub mod frame;
pub mod guidance;
pub mod home;
pub mod lang;
pub mod offline;
pub mod page;
pub mod pieces;
pub mod privacy;
pub mod profile;
pub mod register;
pub mod staff;
pub mod storage;

/// Mounts the app into `#app`, leaving the pre-rendered page in place until
/// the app is ready to replace it.
pub fn mount() {
    let Some(target) = dom::by_id("app") else {
        return;
    };
    let Ok(target) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(target) else {
        return;
    };
    leptos::mount::mount_to(target, app::App).forget();
}

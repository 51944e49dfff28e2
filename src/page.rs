//! What every page uses: its title and language, whether it is ready to
//! replace the pre-rendered page, and the not-found page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::lang::{href, t, use_lang, Key};

/// Whether the current page has what it needs to replace the pre-rendered
/// one. Pages that load data call `PageReady::hold()` and `release()`.
#[derive(Clone, Copy)]
pub struct PageReady(RwSignal<bool>);

impl PageReady {
    pub(crate) fn provide() -> PageReady {
        let r = PageReady(RwSignal::new(true));
        provide_context(r);
        r
    }

    pub(crate) fn is_ready(self) -> bool {
        self.0.get()
    }

    /// Keeps the pre-rendered page up until `release`.
    pub fn hold() -> PageReady {
        let r = use_context::<PageReady>().unwrap_or_else(|| PageReady(RwSignal::new(true)));
        r.0.set(false);
        r
    }

    pub fn release(self) {
        self.0.set(true);
    }
}

/// Sets `<html lang>` and the title for the page being shown.
pub fn page_title(title: impl Fn() -> String + 'static) {
    let lang = use_lang();
    Effect::new(move |_| {
        let site = Key::SiteName.get(lang.get());
        crate::dom::set_lang_and_title(lang.get().code(), &format!("{} – {site}", title()));
    });
}

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    // Needs nothing more: a lazy route under a wrong language (`/xx/privacy`)
    // holds the page for a piece this page will not show.
    if let Some(ready) = use_context::<PageReady>() {
        ready.release();
    }
    page_title(move || Key::NotFoundTitle.get(lang.get()).to_string());
    view! {
        <h1>{t(Key::NotFoundTitle)}</h1>
        <p>{t(Key::NotFoundBody)}</p>
        <p><A href=move || href(lang.get(), "")>{t(Key::BackHome)}</A></p>
        <crate::profile::Contacts />
    }
}

//! What every page uses: its title and language, whether it is ready to
//! replace the pre-rendered page, and the not-found page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::lang::{href, t, use_lang, Key};

/// Whether the current page has what it needs to replace the pre-rendered
/// one. Pages that load data call `PageReady::hold()` and `release()`.
/// The pre-rendered page is the first address's: once the person has gone
/// to another page (a tap on its links while a piece or an article is still
/// on its way), it has nothing more to wait for.
#[derive(Clone, Copy)]
pub struct PageReady {
    ready: RwSignal<bool>,
    first_page_left: RwSignal<bool>,
}

impl PageReady {
    fn new() -> PageReady {
        PageReady {
            ready: RwSignal::new(true),
            first_page_left: RwSignal::new(false),
        }
    }

    pub(crate) fn provide() -> PageReady {
        let r = PageReady::new();
        provide_context(r);
        r
    }

    pub(crate) fn is_ready(self) -> bool {
        self.first_page_left.get() || self.ready.get()
    }

    /// Keeps the pre-rendered page up until `release`.
    pub fn hold() -> PageReady {
        let r = use_context::<PageReady>().unwrap_or_else(PageReady::new);
        r.ready.set(false);
        r
    }

    pub fn release(self) {
        self.ready.set(true);
    }

    /// The person went to another page of the app.
    pub(crate) fn leave_first_page(self) {
        self.first_page_left.set(true);
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

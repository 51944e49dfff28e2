//! Pages whose work is not finished yet say so honestly and tell the reader
//! what to do meanwhile.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::app::{lang_is_valid, page_title, NotFound};
use crate::lang::{href, t, use_lang, Key};
use crate::profile::Contacts;

#[component]
fn Placeholder(title: Key) -> impl IntoView {
    let lang = use_lang();
    let valid = lang_is_valid();
    page_title(move || title.get(lang.get()).to_string());
    view! {
        <Show when=move || valid.get() fallback=NotFound>
            <h1>{t(title)}</h1>
            <p class="notice">{t(Key::ComingSoon)}</p>
            <p>{t(Key::ComingSoonWhatNow)}</p>
            <Contacts />
            <p><A href=move || href(lang.get(), "")>{t(Key::BackHome)}</A></p>
        </Show>
    }
}

#[component]
pub fn RegisterPlaceholder() -> impl IntoView {
    view! { <Placeholder title=Key::Register /> }
}

#[component]
pub fn AdvisoriesPlaceholder() -> impl IntoView {
    view! { <Placeholder title=Key::Advisories /> }
}

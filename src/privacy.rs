//! Privacy and safety: what is kept on the phone, what is sent to whom,
//! how long the embassy keeps it (the profile's `retention_days`, the same
//! number the backend's purge uses), how to delete it, and what "Exit this
//! page" can and cannot do.

use leptos::prelude::*;

use crate::lang::{t, use_lang, Key};
use crate::page::page_title;
use crate::profile::use_profile;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let lang = use_lang();
    page_title(move || Key::PrivacyTitle.get(lang.get()).to_string());
    // The status says "done" once the wipe has deleted storage and caches.
    let wipe = Action::new_local(|_: &()| crate::storage::wipe_all());
    let profile = use_profile();
    // Said only from a loaded profile: a default could be the wrong period.
    let kept = move || {
        profile.get().map(|p| {
            let l = lang.get();
            format!(
                "{} {} {}",
                Key::PrivacyKept1.get(l),
                p.retention_days(),
                Key::PrivacyKept2.get(l)
            )
        })
    };
    view! {
        <h1>{t(Key::PrivacyTitle)}</h1>
        <h2>{t(Key::PrivacyStoredTitle)}</h2>
        <ul>
            <li>{t(Key::PrivacyStored1)}</li>
            <li>{t(Key::PrivacyStored2)}</li>
            <li>{t(Key::PrivacyStored3)}</li>
            <li>{t(Key::PrivacyStored4)}</li>
            <li>{t(Key::PrivacyStored5)}</li>
            <li>{t(Key::PrivacyStored6)}</li>
        </ul>
        <h2>{t(Key::PrivacySentTitle)}</h2>
        <ul>
            <li>{t(Key::PrivacySent1)}</li>
            <li>{t(Key::PrivacySent2)}</li>
        </ul>
        <h2 id="kept">{t(Key::PrivacyKeptTitle)}</h2>
        <ul>
            <li id="kept-period">{kept}</li>
            <li>{t(Key::PrivacyKept3)}</li>
            <li>{t(Key::PrivacyKept4)}</li>
        </ul>
        <h2>{t(Key::PrivacySafetyTitle)}</h2>
        <ul>
            <li>{t(Key::PrivacySafety1)}</li>
            <li>{t(Key::PrivacySafety2)}</li>
            <li>{t(Key::PrivacySafety3)}</li>
        </ul>
        <h2 id="delete">{t(Key::PrivacyDeleteTitle)}</h2>
        <p>{t(Key::PrivacyDeleteBody)}</p>
        <button
            type="button"
            class="button button-warning"
            on:click=move |_| {
                wipe.dispatch(());
            }
        >
            {t(Key::PrivacyDeleteButton)}
        </button>
        <p role="status" class="status-line">
            {move || {
                if wipe.pending().get() {
                    Some(t(Key::PrivacyDeleting))
                } else {
                    wipe.value().get().map(|()| t(Key::PrivacyDeleted))
                }
            }}
        </p>
    }
}

//! Privacy and safety: what is kept on the phone, what is sent to whom,
//! how long the embassy keeps it (the profile's `retention_days`, the same
//! number the backend's purge uses), how to delete it, and what "Exit this
//! page" can and cannot do.

use leptos::prelude::*;

use crate::lang::{t, use_lang, Key};
use crate::page::page_title;
use crate::profile::use_profile;

/// Where the one-tap wipe is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wipe {
    NotAsked,
    Deleting,
    Done,
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let lang = use_lang();
    page_title(move || Key::PrivacyTitle.get(lang.get()).to_string());
    // "Done" once the wipe has deleted storage and caches. A signal and a
    // task, not an `Action`: the same for the person, and 1.8 KB less in
    // this piece (measured, docs/code-splitting-research.md §11).
    let (wipe, set_wipe) = signal(Wipe::NotAsked);
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
                set_wipe.set(Wipe::Deleting);
                wasm_bindgen_futures::spawn_local(async move {
                    crate::storage::wipe_all().await;
                    set_wipe.set(Wipe::Done);
                });
            }
        >
            {t(Key::PrivacyDeleteButton)}
        </button>
        <p role="status" class="status-line">
            {move || match wipe.get() {
                Wipe::NotAsked => None,
                Wipe::Deleting => Some(t(Key::PrivacyDeleting)),
                Wipe::Done => Some(t(Key::PrivacyDeleted)),
            }}
        </p>
    }
}

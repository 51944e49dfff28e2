//! The embassy profile, fetched at run time from `/profile.json` so an embassy
//! changes its details without rebuilding the app.

use contract::profile::{Contact, Profile};
use leptos::prelude::*;
use std::sync::Arc;

pub use crate::api::ProfileResult;
use crate::lang::{t, use_lang, Key};

#[derive(Clone, Copy)]
pub struct ProfileCtx(pub LocalResource<ProfileResult>);

/// Loads the profile (once, in [`crate::api::profile`]) for every page.
pub fn provide_profile() -> LocalResource<ProfileResult> {
    let res = LocalResource::new(crate::api::profile);
    provide_context(ProfileCtx(res));
    res
}

/// The loaded profile, or `None` while loading or after an error.
pub fn use_profile() -> Signal<Option<Arc<Profile>>> {
    let ctx = use_context::<ProfileCtx>();
    Signal::derive(move || ctx.and_then(|c| c.0.get()).and_then(|r| r.ok()))
}

#[component]
pub fn ContactCard(contact: Contact) -> impl IntoView {
    let lang = use_lang();
    let tel = format!("tel:{}", contact.number);
    let wa = contact
        .whatsapp
        .then(|| format!("https://wa.me/{}", contact.number.trim_start_matches('+')));
    let number = contract::phone::display(&contact.number);
    let label = contact.label.clone();
    let hours = contact.hours.clone();
    view! {
        <li class="contact">
            <span class="contact-label">{move || label.get(lang.get()).to_string()}</span>
            <a class="contact-number button" href=tel>
                <span class="visually-hidden">{t(Key::Call)}" "</span>
                {number}
            </a>
            {wa.map(|wa| view! {
                <a class="contact-wa" href=wa rel="noreferrer">{t(Key::WhatsApp)}</a>
            })}
            <span class="contact-hours">{move || hours.get(lang.get()).to_string()}</span>
        </li>
    }
}

/// The emergency and hotline contacts (a pure view: the app and the build's
/// pre-renderer both render it).
#[component]
pub fn ContactsSection(contacts: Vec<Contact>) -> impl IntoView {
    view! {
        <section class="contacts" aria-labelledby="contacts-title">
            <h2 id="contacts-title">{t(Key::EmergencyContacts)}</h2>
            <p>{t(Key::EmergencyIntro)}</p>
            <ul class="contact-list">
                {contacts
                    .into_iter()
                    .map(|contact| view! { <ContactCard contact /> })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// The contacts from the loaded profile.
#[component]
pub fn Contacts() -> impl IntoView {
    let profile = use_profile();
    move || {
        profile
            .get()
            .map(|p| view! { <ContactsSection contacts=p.contacts.clone() /> })
    }
}

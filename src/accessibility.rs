//! The accessibility statement (GOV.UK pattern): what works and how it is
//! checked, what does not work yet, and how to report a problem.
//! `AccessibilityStatement` is a pure view that only the build renders: the
//! statement is a static page, and the app has no route for it
//! (`Section::is_app_page`), so none of this reaches the wasm.

use contract::profile::Contact;
use i18n::accessibility::Key as S;
use leptos::prelude::*;

use crate::lang::t;
use crate::profile::ContactsSection;

#[component]
pub fn AccessibilityStatement(contacts: Vec<Contact>) -> impl IntoView {
    view! {
        <h1>{t(S::Title)}</h1>
        <p class="lead">{t(S::Intro)}</p>
        <h2>{t(S::WorksTitle)}</h2>
        <ul>
            <li>{t(S::Works1)}</li>
            <li>{t(S::Works2)}</li>
            <li>{t(S::Works3)}</li>
            <li>{t(S::Works4)}</li>
            <li>{t(S::Works5)}</li>
        </ul>
        <h2>{t(S::TestedTitle)}</h2>
        <ul>
            <li>{t(S::Tested1)}</li>
            <li>{t(S::Tested2)}</li>
        </ul>
        <p>{t(S::Standard)}</p>
        <h2>{t(S::NotYetTitle)}</h2>
        <ul>
            <li>{t(S::NotYet1)}</li>
            <li>{t(S::NotYet2)}</li>
            <li>{t(S::NotYet3)}</li>
        </ul>
        <h2>{t(S::ReportTitle)}</h2>
        <p>{t(S::ReportBody)}</p>
        <ContactsSection contacts />
    }
}

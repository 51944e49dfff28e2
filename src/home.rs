//! The home page: emergency contacts first, then the three jobs.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::lang::{href, t, use_lang, Key};
use crate::page::page_title;
use crate::profile::{use_profile, Contacts};

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let profile = use_profile();
    page_title(move || Key::Home.get(lang.get()).to_string());
    let embassy = move || profile.get().map(|p| p.embassy.get(lang.get()).to_string());
    view! {
        <h1 class="home-title">{t(Key::SiteName)}<span class="home-embassy">{embassy}</span></h1>
        <Contacts />
        <crate::register::SavedReference />
        <crate::advisories::AdvisoryLine />
        <section aria-labelledby="jobs-title">
            <h2 id="jobs-title">{t(Key::WhatWeCanHelp)}</h2>
            <ul class="jobs">
                <Job to="guidance" title=Key::JobGuidance hint=Key::JobGuidanceHint />
                <Job to="advisories" title=Key::JobAdvisories hint=Key::JobAdvisoriesHint />
                <Job to="register" title=Key::JobRegister hint=Key::JobRegisterHint />
            </ul>
            // Served by the backend, not the app: `rel="external"` makes the router let it go.
            <p>
                <a href=move || format!("/status/{}", lang.get().code()) rel="external">
                    {t(Key::StatusPageLink)}
                </a>
            </p>
        </section>
        <EmbassyDetails />
    }
}

#[component]
fn Job(to: &'static str, title: Key, hint: Key) -> impl IntoView {
    let lang = use_lang();
    view! {
        <li>
            <A href=move || href(lang.get(), to) attr:class="job">
                <span class="job-title">{t(title)}</span>
                <span class="job-hint">{t(hint)}</span>
            </A>
        </li>
    }
}

/// Address, opening hours and official links from the profile.
#[component]
pub fn EmbassyDetails() -> impl IntoView {
    let lang = use_lang();
    let profile = use_profile();
    move || {
        profile.get().map(|p| {
            let l = lang.get();
            view! {
                <section class="details" aria-labelledby="details-title">
                    <h2 id="details-title">{p.embassy.get(l).to_string()}</h2>
                    <h3>{t(Key::Address)}</h3>
                    <p>{p.address.get(l).to_string()}</p>
                    <h3>{t(Key::OpeningHours)}</h3>
                    <ul>
                        {p.opening_hours.iter().map(|h| view! {
                            <li>{format!("{}: {}–{}", h.days.get(l), h.opens, h.closes)}</li>
                        }).collect_view()}
                    </ul>
                    <h3>{t(Key::OfficialLinks)}</h3>
                    <ul>
                        {p.links.iter().map(|link| view! {
                            <li><a href=link.url.clone() rel="noreferrer">{link.label.get(l).to_string()}</a></li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}

//! The home page: emergency contacts first, then the three jobs.
//! `HomeBody` is a pure view, pre-rendered by the build from this same code.

use contract::profile::Profile;
use contract::site::{case_page_path, status_page_path, Section};
use leptos::prelude::*;
use std::sync::Arc;

use crate::lang::{t, use_lang, Key};
use crate::page::page_title;
use crate::profile::{use_profile, ContactsSection};

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let profile = use_profile();
    page_title(move || Key::Home.get(lang.get()).to_string());
    move || {
        profile.get().map(|profile| {
            view! {
                <HomeBody profile>
                    // Only the app has these, and only when the phone has
                    // something to show (a registration, an advisory).
                    <div class="app-extra">
                        <crate::pieces::HomeExtras />
                    </div>
                </HomeBody>
            }
        })
    }
}

/// The embassy's name, its contacts, the three jobs and its details.
/// `children` come after the contacts (the app's saved reference and queue
/// line).
#[component]
pub fn HomeBody(
    profile: Arc<Profile>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let lang = use_lang();
    let embassy = profile.embassy.clone();
    view! {
        <h1 class="home-title">{move || embassy.get(lang.get()).to_string()}</h1>
        <ContactsSection contacts=profile.contacts.clone() />
        {children.map(|c| c())}
        <section aria-labelledby="jobs-title">
            <h2 id="jobs-title">{t(Key::WhatWeCanHelp)}</h2>
            <ul class="jobs">
                <Job to=Section::Guidance title=Key::JobGuidance hint=Key::JobGuidanceHint />
                <Job to=Section::Advisories title=Key::JobAdvisories hint=Key::JobAdvisoriesHint />
                <Job to=Section::Register title=Key::JobRegister hint=Key::JobRegisterHint />
                <Job to=Section::Case title=Key::JobCase hint=Key::JobCaseHint />
            </ul>
            // Served by the backend, not the app: `rel="external"` makes the router let it go.
            <p>
                <a href=move || status_page_path(lang.get()) rel="external">
                    {t(Key::StatusPageLink)}
                </a>
            </p>
            <p>
                <a href=move || case_page_path(lang.get()) rel="external">
                    {t(Key::CasePageLink)}
                </a>
            </p>
        </section>
        <EmbassyDetails profile />
    }
}

#[component]
fn Job(to: Section, title: Key, hint: Key) -> impl IntoView {
    let lang = use_lang();
    view! {
        <li>
            <a href=move || to.path(lang.get()) class="job">
                <span class="job-title">{t(title)}</span>
                <span class="job-hint">{t(hint)}</span>
            </a>
        </li>
    }
}

/// Address, opening hours and official links from the profile.
#[component]
pub fn EmbassyDetails(profile: Arc<Profile>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let l = lang.get();
        view! {
            <section class="details" aria-labelledby="details-title">
                <h2 id="details-title">{profile.embassy.get(l).to_string()}</h2>
                <h3>{t(Key::Address)}</h3>
                <p>{profile.address.get(l).to_string()}</p>
                <h3>{t(Key::OpeningHours)}</h3>
                <ul>
                    {profile.opening_hours.iter().map(|h| view! {
                        <li>{format!("{}: {}–{}", h.days.get(l), h.opens, h.closes)}</li>
                    }).collect_view()}
                </ul>
                <h3>{t(Key::OfficialLinks)}</h3>
                <ul>
                    {profile.links.iter().map(|link| view! {
                        <li><a href=link.url.clone() rel="noreferrer">{link.label.get(l).to_string()}</a></li>
                    }).collect_view()}
                </ul>
            </section>
        }
    }
}

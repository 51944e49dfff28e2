//! Queue advisories (issue 9): "can I come today?". The page
//! `/:lang/advisories`, the compact [`AdvisoryLine`] for the home page, and
//! the public view the staff page previews.
//!
//! - `feed`: loading, the copy kept on the phone, polling.
//! - `view`: one advisory document as people see it.
//! - `for_me`: the invitation check against the stored registration receipt.
//! - `clock`, `receipt`: pure helpers.

pub mod clock;
pub mod feed;
pub mod for_me;
mod line;
pub mod receipt;
pub mod view;

use std::sync::Arc;

use contract::advisory::{freshness, Advisory};
use contract::time::format_rfc3339;
use i18n::advisories::{age, retry_in, Key as A};
use leptos::prelude::*;

use crate::lang::{t, use_lang, Key};
use crate::page::page_title;
use crate::profile::{use_profile, Contacts};
use feed::{Feed, Net};
pub use line::AdvisoryLine;
use view::AdvisoryCard;

#[component]
pub fn AdvisoriesPage() -> impl IntoView {
    let lang = use_lang();
    page_title(move || A::PageTitle.get(lang.get()).to_string());
    let feed = Feed::start();
    let adv = current_doc(feed);
    let now = feed.now;
    view! {
        <h1>{t(A::PageTitle)}</h1>
        <NetStatus feed />
        {move || adv.get().map(|a| view! { <AdvisoryCard adv=a now /> })}
        <for_me::ForMe adv now />
        <OpeningHours />
        <Announcer feed />
        <Contacts />
    }
}

/// The document being shown, changing only when the document does (not on
/// every confirmation from the server).
pub fn current_doc(feed: Feed) -> Memo<Option<Arc<Advisory>>> {
    Memo::new(move |_| feed.snap.with(|s| s.as_ref().map(|s| s.advisory.clone())))
}

/// Loading, offline, failed: what happened and what to do.
#[component]
pub fn NetStatus(feed: Feed, #[prop(optional)] compact: bool) -> impl IntoView {
    let lang = use_lang();
    let has_copy = Memo::new(move |_| feed.snap.with(Option::is_some));
    let net = Memo::new(move |_| feed.net.get());
    let problem = Memo::new(move |_| matches!(net.get(), Net::Offline | Net::Failed));
    let checked = move || {
        let l = lang.get();
        feed.snap.with(|s| {
            s.as_ref().map(|s| {
                format!(
                    "{}: {}.",
                    A::LastChecked.get(l),
                    age(l, feed.now.get() - s.fetched_at)
                )
            })
        })
    };
    let message = move || {
        let l = lang.get();
        match (net.get(), has_copy.get()) {
            (Net::Loading, false) => Some(Key::Loading.get(l)),
            (Net::Offline, true) => Some(A::Offline.get(l)),
            (Net::Failed, true) => Some(A::FetchFailed.get(l)),
            (Net::Offline, false) => Some(A::NothingLoadedOffline.get(l)),
            (Net::Failed, false) => Some(A::NothingLoaded.get(l)),
            _ => None,
        }
    };
    // When it asks again by itself, so nobody has to keep tapping.
    let retry = move || {
        let at = feed.retry_at.get().filter(|_| problem.get())?;
        let words = retry_in(lang.get(), at - feed.now.get());
        Some(view! { " " <time datetime=format_rfc3339(at)>{words}</time> })
    };
    let line = move || {
        message().map(|m| {
            view! {
                <p class="adv-net-message">
                    {m}
                    <Show when=move || problem.get() && has_copy.get()>" "{checked}</Show>
                    {retry}
                </p>
            }
        })
    };
    view! {
        <div class="adv-net" class:adv-net-problem=move || problem.get()>
            {line}
            <Show when=move || problem.get() && !compact>
                <button type="button" class="button button-secondary" on:click=move |_| feed.refresh()>
                    {t(Key::TryAgain)}
                </button>
            </Show>
        </div>
    }
}

/// Opening hours and address from the profile: true even with no advisory.
#[component]
fn OpeningHours() -> impl IntoView {
    let lang = use_lang();
    let profile = use_profile();
    move || {
        profile.get().map(|p| {
            let l = lang.get();
            view! {
                <section class="adv-hours" aria-labelledby="adv-hours-title">
                    <h2 id="adv-hours-title">{t(Key::OpeningHours)}</h2>
                    <ul>
                        {p.opening_hours.iter().map(|h| view! {
                            <li>{format!("{}: {}–{}", h.days.get(l), h.opens, h.closes)}</li>
                        }).collect_view()}
                    </ul>
                    <h3>{t(Key::Address)}</h3>
                    <p>{p.address.get(l).to_string()}</p>
                </section>
            }
        })
    }
}

/// Tells screen readers, politely and without moving focus, when what the
/// page says changes (a new verdict, or it becoming out of date).
#[component]
pub fn Announcer(feed: Feed) -> impl IntoView {
    let lang = use_lang();
    let (said, set_said) = signal(String::new());
    let state = Memo::new(move |_| {
        let now = feed.now.get();
        feed.snap.with(|s| {
            s.as_ref().map(|s| {
                let f = freshness(&s.advisory, now);
                (
                    view::shown_verdict(&s.advisory, f),
                    s.advisory.updated_at.clone(),
                    f,
                )
            })
        })
    });
    Effect::new(move |prev: Option<Option<_>>| {
        let cur = state.get();
        if let (Some(Some(before)), Some(_)) = (&prev, &cur) {
            if Some(before) != cur.as_ref() {
                let l = lang.get_untracked();
                let text = feed.snap.with_untracked(|s| {
                    s.as_ref().map(|s| {
                        view::summary(
                            &s.advisory,
                            freshness(&s.advisory, feed.now.get_untracked()),
                            l,
                        )
                    })
                });
                if let Some(text) = text {
                    set_said.set(format!("{} {text}", A::Changed.get(l)));
                }
            }
        }
        cur
    });
    view! { <p class="visually-hidden" aria-live="polite" aria-atomic="true">{said}</p> }
}

//! After Send: the confirmation with the reference and its QR code, or what
//! is happening to a registration that is not delivered yet, or what went
//! wrong and what to do. Also the small box for the home page.

use i18n::dates::long_date;
use i18n::register::Key as R;
use i18n::registration_errors::message;
use i18n::Key as K;
use leptos::prelude::*;

use super::model::{store, Draft, Receipt, Status, Why};
use super::parts::{ConfirmButton, StorageWarning};
use super::qr::QrCodeSvg;
use super::{outbox, start_href, step_href, Step};
use crate::lang::{href, t, use_lang};
use crate::page::page_title;
use crate::profile::{use_profile, Contacts};

/// What the page shows first.
#[derive(Clone, PartialEq)]
enum Shown {
    Pending(String),
    Problem(Status),
    Receipt,
    Nothing,
}

#[component]
pub fn DonePage() -> impl IntoView {
    let lang = use_lang();
    let s = store();
    let shown = Memo::new({
        let s = s.clone();
        move |_| {
            if let Some(key) = s.outbox.with(|o| o.first().map(|q| q.key.clone())) {
                return Shown::Pending(key);
            }
            let key = s.draft.with(|d| d.key.clone());
            let problem = s.status.with(|m| m.get(&key).cloned()).filter(|st| {
                matches!(
                    st,
                    Status::Conflict | Status::Deleted | Status::Invalid | Status::Rejected(_)
                )
            });
            match problem {
                Some(st) => Shown::Problem(st),
                None if s.receipt.with(Option::is_some) => Shown::Receipt,
                None => Shown::Nothing,
            }
        }
    });
    page_title(move || {
        let l = lang.get();
        let key = match shown.get() {
            Shown::Pending(_) => R::QueuedTitle,
            Shown::Problem(Status::Conflict) => R::ConflictTitle,
            Shown::Problem(Status::Deleted) => R::DeletedTitle,
            Shown::Problem(Status::Invalid) => R::FixAnswers,
            Shown::Problem(_) => R::NotSentTitle,
            Shown::Receipt => R::DoneTitle,
            Shown::Nothing => R::StartTitle,
        };
        key.get(l).to_string()
    });
    let receipt = {
        let s = s.clone();
        move || s.receipt.get()
    };
    view! {
        {move || match shown.get() {
            Shown::Pending(key) => view! { <PendingPanel key /> }.into_any(),
            Shown::Problem(status) => view! { <ProblemPanel status /> }.into_any(),
            Shown::Receipt => ().into_any(),
            Shown::Nothing => view! {
                <h1>{t(R::StartTitle)}</h1>
                <p>{t(R::NothingHere)}</p>
                <p><a class="button" href=move || start_href(lang.get())>{t(R::StartNow)}</a></p>
            }
            .into_any(),
        }}
        {move || {
            let primary = shown.get() == Shown::Receipt;
            receipt().map(|r| view! { <Confirmation receipt=r primary /> })
        }}
    }
}

/// "Saved on this phone, not sent yet", with why and what happens next.
#[component]
fn PendingPanel(key: String) -> impl IntoView {
    let lang = use_lang();
    let s = store();
    let status = {
        let s = s.clone();
        let key = key.clone();
        move || s.status.with(|m| m.get(&key).cloned())
    };
    let reason = move || {
        let l = lang.get();
        let text = |k: R| k.get(l).to_string();
        match status() {
            Some(Status::Sending) => text(R::QueuedSending),
            Some(Status::Waiting(Why::Offline)) => text(R::QueuedOffline),
            Some(Status::Waiting(Why::Network)) => text(R::QueuedNetwork),
            Some(Status::Waiting(Why::Timeout)) => text(R::QueuedTimeout),
            Some(Status::Waiting(Why::Server)) => text(R::QueuedServer),
            Some(Status::RateLimited(secs)) => format!(
                "{} {secs} {}.",
                R::QueuedRateLimited.get(l),
                R::Seconds.get(l)
            ),
            _ => String::new(),
        }
    };
    let delete = {
        let s = s.clone();
        let key = key.clone();
        move || {
            outbox::delete(&key);
            if s.draft.with_untracked(|d| d.key == key) {
                s.delete_draft();
            }
        }
    };
    view! {
        <h1>{t(R::QueuedTitle)}</h1>
        <div class="notice">
            <p>{t(R::QueuedBody)}</p>
            <p class="status-line" role="status">{reason}</p>
        </div>
        {move || {
            if store().storage_ok.get() {
                view! { <p>{t(R::QueuedClosePage)}</p> }.into_any()
            } else {
                view! { <StorageWarning /> }.into_any()
            }
        }}
        <p class="button-row">
            <button type="button" class="button" on:click=move |_| outbox::wake(false)>
                {t(R::TryNow)}
            </button>
        </p>
        <ConfirmButton label=R::DeleteQueued question=R::ConfirmDelete on_confirm=delete />
        <Contacts />
    }
}

/// "Send these answers as a new registration": the draft under a new key.
#[component]
fn SendAsNewButton() -> impl IntoView {
    let lang = use_lang();
    let send_new = Action::new_local(move |_: &()| {
        let s = store();
        let l = lang.get_untracked();
        let mut draft: Draft = s.draft.get_untracked();
        let old = draft.key.clone();
        draft.key = outbox::new_key();
        let (key, body) = (draft.key.clone(), draft.answers.request(l));
        s.save_draft(draft);
        s.status.update(|m| {
            m.remove(&old);
        });
        outbox::submit(key, body)
    });
    view! {
        <p>
            <button
                type="button"
                class="button button-secondary"
                on:click=move |_| {
                    if !send_new.pending().get_untracked() {
                        send_new.dispatch(());
                    }
                }
            >
                {t(R::SendAsNew)}
            </button>
        </p>
    }
}

/// The backend answered, and nothing was stored (or an older version was,
/// or it was stored and deleted since).
#[component]
fn ProblemPanel(status: Status) -> impl IntoView {
    let lang = use_lang();
    match status {
        Status::Conflict => view! {
            <h1>{t(R::ConflictTitle)}</h1>
            <p>{t(R::ConflictBody)}</p>
            <Contacts />
            <SendAsNewButton />
        }
        .into_any(),
        Status::Deleted => view! {
            <h1>{t(R::DeletedTitle)}</h1>
            <div class="notice">
                <p>{t(R::DeletedBody)}</p>
                <p>{t(R::DeletedNext)}</p>
            </div>
            <SendAsNewButton />
            <Contacts />
        }
        .into_any(),
        Status::Invalid => {
            let to = move || {
                let l = lang.get();
                let step = store().pending_errors.with(|v| {
                    v.first()
                        .map(|e| Step::for_field_name(&e.field))
                        .unwrap_or(Step::Check)
                });
                format!("{}?change=1", step_href(l, step))
            };
            view! {
                <h1>{t(R::FixAnswers)}</h1>
                <p>{move || message("validation", lang.get())}</p>
                <p><a class="button" href=to>{t(R::FixAnswers)}</a></p>
            }
            .into_any()
        }
        Status::Rejected(code) => view! {
            <h1>{t(R::NotSentTitle)}</h1>
            <p>{move || message(&code, lang.get())}</p>
            <p><a class="button" href=move || step_href(lang.get(), Step::Check)>{t(R::BackToAnswers)}</a></p>
            <Contacts />
        }
        .into_any(),
        _ => ().into_any(),
    }
}

/// `2026-01-19T08:00:00Z` → "19 Januari 2026, 15.00" in the embassy's time.
fn received_text(received_at: &str, offset_minutes: i32, lang: crate::lang::Lang) -> String {
    let Some(unix) = contract::time::parse_rfc3339(received_at) else {
        return received_at.to_string();
    };
    let date = long_date(&contract::time::local_date(unix, offset_minutes), lang);
    let m = contract::time::local_minutes(unix, offset_minutes);
    let sep = if lang == crate::lang::Lang::Id {
        '.'
    } else {
        ':'
    };
    format!("{date}, {:02}{sep}{:02}", m / 60, m % 60)
}

/// The reference in large type, its QR code, and what to do next.
#[component]
fn Confirmation(receipt: Receipt, primary: bool) -> impl IntoView {
    let lang = use_lang();
    let profile = use_profile();
    let s = store();
    let reference = receipt.reference.clone();
    let qr_label = {
        let reference = reference.clone();
        move || format!("{} {}", R::QrLabel.get(lang.get()), reference)
    };
    let received = {
        let at = receipt.received_at.clone();
        move || {
            let offset = profile.get().map(|p| p.utc_offset_minutes).unwrap_or(0);
            received_text(&at, offset, lang.get())
        }
    };
    let hours = move || {
        profile.get().map(|p| {
            let l = lang.get();
            view! {
                <h3>{t(K::OpeningHours)}</h3>
                <ul>
                    {p.opening_hours.iter().map(|h| view! {
                        <li>{format!("{}: {}–{}", h.days.get(l), h.opens, h.closes)}</li>
                    }).collect_view()}
                </ul>
                <h3>{t(K::Address)}</h3>
                <p>{p.address.get(l).to_string()}</p>
            }
        })
    };
    let heading = move || {
        if primary {
            view! { <h1 class="panel-title">{t(R::DoneTitle)}</h1> }.into_any()
        } else {
            view! { <h2 class="panel-title">{t(R::DoneTitle)}</h2> }.into_any()
        }
    };
    let (deleted, set_deleted) = signal(false);
    view! {
        <div class="panel-confirmation">
            {heading}
            <p>{t(R::YourReference)}</p>
            <p class="reference" id="reference">{reference.clone()}</p>
        </div>
        <div class="qr-box">
            <QrCodeSvg text=reference.clone() label=qr_label() />
        </div>
        <p>{t(R::KeepIt)}</p>
        <p>{t(R::ReceivedOn)}": "{received}</p>
        <h2>{t(R::WhatNextTitle)}</h2>
        <ol class="steps-list">
            <li>{t(R::WhatNext1)}</li>
            <li>{t(R::WhatNext2)}</li>
            <li>{t(R::WhatNext3)}</li>
            <li>{t(R::WhatNext4)}</li>
        </ol>
        {hours}
        <p><a href=move || href(lang.get(), "advisories")>{t(R::CheckToday)}</a></p>
        <p><a href=move || start_href(lang.get())>{t(R::RegisterAnother)}</a></p>
        <ConfirmButton
            label=R::DeleteReference
            question=R::ConfirmDeleteReference
            on_confirm=move || {
                s.set_receipt(None);
                set_deleted.set(true);
            }
        />
        <p class="status-line" role="status">{move || deleted.get().then(t(R::ReferenceDeleted))}</p>
    }
}

/// A small box for the home page: the saved reference, or a registration
/// still waiting to be sent, with a link to see it. Nothing otherwise.
/// Also starts the outbox, so a waiting registration is sent when the app opens.
#[component]
pub fn SavedReference() -> impl IntoView {
    let lang = use_lang();
    let s = store();
    s.reload();
    outbox::start_outbox();
    move || {
        let l = lang.get();
        let to = step_href(l, Step::Done);
        if !s.outbox.with(|o| o.is_empty()) {
            Some(
                view! {
                    <section class="saved-reference" aria-labelledby="saved-reference-title">
                        <h2 id="saved-reference-title">{R::SavedRefTitle.get(l)}</h2>
                        <p>{R::SavedPendingBody.get(l)}</p>
                        <p><a href=to>{R::SeeStatus.get(l)}</a></p>
                    </section>
                }
                .into_any(),
            )
        } else {
            s.receipt.get().map(|r| {
                let case = contract::site::Section::Case.path(l);
                view! {
                    <section class="saved-reference" aria-labelledby="saved-reference-title">
                        <h2 id="saved-reference-title">{R::SavedRefTitle.get(l)}</h2>
                        <p>{R::YourReference.get(l)}": " <strong class="reference-small">{r.reference.clone()}</strong></p>
                        <LastStageSeen reference=r.reference />
                        <p><a href=case>{i18n::case::Key::CheckAgain.get(l)}</a></p>
                        <p><a href=to>{R::SavedRefLink.get(l)}</a></p>
                    </section>
                }
                .into_any()
            })
        }
    }
}

/// The stage seen at the last "Where is my case?" answer for `reference`
/// (kept on the phone), and how long ago. Nothing if none was kept; the
/// stage names come from `stages.json` only then.
#[component]
fn LastStageSeen(reference: String) -> impl IntoView {
    use i18n::case::Key as C;
    let lang = use_lang();
    let last = crate::case::saved::last().filter(|a| a.reference == reference);
    let seen = last.is_some();
    let stages = LocalResource::new(move || async move {
        if seen {
            crate::api::stages().await.ok()
        } else {
            None
        }
    });
    move || {
        let last = last.clone()?;
        let stages = stages.get().flatten()?;
        let l = lang.get();
        let name = stages.shown(&last.status.stage).name.get(l).to_string();
        let age = i18n::dates::age(l, crate::dom::now_unix() - last.fetched_at);
        Some(view! {
            <p>{C::LastSeen.get(l)}": "<strong>{name}</strong>" ("{C::Checked.get(l)}" "{age}")"</p>
        })
    }
}

//! "Check your answers": every answer with a Change link, consent, and Send.

use contract::registration::{
    normalise, normalise_text, ForcedToWork, PassportStatus, RegistrationRequest, Sex, Whatsapp,
};
use i18n::dates::long_date;
use i18n::register::Key as R;
use i18n::registration_errors::message;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::fields::{help_label, ConsentCheckbox, SCHEME};
use super::model::{store, Status};
use super::parts::StorageWarning;
use super::questions::{BackLink, Locked};
use super::{all_errors, outbox, step_href, Step};
use crate::form::{focus_summary, title_with_errors, ErrorSummary, Errors};
use crate::lang::{href, t, use_lang, Lang};

fn phone(s: &str) -> String {
    contract::registration::normalise_phone(s)
        .map(|p| contract::phone::display(&p))
        .unwrap_or_else(|_| s.to_string())
}

/// The rows of a registration as sent: (label, value or None for "not
/// answered", page that asks it). Check answers and the staff desk's case
/// page show them.
pub fn request_rows(r: &RegistrationRequest, lang: Lang) -> Vec<(R, Option<String>, Step)> {
    let text = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
    let tr = |k: R| Some(k.get(lang).to_string());
    vec![
        (R::LabelName, text(&r.full_name), Step::Name),
        (
            R::BirthLabel,
            text(&r.date_of_birth).map(|d| long_date(&d, lang)),
            Step::Birth,
        ),
        (
            R::SexLegend,
            r.sex.and_then(|s| match s {
                Sex::Female => tr(R::Female),
                Sex::Male => tr(R::Male),
            }),
            Step::Birth,
        ),
        (R::LabelNik, r.nik.clone(), Step::Nik),
        (
            R::LabelPassport,
            tr(match r.passport_status {
                PassportStatus::Have => R::PassportHave,
                PassportStatus::HeldByOthers => R::PassportHeld,
                PassportStatus::Lost => R::PassportLost,
                PassportStatus::Expired => R::PassportExpired,
            }),
            Step::Passport,
        ),
        (
            R::PassportNumberLabel,
            r.passport_number.clone(),
            Step::Passport,
        ),
        (
            R::PhoneLabel,
            text(&r.phone).map(|p| phone(&p)),
            Step::Phone,
        ),
        (
            R::LabelWhatsapp,
            match &r.whatsapp {
                Whatsapp::SameAsPhone => tr(R::WaSameShort),
                Whatsapp::Number(n) => Some(phone(n)),
                Whatsapp::None => tr(R::WaNone),
            },
            Step::Phone,
        ),
        (R::LocationLabel, text(&r.location), Step::Where),
        (
            R::LabelPeople,
            Some(r.people_with_you.to_string()),
            Step::Where,
        ),
        (
            R::LabelHelp,
            Some(
                r.help_needed
                    .iter()
                    .map(|h| help_label(*h).get(lang).to_string())
                    .chain(r.help_other.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
            .filter(|s| !s.is_empty()),
            Step::Help,
        ),
        (
            R::LabelForced,
            r.forced_to_work.and_then(|f| {
                tr(match f {
                    ForcedToWork::Yes => R::ForcedYes,
                    ForcedToWork::No => R::ForcedNo,
                    ForcedToWork::PreferNotToSay => R::ForcedPreferNot,
                })
            }),
            Step::Work,
        ),
        (
            R::LabelHome,
            r.home_contact.as_ref().map(|h| {
                let rel = normalise_text(&h.relationship);
                let name = if rel.is_empty() {
                    h.name.clone()
                } else {
                    format!("{} ({rel})", h.name)
                };
                format!("{name}, {}", phone(&h.phone))
            }),
            Step::Home,
        ),
    ]
}

/// The rows of the draft: as sent, except what the draft has not answered
/// yet (the passport, WhatsApp) and the number of people as typed.
fn rows(lang: Lang) -> Vec<(R, Option<String>, Step)> {
    let a = store().draft.with_untracked(|d| d.answers.clone());
    let r = normalise(&a.request(lang));
    request_rows(&r, lang)
        .into_iter()
        .map(|(label, value, step)| {
            let value = match label {
                R::LabelPassport if a.passport_status.is_none() => None,
                R::LabelWhatsapp if a.whatsapp.is_none() && r.whatsapp == Whatsapp::None => None,
                R::LabelPeople => Some(a.people_with_you.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .or(Some("0".into())),
                _ => value,
            };
            (label, value, step)
        })
        .collect()
}

#[component]
pub fn CheckPage() -> impl IntoView {
    let lang = use_lang();
    let s = store();
    let navigate = use_navigate();
    let errors = Errors::provide(
        &SCHEME,
        s.pending_errors
            .get_untracked()
            .into_iter()
            .filter(|e| Step::for_field_name(&e.field) == Step::Check)
            .collect(),
    );
    let summary = RwSignal::new(false);
    title_with_errors(errors, |l| R::CheckTitle.get(l).to_string());
    let rejected = RwSignal::new(None::<String>);

    // Send once: the key is made with the first answer and kept until the
    // registration is delivered, so sending again can never make a second one.
    let send = Action::new_local(move |_: &()| {
        let s = store();
        let l = lang.get_untracked();
        let (key, body) = s
            .draft
            .with_untracked(|d| (d.key.clone(), d.answers.request(l)));
        outbox::submit(key, body)
    });
    let pending = send.pending();
    Effect::new({
        let navigate = navigate.clone();
        move |_| {
            let Some(status) = send.value().get() else {
                return;
            };
            let l = lang.get_untracked();
            match status {
                Status::Invalid => {
                    let first = store()
                        .pending_errors
                        .with_untracked(|v| v.first().map(|e| Step::for_field_name(&e.field)));
                    match first {
                        Some(step) if step != Step::Check => navigate(
                            &format!("{}?change=1", step_href(l, step)),
                            NavigateOptions::default(),
                        ),
                        _ => {
                            errors.set(store().pending_errors.get_untracked());
                            summary.set(true);
                            focus_summary();
                        }
                    }
                }
                Status::Rejected(code) => {
                    rejected.set(Some(code));
                    crate::dom::focus("not-sent");
                }
                _ => navigate(&step_href(l, Step::Done), NavigateOptions::default()),
            }
        }
    });

    let on_submit = {
        let s = s.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if pending.get_untracked() {
                return; // Already sending: one registration, one request.
            }
            let l = lang.get_untracked();
            // Make sure the draft has its key before it is sent.
            s.update_answers(|_| {});
            let found = s.draft.with_untracked(|d| all_errors(&d.answers, l));
            let first_page = found.first().map(|e| Step::for_field_name(&e.field));
            match first_page {
                Some(Step::Check) => {
                    errors.set(found);
                    summary.set(true);
                    focus_summary();
                }
                Some(step) => {
                    s.pending_errors.set(found);
                    navigate(
                        &format!("{}?change=1", step_href(l, step)),
                        NavigateOptions::default(),
                    );
                }
                None => {
                    rejected.set(None);
                    send.dispatch(());
                }
            }
        }
    };

    let locked = {
        let s = s.clone();
        move || {
            let key = s.draft.with(|d| d.key.clone());
            s.outbox.track();
            s.is_queued(&key) && !pending.get()
        }
    };
    let row_list = move || {
        let l = lang.get();
        store().draft.track();
        rows(l)
            .into_iter()
            .map(|(label, value, step)| {
                let to = format!("{}?change=1", step_href(l, step));
                view! {
                    <div class="summary-row">
                        <dt>{label.get(l)}</dt>
                        <dd>
                            {match value {
                                Some(v) => view! { <span>{v}</span> }.into_any(),
                                None => view! { <span class="muted">{R::NotAnswered.get(l)}</span> }.into_any(),
                            }}
                        </dd>
                        <dd class="summary-action">
                            <a href=to>
                                {R::Change.get(l)}
                                <span class="visually-hidden">" " {label.get(l)}</span>
                            </a>
                        </dd>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <BackLink href=Signal::derive(move || step_href(lang.get(), Step::Home)) />
        <h1>{t(R::CheckTitle)}</h1>
        <Show when=locked fallback=move || view! {
            <ErrorSummary show=summary />
            {move || rejected.get().map(|code| view! {
                <div class="error-summary" id="not-sent" tabindex="-1" role="alert">
                    <h2>{t(R::NotSentTitle)}</h2>
                    <p>{message(&code, lang.get())}</p>
                </div>
            })}
            <p>{t(R::CheckIntro)}</p>
            <dl class="summary">{row_list}</dl>
            <h2>{t(R::SendTitle)}</h2>
            <form class="form" novalidate on:submit=on_submit.clone()>
                <ConsentCheckbox />
                <p>
                    <a href=move || href(lang.get(), "privacy")>{t(R::ConsentPrivacy)}</a>
                </p>
                <button
                    type="submit"
                    class="button"
                    aria-disabled=move || pending.get().then_some("true")
                >
                    {t(R::Send)}
                </button>
                <p class="status-line" role="status">
                    {move || pending.get().then(t(R::Sending))}
                </p>
            </form>
            <StorageWarning />
        }>
            <Locked />
        </Show>
    }
}

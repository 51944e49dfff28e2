//! The start page: what the form is (and is not), what you need, how long it
//! takes, what happens next, and how answers are kept on the phone.

use i18n::register::{saved_ago, Key as R};
use leptos::prelude::*;

use super::model::store;
use super::parts::ConfirmButton;
use super::{all_errors, step_href, Step};
use crate::lang::{t, use_lang};
use crate::page::page_title;
use crate::profile::{use_profile, ContactsSection};
use contract::profile::Contact;

#[component]
pub fn StartPage() -> impl IntoView {
    let lang = use_lang();
    let s = store();
    page_title(move || R::StartTitle.get(lang.get()).to_string());
    let (deleted, set_deleted) = signal(false);

    let has_draft = {
        let s = s.clone();
        move || s.draft.with(|d| !d.is_empty())
    };
    let queued = {
        let s = s.clone();
        move || !s.outbox.with(|o| o.is_empty())
    };
    // Where "Continue" goes: the first page with a problem, else the check page.
    let resume = {
        let s = s.clone();
        move || {
            let l = lang.get();
            let step = s.draft.with(|d| {
                all_errors(&d.answers, l)
                    .first()
                    .map(|e| Step::for_field_name(&e.field))
                    .unwrap_or(Step::Check)
            });
            step_href(l, step)
        }
    };
    let saved = {
        let s = s.clone();
        move || {
            let at = s.draft.with(|d| d.saved_at);
            saved_ago(lang.get(), crate::dom::now_unix() - at)
        }
    };
    let delete = {
        let s = s.clone();
        move || {
            s.delete_draft();
            set_deleted.set(true);
        }
    };
    let start_again = {
        let s = s.clone();
        let navigate = leptos_router::hooks::use_navigate();
        move || {
            s.delete_draft();
            navigate(
                &step_href(lang.get_untracked(), Step::Name),
                Default::default(),
            );
        }
    };
    let receipt = {
        let s = s.clone();
        move || s.receipt.get()
    };
    let receipt_exists = {
        let s = s.clone();
        move || s.receipt.with(Option::is_some)
    };

    let draft_box = move || {
        view! {
            <section class="panel-box" aria-labelledby="draft-title">
                <h2 id="draft-title">{t(R::DraftFoundTitle)}</h2>
                <p>{saved.clone()}</p>
                <p><a class="button" href=resume.clone()>{t(R::ContinueAnswers)}</a></p>
                <div class="button-row">
                    <ConfirmButton
                        label=R::StartAgain
                        question=R::ConfirmDelete
                        on_confirm=start_again.clone()
                        class="button button-secondary"
                    />
                    <ConfirmButton
                        label=R::DeleteAnswers
                        question=R::ConfirmDelete
                        on_confirm=delete.clone()
                    />
                </div>
            </section>
        }
    };

    let start_label = Signal::derive({
        let has_draft = has_draft.clone();
        move || {
            (!has_draft()).then(|| {
                if receipt_exists() {
                    R::RegisterAnother
                } else {
                    R::StartNow
                }
            })
        }
    });
    let contacts = move || use_profile().get().map(|p| p.contacts.clone());
    move || {
        contacts().map(|contacts| {
            let (receipt, queued, has_draft, draft_box) =
                (receipt.clone(), queued.clone(), has_draft.clone(), draft_box.clone());
            view! {
                <StartBody contacts start_label>
                    <p class="status-line" role="status">
                        {move || deleted.get().then(t(R::AnswersDeleted))}
                    </p>
                    {move || receipt().map(|r| view! {
                        <section class="panel-box" aria-labelledby="registered-title">
                            <h2 id="registered-title">{t(R::AlreadyRegisteredTitle)}</h2>
                            <p>{t(R::AlreadyRegisteredBody)}</p>
                            <p class="reference-small">{r.reference}</p>
                            <p><a href=move || step_href(lang.get(), Step::Done)>{t(R::SavedRefLink)}</a></p>
                        </section>
                    })}
                    <Show when=queued.clone()>
                        <section class="panel-box" aria-labelledby="pending-title">
                            <h2 id="pending-title">{t(R::QueuedTitle)}</h2>
                            <p>{t(R::SavedPendingBody)}</p>
                            <p><a href=move || step_href(lang.get(), Step::Done)>{t(R::SeeStatus)}</a></p>
                        </section>
                    </Show>
                    <Show when={
                        let has_draft = has_draft.clone();
                        let queued = queued.clone();
                        move || has_draft() && !queued()
                    }>
                        {draft_box.clone()}
                    </Show>
                </StartBody>
            }
        })
    }
}

/// What the form is (and is not), what you need, how long it takes, what
/// happens next and how answers are kept; then the start button (when
/// `start_label` is set) and the contacts. A pure view: the build
/// pre-renders it for someone with nothing saved. `children` (the app's
/// saved draft, receipt or queued registration) come after the notice.
#[component]
pub fn StartBody(
    contacts: Vec<Contact>,
    #[prop(into)] start_label: Signal<Option<R>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{t(R::StartTitle)}</h1>
        <p class="lead">{t(R::StartLead)}</p>
        <p class="notice">{t(R::NotLaporDiri)}</p>
        {children.map(|c| c())}
        <h2>{t(R::NeedTitle)}</h2>
        <ul>
            <li>{t(R::Need1)}</li>
            <li>{t(R::Need2)}</li>
            <li>{t(R::Need3)}</li>
        </ul>
        <h2>{t(R::TimeTitle)}</h2>
        <p>{t(R::TimeBody)}</p>
        <h2>{t(R::NextTitle)}</h2>
        <ul>
            <li>{t(R::Next1)}</li>
            <li>{t(R::Next2)}</li>
        </ul>
        <h2>{t(R::KeptTitle)}</h2>
        <p>{t(R::KeptBody)}</p>
        {move || {
            start_label.get().map(|label| view! {
                <p>
                    <a class="button button-start" href=move || step_href(lang.get(), Step::Name)>
                        {move || label.get(lang.get())}
                        <span aria-hidden="true">" →"</span>
                    </a>
                </p>
            })
        }}
        <p class="danger-note"><strong>{t(R::DangerNow)}</strong></p>
        <ContactsSection contacts />
    }
}

//! The question pages: one question, or a few that belong together, per page.

use contract::registration::{
    normalise_phone, Field, ForcedToWork, HelpNeeded, PassportStatus, Sex,
};
use i18n::register::Key as R;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::fields::{HelpCheckboxes, Radios, TextInput, SCHEME};
use super::model::{store, TextAnswer, WaChoice};
use super::parts::StorageWarning;
use super::{start_href, step_errors, step_href, Step};
use crate::form::{focus_summary, title_with_errors, ErrorSummary, Errors};
use crate::lang::{t, use_lang};

/// "Back", keeping every answer (they are saved already).
#[component]
pub fn BackLink(href: Signal<String>) -> impl IntoView {
    view! { <a class="back-link" href=href>{t(R::Back)}</a> }
}

/// Shown instead of the questions while the registration waits in the outbox.
#[component]
pub fn Locked() -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="notice">
            <p>{t(R::LockedBody)}</p>
            <p><a href=move || step_href(lang.get(), Step::Done)>{t(R::SeeStatus)}</a></p>
        </div>
    }
}

#[component]
pub fn QuestionPage(step: Step) -> impl IntoView {
    let lang = use_lang();
    let s = store();
    let navigate = use_navigate();
    let query = use_query_map();
    let changing = move || query.read().get("change").is_some();

    // Errors handed over by "check your answers" or by the backend (422).
    let handed_over: Vec<_> = s.pending_errors.get_untracked();
    let (mine, rest): (Vec<_>, Vec<_>) = handed_over
        .into_iter()
        .partition(|e| Step::for_field_name(&e.field) == step);
    s.pending_errors.set(rest);
    let arrived_with_errors = !mine.is_empty();
    let errors = Errors::provide(&SCHEME, mine);
    let summary = RwSignal::new(arrived_with_errors);
    if arrived_with_errors {
        focus_summary();
    }
    title_with_errors(errors, move |l| step.title().get(l).to_string());

    let back = Signal::derive(move || {
        let l = lang.get();
        if changing() {
            step_href(l, Step::Check)
        } else {
            step.previous()
                .map(|p| step_href(l, p))
                .unwrap_or_else(|| start_href(l))
        }
    });
    let locked = {
        let s = s.clone();
        move || {
            let key = s.draft.with(|d| d.key.clone());
            s.outbox.track();
            s.is_queued(&key)
        }
    };
    let on_submit = {
        let s = s.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let l = lang.get_untracked();
            let found = s.draft.with_untracked(|d| step_errors(step, &d.answers, l));
            if found.is_empty() {
                let to = if changing() { Step::Check } else { step.next() };
                navigate(&step_href(l, to), Default::default());
            } else {
                errors.set(found);
                summary.set(true);
                focus_summary();
            }
        }
    };
    let number = step.number().unwrap_or(1);
    view! {
        <BackLink href=back />
        <Show when=locked.clone() fallback=move || view! {
            <p class="caption">
                {t(R::QuestionWord)}" "{number}" "{t(R::OfWord)}" "{Step::QUESTIONS.len()}
            </p>
            <ErrorSummary show=summary />
            <form class="form" novalidate on:submit=on_submit.clone()>
                {questions(step)}
                <button type="submit" class="button">{t(R::Continue)}</button>
            </form>
            <p class="saved-note">{t(R::SavedAsYouType)}</p>
            <StorageWarning />
        }>
            <h1>{t(step.title())}</h1>
            <Locked />
        </Show>
    }
}

fn questions(step: Step) -> AnyView {
    match step {
        Step::Name => view! {
            <TextInput
                answer=TextAnswer::FullName
                field=Field::FullName
                label=R::NameTitle
                hint=R::NameHint
                heading=true
                autocomplete="name"
            />
        }
        .into_any(),
        Step::Birth => {
            let (y, m, d) = super::today();
            view! {
                <h1>{t(R::BirthTitle)}</h1>
                <TextInput
                    answer=TextAnswer::DateOfBirth
                    field=Field::DateOfBirth
                    label=R::BirthLabel
                    hint=R::BirthHint
                    input_type="date"
                    autocomplete="bday"
                    width="input-date"
                    max=format!("{y:04}-{m:02}-{d:02}")
                />
                <Radios
                    field=Field::Sex
                    legend=R::SexLegend
                    hint=R::SexHint
                    optional=true
                    options=vec![(Sex::Female, R::Female), (Sex::Male, R::Male)]
                    get=|a| a.sex
                    set=|a, v| a.sex = Some(v)
                />
            }
            .into_any()
        }
        Step::Nik => view! {
            <h1>{t(R::NikTitle)}</h1>
            <p>{t(R::NikWhat)}</p>
            <p>{t(R::NikWhy)}</p>
            <p>{t(R::NikIfNot)}</p>
            <TextInput
                answer=TextAnswer::Nik
                field=Field::Nik
                label=R::NikLabel
                hint=R::NikHint
                optional=true
                inputmode="numeric"
                autocomplete="off"
                width="input-nik"
            />
        }
        .into_any(),
        Step::Passport => view! {
            <Radios
                field=Field::PassportStatus
                legend=R::PassportTitle
                heading=true
                options=vec![
                    (PassportStatus::Have, R::PassportHave),
                    (PassportStatus::HeldByOthers, R::PassportHeld),
                    (PassportStatus::Lost, R::PassportLost),
                    (PassportStatus::Expired, R::PassportExpired),
                ]
                get=|a| a.passport_status
                set=|a, v| a.passport_status = Some(v)
            />
            <TextInput
                answer=TextAnswer::PassportNumber
                field=Field::PassportNumber
                label=R::PassportNumberLabel
                hint=R::PassportNumberHint
                optional=true
                autocomplete="off"
                width="input-short"
            />
        }
        .into_any(),
        Step::Phone => view! {
            <h1>{t(R::PhoneTitle)}</h1>
            <TextInput
                answer=TextAnswer::Phone
                field=Field::Phone
                label=R::PhoneLabel
                hint=R::PhoneHint
                input_type="tel"
                autocomplete="tel"
                width="input-phone"
            >
                <NormalisedPhone answer=TextAnswer::Phone />
            </TextInput>
            <Radios
                field=Field::Whatsapp
                legend=R::WaLegend
                optional=true
                separate_path="whatsapp.choice"
                options=vec![
                    (WaChoice::Same, R::WaSame),
                    (WaChoice::Other, R::WaOther),
                    (WaChoice::No, R::WaNone),
                ]
                get=|a| a.whatsapp
                set=|a, v| a.whatsapp = Some(v)
            />
            <WhatsappNumber />
        }
        .into_any(),
        Step::Where => view! {
            <h1>{t(R::WhereTitle)}</h1>
            <TextInput
                answer=TextAnswer::Location
                field=Field::Location
                label=R::LocationLabel
                hint=R::LocationHint
                autocomplete="address-level2"
            />
            <TextInput
                answer=TextAnswer::PeopleWithYou
                field=Field::PeopleWithYou
                label=R::PeopleLabel
                hint=R::PeopleHint
                optional=true
                inputmode="numeric"
                autocomplete="off"
                width="input-number"
            />
        }
        .into_any(),
        Step::Help => view! {
            <HelpCheckboxes />
            <HelpOther />
        }
        .into_any(),
        Step::Work => view! {
            <Radios
                field=Field::ForcedToWork
                legend=R::ForcedTitle
                heading=true
                optional=true
                hint=R::ForcedHint
                options=vec![
                    (ForcedToWork::Yes, R::ForcedYes),
                    (ForcedToWork::No, R::ForcedNo),
                    (ForcedToWork::PreferNotToSay, R::ForcedPreferNot),
                ]
                get=|a| a.forced_to_work
                set=|a, v| a.forced_to_work = Some(v)
            />
            <div class="inset">
                <h2>{t(R::ForcedWhyTitle)}</h2>
                <p>{t(R::ForcedWhy1)}</p>
                <p>{t(R::ForcedWhy2)}</p>
                <p>{t(R::ForcedWhy3)}</p>
            </div>
        }
        .into_any(),
        Step::Home => view! {
            <h1>{t(R::HomeTitle)} " " <span class="optional">{t(R::Optional)}</span></h1>
            <p>{t(R::HomeIntro)}</p>
            <TextInput
                answer=TextAnswer::HomeName
                field=Field::HomeContactName
                label=R::HomeName
                autocomplete="off"
            />
            <TextInput
                answer=TextAnswer::HomePhone
                field=Field::HomeContactPhone
                label=R::HomePhone
                input_type="tel"
                autocomplete="off"
                width="input-phone"
            >
                <NormalisedPhone answer=TextAnswer::HomePhone />
            </TextInput>
            <TextInput
                answer=TextAnswer::HomeRelationship
                field=Field::HomeContactRelationship
                label=R::HomeRelationship
                hint=R::HomeRelationshipHint
                autocomplete="off"
                width="input-short"
            />
        }
        .into_any(),
        Step::Check | Step::Done => ().into_any(),
    }
}

/// The number as it will be used (`0812…` → `+62 812…`), shown back while typing.
#[component]
fn NormalisedPhone(answer: TextAnswer) -> impl IntoView {
    let s = store();
    let normalised = move || {
        s.draft
            .with(|d| normalise_phone(d.answers.text(answer)).ok())
    };
    move || {
        normalised().map(|n| {
            view! {
                <p class="normalised">
                    {t(R::PhoneWeWillUse)}" "<strong class="number">{contract::phone::display(&n)}</strong>
                </p>
            }
        })
    }
}

/// The WhatsApp number, asked only when it is another number.
#[component]
fn WhatsappNumber() -> impl IntoView {
    let s = store();
    let other = move || {
        s.draft
            .with(|d| d.answers.whatsapp == Some(WaChoice::Other))
    };
    view! {
        <Show when=other>
            <div class="conditional">
                <TextInput
                    answer=TextAnswer::WhatsappNumber
                    field=Field::Whatsapp
                    label=R::WaNumberLabel
                    input_type="tel"
                    autocomplete="off"
                    width="input-phone"
                >
                    <NormalisedPhone answer=TextAnswer::WhatsappNumber />
                </TextInput>
            </div>
        </Show>
    }
}

/// "What other help", asked only when "Something else" is ticked.
#[component]
fn HelpOther() -> impl IntoView {
    let s = store();
    let other = move || {
        s.draft
            .with(|d| d.answers.help_needed.contains(&HelpNeeded::Other))
    };
    view! {
        <Show when=other>
            <div class="conditional">
                <TextInput
                    answer=TextAnswer::HelpOther
                    field=Field::HelpOther
                    label=R::HelpOtherLabel
                    multiline=true
                />
            </div>
        </Show>
    }
}

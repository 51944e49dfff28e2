//! The registration form's fields, built from the form kit (`crate::form`):
//! a label (or legend) for every input, a hint, the error message above the
//! input, both tied to it with `aria-describedby`. Answers are saved on every
//! change (see `model::Store`); an answer is checked as the person leaves it.

use contract::registration::{validate_field, Field, HelpNeeded};
use i18n::register::Key as R;
use i18n::registration_errors::message;
use leptos::prelude::*;
use std::sync::Arc;

use super::model::{store, Answers, TextAnswer};
use super::today;
use crate::form::{
    choice_id, described_by, error_id, field_id, hint_id, use_error, use_errors, ErrorMessage,
    Errors, Hint, Scheme,
};
use crate::lang::t;

/// How the registration form names its errors: the contract's field names
/// and messages; the summary gives the message alone.
pub static SCHEME: Scheme = Scheme {
    summary_title: |l| R::ErrorSummaryTitle.get(l),
    error_word: |l| R::ErrorWord.get(l),
    message,
    summary_line: |_, code, l| message(code, l).to_string(),
    target: |path| Field::from_name(path).map(|_| field_id(path)),
    shows_on: str::to_string,
    rank: |path| (0, super::field_order(path)),
};

/// Checks one answer as the person leaves it: only once something is typed,
/// or to clear or update an error already shown.
fn check_on_leave(errors: Errors, field: Field, typed: bool) {
    if !typed && !errors.has_untracked(field.name()) {
        return;
    }
    let lang = crate::lang::lang_now();
    crate::dom::when_pointer_is_up(move || {
        let req = store().draft.with_untracked(|d| d.answers.request(lang));
        errors.set_one(field.name(), validate_field(field, &req, today()));
    });
}

/// `aria-describedby` for the field at `path`: its hint (if any) and its
/// error (while shown).
fn describe(path: &str, hint: bool, error: Memo<Option<String>>) -> impl Fn() -> Option<String> {
    let hint = hint.then(|| hint_id(path));
    let err = error_id(path);
    move || {
        described_by(
            hint.clone(),
            error.with(Option::is_some).then(|| err.clone()),
        )
    }
}

fn group_class(error: Memo<Option<String>>) -> impl Fn() -> &'static str {
    move || {
        if error.with(Option::is_some) {
            "field field-has-error"
        } else {
            "field"
        }
    }
}

/// A label, optionally as the page's `<h1>`, with "(optional)".
fn label_view(id: String, label: R, heading: bool, optional: bool) -> AnyView {
    let text = move || {
        view! {
            {t(label)}
            {optional.then(|| view! { " " <span class="optional">{t(R::Optional)}</span> })}
        }
    };
    if heading {
        view! { <h1 class="label-heading"><label for=id>{text()}</label></h1> }.into_any()
    } else {
        view! { <label class="label" for=id>{text()}</label> }.into_any()
    }
}

/// One text answer: `<input>` (or `<textarea>`) with label, hint and error.
#[component]
pub fn TextInput(
    answer: TextAnswer,
    field: Field,
    label: R,
    #[prop(optional)] hint: Option<R>,
    #[prop(optional)] heading: bool,
    #[prop(optional)] optional: bool,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] width: Option<&'static str>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] max: Option<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let errors = use_errors();
    let s = store();
    let path = field.name();
    let id = field_id(path);
    let error = use_error(path);
    let value = {
        let s = s.clone();
        move || s.draft.with(|d| d.answers.text(answer).to_string())
    };
    let on_input = {
        let s = s.clone();
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            s.update_answers(|a| *a.text_mut(answer) = v);
        }
    };
    let on_leave = {
        let s = s.clone();
        move |_| {
            let typed = s
                .draft
                .with_untracked(|d| !d.answers.text(answer).trim().is_empty());
            check_on_leave(errors, field, typed);
        }
    };
    let invalid = move || error.with(Option::is_some).then_some("true");
    let class = format!("input {}", width.unwrap_or(""));
    let control = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=field.name()
                class="input textarea"
                rows="4"
                prop:value=value
                on:input=on_input
                on:focusout=on_leave
                aria-describedby=describe(path, hint.is_some(), error)
                aria-invalid=invalid
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=field.name()
                type=input_type
                class=class
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck="false"
                max=max
                prop:value=value
                on:input=on_input
                on:focusout=on_leave
                aria-describedby=describe(path, hint.is_some(), error)
                aria-invalid=invalid
            />
        }
        .into_any()
    };
    view! {
        <div class=group_class(error)>
            {label_view(id.clone(), label, heading, optional)}
            {hint.map(|h| view! { <Hint id=hint_id(path)>{t(h)}</Hint> })}
            <ErrorMessage path />
            {control}
            {children.map(|c| c())}
        </div>
    }
}

/// A legend, optionally as the page's `<h1>`.
fn legend_view(legend: R, heading: bool, optional: bool) -> AnyView {
    let text = move || {
        view! {
            {t(legend)}
            {optional.then(|| view! { " " <span class="optional">{t(R::Optional)}</span> })}
        }
    };
    if heading {
        view! { <legend class="legend legend-heading"><h1>{text()}</h1></legend> }.into_any()
    } else {
        view! { <legend class="legend">{text()}</legend> }.into_any()
    }
}

/// One option of a [`Radios`] group, with the type of its answer erased so
/// that one copy of the group's code serves every question.
#[derive(Clone)]
pub struct Choice {
    label: R,
    checked: Arc<dyn Fn(&Answers) -> bool + Send + Sync>,
    select: Arc<dyn Fn(&mut Answers) + Send + Sync>,
}

/// One choice among a few (radio buttons), in a fieldset with a legend.
#[component]
pub fn Radios<T>(
    field: Field,
    legend: R,
    options: Vec<(T, R)>,
    get: fn(&Answers) -> Option<T>,
    set: fn(&mut Answers, T),
    #[prop(optional)] hint: Option<R>,
    #[prop(optional)] heading: bool,
    #[prop(optional)] optional: bool,
    /// For a choice whose errors belong to another input (the WhatsApp
    /// number): its own path for its ids, and no error shown here.
    #[prop(optional)]
    separate_path: Option<&'static str>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let choices = options
        .into_iter()
        .map(|(value, label)| Choice {
            label,
            checked: Arc::new(move |a: &Answers| get(a) == Some(value)),
            select: Arc::new(move |a: &mut Answers| set(a, value)),
        })
        .collect();
    radio_group(
        field,
        legend,
        choices,
        hint,
        heading,
        optional,
        separate_path,
    )
}

fn radio_group(
    field: Field,
    legend: R,
    choices: Vec<Choice>,
    hint: Option<R>,
    heading: bool,
    optional: bool,
    separate_path: Option<&'static str>,
) -> AnyView {
    let errors = use_errors();
    let s = store();
    // A separate path has its own ids, and no error ever shows on it.
    let path = separate_path.unwrap_or(field.name());
    let error = use_error(path);
    let items = choices
        .into_iter()
        .enumerate()
        .map(|(i, choice)| {
            let id = choice_id(path, i);
            let checked = {
                let s = s.clone();
                let is = choice.checked.clone();
                move || s.draft.with(|d| is(&d.answers))
            };
            let s = s.clone();
            let select = choice.select.clone();
            view! {
                <div class="choice">
                    <input
                        type="radio"
                        id=id.clone()
                        name=field.name()
                        prop:checked=checked
                        on:change=move |_| {
                            s.update_answers(|a| select(a));
                            if error.with_untracked(Option::is_some) {
                                check_on_leave(errors, field, true);
                            }
                        }
                    />
                    <label for=id>{t(choice.label)}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class=group_class(error)>
            <fieldset class="fieldset" aria-describedby=describe(path, hint.is_some(), error)>
                {legend_view(legend, heading, optional)}
                {hint.map(|h| view! { <Hint id=hint_id(path)>{t(h)}</Hint> })}
                {separate_path.is_none().then(|| view! { <ErrorMessage path /> })}
                <div class="choices">{items}</div>
            </fieldset>
        </div>
    }
    .into_any()
}

pub fn help_label(h: HelpNeeded) -> R {
    match h {
        HelpNeeded::TravelDocument => R::HelpTravelDocument,
        HelpNeeded::Repatriation => R::HelpRepatriation,
        HelpNeeded::Medical => R::HelpMedical,
        HelpNeeded::Shelter => R::HelpShelter,
        HelpNeeded::Legal => R::HelpLegal,
        HelpNeeded::Other => R::HelpOther,
    }
}

/// "What help do you need?": check boxes, at least one.
#[component]
pub fn HelpCheckboxes() -> impl IntoView {
    let field = Field::HelpNeeded;
    let errors = use_errors();
    let s = store();
    let path = field.name();
    let error = use_error(path);
    let items = HelpNeeded::ALL
        .into_iter()
        .enumerate()
        .map(|(i, h)| {
            let id = choice_id(path, i);
            let checked = {
                let s = s.clone();
                move || s.draft.with(|d| d.answers.help_needed.contains(&h))
            };
            let s = s.clone();
            view! {
                <div class="choice">
                    <input
                        type="checkbox"
                        id=id.clone()
                        name=field.name()
                        prop:checked=checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            s.update_answers(|a| {
                                if on {
                                    a.help_needed.insert(h);
                                } else {
                                    a.help_needed.remove(&h);
                                }
                            });
                            if error.with_untracked(Option::is_some) {
                                check_on_leave(errors, field, true);
                            }
                        }
                    />
                    <label for=id>{t(help_label(h))}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class=group_class(error)>
            <fieldset class="fieldset" aria-describedby=describe(path, true, error)>
                {legend_view(R::HelpTitle, true, false)}
                <Hint id=hint_id(path)>{t(R::HelpHint)}</Hint>
                <ErrorMessage path />
                <div class="choices">{items}</div>
            </fieldset>
        </div>
    }
}

/// The consent box on the "check your answers" page.
#[component]
pub fn ConsentCheckbox() -> impl IntoView {
    let field = Field::Consent;
    let errors = use_errors();
    let s = store();
    let path = field.name();
    let id = field_id(path);
    let error = use_error(path);
    let checked = {
        let s = s.clone();
        move || s.draft.with(|d| d.answers.consent)
    };
    view! {
        <div class=group_class(error)>
            <ErrorMessage path />
            <div class="choice">
                <input
                    type="checkbox"
                    id=id.clone()
                    name=field.name()
                    prop:checked=checked
                    aria-describedby=describe(path, false, error)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        s.update_answers(|a| a.consent = on);
                        if error.with_untracked(Option::is_some) {
                            check_on_leave(errors, field, true);
                        }
                    }
                />
                <label for=id>{t(R::ConsentLabel)}</label>
            </div>
        </div>
    }
}

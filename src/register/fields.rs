//! Form pieces in the GOV.UK pattern: a label (or legend) for every input,
//! a hint, the error message above the input, both tied to it with
//! `aria-describedby`, and an error summary that takes focus and links to
//! the fields. Answers are saved on every change (see `model::Store`).

use contract::registration::{message, validate_field, Field, HelpNeeded};
use contract::FieldError;
use i18n::register::Key as R;
use leptos::prelude::*;
use std::sync::Arc;

use super::model::{store, Answers, TextAnswer};
use super::today;
use crate::lang::{t, use_lang};

/// The errors shown on the current page.
#[derive(Clone, Copy)]
pub struct Errors(pub RwSignal<Vec<FieldError>>);

impl Errors {
    pub fn new(initial: Vec<FieldError>) -> Self {
        Errors(RwSignal::new(initial))
    }

    /// The error code for `field`, tracked.
    pub fn code(&self, field: Field) -> Option<String> {
        self.0.with(|v| {
            v.iter()
                .find(|e| e.field == field.name())
                .map(|e| e.code.clone())
        })
    }

    fn has(&self, field: Field) -> bool {
        self.0
            .try_with_untracked(|v| v.iter().any(|e| e.field == field.name()))
            .unwrap_or(false)
    }

    /// Replaces the error of one field (none = the answer is fine now).
    /// Does nothing if the page is gone.
    pub fn set_field(&self, field: Field, error: Option<FieldError>) {
        let Some(mut v) = self.0.try_get_untracked() else {
            return;
        };
        v.retain(|e| e.field != field.name());
        if let Some(e) = error {
            v.push(e);
        }
        // Keep the form's order, as the summary lists them.
        v.sort_by_key(|e| super::field_order(&e.field));
        // Unchanged: nothing on the page is redrawn.
        if self.0.with_untracked(|old| *old != v) {
            self.0.set(v);
        }
    }
}

pub fn use_errors() -> Errors {
    use_context::<Errors>().unwrap_or_else(|| Errors::new(Vec::new()))
}

/// The `id` of the (first) input of a field; error summary links point here.
pub fn input_id(field: Field) -> String {
    format!("f-{}", field.name().replace('.', "-"))
}

/// Checks one answer as the person leaves it: only once something is typed,
/// or to clear or update an error already shown.
fn check_on_leave(errors: Errors, field: Field, typed: bool) {
    if !typed && !errors.has(field) {
        return;
    }
    let lang = crate::lang::lang_now();
    crate::dom::when_pointer_is_up(move || {
        let req = store().draft.with_untracked(|d| d.answers.request(lang));
        errors.set_field(field, validate_field(field, &req, today()));
    });
}

/// The error message under a label, with "Error:" for screen readers.
#[component]
fn ErrorMessage(field: Field) -> impl IntoView {
    let errors = use_errors();
    let lang = use_lang();
    let id = format!("{}-error", input_id(field));
    move || {
        errors.code(field).map(|code| {
            view! {
                <p class="error-message" id=id.clone()>
                    <span class="visually-hidden">{t(R::ErrorWord)}": "</span>
                    {message(&code, lang.get())}
                </p>
            }
        })
    }
}

/// `aria-describedby` for a field: its hint (if any) and its error (if shown).
fn described_by(errors: Errors, field: Field, hint: bool) -> impl Fn() -> Option<String> {
    let base = input_id(field);
    move || {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{base}-hint"));
        }
        if errors.code(field).is_some() {
            ids.push(format!("{base}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

fn group_class(errors: Errors, field: Field) -> impl Fn() -> &'static str {
    move || {
        if errors.code(field).is_some() {
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
    let id = input_id(field);
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
    let invalid = move || errors.code(field).is_some().then_some("true");
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
                aria-describedby=described_by(errors, field, hint.is_some())
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
                aria-describedby=described_by(errors, field, hint.is_some())
                aria-invalid=invalid
            />
        }
        .into_any()
    };
    view! {
        <div class=group_class(errors, field)>
            {label_view(id.clone(), label, heading, optional)}
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{t(h)}</p> })}
            <ErrorMessage field />
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
    /// number): its own ids, and no error shown here.
    #[prop(optional)]
    separate_id: Option<&'static str>,
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
    radio_group(field, legend, choices, hint, heading, optional, separate_id)
}

fn radio_group(
    field: Field,
    legend: R,
    choices: Vec<Choice>,
    hint: Option<R>,
    heading: bool,
    optional: bool,
    separate_id: Option<&'static str>,
) -> AnyView {
    let errors = match separate_id {
        Some(_) => Errors::new(Vec::new()),
        None => use_errors(),
    };
    let s = store();
    let base = separate_id
        .map(str::to_string)
        .unwrap_or_else(|| input_id(field));
    let items = choices
        .into_iter()
        .enumerate()
        .map(|(i, choice)| {
            let id = if i == 0 {
                base.clone()
            } else {
                format!("{base}-{i}")
            };
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
                            if errors.code(field).is_some() {
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
        <div class=group_class(errors, field)>
            <fieldset class="fieldset" aria-describedby=described_by(errors, field, hint.is_some())>
                {legend_view(legend, heading, optional)}
                {hint.map(|h| view! { <p class="hint" id=format!("{base}-hint")>{t(h)}</p> })}
                {separate_id.is_none().then(|| view! { <ErrorMessage field /> })}
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
    let base = input_id(field);
    let items = HelpNeeded::ALL
        .into_iter()
        .enumerate()
        .map(|(i, h)| {
            let id = if i == 0 {
                base.clone()
            } else {
                format!("{base}-{i}")
            };
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
                            if errors.code(field).is_some() {
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
        <div class=group_class(errors, field)>
            <fieldset class="fieldset" aria-describedby=described_by(errors, field, true)>
                {legend_view(R::HelpTitle, true, false)}
                <p class="hint" id=format!("{base}-hint")>{t(R::HelpHint)}</p>
                <ErrorMessage field />
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
    let id = input_id(field);
    let checked = {
        let s = s.clone();
        move || s.draft.with(|d| d.answers.consent)
    };
    view! {
        <div class=group_class(errors, field)>
            <ErrorMessage field />
            <div class="choice">
                <input
                    type="checkbox"
                    id=id.clone()
                    name=field.name()
                    prop:checked=checked
                    aria-describedby=described_by(errors, field, false)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        s.update_answers(|a| a.consent = on);
                        if errors.code(field).is_some() {
                            check_on_leave(errors, field, true);
                        }
                    }
                />
                <label for=id>{t(R::ConsentLabel)}</label>
            </div>
        </div>
    }
}

/// "There is a problem", listing every error with a link that moves focus
/// to the field. It takes focus itself when it appears (see [`focus_summary`]).
#[component]
pub fn ErrorSummary(show: RwSignal<bool>) -> impl IntoView {
    let errors = use_errors();
    let lang = use_lang();
    // The box is drawn once while it is shown; only its list follows the
    // errors, so the focus it took stays on it as errors change.
    let shown = Memo::new(move |_| show.get() && errors.0.with(|l| !l.is_empty()));
    let items = move || {
        errors
            .0
            .get()
            .into_iter()
            .map(|e| {
                let target = Field::from_name(&e.field).map(input_id);
                let text = message(&e.code, lang.get());
                match target {
                    Some(id) => {
                        let href = format!("#{id}");
                        view! {
                            <li>
                                <a
                                    href=href
                                    on:click=move |ev| {
                                        ev.prevent_default();
                                        crate::dom::focus(&id);
                                    }
                                >
                                    {text}
                                </a>
                            </li>
                        }
                        .into_any()
                    }
                    None => view! { <li>{text}</li> }.into_any(),
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || shown.get()>
            <div
                class="error-summary"
                id="error-summary"
                tabindex="-1"
                aria-labelledby="error-summary-title"
            >
                <h2 id="error-summary-title">{t(R::ErrorSummaryTitle)}</h2>
                <ul>{items}</ul>
            </div>
        </Show>
    }
}

/// Moves focus to the error summary once it is drawn (after the router's
/// own focus move on navigation).
pub fn focus_summary() {
    set_timeout(
        || crate::dom::focus("error-summary"),
        std::time::Duration::from_millis(60),
    );
}

/// Shown when the phone refused to store the answers.
#[component]
pub fn StorageWarning() -> impl IntoView {
    let s = store();
    move || {
        (!s.storage_ok.get()).then(|| {
            view! { <p class="warning-text" role="alert"><strong>{t(R::StorageFailed)}</strong></p> }
        })
    }
}

/// A button for something that cannot be undone (deleting answers or a
/// reference): the first press asks "Are you sure?", with Yes and No.
#[component]
pub fn ConfirmButton<F>(
    label: R,
    question: R,
    on_confirm: F,
    #[prop(default = "button button-warning")] class: &'static str,
) -> impl IntoView
where
    F: Fn() + 'static,
{
    let (asking, set_asking) = signal(false);
    // The action may hold things that stay on this thread (the router's navigate).
    let on_confirm = StoredValue::new_local(on_confirm);
    let id = format!("confirm-{label:?}");
    let question_id = id.clone();
    move || {
        if asking.get() {
            view! {
                <div class="confirm" role="group" aria-labelledby=question_id.clone()>
                    <p id=question_id.clone() tabindex="-1"><strong>{t(question)}</strong></p>
                    <p class="button-row">
                        <button
                            type="button"
                            class="button button-warning"
                            on:click=move |_| {
                                set_asking.set(false);
                                on_confirm.with_value(|f| f());
                            }
                        >
                            {t(R::YesDelete)}
                        </button>
                        <button
                            type="button"
                            class="button button-secondary"
                            on:click=move |_| set_asking.set(false)
                        >
                            {t(R::NoKeep)}
                        </button>
                    </p>
                </div>
            }
            .into_any()
        } else {
            let focus_id = id.clone();
            view! {
                <button
                    type="button"
                    class=class
                    on:click=move |_| {
                        set_asking.set(true);
                        let focus_id = focus_id.clone();
                        request_animation_frame(move || crate::dom::focus(&focus_id));
                    }
                >
                    {t(label)}
                </button>
            }
            .into_any()
        }
    }
}

//! Form fields with a label, an optional hint and their error, tied together
//! with `aria-describedby` and `aria-invalid`.

use contract::FieldError;
use i18n::advisories::Key as A;
use leptos::prelude::*;

use super::draft::Pair;
use super::paths::{self, dom_id};
use crate::lang::{t, use_lang};

/// The errors shown on the page, as the contract names them.
#[derive(Clone, Copy)]
pub struct Errors(pub RwSignal<Vec<FieldError>>);

impl Errors {
    pub fn set(self, mut list: Vec<FieldError>) {
        list.sort_by_key(|e| paths::rank(&e.field));
        self.0.set(list);
    }

    /// Replaces the errors of one path (for checks made on the spot).
    pub fn set_one(self, path: &str, code: Option<&str>) {
        self.0.update(|v| {
            v.retain(|e| e.field != path);
            if let Some(code) = code {
                v.push(FieldError::new(path, code, ""));
            }
        });
    }

    pub fn any(self) -> bool {
        self.0.with(|v| !v.is_empty())
    }
}

pub fn use_errors() -> Errors {
    use_context::<Errors>().unwrap_or_else(|| Errors(RwSignal::new(Vec::new())))
}

/// The message of the first error for `path`, in the current language.
pub fn use_error(path: String) -> Memo<Option<String>> {
    let errors = use_errors();
    let lang = use_lang();
    Memo::new(move |_| {
        errors.0.with(|v| {
            v.iter()
                .find(|e| paths::normalize(&e.field) == path)
                .map(|e| paths::message(&e.code, lang.get()).to_string())
        })
    })
}

/// The error line under a field.
#[component]
pub fn ErrorLine(id: String, error: Memo<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <p class="error-message" id=id.clone()>
                    <span class="visually-hidden">{t(A::ErrorTitlePrefix)}": "</span>
                    {e}
                </p>
            }
        })
    }
}

/// `aria-describedby`: the hint and, while there is one, the error.
fn described(
    hint: Option<String>,
    err_id: String,
    error: Memo<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let ids: Vec<String> = hint
            .iter()
            .cloned()
            .chain(error.get().map(|_| err_id.clone()))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A one-line text field. `numeric` asks phones for the number keyboard.
#[component]
pub fn TextInput(
    path: String,
    label: A,
    value: RwSignal<String>,
    #[prop(optional)] hint: Option<A>,
    #[prop(optional)] numeric: bool,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let id = dom_id(&path);
    let error = use_error(path);
    let err_id = format!("{id}-error");
    let hint_id = hint.map(|_| format!("{id}-hint"));
    let describe = described(hint_id.clone(), err_id.clone(), error);
    view! {
        <div class="field" class:field-has-error=move || error.get().is_some()>
            <label for=id.clone()>{t(label)}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{t(h)}</p> })}
            <ErrorLine id=err_id error />
            <input
                id=id
                type=kind
                class:input-short=numeric
                inputmode=numeric.then_some("numeric")
                autocomplete=autocomplete.unwrap_or("off")
                spellcheck="false"
                bind:value=value
                aria-describedby=describe
                aria-invalid=move || error.get().map(|_| "true")
            />
        </div>
    }
}

/// One text in both languages: a group with a legend and two fields.
#[component]
pub fn PairInput(
    path: String,
    legend: A,
    pair: Pair,
    #[prop(optional)] textarea: bool,
) -> impl IntoView {
    let id = dom_id(&path);
    let error = use_error(path);
    let err_id = format!("{id}-error");
    let summary_id = err_id.clone();
    let one = move |suffix: &'static str, label: A, value: RwSignal<String>| {
        let input_id = format!("{id}-{suffix}");
        let describe = described(None, err_id.clone(), error);
        let input = if textarea {
            view! {
                <textarea
                    id=input_id.clone()
                    lang=suffix
                    rows="3"
                    bind:value=value
                    aria-describedby=describe
                    aria-invalid=move || error.get().map(|_| "true")
                ></textarea>
            }
            .into_any()
        } else {
            view! {
                <input
                    id=input_id.clone()
                    type="text"
                    lang=suffix
                    autocomplete="off"
                    bind:value=value
                    aria-describedby=describe
                    aria-invalid=move || error.get().map(|_| "true")
                />
            }
            .into_any()
        };
        view! {
            <div class="field">
                <label for=input_id>{t(label)}</label>
                {input}
            </div>
        }
    };
    view! {
        <fieldset class="group" class:field-has-error=move || error.get().is_some()>
            <legend>{t(legend)}</legend>
            <ErrorLine id=summary_id error />
            {one("id", A::InIndonesian, pair.id)}
            {one("en", A::InEnglish, pair.en)}
        </fieldset>
    }
}

/// A local date and time.
#[component]
pub fn DateTimeInput(
    path: String,
    legend: A,
    date: RwSignal<String>,
    time: RwSignal<String>,
) -> impl IntoView {
    let id = dom_id(&path);
    let error = use_error(path);
    let err_id = format!("{id}-error");
    let date_id = format!("{id}-date");
    let time_id = format!("{id}-time");
    view! {
        <fieldset class="group" class:field-has-error=move || error.get().is_some()>
            <legend>{t(legend)}</legend>
            <ErrorLine id=err_id.clone() error />
            <div class="inline-fields">
                <div class="field">
                    <label for=date_id.clone()>{t(A::DateLabel)}</label>
                    <input
                        id=date_id
                        type="date"
                        bind:value=date
                        aria-describedby=described(None, err_id.clone(), error)
                        aria-invalid=move || error.get().map(|_| "true")
                    />
                </div>
                <div class="field">
                    <label for=time_id.clone()>{t(A::TimeLabel)}</label>
                    <input
                        id=time_id
                        type="time"
                        bind:value=time
                        aria-describedby=described(None, err_id, error)
                        aria-invalid=move || error.get().map(|_| "true")
                    />
                </div>
            </div>
        </fieldset>
    }
}

/// "There is a problem": every error, linked to its field; takes focus.
#[component]
pub fn ErrorSummary() -> impl IntoView {
    let errors = use_errors();
    let lang = use_lang();
    let items = move || {
        let l = lang.get();
        errors.0.with(|v| {
            v.iter()
                .map(|e| {
                    let target = paths::target_id(&e.field);
                    let text = format!(
                        "{}: {}",
                        paths::label(&e.field, l),
                        paths::message(&e.code, l)
                    );
                    let href = format!("#{target}");
                    view! {
                        <li>
                            <a
                                href=href
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    crate::dom::focus(&target);
                                }
                            >
                                {text}
                            </a>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <Show when=move || errors.any()>
            <div class="error-summary" id="error-summary" tabindex="-1" aria-labelledby="error-summary-title">
                <h2 id="error-summary-title">{t(A::ErrorSummaryTitle)}</h2>
                <ul>{items}</ul>
            </div>
        </Show>
    }
}

//! The staff page's fields, built from the form kit (`crate::form`): a
//! label, an optional hint and their error, tied together with
//! `aria-describedby` and `aria-invalid`.

use i18n::advisories::Key as A;
use leptos::prelude::*;

use super::draft::Pair;
use super::paths;
use crate::form::{
    described_by, error_id, field_id, hint_id, part_id, use_error, ErrorLine, Hint, Scheme,
};
use crate::lang::t;

/// How the staff page names its errors: paths as the contract gives them,
/// shown on their group (`invitation.help_kinds[2]`); the summary says which
/// field ("Service point 2: Shortest wait (minutes): ...").
pub static SCHEME: Scheme = Scheme {
    summary_title: |l| A::ErrorSummaryTitle.get(l),
    error_word: |l| A::ErrorTitlePrefix.get(l),
    message: paths::message,
    summary_line: |path, code, l| format!("{}: {}", paths::label(path, l), paths::message(code, l)),
    target: |path| Some(paths::target_id(path)),
    shows_on: paths::normalize,
    rank: paths::rank,
};

/// `aria-describedby`: the hint and, while there is one, the error.
fn described(
    hint: Option<String>,
    err_id: String,
    error: Memo<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        described_by(
            hint.clone(),
            error.with(Option::is_some).then(|| err_id.clone()),
        )
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
    let id = field_id(&path);
    let err_id = error_id(&path);
    let hint = hint.map(|h| (h, hint_id(&path)));
    let error = use_error(path);
    let describe = described(
        hint.as_ref().map(|(_, id)| id.clone()),
        err_id.clone(),
        error,
    );
    view! {
        <div class="field" class:field-has-error=move || error.get().is_some()>
            <label for=id.clone()>{t(label)}</label>
            {hint.map(|(h, id)| view! { <Hint id>{t(h)}</Hint> })}
            <ErrorLine id=err_id message=error />
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
    let err_id = error_id(&path);
    let summary_id = err_id.clone();
    let error = use_error(path.clone());
    let one = move |suffix: &'static str, label: A, value: RwSignal<String>| {
        let input_id = part_id(&path, suffix);
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
            <ErrorLine id=summary_id message=error />
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
    let err_id = error_id(&path);
    let date_id = part_id(&path, "date");
    let time_id = part_id(&path, "time");
    let error = use_error(path);
    view! {
        <fieldset class="group" class:field-has-error=move || error.get().is_some()>
            <legend>{t(legend)}</legend>
            <ErrorLine id=err_id.clone() message=error />
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

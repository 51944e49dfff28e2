//! The staff page's fields, built from the form kit (`crate::form`): a
//! label, an optional hint and their error, tied together with
//! `aria-describedby` and `aria-invalid`.

use i18n::advisories::Key as A;
use leptos::prelude::*;

use super::draft::Pair;
use super::paths;
use crate::form::{described, error_id, part_id, use_error, ErrorLine, Scheme};
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

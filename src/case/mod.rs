//! "Where is my case?": the person looks up their case by the reference
//! (filled in from the receipt kept on the phone) and the date of birth
//! given in the form. No account.
//!
//! - Both fields are checked on the phone first (a wrong check symbol, a
//!   date that cannot be read), so a slip costs no request and no try of
//!   the reference's five.
//! - The answer is shown with [`view::CaseView`]; while the page is open it
//!   is checked again at the interval the server gives, never more often
//!   than every [`MIN_RECHECK_SECONDS`].
//! - Offline, the last answer kept on the phone is shown with its age and
//!   "may be out of date" ([`saved`]).

pub mod saved;
pub mod view;

use std::time::Duration;

use contract::case::{parse_birth_date, CaseStatus, LookupRequest, LOOKUP_FAILED};
use contract::reference;
use contract::ApiError;
use i18n::case::Key as C;
use leptos::prelude::*;

use crate::api::{self, Failure, Reply};
use crate::form::{
    focus_summary, title_with_errors, ErrorSummary, Errors, Hint, Scheme, TextInput,
};
use crate::lang::{t, use_lang};
use crate::profile::{use_profile, Contacts};
use saved::LastAnswer;
use view::CaseView;

/// The app never asks again sooner than this, whatever the server says.
pub const MIN_RECHECK_SECONDS: u32 = 120;

const REFERENCE: &str = "reference";
const BIRTH_DATE: &str = "date_of_birth";

fn message(code: &str, lang: i18n::Lang) -> &'static str {
    match code {
        "reference_missing" => C::ReferenceMissing.get(lang),
        "reference_invalid" => C::ReferenceInvalid.get(lang),
        "dob_missing" => C::DobMissing.get(lang),
        _ => C::DobInvalid.get(lang),
    }
}

static SCHEME: Scheme = Scheme {
    summary_title: |l| C::ErrorSummaryTitle.get(l),
    error_word: |l| C::ErrorWord.get(l),
    message,
    summary_line: |_, code, l| message(code, l).to_string(),
    target: |path| Some(crate::form::field_id(path)),
    shows_on: |path| path.to_string(),
    rank: |path| (u32::from(path != REFERENCE), 0),
};

/// What an answer from the server comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Found(Box<CaseStatus>),
    /// Every failure: unknown, wrong date, locked (the server does not say which).
    Failed,
    /// No answer: offline, or timed out.
    NoConnection,
    /// Too many tries from this connection.
    TooMany,
    /// Anything else: a server error, an HTML page, a body that is not a case.
    ServerProblem,
}

/// Reads the server's answer. Only a JSON `lookup_failed` is the failure;
/// a 404 from a backend without this endpoint is a server problem.
pub fn classify(reply: Result<Reply, Failure>) -> Answer {
    let reply = match reply {
        Ok(r) => r,
        Err(Failure::Network | Failure::Timeout) => return Answer::NoConnection,
        Err(Failure::Unsent) => return Answer::ServerProblem,
    };
    let body = reply.body.unwrap_or_default();
    match reply.status {
        200 => serde_json::from_str::<CaseStatus>(&body)
            .map(|s| Answer::Found(Box::new(s)))
            .unwrap_or(Answer::ServerProblem),
        404 => match serde_json::from_str::<ApiError>(&body) {
            Ok(e) if e.error.code == LOOKUP_FAILED => Answer::Failed,
            _ => Answer::ServerProblem,
        },
        429 => Answer::TooMany,
        _ => Answer::ServerProblem,
    }
}

/// The field errors of what was typed, or the request to send.
pub fn check_typed(
    reference_typed: &str,
    birth_typed: &str,
) -> Result<LookupRequest, Vec<contract::FieldError>> {
    let mut errors = Vec::new();
    let reference = reference::normalise(reference_typed);
    let birth = parse_birth_date(birth_typed);
    let code = |typed: &str, ok: bool, missing: &'static str, invalid: &'static str| {
        if typed.trim().is_empty() {
            Some(missing)
        } else if !ok {
            Some(invalid)
        } else {
            None
        }
    };
    if let Some(c) = code(
        reference_typed,
        reference.is_some(),
        "reference_missing",
        "reference_invalid",
    ) {
        errors.push(contract::FieldError::new(REFERENCE, c, ""));
    }
    if let Some(c) = code(birth_typed, birth.is_some(), "dob_missing", "dob_invalid") {
        errors.push(contract::FieldError::new(BIRTH_DATE, c, ""));
    }
    match (reference, birth) {
        (Some(reference), Some(date_of_birth)) if errors.is_empty() => Ok(LookupRequest {
            reference,
            date_of_birth,
        }),
        _ => Err(errors),
    }
}

/// What the page shows above the form.
#[derive(Clone, PartialEq)]
enum Shown {
    Nothing,
    Case {
        status: CaseStatus,
        checked_at: i64,
    },
    Failed,
    /// Offline: the last answer kept on the phone for this reference, if any.
    Offline(Option<LastAnswer>),
    TooMany,
    ServerProblem,
}

#[component]
pub fn CasePage() -> impl IntoView {
    let lang = use_lang();
    let profile = use_profile();
    let stages = LocalResource::new(api::stages);
    let errors = Errors::provide(&SCHEME, Vec::new());
    title_with_errors(errors, |l| C::Title.get(l).to_string());

    // The receipt's reference, else the one of the last answer kept here.
    let reference = RwSignal::new(
        crate::advisories::receipt::load()
            .map(|r| r.reference)
            .or_else(|| saved::last().map(|l| l.reference))
            .unwrap_or_default(),
    );
    let kept_birth_date = saved::birth_date();
    let remember = RwSignal::new(kept_birth_date.is_some());
    let birth_date = RwSignal::new(kept_birth_date.unwrap_or_default());
    let shown = RwSignal::new(Shown::Nothing);
    let timer = StoredValue::new(None::<TimeoutHandle>);

    let check = Action::new_local(move |request: &LookupRequest| {
        let request = request.clone();
        async move {
            let answer = classify(api::lookup_case(&request).await);
            (request, answer)
        }
    });
    let pending = check.pending();

    // Each answer: shown, kept, and the next check planned.
    Effect::new(move |_| {
        let Some((request, answer)) = check.value().get() else {
            return;
        };
        let now = crate::dom::now_unix();
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        match answer {
            Answer::Found(status) => {
                let status = *status;
                saved::keep_last(&LastAnswer {
                    reference: request.reference.clone(),
                    status: status.clone(),
                    fetched_at: now,
                });
                let wait = status.check_again_seconds.max(MIN_RECHECK_SECONDS);
                let again = request.clone();
                let handle = set_timeout_with_handle(
                    move || {
                        check.dispatch_local(again);
                    },
                    Duration::from_secs(u64::from(wait)),
                )
                .ok();
                timer.set_value(handle);
                shown.set(Shown::Case {
                    status,
                    checked_at: now,
                });
            }
            Answer::Failed => shown.set(Shown::Failed),
            Answer::NoConnection => {
                // A case on screen stays; otherwise the last one kept for this reference.
                let on_screen = matches!(shown.get_untracked(), Shown::Case { .. });
                if !on_screen {
                    let last = saved::last().filter(|l| l.reference == request.reference);
                    shown.set(Shown::Offline(last));
                }
            }
            Answer::TooMany => shown.set(Shown::TooMany),
            Answer::ServerProblem => shown.set(Shown::ServerProblem),
        }
    });
    on_cleanup(move || {
        if let Some(t) = timer.try_get_value().flatten() {
            t.clear();
        }
    });

    let send = move || match check_typed(&reference.get_untracked(), &birth_date.get_untracked()) {
        Ok(request) => {
            errors.clear();
            saved::remember_birth_date(remember.get_untracked(), &request.date_of_birth);
            check.dispatch_local(request);
        }
        Err(list) => {
            errors.set(list);
            focus_summary();
        }
    };
    // With the date kept on this phone, the page checks at once.
    if !reference.get_untracked().is_empty() && !birth_date.get_untracked().is_empty() {
        send();
    }

    let offset = move || profile.get().map_or(0, |p| p.utc_offset_minutes);
    let result = move || {
        let l = lang.get();
        let case_view = move |status: CaseStatus| {
            stages.get().and_then(|s| s.ok()).map(|stages| {
                view! { <CaseView status stages utc_offset_minutes=offset() /> }
            })
        };
        match shown.get() {
            Shown::Nothing => None,
            Shown::Case { status, checked_at } => Some(
                view! {
                    <div class="case-answer" role="status">
                        <p class="hint">
                            {C::Checked.get(l)}": "
                            {i18n::dates::date_time(checked_at, offset(), l)}
                        </p>
                        {case_view(status)}
                    </div>
                }
                .into_any(),
            ),
            Shown::Offline(last) => Some(
                view! {
                    <div class="warning-box" role="status">
                        <h2>{C::OfflineTitle.get(l)}</h2>
                        {match &last {
                            Some(last) => {
                                let age = i18n::dates::age(l, crate::dom::now_unix() - last.fetched_at);
                                view! { <p>{C::OfflineLast.get(l)}" ("{C::Checked.get(l)}" "{age}")"</p> }.into_any()
                            }
                            None => view! { <p>{C::OfflineNone.get(l)}</p> }.into_any(),
                        }}
                    </div>
                    {last.map(|last| case_view(last.status))}
                }
                .into_any(),
            ),
            Shown::Failed => Some(
                view! {
                    <div class="error-box" role="alert">
                        <h2>{C::FailedTitle.get(l)}</h2>
                        <p>{C::FailedBody.get(l)}</p>
                        <p>{C::FailedLock.get(l)}</p>
                    </div>
                }
                .into_any(),
            ),
            Shown::TooMany => Some(
                view! { <div class="error-box" role="alert"><p>{C::TooMany.get(l)}</p></div> }.into_any(),
            ),
            Shown::ServerProblem => Some(
                view! { <div class="error-box" role="alert"><p>{C::ServerProblem.get(l)}</p></div> }
                    .into_any(),
            ),
        }
    };

    view! {
        <h1>{t(C::Title)}</h1>
        <ErrorSummary />
        {result}
        <form
            class="case-form"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                send();
            }
        >
            <p>{t(C::Intro)}</p>
            <TextInput path=REFERENCE.into() label=C::ReferenceLabel hint=C::ReferenceHint value=reference />
            <TextInput path=BIRTH_DATE.into() label=C::DobLabel hint=C::DobHint value=birth_date numeric=true />
            <div class="checkbox">
                <input type="checkbox" id="f-remember" bind:checked=remember aria-describedby="f-remember-hint" />
                <label for="f-remember">{t(C::Remember)}</label>
            </div>
            <Hint id="f-remember-hint".to_string()>{t(C::RememberHint)}</Hint>
            <button type="submit" class="button" aria-disabled=move || pending.get().then_some("true")>
                {move || if pending.get() { t(C::Checking)() } else { t(C::Submit)() }}
            </button>
        </form>
        <p class="free-line"><strong>{t(C::FreeLine)}</strong></p>
        <Contacts />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> Result<Reply, Failure> {
        Ok(Reply {
            status,
            body: Some(body.to_string()),
            ..Reply::default()
        })
    }

    #[test]
    fn answers_are_read_for_what_they_are() {
        let case = r#"{"stage":"checked","changed_at":"2026-01-20T02:00:00Z","history":[],"check_again_seconds":300}"#;
        assert!(matches!(classify(reply(200, case)), Answer::Found(s) if s.stage == "checked"));
        let failed = r#"{"error":{"code":"lookup_failed","message":"x"}}"#;
        assert_eq!(classify(reply(404, failed)), Answer::Failed);
        // A backend without the endpoint, or one answering HTML: not "your case is not found".
        assert_eq!(
            classify(reply(404, r#"{"error":{"code":"not_found"}}"#)),
            Answer::ServerProblem
        );
        assert_eq!(
            classify(reply(200, "<html>oops</html>")),
            Answer::ServerProblem
        );
        assert_eq!(
            classify(reply(502, "<html>Bad gateway</html>")),
            Answer::ServerProblem
        );
        assert_eq!(classify(reply(429, "")), Answer::TooMany);
        assert_eq!(classify(Err(Failure::Timeout)), Answer::NoConnection);
        assert_eq!(classify(Err(Failure::Network)), Answer::NoConnection);
    }

    #[test]
    fn typed_slips_are_caught_before_any_request() {
        let ok = check_typed("7kq4 m2xhf", "17/5/1990").expect("valid");
        assert_eq!(ok.reference, "7KQ4-M2XHF");
        assert_eq!(ok.date_of_birth, "1990-05-17");
        let codes = |r: &str, d: &str| -> Vec<(String, String)> {
            check_typed(r, d)
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| (e.field, e.code))
                .collect()
        };
        assert_eq!(
            codes("", ""),
            [
                ("reference".into(), "reference_missing".into()),
                ("date_of_birth".into(), "dob_missing".into())
            ]
        );
        // A wrong check symbol, and a date that does not exist.
        assert_eq!(
            codes("7KQ4-M2XHG", "31-02-1990"),
            [
                ("reference".into(), "reference_invalid".into()),
                ("date_of_birth".into(), "dob_invalid".into())
            ]
        );
    }
}

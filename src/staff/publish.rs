//! The token, and posting an advisory: `POST /api/v1/advisories` with
//! `Authorization: Bearer <token>`. 401 says the token is wrong; 422 puts
//! each error on its field, with a summary that takes focus.

use contract::advisory::AdvisoryInput;
use contract::ApiError;
use i18n::advisories::{published_at, Key as A};
use leptos::prelude::*;
use std::rc::Rc;

use super::token;
use crate::advisories::{clock, feed};
use crate::form::{described_by, focus_soon, ErrorLine, Errors, Hint, SUMMARY_ID};
use crate::lang::{t, use_lang};

/// Which button asked, so the answer shows beside it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Quick,
    Form,
}

/// What a publish came to, shown by the button that asked.
#[derive(Clone, PartialEq)]
enum Shown {
    /// Local `HH:MM` of the server's `updated_at`.
    Published(Option<i64>),
    Failed(A),
    /// The answer shows elsewhere (the token box, the error summary).
    Elsewhere,
}

enum Answer {
    /// Published; the server's `updated_at` (Unix seconds), if readable.
    Ok(Option<i64>),
    Unauthorized,
    Invalid(Vec<contract::FieldError>),
    TooMany,
    Server,
    Network,
}

async fn post(token: &str, input: &AdvisoryInput) -> Answer {
    let reply = match crate::api::post_advisory(token, input).await {
        Ok(reply) => reply,
        Err(crate::api::Failure::Unsent) => return Answer::Server,
        Err(_) => return Answer::Network,
    };
    let body = reply.body.as_deref();
    match reply.status {
        200..=299 => Answer::Ok(
            body.and_then(feed::parse)
                .and_then(|a| a.times().updated_at),
        ),
        401 | 403 => Answer::Unauthorized,
        422 => match body.and_then(|b| serde_json::from_str::<ApiError>(b).ok()) {
            Some(e) if !e.error.fields.is_empty() => Answer::Invalid(e.error.fields),
            _ => Answer::Server,
        },
        429 => Answer::TooMany,
        _ => Answer::Server,
    }
}

/// One press of a Publish button.
struct Job {
    input: AdvisoryInput,
    source: Source,
    token: String,
    /// Runs once it is published.
    after: Rc<dyn Fn()>,
}

/// Everything about posting, shared by the form and "Full for today".
#[derive(Clone, Copy)]
pub struct Publisher {
    pub token: RwSignal<Option<String>>,
    token_error: RwSignal<Option<A>>,
    /// Posting: `pending()` while it is under way, `value()` what it came to.
    action: Action<Job, (Source, Shown)>,
    pending: Memo<bool>,
}

fn refuse_token(token: RwSignal<Option<String>>, token_error: RwSignal<Option<A>>) {
    token::forget();
    token.set(None);
    token_error.set(Some(A::TokenWrong));
    focus_soon("staff-token");
}

impl Publisher {
    /// The server said the token is wrong (401): it is forgotten, the token
    /// box says so and takes focus, for the staff member to type it again.
    pub fn token_refused(self) {
        refuse_token(self.token, self.token_error);
    }

    pub fn new(errors: Errors) -> Publisher {
        let token = RwSignal::new(token::get());
        let token_error = RwSignal::new(None);
        let action = Action::new_local(move |job: &Job| {
            let (input, source, after) = (job.input.clone(), job.source, job.after.clone());
            let tok = job.token.clone();
            async move {
                let shown = match post(&tok, &input).await {
                    Answer::Ok(at) => {
                        errors.clear();
                        after();
                        Shown::Published(at)
                    }
                    Answer::Unauthorized => {
                        refuse_token(token, token_error);
                        Shown::Elsewhere
                    }
                    Answer::Invalid(fields) => {
                        errors.set(fields);
                        focus_soon(SUMMARY_ID);
                        Shown::Elsewhere
                    }
                    Answer::TooMany => Shown::Failed(A::PublishTooMany),
                    Answer::Server => Shown::Failed(A::PublishServer),
                    Answer::Network => Shown::Failed(A::PublishNetwork),
                };
                (source, shown)
            }
        });
        Publisher {
            token,
            token_error,
            action,
            pending: action.pending(),
        }
    }

    /// Posts `input`; runs `after` when it is published.
    pub fn publish(self, input: AdvisoryInput, source: Source, after: impl Fn() + 'static) {
        if self.pending.get_untracked() {
            return;
        }
        let Some(token) = self.token.get_untracked() else {
            self.token_error.set(Some(A::TokenFirst));
            self.action.value().set(None);
            focus_soon("staff-token");
            return;
        };
        self.action.dispatch_local(Job {
            input,
            source,
            token,
            after: Rc::new(after),
        });
    }

    /// What to show by `source`'s button: `None` while it is posting.
    fn shown(self, source: Source) -> Option<Option<Shown>> {
        if self.pending.get() {
            let asked = self.action.input().with(|j| j.as_ref().map(|j| j.source));
            return (asked == Some(source)).then_some(None);
        }
        self.action
            .value()
            .get()
            .filter(|(s, _)| *s == source)
            .map(|(_, shown)| Some(shown))
    }
}

/// "Publishing…", "Published at 08:00", or what went wrong, by its button.
#[component]
pub fn StatusArea(publisher: Publisher, source: Source) -> impl IntoView {
    let lang = use_lang();
    let off = super::super::advisories::view::use_offset();
    let mine = Memo::new(move |_| publisher.shown(source));
    let status = move || {
        let l = lang.get();
        match mine.get() {
            Some(None) => A::Publishing.get(l).to_string(),
            Some(Some(Shown::Published(Some(at)))) => published_at(l, &clock::hhmm(at, off.get())),
            Some(Some(Shown::Published(None))) => A::Published.get(l).to_string(),
            _ => String::new(),
        }
    };
    let failed = move || match mine.get() {
        Some(Some(Shown::Failed(k))) => Some(view! {
            <p class="error-box-inline" role="alert">{t(k)}</p>
        }),
        _ => None,
    };
    view! {
        <p class="status-line" role="status">{status}</p>
        {failed}
    }
}

/// Enter the token, or see that it is kept and forget it.
#[component]
pub fn TokenBox(publisher: Publisher) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let error = publisher.token_error;
    let error_text = {
        let lang = use_lang();
        Memo::new(move |_| error.get().map(|k| k.get(lang.get()).to_string()))
    };
    let forgot = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = typed.get_untracked().trim().to_string();
        if value.is_empty() {
            error.set(Some(A::TokenEmpty));
            focus_soon("staff-token");
            return;
        }
        token::set(&value);
        typed.set(String::new());
        forgot.set(false);
        error.set(None);
        publisher.token.set(Some(value));
        focus_soon("token-saved");
    };
    let forget = move |_| {
        token::forget();
        publisher.token.set(None);
        error.set(None);
        forgot.set(true);
        focus_soon("staff-token");
    };
    let has_token = Memo::new(move |_| publisher.token.with(Option::is_some));
    view! {
        <section class="staff-token" aria-labelledby="token-title">
            <h2 id="token-title">{t(A::TokenTitle)}</h2>
            <Show
                when=move || has_token.get()
                fallback=move || {
                    view! {
                        <form class="token-form" on:submit=save novalidate>
                            <div class="field" class:field-has-error=move || error_text.get().is_some()>
                                <label for="staff-token">{t(A::TokenLabel)}</label>
                                <Hint id="staff-token-hint">{t(A::TokenHint)}</Hint>
                                <ErrorLine id="staff-token-error".to_string() message=error_text />
                                <input
                                    id="staff-token"
                                    type="password"
                                    autocomplete="off"
                                    spellcheck="false"
                                    bind:value=typed
                                    aria-describedby=move || {
                                        described_by(
                                            Some("staff-token-hint".into()),
                                            error_text.with(Option::is_some).then(|| "staff-token-error".into()),
                                        )
                                    }
                                    aria-invalid=move || error_text.get().map(|_| "true")
                                />
                            </div>
                            <button type="submit" class="button">{t(A::TokenUse)}</button>
                        </form>
                    }
                }
            >
                <p id="token-saved" tabindex="-1">{t(A::TokenSaved)}</p>
                <button type="button" class="button button-secondary" on:click=forget>
                    {t(A::TokenForget)}
                </button>
            </Show>
            <p class="status-line" role="status">
                {move || forgot.get().then(t(A::TokenForgotten))}
            </p>
        </section>
    }
}

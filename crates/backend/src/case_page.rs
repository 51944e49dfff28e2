//! The no-script case lookup, `/case/id` and `/case/en`: an HTML form that
//! posts and gets HTML back, for phones without JavaScript. The same rules
//! as `POST /api/v1/cases/lookup` ([`crate::cases::find_for_the_person`]):
//! one answer for every failure, the per-reference lock, the same minimum
//! time, nothing of the registration shown. `Cache-Control: no-store`; the
//! reference and the date travel in the body, never in the URL. What was
//! typed is written back into the form, so nothing is lost.
//!
//! Like the status pages: no script, no style, no external resource, every
//! text escaped.

use crate::cases::{find_for_the_person, MIN_ANSWER};
use crate::client::ClientIp;
use crate::server::AnswerNotBefore;
use crate::status_page::escape_into;
use crate::AppState;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use contract::case::{parse_birth_date, CaseStatus, LookupRequest, Next, Progress, Stages};
use contract::site::case_page_path;
use contract::time::parse_rfc3339;
use contract::{reference, Lang, Profile};
use i18n::case::Key as C;
use i18n::dates::{date_time, long_date, utc_label};
use std::fmt::Write;

#[derive(Debug, Default, serde::Deserialize)]
pub struct Typed {
    #[serde(default)]
    reference: String,
    #[serde(default)]
    date_of_birth: String,
}

/// What the page shows under the form.
pub enum Shown<'a> {
    /// The empty form.
    Form,
    /// The form again with a message for each field that cannot be read.
    Problems {
        reference: Option<C>,
        date_of_birth: Option<C>,
    },
    /// The one failure.
    Failed,
    Case(&'a CaseStatus),
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/case/id", get(form_id).post(post_id))
        .route("/case/en", get(form_en).post(post_en))
}

async fn form_id(State(app): State<AppState>) -> Response {
    page(render(
        &app.profile,
        &app.stages,
        Lang::Id,
        &Typed::default(),
        Shown::Form,
    ))
}

async fn form_en(State(app): State<AppState>) -> Response {
    page(render(
        &app.profile,
        &app.stages,
        Lang::En,
        &Typed::default(),
        Shown::Form,
    ))
}

async fn post_id(
    State(app): State<AppState>,
    ip: ClientIp,
    form: Result<Form<Typed>, FormRejection>,
) -> Response {
    answer(app, ip, form, Lang::Id).await
}

async fn post_en(
    State(app): State<AppState>,
    ip: ClientIp,
    form: Result<Form<Typed>, FormRejection>,
) -> Response {
    answer(app, ip, form, Lang::En).await
}

async fn answer(
    app: AppState,
    ClientIp(ip): ClientIp,
    form: Result<Form<Typed>, FormRejection>,
    lang: Lang,
) -> Response {
    let until = tokio::time::Instant::now() + MIN_ANSWER;
    // A body that is not a form is read as an empty one: the page asks again.
    let typed = form.map(|Form(t)| t).unwrap_or_default();
    let problem = |text: &str, missing: C, invalid: C, ok: bool| {
        if text.trim().is_empty() {
            Some(missing)
        } else if !ok {
            Some(invalid)
        } else {
            None
        }
    };
    let reference_problem = problem(
        &typed.reference,
        C::ReferenceMissing,
        C::ReferenceInvalid,
        reference::is_valid(&typed.reference),
    );
    let dob_problem = problem(
        &typed.date_of_birth,
        C::DobMissing,
        C::DobInvalid,
        parse_birth_date(&typed.date_of_birth).is_some(),
    );
    if reference_problem.is_some() || dob_problem.is_some() {
        let shown = Shown::Problems {
            reference: reference_problem,
            date_of_birth: dob_problem,
        };
        return page(render(&app.profile, &app.stages, lang, &typed, shown));
    }
    if let Err(wait) = app.lookup_limiter.check(ip) {
        let mut res = page(render(
            &app.profile,
            &app.stages,
            lang,
            &typed,
            Shown::Failed,
        ));
        *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return res;
    }
    let request = LookupRequest {
        reference: typed.reference.clone(),
        date_of_birth: typed.date_of_birth.clone(),
    };
    let found = find_for_the_person(&app, request).await;
    let html = match &found {
        Some(case) => render(
            &app.profile,
            &app.stages,
            lang,
            &Typed::default(),
            Shown::Case(case),
        ),
        None => render(&app.profile, &app.stages, lang, &typed, Shown::Failed),
    };
    let mut answer = page(html);
    answer.extensions_mut().insert(AnswerNotBefore(until));
    answer
}

fn page(html: String) -> Response {
    let mut res = (StatusCode::OK, html).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The whole page. `typed` is written back into the form.
pub fn render(
    profile: &Profile,
    stages: &Stages,
    lang: Lang,
    typed: &Typed,
    shown: Shown,
) -> String {
    let w = |k: C| k.get(lang);
    let mut o = String::with_capacity(3072);
    let t = |o: &mut String, s: &str| escape_into(o, s);
    // `write!` to a String cannot fail; the results are ignored.
    let _ = write!(
        o,
        "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\">\
         <link rel=\"icon\" href=\"/icon.svg\"><title>{} · ",
        lang.code(),
        w(C::Title)
    );
    t(&mut o, profile.embassy.get(lang));
    let _ = write!(o, "</title><main><h1>{}</h1>", w(C::Title));
    if profile.sample {
        let _ = write!(o, "<p><strong>{}</strong></p>", w(C::Sample));
    }
    match shown {
        Shown::Case(case) => case_html(&mut o, profile, stages, lang, case),
        Shown::Failed => {
            let _ = write!(
                o,
                "<h2 id=\"failed\">{}</h2><p>{}</p><p>{}</p>",
                w(C::FailedTitle),
                w(C::FailedBody),
                w(C::FailedLock)
            );
        }
        Shown::Form | Shown::Problems { .. } => {}
    }
    if !matches!(shown, Shown::Case(_)) {
        let (ref_problem, dob_problem) = match shown {
            Shown::Problems {
                reference,
                date_of_birth,
            } => (reference, date_of_birth),
            _ => (None, None),
        };
        form_html(&mut o, lang, typed, ref_problem, dob_problem);
    }
    let _ = write!(o, "<p>{}</p><ul>", w(C::FreeLine));
    for c in &profile.contacts {
        o.push_str("<li>");
        t(&mut o, c.label.get(lang));
        let _ = write!(o, ": <a href=\"tel:{}\">", c.number);
        t(&mut o, &contract::phone::display(&c.number));
        o.push_str("</a></li>");
    }
    let other = lang.other();
    let _ = writeln!(
        o,
        "</ul><p>{}</p><p><a href=\"/{}\">{}</a> · <a href=\"{}\" lang=\"{}\">{}</a></p></main></html>",
        w(C::NoStore),
        lang.code(),
        w(C::App),
        case_page_path(other),
        other.code(),
        other.native_name()
    );
    o
}

fn form_html(o: &mut String, lang: Lang, typed: &Typed, reference: Option<C>, dob: Option<C>) {
    let w = |k: C| k.get(lang);
    let _ = write!(
        o,
        "<p>{}</p><form method=\"post\" action=\"{}\">",
        w(C::Intro),
        case_page_path(lang)
    );
    for (name, label, hint, problem, value, extra) in [
        (
            "reference",
            C::ReferenceLabel,
            C::ReferenceHint,
            reference,
            &typed.reference,
            " autocapitalize=\"characters\" spellcheck=\"false\"",
        ),
        (
            "date_of_birth",
            C::DobLabel,
            C::DobHint,
            dob,
            &typed.date_of_birth,
            " inputmode=\"numeric\"",
        ),
    ] {
        let _ = write!(
            o,
            "<p><label for=\"{name}\">{}</label><br><small id=\"{name}-hint\">{}</small><br>",
            w(label),
            w(hint)
        );
        let described = match problem {
            Some(p) => {
                let _ = write!(o, "<strong id=\"{name}-error\">{}</strong><br>", w(p));
                format!("{name}-error {name}-hint\" aria-invalid=\"true")
            }
            None => format!("{name}-hint"),
        };
        let _ = write!(
            o,
            "<input id=\"{name}\" name=\"{name}\" autocomplete=\"off\"{extra} aria-describedby=\"{described}\" value=\""
        );
        escape_into(o, value);
        o.push_str("\"></p>");
    }
    let _ = write!(o, "<p><button>{}</button></p></form>", w(C::Submit));
}

fn case_html(o: &mut String, profile: &Profile, stages: &Stages, lang: Lang, case: &CaseStatus) {
    let w = |k: C| k.get(lang);
    let off = profile.utc_offset_minutes;
    let t = |o: &mut String, s: &str| escape_into(o, s);
    let current = stages.shown(&case.stage);
    o.push_str("<h2>");
    t(o, current.name.get(lang));
    o.push_str("</h2><p>");
    t(o, current.meaning.get(lang));
    let _ = write!(o, "</p><p>{}: ", w(C::LastChanged));
    match parse_rfc3339(&case.changed_at) {
        Some(u) => {
            t(o, &date_time(u, off, lang));
            let _ = write!(o, " ({})", utc_label(off));
        }
        None => t(o, &case.changed_at),
    }
    o.push_str("</p>");
    if let Some(note) = &case.note {
        let _ = write!(o, "<h3>{}</h3><p>", w(C::NoteTitle));
        t(o, note.get(lang));
        o.push_str("</p>");
    }
    let _ = write!(o, "<h3>{}</h3><p>", w(C::NextTitle));
    match &current.next {
        Next::Do(text) => t(o, text.get(lang)),
        Next::Nothing => o.push_str(w(C::NothingToDo)),
    }
    o.push_str("</p>");
    if let Some(inv) = &case.invitation {
        let _ = write!(
            o,
            "<h3>{}</h3><p>{}: ",
            w(C::InvitationTitle),
            w(C::InvitationWhen)
        );
        t(o, &long_date(&inv.date, lang));
        o.push_str(", ");
        t(o, &inv.from);
        o.push('–');
        t(o, &inv.to);
        let _ = write!(o, "<br>{}: ", w(C::InvitationWhere));
        t(o, inv.place.get(lang));
        o.push_str("</p>");
    }
    if !current.bring.is_empty() {
        let _ = write!(o, "<h3>{}</h3><ul>", w(C::BringTitle));
        for b in &current.bring {
            o.push_str("<li>");
            t(o, b.get(lang));
            o.push_str("</li>");
        }
        o.push_str("</ul>");
    }
    let history: Vec<&str> = case.history.iter().map(|h| h.stage.as_str()).collect();
    let _ = write!(o, "<h3>{}</h3><ol>", w(C::StagesTitle));
    for (stage, progress) in stages.progress(&case.stage, &history) {
        let (mark, word) = match progress {
            Progress::Done => ("✓", w(C::StageDone)),
            Progress::Now => ("▶", w(C::StageNow)),
            Progress::Later => ("○", w(C::StageLater)),
        };
        let _ = write!(o, "<li>{mark} {word}: ");
        if progress == Progress::Now {
            o.push_str("<strong>");
            t(o, stage.name.get(lang));
            o.push_str("</strong>");
        } else {
            t(o, stage.name.get(lang));
        }
        o.push_str("</li>");
    }
    let _ = write!(
        o,
        "</ol><p><a href=\"{}\">{}</a></p>",
        case_page_path(lang),
        w(C::Again)
    );
}

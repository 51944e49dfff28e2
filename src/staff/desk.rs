//! The staff desk, on `/staff` under the token box: who is signed in (and
//! a token revoked mid-session said plainly), find a person by reference,
//! their case page (every field, the stage history, marking arrived, and for
//! case officers a change of stage with the version check), and the list of
//! registrations with its counts per stage.

use contract::case::{CaseConflict, CaseRecord, CaseUpdate, Invitation, Stages};
use contract::desk::{
    ArrivedAnswer, BatchDone, BatchUpdate, ListFilter, NoticeBoard, RegistrationList,
};
use contract::registration::RegistrationRecord;
use contract::staff::{AuditLog, AuditQuery, Role, StaffMe};
use contract::{ApiError, FieldError, Localized};
use i18n::desk::Key as D;
use leptos::prelude::*;

use super::scan::{ScanButton, Scanned};
use crate::api::{self, Failure, Reply};
use crate::form::{
    error_id, field_id, focus_soon, focus_summary_at, use_error, ErrorLine, ErrorMessage,
    ErrorSummary, Errors, Hint, Scheme, TextArea, TextInput,
};
use crate::lang::{t, use_lang};

/// What a staff request came to, beyond its own answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Trouble {
    /// 401: the token was revoked or is wrong.
    Ended,
    Forbidden,
    NotFound,
    Unavailable,
}

fn trouble(reply: &Result<Reply, Failure>) -> Option<Trouble> {
    match reply {
        Err(_) => Some(Trouble::Unavailable),
        Ok(r) => match r.status {
            200..=299 => None,
            401 => Some(Trouble::Ended),
            403 => Some(Trouble::Forbidden),
            404 => Some(Trouble::NotFound),
            _ => Some(Trouble::Unavailable),
        },
    }
}

/// A 2xx answer read as `T`; anything else (or HTML) as its trouble.
pub fn read<T: serde::de::DeserializeOwned>(reply: Result<Reply, Failure>) -> Result<T, Trouble> {
    if let Some(t) = trouble(&reply) {
        return Err(t);
    }
    reply
        .ok()
        .and_then(|r| r.body)
        .and_then(|b| serde_json::from_str(&b).ok())
        .ok_or(Trouble::Unavailable)
}

/// An answer's status and body (0 and empty when there was no answer).
fn status_and_body(reply: &Result<Reply, Failure>) -> (u16, String) {
    match reply {
        Ok(r) => (r.status, r.body.clone().unwrap_or_default()),
        Err(_) => (0, String::new()),
    }
}

fn trouble_text(t: &Trouble) -> D {
    match t {
        Trouble::Ended => D::TokenEnded,
        Trouble::Forbidden => D::Forbidden,
        Trouble::NotFound => D::NoSuchRegistration,
        Trouble::Unavailable => D::DeskUnavailable,
    }
}

fn role_word(role: Role) -> D {
    match role {
        Role::Desk => D::RoleDesk,
        Role::Officer => D::RoleOfficer,
        Role::Admin => D::RoleAdmin,
    }
}

#[derive(Clone, Copy)]
struct DeskCtx {
    token: RwSignal<Option<String>>,
    /// Set when the server says the token no longer works.
    ended: RwSignal<bool>,
    stages: LocalResource<Result<Stages, api::LoadError>>,
}

impl DeskCtx {
    fn token(self) -> String {
        self.token.get_untracked().unwrap_or_default()
    }

    /// Shows "this token no longer works" and forgets it.
    fn note(self, t: &Trouble) {
        if *t == Trouble::Ended {
            super::token::forget();
            self.ended.set(true);
            self.token.set(None);
        }
    }

    fn stage_name(self, id: &str, lang: contract::Lang) -> String {
        self.stages
            .get()
            .and_then(|s| s.ok())
            .map(|s| s.shown(id).name.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    }
}

#[component]
pub fn Desk(publisher: super::publish::Publisher, role: RwSignal<Option<Role>>) -> impl IntoView {
    let token = publisher.token;
    let ended = RwSignal::new(false);
    let ctx = DeskCtx {
        token,
        ended,
        stages: LocalResource::new(api::stages),
    };
    let me = LocalResource::new(move || {
        let t = token.get();
        async move {
            match t {
                Some(t) => Some(read::<StaffMe>(api::staff_me(&t).await)),
                None => None,
            }
        }
    });
    Effect::new(move |_| {
        match me.get() {
            Some(Some(Ok(staff))) => role.set(Some(staff.role)),
            // The token just typed (or kept) is wrong: said at the token box.
            Some(Some(Err(Trouble::Ended))) => {
                role.set(None);
                publisher.token_refused();
            }
            Some(Some(Err(t))) => {
                role.set(None);
                ctx.note(&t);
            }
            _ => role.set(None),
        }
        if token.with(Option::is_some) {
            ended.set(false);
        }
    });
    let lang = use_lang();
    view! {
        <Show when=move || ended.get()>
            <div class="error-box" role="alert"><p>{t(D::TokenEnded)}</p></div>
        </Show>
        {move || match me.get() {
            Some(Some(Ok(staff))) => {
                let role = staff.role;
                Some(view! {
                    <p class="status-line">
                        {t(D::SignedInAs)}" "<strong>{staff.name.clone()}</strong>
                        " ("{move || role_word(role).get(lang.get())}")"
                    </p>
                    <DeskFor ctx role />
                }.into_any())
            }
            Some(Some(Err(Trouble::Unavailable))) => Some(view! {
                <div class="error-box" role="alert"><p>{t(D::DeskUnavailable)}</p></div>
            }.into_any()),
            _ => None,
        }}
    }
}

/// A found person: the registration and the case.
#[derive(Clone, PartialEq)]
struct Found {
    record: RegistrationRecord,
    case: CaseRecord,
}

/// The parts of the desk, one shown at a time.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Person,
    List,
    Batch,
    Board,
    Audit,
}

/// What the staff member typed or chose in a part, kept while they move
/// between parts (nothing typed is lost).
#[derive(Clone, Copy)]
struct Kept {
    find: RwSignal<String>,
    batch_lines: RwSignal<String>,
    /// The change for many cases, as chosen so far.
    batch_change: ChangeFields,
    selected: RwSignal<Vec<String>>,
    list: ListChoice,
}

/// The list's filters as chosen on screen.
#[derive(Clone, Copy)]
struct ListChoice {
    /// A name searched (case officers): sent in the request body only.
    name: RwSignal<String>,
    only_today: RwSignal<bool>,
    stage: RwSignal<String>,
    arrived: RwSignal<String>,
    page: RwSignal<u32>,
}

#[component]
fn DeskFor(ctx: DeskCtx, role: Role) -> impl IntoView {
    let lang = use_lang();
    let part = RwSignal::new(Part::Person);
    let first_stage = ctx
        .stages
        .get_untracked()
        .and_then(|s| s.ok())
        .map(|s| s.initial().id.clone())
        .unwrap_or_default();
    let kept = Kept {
        find: RwSignal::new(String::new()),
        batch_lines: RwSignal::new(String::new()),
        batch_change: ChangeFields::new(ctx, first_stage),
        selected: RwSignal::new(Vec::new()),
        list: ListChoice {
            name: RwSignal::new(String::new()),
            only_today: RwSignal::new(true),
            stage: RwSignal::new(String::new()),
            arrived: RwSignal::new(String::new()),
            page: RwSignal::new(1),
        },
    };
    // The person shown; the case apart, so a change redraws only the case.
    let record = RwSignal::new(None::<RegistrationRecord>);
    let case = RwSignal::new(None::<CaseRecord>);
    let open = Action::new_local(move |reference: &String| {
        let reference = reference.clone();
        let token = ctx.token();
        async move {
            let record =
                read::<RegistrationRecord>(api::get_registration(&token, &reference).await)?;
            let case = read::<CaseRecord>(api::get_case(&token, &reference).await)?;
            Ok::<Found, Trouble>(Found { record, case })
        }
    });
    let problem = RwSignal::new(None::<D>);
    Effect::new(move |_| match open.value().get() {
        Some(Ok(f)) => {
            problem.set(None);
            kept.find.set(f.record.reference.clone());
            case.set(Some(f.case));
            record.set(Some(f.record));
            part.set(Part::Person);
            focus_soon("desk-case");
        }
        Some(Err(t)) => {
            ctx.note(&t);
            record.set(None);
            problem.set(Some(trouble_text(&t)));
            part.set(Part::Person);
            focus_soon("desk-find-input");
        }
        None => {}
    });
    let officer = role.can(Role::Officer);
    let parts = [
        (Part::Person, D::FindTitle, true),
        (Part::List, D::ListTitle, true),
        (Part::Batch, D::BatchTitle, officer),
        (Part::Board, D::BoardTitle, officer),
        (Part::Audit, D::AuditTitle, role.can(Role::Admin)),
    ];
    let buttons = parts
        .into_iter()
        .filter(|(_, _, shown)| *shown)
        .map(|(p, word, _)| {
            view! {
                <li>
                    <button
                        type="button"
                        class="button button-secondary"
                        aria-pressed=move || (part.get() == p).to_string()
                        on:click=move |_| {
                            if part.get_untracked() != p {
                                part.set(p);
                            }
                        }
                    >
                        {t(word)}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="desk-parts" aria-label=move || D::PartsLabel.get(lang.get())>
            <ul>{buttons}</ul>
        </nav>
        {move || match part.get() {
            Part::Person => view! {
                <FindPerson open problem typed=kept.find />
                {move || record.get().map(|r| view! { <CasePage ctx role record=r case /> })}
            }
            .into_any(),
            Part::List => view! { <RegistrationsList ctx role open kept part /> }.into_any(),
            Part::Batch => view! { <BatchChange ctx kept /> }.into_any(),
            Part::Board => view! { <NoticeBoardPart ctx /> }.into_any(),
            Part::Audit => view! { <AuditPart ctx /> }.into_any(),
        }}
    }
}

#[component]
fn FindPerson(
    open: Action<String, Result<Found, Trouble>>,
    problem: RwSignal<Option<D>>,
    typed: RwSignal<String>,
) -> impl IntoView {
    let lang = use_lang();
    let message = Memo::new(move |_| problem.get().map(|k| k.get(lang.get()).to_string()));
    // Typed or scanned: opened if it reads as a reference, else said.
    let find = move |text: &str| match contract::reference::normalise(text) {
        Some(r) => {
            problem.set(None);
            open.dispatch_local(r);
        }
        None => {
            problem.set(Some(D::NotAReference));
            focus_soon("desk-find-input");
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        find(&typed.get_untracked());
    };
    let scanned = move |result: Scanned| match result {
        Scanned::Text(text) => {
            typed.set(text.clone());
            find(&text);
        }
        Scanned::NoCamera => {
            problem.set(Some(D::ScanNoCamera));
            focus_soon("desk-find-input");
        }
        Scanned::Stopped => focus_soon("desk-find-input"),
    };
    view! {
        <section class="desk-find" aria-labelledby="desk-find-title">
            <h2 id="desk-find-title">{t(D::FindTitle)}</h2>
            <form on:submit=submit novalidate>
                <div class="field" class:field-has-error=move || message.get().is_some()>
                    <label for="desk-find-input">{t(D::FindLabel)}</label>
                    <Hint id="desk-find-hint".to_string()>{t(D::FindHint)}</Hint>
                    <ErrorLine id="desk-find-error".to_string() message />
                    <input
                        id="desk-find-input"
                        autocomplete="off"
                        spellcheck="false"
                        autocapitalize="characters"
                        bind:value=typed
                        aria-describedby=move || {
                            crate::form::described_by(
                                Some("desk-find-hint".into()),
                                message.with(Option::is_some).then(|| "desk-find-error".into()),
                            )
                        }
                        aria-invalid=move || message.get().map(|_| "true")
                    />
                </div>
                <div class="button-row">
                    <button type="submit" class="button">{t(D::FindButton)}</button>
                    <ScanButton label=Signal::derive(move || D::ScanButton.get(lang.get()).to_string())
                        stop_label=Signal::derive(move || D::ScanStop.get(lang.get()).to_string())
                        done=Callback::new(scanned) />
                </div>
            </form>
        </section>
    }
}

fn when(at: &str, lang: contract::Lang, off: i32) -> String {
    contract::time::parse_rfc3339(at)
        .map(|u| i18n::dates::date_time(u, off, lang))
        .unwrap_or_else(|| at.to_string())
}

fn offset() -> i32 {
    crate::profile::use_profile()
        .get_untracked()
        .map_or(0, |p| p.utc_offset_minutes)
}

#[component]
fn CasePage(
    ctx: DeskCtx,
    role: Role,
    record: RegistrationRecord,
    case: RwSignal<Option<CaseRecord>>,
) -> impl IntoView {
    let lang = use_lang();
    let off = offset();
    let reference = record.reference.clone();
    let arrival = RwSignal::new(record.arrived.clone());
    let already = RwSignal::new(false);
    let arrive_problem = RwSignal::new(None::<D>);
    let arrive = Action::new_local({
        let reference = reference.clone();
        move |_: &()| {
            let reference = reference.clone();
            let token = ctx.token();
            async move { read::<ArrivedAnswer>(api::mark_arrived(&token, &reference).await) }
        }
    });
    Effect::new(move |_| match arrive.value().get() {
        Some(Ok(a)) => {
            arrive_problem.set(None);
            already.set(a.already);
            arrival.set(Some(a.arrival));
        }
        Some(Err(t)) => {
            ctx.note(&t);
            arrive_problem.set(Some(trouble_text(&t)));
        }
        None => {}
    });
    let received = record.received_at.clone();
    let rows = move || {
        let l = lang.get();
        crate::register::check::request_rows(&record.registration, l)
            .into_iter()
            .map(|(label, value, _)| {
                view! {
                    <div class="summary-row">
                        <dt>{label.get(l)}</dt>
                        <dd>{value.unwrap_or_else(|| "—".into())}</dd>
                    </div>
                }
            })
            .collect_view()
    };
    let history = move || {
        let l = lang.get();
        case.get()
            .map(|c| c.history)
            .unwrap_or_default()
            .iter()
            .map(|h| {
                let by = if h.by.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", h.by)
                };
                view! { <li>{ctx.stage_name(&h.stage, l)}" · "{when(&h.at, l, off)}{by}</li> }
            })
            .collect_view()
    };
    view! {
        <section class="desk-case" id="desk-case" tabindex="-1" aria-labelledby="desk-case-title">
            <h2 id="desk-case-title">{reference.clone()}</h2>
            <p>{t(D::ReceivedAt)}": "{move || when(&received, lang.get(), off)}</p>
            <dl class="summary">{rows}</dl>
            <h3>{t(D::ArrivedTitle)}</h3>
            <p role="status">
                {move || match arrival.get() {
                    Some(a) => {
                        let l = lang.get();
                        let lead = if already.get() { D::AlreadyArrived.get(l) } else { D::ArrivedAt.get(l) };
                        format!("{lead} {} {} {}", when(&a.at, l, off), D::By.get(l), a.by)
                    }
                    None => D::NotArrived.get(lang.get()).to_string(),
                }}
            </p>
            <button type="button" class="button" on:click=move |_| { arrive.dispatch_local(()); }>
                {t(D::MarkArrived)}
            </button>
            <div role="alert">
                {move || arrive_problem.get().map(|k| view! { <p class="error-message">{k.get(lang.get())}</p> })}
            </div>
            <h3>{t(D::HistoryTitle)}</h3>
            <ol>{history}</ol>
            {role.can(Role::Officer).then(|| view! {
                <ChangeStage ctx reference=reference.clone() case />
            })}
        </section>
    }
}

/// The words for a case change's field error codes (`CaseUpdate::validate`).
fn desk_message(code: &str, lang: contract::Lang) -> &'static str {
    match code {
        "unknown_stage" => D::UnknownStage,
        "too_long" => D::TooLong,
        "control_character" => D::HiddenCharacter,
        "missing_translation" => D::BothLanguages,
        "not_invited" => D::NoInvitation,
        "past" => D::PastDate,
        "format" => D::BadFormat,
        "order" => D::BadOrder,
        _ => D::FieldProblem,
    }
    .get(lang)
}

static CHANGE_SCHEME: Scheme = Scheme {
    summary_title: |l| D::ErrorSummaryTitle.get(l),
    error_word: |l| D::ErrorWord.get(l),
    message: desk_message,
    summary_line: |_, code, l| desk_message(code, l).to_string(),
    target: |path| Some(field_id(path)),
    shows_on: |path| path.to_string(),
    rank: |path| {
        (
            [
                "case.stage",
                "case.note.id",
                "case.note.en",
                "case.invitation.date",
                "case.invitation.from",
                "case.invitation.to",
                "case.invitation.place",
            ]
            .iter()
            .position(|p| *p == path)
            .unwrap_or(9) as u32,
            0,
        )
    },
};

/// The id of the desk forms' error summary (the advisory form, beside it
/// for admins, has the default one).
const DESK_SUMMARY: &str = "desk-error-summary";

/// A case change's errors (paths as the contract names them: `note.id`)
/// on the desk's fields, whose paths start with `case.` so their ids never
/// meet the advisory form's on the same page. `references[…]` stay.
fn on_case_fields(errors: Vec<FieldError>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|mut e| {
            if !e.field.starts_with("references") {
                e.field = format!("case.{}", e.field);
            }
            e
        })
        .collect()
}

/// The fields of a case change (the stage, a note in both languages, the
/// invitation when the stage has one), for one case and for many.
#[derive(Clone, Copy)]
struct ChangeFields {
    stage: RwSignal<String>,
    note_id: RwSignal<String>,
    note_en: RwSignal<String>,
    date: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    place_id: RwSignal<String>,
    place_en: RwSignal<String>,
    /// Whether the chosen stage invites the person.
    invites: Memo<bool>,
}

impl ChangeFields {
    fn new(ctx: DeskCtx, stage: String) -> ChangeFields {
        let stage = RwSignal::new(stage);
        let invites = Memo::new(move |_| {
            ctx.stages
                .get()
                .and_then(|s| s.ok())
                .and_then(|s| s.get(&stage.get()).map(|st| st.invites))
                .unwrap_or(false)
        });
        let text = || RwSignal::new(String::new());
        ChangeFields {
            stage,
            note_id: text(),
            note_en: text(),
            date: text(),
            from: text(),
            to: text(),
            place_id: text(),
            place_en: text(),
            invites,
        }
    }

    /// The change as typed, trimmed; `version` for one case (0 for many).
    fn update(self, version: u32) -> CaseUpdate {
        let text = |s: RwSignal<String>| s.get_untracked().trim().to_string();
        let note = (!text(self.note_id).is_empty() || !text(self.note_en).is_empty())
            .then(|| Localized::new(text(self.note_id), text(self.note_en)));
        let invitation =
            (self.invites.get_untracked() && !text(self.date).is_empty()).then(|| Invitation {
                date: text(self.date),
                from: text(self.from),
                to: text(self.to),
                place: Localized::new(text(self.place_id), text(self.place_en)),
            });
        CaseUpdate {
            stage: self.stage.get_untracked(),
            note,
            invitation,
            version,
        }
    }

    /// The same checks as the server's, before sending.
    fn problems(ctx: DeskCtx, change: &CaseUpdate) -> Vec<FieldError> {
        let today = contract::time::local_date(crate::dom::now_unix(), offset());
        ctx.stages
            .get_untracked()
            .and_then(|s| s.ok())
            .map(|s| on_case_fields(change.validate(&s, &today)))
            .unwrap_or_default()
    }
}

/// The stage list as `<option>`s, `chosen` selected.
fn stage_options(ctx: DeskCtx, chosen: RwSignal<String>) -> impl Fn() -> Option<AnyView> {
    let lang = use_lang();
    move || {
        let l = lang.get();
        ctx.stages.get().and_then(|s| s.ok()).map(|s| {
            s.path
                .iter()
                .chain(std::iter::once(&s.contact))
                .map(|st| {
                    let id = st.id.clone();
                    let selected = chosen.get_untracked() == id;
                    view! { <option value=id.clone() selected=selected>{st.name.get(l).to_string()}</option> }
                })
                .collect_view()
                .into_any()
        })
    }
}

#[component]
fn ChangeFieldsView(ctx: DeskCtx, fields: ChangeFields) -> impl IntoView {
    let ChangeFields {
        stage,
        note_id,
        note_en,
        date,
        from,
        to,
        place_id,
        place_en,
        invites,
    } = fields;
    let stage_error = use_error("case.stage");
    view! {
        <div class="field" class:field-has-error=move || stage_error.get().is_some()>
            <label for=field_id("case.stage")>{t(D::StageLabel)}</label>
            <ErrorMessage path="case.stage" />
            <select id=field_id("case.stage") on:change=move |ev| stage.set(event_target_value(&ev))
                aria-describedby=move || stage_error.get().map(|_| error_id("case.stage"))
                aria-invalid=move || stage_error.get().map(|_| "true")>
                {stage_options(ctx, stage)}
            </select>
        </div>
        <TextInput path="case.note.id".into() label=D::NoteId hint=D::NoteHint value=note_id />
        <TextInput path="case.note.en".into() label=D::NoteEn hint=D::NoteHint value=note_en />
        <Show when=move || invites.get()>
            <TextInput path="case.invitation.date".into() label=D::InviteDate value=date />
            <TextInput path="case.invitation.from".into() label=D::InviteFrom value=from />
            <TextInput path="case.invitation.to".into() label=D::InviteTo value=to />
            <TextInput path="case.invitation.place".into() label=D::InvitePlaceId value=place_id />
            <TextInput path="case.invitation.place.en".into() label=D::InvitePlaceEn value=place_en />
        </Show>
    }
}

#[component]
fn ChangeStage(
    ctx: DeskCtx,
    reference: String,
    case: RwSignal<Option<CaseRecord>>,
) -> impl IntoView {
    let shown = case.get_untracked();
    let lang = use_lang();
    let errors = Errors::provide(&CHANGE_SCHEME, Vec::new());
    let fields = ChangeFields::new(
        ctx,
        shown.as_ref().map(|c| c.stage.clone()).unwrap_or_default(),
    );
    let version = RwSignal::new(shown.as_ref().map_or(0, |c| c.version));
    let said = RwSignal::new(None::<D>);
    let save = Action::new_local({
        let reference = reference.clone();
        move |change: &CaseUpdate| {
            let change = change.clone();
            let reference = reference.clone();
            let token = ctx.token();
            async move { api::put_case(&token, &reference, &change).await }
        }
    });
    Effect::new(move |_| {
        let Some(reply) = save.value().get() else {
            return;
        };
        let (status, body) = status_and_body(&reply);
        match status {
            200 => match serde_json::from_str::<CaseRecord>(&body) {
                Ok(fresh) => {
                    errors.clear();
                    said.set(Some(D::Saved));
                    version.set(fresh.version);
                    case.set(Some(fresh));
                }
                Err(_) => said.set(Some(D::DeskUnavailable)),
            },
            409 => match serde_json::from_str::<CaseConflict>(&body) {
                Ok(c) => {
                    said.set(Some(D::Conflict));
                    version.set(c.case.version);
                    case.set(Some(c.case));
                }
                Err(_) => said.set(Some(D::DeskUnavailable)),
            },
            422 => match field_errors(&body) {
                Some(fields) => {
                    said.set(None);
                    errors.set(on_case_fields(fields));
                    focus_summary_at(DESK_SUMMARY);
                }
                None => said.set(Some(D::DeskUnavailable)),
            },
            _ => {
                let t = trouble(&reply).unwrap_or(Trouble::Unavailable);
                ctx.note(&t);
                said.set(Some(trouble_text(&t)));
            }
        }
        focus_soon("desk-change-said");
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let change = fields.update(version.get_untracked());
        let problems = ChangeFields::problems(ctx, &change);
        if problems.is_empty() {
            said.set(Some(D::Saving));
            save.dispatch_local(change);
        } else {
            errors.set(problems);
            focus_summary_at(DESK_SUMMARY);
        }
    };
    view! {
        <h3>{t(D::ChangeTitle)}</h3>
        <ErrorSummary id=DESK_SUMMARY />
        <form class="desk-change" on:submit=submit novalidate>
            <ChangeFieldsView ctx fields />
            <button type="submit" class="button">{t(D::SaveChange)}</button>
            <p id="desk-change-said" class="status-line" role="status" tabindex="-1">
                {move || said.get().map(|k| k.get(lang.get()))}
            </p>
        </form>
    }
}

/// The field errors of a 422 answer, if it has any.
fn field_errors(body: &str) -> Option<Vec<FieldError>> {
    serde_json::from_str::<ApiError>(body)
        .ok()
        .map(|e| e.error.fields)
        .filter(|f| !f.is_empty())
}

/// Saves `text` as a file named `name` (the CSV export), through a
/// `blob:` URL that is revoked at once: nothing is kept by the browser
/// beyond the download the staff member asked for.
fn download(text: &str, name: &str) -> bool {
    // `fetch` reads the text without the server's byte-order mark; the
    // file needs it again so spreadsheets read it as UTF-8.
    let text = if text.starts_with('\u{feff}') {
        text.to_string()
    } else {
        format!("\u{feff}{text}")
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let done = (|| {
        use wasm_bindgen::JsCast;
        let a: web_sys::HtmlAnchorElement = web_sys::window()?
            .document()?
            .create_element("a")
            .ok()?
            .dyn_into()
            .ok()?;
        a.set_href(&url);
        a.set_download(name);
        a.click();
        Some(())
    })();
    let _ = web_sys::Url::revoke_object_url(&url);
    done.is_some()
}

#[component]
fn RegistrationsList(
    ctx: DeskCtx,
    role: Role,
    open: Action<String, Result<Found, Trouble>>,
    kept: Kept,
    part: RwSignal<Part>,
) -> impl IntoView {
    let lang = use_lang();
    let officer = role.can(Role::Officer);
    let today = contract::time::local_date(crate::dom::now_unix(), offset());
    let ListChoice {
        name,
        only_today,
        stage,
        arrived,
        page,
    } = kept.list;
    let selected = kept.selected;
    let query = Memo::new(move |_| ListFilter {
        from: only_today.get().then(|| today.clone()),
        to: only_today.get().then(|| today.clone()),
        stage: Some(stage.get()).filter(|s| !s.is_empty()),
        arrived: Some(arrived.get()).filter(|s| !s.is_empty()),
        q: Some(name.get()).filter(|s| !s.is_empty()),
        page: Some(page.get()),
        ..ListFilter::default()
    });
    let list = LocalResource::new(move || {
        let q = query.get();
        let token = ctx.token.get().unwrap_or_default();
        async move { read::<RegistrationList>(api::list_registrations(&token, &q).await) }
    });
    Effect::new(move |_| {
        if let Some(Err(t)) = list.get() {
            ctx.note(&t);
        }
    });
    let exported = RwSignal::new(None::<D>);
    let export = Action::new_local(move |_: &()| {
        let filter = ListFilter {
            page: None,
            ..query.get_untracked()
        };
        let token = ctx.token();
        async move { api::export_registrations(&token, &filter).await }
    });
    Effect::new(move |_| {
        let Some(reply) = export.value().get() else {
            return;
        };
        let said = match (trouble(&reply), reply) {
            (
                None,
                Ok(Reply {
                    body: Some(csv), ..
                }),
            ) => {
                let name = format!(
                    "registrations-{}.csv",
                    contract::time::local_date(crate::dom::now_unix(), offset())
                );
                if download(&csv, &name) {
                    D::ExportDone
                } else {
                    D::DeskUnavailable
                }
            }
            (Some(t), _) => {
                ctx.note(&t);
                trouble_text(&t)
            }
            _ => D::DeskUnavailable,
        };
        exported.set(Some(said));
    });
    let select_stage = {
        let options = stage_options(ctx, stage);
        move || options()
    };
    let toggle = move |r: String, on: bool| {
        selected.update(|v| {
            v.retain(|x| *x != r);
            if on {
                v.push(r);
            }
        });
    };
    let to_batch = move |_| {
        let mut lines: Vec<String> = kept
            .batch_lines
            .get_untracked()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        for r in selected.get_untracked() {
            if !lines.contains(&r) {
                lines.push(r);
            }
        }
        kept.batch_lines.set(lines.join("\n"));
        part.set(Part::Batch);
    };
    let body = move || {
        let l = lang.get();
        match list.get() {
            Some(Ok(list)) => {
                let pages = list.total.div_ceil(list.per_page.max(1)).max(1);
                // A page turn gives focus to the list's heading (the
                // buttons are drawn again with the new page).
                let turn = move |to: u32| {
                    page.set(to.clamp(1, pages));
                    focus_soon("desk-list-title");
                };
                let previous = move |_| turn(page.get_untracked().saturating_sub(1));
                let next = move |_| turn(page.get_untracked() + 1);
                let at_first = move || page.get() <= 1;
                let at_last = move || page.get() >= pages;
                let counts = list
                    .counts
                    .iter()
                    .filter(|c| c.count > 0)
                    .map(|c| view! { <li>{ctx.stage_name(&c.stage, l)}": "{c.count}</li> })
                    .collect_view();
                let on_page: Vec<String> = list.items.iter().map(|i| i.reference.clone()).collect();
                let select_page = (officer && !on_page.is_empty()).then(|| {
                    view! {
                        <button type="button" class="button button-secondary" on:click=move |_| {
                            selected.update(|v| {
                                for r in &on_page {
                                    if !v.contains(r) {
                                        v.push(r.clone());
                                    }
                                }
                            });
                        }>{D::SelectPage.get(l)}</button>
                    }
                });
                let rows = list
                    .items
                    .iter()
                    .map(|item| {
                        let r = item.reference.clone();
                        let arrived_text = item
                            .arrived
                            .as_ref()
                            .map(|a| when(&a.at, l, offset()))
                            .unwrap_or_else(|| D::No.get(l).to_string());
                        let pick = officer.then(|| {
                            let r = r.clone();
                            let checked = {
                                let r = r.clone();
                                move || selected.with(|v| v.contains(&r))
                            };
                            let label = format!("{} {}", D::SelectRow.get(l), r);
                            view! {
                                <td>
                                    <input type="checkbox" class="row-check" aria-label=label prop:checked=checked
                                        on:change=move |ev| toggle(r.clone(), event_target_checked(&ev)) />
                                </td>
                            }
                        });
                        view! {
                            <tr>
                                {pick}
                                <td>
                                    <button type="button" class="link-button" on:click=move |_| { open.dispatch_local(r.clone()); }>
                                        {item.reference.clone()}
                                    </button>
                                </td>
                                <td>{item.full_name.clone()}</td>
                                <td>{ctx.stage_name(&item.stage, l)}</td>
                                <td>{arrived_text}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <h3>{D::ListCounts.get(l)}</h3>
                    <ul class="desk-counts">{counts}</ul>
                    <p>{D::ListTotal.get(l)}": "{list.total}</p>
                    {select_page}
                    {if list.items.is_empty() {
                        view! { <p>{D::ListEmpty.get(l)}</p> }.into_any()
                    } else {
                        let heads = officer
                            .then_some(D::SelectRow)
                            .into_iter()
                            .chain([D::FindLabel, D::ListName, D::ListStage, D::ListArrived])
                            .collect();
                        view! { <DeskTable heads>{rows}</DeskTable> }.into_any()
                    }}
                    <nav class="pager" aria-label=D::PageOf.get(l)>
                        <button type="button" class="button button-secondary" disabled=at_first on:click=previous>
                            {D::Previous.get(l)}
                        </button>
                        " "{D::PageOf.get(l)}" "{list.page}" / "{pages}" "
                        <button type="button" class="button button-secondary" disabled=at_last on:click=next>
                            {D::Next.get(l)}
                        </button>
                    </nav>
                }
                .into_any()
            }
            Some(Err(t)) => view! { <p role="alert">{trouble_text(&t).get(l)}</p> }.into_any(),
            None => view! { <p>{crate::lang::Key::Loading.get(l)}</p> }.into_any(),
        }
    };
    let name_search = officer.then(|| {
        let typed = RwSignal::new(name.get_untracked());
        let short = RwSignal::new(false);
        let message = Signal::derive(move || {
            short
                .get()
                .then(|| D::NameTooShort.get(lang.get()).to_string())
        });
        let submit = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let text = typed.get_untracked().trim().to_string();
            let too_short =
                !text.is_empty() && text.chars().count() < contract::desk::NAME_SEARCH_MIN;
            short.set(too_short);
            if too_short {
                focus_soon("desk-name");
            } else {
                page.set(1);
                // A name finds people on every day.
                if !text.is_empty() {
                    only_today.set(false);
                }
                name.set(text);
            }
        };
        view! {
            <form class="desk-name-search" on:submit=submit novalidate>
                <div class="field" class:field-has-error=move || short.get()>
                    <label for="desk-name">{t(D::NameLabel)}</label>
                    <Hint id="desk-name-hint".to_string()>{t(D::NameHint)}</Hint>
                    <ErrorLine id="desk-name-error".to_string() message />
                    <input id="desk-name" autocomplete="off" spellcheck="false" bind:value=typed
                        aria-describedby=move || crate::form::described_by(
                            Some("desk-name-hint".into()),
                            short.get().then(|| "desk-name-error".into()),
                        )
                        aria-invalid=move || short.get().then_some("true") />
                </div>
                <button type="submit" class="button button-secondary">{t(D::NameButton)}</button>
            </form>
        }
    });
    let tools = officer.then(|| {
        view! {
            <div class="desk-tools">
                <p role="status">{t(D::SelectedCount)}": "{move || selected.with(Vec::len)}</p>
                <button type="button" class="button button-secondary" on:click=to_batch
                    disabled=move || selected.with(Vec::is_empty)>
                    {t(D::ChangeSelected)}
                </button>
                <p class="hint" id="desk-export-hint">{t(D::ExportHint)}</p>
                <button type="button" class="button button-secondary" aria-describedby="desk-export-hint"
                    on:click=move |_| { exported.set(None); export.dispatch_local(()); }>
                    {t(D::ExportButton)}
                </button>
                <p role="status">{move || exported.get().map(|k| k.get(lang.get()))}</p>
            </div>
        }
    });
    view! {
        <section class="desk-list" aria-labelledby="desk-list-title">
            <h2 id="desk-list-title" tabindex="-1">{t(D::ListTitle)}</h2>
            {name_search}
            <div class="inline-fields">
                <div class="field">
                    <label for="desk-day">{t(D::ListDays)}</label>
                    <select id="desk-day" prop:value=move || if only_today.get() { "today" } else { "all" }
                        on:change=move |ev| { page.set(1); only_today.set(event_target_value(&ev) == "today"); }>
                        <option value="today" selected=only_today.get_untracked()>{t(D::ListToday)}</option>
                        <option value="all" selected=!only_today.get_untracked()>{t(D::ListAll)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="desk-stage">{t(D::ListStage)}</label>
                    <select id="desk-stage" on:change=move |ev| { page.set(1); stage.set(event_target_value(&ev)); }>
                        <option value="">{t(D::ListAnyStage)}</option>
                        {select_stage}
                    </select>
                </div>
                <div class="field">
                    <label for="desk-arrived">{t(D::ListArrived)}</label>
                    <select id="desk-arrived" on:change=move |ev| { page.set(1); arrived.set(event_target_value(&ev)); }>
                        <option value="" selected=arrived.get_untracked().is_empty()>{t(D::ListAny)}</option>
                        <option value="yes" selected=arrived.get_untracked() == "yes">{t(D::Yes)}</option>
                        <option value="no" selected=arrived.get_untracked() == "no">{t(D::No)}</option>
                    </select>
                </div>
            </div>
            {tools}
            {body}
        </section>
    }
}

/// A table of the desk, scrolling sideways on a narrow screen: column
/// headings `heads`, then its children (the `<tr>`s).
#[component]
fn DeskTable(heads: Vec<D>, children: Children) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="desk-table">
                <thead><tr>
                    {heads.into_iter().map(|h| view! { <th scope="col">{t(h)}</th> }).collect_view()}
                </tr></thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// The words for a batch's reference errors, then a case change's.
fn batch_message(code: &str, lang: contract::Lang) -> &'static str {
    match code {
        "required" => D::RefsRequired.get(lang),
        "too_many" => D::TooManyRefs.get(lang),
        "reference_invalid" => D::NotAReference.get(lang),
        "not_found" => D::NoSuchRegistration.get(lang),
        _ => desk_message(code, lang),
    }
}

/// `references[3]` → the line number the staff member sees (4).
fn line_of(path: &str) -> Option<usize> {
    path.strip_prefix("references[")?
        .strip_suffix(']')?
        .parse::<usize>()
        .ok()
        .map(|i| i + 1)
}

static BATCH_SCHEME: Scheme = Scheme {
    summary_title: |l| D::ErrorSummaryTitle.get(l),
    error_word: |l| D::ErrorWord.get(l),
    message: batch_message,
    summary_line: |path, code, l| match line_of(path) {
        Some(n) => format!("{} {n}: {}", D::Line.get(l), batch_message(code, l)),
        None => batch_message(code, l).to_string(),
    },
    target: |path| Some(field_id(&(BATCH_SCHEME.shows_on)(path))),
    shows_on: |path| {
        if path.starts_with("references") {
            "references".to_string()
        } else {
            path.to_string()
        }
    },
    rank: |path| match line_of(path) {
        Some(n) => (0, n),
        None if path == "references" => (0, 0),
        None => ((CHANGE_SCHEME.rank)(path).0 + 1, 0),
    },
};

/// The lines typed or pasted, without the empty ones, each with its line
/// number (from 0) so an error names the line the staff member sees.
fn typed_lines(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i, l.trim().to_string()))
        .filter(|(_, l)| !l.is_empty())
        .collect()
}

/// A batch's errors, with each `references[i]` (an index into `sent`, or
/// into the typed lines) made the line of the text area.
fn errors_on_lines(
    errors: Vec<FieldError>,
    lines: &[(usize, String)],
    sent: Option<&[String]>,
) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|mut e| {
            let index = e
                .field
                .strip_prefix("references[")
                .and_then(|r| r.strip_suffix(']'))
                .and_then(|i| i.parse::<usize>().ok());
            if let Some(i) = index {
                let line = match sent {
                    // An index into what was sent: the first line that reads as it.
                    Some(sent) => sent.get(i).and_then(|r| {
                        lines
                            .iter()
                            .find(|(_, l)| {
                                contract::reference::normalise(l).as_deref() == Some(r.as_str())
                            })
                            .map(|(n, _)| *n)
                    }),
                    None => lines.get(i).map(|(n, _)| *n),
                };
                if let Some(n) = line {
                    e.field = format!("references[{n}]");
                }
            }
            e
        })
        .collect()
}

/// Where a batch stands.
#[derive(Clone, PartialEq)]
enum BatchStep {
    Editing,
    Confirm { batch: BatchUpdate },
    Done { done: BatchDone },
    Undone { restored: u32 },
}

#[component]
fn BatchChange(ctx: DeskCtx, kept: Kept) -> impl IntoView {
    let lang = use_lang();
    let errors = Errors::provide(&BATCH_SCHEME, Vec::new());
    let fields = kept.batch_change;
    let step = RwSignal::new(BatchStep::Editing);
    let said = RwSignal::new(None::<D>);
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        said.set(None);
        let lines = typed_lines(&kept.batch_lines.get_untracked());
        let typed: Vec<String> = lines.iter().map(|(_, l)| l.clone()).collect();
        let change = fields.update(0);
        let mut problems = ChangeFields::problems(ctx, &change);
        let references = match contract::desk::read_references(&typed) {
            Ok(r) => r,
            Err(e) => {
                problems.extend(errors_on_lines(e, &lines, None));
                Vec::new()
            }
        };
        if problems.is_empty() {
            errors.clear();
            step.set(BatchStep::Confirm {
                batch: BatchUpdate {
                    references,
                    stage: change.stage,
                    note: change.note,
                    invitation: change.invitation,
                },
            });
            focus_soon("desk-batch-confirm");
        } else {
            errors.set(problems);
            focus_summary_at(DESK_SUMMARY);
        }
    };
    // A scanned code goes on a line of its own; the check reads it later.
    let add_scanned = move |result: Scanned| match result {
        Scanned::Text(text) => kept.batch_lines.update(|lines| {
            if !lines.is_empty() && !lines.ends_with('\n') {
                lines.push('\n');
            }
            lines.push_str(text.trim());
        }),
        Scanned::NoCamera => said.set(Some(D::ScanNoCamera)),
        Scanned::Stopped => {}
    };
    let send = Action::new_local(move |batch: &BatchUpdate| {
        let batch = batch.clone();
        let token = ctx.token();
        async move { (api::batch_cases(&token, &batch).await, batch) }
    });
    Effect::new(move |_| {
        let Some((reply, batch)) = send.value().get() else {
            return;
        };
        let (status, body) = status_and_body(&reply);
        match (status, serde_json::from_str::<BatchDone>(&body)) {
            (200, Ok(done)) => {
                kept.selected.set(Vec::new());
                kept.batch_lines.set(String::new());
                step.set(BatchStep::Done { done });
                focus_soon("desk-batch-done");
                return;
            }
            (422, _) => {
                if let Some(fields) = field_errors(&body) {
                    let lines = typed_lines(&kept.batch_lines.get_untracked());
                    errors.set(errors_on_lines(
                        on_case_fields(fields),
                        &lines,
                        Some(&batch.references),
                    ));
                    step.set(BatchStep::Editing);
                    focus_summary_at(DESK_SUMMARY);
                    return;
                }
                said.set(Some(D::DeskUnavailable));
            }
            _ => {
                let t = trouble(&reply).unwrap_or(Trouble::Unavailable);
                ctx.note(&t);
                said.set(Some(trouble_text(&t)));
            }
        }
        focus_soon("desk-batch-said");
    });
    let undo = Action::new_local(move |batch: &i64| {
        let batch = *batch;
        let token = ctx.token();
        async move { api::undo_batch(&token, batch).await }
    });
    Effect::new(move |_| {
        let Some(reply) = undo.value().get() else {
            return;
        };
        match reply.as_ref().map(|r| r.status) {
            Ok(200) => {
                let restored = reply
                    .ok()
                    .and_then(|r| r.body)
                    .and_then(|b| serde_json::from_str::<serde_json::Value>(&b).ok())
                    .and_then(|v| v["restored"].as_u64())
                    .unwrap_or(0) as u32;
                step.set(BatchStep::Undone { restored });
                focus_soon("desk-batch-undone");
                return;
            }
            Ok(409) => said.set(Some(D::UndoTooLate)),
            _ => {
                let t = trouble(&reply).unwrap_or(Trouble::Unavailable);
                ctx.note(&t);
                said.set(Some(trouble_text(&t)));
            }
        }
        focus_soon("desk-batch-said");
    });
    let said_line = move || {
        view! {
            <p id="desk-batch-said" class="status-line" role="status" tabindex="-1">
                {move || said.get().map(|k| k.get(lang.get()))}
            </p>
        }
    };
    let shown = move || {
        match step.get() {
        BatchStep::Editing => view! {
            <ErrorSummary id=DESK_SUMMARY />
            <form class="desk-change" on:submit=check novalidate>
                <TextArea path="references".into() label=D::BatchRefs hint=D::BatchRefsHint value=kept.batch_lines rows=8 />
                <p class="button-row">
                    <ScanButton label=Signal::derive(move || D::ScanAdd.get(lang.get()).to_string())
                        stop_label=Signal::derive(move || D::ScanStop.get(lang.get()).to_string())
                        done=Callback::new(add_scanned) />
                </p>
                <ChangeFieldsView ctx fields />
                <button type="submit" class="button">{t(D::BatchCheck)}</button>
            </form>
            {said_line()}
        }
        .into_any(),
        BatchStep::Confirm { batch } => {
            let n = batch.references.len();
            let stage_id = batch.stage.clone();
            let refs = batch.references.join(", ");
            view! {
                <div class="warning-box" id="desk-batch-confirm" tabindex="-1">
                    <p><strong>{t(D::BatchAbout)}" "{n}</strong></p>
                    <p>{t(D::StageLabel)}": "<strong>{move || ctx.stage_name(&stage_id, lang.get())}</strong></p>
                    <p class="batch-refs">{refs}</p>
                </div>
                <div class="button-row">
                    <button type="button" class="button" on:click=move |_| { send.dispatch_local(batch.clone()); }>
                        {t(D::BatchYes)}" ("{n}")"
                    </button>
                    <button type="button" class="button button-secondary" on:click=move |_| step.set(BatchStep::Editing)>
                        {t(D::BatchBack)}
                    </button>
                </div>
                {said_line()}
            }
            .into_any()
        }
        BatchStep::Done { done } => {
            let until = when(&done.undo_until, lang.get_untracked(), offset());
            let id = done.batch;
            view! {
                <div class="panel-confirmation" id="desk-batch-done" tabindex="-1">
                    <p>{t(D::BatchChanged)}" "{done.changed}</p>
                </div>
                <p>{t(D::UndoUntil)}" "{until}</p>
                <button type="button" class="button button-secondary" on:click=move |_| { undo.dispatch_local(id); }>
                    {t(D::Undo)}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| { said.set(None); step.set(BatchStep::Editing); }>
                    {t(D::BatchAnother)}
                </button>
                {said_line()}
            }
            .into_any()
        }
        BatchStep::Undone { restored } => view! {
            <p id="desk-batch-undone" tabindex="-1">{t(D::Undone)}" "{restored}</p>
            <button type="button" class="button button-secondary" on:click=move |_| { said.set(None); step.set(BatchStep::Editing); }>
                {t(D::BatchAnother)}
            </button>
        }
        .into_any(),
    }
    };
    view! {
        <section class="desk-batch" aria-labelledby="desk-batch-title">
            <h2 id="desk-batch-title">{t(D::BatchTitle)}</h2>
            <p>{t(D::BatchIntro)}</p>
            {shown}
        </section>
    }
}

#[component]
fn NoticeBoardPart(ctx: DeskCtx) -> impl IntoView {
    let lang = use_lang();
    let stage = RwSignal::new(
        ctx.stages
            .get_untracked()
            .and_then(|s| s.ok())
            .and_then(|s| s.path.iter().find(|st| st.invites).map(|st| st.id.clone()))
            .unwrap_or_default(),
    );
    let board = Action::new_local(move |stage: &String| {
        let stage = stage.clone();
        let token = ctx.token();
        async move { read::<NoticeBoard>(api::notice_board(&token, &stage).await) }
    });
    Effect::new(move |_| match board.value().get() {
        Some(Ok(_)) => focus_soon("notice-board"),
        Some(Err(t)) => {
            ctx.note(&t);
            focus_soon("desk-board-stage");
        }
        None => {}
    });
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let printed = move || {
        board.value().get().map(|b| match b {
            Ok(b) => {
                let stages = ctx.stages.get().and_then(|s| s.ok());
                let name = stages
                    .as_ref()
                    .map(|s| {
                        let st = s.shown(&b.stage);
                        format!("{} / {}", st.name.get(contract::Lang::Id), st.name.get(contract::Lang::En))
                    })
                    .unwrap_or_else(|| b.stage.clone());
                let today = i18n::dates::date_time(crate::dom::now_unix(), offset(), lang.get_untracked());
                let case_id = format!("{origin}{}", contract::site::case_page_path(contract::Lang::Id));
                let case_en = format!("{origin}{}", contract::site::case_page_path(contract::Lang::En));
                let refs = if b.references.is_empty() {
                    view! { <p>{t(D::BoardEmpty)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="board-refs">
                            {b.references.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                };
                view! {
                    <div class="notice-board" id="notice-board" tabindex="-1">
                        <h3>{name}</h3>
                        <p>{today}</p>
                        {refs}
                        <p lang="id">{D::BoardCheck.get(contract::Lang::Id)}" "{case_id}</p>
                        <p lang="en">{D::BoardCheck.get(contract::Lang::En)}" "{case_en}</p>
                    </div>
                    <button type="button" class="button button-secondary board-print" on:click=move |_| {
                        if let Some(w) = web_sys::window() { let _ = w.print(); }
                    }>{t(D::BoardPrint)}</button>
                }
                .into_any()
            }
            Err(t) => view! { <p role="alert">{move || trouble_text(&t).get(lang.get())}</p> }.into_any(),
        })
    };
    view! {
        <section class="desk-board" aria-labelledby="desk-board-title">
            <h2 id="desk-board-title">{t(D::BoardTitle)}</h2>
            <p>{t(D::BoardIntro)}</p>
            <form class="board-controls" on:submit=move |ev| { ev.prevent_default(); board.dispatch_local(stage.get_untracked()); } novalidate>
                <div class="field">
                    <label for="desk-board-stage">{t(D::ListStage)}</label>
                    <select id="desk-board-stage" on:change=move |ev| stage.set(event_target_value(&ev))>
                        {stage_options(ctx, stage)}
                    </select>
                </div>
                <button type="submit" class="button">{t(D::BoardShow)}</button>
            </form>
            {printed}
        </section>
    }
}

/// An audit action code in words (an unknown one as it is).
fn action_words(code: &str, lang: contract::Lang) -> String {
    let key = match code {
        "registration_read" => D::ActRegistrationRead,
        "case_read" => D::ActCaseRead,
        "case_changed" => D::ActCaseChanged,
        "arrived" => D::ActArrived,
        "list" => D::ActList,
        "export" => D::ActExport,
        "batch" => D::ActBatch,
        "batch_undone" => D::ActBatchUndone,
        "notice_board" => D::BoardTitle,
        "audit_read" => D::ActAuditRead,
        "account_created" => D::ActAccountCreated,
        "account_revoked" => D::ActAccountRevoked,
        "registration_deleted" => D::ActRegistrationDeleted,
        "retention_purge" => D::ActRetentionPurge,
        other => return other.to_string(),
    };
    key.get(lang).to_string()
}

/// The audit log for admins: who read, changed or exported what, and when.
#[component]
fn AuditPart(ctx: DeskCtx) -> impl IntoView {
    let lang = use_lang();
    let since = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<D>);
    let search = Action::new_local(move |q: &AuditQuery| {
        let q = q.clone();
        let token = ctx.token();
        async move { read::<AuditLog>(api::search_audit(&token, &q).await) }
    });
    Effect::new(move |_| {
        if let Some(Err(t)) = search.value().get() {
            ctx.note(&t);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let day = since.get_untracked().trim().to_string();
        let typed = reference.get_untracked().trim().to_string();
        let bad_day = !day.is_empty() && contract::time::parse_date(&day).is_none();
        let bad_reference = !typed.is_empty() && contract::reference::normalise(&typed).is_none();
        if bad_day {
            problem.set(Some(D::BadFormat));
            focus_soon("desk-audit-since");
        } else if bad_reference {
            problem.set(Some(D::NotAReference));
            focus_soon("desk-audit-reference");
        } else {
            problem.set(None);
            search.dispatch_local(AuditQuery {
                since: Some(day).filter(|d| !d.is_empty()),
                reference: Some(typed).filter(|r| !r.is_empty()),
            });
        }
    };
    let message_on = move |field: bool| {
        Signal::derive(move || {
            let p = problem.get()?;
            ((p == D::BadFormat) == field).then(|| p.get(lang.get()).to_string())
        })
    };
    let since_error = message_on(true);
    let reference_error = message_on(false);
    let shown = move || {
        let l = lang.get();
        search.value().get().map(|answer| match answer {
            Ok(log) => {
                let rows = log
                    .entries
                    .iter()
                    .map(|e| {
                        view! {
                            <tr>
                                <td>{when(&e.at, l, offset())}</td>
                                <td>{e.actor.clone()}</td>
                                <td>{action_words(&e.action, l)}</td>
                                <td>{e.reference.clone().unwrap_or_default()}</td>
                                <td>{e.detail.clone()}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <p role="status">{D::ListTotal.get(l)}": "{log.entries.len()}{log.more.then(|| format!(" — {}", D::AuditMore.get(l)))}</p>
                    <DeskTable heads=vec![D::AuditWhen, D::AuditWho, D::AuditWhat, D::FindLabel, D::AuditDetail]>
                        {rows}
                    </DeskTable>
                }
                .into_any()
            }
            Err(t) => view! { <p role="alert">{trouble_text(&t).get(l)}</p> }.into_any(),
        })
    };
    view! {
        <section class="desk-audit" aria-labelledby="desk-audit-title">
            <h2 id="desk-audit-title">{t(D::AuditTitle)}</h2>
            <p>{t(D::AuditIntro)}</p>
            <form on:submit=submit novalidate>
                <div class="inline-fields">
                    <div class="field" class:field-has-error=move || since_error.get().is_some()>
                        <label for="desk-audit-since">{t(D::AuditSince)}</label>
                        <ErrorLine id="desk-audit-since-error".to_string() message=since_error />
                        <input id="desk-audit-since" autocomplete="off" spellcheck="false" bind:value=since
                            aria-describedby=move || since_error.get().map(|_| "desk-audit-since-error")
                            aria-invalid=move || since_error.get().map(|_| "true") />
                    </div>
                    <div class="field" class:field-has-error=move || reference_error.get().is_some()>
                        <label for="desk-audit-reference">{t(D::AuditReference)}</label>
                        <ErrorLine id="desk-audit-reference-error".to_string() message=reference_error />
                        <input id="desk-audit-reference" autocomplete="off" spellcheck="false" bind:value=reference
                            aria-describedby=move || reference_error.get().map(|_| "desk-audit-reference-error")
                            aria-invalid=move || reference_error.get().map(|_| "true") />
                    </div>
                </div>
                <button type="submit" class="button">{t(D::AuditShow)}</button>
            </form>
            {shown}
        </section>
    }
}

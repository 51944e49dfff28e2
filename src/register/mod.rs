//! Pre-registration (`/:lang/register`): a short form, one question (or a
//! small group) per page, that prepares ONE visit to the embassy.
//!
//! Pages: a start page, nine question pages (`/:lang/register/<step>`),
//! "check your answers" with consent and Send, and `done`, which shows the
//! reference and QR code, or what is happening to a registration that is
//! not delivered yet.
//!
//! Nothing typed is lost: every change is saved on the phone (the draft,
//! deleted 7 days after the last change if not sent); a registration goes
//! into an outbox before it is sent and stays there until the backend gives a
//! receipt (see [`outbox`]). Rules and messages come from
//! `contract::registration`, the same code the backend runs.
//!
//! Public items: [`RegisterPage`] (the route), [`SavedReference`] (a small box
//! for the home page) and [`start_outbox`] (call once when the app starts).

mod check;
mod done;
mod fields;
pub mod model;
pub mod outbox;
mod qr;
mod questions;
mod start;

use contract::registration::{validate, validate_fields, Field};
use contract::{FieldError, Lang};
use i18n::register::Key as R;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub use done::SavedReference;
pub use outbox::start_outbox;

use crate::lang::href;
use crate::page::NotFound;
use model::Answers;

/// The pages of the form after the start page, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Name,
    Birth,
    Nik,
    Passport,
    Phone,
    Where,
    Help,
    Work,
    Home,
    Check,
    Done,
}

impl Step {
    /// The question pages, in order.
    pub const QUESTIONS: [Step; 9] = [
        Step::Name,
        Step::Birth,
        Step::Nik,
        Step::Passport,
        Step::Phone,
        Step::Where,
        Step::Help,
        Step::Work,
        Step::Home,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Step::Name => "name",
            Step::Birth => "birth",
            Step::Nik => "nik",
            Step::Passport => "passport",
            Step::Phone => "phone",
            Step::Where => "where",
            Step::Help => "help",
            Step::Work => "work",
            Step::Home => "home-contact",
            Step::Check => "check",
            Step::Done => "done",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Step> {
        Step::QUESTIONS
            .into_iter()
            .chain([Step::Check, Step::Done])
            .find(|s| s.slug() == slug)
    }

    /// The contract fields asked on this page.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Step::Name => &[Field::FullName],
            Step::Birth => &[Field::DateOfBirth, Field::Sex],
            Step::Nik => &[Field::Nik],
            Step::Passport => &[Field::PassportStatus, Field::PassportNumber],
            Step::Phone => &[Field::Phone, Field::Whatsapp],
            Step::Where => &[Field::Location, Field::PeopleWithYou],
            Step::Help => &[Field::HelpNeeded, Field::HelpOther],
            Step::Work => &[Field::ForcedToWork],
            Step::Home => &[
                Field::HomeContactName,
                Field::HomeContactPhone,
                Field::HomeContactRelationship,
            ],
            Step::Check => &[Field::Consent, Field::Lang],
            Step::Done => &[],
        }
    }

    /// The page that asks `field` (by its JSON name; unknown names go to Check).
    pub fn for_field_name(name: &str) -> Step {
        let field = Field::from_name(name).or_else(|| {
            name.starts_with("home_contact")
                .then_some(Field::HomeContactName)
        });
        field
            .and_then(|f| {
                Step::QUESTIONS
                    .into_iter()
                    .find(|s| s.fields().contains(&f))
            })
            .unwrap_or(Step::Check)
    }

    pub fn title(self) -> R {
        match self {
            Step::Name => R::NameTitle,
            Step::Birth => R::BirthTitle,
            Step::Nik => R::NikTitle,
            Step::Passport => R::PassportTitle,
            Step::Phone => R::PhoneTitle,
            Step::Where => R::WhereTitle,
            Step::Help => R::HelpTitle,
            Step::Work => R::ForcedTitle,
            Step::Home => R::HomeTitle,
            Step::Check => R::CheckTitle,
            Step::Done => R::DoneTitle,
        }
    }

    /// 1-based position among the questions.
    pub fn number(self) -> Option<usize> {
        Step::QUESTIONS
            .iter()
            .position(|s| *s == self)
            .map(|i| i + 1)
    }

    pub fn next(self) -> Step {
        self.number()
            .and_then(|n| Step::QUESTIONS.get(n).copied())
            .unwrap_or(Step::Check)
    }

    pub fn previous(self) -> Option<Step> {
        match self {
            Step::Check => Some(Step::Home),
            _ => self
                .number()
                .and_then(|n| n.checked_sub(2))
                .and_then(|i| Step::QUESTIONS.get(i).copied()),
        }
    }
}

/// `/id/register/<step>`.
pub fn step_href(lang: Lang, step: Step) -> String {
    href(lang, &format!("register/{}", step.slug()))
}

/// The start page, `/id/register`.
pub fn start_href(lang: Lang) -> String {
    href(lang, "register")
}

/// Digits of the country code at the start of an E.164 number's digits
/// (ITU zones: 1 and 7 take one digit, a fixed list two, the rest three).
fn country_code_len(digits: &str) -> usize {
    const TWO: &[&str] = &[
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    match digits.as_bytes().first() {
        Some(b'1') | Some(b'7') => 1,
        _ if digits.get(..2).is_some_and(|p| TWO.contains(&p)) => 2,
        _ => 3,
    }
}

/// `+6281234567890` → `+62 812 3456 7890`: the number shown back to the
/// person, in groups to read aloud; the digits are never changed.
pub fn show_phone(e164: &str) -> String {
    let Some(digits) = e164.strip_prefix('+') else {
        return e164.to_string();
    };
    let cc = country_code_len(digits).min(digits.len());
    let (code, national) = digits.split_at(cc);
    let mut out = format!("+{code}");
    let first = match national.len() % 4 {
        0 => 4,
        n => n,
    };
    let mut rest = national;
    let mut take = first;
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(take.min(rest.len()));
        out.push(' ');
        out.push_str(chunk);
        rest = tail;
        take = 4;
    }
    out
}

/// Today's local date on the phone, for the date of birth rules.
pub fn today() -> (i64, u32, u32) {
    let d = js_sys::Date::new_0();
    (
        i64::from(d.get_full_year()),
        d.get_month() + 1,
        d.get_date(),
    )
}

fn required_passport_status(a: &Answers) -> Option<FieldError> {
    // The contract cannot ask this: a JSON body always has a value. A form
    // with no choice made must not send the default silently.
    a.passport_status.is_none().then(|| {
        FieldError::new(
            Field::PassportStatus.name(),
            "required",
            contract::registration::message("required", Lang::En),
        )
    })
}

/// The problems with the answers on one page.
pub fn step_errors(step: Step, a: &Answers, lang: Lang) -> Vec<FieldError> {
    let mut errors = validate_fields(step.fields(), &a.request(lang), today());
    if step == Step::Passport {
        errors.splice(0..0, required_passport_status(a));
    }
    errors
}

/// Every problem with the answers, in form order.
pub fn all_errors(a: &Answers, lang: Lang) -> Vec<FieldError> {
    let mut errors = validate(&a.request(lang), today());
    errors.extend(required_passport_status(a));
    errors.sort_by_key(|e| field_order(&e.field));
    errors
}

/// Position of a field (by JSON name) in the form; unknown names last.
pub fn field_order(name: &str) -> usize {
    Field::from_name(name)
        .and_then(|f| Field::ALL.iter().position(|x| *x == f))
        .unwrap_or(usize::MAX)
}

/// The page for `/:lang/register` and `/:lang/register/:step`.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let params = use_params_map();
    // None: the start page. Some(None): a step that does not exist.
    let step = Memo::new(move |_| params.read().get("step").map(|s| Step::from_slug(&s)));
    model::store().reload();
    start_outbox();
    view! {
        <div class="reg">
        {move || match step.get() {
            None => view! { <start::StartPage /> }.into_any(),
            Some(Some(Step::Check)) => view! { <check::CheckPage /> }.into_any(),
            Some(Some(Step::Done)) => view! { <done::DonePage /> }.into_any(),
            Some(Some(s)) => view! { <questions::QuestionPage step=s /> }.into_any(),
            Some(None) => view! { <NotFound /> }.into_any(),
        }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_go_in_order_and_every_field_has_a_page() {
        assert_eq!(Step::Name.next(), Step::Birth);
        assert_eq!(Step::Home.next(), Step::Check);
        assert_eq!(Step::Name.previous(), None);
        assert_eq!(Step::Birth.previous(), Some(Step::Name));
        assert_eq!(Step::Check.previous(), Some(Step::Home));
        for f in Field::ALL {
            let on_a_page = Step::QUESTIONS
                .into_iter()
                .chain([Step::Check])
                .any(|s| s.fields().contains(&f));
            assert!(on_a_page, "{f:?}");
        }
        for s in Step::QUESTIONS.into_iter().chain([Step::Check, Step::Done]) {
            assert_eq!(Step::from_slug(s.slug()), Some(s));
        }
        assert_eq!(Step::for_field_name("home_contact.phone"), Step::Home);
        assert_eq!(Step::for_field_name("home_contact"), Step::Home);
        assert_eq!(Step::for_field_name("nik"), Step::Nik);
        assert_eq!(Step::for_field_name("surprise"), Step::Check);
    }

    #[test]
    fn phones_are_shown_in_groups_with_the_same_digits() {
        assert_eq!(show_phone("+6281234567890"), "+62 812 3456 7890");
        assert_eq!(show_phone("+6281311112222"), "+62 813 1111 2222");
        assert_eq!(show_phone("+85512345678"), "+855 1234 5678");
        assert_eq!(show_phone("+14155550123"), "+1 41 5555 0123");
        assert_eq!(show_phone("+447700900123"), "+44 77 0090 0123");
        assert_eq!(show_phone("0812"), "0812");
    }
}

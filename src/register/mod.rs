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

pub mod check;
mod done;
mod fields;
pub mod model;
pub mod outbox;
mod parts;
mod qr;
mod questions;
mod start;

use contract::registration::{validate, validate_fields, Field};
use contract::{FieldError, Lang};
use i18n::register::Key as R;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub use check::CheckPage;
pub use done::{DonePage, SavedReference};
pub use outbox::start_outbox;
pub use start::StartBody;

use crate::page::NotFound;
use crate::pieces::FormEnd;
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
    contract::site::register_step_path(lang, step.slug())
}

/// The start page, `/id/register`.
pub fn start_href(lang: Lang) -> String {
    contract::site::Section::Register.path(lang)
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
            i18n::registration_errors::message("required", Lang::En),
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
    fields::SCHEME.sort(&mut errors);
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
    // A registration waiting on the phone is sent from any page of the form
    // (the outbox is in the form's end, fetched only when one waits).
    crate::pieces::start_outbox_if_queued();
    view! {
        <div class="reg">
        {move || match step.get() {
            None => view! { <start::StartPage /> }.into_any(),
            Some(Some(Step::Check)) => crate::pieces::form_end_view(FormEnd::Check).into_any(),
            Some(Some(Step::Done)) => crate::pieces::form_end_view(FormEnd::Done).into_any(),
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
    fn errors_go_in_form_order_and_one_fields_errors_keep_theirs() {
        let e = |field: &str, code: &str| FieldError::new(field, code, "");
        let mut errors = vec![
            e("surprise", "a"),
            e("nik", "first"),
            e("full_name", "b"),
            e("nik", "second"),
        ];
        fields::SCHEME.sort(&mut errors);
        let got: Vec<(&str, &str)> = errors
            .iter()
            .map(|x| (x.field.as_str(), x.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("full_name", "b"),
                ("nik", "first"),
                ("nik", "second"),
                ("surprise", "a"),
            ]
        );
    }
}

//! Pre-registration (`POST /api/v1/registrations`): the request, its rules,
//! its normal form and the codes of each problem (their words are in the
//! `i18n` crate, `i18n::registration_errors`).
//!
//! The form and the backend run the same rules: the app calls
//! [`validate_field`] while someone types and [`validate`] before sending; the
//! backend calls [`validate`], then stores [`normalise`]d data.
//! [`validate`] judges a request as [`normalise`] would leave it, so
//! `validate(r) == validate(&normalise(r))`: a phone typed as `0812-3456-7890`
//! is valid because it normalises to `+6281234567890`.
//!
//! Every error is a [`FieldError`] whose `field` is the JSON field name
//! (nested as `home_contact.phone`), whose `code` is one of [`FIELD_CODES`],
//! and whose `message` is left empty here: the backend answers with the
//! English text of `i18n::registration_errors::message(code)`, and the app
//! shows that text in the person's language.
//!
//! # Rules
//! * `full_name`, `home_contact.name`: 2–100 characters; letters of any script,
//!   spaces, apostrophes (`'` `’` `ʼ`), hyphens and full stops (`Moh. Rizki`);
//!   at least one letter.
//! * `date_of_birth`: `YYYY-MM-DD`, a real date, not after today, age 0–120.
//! * `nik` (optional): 16 digits (spaces, dots and dashes ignored), with the
//!   structure of an Indonesian NIK: `PPKKCC DDMMYY NNNN`, province `PP` 11–99,
//!   `DD` the day of birth, plus 40 for women, serial `NNNN` not `0000`.
//!   The encoded date must match `date_of_birth` (`nik_dob_mismatch`) and the
//!   encoded sex must match `sex` when given (`nik_sex_mismatch`).
//! * `passport_number` (optional): one letter and 7 digits, e.g. `X1234567`,
//!   `C1234567`, `E1234567` (Indonesian ordinary and electronic passports);
//!   case, spaces and dashes ignored; stored upper case.
//! * `phone`, `whatsapp` number, `home_contact.phone`: see [`normalise_phone`].
//! * `location`: 2–100 characters. `help_other`: 2–500, required when
//!   `help_needed` contains `other`. `home_contact.relationship`: 2–50.
//! * `people_with_you`: 0–50 other people. `help_needed`: at least one.
//! * `consent`: must be `true`.
//!
//! Free text is normalised by turning every run of white space into one
//! space, trimming, and dropping other control characters.

use crate::error::FieldError;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The body of `POST /api/v1/registrations`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrationRequest {
    pub full_name: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// Nomor Induk Kependudukan (16 digits), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nik: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    pub passport_status: PassportStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passport_number: Option<String>,
    /// A number the embassy can call; stored as E.164.
    pub phone: String,
    #[serde(default)]
    pub whatsapp: Whatsapp,
    /// Where they are now: city or province, free text.
    pub location: String,
    /// How many OTHER people are with them (0–50).
    #[serde(default)]
    pub people_with_you: u8,
    pub help_needed: BTreeSet<HelpNeeded>,
    /// What "other" help they need; required when `help_needed` has `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_other: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forced_to_work: Option<ForcedToWork>,
    /// Someone at home the embassy may contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_contact: Option<HomeContact>,
    /// Agreement to send these details to the embassy. Must be `true`.
    pub consent: bool,
    /// The language the person used to fill in the form.
    pub lang: Lang,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassportStatus {
    /// They hold a valid passport.
    #[default]
    Have,
    /// Their passport is held by an employer, agent or syndicate.
    HeldByOthers,
    Lost,
    Expired,
}

impl PassportStatus {
    pub const ALL: [PassportStatus; 4] = [
        PassportStatus::Have,
        PassportStatus::HeldByOthers,
        PassportStatus::Lost,
        PassportStatus::Expired,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HelpNeeded {
    TravelDocument,
    Repatriation,
    Medical,
    Shelter,
    Legal,
    Other,
}

impl HelpNeeded {
    pub const ALL: [HelpNeeded; 6] = [
        HelpNeeded::TravelDocument,
        HelpNeeded::Repatriation,
        HelpNeeded::Medical,
        HelpNeeded::Shelter,
        HelpNeeded::Legal,
        HelpNeeded::Other,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForcedToWork {
    Yes,
    No,
    PreferNotToSay,
}

/// How to reach them on WhatsApp. JSON: `"none"`, `"same_as_phone"` or
/// `{"number": "+62 812 3456 7890"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Whatsapp {
    /// No WhatsApp, or not given.
    #[default]
    None,
    /// The `phone` number has WhatsApp.
    SameAsPhone,
    /// A different number has WhatsApp.
    Number(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HomeContact {
    pub name: String,
    pub phone: String,
    /// e.g. "ibu", "kakak", "mother".
    pub relationship: String,
}

/// Answer to a successful `POST /api/v1/registrations` (201, or 200 for a replay).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrationReceipt {
    /// The reference to show at the counter, `XXXX-XXXXX` (see [`crate::reference`]).
    pub reference: String,
    /// RFC 3339, when the embassy's backend first received it.
    pub received_at: String,
}

/// A stored registration, for staff (`GET /api/v1/registrations/{reference}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrationRecord {
    pub reference: String,
    pub received_at: String,
    /// As stored: validated and normalised.
    pub registration: RegistrationRequest,
    /// When the person was marked arrived at the counter, and by whom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrived: Option<crate::desk::Arrival>,
}

// ---------------------------------------------------------------------------
// Fields and codes

/// Every field that [`validate_field`] can check, with its JSON path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    FullName,
    DateOfBirth,
    Nik,
    Sex,
    PassportStatus,
    PassportNumber,
    Phone,
    Whatsapp,
    Location,
    PeopleWithYou,
    HelpNeeded,
    HelpOther,
    ForcedToWork,
    HomeContactName,
    HomeContactPhone,
    HomeContactRelationship,
    Consent,
    Lang,
}

impl Field {
    /// In form order; [`validate`] reports errors in this order.
    pub const ALL: [Field; 18] = [
        Field::FullName,
        Field::DateOfBirth,
        Field::Nik,
        Field::Sex,
        Field::PassportStatus,
        Field::PassportNumber,
        Field::Phone,
        Field::Whatsapp,
        Field::Location,
        Field::PeopleWithYou,
        Field::HelpNeeded,
        Field::HelpOther,
        Field::ForcedToWork,
        Field::HomeContactName,
        Field::HomeContactPhone,
        Field::HomeContactRelationship,
        Field::Consent,
        Field::Lang,
    ];

    /// The JSON path used in [`FieldError::field`].
    pub fn name(self) -> &'static str {
        match self {
            Field::FullName => "full_name",
            Field::DateOfBirth => "date_of_birth",
            Field::Nik => "nik",
            Field::Sex => "sex",
            Field::PassportStatus => "passport_status",
            Field::PassportNumber => "passport_number",
            Field::Phone => "phone",
            Field::Whatsapp => "whatsapp",
            Field::Location => "location",
            Field::PeopleWithYou => "people_with_you",
            Field::HelpNeeded => "help_needed",
            Field::HelpOther => "help_other",
            Field::ForcedToWork => "forced_to_work",
            Field::HomeContactName => "home_contact.name",
            Field::HomeContactPhone => "home_contact.phone",
            Field::HomeContactRelationship => "home_contact.relationship",
            Field::Consent => "consent",
            Field::Lang => "lang",
        }
    }

    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Every `code` that [`validate`] can put in a [`FieldError`].
pub const FIELD_CODES: &[&str] = &[
    "required",
    "too_short",
    "too_long",
    "name_characters",
    "date_format",
    "date_in_future",
    "age_out_of_range",
    "nik_format",
    "nik_dob_mismatch",
    "nik_sex_mismatch",
    "passport_number_format",
    "phone_format",
    "phone_country_code",
    "phone_length",
    "out_of_range",
    "choose_at_least_one",
    "consent_required",
];

/// The API error codes (`error.code`) that `POST /api/v1/registrations` can
/// answer with, besides `validation` (whose details are [`FIELD_CODES`]).
pub const API_CODES: &[&str] = &[
    "validation",
    "idempotency_key_required",
    "idempotency_key_invalid",
    "idempotency_conflict",
    "rate_limited",
    "payload_too_large",
    "unsupported_media_type",
    "malformed_json",
    "invalid_body",
    "unavailable",
];

fn err(field: Field, code: &str) -> FieldError {
    FieldError::new(field.name(), code, "")
}

// ---------------------------------------------------------------------------
// Normalisation

/// Invisible format characters that reorder or hide the text around them
/// (Trojan Source): the bidi embeddings, overrides and isolates
/// (U+202A–202E, U+2066–2069), the direction marks (U+200E, U+200F, U+061C),
/// the zero-width space U+200B and the byte-order mark U+FEFF. The joiners
/// ZWJ U+200D and ZWNJ U+200C are not among them: Khmer, Indic scripts and
/// emoji need them. Free text drops these; staff text refuses them.
pub fn is_hidden_format(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}'
            | '\u{200B}'
            | '\u{FEFF}'
    )
}

/// Trims, turns every run of white space into one space and drops other
/// control characters and the hidden format characters
/// ([`is_hidden_format`]). Idempotent.
pub fn normalise_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if c.is_control() || is_hidden_format(c) {
            continue;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

fn is_phone_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '.' | '(' | ')' | '\u{2010}'..='\u{2015}')
}

/// Reads a phone number as E.164 (`+` and 8–15 digits), or gives the error code.
///
/// * Spaces, dashes, dots and brackets are ignored.
/// * `+<digits>` and `00<digits>` carry their own country code.
/// * `62…` is an Indonesian number written without `+`.
/// * A single leading `0` is an Indonesian national number: `0812…` becomes
///   `+62812…`. A number from another country (e.g. a local Cambodian SIM)
///   must be written with its country code, `+855 …`; the form shows the
///   number back as it will be used.
/// * A trunk `0` written after `+62` (`+62 0812…`) is dropped.
/// * Indonesian numbers (`+62`) have 7–12 digits after the country code.
///
/// Codes: `required`, `phone_format` (characters other than digits and
/// separators), `phone_country_code` (no country code can be told),
/// `phone_length`.
pub fn normalise_phone(input: &str) -> Result<String, &'static str> {
    let s: String = input.chars().filter(|&c| !is_phone_separator(c)).collect();
    if s.is_empty() {
        return Err("required");
    }
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let digits = if let Some(rest) = s.strip_prefix('+') {
        if !all_digits(rest) {
            return Err("phone_format");
        }
        rest.to_string()
    } else if all_digits(&s) {
        if let Some(rest) = s.strip_prefix("00") {
            rest.to_string()
        } else if s.starts_with("62") {
            s
        } else if let Some(rest) = s.strip_prefix('0') {
            format!("62{rest}")
        } else {
            return Err("phone_country_code");
        }
    } else {
        return Err("phone_format");
    };
    let digits = match digits.strip_prefix("62") {
        Some(national) => format!("62{}", national.trim_start_matches('0')),
        None => digits,
    };
    if digits.is_empty() || digits.starts_with('0') {
        return Err("phone_country_code");
    }
    let ok_len = if let Some(national) = digits.strip_prefix("62") {
        (7..=12).contains(&national.len())
    } else {
        (8..=15).contains(&digits.len())
    };
    if !ok_len {
        return Err("phone_length");
    }
    Ok(format!("+{digits}"))
}

fn normalise_phone_lenient(s: &str) -> String {
    normalise_phone(s).unwrap_or_else(|_| s.trim().to_string())
}

/// Digits of a NIK with spaces, dots and dashes removed; `None` if nothing is left.
pub fn normalise_nik(s: &str) -> Option<String> {
    let out: String = s
        .chars()
        .filter(|&c| !(c.is_whitespace() || matches!(c, '.' | '-')))
        .collect();
    (!out.is_empty()).then_some(out)
}

/// A passport number with spaces and dashes removed, upper case; `None` if empty.
pub fn normalise_passport_number(s: &str) -> Option<String> {
    let out: String = s
        .chars()
        .filter(|&c| !(c.is_whitespace() || c == '-'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (!out.is_empty()).then_some(out)
}

fn optional_text(s: &Option<String>) -> Option<String> {
    s.as_deref().map(normalise_text).filter(|t| !t.is_empty())
}

/// The request as it is stored: text trimmed and collapsed, phone numbers in
/// E.164 where they can be read, NIK as digits, passport number upper case,
/// empty optional answers as absent, `help_other` dropped unless `other` is
/// chosen, a WhatsApp number equal to the phone as `same_as_phone`, and a
/// home contact with every answer empty as absent. Idempotent.
pub fn normalise(req: &RegistrationRequest) -> RegistrationRequest {
    let phone = normalise_phone_lenient(&req.phone);
    let whatsapp = match &req.whatsapp {
        Whatsapp::Number(n) => {
            let n = normalise_phone_lenient(n);
            if n.is_empty() {
                Whatsapp::None
            } else if n == phone {
                Whatsapp::SameAsPhone
            } else {
                Whatsapp::Number(n)
            }
        }
        other => other.clone(),
    };
    let home_contact = req.home_contact.as_ref().and_then(|h| {
        let h = HomeContact {
            name: normalise_text(&h.name),
            phone: normalise_phone_lenient(&h.phone),
            relationship: normalise_text(&h.relationship),
        };
        (!(h.name.is_empty() && h.phone.is_empty() && h.relationship.is_empty())).then_some(h)
    });
    RegistrationRequest {
        full_name: normalise_text(&req.full_name),
        date_of_birth: req.date_of_birth.trim().to_string(),
        nik: req.nik.as_deref().and_then(normalise_nik),
        sex: req.sex,
        passport_status: req.passport_status,
        passport_number: req
            .passport_number
            .as_deref()
            .and_then(normalise_passport_number),
        phone,
        whatsapp,
        location: normalise_text(&req.location),
        people_with_you: req.people_with_you,
        help_needed: req.help_needed.clone(),
        help_other: if req.help_needed.contains(&HelpNeeded::Other) {
            optional_text(&req.help_other)
        } else {
            None
        },
        forced_to_work: req.forced_to_work,
        home_contact,
        consent: req.consent,
        lang: req.lang,
    }
}

// ---------------------------------------------------------------------------
// Validation

/// What a valid NIK encodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NikInfo {
    /// Day of birth (1–31), the +40 for women removed.
    pub day: u32,
    pub month: u32,
    /// Year of birth modulo 100.
    pub year_2digit: u32,
    pub sex: Sex,
}

/// Reads the structure of a NIK (after [`normalise_nik`]); `Err("nik_format")`
/// when it cannot be one.
pub fn parse_nik(nik: &str) -> Result<NikInfo, &'static str> {
    let b = nik.as_bytes();
    if b.len() != 16 || !b.iter().all(u8::is_ascii_digit) {
        return Err("nik_format");
    }
    let num = |i: usize| (b[i] - b'0') as u32 * 10 + (b[i + 1] - b'0') as u32;
    let province = num(0);
    let (dd, month, yy) = (num(6), num(8), num(10));
    let (day, sex) = if dd > 40 {
        (dd - 40, Sex::Female)
    } else {
        (dd, Sex::Male)
    };
    if province < 11
        || !(1..=31).contains(&day)
        || !(1..=12).contains(&month)
        || nik.ends_with("0000")
    {
        return Err("nik_format");
    }
    Ok(NikInfo {
        day,
        month,
        year_2digit: yy,
        sex,
    })
}

fn check_length(field: Field, s: &str, min: usize, max: usize) -> Option<FieldError> {
    let n = s.chars().count();
    if n == 0 {
        Some(err(field, "required"))
    } else if n < min {
        Some(err(field, "too_short"))
    } else if n > max {
        Some(err(field, "too_long"))
    } else {
        None
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphabetic()
        || matches!(
            c,
            ' ' | '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}' | '-' | '\u{2010}' | '.'
        )
        || ('\u{0300}'..='\u{036F}').contains(&c)
}

fn check_name(field: Field, s: &str) -> Option<FieldError> {
    check_length(field, s, 2, 100).or_else(|| {
        (!s.chars().all(is_name_char) || !s.chars().any(char::is_alphabetic))
            .then(|| err(field, "name_characters"))
    })
}

fn check_phone(field: Field, s: &str) -> Option<FieldError> {
    normalise_phone(s).err().map(|code| err(field, code))
}

fn check_date_of_birth(s: &str, today: (i64, u32, u32)) -> Option<FieldError> {
    let f = Field::DateOfBirth;
    if s.is_empty() {
        return Some(err(f, "required"));
    }
    let Some(birth) = crate::time::parse_date(s) else {
        return Some(err(f, "date_format"));
    };
    if birth > today {
        return Some(err(f, "date_in_future"));
    }
    let age = crate::time::age_on(birth, today);
    (!(0..=120).contains(&age)).then(|| err(f, "age_out_of_range"))
}

fn check_nik(req: &RegistrationRequest) -> Option<FieldError> {
    let nik = req.nik.as_ref()?;
    let info = match parse_nik(nik) {
        Ok(i) => i,
        Err(code) => return Some(err(Field::Nik, code)),
    };
    if let Some((y, m, d)) = crate::time::parse_date(&req.date_of_birth) {
        if (info.day, info.month, info.year_2digit) != (d, m, y.rem_euclid(100) as u32) {
            return Some(err(Field::Nik, "nik_dob_mismatch"));
        }
    }
    match req.sex {
        Some(sex) if sex != info.sex => Some(err(Field::Nik, "nik_sex_mismatch")),
        _ => None,
    }
}

fn check_passport_number(s: &str) -> Option<FieldError> {
    let b = s.as_bytes();
    let ok = b.len() == 8 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit);
    (!ok).then(|| err(Field::PassportNumber, "passport_number_format"))
}

/// Checks one field of an already-[`normalise`]d request.
fn check(field: Field, r: &RegistrationRequest, today: (i64, u32, u32)) -> Option<FieldError> {
    match field {
        Field::FullName => check_name(field, &r.full_name),
        Field::DateOfBirth => check_date_of_birth(&r.date_of_birth, today),
        Field::Nik => check_nik(r),
        Field::PassportNumber => r.passport_number.as_deref().and_then(check_passport_number),
        Field::Phone => check_phone(field, &r.phone),
        Field::Whatsapp => match &r.whatsapp {
            Whatsapp::Number(n) => check_phone(field, n),
            _ => None,
        },
        Field::Location => check_length(field, &r.location, 2, 100),
        Field::PeopleWithYou => (r.people_with_you > 50).then(|| err(field, "out_of_range")),
        Field::HelpNeeded => r
            .help_needed
            .is_empty()
            .then(|| err(field, "choose_at_least_one")),
        Field::HelpOther => {
            if r.help_needed.contains(&HelpNeeded::Other) {
                check_length(field, r.help_other.as_deref().unwrap_or(""), 2, 500)
            } else {
                None
            }
        }
        Field::HomeContactName => r
            .home_contact
            .as_ref()
            .and_then(|h| check_name(field, &h.name)),
        Field::HomeContactPhone => r
            .home_contact
            .as_ref()
            .and_then(|h| check_phone(field, &h.phone)),
        Field::HomeContactRelationship => r
            .home_contact
            .as_ref()
            .and_then(|h| check_length(field, &h.relationship, 2, 50)),
        Field::Consent => (!r.consent).then(|| err(field, "consent_required")),
        // Enums: serde already accepted only valid values.
        Field::Sex | Field::PassportStatus | Field::ForcedToWork | Field::Lang => None,
    }
}

/// The first problem with one field, for checking while someone types.
/// `today` is the local date `(year, month, day)`.
pub fn validate_field(
    field: Field,
    req: &RegistrationRequest,
    today: (i64, u32, u32),
) -> Option<FieldError> {
    check(field, &normalise(req), today)
}

/// The problems with some fields (e.g. the questions on one page of the form).
pub fn validate_fields(
    fields: &[Field],
    req: &RegistrationRequest,
    today: (i64, u32, u32),
) -> Vec<FieldError> {
    let r = normalise(req);
    fields.iter().filter_map(|&f| check(f, &r, today)).collect()
}

/// Every problem with a request, at most one per field, in form order.
/// Empty means the backend will accept it. `today` is the local date.
pub fn validate(req: &RegistrationRequest, today: (i64, u32, u32)) -> Vec<FieldError> {
    validate_fields(&Field::ALL, req, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_drops_bidi_controls_and_invisible_spaces() {
        let typed =
            "\u{FEFF}Phnom\u{202E} Penh\u{200B} \u{2066}gate\u{2069} 3\u{200F}\u{200E}\u{061C}";
        assert_eq!(normalise_text(typed), "Phnom Penh gate 3");
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{2067}', '\u{2068}',
        ] {
            assert_eq!(
                normalise_text(&format!("a{c}b")),
                "ab",
                "U+{:04X}",
                c as u32
            );
        }
        // Only invisible characters: nothing is left (a required field is then empty).
        assert_eq!(normalise_text("\u{202E}\u{200B}\u{FEFF}"), "");
    }

    #[test]
    fn free_text_keeps_joiners_that_scripts_need() {
        // Khmer with a ZWJ/ZWNJ, Indonesian with a ZWNJ, an emoji sequence with a ZWJ.
        for text in [
            "ភ្នំ\u{200D}ពេញ",
            "ក\u{200C}ខ",
            "Desa Suka\u{200C}maju",
            "👩\u{200D}👧",
        ] {
            assert_eq!(normalise_text(text), text);
        }
        let req = RegistrationRequest {
            location: " ភ្នំ\u{200D}ពេញ\u{202E} ".into(),
            ..valid()
        };
        assert_eq!(normalise(&req).location, "ភ្នំ\u{200D}ពេញ");
    }

    #[test]
    fn free_text_normalising_is_idempotent_with_format_characters() {
        let once = normalise_text(" a\u{202E} \u{200B} b\u{200D}c ");
        assert_eq!(once, "a b\u{200D}c");
        assert_eq!(normalise_text(&once), once);
    }

    const TODAY: (i64, u32, u32) = (2026, 1, 19);

    fn valid() -> RegistrationRequest {
        RegistrationRequest {
            full_name: "Siti Nur'aini".into(),
            date_of_birth: "2007-05-14".into(),
            nik: Some("3174 0554 0507 0001".into()),
            sex: Some(Sex::Female),
            passport_status: PassportStatus::HeldByOthers,
            passport_number: Some("x1234567".into()),
            phone: "0812-3456-7890".into(),
            whatsapp: Whatsapp::SameAsPhone,
            location: "Phnom Penh".into(),
            people_with_you: 2,
            help_needed: [HelpNeeded::TravelDocument, HelpNeeded::Other].into(),
            help_other: Some("  Saya perlu  obat ".into()),
            forced_to_work: Some(ForcedToWork::PreferNotToSay),
            home_contact: Some(HomeContact {
                name: "Ibu Aminah".into(),
                phone: "+62 813 1111 2222".into(),
                relationship: "ibu".into(),
            }),
            consent: true,
            lang: Lang::Id,
        }
    }

    fn codes(r: &RegistrationRequest) -> Vec<(String, String)> {
        validate(r, TODAY)
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    fn one(field: &str, code: &str) -> Vec<(String, String)> {
        vec![(field.to_string(), code.to_string())]
    }

    #[test]
    fn a_complete_request_is_valid_and_normalised() {
        let r = valid();
        assert_eq!(validate(&r, TODAY), vec![]);
        let n = normalise(&r);
        assert_eq!(n.phone, "+6281234567890");
        assert_eq!(n.nik.as_deref(), Some("3174055405070001"));
        assert_eq!(n.passport_number.as_deref(), Some("X1234567"));
        assert_eq!(n.help_other.as_deref(), Some("Saya perlu obat"));
        assert_eq!(
            n.home_contact.as_ref().map(|h| h.phone.as_str()),
            Some("+6281311112222")
        );
        assert_eq!(normalise(&n), n);
    }

    #[test]
    fn json_round_trip_and_unknown_fields() {
        let r = normalise(&valid());
        let text = serde_json::to_string(&r).unwrap();
        let back: RegistrationRequest = serde_json::from_str(&text).unwrap();
        assert_eq!(back, r);
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["surprise"] = serde_json::json!(1);
        assert!(serde_json::from_value::<RegistrationRequest>(v).is_err());
        let w: Whatsapp = serde_json::from_str(r#"{"number":"+855 12 345 678"}"#).unwrap();
        assert_eq!(w, Whatsapp::Number("+855 12 345 678".into()));
        let w: Whatsapp = serde_json::from_str(r#""same_as_phone""#).unwrap();
        assert_eq!(w, Whatsapp::SameAsPhone);
    }

    #[test]
    fn phones() {
        for (input, out) in [
            ("0812 3456 7890", "+6281234567890"),
            ("62812-3456-7890", "+6281234567890"),
            ("+62 812-3456-7890", "+6281234567890"),
            ("+62 (0) 812 3456 7890", "+6281234567890"),
            ("0062 812 3456 7890", "+6281234567890"),
            ("+855 12 345 678", "+85512345678"),
            ("00855.12.345.678", "+85512345678"),
            ("(021) 555 1234", "+62215551234"),
        ] {
            assert_eq!(normalise_phone(input), Ok(out.to_string()), "{input}");
        }
        for (input, code) in [
            ("", "required"),
            ("  - ", "required"),
            ("812 3456 7890", "phone_country_code"),
            ("+0812", "phone_country_code"),
            ("0812 abc", "phone_format"),
            ("+62 812 +1", "phone_format"),
            ("０８１２３４５６７８９０", "phone_format"),
            ("+1234567", "phone_length"),
            ("+1234567890123456", "phone_length"),
            ("0812", "phone_length"),
            ("0812 3456 7890 123", "phone_length"),
        ] {
            assert_eq!(normalise_phone(input), Err(code), "{input}");
        }
    }

    #[test]
    fn nik_cross_checks() {
        let mut r = valid();
        r.sex = Some(Sex::Male);
        assert_eq!(codes(&r), one("nik", "nik_sex_mismatch"));
        r.sex = None;
        assert_eq!(codes(&r), vec![]);
        r.date_of_birth = "2007-05-15".into();
        assert_eq!(codes(&r), one("nik", "nik_dob_mismatch"));
        r.date_of_birth = "1907-05-14".into();
        assert_eq!(codes(&r), vec![]);
        r.nik = Some("3174051405070001".into()); // a man's NIK
        assert_eq!(codes(&r), vec![]);
        r.sex = Some(Sex::Female);
        assert_eq!(codes(&r), one("nik", "nik_sex_mismatch"));
        for bad in [
            "317405140507000",
            "31740514050700011",
            "3174051405070000",
            "0974051405070001",
            "3174053205070001",
            "3174057205070001",
            "3174051413070001",
            "317405140507000x",
        ] {
            r.nik = Some(bad.into());
            assert_eq!(codes(&r), one("nik", "nik_format"), "{bad}");
        }
        r.nik = Some("  ".into());
        assert_eq!(codes(&r), vec![]);
    }

    #[test]
    fn dates_of_birth() {
        let mut r = valid();
        r.nik = None;
        for (dob, code) in [
            ("", "required"),
            ("14-05-2007", "date_format"),
            ("2007-02-30", "date_format"),
            ("2026-01-20", "date_in_future"),
            ("1905-01-19", "age_out_of_range"),
        ] {
            r.date_of_birth = dob.into();
            assert_eq!(codes(&r), one("date_of_birth", code), "{dob}");
        }
        for ok in ["2026-01-19", "1905-01-20"] {
            r.date_of_birth = ok.into();
            assert_eq!(codes(&r), vec![], "{ok}");
        }
    }

    #[test]
    fn names() {
        let mut r = valid();
        for ok in [
            "Sukarno",
            "Moh. Rizki",
            "Ni Luh Putu",
            "O'Neil-Smith",
            "Nguyễn Văn A",
            "ศิริ",
        ] {
            r.full_name = ok.into();
            assert_eq!(codes(&r), vec![], "{ok}");
        }
        for (bad, code) in [
            ("", "required"),
            ("   ", "required"),
            ("A", "too_short"),
            ("Budi 2", "name_characters"),
            ("--", "name_characters"),
            ("<script>", "name_characters"),
        ] {
            r.full_name = bad.into();
            assert_eq!(codes(&r), one("full_name", code), "{bad}");
        }
        r.full_name = "a".repeat(101);
        assert_eq!(codes(&r), one("full_name", "too_long"));
    }

    #[test]
    fn the_other_answers() {
        let mut r = valid();
        r.passport_number = Some("12345678".into());
        r.whatsapp = Whatsapp::Number("12".into());
        r.location = " x ".into();
        r.people_with_you = 51;
        r.help_other = None;
        r.home_contact = Some(HomeContact {
            name: "B".into(),
            phone: "123".into(),
            relationship: "".into(),
        });
        r.consent = false;
        assert_eq!(
            codes(&r),
            vec![
                ("passport_number".into(), "passport_number_format".into()),
                ("whatsapp".into(), "phone_country_code".into()),
                ("location".into(), "too_short".into()),
                ("people_with_you".into(), "out_of_range".into()),
                ("help_other".into(), "required".into()),
                ("home_contact.name".into(), "too_short".into()),
                ("home_contact.phone".into(), "phone_country_code".into()),
                ("home_contact.relationship".into(), "required".into()),
                ("consent".into(), "consent_required".into()),
            ]
        );
        r = valid();
        r.help_needed.clear();
        assert_eq!(codes(&r), one("help_needed", "choose_at_least_one"));
        r.help_needed.insert(HelpNeeded::Shelter);
        assert_eq!(normalise(&r).help_other, None);
        assert_eq!(codes(&r), vec![]);
    }

    #[test]
    fn validate_field_matches_validate() {
        let mut r = valid();
        r.phone = "abc".into();
        assert_eq!(
            validate_field(Field::Phone, &r, TODAY).map(|e| e.code),
            Some("phone_format".into())
        );
        assert_eq!(validate_field(Field::FullName, &r, TODAY), None);
        for f in Field::ALL {
            assert_eq!(Field::from_name(f.name()), Some(f));
        }
    }

    #[test]
    fn whatsapp_equal_to_phone_becomes_same_as_phone() {
        let mut r = valid();
        r.whatsapp = Whatsapp::Number("+62 812 3456 7890".into());
        assert_eq!(normalise(&r).whatsapp, Whatsapp::SameAsPhone);
        r.whatsapp = Whatsapp::Number(" ".into());
        assert_eq!(normalise(&r).whatsapp, Whatsapp::None);
    }
}

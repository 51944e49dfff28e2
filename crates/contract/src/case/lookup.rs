//! The person's lookup: `POST /api/v1/cases/lookup` with the reference and
//! the date of birth given in the form. No account.
//!
//! The answer ([`CaseStatus`]) carries the case's stage, its history, a note
//! and an invitation: never the name, the NIK, the phone or any other field
//! of the registration, even after a match (someone who knows the person's
//! birth date learns nothing about them). Every failure (unknown reference,
//! wrong date of birth, deleted or locked case) is the same answer:
//! 404 [`LOOKUP_FAILED`], same body, same time.

use serde::{Deserialize, Serialize};

use super::update::Invitation;
use crate::Localized;

/// The one error code of a failed lookup, whatever the reason.
pub const LOOKUP_FAILED: &str = "lookup_failed";

/// What the person sends. Both fields as typed are accepted by the server
/// too (it reads them with the same [`crate::reference::normalise`] and
/// [`parse_birth_date`] as the app).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LookupRequest {
    pub reference: String,
    pub date_of_birth: String,
}

/// One change of stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageChange {
    pub stage: String,
    /// RFC 3339, UTC.
    pub at: String,
}

/// Where a case stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseStatus {
    /// The current stage's id (shown as "contact the embassy" if the app's
    /// list does not know it).
    pub stage: String,
    /// When the stage last changed (RFC 3339, UTC).
    pub changed_at: String,
    /// A short note to the person, in both languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<Invitation>,
    /// Every stage the case has had, oldest first (the current one last).
    #[serde(default)]
    pub history: Vec<StageChange>,
    /// Ask again no sooner than this (the app's check while the page is open).
    pub check_again_seconds: u32,
}

/// A date of birth typed in any common way, as `YYYY-MM-DD`:
/// `17-05-1990`, `17/5/1990`, `17.05.1990`, `17 5 1990`, `1990-05-17`,
/// `1990/5/17`, `17051990`. Day first unless the year comes first (as on an
/// Indonesian KTP); a two-digit year is refused (it could be 19xx or 20xx).
/// `None` for anything else or a date that does not exist.
pub fn parse_birth_date(input: &str) -> Option<String> {
    let parts: Vec<&str> = input
        .trim()
        .split(|c: char| matches!(c, '-' | '/' | '.' | ' ' | '\u{2010}'..='\u{2015}'))
        .filter(|p| !p.is_empty())
        .collect();
    let number = |s: &str, max_len: usize| -> Option<u32> {
        (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (y, m, d) = match parts.as_slice() {
        [a, b, c] if a.len() == 4 => (number(a, 4)?, number(b, 2)?, number(c, 2)?),
        [a, b, c] if c.len() == 4 => (number(c, 4)?, number(b, 2)?, number(a, 2)?),
        [all] if all.len() == 8 => {
            let n = |r: std::ops::Range<usize>| number(&all[r], 4);
            let day_first = (n(4..8)?, n(2..4)?, n(0..2)?);
            let year_first = (n(0..4)?, n(4..6)?, n(6..8)?);
            match (real(day_first), real(year_first)) {
                (Some(a), None) => return Some(a),
                (None, Some(b)) => return Some(b),
                _ => return None,
            }
        }
        _ => return None,
    };
    real((y, m, d))
}

fn real((y, m, d): (u32, u32, u32)) -> Option<String> {
    if y < 1000 {
        return None;
    }
    let text = format!("{y:04}-{m:02}-{d:02}");
    crate::time::parse_date(&text).map(|_| text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birth_dates_typed_in_any_common_way() {
        for typed in [
            "17-05-1990",
            "17/5/1990",
            "17.05.1990",
            "17 5 1990",
            " 1990-05-17 ",
            "1990/5/17",
            "17051990",
            "19900517",
            "17 – 05 – 1990",
        ] {
            assert_eq!(
                parse_birth_date(typed).as_deref(),
                Some("1990-05-17"),
                "{typed}"
            );
        }
    }

    #[test]
    fn what_is_not_a_birth_date() {
        for typed in [
            "",
            "17-05-90",
            "31-02-1990",
            "1990-13-01",
            "17-05",
            "17/05/1990/1",
            "abc",
            "17-O5-1990",
            "0017-05-17",
            "12345678",
            "١٧-٠٥-١٩٩٠",
        ] {
            assert_eq!(parse_birth_date(typed), None, "{typed}");
        }
    }

    #[test]
    fn an_answer_has_no_field_of_the_registration() {
        let status = CaseStatus {
            stage: "checked".into(),
            changed_at: "2026-01-20T02:00:00Z".into(),
            note: None,
            invitation: None,
            history: vec![],
            check_again_seconds: 300,
        };
        let json = serde_json::to_value(&status).unwrap_or_default();
        let keys: Vec<&String> = json
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            ["changed_at", "check_again_seconds", "history", "stage"]
        );
    }
}

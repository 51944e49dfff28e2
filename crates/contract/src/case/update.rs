//! A staff change of one case: its stage, an optional short note to the
//! person and an optional invitation, checked against the embassy's stages.

use serde::{Deserialize, Serialize};

use super::stages::Stages;
use crate::{FieldError, Localized};

/// Longest note, in characters, in each language.
pub const NOTE_MAX_CHARS: usize = 200;

/// An invitation to come: a day, a time window and a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Invitation {
    /// `YYYY-MM-DD`, the embassy's local date.
    pub date: String,
    /// `HH:MM`, local time.
    pub from: String,
    pub to: String,
    /// Where (the embassy's address or one of its service points), in both languages.
    pub place: Localized,
}

/// What staff send to change a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseUpdate {
    pub stage: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<Invitation>,
    /// The case's version the change was made from: a case changed by
    /// someone else meanwhile answers 409 with the fresh case.
    pub version: u32,
}

/// Characters that would reorder the text around them (bidi overrides and
/// isolates) or hide it.
fn is_hidden_control(c: char) -> bool {
    crate::registration::is_hidden_format(c) || (c.is_control() && c != '\n')
}

fn check_note(note: &Localized, e: &mut Vec<FieldError>) {
    for (lang, text) in [("id", &note.id), ("en", &note.en)] {
        let field = format!("note.{lang}");
        if text.trim().is_empty() {
            e.push(FieldError::new(
                &field,
                "missing_translation",
                "needs text in both languages",
            ));
        } else if text.chars().count() > NOTE_MAX_CHARS {
            e.push(FieldError::new(
                &field,
                "too_long",
                format!("at most {NOTE_MAX_CHARS} characters"),
            ));
        } else if text.chars().any(is_hidden_control) {
            e.push(FieldError::new(
                &field,
                "control_character",
                "has a hidden control character",
            ));
        }
    }
}

impl CaseUpdate {
    /// Every problem, each naming its field. `today` is the embassy's local
    /// date (`YYYY-MM-DD`): an invitation is for today or later.
    pub fn validate(&self, stages: &Stages, today: &str) -> Vec<FieldError> {
        let mut e = Vec::new();
        let stage = stages.get(&self.stage);
        if stage.is_none() {
            e.push(FieldError::new(
                "stage",
                "unknown_stage",
                "not a stage of this embassy",
            ));
        }
        if let Some(note) = &self.note {
            check_note(note, &mut e);
        }
        if let Some(inv) = &self.invitation {
            if stage.is_some_and(|s| !s.invites) {
                e.push(FieldError::new(
                    "invitation",
                    "not_invited",
                    "this stage has no invitation",
                ));
            }
            match crate::time::parse_date(&inv.date) {
                None => e.push(FieldError::new(
                    "invitation.date",
                    "format",
                    "must be YYYY-MM-DD",
                )),
                Some(_) if inv.date.as_str() < today => e.push(FieldError::new(
                    "invitation.date",
                    "past",
                    "must be today or later",
                )),
                Some(_) => {}
            }
            let from = crate::time::parse_hhmm(&inv.from);
            let to = crate::time::parse_hhmm(&inv.to);
            if from.is_none() {
                e.push(FieldError::new(
                    "invitation.from",
                    "format",
                    "must be HH:MM",
                ));
            }
            if to.is_none() {
                e.push(FieldError::new("invitation.to", "format", "must be HH:MM"));
            }
            if let (Some(f), Some(t)) = (from, to) {
                if t <= f {
                    e.push(FieldError::new(
                        "invitation.to",
                        "order",
                        "must be after `from`",
                    ));
                }
            }
            if !inv.place.is_complete() {
                e.push(FieldError::new(
                    "invitation.place",
                    "missing_translation",
                    "needs both `id` and `en` text",
                ));
            }
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::stages::tests::shipped;

    fn invitation() -> Invitation {
        Invitation {
            date: "2026-02-03".into(),
            from: "09:00".into(),
            to: "11:00".into(),
            place: Localized::new("Loket 2", "Counter 2"),
        }
    }

    fn codes(u: &CaseUpdate) -> Vec<(String, String)> {
        u.validate(&shipped(), "2026-02-01")
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_good_change_passes() {
        let u = CaseUpdate {
            stage: "interview".into(),
            note: Some(Localized::new("Bawa KTP.", "Bring your KTP.")),
            invitation: Some(invitation()),
            version: 1,
        };
        assert_eq!(codes(&u), []);
    }

    #[test]
    fn bad_changes_name_their_field() {
        let mut inv = invitation();
        inv.date = "2026-01-31".into();
        inv.to = "08:00".into();
        let u = CaseUpdate {
            stage: "no-such-stage".into(),
            note: Some(Localized::new("x".repeat(201), "a\u{202E}b")),
            invitation: Some(inv),
            version: 1,
        };
        let c = codes(&u);
        for want in [
            ("stage", "unknown_stage"),
            ("note.id", "too_long"),
            ("note.en", "control_character"),
            ("invitation.date", "past"),
            ("invitation.to", "order"),
        ] {
            assert!(
                c.contains(&(want.0.into(), want.1.into())),
                "{want:?} in {c:?}"
            );
        }
        let u = CaseUpdate {
            stage: "preparing".into(),
            note: None,
            invitation: Some(invitation()),
            version: 1,
        };
        assert_eq!(
            codes(&u),
            [("invitation".to_string(), "not_invited".to_string())]
        );
        // 200 characters of a multi-byte script are allowed.
        let u = CaseUpdate {
            stage: "checked".into(),
            note: Some(Localized::new("é".repeat(200), "ok")),
            invitation: None,
            version: 1,
        };
        assert_eq!(codes(&u), []);
    }
}

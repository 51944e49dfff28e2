//! Invitation check (on the phone, against the stored confirmation).

use super::Invitation;
use crate::time::parse_rfc3339;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InvitationAnswer {
    /// The rule includes this registration.
    Yes,
    NotYet(NotYetReason),
    /// The rule's cutoff time cannot be read: do not guess either way.
    CannotTell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotYetReason {
    /// Registered at or after `registered_before`.
    RegisteredAfterCutoff,
    /// None of the person's kinds of help is served today.
    HelpNotInToday,
}

impl NotYetReason {
    pub fn code(self) -> &'static str {
        match self {
            NotYetReason::RegisteredAfterCutoff => "registered_after_cutoff",
            NotYetReason::HelpNotInToday => "help_not_in_today",
        }
    }
}

/// Does today's invitation include a registration received at
/// `received_at_unix` asking for the kinds of help `help`? Pure: uses only the
/// stored confirmation, no personal data. The cutoff is checked first; with an
/// empty `help_kinds` any help qualifies, otherwise at least one of `help`
/// must be listed.
pub fn invited(inv: &Invitation, received_at_unix: i64, help: &[String]) -> InvitationAnswer {
    if let Some(cutoff) = &inv.registered_before {
        match parse_rfc3339(cutoff) {
            None => return InvitationAnswer::CannotTell,
            Some(c) if received_at_unix >= c => {
                return InvitationAnswer::NotYet(NotYetReason::RegisteredAfterCutoff)
            }
            Some(_) => {}
        }
    }
    if !inv.help_kinds.is_empty() && !help.iter().any(|h| inv.help_kinds.contains(h)) {
        return InvitationAnswer::NotYet(NotYetReason::HelpNotInToday);
    }
    InvitationAnswer::Yes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisory::test_support::*;
    use crate::advisory::*;

    #[test]
    fn invitation_check() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let inv = Invitation {
            date: "2026-01-19".into(),
            window_start: "09:00".into(),
            window_end: "12:00".into(),
            registered_before: Some("2026-01-18T10:00:00Z".into()),
            help_kinds: s(&["travel_document", "repatriation"]),
        };
        let before = t("2026-01-18T09:59:59Z");
        let at = t("2026-01-18T10:00:00Z");
        assert_eq!(
            invited(&inv, before, &s(&["medical", "repatriation"])),
            InvitationAnswer::Yes
        );
        assert_eq!(
            invited(&inv, at, &s(&["repatriation"])),
            InvitationAnswer::NotYet(NotYetReason::RegisteredAfterCutoff)
        );
        assert_eq!(
            invited(&inv, before, &s(&["shelter"])),
            InvitationAnswer::NotYet(NotYetReason::HelpNotInToday)
        );
        assert_eq!(
            invited(&inv, before, &[]),
            InvitationAnswer::NotYet(NotYetReason::HelpNotInToday)
        );
        let any = Invitation {
            registered_before: None,
            help_kinds: vec![],
            ..inv.clone()
        };
        assert_eq!(invited(&any, at + 999_999, &[]), InvitationAnswer::Yes);
        let broken = Invitation {
            registered_before: Some("soon".into()),
            ..inv
        };
        assert_eq!(
            invited(&broken, before, &s(&["repatriation"])),
            InvitationAnswer::CannotTell
        );
    }

    #[test]
    fn help_kinds_match_the_registration_form() {
        let form: Vec<String> = crate::registration::HelpNeeded::ALL
            .iter()
            .map(|h| {
                serde_json::to_value(h)
                    .expect("json")
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect();
        assert_eq!(form, HELP_KINDS);
    }
}

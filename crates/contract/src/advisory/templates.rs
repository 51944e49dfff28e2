//! Message templates for staff.

use super::Verdict;
use crate::lang::Localized;
use crate::time::parse_hhmm;

/// A ready-made staff message in both languages; `{time}` is filled by [`fill`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    pub code: &'static str,
    /// The verdict this message usually goes with.
    pub verdict: Verdict,
    pub id: &'static str,
    pub en: &'static str,
}

pub const TEMPLATES: [Template; 5] = [
    Template {
        code: "come_now",
        verdict: Verdict::Come,
        id: "Silakan datang sekarang. Kami melayani sampai pukul {time}.",
        en: "Come now. We serve people until {time}.",
    },
    Template {
        code: "full_today",
        verdict: Verdict::DoNotCome,
        id: "Penuh hari ini. Datang besok mulai pukul {time}.",
        en: "Full today. Come tomorrow from {time}.",
    },
    Template {
        code: "closed_today",
        verdict: Verdict::DoNotCome,
        id: "Tutup hari ini. Kami buka lagi besok pukul {time}.",
        en: "Closed today. We open again tomorrow at {time}.",
    },
    Template {
        code: "invited_only_before",
        verdict: Verdict::InvitedOnly,
        id: "Hanya untuk yang sudah mendaftar sebelum pukul {time}. Yang lain, jangan datang hari ini.",
        en: "Only for people who registered before {time}. Everyone else, please do not come today.",
    },
    Template {
        code: "go_elsewhere",
        verdict: Verdict::GoElsewhere,
        id: "Jangan datang ke kedutaan hari ini. Pergi ke tempat yang tertulis di sini, mulai pukul {time}.",
        en: "Do not come to the embassy today. Go to the place given here, from {time}.",
    },
];

/// The template with this code.
pub fn template(code: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.code == code)
}

/// The template's text in both languages with `{time}` replaced by `time`
/// (e.g. `08:00`).
pub fn fill(t: &Template, time: &str) -> Localized {
    Localized::new(t.id.replace("{time}", time), t.en.replace("{time}", time))
}

/// [`fill`] by code; `None` for an unknown code or a `time` that is not `HH:MM`.
pub fn fill_template(code: &str, time: &str) -> Option<Localized> {
    parse_hhmm(time)?;
    Some(fill(template(code)?, time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisory::test_support::*;

    #[test]
    fn templates_fill_both_languages() {
        for tpl in &TEMPLATES {
            assert!(
                tpl.id.contains("{time}") && tpl.en.contains("{time}"),
                "{}",
                tpl.code
            );
            let l = fill(tpl, "08:00");
            assert!(l.is_complete());
            assert!(!l.id.contains('{') && !l.en.contains('{'));
            assert!(l.id.contains("08:00") && l.en.contains("08:00"));
            // A filled template is valid staff text.
            let mut i = valid_input();
            i.notice = Some(l);
            assert_eq!(codes(&i), [], "{}", tpl.code);
        }
        assert_eq!(
            fill_template("full_today", "08:00"),
            Some(Localized::new(
                "Penuh hari ini. Datang besok mulai pukul 08:00.",
                "Full today. Come tomorrow from 08:00."
            ))
        );
        assert_eq!(fill_template("full_today", "8"), None);
        assert_eq!(fill_template("nope", "08:00"), None);
    }
}

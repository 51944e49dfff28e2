//! Message templates for staff: their codes and verdicts. The words are in
//! `i18n::templates`.

use super::Verdict;

/// A ready-made staff message; its words (with `{time}` to fill) are
/// `i18n::templates::text(code, lang)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    pub code: &'static str,
    /// The verdict this message usually goes with.
    pub verdict: Verdict,
}

pub const TEMPLATES: [Template; 5] = [
    Template {
        code: "come_now",
        verdict: Verdict::Come,
    },
    Template {
        code: "full_today",
        verdict: Verdict::DoNotCome,
    },
    Template {
        code: "closed_today",
        verdict: Verdict::DoNotCome,
    },
    Template {
        code: "invited_only_before",
        verdict: Verdict::InvitedOnly,
    },
    Template {
        code: "go_elsewhere",
        verdict: Verdict::GoElsewhere,
    },
];

/// The template with this code.
pub fn template(code: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_codes_are_unique() {
        for (i, t) in TEMPLATES.iter().enumerate() {
            assert_eq!(template(t.code), Some(&TEMPLATES[i]));
        }
    }
}

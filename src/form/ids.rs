//! One id scheme for every form, from the field's path as the contract names
//! errors (`points[1].wait_min`). Pure, tested natively.

use std::fmt::Display;

/// The `id` of a field's input (of its first input, for a group): error
/// summary links point here. `points[1].wait_min` → `f-points-1-wait_min`.
pub fn field_id(path: &str) -> String {
    let mut s = String::from("f-");
    for c in path.chars() {
        match c {
            '.' | '[' => s.push('-'),
            ']' => {}
            c => s.push(c),
        }
    }
    s
}

/// A part of a field: `part_id("notice", "en")` → `f-notice-en`.
pub fn part_id(path: &str, part: impl Display) -> String {
    format!("{}-{part}", field_id(path))
}

/// The field's hint, `f-full_name-hint`.
pub fn hint_id(path: &str) -> String {
    part_id(path, "hint")
}

/// The field's error message, `f-full_name-error`.
pub fn error_id(path: &str) -> String {
    part_id(path, "error")
}

/// The `i`-th choice of a radio or checkbox group. The first has the field's
/// own id, so the summary's link lands on it: `f-sex`, `f-sex-1`, `f-sex-2`.
pub fn choice_id(path: &str, i: usize) -> String {
    match i {
        0 => field_id(path),
        i => part_id(path, i),
    }
}

/// `aria-describedby`: the hint (if there is one), then the error (while it
/// shows); none if neither.
pub fn described_by(hint: Option<String>, error: Option<String>) -> Option<String> {
    let ids: Vec<String> = hint.into_iter().chain(error).collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_path() {
        assert_eq!(field_id("full_name"), "f-full_name");
        assert_eq!(field_id("home_contact.phone"), "f-home_contact-phone");
        assert_eq!(field_id("points[1].wait_min"), "f-points-1-wait_min");
        assert_eq!(hint_id("full_name"), "f-full_name-hint");
        assert_eq!(error_id("points[0].wait_min"), "f-points-0-wait_min-error");
        assert_eq!(part_id("verdict", "come"), "f-verdict-come");
        assert_eq!(choice_id("sex", 0), "f-sex");
        assert_eq!(choice_id("sex", 2), "f-sex-2");
    }

    #[test]
    fn described_by_lists_hint_then_error() {
        assert_eq!(described_by(None, None), None);
        assert_eq!(
            described_by(Some("a-hint".into()), None).as_deref(),
            Some("a-hint")
        );
        assert_eq!(
            described_by(Some("a-hint".into()), Some("a-error".into())).as_deref(),
            Some("a-hint a-error")
        );
        assert_eq!(
            described_by(None, Some("a-error".into())).as_deref(),
            Some("a-error")
        );
    }
}

//! Field paths (`points[1].wait_min`, as the contract names errors) and the
//! page elements that show them (ids from `crate::form::ids`). Pure, tested
//! natively.

use contract::Lang;
use i18n::advisories::{point_n, Key as A};

use crate::form::field_id;

/// Where an error shows: `invitation.help_kinds[2]` shows on the group.
pub fn normalize(path: &str) -> String {
    match path.strip_prefix("invitation.help_kinds[") {
        Some(_) => "invitation.help_kinds".to_string(),
        None => path.to_string(),
    }
}

/// Paths whose field is a pair of texts (Indonesian and English).
fn is_pair(p: &str) -> bool {
    matches!(
        p,
        "notice" | "elsewhere.place" | "elsewhere.address" | "elsewhere.hours"
    ) || (p.starts_with("points[") && (p.ends_with(".name") || p.ends_with(".message")))
}

/// The element an error summary link moves focus to.
pub fn target_id(path: &str) -> String {
    let p = normalize(path);
    let base = field_id(&p);
    match p.as_str() {
        "verdict" => "f-verdict-come".into(),
        "invitation" => "f-invitation-date".into(),
        "invitation.help_kinds" => "f-invitation-help_kinds-travel_document".into(),
        "points" => "f-points-add".into(),
        "next_update_by" | "valid_until" | "invitation.registered_before" => format!("{base}-date"),
        _ if is_pair(&p) => format!("{base}-id"),
        _ if p.starts_with("points[")
            || p.starts_with("invitation.")
            || p.starts_with("elsewhere.")
            || matches!(p.as_str(), "refresh_after_s" | "template.time") =>
        {
            base
        }
        _ => "f-verdict-come".into(),
    }
}

/// The point index of `points[3].x`.
pub fn point_index(path: &str) -> Option<usize> {
    path.strip_prefix("points[")?
        .split(']')
        .next()?
        .parse()
        .ok()
}

/// Order of the fields on the page, for the error summary.
pub fn rank(path: &str) -> (u32, usize) {
    let p = normalize(path);
    let group = match p.split(['.', '[']).next().unwrap_or("") {
        "verdict" => 0,
        "notice" | "template" => 1,
        "elsewhere" => 2,
        "invitation" => 3,
        "points" => 4,
        "next_update_by" => 5,
        "valid_until" => 6,
        "refresh_after_s" => 7,
        _ => 8,
    };
    (group, point_index(&p).unwrap_or(0))
}

/// A field's name as the summary gives it.
pub fn label(path: &str, lang: Lang) -> String {
    let p = normalize(path);
    let g = |k: A| k.get(lang).to_string();
    let both = |a: A, b: A| format!("{}: {}", a.get(lang), b.get(lang));
    if let Some(i) = point_index(&p) {
        let field = match p.rsplit('.').next().unwrap_or("") {
            "id" => g(A::PointCode),
            "name" => g(A::PointName),
            "status" => g(A::PointStatusLabel),
            "wait_min" => g(A::WaitMin),
            "wait_max" => g(A::WaitMax),
            "now_serving" => g(A::NowServingLabel),
            "counters_open" => g(A::CountersOpenLabel),
            "counters_max" => g(A::CountersMaxLabel),
            "waiting_inside" => g(A::WaitingInsideLabel),
            "line_outside" => g(A::LineOutsideLabel),
            "message" => g(A::PointMessage),
            other => other.to_string(),
        };
        return format!("{}: {field}", point_n(lang, i + 1));
    }
    match p.as_str() {
        "verdict" => g(A::VerdictLegend),
        "notice" => g(A::NoticeLegend),
        "template.time" => g(A::TemplateTime),
        "elsewhere.place" => both(A::ElsewhereLegend, A::Place),
        "elsewhere.address" => both(A::ElsewhereLegend, A::ElsewhereAddress),
        "elsewhere.hours" => both(A::ElsewhereLegend, A::Hours),
        "invitation" => g(A::InvitationLegend),
        "invitation.date" => both(A::InvitationLegend, A::DateLabel),
        "invitation.window_start" => both(A::InvitationLegend, A::InvitationFrom),
        "invitation.window_end" => both(A::InvitationLegend, A::InvitationTo),
        "invitation.registered_before" => g(A::BeforeLegend),
        "invitation.help_kinds" => g(A::HelpLegend),
        "points" => g(A::PointsTitle),
        "next_update_by" => g(A::NextUpdateLegend),
        "valid_until" => g(A::ValidUntilLegend),
        "refresh_after_s" => g(A::RefreshLabel),
        other => other.to_string(),
    }
}

/// The message for an error code on the staff page.
pub fn message(code: &str, lang: Lang) -> &'static str {
    match code {
        "whole_number" => A::WholeNumber.get(lang),
        "datetime_format" => A::DateTimeNeeded.get(lang),
        _ => i18n::advisory_errors::message(code, lang),
    }
}

/// An optional whole number: empty is `Ok(None)`; otherwise the error code.
pub fn number(s: &str) -> Result<Option<u32>, &'static str> {
    const CODE: &str = "whole_number";
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CODE);
    }
    s.parse().map(Some).map_err(|_| CODE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_targets() {
        assert_eq!(field_id("points[1].wait_min"), "f-points-1-wait_min");
        assert_eq!(target_id("points[1].wait_min"), "f-points-1-wait_min");
        assert_eq!(target_id("points[0].name"), "f-points-0-name-id");
        assert_eq!(target_id("notice"), "f-notice-id");
        assert_eq!(target_id("valid_until"), "f-valid_until-date");
        assert_eq!(
            target_id("invitation.help_kinds[3]"),
            "f-invitation-help_kinds-travel_document"
        );
        assert_eq!(
            target_id("invitation.window_end"),
            "f-invitation-window_end"
        );
        assert_eq!(target_id("something_new"), "f-verdict-come");
    }

    #[test]
    fn labels_and_order() {
        assert_eq!(
            label("points[1].wait_min", Lang::En),
            "Service point 2: Shortest wait (minutes)"
        );
        assert_eq!(label("valid_until", Lang::Id), "Berlaku sampai");
        assert!(rank("verdict") < rank("points[0].id"));
        assert!(rank("points[0].id") < rank("points[2].id"));
        assert!(rank("points[9].id") < rank("valid_until"));
    }

    #[test]
    fn numbers() {
        assert_eq!(number(" "), Ok(None));
        assert_eq!(number("30"), Ok(Some(30)));
        assert_eq!(number("-3"), Err("whole_number"));
        assert_eq!(number("3.5"), Err("whole_number"));
        assert_eq!(number("99999999999"), Err("whole_number"));
    }
}

//! Staff input and its validation.

use super::*;
use crate::error::FieldError;
use crate::lang::Localized;
use crate::time::{format_rfc3339, parse_date, parse_hhmm, parse_rfc3339};
use serde::{Deserialize, Deserializer, Serialize};

/// What staff `POST /api/v1/advisories`. Strict: unknown fields and unknown
/// `verdict`/`status` values are rejected. The backend sets `updated_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvisoryInput {
    #[serde(deserialize_with = "strict_verdict")]
    pub verdict: Verdict,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elsewhere: Option<ElsewhereInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<InvitationInput>,
    #[serde(default)]
    pub points: Vec<ServicePointInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<Localized>,
    /// RFC 3339, not before now, not after `valid_until`, at most
    /// [`MAX_NEXT_UPDATE_AHEAD_S`] (24 hours) ahead.
    pub next_update_by: String,
    /// RFC 3339, in the future, at most [`MAX_VALID_AHEAD_S`] (7 days) ahead.
    pub valid_until: String,
    /// Default [`DEFAULT_REFRESH_S`]; within [`REFRESH_RANGE_S`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_after_s: Option<u32>,
}

/// [`Elsewhere`] as staff send it. Missing texts are reported by [`validate`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElsewhereInput {
    #[serde(default)]
    pub place: Localized,
    #[serde(default)]
    pub address: Localized,
    #[serde(default)]
    pub hours: Option<Localized>,
}

/// [`Invitation`] as staff send it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvitationInput {
    pub date: String,
    pub window_start: String,
    pub window_end: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_before: Option<String>,
    #[serde(default)]
    pub help_kinds: Vec<String>,
}

/// [`ServicePoint`] as staff send it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServicePointInput {
    pub id: String,
    pub name: Localized,
    #[serde(deserialize_with = "strict_status")]
    pub status: PointStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_max: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting_inside: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_outside: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now_serving: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counters_open: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counters_max: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Localized>,
}

fn strict_verdict<'de, D: Deserializer<'de>>(d: D) -> Result<Verdict, D::Error> {
    let s = String::deserialize(d)?;
    Verdict::from_code(&s).ok_or_else(|| {
        serde::de::Error::custom(format_args!(
            "unknown verdict `{s}`, expected one of come, invited_only, do_not_come, go_elsewhere, unknown"
        ))
    })
}

fn strict_status<'de, D: Deserializer<'de>>(d: D) -> Result<PointStatus, D::Error> {
    let s = String::deserialize(d)?;
    PointStatus::from_code(&s).ok_or_else(|| {
        serde::de::Error::custom(format_args!(
            "unknown status `{s}`, expected one of open, busy, paused, closed, suspended, unknown"
        ))
    })
}

/// Every code [`validate`] can produce; [`message`] has text for each in both languages.
pub const ERROR_CODES: [&str; 18] = [
    "required",
    "missing_translation",
    "too_long",
    "invalid_chars",
    "date_format",
    "time_format",
    "datetime_format",
    "in_past",
    "after_valid_until",
    "too_far_ahead",
    "min_above_max",
    "open_above_max",
    "end_before_start",
    "range",
    "too_many",
    "duplicate",
    "id_format",
    "unknown_help_kind",
];

struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, field: impl Into<String>, code: &'static str) {
        self.0.push(FieldError::new(field, code, ""));
    }

    /// An optional bilingual text: both languages, bounded, no control characters.
    fn text(&mut self, field: &str, l: &Localized, max: usize) {
        if !l.is_complete() {
            self.push(field, "missing_translation");
        } else if l.id.chars().count() > max || l.en.chars().count() > max {
            self.push(field, "too_long");
        } else if has_control(&l.id) || has_control(&l.en) {
            self.push(field, "invalid_chars");
        }
    }

    /// A required bilingual text: empty in both languages is `required`.
    fn required_text(&mut self, field: &str, l: &Localized, max: usize) {
        if l.id.trim().is_empty() && l.en.trim().is_empty() {
            self.push(field, "required");
        } else {
            self.text(field, l, max);
        }
    }
}

/// Control characters other than a line break, and the hidden format
/// characters that reorder text (`registration::is_hidden_format`).
fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| (c.is_control() && c != '\n') || crate::registration::is_hidden_format(c))
}

fn is_point_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID_CHARS
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Every problem with `input` at `now_unix`, each naming its field
/// (`elsewhere.place`, `points[1].wait_min`, ...) and one of [`ERROR_CODES`].
/// The `message` is left empty: the words are in `i18n::advisory_errors`.
pub fn validate(input: &AdvisoryInput, now_unix: i64) -> Vec<FieldError> {
    let mut e = Errors(Vec::new());

    // Times.
    let valid_until = parse_rfc3339(&input.valid_until);
    match valid_until {
        None => e.push("valid_until", "datetime_format"),
        Some(v) if v <= now_unix => e.push("valid_until", "in_past"),
        Some(v) if v > now_unix.saturating_add(MAX_VALID_AHEAD_S) => {
            e.push("valid_until", "too_far_ahead")
        }
        Some(_) => {}
    }
    match parse_rfc3339(&input.next_update_by) {
        None => e.push("next_update_by", "datetime_format"),
        Some(n) if n < now_unix => e.push("next_update_by", "in_past"),
        Some(n) if n > now_unix.saturating_add(MAX_NEXT_UPDATE_AHEAD_S) => {
            e.push("next_update_by", "too_far_ahead")
        }
        Some(n) if valid_until.is_some_and(|v| n > v) => {
            e.push("next_update_by", "after_valid_until")
        }
        Some(_) => {}
    }
    if let Some(r) = input.refresh_after_s {
        if !(REFRESH_RANGE_S.0..=REFRESH_RANGE_S.1).contains(&r) {
            e.push("refresh_after_s", "range");
        }
    }

    // Where to go instead.
    match (&input.elsewhere, input.verdict) {
        (None, Verdict::GoElsewhere) => {
            e.push("elsewhere.place", "required");
            e.push("elsewhere.address", "required");
        }
        (None, _) => {}
        (Some(w), _) => {
            e.required_text("elsewhere.place", &w.place, MAX_TEXT_CHARS);
            e.required_text("elsewhere.address", &w.address, MAX_TEXT_CHARS);
            if let Some(h) = &w.hours {
                e.text("elsewhere.hours", h, MAX_TEXT_CHARS);
            }
        }
    }

    // Who is invited.
    match &input.invitation {
        None if input.verdict == Verdict::InvitedOnly => e.push("invitation", "required"),
        None => {}
        Some(inv) => {
            if parse_date(&inv.date).is_none() {
                e.push("invitation.date", "date_format");
            }
            let start = parse_hhmm(&inv.window_start);
            let end = parse_hhmm(&inv.window_end);
            if start.is_none() {
                e.push("invitation.window_start", "time_format");
            }
            if end.is_none() {
                e.push("invitation.window_end", "time_format");
            }
            if let (Some(s), Some(t)) = (start, end) {
                if t <= s {
                    e.push("invitation.window_end", "end_before_start");
                }
            }
            if let Some(rb) = &inv.registered_before {
                if parse_rfc3339(rb).is_none() {
                    e.push("invitation.registered_before", "datetime_format");
                }
            }
            if inv.help_kinds.len() > HELP_KINDS.len() {
                e.push("invitation.help_kinds", "too_many");
            }
            for (i, k) in inv.help_kinds.iter().enumerate() {
                let field = format!("invitation.help_kinds[{i}]");
                if !HELP_KINDS.contains(&k.as_str()) {
                    e.push(field, "unknown_help_kind");
                } else if inv.help_kinds[..i].contains(k) {
                    e.push(field, "duplicate");
                }
            }
        }
    }

    if let Some(n) = &input.notice {
        e.text("notice", n, MAX_NOTICE_CHARS);
    }

    // Service points.
    if input.points.len() > MAX_POINTS {
        e.push("points", "too_many");
    }
    for (i, p) in input.points.iter().enumerate() {
        let f = |name: &str| format!("points[{i}].{name}");
        if !is_point_id(&p.id) {
            e.push(f("id"), "id_format");
        } else if input.points[..i].iter().any(|q| q.id == p.id) {
            e.push(f("id"), "duplicate");
        }
        e.required_text(&f("name"), &p.name, MAX_NAME_CHARS);
        for (name, v) in [("wait_min", p.wait_min), ("wait_max", p.wait_max)] {
            if v.is_some_and(|v| v > MAX_WAIT_MIN) {
                e.push(f(name), "range");
            }
        }
        if let (Some(a), Some(b)) = (p.wait_min, p.wait_max) {
            if a > b {
                e.push(f("wait_min"), "min_above_max");
            }
        }
        for (name, v) in [
            ("waiting_inside", p.waiting_inside),
            ("line_outside", p.line_outside),
        ] {
            if v.is_some_and(|v| v > MAX_PEOPLE) {
                e.push(f(name), "range");
            }
        }
        for (name, v) in [
            ("counters_open", p.counters_open),
            ("counters_max", p.counters_max),
        ] {
            if v.is_some_and(|v| v > MAX_COUNTERS) {
                e.push(f(name), "range");
            }
        }
        if let (Some(o), Some(m)) = (p.counters_open, p.counters_max) {
            if o > m {
                e.push(f("counters_open"), "open_above_max");
            }
        }
        if let Some(t) = &p.now_serving {
            if t.trim().is_empty() {
                e.push(f("now_serving"), "required");
            } else if t.chars().count() > MAX_TICKET_CHARS {
                e.push(f("now_serving"), "too_long");
            } else if has_control(t) || t.contains('\n') {
                e.push(f("now_serving"), "invalid_chars");
            }
        }
        if let Some(m) = &p.message {
            e.text(&f("message"), m, MAX_TEXT_CHARS);
        }
    }
    e.0
}

/// `s` re-written as `YYYY-MM-DDTHH:MM:SSZ` (or as given if unreadable).
fn canonical_time(s: &str) -> String {
    parse_rfc3339(s).map_or_else(|| s.to_string(), format_rfc3339)
}

impl AdvisoryInput {
    /// The public document for a **validated** input posted at `now_unix`:
    /// times in UTC (`...Z`), `updated_at` = now, default refresh filled in.
    pub fn into_advisory(self, now_unix: i64) -> Advisory {
        Advisory {
            verdict: self.verdict,
            elsewhere: self.elsewhere.map(|w| Elsewhere {
                place: w.place,
                address: w.address,
                hours: w.hours.unwrap_or_default(),
            }),
            invitation: self.invitation.map(|i| Invitation {
                date: i.date,
                window_start: i.window_start,
                window_end: i.window_end,
                registered_before: i.registered_before.as_deref().map(canonical_time),
                help_kinds: i.help_kinds,
            }),
            points: self
                .points
                .into_iter()
                .map(|p| ServicePoint {
                    id: p.id,
                    name: p.name,
                    status: p.status,
                    wait_min: p.wait_min,
                    wait_max: p.wait_max,
                    waiting_inside: p.waiting_inside,
                    line_outside: p.line_outside,
                    now_serving: p.now_serving.map(|t| t.trim().to_string()),
                    counters_open: p.counters_open,
                    counters_max: p.counters_max,
                    message: p.message,
                })
                .collect(),
            notice: self.notice,
            updated_at: Some(format_rfc3339(now_unix)),
            next_update_by: Some(canonical_time(&self.next_update_by)),
            valid_until: Some(canonical_time(&self.valid_until)),
            refresh_after_s: self.refresh_after_s.unwrap_or(DEFAULT_REFRESH_S),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisory::test_support::*;
    use proptest::prelude::*;

    #[test]
    fn valid_input_has_no_errors() {
        assert_eq!(codes(&valid_input()), []);
    }

    #[test]
    fn go_elsewhere_needs_place_and_address() {
        let mut i = valid_input();
        i.verdict = Verdict::GoElsewhere;
        assert!(has(&i, "elsewhere.place", "required"));
        assert!(has(&i, "elsewhere.address", "required"));
        i.elsewhere = Some(ElsewhereInput {
            place: Localized::new("Aula", ""),
            ..Default::default()
        });
        assert!(has(&i, "elsewhere.place", "missing_translation"));
        assert!(has(&i, "elsewhere.address", "required"));
        i.elsewhere = Some(ElsewhereInput {
            place: Localized::new("Aula", "Hall"),
            address: Localized::new("Jalan 1", "1 Street"),
            hours: None,
        });
        assert_eq!(codes(&i), []);
    }

    #[test]
    fn times_are_capped_ahead() {
        // NOW is 2026-01-19T01:00:00Z (see `codes`).
        let mut i = valid_input();
        i.valid_until = "2026-01-26T01:00:00Z".into();
        i.next_update_by = "2026-01-20T01:00:00Z".into();
        assert_eq!(
            codes(&i),
            [],
            "exactly 7 days and 24 hours ahead is allowed"
        );

        let mut i = valid_input();
        i.valid_until = "2026-01-26T01:00:01Z".into();
        assert_eq!(codes(&i), [("valid_until".into(), "too_far_ahead".into())]);

        let mut i = valid_input();
        i.valid_until = "2062-01-19T09:00:00Z".into();
        i.next_update_by = "2026-01-20T01:00:01Z".into();
        assert!(has(&i, "valid_until", "too_far_ahead"));
        assert!(has(&i, "next_update_by", "too_far_ahead"));
        // An absurd year never overflows.
        i.valid_until = "9999-12-31T23:59:59Z".into();
        assert!(has(&i, "valid_until", "too_far_ahead"));
    }

    #[test]
    fn times_are_checked() {
        let mut i = valid_input();
        i.valid_until = "2026-01-19T00:00:00Z".into();
        i.next_update_by = "2026-01-19T00:30:00Z".into();
        assert!(has(&i, "valid_until", "in_past"));
        assert!(has(&i, "next_update_by", "in_past"));

        let mut i = valid_input();
        i.next_update_by = "2026-01-19T17:00:00+07:00".into();
        assert_eq!(
            codes(&i),
            [("next_update_by".into(), "after_valid_until".into())]
        );

        let mut i = valid_input();
        i.valid_until = "tomorrow".into();
        i.next_update_by = "2026-01-19 10:00".into();
        assert!(has(&i, "valid_until", "datetime_format"));
        assert!(has(&i, "next_update_by", "datetime_format"));

        let mut i = valid_input();
        i.refresh_after_s = Some(5);
        assert!(has(&i, "refresh_after_s", "range"));
    }

    #[test]
    fn numbers_are_checked() {
        let mut i = valid_input();
        i.points[0].wait_min = Some(90);
        i.points[0].counters_open = Some(5);
        assert!(has(&i, "points[0].wait_min", "min_above_max"));
        assert!(has(&i, "points[0].counters_open", "open_above_max"));
        i.points[0].wait_max = Some(100_000);
        assert!(has(&i, "points[0].wait_max", "range"));
    }

    #[test]
    fn invitation_is_checked() {
        let mut i = valid_input();
        i.verdict = Verdict::InvitedOnly;
        assert!(has(&i, "invitation", "required"));
        i.invitation = Some(InvitationInput {
            date: "2026-02-30".into(),
            window_start: "10:00".into(),
            window_end: "09:00".into(),
            registered_before: Some("yesterday".into()),
            help_kinds: vec!["shelter".into(), "food".into(), "shelter".into()],
        });
        let c = codes(&i);
        for (f, code) in [
            ("invitation.date", "date_format"),
            ("invitation.window_end", "end_before_start"),
            ("invitation.registered_before", "datetime_format"),
            ("invitation.help_kinds[1]", "unknown_help_kind"),
            ("invitation.help_kinds[2]", "duplicate"),
        ] {
            assert!(c.contains(&(f.into(), code.into())), "{f} {code}: {c:?}");
        }
        i.invitation = Some(InvitationInput {
            date: "2026-01-19".into(),
            window_start: "9:00".into(),
            window_end: "10:00".into(),
            ..Default::default()
        });
        assert_eq!(
            codes(&i),
            [("invitation.window_start".into(), "time_format".into())]
        );
    }

    #[test]
    fn texts_need_both_languages_and_bounds() {
        let mut i = valid_input();
        i.notice = Some(Localized::new("Ada", " "));
        i.points[0].message = Some(Localized::new("a".repeat(300), "b"));
        i.points[0].name = Localized::new("", "");
        assert!(has(&i, "notice", "missing_translation"));
        assert!(has(&i, "points[0].message", "too_long"));
        assert!(has(&i, "points[0].name", "required"));
        let mut i = valid_input();
        i.points[0].now_serving = Some("A\u{7}".into());
        assert!(has(&i, "points[0].now_serving", "invalid_chars"));
    }

    #[test]
    fn point_ids_are_checked() {
        let mut i = valid_input();
        i.points.push(i.points[0].clone());
        i.points.push(i.points[0].clone());
        i.points[2].id = "Not OK".into();
        assert!(has(&i, "points[1].id", "duplicate"));
        assert!(has(&i, "points[2].id", "id_format"));
        i.points = vec![valid_input().points[0].clone(); MAX_POINTS + 1];
        assert!(has(&i, "points", "too_many"));
    }

    #[test]
    fn strict_input_rejects_unknown_values_and_fields() {
        let base = serde_json::to_value(valid_input()).expect("json");
        let mut v = base.clone();
        v["verdict"] = "comee".into();
        assert!(serde_json::from_value::<AdvisoryInput>(v).is_err());
        let mut v = base.clone();
        v["points"][0]["status"] = "opne".into();
        assert!(serde_json::from_value::<AdvisoryInput>(v).is_err());
        let mut v = base.clone();
        v["points"][0]["wait_mni"] = 3.into();
        assert!(serde_json::from_value::<AdvisoryInput>(v).is_err());
        let mut v = base;
        v["updated_at"] = "2026-01-19T01:00:00Z".into();
        assert!(serde_json::from_value::<AdvisoryInput>(v).is_err());
    }

    #[test]
    fn into_advisory_sets_times_in_utc() {
        let a = valid_input().into_advisory(NOW);
        assert_eq!(a.updated_at.as_deref(), Some("2026-01-19T01:00:00Z"));
        assert_eq!(a.next_update_by.as_deref(), Some("2026-01-19T03:00:00Z"));
        assert_eq!(a.valid_until.as_deref(), Some("2026-01-19T09:00:00Z"));
        assert_eq!(a.refresh_after_s, DEFAULT_REFRESH_S);
        assert_eq!(freshness(&a, NOW), Freshness::Current);
        // What the backend sends, the app reads back the same.
        let text = serde_json::to_string(&a).expect("json");
        assert_eq!(serde_json::from_str::<Advisory>(&text).expect("parse"), a);
    }

    proptest! {
        #[test]
        fn validate_never_panics(
            wait_min in proptest::option::of(any::<u32>()),
            wait_max in proptest::option::of(any::<u32>()),
            text in "\\PC{0,20}",
            now in -10_000_000_000i64..10_000_000_000i64,
        ) {
            let mut i = valid_input();
            i.points[0].wait_min = wait_min;
            i.points[0].wait_max = wait_max;
            i.valid_until = text.clone();
            i.points[0].id = text;
            for e in validate(&i, now) {
                prop_assert!(ERROR_CODES.contains(&e.code.as_str()), "{}", e.code);
            }
        }
    }
}

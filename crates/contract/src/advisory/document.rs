//! The public document of `GET /api/v1/advisories`, parsed leniently.

use super::DEFAULT_REFRESH_S;
use crate::advisory::Times;
use crate::lang::Localized;
use crate::time::parse_rfc3339;
use serde::{Deserialize, Deserializer, Serialize};

/// What the embassy tells people today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Walk-ins are served.
    Come,
    /// Only the people the invitation rule names.
    InvitedOnly,
    /// Closed or full today.
    DoNotCome,
    /// Go to the other place in `elsewhere`.
    GoElsewhere,
    /// No advisory, or a value this version does not know.
    #[default]
    #[serde(other)]
    Unknown,
}

impl Verdict {
    pub const ALL: [Verdict; 5] = [
        Verdict::Come,
        Verdict::InvitedOnly,
        Verdict::DoNotCome,
        Verdict::GoElsewhere,
        Verdict::Unknown,
    ];

    /// The wire value.
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Come => "come",
            Verdict::InvitedOnly => "invited_only",
            Verdict::DoNotCome => "do_not_come",
            Verdict::GoElsewhere => "go_elsewhere",
            Verdict::Unknown => "unknown",
        }
    }

    /// Exact wire value only (no catch-all): for strict staff input.
    pub fn from_code(code: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.code() == code)
    }
}

/// State of one service point (a counter, a desk, a window).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointStatus {
    Open,
    Busy,
    Paused,
    Closed,
    Suspended,
    /// Not known, or a value this version does not know.
    #[default]
    #[serde(other)]
    Unknown,
}

impl PointStatus {
    pub const ALL: [PointStatus; 6] = [
        PointStatus::Open,
        PointStatus::Busy,
        PointStatus::Paused,
        PointStatus::Closed,
        PointStatus::Suspended,
        PointStatus::Unknown,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PointStatus::Open => "open",
            PointStatus::Busy => "busy",
            PointStatus::Paused => "paused",
            PointStatus::Closed => "closed",
            PointStatus::Suspended => "suspended",
            PointStatus::Unknown => "unknown",
        }
    }

    /// Exact wire value only (no catch-all): for strict staff input.
    pub fn from_code(code: &str) -> Option<PointStatus> {
        PointStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Where to go instead, for [`Verdict::GoElsewhere`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Elsewhere {
    #[serde(default, deserialize_with = "loose_localized")]
    pub place: Localized,
    #[serde(default, deserialize_with = "loose_localized")]
    pub address: Localized,
    /// May be empty in both languages (hours not given).
    #[serde(default, deserialize_with = "loose_localized")]
    pub hours: Localized,
}

/// Who is invited today. Publishes a rule, never names: the app checks it on
/// the phone against the person's stored registration confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Invitation {
    /// `YYYY-MM-DD`, the embassy's local date.
    #[serde(default, deserialize_with = "null_default")]
    pub date: String,
    /// `HH:MM`, local time.
    #[serde(default, deserialize_with = "null_default")]
    pub window_start: String,
    /// `HH:MM`, local time, after `window_start`.
    #[serde(default, deserialize_with = "null_default")]
    pub window_end: String,
    /// RFC 3339: only registrations received strictly before this instant.
    /// Absent: any registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_before: Option<String>,
    /// Kinds of help served (see [`HELP_KINDS`]); empty = any kind.
    #[serde(default, deserialize_with = "null_default")]
    pub help_kinds: Vec<String>,
}

/// One service point and its queue.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ServicePoint {
    #[serde(default, deserialize_with = "null_default")]
    pub id: String,
    #[serde(default, deserialize_with = "loose_localized")]
    pub name: Localized,
    #[serde(default, deserialize_with = "null_default")]
    pub status: PointStatus,
    /// Expected wait range in minutes; `None` = unknown (never guessed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_max: Option<u32>,
    /// People inside the building waiting for this point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting_inside: Option<u32>,
    /// People queuing outside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_outside: Option<u32>,
    /// Ticket or number being served now, e.g. `A123`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now_serving: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counters_open: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counters_max: Option<u32>,
    #[serde(
        default,
        deserialize_with = "loose_opt_localized",
        skip_serializing_if = "Option::is_none"
    )]
    pub message: Option<Localized>,
}

/// The document of `GET /api/v1/advisories`.
///
/// Absent times mean "not known": the backend's default document, served
/// while no advisory was ever posted, has none of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advisory {
    #[serde(default, deserialize_with = "null_default")]
    pub verdict: Verdict,
    /// Where to go, for `go_elsewhere`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elsewhere: Option<Elsewhere>,
    /// Who is invited, for `invited_only` (may also accompany other verdicts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<Invitation>,
    #[serde(default, deserialize_with = "null_default")]
    pub points: Vec<ServicePoint>,
    /// Embassy-wide notice.
    #[serde(
        default,
        deserialize_with = "loose_opt_localized",
        skip_serializing_if = "Option::is_none"
    )]
    pub notice: Option<Localized>,
    /// RFC 3339, set by the backend when the advisory was posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// RFC 3339: staff promise a new advisory by then ("update pending" after).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_update_by: Option<String>,
    /// RFC 3339: after this instant the advisory must not be trusted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// How long the app should wait before fetching again.
    #[serde(default = "default_refresh", deserialize_with = "refresh_or_default")]
    pub refresh_after_s: u32,
}

impl Default for Advisory {
    /// The truthful "nothing known" document: verdict unknown, no points, no times.
    fn default() -> Self {
        Advisory {
            verdict: Verdict::Unknown,
            elsewhere: None,
            invitation: None,
            points: Vec::new(),
            notice: None,
            updated_at: None,
            next_update_by: None,
            valid_until: None,
            refresh_after_s: DEFAULT_REFRESH_S,
        }
    }
}

fn default_refresh() -> u32 {
    DEFAULT_REFRESH_S
}

/// `null` → the type's default (serde's `default` only covers a missing key).
fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

fn refresh_or_default<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    Ok(Option::<u32>::deserialize(d)?.unwrap_or(DEFAULT_REFRESH_S))
}

/// A `Localized` that tolerates missing languages and extra ones.
#[derive(Deserialize)]
struct LooseLocalized {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    en: Option<String>,
}

impl From<LooseLocalized> for Localized {
    fn from(l: LooseLocalized) -> Self {
        Localized {
            id: l.id.unwrap_or_default(),
            en: l.en.unwrap_or_default(),
        }
    }
}

fn loose_localized<'de, D: Deserializer<'de>>(d: D) -> Result<Localized, D::Error> {
    Ok(Option::<LooseLocalized>::deserialize(d)?
        .map(Localized::from)
        .unwrap_or_default())
}

fn loose_opt_localized<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Localized>, D::Error> {
    Ok(Option::<LooseLocalized>::deserialize(d)?.map(Localized::from))
}

impl Advisory {
    /// The document's times as Unix seconds (`None` when absent or unreadable).
    pub fn times(&self) -> Times {
        let p = |s: &Option<String>| s.as_deref().and_then(parse_rfc3339);
        Times {
            updated_at: p(&self.updated_at),
            next_update_by: p(&self.next_update_by),
            valid_until: p(&self.valid_until),
        }
    }

    /// True for the default document (no advisory was ever posted).
    pub fn is_placeholder(&self) -> bool {
        self.updated_at.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisory::test_support::*;
    use crate::advisory::*;

    #[test]
    fn lenient_parsing_of_unknown_values() {
        let a: Advisory = serde_json::from_str(
            r#"{"verdict":"teleport","points":[{"id":"x","status":"on_fire","name":{"id":"A","en":"B","ms":"C"}}],
                "future_field":{"x":1},"notice":{"en":"only English"}}"#,
        )
        .expect("lenient");
        assert_eq!(a.verdict, Verdict::Unknown);
        assert_eq!(a.points[0].status, PointStatus::Unknown);
        assert_eq!(a.points[0].name, Localized::new("A", "B"));
        assert_eq!(a.notice, Some(Localized::new("", "only English")));
    }

    #[test]
    fn partial_documents_parse() {
        let a: Advisory = serde_json::from_str("{}").expect("empty");
        assert_eq!(a, Advisory::default());
        assert_eq!(
            freshness(&a, NOW),
            Freshness::MayBeOutdated(StaleReason::MissingTimes)
        );
        let a: Advisory = serde_json::from_str(
            r#"{"verdict":null,"points":[{}],"refresh_after_s":null,"invitation":{"date":"2026-01-19"},
                "elsewhere":{"place":{"id":"Aula"}},"notice":null}"#,
        )
        .expect("partial");
        assert_eq!(a.verdict, Verdict::Unknown);
        assert_eq!(a.points, [ServicePoint::default()]);
        assert_eq!(a.refresh_after_s, DEFAULT_REFRESH_S);
        assert_eq!(a.invitation.map(|i| i.help_kinds.len()), Some(0));
        assert_eq!(a.elsewhere.map(|w| w.place.id), Some("Aula".into()));
        let a: Advisory =
            serde_json::from_str(r#"{"points":null,"verdict":"come"}"#).expect("null");
        assert!(a.points.is_empty());
        assert_eq!(a.verdict, Verdict::Come);
    }

    #[test]
    fn default_serialises_without_times() {
        let v = serde_json::to_value(Advisory::default()).expect("json");
        assert_eq!(
            v,
            serde_json::json!({"verdict":"unknown","points":[],"refresh_after_s":300})
        );
    }

    #[test]
    fn codes_round_trip() {
        for v in Verdict::ALL {
            assert_eq!(Verdict::from_code(v.code()), Some(v));
            let json = serde_json::to_string(&v).expect("json");
            assert_eq!(json, format!("\"{}\"", v.code()));
        }
        for s in PointStatus::ALL {
            assert_eq!(PointStatus::from_code(s.code()), Some(s));
            let json = serde_json::to_string(&s).expect("json");
            assert_eq!(json, format!("\"{}\"", s.code()));
        }
    }
}

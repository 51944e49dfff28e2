//! Queue advisories: is the embassy open today, how long is the wait, should I
//! come now, later, only if invited, or go somewhere else.
//!
//! Two sides of one contract:
//! - [`Advisory`], the document `GET /api/v1/advisories` returns. It is parsed
//!   **leniently** by the app: every field may be missing, `null` or unknown
//!   (newer backends add fields and values; older backends send fewer), and a
//!   value the app does not know becomes `Unknown` instead of failing.
//! - [`AdvisoryInput`], what staff `POST`. It is parsed **strictly** (unknown
//!   fields and unknown values are errors) and checked by [`validate`].
//!
//! Times on the wire are RFC 3339 strings; the functions here take Unix
//! seconds (`i64`), so the caller supplies "now" and everything stays pure.

mod document;
mod freshness;
mod history;
mod input;
mod invitation;
mod templates;

pub use document::*;
pub use freshness::*;
pub use history::*;
pub use input::*;
pub use invitation::*;
pub use templates::*;

/// How often the app should poll when the document does not say.
pub const DEFAULT_REFRESH_S: u32 = 300;
/// Bounds for `refresh_after_s` in staff input.
pub const REFRESH_RANGE_S: (u32, u32) = (30, 3600);
/// How far ahead of now staff may set `valid_until`: a week. A typo (2062)
/// or a leaked token must not give an advisory that phones, the status
/// pages and a CDN show as current for years; an embassy publishes at least
/// weekly anyway.
pub const MAX_VALID_AHEAD_S: i64 = 7 * 24 * 3600;
/// How far ahead of now staff may set `next_update_by`: a day. A promised
/// update further away than that is no promise to someone deciding whether
/// to travel to the embassy tomorrow.
pub const MAX_NEXT_UPDATE_AHEAD_S: i64 = 24 * 3600;
/// A document whose `updated_at` is further ahead of the reader's clock than
/// this is suspicious (wrong clock on one side).
pub const CLOCK_SKEW_S: i64 = 300;

/// Most service points one advisory may list.
pub const MAX_POINTS: usize = 12;
/// Longest point name, in characters (per language).
pub const MAX_NAME_CHARS: usize = 80;
/// Longest message or place/address/hours text, in characters (per language).
pub const MAX_TEXT_CHARS: usize = 280;
/// Longest embassy-wide notice, in characters (per language).
pub const MAX_NOTICE_CHARS: usize = 500;
/// Longest `now_serving` ticket label.
pub const MAX_TICKET_CHARS: usize = 16;
/// Longest point id.
pub const MAX_ID_CHARS: usize = 40;
/// Largest wait, in minutes, staff may publish (one day).
pub const MAX_WAIT_MIN: u32 = 24 * 60;
/// Largest head count (`waiting_inside`, `line_outside`).
pub const MAX_PEOPLE: u32 = 100_000;
/// Largest number of counters.
pub const MAX_COUNTERS: u32 = 1_000;

/// Kinds of help from the registration form, as sent in `help_needed`.
pub const HELP_KINDS: [&str; 6] = [
    "travel_document",
    "repatriation",
    "medical",
    "shelter",
    "legal",
    "other",
];

#[cfg(test)]
mod test_support {
    use super::*;
    use crate::time::parse_rfc3339;

    pub const NOW: i64 = 1_768_784_400; // 2026-01-19T01:00:00Z = 08:00 in Phnom Penh

    pub fn t(s: &str) -> i64 {
        parse_rfc3339(s).expect("time")
    }

    pub fn valid_input() -> AdvisoryInput {
        serde_json::from_str(
            r#"{
              "verdict": "come",
              "points": [{
                "id": "passports", "name": {"id": "Paspor", "en": "Passports"},
                "status": "open", "wait_min": 30, "wait_max": 60,
                "counters_open": 2, "counters_max": 4, "now_serving": "A123"
              }],
              "notice": {"id": "Bawa fotokopi KTP.", "en": "Bring a copy of your ID card."},
              "next_update_by": "2026-01-19T10:00:00+07:00",
              "valid_until": "2026-01-19T16:00:00+07:00"
            }"#,
        )
        .expect("valid input parses")
    }

    pub fn codes(input: &AdvisoryInput) -> Vec<(String, String)> {
        validate(input, NOW)
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    pub fn has(input: &AdvisoryInput, field: &str, code: &str) -> bool {
        codes(input).iter().any(|(f, c)| f == field && c == code)
    }
}

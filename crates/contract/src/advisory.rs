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

use crate::error::FieldError;
use crate::lang::{Lang, Localized};
use crate::time::{format_rfc3339, parse_date, parse_hhmm, parse_rfc3339};
use serde::{Deserialize, Deserializer, Serialize};

/// How often the app should poll when the document does not say.
pub const DEFAULT_REFRESH_S: u32 = 300;
/// Bounds for `refresh_after_s` in staff input.
pub const REFRESH_RANGE_S: (u32, u32) = (30, 3600);
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

// ---------------------------------------------------------------------------
// The public document
// ---------------------------------------------------------------------------

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

    /// The verdict in plain words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Verdict::Come, Lang::Id) => "Silakan datang. Kami melayani yang datang langsung.",
            (Verdict::Come, Lang::En) => "Come. Walk-ins are served.",
            (Verdict::InvitedOnly, Lang::Id) => {
                "Hanya untuk yang diundang. Datang hanya jika aturan undangan berlaku untuk Anda."
            }
            (Verdict::InvitedOnly, Lang::En) => {
                "Invited people only. Come only if the invitation rule includes you."
            }
            (Verdict::DoNotCome, Lang::Id) => {
                "Jangan datang hari ini. Kedutaan tutup atau sudah penuh."
            }
            (Verdict::DoNotCome, Lang::En) => "Do not come today. The embassy is closed or full.",
            (Verdict::GoElsewhere, Lang::Id) => {
                "Jangan datang ke kedutaan. Pergi ke tempat lain yang tertulis di sini."
            }
            (Verdict::GoElsewhere, Lang::En) => {
                "Do not come to the embassy. Go to the other place given here."
            }
            (Verdict::Unknown, Lang::Id) => "Status tidak diketahui.",
            (Verdict::Unknown, Lang::En) => "Status unknown.",
        }
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

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PointStatus::Open, Lang::Id) => "Buka",
            (PointStatus::Open, Lang::En) => "Open",
            (PointStatus::Busy, Lang::Id) => "Ramai",
            (PointStatus::Busy, Lang::En) => "Busy",
            (PointStatus::Paused, Lang::Id) => "Berhenti sebentar",
            (PointStatus::Paused, Lang::En) => "Paused",
            (PointStatus::Closed, Lang::Id) => "Tutup",
            (PointStatus::Closed, Lang::En) => "Closed",
            (PointStatus::Suspended, Lang::Id) => "Dihentikan",
            (PointStatus::Suspended, Lang::En) => "Suspended",
            (PointStatus::Unknown, Lang::Id) => "Tidak diketahui",
            (PointStatus::Unknown, Lang::En) => "Unknown",
        }
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

// ---------------------------------------------------------------------------
// Freshness
// ---------------------------------------------------------------------------

/// An advisory's times in Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Times {
    pub updated_at: Option<i64>,
    pub next_update_by: Option<i64>,
    pub valid_until: Option<i64>,
}

/// Whether a document can be shown as today's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Freshness {
    Current,
    /// Show the status as unknown; say why and give the absolute times.
    MayBeOutdated(StaleReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaleReason {
    /// Staff promised an update by `next_update_by` and none came ("update pending").
    PastNextUpdate,
    /// The advisory expired.
    PastValidUntil,
    /// `updated_at` is ahead of the reader's clock by more than [`CLOCK_SKEW_S`]:
    /// one of the clocks is wrong, so no comparison can be trusted.
    UpdatedInFuture,
    /// `updated_at` or `valid_until` is absent or unreadable (e.g. the default
    /// document served while no advisory was ever posted).
    MissingTimes,
}

impl StaleReason {
    pub const ALL: [StaleReason; 4] = [
        StaleReason::PastNextUpdate,
        StaleReason::PastValidUntil,
        StaleReason::UpdatedInFuture,
        StaleReason::MissingTimes,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StaleReason::PastNextUpdate => "past_next_update",
            StaleReason::PastValidUntil => "past_valid_until",
            StaleReason::UpdatedInFuture => "updated_in_future",
            StaleReason::MissingTimes => "missing_times",
        }
    }
}

impl Freshness {
    pub fn is_current(self) -> bool {
        self == Freshness::Current
    }

    /// Small stable index (0..5), e.g. to cache one rendering per state.
    pub fn index(self) -> usize {
        match self {
            Freshness::Current => 0,
            Freshness::MayBeOutdated(StaleReason::PastNextUpdate) => 1,
            Freshness::MayBeOutdated(StaleReason::PastValidUntil) => 2,
            Freshness::MayBeOutdated(StaleReason::UpdatedInFuture) => 3,
            Freshness::MayBeOutdated(StaleReason::MissingTimes) => 4,
        }
    }

    /// Number of distinct [`Freshness::index`] values.
    pub const COUNT: usize = 5;
}

impl Times {
    /// Freshness at `now_unix`. Checked in order: missing times, updated in
    /// the future (beyond [`CLOCK_SKEW_S`]), past `valid_until`, past
    /// `next_update_by` (absent `next_update_by` is not a problem).
    pub fn freshness(&self, now_unix: i64) -> Freshness {
        use StaleReason::*;
        let (Some(updated), Some(valid)) = (self.updated_at, self.valid_until) else {
            return Freshness::MayBeOutdated(MissingTimes);
        };
        if updated > now_unix.saturating_add(CLOCK_SKEW_S) {
            return Freshness::MayBeOutdated(UpdatedInFuture);
        }
        if now_unix >= valid {
            return Freshness::MayBeOutdated(PastValidUntil);
        }
        if self.next_update_by.is_some_and(|n| now_unix > n) {
            return Freshness::MayBeOutdated(PastNextUpdate);
        }
        Freshness::Current
    }
}

/// Whether `adv` can be shown as current at `now_unix` (the reader's clock).
pub fn freshness(adv: &Advisory, now_unix: i64) -> Freshness {
    adv.times().freshness(now_unix)
}

// ---------------------------------------------------------------------------
// Invitation check (on the phone, against the stored confirmation)
// ---------------------------------------------------------------------------

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

/// A kind of help in plain words (`None` for an unknown code).
pub fn help_kind_label(code: &str, lang: Lang) -> Option<&'static str> {
    Some(match (code, lang) {
        ("travel_document", Lang::Id) => "dokumen perjalanan (SPLP)",
        ("travel_document", Lang::En) => "travel document (SPLP)",
        ("repatriation", Lang::Id) => "pemulangan ke Indonesia",
        ("repatriation", Lang::En) => "going home to Indonesia",
        ("medical", Lang::Id) => "kesehatan",
        ("medical", Lang::En) => "medical help",
        ("shelter", Lang::Id) => "tempat tinggal sementara",
        ("shelter", Lang::En) => "shelter",
        ("legal", Lang::Id) => "bantuan hukum",
        ("legal", Lang::En) => "legal help",
        ("other", Lang::Id) => "lainnya",
        ("other", Lang::En) => "other help",
        _ => return None,
    })
}

/// A wait range in plain words: "30–60 menit", "up to 60 minutes", "Wait time unknown".
pub fn wait_text(min: Option<u32>, max: Option<u32>, lang: Lang) -> String {
    match (min, max, lang) {
        (Some(a), Some(b), Lang::Id) if a == b => format!("sekitar {a} menit"),
        (Some(a), Some(b), Lang::En) if a == b => format!("about {a} minutes"),
        (Some(a), Some(b), Lang::Id) => format!("{a}–{b} menit"),
        (Some(a), Some(b), Lang::En) => format!("{a}–{b} minutes"),
        (Some(a), None, Lang::Id) => format!("paling sedikit {a} menit"),
        (Some(a), None, Lang::En) => format!("at least {a} minutes"),
        (None, Some(b), Lang::Id) => format!("paling lama {b} menit"),
        (None, Some(b), Lang::En) => format!("up to {b} minutes"),
        (None, None, Lang::Id) => "waktu tunggu tidak diketahui".to_string(),
        (None, None, Lang::En) => "wait time unknown".to_string(),
    }
}

// ---------------------------------------------------------------------------
// Staff input and its validation
// ---------------------------------------------------------------------------

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
    /// RFC 3339, not before now, not after `valid_until`.
    pub next_update_by: String,
    /// RFC 3339, in the future.
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
pub const ERROR_CODES: [&str; 17] = [
    "required",
    "missing_translation",
    "too_long",
    "invalid_chars",
    "date_format",
    "time_format",
    "datetime_format",
    "in_past",
    "after_valid_until",
    "min_above_max",
    "open_above_max",
    "end_before_start",
    "range",
    "too_many",
    "duplicate",
    "id_format",
    "unknown_help_kind",
];

/// The text for a validation code (or a freshness / invitation reason code),
/// in `lang`. Unknown codes get a generic text.
pub fn message(code: &str, lang: Lang) -> &'static str {
    let (id, en) = match code {
        "required" => ("Wajib diisi.", "Required."),
        "missing_translation" => (
            "Tulis teks dalam dua bahasa: Bahasa Indonesia dan Inggris.",
            "Write the text in both languages: Bahasa Indonesia and English.",
        ),
        "too_long" => ("Teks terlalu panjang.", "The text is too long."),
        "invalid_chars" => (
            "Teks berisi karakter kontrol yang tidak boleh.",
            "The text contains control characters that are not allowed.",
        ),
        "date_format" => (
            "Tulis tanggal sebagai TTTT-BB-HH, misalnya 2026-01-19.",
            "Write the date as YYYY-MM-DD, for example 2026-01-19.",
        ),
        "time_format" => (
            "Tulis jam sebagai JJ:MM, misalnya 08:00.",
            "Write the time as HH:MM, for example 08:00.",
        ),
        "datetime_format" => (
            "Tulis waktu dalam format RFC 3339, misalnya 2026-01-19T16:00:00+07:00.",
            "Write the time in RFC 3339 format, for example 2026-01-19T16:00:00+07:00.",
        ),
        "in_past" => (
            "Waktu ini sudah lewat. Pilih waktu yang akan datang.",
            "This time has passed. Choose a time in the future.",
        ),
        "after_valid_until" => (
            "Waktu pembaruan berikutnya harus sebelum batas berlaku.",
            "The next update must be due before the advisory expires.",
        ),
        "min_above_max" => (
            "Waktu tunggu terpendek lebih besar dari yang terpanjang.",
            "The shortest wait is more than the longest wait.",
        ),
        "open_above_max" => (
            "Jumlah loket buka lebih besar dari jumlah loket.",
            "More counters are open than there are counters.",
        ),
        "end_before_start" => (
            "Jam selesai harus setelah jam mulai.",
            "The end time must be after the start time.",
        ),
        "range" => ("Angka di luar batas.", "The number is out of range."),
        "too_many" => ("Terlalu banyak isian.", "Too many entries."),
        "duplicate" => ("Sudah dipakai di atas.", "Already used above."),
        "id_format" => (
            "Pakai huruf kecil, angka, - atau _ saja.",
            "Use only lowercase letters, digits, - or _.",
        ),
        "unknown_help_kind" => ("Jenis bantuan tidak dikenal.", "Unknown kind of help."),
        "past_next_update" => (
            "Pembaruan terlambat. Keadaan mungkin sudah berubah.",
            "The update is late. Things may have changed.",
        ),
        "past_valid_until" => (
            "Informasi ini sudah tidak berlaku. Anggap status tidak diketahui.",
            "This information has expired. Treat the status as unknown.",
        ),
        "updated_in_future" => (
            "Jam di ponsel atau server tidak cocok. Informasi ini mungkin tidak tepat.",
            "The clock on your phone or on the server is wrong. This information may not be right.",
        ),
        "missing_times" => (
            "Tidak ada informasi antrean terbaru.",
            "There is no current queue advisory.",
        ),
        "registered_after_cutoff" => (
            "Anda mendaftar setelah batas waktu undangan hari ini. Belum giliran Anda.",
            "You registered after today's cutoff. It is not your turn yet.",
        ),
        "help_not_in_today" => (
            "Hari ini bukan untuk jenis bantuan yang Anda minta. Belum giliran Anda.",
            "Today is not for the kind of help you asked for. It is not your turn yet.",
        ),
        _ => ("Isian tidak sah.", "This value is not valid."),
    };
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, field: impl Into<String>, code: &'static str) {
        self.0
            .push(FieldError::new(field, code, message(code, Lang::En)));
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

/// Control characters other than a line break.
fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() && c != '\n')
}

fn is_point_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID_CHARS
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Every problem with `input` at `now_unix`, each naming its field
/// (`elsewhere.place`, `points[1].wait_min`, ...) and one of [`ERROR_CODES`].
pub fn validate(input: &AdvisoryInput, now_unix: i64) -> Vec<FieldError> {
    let mut e = Errors(Vec::new());

    // Times.
    let valid_until = parse_rfc3339(&input.valid_until);
    match valid_until {
        None => e.push("valid_until", "datetime_format"),
        Some(v) if v <= now_unix => e.push("valid_until", "in_past"),
        Some(_) => {}
    }
    match parse_rfc3339(&input.next_update_by) {
        None => e.push("next_update_by", "datetime_format"),
        Some(n) if n < now_unix => e.push("next_update_by", "in_past"),
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

// ---------------------------------------------------------------------------
// History (staff)
// ---------------------------------------------------------------------------

/// Response of `GET /api/v1/advisories/history` (staff): newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvisoryHistory {
    pub items: Vec<HistoryEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub id: i64,
    /// RFC 3339, when it was posted (equals the advisory's `updated_at`).
    pub posted_at: String,
    pub advisory: Advisory,
}

// ---------------------------------------------------------------------------
// Message templates for staff
// ---------------------------------------------------------------------------

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
    use proptest::prelude::*;

    const NOW: i64 = 1_768_784_400; // 2026-01-19T01:00:00Z = 08:00 in Phnom Penh

    fn t(s: &str) -> i64 {
        parse_rfc3339(s).expect("time")
    }

    fn valid_input() -> AdvisoryInput {
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

    fn codes(input: &AdvisoryInput) -> Vec<(String, String)> {
        validate(input, NOW)
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    fn has(input: &AdvisoryInput, field: &str, code: &str) -> bool {
        codes(input).iter().any(|(f, c)| f == field && c == code)
    }

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
    fn every_code_has_both_languages() {
        for code in ERROR_CODES
            .iter()
            .copied()
            .chain(StaleReason::ALL.iter().map(|r| r.code()))
            .chain(["registered_after_cutoff", "help_not_in_today"])
        {
            let id = message(code, Lang::Id);
            let en = message(code, Lang::En);
            assert!(!id.is_empty() && !en.is_empty(), "{code}");
            assert_ne!(id, en, "{code} is not translated");
            assert_ne!(en, message("no-such-code", Lang::En), "{code} has no text");
        }
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
    fn freshness_rules() {
        let times = |u: &str, n: &str, v: &str| Times {
            updated_at: Some(t(u)),
            next_update_by: Some(t(n)),
            valid_until: Some(t(v)),
        };
        let x = times(
            "2026-01-19T01:00:00Z",
            "2026-01-19T03:00:00Z",
            "2026-01-19T09:00:00Z",
        );
        assert_eq!(x.freshness(NOW), Freshness::Current);
        assert_eq!(
            x.freshness(t("2026-01-19T03:00:01Z")),
            Freshness::MayBeOutdated(StaleReason::PastNextUpdate)
        );
        assert_eq!(x.freshness(t("2026-01-19T03:00:00Z")), Freshness::Current);
        assert_eq!(
            x.freshness(t("2026-01-19T09:00:00Z")),
            Freshness::MayBeOutdated(StaleReason::PastValidUntil)
        );
        // A phone clock a few minutes behind is tolerated; an hour is not.
        assert_eq!(x.freshness(NOW - 120), Freshness::Current);
        assert_eq!(
            x.freshness(NOW - 3600),
            Freshness::MayBeOutdated(StaleReason::UpdatedInFuture)
        );
        let no_next = Times {
            next_update_by: None,
            ..x
        };
        assert_eq!(
            no_next.freshness(t("2026-01-19T05:00:00Z")),
            Freshness::Current
        );
        let no_valid = Times {
            valid_until: None,
            ..x
        };
        assert_eq!(
            no_valid.freshness(NOW),
            Freshness::MayBeOutdated(StaleReason::MissingTimes)
        );
        let mut a = valid_input().into_advisory(NOW);
        a.valid_until = Some("garbage".into());
        assert_eq!(
            freshness(&a, NOW),
            Freshness::MayBeOutdated(StaleReason::MissingTimes)
        );
        let idx: std::collections::HashSet<usize> = StaleReason::ALL
            .iter()
            .map(|r| Freshness::MayBeOutdated(*r).index())
            .chain([Freshness::Current.index()])
            .collect();
        assert_eq!(idx.len(), Freshness::COUNT);
        assert!(idx.iter().all(|i| *i < Freshness::COUNT));
    }

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

    #[test]
    fn labels_exist_in_both_languages() {
        for v in Verdict::ALL {
            assert_ne!(v.label(Lang::Id), v.label(Lang::En));
            assert_eq!(Verdict::from_code(v.code()), Some(v));
            let json = serde_json::to_string(&v).expect("json");
            assert_eq!(json, format!("\"{}\"", v.code()));
        }
        for s in PointStatus::ALL {
            assert_ne!(s.label(Lang::Id), s.label(Lang::En));
            assert_eq!(PointStatus::from_code(s.code()), Some(s));
            let json = serde_json::to_string(&s).expect("json");
            assert_eq!(json, format!("\"{}\"", s.code()));
        }
        for k in HELP_KINDS {
            assert!(
                help_kind_label(k, Lang::Id).is_some() && help_kind_label(k, Lang::En).is_some()
            );
        }
        assert_eq!(wait_text(Some(30), Some(60), Lang::En), "30–60 minutes");
        assert_eq!(
            wait_text(None, None, Lang::Id),
            "waktu tunggu tidak diketahui"
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

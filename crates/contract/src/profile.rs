//! The embassy profile: one JSON file per deployment (`public/profile.json`),
//! read by the app at run time and by the backend at start. Contact details
//! come only from here, never from code or articles.

use crate::error::FieldError;
use crate::lang::Localized;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// `true` while the file holds sample data: the app shows a "sample data" banner.
    pub sample: bool,
    pub embassy: Localized,
    pub country: Localized,
    /// Local time of the embassy as minutes east of UTC (Cambodia: 420).
    pub utc_offset_minutes: i32,
    /// Emergency and hotline numbers, shown first on every page.
    pub contacts: Vec<Contact>,
    pub address: Localized,
    pub opening_hours: Vec<OpeningHours>,
    #[serde(default)]
    pub links: Vec<Link>,
    /// Base URL of the backend that implements the contract; empty = same origin.
    #[serde(default)]
    pub api_base: String,
    /// Neutral site that "Exit this page" opens.
    pub exit_url: String,
    /// Days a registration is kept after its last change (a stage change,
    /// arrival, or being received; for a closed case, its closing), then
    /// deleted. Absent: [`RETENTION_DAYS_DEFAULT`]. The backend's purge and
    /// the privacy page both read [`Profile::retention_days`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<u32>,
}

/// How long a registration is kept after its last change when the profile
/// does not say: 90 days. An SPLP and the journey home take days to a few
/// weeks, and every step staff record starts the count again, so a case
/// that is still moving is never deleted; 90 quiet days after the last
/// step (or after the case was closed) leaves room for a late question or
/// a complaint, and no longer.
pub const RETENTION_DAYS_DEFAULT: u32 = 90;
/// Shortest `retention_days`: less would delete cases still in progress.
pub const RETENTION_DAYS_MIN: u32 = 30;
/// Longest `retention_days`: two years.
pub const RETENTION_DAYS_MAX: u32 = 730;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    Emergency,
    Hotline,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub kind: ContactKind,
    pub label: Localized,
    /// E.164, e.g. `+447700900123`.
    pub number: String,
    pub hours: Localized,
    #[serde(default)]
    pub whatsapp: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningHours {
    pub days: Localized,
    /// `HH:MM`
    pub opens: String,
    /// `HH:MM`
    pub closes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub label: Localized,
    pub url: String,
}

/// Why a profile file cannot be used; `Display` names the field.
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileError {
    /// Not JSON, or not the right shape (serde's message names the field and line).
    Syntax(String),
    /// Well-formed, but some values are wrong.
    Invalid(Vec<FieldError>),
}

impl std::fmt::Display for ProfileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProfileError::Syntax(m) => write!(f, "profile is not valid JSON for the schema: {m}"),
            ProfileError::Invalid(errs) => {
                write!(f, "profile has invalid fields:")?;
                for e in errs {
                    write!(f, " {}: {};", e.field, e.message)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ProfileError {}

/// `+` and 8 to 15 digits.
pub fn is_e164(s: &str) -> bool {
    let Some(d) = s.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()) && !d.starts_with('0')
}

fn is_https(s: &str) -> bool {
    s.strip_prefix("https://")
        .is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace))
}

/// An origin exactly as a browser writes it: `https://host[:port]`, or
/// `http://` on localhost or 127.0.0.1; host letters, digits, dots and
/// dashes only. The backend's CORS allowlist and `api_base` both use it.
pub fn is_origin(origin: &str) -> bool {
    let (host_port, local_only) = if let Some(rest) = origin.strip_prefix("https://") {
        (rest, false)
    } else if let Some(rest) = origin.strip_prefix("http://") {
        (rest, true)
    } else {
        return false;
    };
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (host_port, None),
    };
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && !host.starts_with(['.', '-'])
        && !host.ends_with(['.', '-'])
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    let local = matches!(host, "localhost" | "127.0.0.1");
    host_ok && port_ok && (!local_only || local)
}

/// An origin ([`is_origin`]) and a path of plain characters: nothing a
/// Content-Security-Policy or a URL would read as more (`;`, `,`, quotes,
/// `?`, `#`, spaces), since its origin goes into the CSP.
fn is_api_base(s: &str) -> bool {
    let after_scheme = s.find("://").map_or(0, |i| i + 3);
    let end = s[after_scheme..]
        .find('/')
        .map_or(s.len(), |i| after_scheme + i);
    let (origin, path) = s.split_at(end);
    is_origin(origin)
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._~-".contains(c))
}

impl Profile {
    /// Parses and validates a profile file.
    pub fn from_json(text: &str) -> Result<Profile, ProfileError> {
        let p: Profile =
            serde_json::from_str(text).map_err(|e| ProfileError::Syntax(e.to_string()))?;
        let errs = p.validate();
        if errs.is_empty() {
            Ok(p)
        } else {
            Err(ProfileError::Invalid(errs))
        }
    }

    /// Every problem, each naming its field.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        let mut need = |field: &str, l: &Localized| {
            if !l.is_complete() {
                e.push(FieldError::new(
                    field,
                    "missing_translation",
                    "needs both `id` and `en` text",
                ));
            }
        };
        need("embassy", &self.embassy);
        need("country", &self.country);
        need("address", &self.address);
        for (i, c) in self.contacts.iter().enumerate() {
            need(&format!("contacts[{i}].label"), &c.label);
            need(&format!("contacts[{i}].hours"), &c.hours);
        }
        for (i, h) in self.opening_hours.iter().enumerate() {
            need(&format!("opening_hours[{i}].days"), &h.days);
        }
        for (i, l) in self.links.iter().enumerate() {
            need(&format!("links[{i}].label"), &l.label);
        }
        if self.contacts.is_empty() {
            e.push(FieldError::new(
                "contacts",
                "required",
                "at least one contact is needed",
            ));
        }
        for (i, c) in self.contacts.iter().enumerate() {
            if !is_e164(&c.number) {
                e.push(FieldError::new(
                    format!("contacts[{i}].number"),
                    "format",
                    "must be E.164: + and 8 to 15 digits, no spaces",
                ));
            }
        }
        for (i, h) in self.opening_hours.iter().enumerate() {
            let o = crate::time::parse_hhmm(&h.opens);
            let c = crate::time::parse_hhmm(&h.closes);
            if o.is_none() {
                e.push(FieldError::new(
                    format!("opening_hours[{i}].opens"),
                    "format",
                    "must be HH:MM",
                ));
            }
            if c.is_none() {
                e.push(FieldError::new(
                    format!("opening_hours[{i}].closes"),
                    "format",
                    "must be HH:MM",
                ));
            }
            if let (Some(o), Some(c)) = (o, c) {
                if c <= o {
                    e.push(FieldError::new(
                        format!("opening_hours[{i}].closes"),
                        "order",
                        "must be after `opens`",
                    ));
                }
            }
        }
        for (i, l) in self.links.iter().enumerate() {
            if !is_https(&l.url) {
                e.push(FieldError::new(
                    format!("links[{i}].url"),
                    "format",
                    "must be an https:// URL",
                ));
            }
        }
        if !is_https(&self.exit_url) {
            e.push(FieldError::new(
                "exit_url",
                "format",
                "must be an https:// URL",
            ));
        }
        let base_ok = self.api_base.is_empty() || is_api_base(&self.api_base);
        if !base_ok || self.api_base.ends_with('/') {
            e.push(FieldError::new(
                "api_base",
                "format",
                "must be empty (same origin) or an https:// origin without a trailing slash",
            ));
        }
        if let Some(days) = self.retention_days {
            if !(RETENTION_DAYS_MIN..=RETENTION_DAYS_MAX).contains(&days) {
                e.push(FieldError::new(
                    "retention_days",
                    "range",
                    format!("must be between {RETENTION_DAYS_MIN} and {RETENTION_DAYS_MAX} days"),
                ));
            }
        }
        if !(-12 * 60..=14 * 60).contains(&self.utc_offset_minutes) {
            e.push(FieldError::new(
                "utc_offset_minutes",
                "range",
                "must be between -720 and 840",
            ));
        }
        e
    }

    /// Days a registration is kept after its last change.
    pub fn retention_days(&self) -> u32 {
        self.retention_days.unwrap_or(RETENTION_DAYS_DEFAULT)
    }

    /// The origin of `api_base`, for the Content-Security-Policy `connect-src`.
    pub fn api_origin(&self) -> Option<&str> {
        if self.api_base.is_empty() {
            return None;
        }
        let after = self.api_base.find("://").map(|i| i + 3)?;
        let end = self.api_base[after..]
            .find('/')
            .map_or(self.api_base.len(), |i| after + i);
        Some(&self.api_base[..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../../public/profile.json");

    #[test]
    fn committed_sample_profile_is_valid_and_marked_sample() {
        let p = Profile::from_json(SAMPLE).expect("sample profile must validate");
        assert!(p.sample, "the committed profile must say it is sample data");
    }

    #[test]
    fn errors_name_the_field() {
        let mut p = Profile::from_json(SAMPLE).expect("valid");
        p.contacts[0].number = "012 345".into();
        p.embassy.en.clear();
        p.exit_url = "http://example.com".into();
        let fields: Vec<String> = p.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["embassy", "contacts[0].number", "exit_url"]);
    }

    #[test]
    fn syntax_errors_name_the_field() {
        let text = SAMPLE.replacen("\"sample\"", "\"sampel\"", 1);
        let err = Profile::from_json(&text).expect_err("unknown field");
        assert!(err.to_string().contains("sampel"), "{err}");
    }

    #[test]
    fn retention_days_default_and_range() {
        let mut p = Profile::from_json(SAMPLE).expect("valid");
        p.retention_days = None;
        assert_eq!(p.retention_days(), RETENTION_DAYS_DEFAULT);
        p.retention_days = Some(120);
        assert_eq!(p.retention_days(), 120);
        assert!(p.validate().is_empty());
        for bad in [0, RETENTION_DAYS_MIN - 1, RETENTION_DAYS_MAX + 1] {
            p.retention_days = Some(bad);
            let fields: Vec<String> = p.validate().into_iter().map(|e| e.field).collect();
            assert_eq!(fields, ["retention_days"], "{bad}");
        }
    }

    #[test]
    fn e164() {
        assert!(is_e164("+6281234567890"));
        assert!(!is_e164("081234567890"));
        assert!(!is_e164("+62 812"));
        assert!(!is_e164("+0123456789"));
    }

    #[test]
    fn api_origin() {
        let mut p = Profile::from_json(SAMPLE).expect("valid");
        assert_eq!(p.api_origin(), None);
        p.api_base = "https://api.example.org/portal".into();
        assert_eq!(p.api_origin(), Some("https://api.example.org"));
    }

    #[test]
    fn origins_are_exact_and_https() {
        assert!(is_origin("https://portal.example.org"));
        assert!(is_origin("https://portal.example.org:8443"));
        assert!(is_origin("http://localhost:8080"));
        for bad in [
            "*",
            "null",
            "https://",
            "https://portal.example.org/",
            "https://portal.example.org/app",
            "http://portal.example.org",
            "https://*.example.org",
            "https://portal.example.org:",
            "https://user@portal.example.org",
            "portal.example.org",
        ] {
            assert!(!is_origin(bad), "{bad}");
        }
    }

    #[test]
    fn api_base_is_an_origin_and_a_plain_path() {
        for good in [
            "https://api.example.org",
            "https://api.example.org:8443/portal/v1",
            "http://127.0.0.1:8091",
            "http://localhost:3000",
        ] {
            assert!(is_api_base(good), "{good}");
        }
        for bad in [
            "https://x.example;sandbox",
            "https://x.example, https://evil.example",
            "https://x.example/'unsafe-inline'",
            "https://x.example/?q=1",
            "https://x.example/#top",
            "https://x.example:port",
            "https://:443",
            "https://x.example /a",
            "http://api.example.org",
            "ftp://x.example",
        ] {
            assert!(!is_api_base(bad), "{bad}");
        }
    }
}

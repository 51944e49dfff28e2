//! The registration receipt the form keeps on the phone (`register.receipt`):
//! `{"reference":"XXXX-XXXXX","received_at":"RFC3339","help_needed":[...]}`.
//! Read leniently: a broken value is ignored, never trusted.

use contract::time::parse_rfc3339;
use serde_json::Value;

pub const STORAGE_KEY: &str = "register.receipt";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub reference: String,
    /// Unix seconds.
    pub received_at: i64,
    pub help_needed: Vec<String>,
}

/// The receipt in `text`, or `None` when it cannot be used.
pub fn parse(text: &str) -> Option<Receipt> {
    let v: Value = serde_json::from_str(text).ok()?;
    let reference = v.get("reference")?.as_str()?.trim().to_string();
    if reference.is_empty() || reference.chars().count() > 40 {
        return None;
    }
    let received_at = parse_rfc3339(v.get("received_at")?.as_str()?)?;
    let help_needed = v
        .get("help_needed")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Some(Receipt {
        reference,
        received_at,
        help_needed,
    })
}

/// The receipt stored on this phone, if there is a usable one.
pub fn load() -> Option<Receipt> {
    crate::storage::get(STORAGE_KEY).and_then(|t| parse(&t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_good_receipt() {
        let r = parse(
            r#"{"reference":"ABCD-12345","received_at":"2026-01-18T09:00:00+07:00","help_needed":["travel_document",3,"shelter"]}"#,
        )
        .expect("receipt");
        assert_eq!(r.reference, "ABCD-12345");
        assert_eq!(r.help_needed, ["travel_document", "shelter"]);
        assert_eq!(
            r.received_at,
            parse_rfc3339("2026-01-18T02:00:00Z").unwrap_or(0)
        );
    }

    #[test]
    fn ignores_broken_values() {
        for bad in [
            "",
            "not json",
            "[]",
            r#"{"reference":"A"}"#,
            r#"{"reference":"","received_at":"2026-01-18T09:00:00Z"}"#,
            r#"{"reference":"A","received_at":"yesterday"}"#,
            r#"{"reference":5,"received_at":"2026-01-18T09:00:00Z"}"#,
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        let r =
            parse(r#"{"reference":"A","received_at":"2026-01-18T09:00:00Z","help_needed":"x"}"#);
        assert_eq!(r.map(|r| r.help_needed.len()), Some(0));
    }
}

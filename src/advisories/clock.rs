//! Times for people: the embassy's local time (the profile's UTC offset).
//! The words (`hhmm`, `day_words`, `date_words`, `when`, `utc_label`) are
//! `i18n::dates`; here are the RFC 3339 values of the staff inputs.

use contract::time::local_date;
pub use i18n::dates::{date_words, day_words, hhmm, utc_label, when};

/// `+07:00`: the offset as RFC 3339 writes it.
pub fn rfc3339_offset(off: i32) -> String {
    let sign = if off < 0 { '-' } else { '+' };
    let a = off.unsigned_abs();
    format!("{sign}{:02}:{:02}", a / 60, a % 60)
}

/// `2026-01-19T16:00:00+07:00` from a local date and `HH:MM`; empty when
/// either is empty (validation then says what is missing).
pub fn local_rfc3339(date: &str, time: &str, off: i32) -> String {
    let (date, time) = (date.trim(), time.trim());
    if date.is_empty() || time.is_empty() {
        return String::new();
    }
    format!("{date}T{time}:00{}", rfc3339_offset(off))
}

/// The local date and `HH:MM` of an instant, for date and time inputs.
pub fn local_parts(unix: i64, off: i32) -> (String, String) {
    (local_date(unix, off), hhmm(unix, off))
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::time::parse_rfc3339;

    // 2026-01-19T01:00:00Z is 08:00 in Phnom Penh (UTC+7).
    const T: i64 = 1_768_784_400;

    #[test]
    fn inputs_round_trip() {
        let (d, t) = local_parts(T, 420);
        assert_eq!((d.as_str(), t.as_str()), ("2026-01-19", "08:00"));
        let s = local_rfc3339(&d, &t, 420);
        assert_eq!(s, "2026-01-19T08:00:00+07:00");
        assert_eq!(parse_rfc3339(&s), Some(T));
        assert_eq!(local_rfc3339("", "08:00", 420), "");
        assert_eq!(rfc3339_offset(-330), "-05:30");
    }
}

//! Times for people: the embassy's local time (the profile's UTC offset),
//! short dates in words. Pure functions, so they are tested natively.

use contract::time::{civil_from_days, local_date, parse_date};
use contract::Lang;
use i18n::advisories::month;

/// `08:05` at `off` minutes east of UTC.
pub fn hhmm(unix: i64, off: i32) -> String {
    let secs = (unix + off as i64 * 60).rem_euclid(86400);
    format!("{:02}:{:02}", secs / 3600, (secs / 60) % 60)
}

/// `19 Jan` (with the year when it is not the year of `now`).
pub fn day_words(unix: i64, off: i32, lang: Lang, now: i64) -> String {
    let (y, m, d) = civil_from_days((unix + off as i64 * 60).div_euclid(86400));
    let (this_year, _, _) = civil_from_days((now + off as i64 * 60).div_euclid(86400));
    if y == this_year {
        format!("{d} {}", month(lang, m))
    } else {
        format!("{d} {} {y}", month(lang, m))
    }
}

/// `19 Jan` for `2026-01-19`; the text as given when it is not a date.
pub fn date_words(s: &str, lang: Lang, now: i64, off: i32) -> String {
    match parse_date(s) {
        Some((y, m, d)) => {
            let (this_year, _, _) = civil_from_days((now + off as i64 * 60).div_euclid(86400));
            if y == this_year {
                format!("{d} {}", month(lang, m))
            } else {
                format!("{d} {} {y}", month(lang, m))
            }
        }
        None => s.to_string(),
    }
}

/// `08:00` on the same local day as `now`, else `19 Jan 08:00`.
pub fn when(unix: i64, off: i32, lang: Lang, now: i64) -> String {
    if local_date(unix, off) == local_date(now, off) {
        hhmm(unix, off)
    } else {
        format!("{} {}", day_words(unix, off, lang, now), hhmm(unix, off))
    }
}

/// `UTC+7`, `UTC+5:30`, `UTC-3`.
pub fn utc_label(off: i32) -> String {
    let sign = if off < 0 { '-' } else { '+' };
    let a = off.unsigned_abs();
    if a.is_multiple_of(60) {
        format!("UTC{sign}{}", a / 60)
    } else {
        format!("UTC{sign}{}:{:02}", a / 60, a % 60)
    }
}

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
    fn local_words() {
        assert_eq!(hhmm(T, 420), "08:00");
        assert_eq!(day_words(T, 420, Lang::En, T), "19 Jan");
        assert_eq!(day_words(T, 420, Lang::En, T + 400 * 86400), "19 Jan 2026");
        assert_eq!(when(T, 420, Lang::Id, T + 3600), "08:00");
        assert_eq!(when(T, 420, Lang::Id, T + 86400), "19 Jan 08:00");
        assert_eq!(date_words("2026-08-17", Lang::Id, T, 420), "17 Agu");
        assert_eq!(date_words("soon", Lang::Id, T, 420), "soon");
        assert_eq!(utc_label(420), "UTC+7");
        assert_eq!(utc_label(-150), "UTC-2:30");
    }

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

//! Minimal calendar arithmetic on RFC 3339 timestamps, so neither side needs a
//! date crate (the wasm stays small). Times on the wire are RFC 3339 strings;
//! in code they are Unix seconds (`i64`). Dates are `YYYY-MM-DD` strings.

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The date for a number of days since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `YYYY-MM-DD` into (year, month, day), checking the calendar.
pub fn parse_date(s: &str) -> Option<(i64, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = digits(&s[0..4])? as i64;
    let m = digits(&s[5..7])?;
    let d = digits(&s[8..10])?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some((y, m, d))
}

/// Parses `HH:MM` into minutes after midnight.
pub fn parse_hhmm(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b':' {
        return None;
    }
    let h = digits(&s[0..2])?;
    let m = digits(&s[3..5])?;
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Parses an RFC 3339 timestamp (`2026-01-19T08:00:00Z`, `...+07:00`,
/// fractional seconds allowed) into Unix seconds.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    if s.len() < 20 || !s.is_char_boundary(10) {
        return None;
    }
    let (date, rest) = s.split_at(10);
    let (y, mo, d) = parse_date(date)?;
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    if rest.len() < 9 || !rest.is_char_boundary(8) {
        return None;
    }
    let (clock, mut zone) = rest.split_at(8);
    let cb = clock.as_bytes();
    if cb[2] != b':' || cb[5] != b':' {
        return None;
    }
    let h = digits(&clock[0..2])?;
    let mi = digits(&clock[3..5])?;
    let sec = digits(&clock[6..8])?;
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    if let Some(frac) = zone.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        zone = &frac[n..];
    }
    let offset = match zone {
        "Z" | "z" => 0,
        _ => {
            let zb = zone.as_bytes();
            if zb.len() != 6 || zb[3] != b':' {
                return None;
            }
            let sign = match zb[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let oh = digits(&zone[1..3])? as i64;
            let om = digits(&zone[4..6])? as i64;
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    let days = days_from_civil(y, mo, d);
    Some(days * 86400 + h as i64 * 3600 + mi as i64 * 60 + sec.min(59) as i64 - offset)
}

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_rfc3339(unix: i64) -> String {
    let days = unix.div_euclid(86400);
    let secs = unix.rem_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// The local calendar date (`YYYY-MM-DD`) of an instant at a UTC offset in minutes.
pub fn local_date(unix: i64, utc_offset_minutes: i32) -> String {
    let local = unix + utc_offset_minutes as i64 * 60;
    let (y, m, d) = civil_from_days(local.div_euclid(86400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Minutes after local midnight of an instant at a UTC offset in minutes.
pub fn local_minutes(unix: i64, utc_offset_minutes: i32) -> u32 {
    let local = unix + utc_offset_minutes as i64 * 60;
    (local.rem_euclid(86400) / 60) as u32
}

/// Age in whole years on `today` for someone born on `birth` (both `YYYY-MM-DD`).
pub fn age_on(birth: (i64, u32, u32), today: (i64, u32, u32)) -> i64 {
    let mut age = today.0 - birth.0;
    if (today.1, today.2) < (birth.1, birth.2) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_instants() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339("2026-01-19T08:00:00+07:00"),
            parse_rfc3339("2026-01-19T01:00:00Z")
        );
        assert_eq!(
            parse_rfc3339("2026-01-19T01:00:00.250Z"),
            parse_rfc3339("2026-01-19T01:00:00Z")
        );
        assert_eq!(format_rfc3339(1_768_784_400), "2026-01-19T01:00:00Z");
        assert_eq!(local_date(1_768_784_400 - 3600 * 2, 7 * 60), "2026-01-19");
        assert_eq!(local_date(1_768_784_400 - 3600 * 2, 0), "2026-01-18");
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "",
            "2026-02-30T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01 10:00",
            "2026-01-01T10:00:00",
            "2026-01-01T10:00:00+7",
            "20260101T100000Z",
            "2026-01-01T10:00:00.Z",
            "２０２６-01-01T10:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse_date("2025-02-29"), None);
        assert_eq!(parse_hhmm("08:30"), Some(510));
        assert_eq!(parse_hhmm("8:30"), None);
    }

    #[test]
    fn ages() {
        assert_eq!(age_on((2008, 1, 20), (2026, 1, 19)), 17);
        assert_eq!(age_on((2008, 1, 19), (2026, 1, 19)), 18);
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(t in -2_000_000_000i64..8_000_000_000i64) {
            prop_assert_eq!(parse_rfc3339(&format_rfc3339(t)), Some(t));
        }

        #[test]
        fn civil_round_trips(z in -1_000_000i64..1_000_000i64) {
            let (y, m, d) = civil_from_days(z);
            prop_assert_eq!(days_from_civil(y, m, d), z);
        }

        #[test]
        fn parser_never_panics(s in "\\PC{0,40}") {
            let _ = parse_rfc3339(&s);
            let _ = parse_date(&s);
            let _ = parse_hhmm(&s);
        }
    }
}

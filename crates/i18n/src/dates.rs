//! Dates and times in words, in one place: month names, dates, local times
//! at the embassy's UTC offset, and how long ago something happened. Pure
//! functions of (Unix seconds or a `YYYY-MM-DD` date, offset in minutes east
//! of UTC, language), used by the app, the pre-renderer and the backend's
//! status pages.

use crate::Lang;
use contract::time::{civil_from_days, local_date, parse_date};

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const SHORT_ID: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];
const SHORT_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month_index(m: u32) -> usize {
    (m.clamp(1, 12) - 1) as usize
}

/// Short month name, `m` from 1 to 12 (clamped): `Agu`, `Aug`.
pub fn month(lang: Lang, m: u32) -> &'static str {
    let i = month_index(m);
    match lang {
        Lang::Id => SHORT_ID[i],
        Lang::En => SHORT_EN[i],
    }
}

/// Full month name, `m` from 1 to 12 (clamped): `Agustus`, `August`.
pub fn long_month(lang: Lang, m: u32) -> &'static str {
    let i = month_index(m);
    match lang {
        Lang::Id => MONTHS_ID[i],
        Lang::En => MONTHS_EN[i],
    }
}

/// A `YYYY-MM-DD` date in words: "5 November 2026" / "25 Agustus 2026".
/// An unreadable date is shown as it is.
pub fn long_date(date: &str, lang: Lang) -> String {
    match parse_date(date) {
        Some((y, m, d)) => format!("{d} {} {y}", long_month(lang, m)),
        None => date.to_string(),
    }
}

/// `17 Agu 2026` for `2026-08-17` (or the text as given if unreadable).
pub fn short_date(date: &str, lang: Lang) -> String {
    match parse_date(date) {
        Some((y, m, d)) => format!("{d} {} {y}", month(lang, m)),
        None => date.to_string(),
    }
}

fn local_days(unix: i64, off: i32) -> i64 {
    (unix + off as i64 * 60).div_euclid(86400)
}

/// `19 Jan`, or `19 Jan 2026` when `y` is not the local year of `now`.
fn day_month(y: i64, m: u32, d: u32, lang: Lang, now: i64, off: i32) -> String {
    let (this_year, _, _) = civil_from_days(local_days(now, off));
    if y == this_year {
        format!("{d} {}", month(lang, m))
    } else {
        format!("{d} {} {y}", month(lang, m))
    }
}

/// `08:05` at `off` minutes east of UTC.
pub fn hhmm(unix: i64, off: i32) -> String {
    let secs = (unix + off as i64 * 60).rem_euclid(86400);
    format!("{:02}:{:02}", secs / 3600, (secs / 60) % 60)
}

/// `19 Jan` (with the year when it is not the year of `now`), local date.
pub fn day_words(unix: i64, off: i32, lang: Lang, now: i64) -> String {
    let (y, m, d) = civil_from_days(local_days(unix, off));
    day_month(y, m, d, lang, now, off)
}

/// `19 Jan` for `2026-01-19` (with the year when it is not the year of
/// `now`); the text as given when it is not a date.
pub fn date_words(s: &str, lang: Lang, now: i64, off: i32) -> String {
    match parse_date(s) {
        Some((y, m, d)) => day_month(y, m, d, lang, now, off),
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

/// `19 Jan 2026 08:00` in local time at `off` minutes east of UTC: a date
/// that can still be judged when read much later.
pub fn date_time(unix: i64, off: i32, lang: Lang) -> String {
    let (y, m, d) = civil_from_days(local_days(unix, off));
    format!("{d} {} {y} {}", month(lang, m), hhmm(unix, off))
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

/// How long ago, in the largest whole unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ago {
    /// Under a minute (or in the future: a clock ahead).
    JustNow,
    Minutes(i64),
    Hours(i64),
    Days(i64),
}

/// `seconds` ago in the largest whole unit: minutes under an hour, hours
/// under `days_after_hours` hours, then days.
pub fn ago(seconds: i64, days_after_hours: i64) -> Ago {
    let minutes = seconds.max(0) / 60;
    let hours = minutes / 60;
    match minutes {
        0 => Ago::JustNow,
        m if m < 60 => Ago::Minutes(m),
        _ if hours < days_after_hours => Ago::Hours(hours),
        _ => Ago::Days(hours / 24),
    }
}

/// "just now", "1 minute ago", "3 jam lalu", "2 days ago".
pub fn ago_words(lang: Lang, a: Ago) -> String {
    let (n, id, en) = match a {
        Ago::JustNow => {
            return match lang {
                Lang::Id => "baru saja".into(),
                Lang::En => "just now".into(),
            }
        }
        Ago::Minutes(n) => (n, "menit", "minute"),
        Ago::Hours(n) => (n, "jam", "hour"),
        Ago::Days(n) => (n, "hari", "day"),
    };
    match lang {
        Lang::Id => format!("{n} {id} lalu"),
        Lang::En if n == 1 => format!("1 {en} ago"),
        Lang::En => format!("{n} {en}s ago"),
    }
}

/// "Updated N minutes ago": `n` whole minutes (under 1: "just now").
pub fn minutes_ago(lang: Lang, n: i64) -> String {
    ago_words(lang, if n < 1 { Ago::JustNow } else { Ago::Minutes(n) })
}

/// How old an advisory is: "just now", "5 minutes ago", "3 hours ago" (up
/// to 47 hours), "2 days ago". Negative ages read as "just now".
pub fn age(lang: Lang, seconds: i64) -> String {
    ago_words(lang, ago(seconds, 48))
}

/// When the form's answers were saved: "Saved just now", "Saved 5 minutes
/// ago", "Disimpan 2 jam lalu" (up to 23 hours), "Saved 3 days ago".
pub fn saved_ago(lang: Lang, seconds: i64) -> String {
    match (ago(seconds, 24), lang) {
        (Ago::JustNow, Lang::Id) => "Baru saja disimpan".into(),
        (Ago::JustNow, Lang::En) => "Saved just now".into(),
        (a, Lang::Id) => format!("Disimpan {}", ago_words(lang, a)),
        (a, Lang::En) => format!("Saved {}", ago_words(lang, a)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-01-19T01:00:00Z is 08:00 in Phnom Penh (UTC+7).
    const T: i64 = 1_768_784_400;

    #[test]
    fn dates_in_words() {
        assert_eq!(long_date("2026-11-05", Lang::Id), "5 November 2026");
        assert_eq!(long_date("2026-08-25", Lang::Id), "25 Agustus 2026");
        assert_eq!(long_date("2026-08-25", Lang::En), "25 August 2026");
        assert_eq!(long_date("2001-05-01", Lang::En), "1 May 2001");
        assert_eq!(long_date("2001-13-01", Lang::En), "2001-13-01");
        assert_eq!(long_date("not a date", Lang::En), "not a date");
        assert_eq!(long_date("", Lang::En), "");
        assert_eq!(short_date("2026-08-17", Lang::Id), "17 Agu 2026");
        assert_eq!(short_date("soon", Lang::Id), "soon");
    }

    #[test]
    fn months_are_clamped() {
        assert_eq!(month(Lang::Id, 8), "Agu");
        assert_eq!(month(Lang::En, 0), "Jan");
        assert_eq!(month(Lang::En, 13), "Dec");
        assert_eq!(long_month(Lang::Id, 12), "Desember");
    }

    #[test]
    fn local_words() {
        assert_eq!(hhmm(T, 420), "08:00");
        assert_eq!(day_words(T, 420, Lang::En, T), "19 Jan");
        assert_eq!(day_words(T, 420, Lang::En, T + 400 * 86400), "19 Jan 2026");
        assert_eq!(when(T, 420, Lang::Id, T + 3600), "08:00");
        assert_eq!(when(T, 420, Lang::Id, T + 86400), "19 Jan 08:00");
        assert_eq!(date_words("2026-08-17", Lang::Id, T, 420), "17 Agu");
        assert_eq!(date_words("soon", Lang::Id, T, 420), "soon");
        assert_eq!(date_time(T, 420, Lang::Id), "19 Jan 2026 08:00");
        assert_eq!(date_time(T, -120, Lang::En), "18 Jan 2026 23:00");
        assert_eq!(utc_label(420), "UTC+7");
        assert_eq!(utc_label(330), "UTC+5:30");
        assert_eq!(utc_label(-180), "UTC-3");
        assert_eq!(utc_label(-150), "UTC-2:30");
    }

    #[test]
    fn minutes() {
        assert_eq!(minutes_ago(Lang::En, 1), "1 minute ago");
        assert_eq!(minutes_ago(Lang::En, 5), "5 minutes ago");
        assert_eq!(minutes_ago(Lang::Id, 5), "5 menit lalu");
        assert_eq!(minutes_ago(Lang::Id, 0), "baru saja");
    }

    #[test]
    fn ages_read_naturally() {
        assert_eq!(age(Lang::En, 30), "just now");
        assert_eq!(age(Lang::En, 61), "1 minute ago");
        assert_eq!(age(Lang::En, 3600), "1 hour ago");
        assert_eq!(age(Lang::Id, 3 * 3600), "3 jam lalu");
        assert_eq!(age(Lang::En, 47 * 3600), "47 hours ago");
        assert_eq!(age(Lang::En, 48 * 3600), "2 days ago");
        assert_eq!(age(Lang::En, 3 * 86400), "3 days ago");
        assert_eq!(age(Lang::Id, -500), "baru saja");
    }

    #[test]
    fn saved_ago_reads_well() {
        assert_eq!(saved_ago(Lang::En, 5), "Saved just now");
        assert_eq!(saved_ago(Lang::En, 60), "Saved 1 minute ago");
        assert_eq!(saved_ago(Lang::En, 7200), "Saved 2 hours ago");
        assert_eq!(saved_ago(Lang::En, 86400), "Saved 1 day ago");
        assert_eq!(saved_ago(Lang::Id, 3 * 86400), "Disimpan 3 hari lalu");
        assert_eq!(saved_ago(Lang::Id, 5), "Baru saja disimpan");
    }
}

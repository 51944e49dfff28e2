//! The status pages `/status/id` and `/status/en`: the current advisory as a
//! tiny server-rendered HTML page for the slowest phones and for links sent
//! by family. No script, no style, no external resource: semantic HTML only,
//! so the site's Content-Security-Policy applies unchanged. Every text is
//! HTML-escaped. Times are shown in the embassy's local time with the UTC
//! offset and as absolute dates, so a copy read later (from a cache, a
//! screenshot) can still be judged.

use contract::advisory::{self, Advisory, Freshness, Verdict};
use contract::time::{civil_from_days, parse_date, parse_rfc3339};
use contract::{Lang, Localized, Profile};
use std::fmt::Write;

/// Appends `s` with `& < > " '` escaped.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

const MONTHS_ID: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month(m: u32, lang: Lang) -> &'static str {
    let i = (m.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::Id => MONTHS_ID[i],
        Lang::En => MONTHS_EN[i],
    }
}

/// `19 Jan 2026 08:00` in local time at `offset_min` minutes east of UTC.
pub fn local_time(unix: i64, offset_min: i32, lang: Lang) -> String {
    let local = unix + offset_min as i64 * 60;
    let (y, m, d) = civil_from_days(local.div_euclid(86400));
    let secs = local.rem_euclid(86400);
    format!(
        "{d} {} {y} {:02}:{:02}",
        month(m, lang),
        secs / 3600,
        (secs / 60) % 60
    )
}

/// `UTC+7`, `UTC+5:30`, `UTC-3`.
pub fn utc_offset(offset_min: i32) -> String {
    let sign = if offset_min < 0 { '-' } else { '+' };
    let a = offset_min.unsigned_abs();
    if a.is_multiple_of(60) {
        format!("UTC{sign}{}", a / 60)
    } else {
        format!("UTC{sign}{}:{:02}", a / 60, a % 60)
    }
}

/// `19 Jan 2026` for `2026-01-19` (or the text as given if unreadable).
fn date_words(s: &str, lang: Lang) -> String {
    match parse_date(s) {
        Some((y, m, d)) => format!("{d} {} {y}", month(m, lang)),
        None => s.to_string(),
    }
}

struct Words {
    title: &'static str,
    sample: &'static str,
    none: &'static str,
    last: &'static str,
    place: &'static str,
    address: &'static str,
    hours: &'static str,
    invited: &'static str,
    window: &'static str,
    registered_before: &'static str,
    help: &'static str,
    any_help: &'static str,
    points: &'static str,
    wait: &'static str,
    wait_unknown: &'static str,
    inside: &'static str,
    outside: &'static str,
    people: &'static str,
    serving: &'static str,
    counters: &'static str,
    of: &'static str,
    updated: &'static str,
    next: &'static str,
    valid: &'static str,
    after_valid: &'static str,
    local: &'static str,
    opening: &'static str,
    embassy_address: &'static str,
    app: &'static str,
}

const ID: Words = Words {
    title: "Status antrean",
    sample: "DATA CONTOH: bukan informasi asli.",
    none: "Belum ada informasi antrean terbaru. Ini jam buka kedutaan.",
    last: "Informasi terakhir:",
    place: "Tempat",
    address: "Alamat",
    hours: "Jam",
    invited: "Undangan untuk",
    window: "pukul ",
    registered_before: "Hanya yang mendaftar sebelum",
    help: "Jenis bantuan",
    any_help: "semua jenis bantuan",
    points: "Loket",
    wait: "Waktu tunggu",
    wait_unknown: "Waktu tunggu tidak diketahui.",
    inside: "Menunggu di dalam",
    outside: "Antre di luar",
    people: "orang",
    serving: "Sekarang dilayani",
    counters: "Loket buka",
    of: "dari",
    updated: "Diperbarui",
    next: "Pembaruan berikutnya paling lambat",
    valid: "Berlaku sampai",
    after_valid: "Setelah itu, anggap status tidak diketahui.",
    local: "Semua jam adalah waktu setempat",
    opening: "Jam buka",
    embassy_address: "Alamat kedutaan",
    app: "Buka portal lengkap",
};

const EN: Words = Words {
    title: "Queue status",
    sample: "SAMPLE DATA: not real information.",
    none: "No current queue advisory. These are the embassy's opening hours.",
    last: "Last advisory:",
    place: "Place",
    address: "Address",
    hours: "Hours",
    invited: "Invitation for",
    window: "",
    registered_before: "Only people who registered before",
    help: "Kinds of help",
    any_help: "any kind of help",
    points: "Service points",
    wait: "Wait",
    wait_unknown: "Wait time unknown.",
    inside: "Waiting inside",
    outside: "Queuing outside",
    people: "people",
    serving: "Now serving",
    counters: "Counters open",
    of: "of",
    updated: "Updated",
    next: "Next update due by",
    valid: "Valid until",
    after_valid: "After that, treat the status as unknown.",
    local: "All times are local time",
    opening: "Opening hours",
    embassy_address: "Embassy address",
    app: "Open the full portal",
};

/// The page for `adv` as judged `fresh` at render time, in `lang`.
pub fn render(adv: &Advisory, fresh: Freshness, profile: &Profile, lang: Lang) -> String {
    let w = match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    };
    let off = profile.utc_offset_minutes;
    let mut o = String::with_capacity(1536);
    let t = |o: &mut String, s: &str| escape_into(o, s);
    let l = |o: &mut String, s: &Localized| escape_into(o, s.get(lang));

    // `write!` to a String cannot fail; the results are ignored.
    let _ = write!(
        o,
        "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{} · ",
        lang.code(),
        w.title
    );
    l(&mut o, &profile.embassy);
    let _ = write!(o, "</title><h1>{}: ", w.title);
    l(&mut o, &profile.embassy);
    o.push_str("</h1>");
    if profile.sample {
        let _ = write!(o, "<p><strong>{}</strong></p>", w.sample);
    }

    if adv.is_placeholder() {
        let _ = write!(o, "<p><strong>{}</strong></p>", w.none);
    } else {
        match fresh {
            Freshness::Current => {
                let _ = write!(o, "<p><strong>{}</strong></p>", adv.verdict.label(lang));
            }
            Freshness::MayBeOutdated(reason) => {
                let _ = write!(
                    o,
                    "<p><strong>{}</strong></p><p>{} {}</p>",
                    advisory::message(reason.code(), lang),
                    w.last,
                    adv.verdict.label(lang)
                );
            }
        }
        if let Some(e) = &adv.elsewhere {
            if adv.verdict == Verdict::GoElsewhere || e.place.is_complete() {
                let _ = write!(o, "<p>{}: ", w.place);
                l(&mut o, &e.place);
                let _ = write!(o, "<br>{}: ", w.address);
                l(&mut o, &e.address);
                if !e.hours.get(lang).is_empty() {
                    let _ = write!(o, "<br>{}: ", w.hours);
                    l(&mut o, &e.hours);
                }
                o.push_str("</p>");
            }
        }
        if let Some(inv) = &adv.invitation {
            let _ = write!(o, "<p>{} ", w.invited);
            t(&mut o, &date_words(&inv.date, lang));
            let _ = write!(o, ", {}", w.window);
            t(&mut o, &inv.window_start);
            o.push('–');
            t(&mut o, &inv.window_end);
            o.push('.');
            if let Some(rb) = inv.registered_before.as_deref() {
                let _ = write!(o, " {} ", w.registered_before);
                match parse_rfc3339(rb) {
                    Some(u) => t(&mut o, &local_time(u, off, lang)),
                    None => t(&mut o, rb),
                }
                o.push('.');
            }
            let _ = write!(o, " {}: ", w.help);
            if inv.help_kinds.is_empty() {
                o.push_str(w.any_help);
            }
            for (i, k) in inv.help_kinds.iter().enumerate() {
                if i > 0 {
                    o.push_str(", ");
                }
                t(
                    &mut o,
                    advisory::help_kind_label(k, lang).unwrap_or(k.as_str()),
                );
            }
            o.push_str(".</p>");
        }
        if let Some(n) = &adv.notice {
            o.push_str("<p>");
            l(&mut o, n);
            o.push_str("</p>");
        }
        if !adv.points.is_empty() {
            let _ = write!(o, "<h2>{}</h2><ul>", w.points);
            for p in &adv.points {
                o.push_str("<li><strong>");
                l(&mut o, &p.name);
                let _ = write!(o, "</strong>: {}. ", p.status.label(lang));
                if p.wait_min.is_none() && p.wait_max.is_none() {
                    o.push_str(w.wait_unknown);
                } else {
                    let wait = advisory::wait_text(p.wait_min, p.wait_max, lang);
                    let _ = write!(o, "{}: {wait}.", w.wait);
                }
                if let Some(n) = p.waiting_inside {
                    let _ = write!(o, " {}: {n} {}.", w.inside, w.people);
                }
                if let Some(n) = p.line_outside {
                    let _ = write!(o, " {}: {n} {}.", w.outside, w.people);
                }
                if let Some(s) = &p.now_serving {
                    let _ = write!(o, " {}: ", w.serving);
                    t(&mut o, s);
                    o.push('.');
                }
                match (p.counters_open, p.counters_max) {
                    (Some(a), Some(b)) => {
                        let _ = write!(o, " {}: {a} {} {b}.", w.counters, w.of);
                    }
                    (Some(a), None) => {
                        let _ = write!(o, " {}: {a}.", w.counters);
                    }
                    _ => {}
                }
                if let Some(m) = &p.message {
                    o.push(' ');
                    l(&mut o, m);
                }
                o.push_str("</li>");
            }
            o.push_str("</ul>");
        }
        let times = adv.times();
        o.push_str("<p>");
        let line = |o: &mut String, label: &str, raw: &Option<String>, v: Option<i64>| {
            let Some(raw) = raw else { return };
            let _ = write!(o, "{label}: ");
            match v {
                Some(u) => t(o, &local_time(u, off, lang)),
                None => t(o, raw),
            }
            o.push_str(".<br>");
        };
        line(&mut o, w.updated, &adv.updated_at, times.updated_at);
        line(&mut o, w.next, &adv.next_update_by, times.next_update_by);
        line(&mut o, w.valid, &adv.valid_until, times.valid_until);
        let _ = write!(o, "{} {}", w.after_valid, w.local);
        let _ = write!(o, " ({}).</p>", utc_offset(off));
    }

    if !profile.opening_hours.is_empty() {
        let _ = write!(o, "<h2>{}</h2><ul>", w.opening);
        for h in &profile.opening_hours {
            o.push_str("<li>");
            l(&mut o, &h.days);
            o.push_str(": ");
            t(&mut o, &h.opens);
            o.push('–');
            t(&mut o, &h.closes);
            o.push_str("</li>");
        }
        o.push_str("</ul>");
    }
    let _ = write!(o, "<p>{}: ", w.embassy_address);
    l(&mut o, &profile.address);
    let other = lang.other();
    let _ = writeln!(
        o,
        "</p><p><a href=\"/{}\">{}</a> · <a href=\"/status/{}\" lang=\"{}\">{}</a></p></html>",
        lang.code(),
        w.app,
        other.code(),
        other.code(),
        other.native_name()
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let mut s = String::new();
        escape_into(&mut s, "<a href=\"x\">'&'</a>");
        assert_eq!(s, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    #[test]
    fn times_in_local_words() {
        // 2026-01-19T01:00:00Z is 08:00 in Phnom Penh (UTC+7).
        assert_eq!(
            local_time(1_768_784_400, 420, Lang::Id),
            "19 Jan 2026 08:00"
        );
        assert_eq!(
            local_time(1_768_784_400, -120, Lang::En),
            "18 Jan 2026 23:00"
        );
        assert_eq!(utc_offset(420), "UTC+7");
        assert_eq!(utc_offset(330), "UTC+5:30");
        assert_eq!(utc_offset(-180), "UTC-3");
        assert_eq!(date_words("2026-08-17", Lang::Id), "17 Agu 2026");
    }
}

//! The status pages `/status/id` and `/status/en`: the current advisory as a
//! tiny server-rendered HTML page for the slowest phones and for links sent
//! by family. No script, no style, no external resource: semantic HTML only,
//! so the site's Content-Security-Policy applies unchanged. Every text is
//! HTML-escaped. Times are shown in the embassy's local time with the UTC
//! offset and as absolute dates, so a copy read later (from a cache, a
//! screenshot) can still be judged.

use contract::advisory::{Advisory, Freshness, Verdict};
use contract::time::parse_rfc3339;
use contract::{Lang, Localized, Profile};
use i18n::advisory_errors;
use i18n::dates::{date_time, short_date, utc_label};
use i18n::labels::{help_kind_label, point_status_label, verdict_label, wait_text};
use i18n::status_page::{window_prefix, Key as S};
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

/// The page for `adv` as judged `fresh` at render time, in `lang`.
pub fn render(adv: &Advisory, fresh: Freshness, profile: &Profile, lang: Lang) -> String {
    let w = |k: S| k.get(lang);
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
        w(S::Title)
    );
    l(&mut o, &profile.embassy);
    let _ = write!(o, "</title><h1>{}: ", w(S::Title));
    l(&mut o, &profile.embassy);
    o.push_str("</h1>");
    if profile.sample {
        let _ = write!(o, "<p><strong>{}</strong></p>", w(S::Sample));
    }

    if adv.is_placeholder() {
        let _ = write!(o, "<p><strong>{}</strong></p>", w(S::NoAdvisory));
    } else {
        match fresh {
            Freshness::Current => {
                let _ = write!(
                    o,
                    "<p><strong>{}</strong></p>",
                    verdict_label(adv.verdict, lang)
                );
            }
            Freshness::MayBeOutdated(reason) => {
                let _ = write!(
                    o,
                    "<p><strong>{}</strong></p><p>{} {}</p>",
                    advisory_errors::message(reason.code(), lang),
                    w(S::Last),
                    verdict_label(adv.verdict, lang)
                );
            }
        }
        if let Some(e) = &adv.elsewhere {
            if adv.verdict == Verdict::GoElsewhere || e.place.is_complete() {
                let _ = write!(o, "<p>{}: ", w(S::Place));
                l(&mut o, &e.place);
                let _ = write!(o, "<br>{}: ", w(S::Address));
                l(&mut o, &e.address);
                if !e.hours.get(lang).is_empty() {
                    let _ = write!(o, "<br>{}: ", w(S::Hours));
                    l(&mut o, &e.hours);
                }
                o.push_str("</p>");
            }
        }
        if let Some(inv) = &adv.invitation {
            let _ = write!(o, "<p>{} ", w(S::Invited));
            t(&mut o, &short_date(&inv.date, lang));
            let _ = write!(o, ", {}", window_prefix(lang));
            t(&mut o, &inv.window_start);
            o.push('–');
            t(&mut o, &inv.window_end);
            o.push('.');
            if let Some(rb) = inv.registered_before.as_deref() {
                let _ = write!(o, " {} ", w(S::RegisteredBefore));
                match parse_rfc3339(rb) {
                    Some(u) => t(&mut o, &date_time(u, off, lang)),
                    None => t(&mut o, rb),
                }
                o.push('.');
            }
            let _ = write!(o, " {}: ", w(S::Help));
            if inv.help_kinds.is_empty() {
                o.push_str(w(S::AnyHelp));
            }
            for (i, k) in inv.help_kinds.iter().enumerate() {
                if i > 0 {
                    o.push_str(", ");
                }
                t(&mut o, help_kind_label(k, lang).unwrap_or(k.as_str()));
            }
            o.push_str(".</p>");
        }
        if let Some(n) = &adv.notice {
            o.push_str("<p>");
            l(&mut o, n);
            o.push_str("</p>");
        }
        if !adv.points.is_empty() {
            let _ = write!(o, "<h2>{}</h2><ul>", w(S::Points));
            for p in &adv.points {
                o.push_str("<li><strong>");
                l(&mut o, &p.name);
                let _ = write!(o, "</strong>: {}. ", point_status_label(p.status, lang));
                if p.wait_min.is_none() && p.wait_max.is_none() {
                    o.push_str(w(S::WaitUnknown));
                } else {
                    let wait = wait_text(p.wait_min, p.wait_max, lang);
                    let _ = write!(o, "{}: {wait}.", w(S::Wait));
                }
                if let Some(n) = p.waiting_inside {
                    let _ = write!(o, " {}: {n} {}.", w(S::Inside), w(S::People));
                }
                if let Some(n) = p.line_outside {
                    let _ = write!(o, " {}: {n} {}.", w(S::Outside), w(S::People));
                }
                if let Some(s) = &p.now_serving {
                    let _ = write!(o, " {}: ", w(S::Serving));
                    t(&mut o, s);
                    o.push('.');
                }
                match (p.counters_open, p.counters_max) {
                    (Some(a), Some(b)) => {
                        let _ = write!(o, " {}: {a} {} {b}.", w(S::Counters), w(S::Of));
                    }
                    (Some(a), None) => {
                        let _ = write!(o, " {}: {a}.", w(S::Counters));
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
                Some(u) => t(o, &date_time(u, off, lang)),
                None => t(o, raw),
            }
            o.push_str(".<br>");
        };
        line(&mut o, w(S::Updated), &adv.updated_at, times.updated_at);
        line(
            &mut o,
            w(S::Next),
            &adv.next_update_by,
            times.next_update_by,
        );
        line(&mut o, w(S::Valid), &adv.valid_until, times.valid_until);
        let _ = write!(o, "{} {}", w(S::AfterValid), w(S::Local));
        let _ = write!(o, " ({}).</p>", utc_label(off));
    }

    if !profile.opening_hours.is_empty() {
        let _ = write!(o, "<h2>{}</h2><ul>", w(S::Opening));
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
    let _ = write!(o, "<p>{}: ", w(S::EmbassyAddress));
    l(&mut o, &profile.address);
    let other = lang.other();
    let _ = writeln!(
        o,
        "</p><p><a href=\"/{}\">{}</a> · <a href=\"/status/{}\" lang=\"{}\">{}</a></p></html>",
        lang.code(),
        w(S::App),
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
}

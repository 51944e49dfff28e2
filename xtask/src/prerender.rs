//! Static HTML written into the built pages, so the emergency contacts and the
//! content are in the first bytes, readable with JavaScript off and before the
//! wasm arrives. The markup mirrors the app's components (same classes); the
//! app replaces `#prerender` when it starts. Text comes from the same `i18n`
//! catalogue as the app.

use contract::profile::{Contact, Profile};
use contract::Lang;
use i18n::Key;

pub const MARKER: &str = "<!--PRERENDER-->";

pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn t(k: Key, l: Lang) -> String {
    esc(k.get(l))
}

fn contact(c: &Contact, l: Lang) -> String {
    let wa = if c.whatsapp {
        format!(
            "<a class=\"contact-wa\" href=\"https://wa.me/{}\" rel=\"noreferrer\">{}</a>",
            esc(c.number.trim_start_matches('+')),
            t(Key::WhatsApp, l)
        )
    } else {
        String::new()
    };
    format!(
        "<li class=\"contact\"><span class=\"contact-label\">{}</span>\
         <a class=\"contact-number button\" href=\"tel:{}\"><span class=\"visually-hidden\">{} </span>{}</a>\
         {wa}<span class=\"contact-hours\">{}</span></li>",
        esc(c.label.get(l)),
        esc(&c.number),
        t(Key::Call, l),
        esc(&contract::phone::display(&c.number)),
        esc(c.hours.get(l)),
    )
}

/// The emergency contacts block (`h2`, or `h3` inside an article page's aside).
pub fn contacts(p: &Profile, l: Lang, heading: &str) -> String {
    let items: String = p.contacts.iter().map(|c| contact(c, l)).collect();
    format!(
        "<section class=\"contacts\" aria-labelledby=\"contacts-title\"><{heading} id=\"contacts-title\">{}</{heading}>\
         <p>{}</p><ul class=\"contact-list\">{items}</ul></section>",
        t(Key::EmergencyContacts, l),
        t(Key::EmergencyIntro, l),
    )
}

fn href(l: Lang, rest: &str) -> String {
    if rest.is_empty() {
        format!("/{}", l.code())
    } else {
        format!("/{}/{rest}", l.code())
    }
}

/// Header, banner, `main` with `body`, footer: the app's frame as static HTML.
pub fn frame(p: &Profile, l: Lang, path_rest: &str, body: &str) -> String {
    let other = l.other();
    let sample = if p.sample {
        format!(
            "<p class=\"sample-banner\" role=\"note\"><strong>{}</strong></p>",
            t(Key::SampleBanner, l)
        )
    } else {
        String::new()
    };
    let nav: String = [
        ("", Key::Home),
        ("guidance", Key::Guidance),
        ("register", Key::Register),
        ("advisories", Key::Advisories),
        ("privacy", Key::Privacy),
    ]
    .iter()
    .map(|(to, k)| format!("<li><a href=\"{}\">{}</a></li>", href(l, to), t(*k, l)))
    .collect();
    format!(
        "<a class=\"skip-link\" href=\"#main\">{skip}</a>\
         <header class=\"site-header\"><div class=\"header-row\">\
         <a class=\"site-name\" href=\"{home}\">{site}</a>\
         <a class=\"lang-switch\" href=\"{switch}\" hreflang=\"{oc}\" lang=\"{oc}\">{switch_text}</a></div>\
         <div class=\"exit-row\"><a class=\"exit-this-page\" href=\"{exit}\" rel=\"nofollow noreferrer\">{exit_text}</a>\
         <span class=\"exit-hint\">{hint}</span></div>{sample}</header>\
         <noscript><p class=\"noscript\">{noscript}</p></noscript>\
         <main id=\"main\" tabindex=\"-1\">{body}</main>\
         <footer class=\"site-footer\"><nav aria-label=\"{navl}\"><ul>{nav}</ul></nav></footer>",
        skip = t(Key::SkipToContent, l),
        home = href(l, ""),
        site = t(Key::SiteName, l),
        switch = href(other, path_rest),
        oc = other.code(),
        switch_text = t(Key::LanguageSwitch, l),
        exit = esc(&p.exit_url),
        exit_text = t(Key::ExitThisPage, l),
        hint = t(Key::ExitHint, l),
        noscript = t(Key::NoScript, l),
        navl = t(Key::SkipLinkNav, l),
    )
}

/// Address, opening hours and links (mirrors the app's `EmbassyDetails`).
pub fn details(p: &Profile, l: Lang) -> String {
    let hours: String = p
        .opening_hours
        .iter()
        .map(|h| {
            format!(
                "<li>{}: {}–{}</li>",
                esc(h.days.get(l)),
                esc(&h.opens),
                esc(&h.closes)
            )
        })
        .collect();
    let links: String = p
        .links
        .iter()
        .map(|k| {
            format!(
                "<li><a href=\"{}\" rel=\"noreferrer\">{}</a></li>",
                esc(&k.url),
                esc(k.label.get(l))
            )
        })
        .collect();
    format!(
        "<section class=\"details\" aria-labelledby=\"details-title\"><h2 id=\"details-title\">{}</h2>\
         <h3>{}</h3><p>{}</p><h3>{}</h3><ul>{hours}</ul><h3>{}</h3><ul>{links}</ul></section>",
        esc(p.embassy.get(l)),
        t(Key::Address, l),
        esc(p.address.get(l)),
        t(Key::OpeningHours, l),
        t(Key::OfficialLinks, l),
    )
}

/// The home page body (mirrors the app's `Home`).
pub fn home(p: &Profile, l: Lang) -> String {
    let job = |to: &str, title: Key, hint: Key| {
        format!(
            "<li><a class=\"job\" href=\"{}\"><span class=\"job-title\">{}</span><span class=\"job-hint\">{}</span></a></li>",
            href(l, to),
            t(title, l),
            t(hint, l)
        )
    };
    format!(
        "<h1 class=\"home-title\">{}<span class=\"home-embassy\">{}</span></h1>{}\
         <section aria-labelledby=\"jobs-title\"><h2 id=\"jobs-title\">{}</h2><ul class=\"jobs\">{}{}{}</ul>\
         <p><a href=\"/status/{}\" rel=\"external\">{}</a></p></section>{}",
        t(Key::SiteName, l),
        esc(p.embassy.get(l)),
        contacts(p, l, "h2"),
        t(Key::WhatWeCanHelp, l),
        job("guidance", Key::JobGuidance, Key::JobGuidanceHint),
        job("advisories", Key::JobAdvisories, Key::JobAdvisoriesHint),
        job("register", Key::JobRegister, Key::JobRegisterHint),
        l.code(),
        t(Key::StatusPageLink, l),
        details(p, l),
    )
}

/// The form's start page (mirrors the app's `register::start::StartPage` for
/// someone with no draft): the largest paint of the form's first visit is in
/// the HTML. The app starts at once on this page (it needs the phone's state).
pub fn register_start(p: &Profile, l: Lang) -> String {
    use i18n::register::Key as R;
    let r = |k: R| esc(k.get(l));
    format!(
        "<div class=\"reg\"><h1>{}</h1><p class=\"lead\">{}</p><p class=\"notice\">{}</p>\
         <h2>{}</h2><ul><li>{}</li><li>{}</li><li>{}</li></ul>\
         <h2>{}</h2><p>{}</p><h2>{}</h2><ul><li>{}</li><li>{}</li></ul><h2>{}</h2><p>{}</p>\
         <p><a class=\"button button-start\" href=\"{}\">{}<span aria-hidden=\"true\"> →</span></a></p>\
         <p class=\"danger-note\"><strong>{}</strong></p>{}</div>",
        r(R::StartTitle),
        r(R::StartLead),
        r(R::NotLaporDiri),
        r(R::NeedTitle),
        r(R::Need1),
        r(R::Need2),
        r(R::Need3),
        r(R::TimeTitle),
        r(R::TimeBody),
        r(R::NextTitle),
        r(R::Next1),
        r(R::Next2),
        r(R::KeptTitle),
        r(R::KeptBody),
        href(l, "register/name"),
        r(R::StartNow),
        r(R::DangerNow),
        contacts(p, l, "h2"),
    )
}

/// Marks a page as complete without the app for `paths` (space-separated):
/// `boot.js` then starts the app there only if it was used on this phone.
/// With `warm`, the page leads to one that needs the app (the form's start
/// page): `boot.js` has the service worker download the app, not start it.
pub fn light(html: &str, paths: &str, warm: bool) -> Result<String, String> {
    const DIV: &str = "<div id=\"prerender\">";
    if !html.contains(DIV) {
        return Err(format!("page has no {DIV}"));
    }
    let paths = esc(paths);
    let warm = if warm {
        format!(" data-warm=\"{paths}\"")
    } else {
        String::new()
    };
    Ok(html.replacen(
        DIV,
        &format!("<div id=\"prerender\" data-light=\"{paths}\"{warm}>"),
        1,
    ))
}

/// Fills the built `index.html` template: language, title, pre-rendered page.
pub fn page(template: &str, l: Lang, title: &str, prerendered: &str) -> Result<String, String> {
    if !template.contains(MARKER) {
        return Err(format!("index.html has no {MARKER} marker"));
    }
    let site = Key::SiteName.get(l);
    let full_title = if title == site {
        esc(site)
    } else {
        format!("{} – {}", esc(title), esc(site))
    };
    let out = template
        .replacen(
            "<html lang=\"id\">",
            &format!("<html lang=\"{}\">", l.code()),
            1,
        )
        .replacen(
            "<title>Bantuan Pulang</title>",
            &format!("<title>{full_title}</title>"),
            1,
        )
        .replacen(MARKER, prerendered, 1);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Profile {
        let text = std::fs::read_to_string(crate::cmd::root().join("public/profile.json"))
            .expect("profile");
        Profile::from_json(&text).expect("valid")
    }

    #[test]
    fn home_has_every_contact_as_a_tel_link_and_is_escaped() {
        let mut p = profile();
        p.embassy.en = "A <b>&</b>".into();
        let html = home(&p, Lang::En);
        for c in &p.contacts {
            assert!(html.contains(&format!("href=\"tel:{}\"", c.number)));
        }
        assert!(html.contains("A &lt;b&gt;&amp;&lt;/b&gt;"));
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn register_start_links_to_the_first_question_in_its_language() {
        let html = register_start(&profile(), Lang::En);
        assert!(html.contains("href=\"/en/register/name\""));
        assert!(html.contains(i18n::register::Key::StartTitle.get(Lang::En)));
        assert!(html.contains("class=\"contacts\""));
    }

    #[test]
    fn light_marks_the_prerender_once() {
        let out = light("<div id=\"prerender\"><p>x</p>", "/ /id", false).expect("light");
        assert_eq!(out, "<div id=\"prerender\" data-light=\"/ /id\"><p>x</p>");
        let out = light("<div id=\"prerender\">", "/en/register", true).expect("warm");
        assert_eq!(
            out,
            "<div id=\"prerender\" data-light=\"/en/register\" data-warm=\"/en/register\">"
        );
        assert!(light("<div>", "/id", false).is_err());
    }

    #[test]
    fn page_sets_lang_and_title() {
        let tpl = "<html lang=\"id\"><title>Bantuan Pulang</title><div id=\"prerender\"><!--PRERENDER--></div>";
        let out = page(tpl, Lang::En, "Privacy", "<p>x</p>").expect("page");
        assert!(out.starts_with("<html lang=\"en\">"));
        assert!(out.contains("<title>Privacy – Help Getting Home</title>"));
        assert!(out.contains("<p>x</p>"));
        assert!(page("no marker", Lang::Id, "x", "y").is_err());
    }
}

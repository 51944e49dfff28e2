//! Rendering: placeholders filled from the profile, Markdown to sanitized
//! HTML with stable heading ids, the table of contents and the plain text.

use super::lint::placeholder_name;
use super::TocEntry;
use contract::profile::ContactKind;
use contract::{Lang, Profile};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Heading ids the page around an article uses; a heading that would get
/// one of them gets `-section` added.
const RESERVED_IDS: [&str; 10] = [
    "main",
    "content",
    "top",
    "app",
    "search",
    "header",
    "footer",
    "article-title",
    "toc-title",
    "sources-title",
];

/// Escapes `s` so Markdown shows it as it is (every ASCII punctuation mark
/// gets a backslash; line breaks become spaces).
fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes text for an HTML attribute or element.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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
    out
}

/// The Markdown that replaces `{{profile.<name>}}` in `lang`.
pub(crate) fn placeholder_markdown(name: &str, profile: &Profile, lang: Lang) -> String {
    let contact = |kind: ContactKind| {
        let c = profile
            .contacts
            .iter()
            .find(|c| c.kind == kind)
            .or(profile.contacts.first());
        match c {
            Some(c) => format!(
                "{}: [{}](tel:{})",
                escape_markdown(c.label.get(lang)),
                escape_markdown(&c.number),
                c.number
            ),
            None => escape_markdown(match lang {
                Lang::Id => "nomor kedutaan (tanyakan ke kedutaan)",
                Lang::En => "the embassy's number (ask the embassy)",
            }),
        }
    };
    match name {
        "emergency" => contact(ContactKind::Emergency),
        "hotline" => contact(ContactKind::Hotline),
        "address" => escape_markdown(profile.address.get(lang)),
        "embassy" => escape_markdown(profile.embassy.get(lang)),
        "country" => escape_markdown(profile.country.get(lang)),
        "opening_hours" if profile.opening_hours.is_empty() => escape_markdown(match lang {
            Lang::Id => "tanyakan ke kedutaan",
            Lang::En => "ask the embassy",
        }),
        "opening_hours" => escape_markdown(
            &profile
                .opening_hours
                .iter()
                .map(|h| format!("{} {}–{}", h.days.get(lang), h.opens, h.closes))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        _ => String::new(),
    }
}

/// `body` with every known placeholder replaced (unknown ones were already
/// reported by the lint and are left as they are).
pub(crate) fn substitute(body: &str, profile: &Profile, lang: Lang) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find("}}") {
            Some(j) => match placeholder_name(&after[..j]) {
                Some(name) => {
                    out.push_str(&placeholder_markdown(name, profile, lang));
                    rest = &after[j + 2..];
                }
                None => {
                    out.push_str("{{");
                    rest = after;
                }
            },
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A stable id for a heading: lowercase ASCII letters and digits joined by
/// `-` (diacritics folded), `section` if nothing is left.
pub(crate) fn slugify(text: &str) -> String {
    let folded = search::normalize(text);
    let mut id = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_owned();
    if id.is_empty() {
        "section".into()
    } else if RESERVED_IDS.contains(&id.as_str()) {
        format!("{id}-section")
    } else {
        id
    }
}

/// Can a link to `dest` appear in rendered HTML? Authors' links were checked
/// by the lint; this is the last line of defence, and admits the `tel:`
/// links that contact placeholders produce.
fn is_safe_dest(dest: &str) -> bool {
    let tel = dest
        .strip_prefix("tel:+")
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
    let https = dest
        .strip_prefix("https://")
        .is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace));
    let local = (dest.starts_with('/') && !dest.starts_with("//")) || dest.starts_with('#');
    tel || https || (local && !dest.contains(char::is_whitespace))
}

/// An article body rendered.
pub(crate) struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Ids of every heading, for checking `#fragment` links.
    pub ids: Vec<String>,
    pub text: String,
}

/// Renders a (substituted) Markdown body. Raw HTML is shown as text and
/// images are dropped (the lint rejects both); external links get
/// `rel="noopener noreferrer"` so the portal's address is not sent along.
pub(crate) fn render(markdown: &str) -> Rendered {
    let events: Vec<Event> = Parser::new_ext(markdown, Options::empty()).collect();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut toc = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut text = String::new();
    // For each open link: was its start kept?
    let mut links: Vec<bool> = Vec::new();
    let mut in_image = 0usize;
    let mut i = 0;
    while i < events.len() {
        let event = events[i].clone();
        i += 1;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let heading_text: String = events[i..]
                    .iter()
                    .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        Event::SoftBreak | Event::HardBreak => Some(" "),
                        _ => None,
                    })
                    .collect();
                let base = slugify(&heading_text);
                let mut id = base.clone();
                let mut n = 2;
                while ids.contains(&id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                ids.push(id.clone());
                if level == HeadingLevel::H2 {
                    toc.push(TocEntry {
                        id: id.clone(),
                        text: heading_text.trim().to_owned(),
                    });
                }
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let keep = in_image == 0 && is_safe_dest(&dest_url);
                links.push(keep);
                if keep && dest_url.starts_with("https://") {
                    out.push(Event::InlineHtml(CowStr::from(format!(
                        "<a href=\"{}\" rel=\"noopener noreferrer\">",
                        escape_html(&dest_url)
                    ))));
                } else if keep {
                    out.push(Event::InlineHtml(CowStr::from(format!(
                        "<a href=\"{}\">",
                        escape_html(&dest_url)
                    ))));
                }
            }
            Event::End(TagEnd::Link) => {
                if links.pop() == Some(true) {
                    out.push(Event::InlineHtml(CowStr::from("</a>")));
                }
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Html(raw) | Event::InlineHtml(raw) => {
                text.push_str(&raw);
                out.push(Event::Text(raw));
            }
            // An image's alt text goes with the image.
            Event::Text(_) | Event::Code(_) if in_image > 0 => {}
            Event::Text(t) => {
                text.push_str(&t);
                out.push(Event::Text(t));
            }
            Event::Code(t) => {
                text.push_str(&t);
                out.push(Event::Code(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                text.push(' ');
                out.push(event);
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) => {
                if !text.ends_with('\n') && !text.is_empty() {
                    text.push('\n');
                }
                out.push(event);
            }
            other => out.push(other),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    Rendered {
        html,
        toc,
        ids,
        text: text.trim_end().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Apa itu SPLP?"), "apa-itu-splp");
        assert_eq!(slugify("  Café & más  "), "cafe-mas");
        assert_eq!(slugify("???"), "section");
        assert_eq!(slugify("Main"), "main-section");
    }

    #[test]
    fn render_sanitises_and_adds_ids() {
        let r = render(
            "## Satu\n\nTeks <b>tebal</b> [x](javascript:alert(1)) [y](https://a.go.id/?q=\"1\")\n\n\
             ## Satu\n\n<script>alert(1)</script>\n\n![gambar](https://x.test/a.png)\n",
        );
        assert!(r.html.contains("<h2 id=\"satu\">Satu</h2>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"satu-2\">Satu</h2>"), "{}", r.html);
        assert!(r.html.contains("&lt;b&gt;tebal&lt;/b&gt;"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(!r.html.contains("javascript"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(
            r.html.contains(
                "<a href=\"https://a.go.id/?q=&quot;1&quot;\" rel=\"noopener noreferrer\">y</a>"
            ),
            "{}",
            r.html
        );
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.ids, ["satu", "satu-2"]);
    }

    #[test]
    fn placeholders_are_escaped() {
        let p = contract::Profile::from_json(include_str!("../../../public/profile.json"))
            .expect("profile");
        let md = substitute(
            "A {{profile.emergency}} B {{ profile.address }} C",
            &p,
            Lang::En,
        );
        let r = render(&md);
        assert!(
            r.html
                .contains("<a href=\"tel:+447700900123\">+447700900123</a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("1 Example Street"), "{}", r.html);
        assert!(!r.html.contains("{{"), "{}", r.html);
    }
}

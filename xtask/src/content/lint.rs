//! Checks on an article's Markdown source, before anything is rendered.
//! Each returns `(line, message)`; the caller adds the file name.

use super::front::LineError;
use contract::Profile;
use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// Reading-level limit: the most words a sentence may have.
pub const MAX_SENTENCE_WORDS: usize = 25;

/// Fewest digits in a run that counts as a phone number.
const PHONE_MIN_DIGITS: usize = 7;

/// The placeholders an article may use, each replaced from the profile.
pub const PLACEHOLDERS: [&str; 6] = [
    "emergency",
    "hotline",
    "address",
    "opening_hours",
    "embassy",
    "country",
];

/// Words that name a street; with a number next to them they make an address.
const STREET_WORDS: [&str; 14] = [
    "Jalan",
    "Jl",
    "Jln",
    "Street",
    "St",
    "Road",
    "Rd",
    "Avenue",
    "Ave",
    "Boulevard",
    "Blvd",
    "Lane",
    "Mahavithei",
    "Sangkat",
];

/// Maps byte offsets of a text to 1-based line numbers.
pub(crate) struct Lines {
    starts: Vec<usize>,
    first_line: usize,
}

impl Lines {
    /// `first_line` is the line number of the text's first line in its file.
    pub fn new(text: &str, first_line: usize) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts, first_line }
    }

    pub fn line(&self, offset: usize) -> usize {
        self.first_line + self.starts.partition_point(|&s| s <= offset) - 1
    }
}

/// A link found in the body, checked once every article is known.
#[derive(Debug, Clone)]
pub(crate) struct FoundLink {
    pub line: usize,
    pub dest: String,
}

/// What [`lint_body`] found.
#[derive(Debug, Default)]
pub(crate) struct BodyLint {
    pub errors: Vec<LineError>,
    /// Internal links (`/...` and `#...`), to check against the articles.
    pub links: Vec<FoundLink>,
}

/// Every `{{...}}` on `line`: `(byte range, inner text)`; an unclosed one runs to the end.
fn placeholders(line: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = line[from..].find("{{") {
        let start = from + i;
        match line[start + 2..].find("}}") {
            Some(j) => {
                let end = start + 2 + j + 2;
                out.push((start..end, &line[start + 2..end - 2]));
                from = end;
            }
            None => {
                out.push((start..line.len(), &line[start + 2..]));
                break;
            }
        }
    }
    out
}

/// `name` of a well-formed `profile.name` placeholder.
pub(crate) fn placeholder_name(inner: &str) -> Option<&str> {
    inner
        .trim()
        .strip_prefix("profile.")
        .filter(|n| PLACEHOLDERS.contains(n))
}

fn placeholder_list() -> String {
    PLACEHOLDERS
        .iter()
        .map(|p| format!("{{{{profile.{p}}}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first phone-number-like run on `line`: an optional `+`, then digits
/// with single spaces, dashes or parentheses between them, 7 digits or more.
/// Dots and commas end a run, so amounts like `1.000.000` do not count.
pub(crate) fn find_phone(line: &str) -> Option<&str> {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let starts = (b[i] == b'+' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
            || b[i] == b'('
            || b[i].is_ascii_digit();
        let after_word = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] >= 0x80);
        if !starts || after_word {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut digits = 0;
        let mut j = if b[i] == b'+' { i + 1 } else { i };
        while j < b.len() {
            match b[j] {
                c if c.is_ascii_digit() => {
                    digits += 1;
                    j += 1;
                    end = j;
                }
                _ => {
                    // One or two separators count only when a digit follows.
                    let seps = b[j..].iter().take_while(|c| b" -()".contains(c)).count();
                    if seps == 0 || seps > 2 || !b.get(j + seps).is_some_and(u8::is_ascii_digit) {
                        break;
                    }
                    j += seps;
                }
            }
        }
        if digits >= PHONE_MIN_DIGITS {
            return Some(&line[start..end]);
        }
        i = end.max(i + 1);
    }
    None
}

/// The first address-like text on `line`: a street word (`Jalan`, `Street`,
/// `Road`...) with a number after it, maybe past up to three capitalised
/// words and `No.` (`Jalan Merdeka No. 12`, `Street 57`), or a number then up
/// to three capitalised words ending in a street word (`12 Example Street`).
pub(crate) fn find_address(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let bare = |w: &str| -> String {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '#')
            .to_owned()
    };
    let is_street = |w: &str| STREET_WORDS.contains(&bare(w).as_str());
    let is_number = |w: &str| {
        let w = bare(w);
        let w = w.strip_prefix('#').unwrap_or(&w);
        w.starts_with(|c: char| c.is_ascii_digit())
    };
    let is_capital = |w: &str| w.starts_with(|c: char| c.is_uppercase());
    let is_no = |w: &str| matches!(bare(w).as_str(), "No" | "Nomor" | "Number");
    for i in 0..words.len() {
        if is_street(words[i]) && is_capital(words[i]) {
            let mut j = i + 1;
            while j < words.len() && j <= i + 3 && is_capital(words[j]) && !is_no(words[j]) {
                j += 1;
            }
            if j < words.len() && is_no(words[j]) {
                j += 1;
            }
            if j < words.len() && is_number(words[j]) {
                return Some(words[i..=j].join(" "));
            }
        }
        if is_number(words[i]) {
            for k in 1..=3 {
                let Some(last) = words.get(i + k) else { break };
                if !is_capital(last) {
                    break;
                }
                if is_street(last) {
                    return Some(words[i..=i + k].join(" "));
                }
            }
        }
    }
    None
}

/// Checks every line of `text` (starting at `first_line`) for placeholders,
/// phone numbers and addresses.
pub(crate) fn lint_lines(text: &str, first_line: usize, profile: &Profile) -> Vec<LineError> {
    let mut errors = Vec::new();
    let profile_digits: Vec<String> = profile
        .contacts
        .iter()
        .map(|c| c.number.chars().filter(char::is_ascii_digit).collect())
        .collect();
    for (i, line) in text.lines().enumerate() {
        let n = first_line + i;
        let mut blanked = line.to_owned();
        for (range, inner) in placeholders(line) {
            if !line[range.clone()].ends_with("}}") {
                errors.push((
                    n,
                    format!(
                        "unclosed placeholder `{}`: end it with `}}}}`",
                        &line[range.clone()]
                    ),
                ));
            } else if placeholder_name(inner).is_none() {
                errors.push((
                    n,
                    format!(
                        "unknown placeholder `{}`: use one of {}",
                        &line[range.clone()],
                        placeholder_list()
                    ),
                ));
            }
            blanked.replace_range(range.clone(), &" ".repeat(range.len()));
        }
        if let Some(phone) = find_phone(&blanked) {
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            let msg = if profile_digits
                .iter()
                .any(|d| d.ends_with(&digits) || digits.ends_with(d.as_str()))
            {
                format!(
                    "phone number `{phone}` is written out: use {{{{profile.emergency}}}} or \
                     {{{{profile.hotline}}}} so it always matches the embassy profile"
                )
            } else {
                format!(
                    "`{phone}` looks like a phone number that is not in the embassy profile: \
                     never write numbers in articles, use {{{{profile.emergency}}}} or \
                     {{{{profile.hotline}}}}"
                )
            };
            errors.push((n, msg));
        }
        let own_address = [&profile.address.id, &profile.address.en]
            .into_iter()
            .any(|a| !a.trim().is_empty() && blanked.contains(a.trim()));
        if own_address {
            errors.push((
                n,
                "the embassy's address is written out: use {{profile.address}} so it always \
                 matches the embassy profile"
                    .into(),
            ));
        } else if let Some(addr) = find_address(&blanked) {
            errors.push((
                n,
                format!(
                    "`{addr}` looks like an address: do not write addresses in articles, use \
                     {{{{profile.address}}}}"
                ),
            ));
        }
    }
    errors
}

/// Words of a sentence: whitespace-separated pieces with a letter or digit.
fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Splits `text` into sentences (ending at `.`, `!` or `?` before a space or
/// the end): `(byte offset of the sentence start, sentence)`.
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends =
            matches!(c, '.' | '!' | '?') && chars.peek().is_none_or(|&(_, n)| n.is_whitespace());
        if ends {
            let end = i + c.len_utf8();
            out.push((start, &text[start..end]));
            start = end;
        }
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out.into_iter()
        .map(|(i, s)| {
            let lead = s.len() - s.trim_start().len();
            (i + lead, s.trim())
        })
        .filter(|(_, s)| !s.is_empty())
        .collect()
}

/// Too-long sentences of `text`: `(byte offset in text, message)`.
pub(crate) fn long_sentences(text: &str) -> Vec<(usize, String)> {
    sentences(text)
        .into_iter()
        .filter_map(|(at, s)| {
            let n = word_count(s);
            (n > MAX_SENTENCE_WORDS).then(|| {
                let start: Vec<&str> = s.split_whitespace().take(6).collect();
                (
                    at,
                    format!(
                        "sentence has {n} words (limit {MAX_SENTENCE_WORDS}): split it into \
                         shorter ones: \"{} ...\"",
                        start.join(" ")
                    ),
                )
            })
        })
        .collect()
}

/// Text of one block (paragraph, list item, heading) with where each piece
/// came from, to give a too-long sentence its line.
#[derive(Default)]
struct Block {
    text: String,
    /// `(offset in text, offset in source)` at the start of each piece.
    origins: Vec<(usize, usize)>,
}

impl Block {
    fn push(&mut self, s: &str, source_offset: usize) {
        self.origins.push((self.text.len(), source_offset));
        self.text.push_str(s);
    }

    fn source_offset(&self, at: usize) -> usize {
        let i = self.origins.partition_point(|&(t, _)| t <= at).max(1) - 1;
        self.origins.get(i).map_or(0, |&(_, s)| s)
    }

    fn flush(&mut self, lines: &Lines, errors: &mut Vec<LineError>) {
        for (at, msg) in long_sentences(&self.text) {
            errors.push((lines.line(self.source_offset(at)), msg));
        }
        *self = Block::default();
    }
}

fn level_number(level: HeadingLevel) -> usize {
    level as usize
}

fn hashes(n: usize) -> String {
    "#".repeat(n)
}

/// Is `dest` an allowed link target on its own (https, or a portal path
/// or anchor whose target is checked later)? `Err` says why not.
fn check_dest(dest: &str) -> Result<(), String> {
    if let Some(rest) = dest.strip_prefix("https://") {
        if rest.is_empty() || rest.contains(char::is_whitespace) || rest.starts_with('/') {
            return Err(format!("link `{dest}` is not a valid https:// address"));
        }
        return Ok(());
    }
    if dest.starts_with('/') || dest.starts_with('#') {
        return Ok(());
    }
    let lower = dest.to_ascii_lowercase();
    if lower.starts_with("http://") {
        return Err(format!("link `{dest}` is not secure: use https://"));
    }
    if lower.starts_with("tel:") || lower.starts_with("mailto:") || lower.starts_with("sms:") {
        return Err(format!(
            "link `{dest}` is not allowed: contact details come only from the profile, use \
             {{{{profile.emergency}}}} or {{{{profile.hotline}}}}"
        ));
    }
    Err(format!(
        "link `{dest}` is not allowed: use an https:// address or a portal path such as \
         /id/guidance/<slug>"
    ))
}

/// Checks the Markdown structure of an article body: raw HTML, images,
/// headings, link targets and sentence length. `first_line` is the body's
/// first line in the file.
pub(crate) fn lint_body(body: &str, first_line: usize) -> BodyLint {
    let lines = Lines::new(body, first_line);
    let mut out = BodyLint::default();
    let mut last_level = 1;
    let mut block = Block::default();
    let mut in_code_block = false;
    let mut html_lines = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        let line = lines.line(range.start);
        match event {
            // One message per line is enough.
            Event::Html(html) | Event::InlineHtml(html) if !html_lines.contains(&line) => {
                html_lines.push(line);
                let shown: String = html.trim().chars().take(40).collect();
                out.errors.push((
                    line,
                    format!("raw HTML is not allowed (`{shown}`): write Markdown only"),
                ));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                block.flush(&lines, &mut out.errors);
                let n = level_number(level);
                if n == 1 {
                    out.errors.push((
                        line,
                        "`#` heading in the body: the title is the page's only h1, start \
                         sections at `##`"
                            .into(),
                    ));
                } else if n > last_level + 1 {
                    out.errors.push((
                        line,
                        format!(
                            "heading level skipped: `{}` after `{}`, use `{}`",
                            hashes(n),
                            hashes(last_level),
                            hashes(last_level + 1)
                        ),
                    ));
                }
                last_level = n;
            }
            Event::Start(Tag::Image { .. }) => out.errors.push((
                line,
                "images are not allowed: they cost data and could load from another site".into(),
            )),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let dest = dest_url.to_string();
                if link_type == LinkType::Email {
                    out.errors.push((
                        line,
                        format!("e-mail link `{dest}` is not allowed: contact details come only from the profile"),
                    ));
                } else if let Err(msg) = check_dest(&dest) {
                    out.errors.push((line, msg));
                } else if !dest.starts_with("https://") {
                    out.links.push(FoundLink { line, dest });
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                block.flush(&lines, &mut out.errors);
                in_code_block = true;
            }
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Paragraph | Tag::Item | Tag::List(_) | Tag::BlockQuote(_))
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::List(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::Heading(_),
            ) => block.flush(&lines, &mut out.errors),
            Event::Text(t) | Event::Code(t) if !in_code_block => block.push(&t, range.start),
            Event::SoftBreak | Event::HardBreak => block.push(" ", range.start),
            _ => {}
        }
    }
    block.flush(&lines, &mut out.errors);
    out
}

/// Too-long sentences in a one-line front-matter value at `line`.
pub(crate) fn lint_value(value: &str, line: usize) -> Vec<LineError> {
    long_sentences(value)
        .into_iter()
        .map(|(_, m)| (line, m))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(
            find_phone("Call +62 812-3456-7890 now"),
            Some("+62 812-3456-7890")
        );
        assert_eq!(find_phone("(021) 123 4567"), Some("(021) 123 4567"));
        assert_eq!(find_phone("+447700900123"), Some("+447700900123"));
        assert_eq!(find_phone("Rp 1.000.000 or Rp 100,000"), None);
        assert_eq!(find_phone("On 16-21 January 2026, 1,726 people came"), None);
        assert_eq!(find_phone("PP 28/2019 and UU 21/2007"), None);
        assert_eq!(find_phone("abc1234567"), None);
        assert_eq!(find_phone("123 456"), None);
    }

    #[test]
    fn addresses() {
        assert_eq!(
            find_address("Datang ke Jalan Merdeka No. 12 pagi."),
            Some("Jalan Merdeka No. 12".into())
        );
        assert_eq!(
            find_address("Go to 12 Example Street."),
            Some("12 Example Street.".into())
        );
        assert_eq!(
            find_address("It is on Street 57, near."),
            Some("Street 57,".into())
        );
        assert_eq!(find_address("Jalan kaki 10 menit ke sana."), None);
        assert_eq!(find_address("Hati-hati di jalan 2 hari."), None);
        assert_eq!(find_address("Wait 2 Days."), None);
    }

    #[test]
    fn sentence_split_and_count() {
        let s = sentences("Satu dua. Tiga? Rp 100.000 saja! Akhir");
        let texts: Vec<&str> = s.iter().map(|x| x.1).collect();
        assert_eq!(texts, ["Satu dua.", "Tiga?", "Rp 100.000 saja!", "Akhir"]);
        assert_eq!(word_count("A - b — c {{profile.emergency}}"), 4);
        let long = "kata ".repeat(26);
        assert_eq!(long_sentences(&long).len(), 1);
        assert!(long_sentences(&"kata ".repeat(25)).is_empty());
    }

    #[test]
    fn line_numbers() {
        let l = Lines::new("a\nb\n\nc", 10);
        assert_eq!(l.line(0), 10);
        assert_eq!(l.line(2), 11);
        assert_eq!(l.line(4), 12);
        assert_eq!(l.line(5), 13);
    }
}

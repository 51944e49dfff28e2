//! The content compiler: turns the guidance articles in `content/<lang>/*.md`
//! into the JSON the app loads, and refuses to build when an article is
//! wrong (see `content/README.md` for the rules editors follow).
//!
//! - [`compile`] reads and checks every article against the embassy profile,
//!   and returns either everything rendered ([`Compiled`]) or every problem
//!   found ([`Diagnostic`]s, shown as `file:line: what is wrong`).
//! - [`write`] writes `content/<lang>/index.json`, `<slug>.json` and
//!   `search.json` under an output directory.
//!
//! The static article pages are the app's own `Article` component,
//! rendered by `prerender::article` from what [`write`] writes.
//!
//! What fails the build: a slug in one language only; missing or malformed
//! front matter (keys, topic, order, date, sources); a link that is not
//! `https://` or an existing portal page; a skipped heading level or an h1 in
//! the body; a phone number or address written out (contact details come
//! from the profile through placeholders); an unknown `{{profile.x}}`
//! placeholder; raw HTML or an image; a sentence over
//! [`MAX_SENTENCE_WORDS`] words.

mod front;
mod lint;
mod render;

pub use lint::{MAX_SENTENCE_WORDS, PLACEHOLDERS};

use contract::{Lang, Profile};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The groups articles are listed in, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Topic {
    Travel,
    Documents,
    Exit,
    Embassy,
    Safety,
    Family,
}

impl Topic {
    pub const ALL: [Topic; 6] = [
        Topic::Travel,
        Topic::Documents,
        Topic::Exit,
        Topic::Embassy,
        Topic::Safety,
        Topic::Family,
    ];

    /// The key used in front matter and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Topic::Travel => "travel",
            Topic::Documents => "documents",
            Topic::Exit => "exit",
            Topic::Embassy => "embassy",
            Topic::Safety => "safety",
            Topic::Family => "family",
        }
    }

    pub fn from_key(key: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.key() == key)
    }

    /// A heading for the topic's group of articles.
    pub fn label(self, lang: Lang) -> &'static str {
        i18n::guidance::topic_label(self.key()).get(lang)
    }
}

/// One entry of an article's table of contents (its `##` headings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// The heading's `id`, for `#id` links.
    pub id: String,
    pub text: String,
}

/// One compiled article. Serialised as `<lang>/<slug>.json` (without `text`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    pub slug: String,
    pub lang: Lang,
    pub title: String,
    pub summary: String,
    pub topic: Topic,
    /// Position within the topic.
    pub order: u32,
    /// `YYYY-MM-DD`.
    pub last_reviewed: String,
    /// General sample text the embassy must check: the app marks it.
    pub sample: bool,
    pub sources: Vec<String>,
    pub toc: Vec<TocEntry>,
    /// The body as sanitized HTML (no h1: the title is rendered separately).
    pub html: String,
    /// The body as plain text (for the search index).
    #[serde(skip)]
    pub text: String,
}

/// An article without its body: one entry of `<lang>/index.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleSummary {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub topic: Topic,
    pub order: u32,
    pub last_reviewed: String,
    pub sample: bool,
}

impl From<&Article> for ArticleSummary {
    fn from(a: &Article) -> Self {
        ArticleSummary {
            slug: a.slug.clone(),
            title: a.title.clone(),
            summary: a.summary.clone(),
            topic: a.topic,
            order: a.order,
            last_reviewed: a.last_reviewed.clone(),
            sample: a.sample,
        }
    }
}

/// Everything compiled for one language.
#[derive(Debug, Clone)]
pub struct LangContent {
    pub lang: Lang,
    /// Sorted by topic (in [`Topic::ALL`] order), then `order`, then slug.
    pub articles: Vec<Article>,
    /// The same list without bodies.
    pub index: Vec<ArticleSummary>,
    pub search: search::Index,
}

/// The compiled content of both languages.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// One entry per language, in [`Lang::ALL`] order.
    pub langs: Vec<LangContent>,
}

impl Compiled {
    pub fn get(&self, lang: Lang) -> &LangContent {
        self.langs
            .iter()
            .find(|l| l.lang == lang)
            .expect("compile produces every language")
    }

    pub fn article(&self, lang: Lang, slug: &str) -> Option<&Article> {
        self.get(lang).articles.iter().find(|a| a.slug == slug)
    }
}

/// A problem in the content, shown as `file:line: message`
/// (or `path: message` when it is not about one line, `line` 0).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl Diagnostic {
    fn new(file: &Path, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
        }
    }
}

impl std::error::Error for Diagnostic {}

/// Portal pages an article may link to, after `/<lang>`.
const PAGES: [&str; 4] = ["", "/register", "/advisories", "/privacy"];

/// An article that parsed, before the checks across articles.
struct Parsed {
    file: PathBuf,
    lang: Lang,
    slug: String,
    front: front::FrontMatter,
    rendered: render::Rendered,
    links: Vec<lint::FoundLink>,
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Id => 0,
        Lang::En => 1,
    }
}

/// Reads, checks and renders every article under `content_dir`
/// (`id/*.md` and `en/*.md`), filling placeholders from `profile`.
/// On failure, returns every problem found, sorted by file and line.
pub fn compile(content_dir: &Path, profile: &Profile) -> Result<Compiled, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut parsed: Vec<Parsed> = Vec::new();
    // Per language: every article file by slug, parsed or not.
    let mut files: [BTreeMap<String, PathBuf>; 2] = Default::default();

    for lang in Lang::ALL {
        let dir = content_dir.join(lang.code());
        let mut names: Vec<String> = match fs::read_dir(&dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect(),
            Err(e) => {
                diags.push(Diagnostic::new(
                    &dir,
                    0,
                    format!("cannot read the `{}` articles folder: {e}", lang.code()),
                ));
                continue;
            }
        };
        names.sort();
        for name in names.iter().filter(|n| !n.starts_with('.')) {
            let file = dir.join(name);
            let Some(slug) = name.strip_suffix(".md").filter(|_| file.is_file()) else {
                diags.push(Diagnostic::new(
                    &file,
                    0,
                    "unexpected entry: articles are `<slug>.md` files directly in id/ and en/",
                ));
                continue;
            };
            if !is_slug(slug) {
                diags.push(Diagnostic::new(
                    &file,
                    0,
                    "the file name is the article's address: use lowercase letters, digits \
                     and `-` only (e.g. lost-passport.md)",
                ));
                continue;
            }
            files[lang_index(lang)].insert(slug.to_owned(), file.clone());
            let text = match fs::read_to_string(&file) {
                Ok(t) => t,
                Err(e) => {
                    diags.push(Diagnostic::new(&file, 0, format!("cannot read: {e}")));
                    continue;
                }
            };
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            match check_article(&file, lang, slug, text, profile, &mut diags) {
                Some(p) => parsed.push(p),
                None => continue,
            }
        }
    }

    for lang in Lang::ALL {
        let other = lang.other();
        for (slug, file) in &files[lang_index(lang)] {
            if !files[lang_index(other)].contains_key(slug) {
                diags.push(Diagnostic::new(
                    file,
                    1,
                    format!(
                        "missing translation: there is no {}/{slug}.md (every article needs \
                         the same file name in id/ and en/)",
                        other.code()
                    ),
                ));
            }
        }
    }

    for p in parsed.iter().filter(|p| p.lang == Lang::En) {
        let Some(id) = parsed
            .iter()
            .find(|q| q.lang == Lang::Id && q.slug == p.slug)
        else {
            continue;
        };
        if p.front.topic != id.front.topic {
            diags.push(Diagnostic::new(
                &p.file,
                p.front.topic_line,
                format!(
                    "topic `{}` differs from `{}` in id/{}.md: use the same topic in both \
                     languages",
                    p.front.topic.key(),
                    id.front.topic.key(),
                    p.slug
                ),
            ));
        }
        if p.front.order != id.front.order {
            diags.push(Diagnostic::new(
                &p.file,
                p.front.order_line,
                format!(
                    "order {} differs from {} in id/{}.md: use the same order in both languages",
                    p.front.order, id.front.order, p.slug
                ),
            ));
        }
    }

    for p in &parsed {
        for link in &p.links {
            if let Err(msg) = check_internal_link(&link.dest, p, &parsed, &files) {
                diags.push(Diagnostic::new(&p.file, link.line, msg));
            }
        }
    }

    if !diags.is_empty() {
        diags.sort();
        diags.dedup();
        return Err(diags);
    }

    let langs = Lang::ALL
        .into_iter()
        .map(|lang| {
            let mut articles: Vec<Article> = parsed
                .iter()
                .filter(|p| p.lang == lang)
                .map(|p| Article {
                    slug: p.slug.clone(),
                    lang,
                    title: p.front.title.clone(),
                    summary: p.front.summary.clone(),
                    topic: p.front.topic,
                    order: p.front.order,
                    last_reviewed: p.front.last_reviewed.clone(),
                    sample: p.front.sample,
                    sources: p.front.sources.clone(),
                    toc: p.rendered.toc.clone(),
                    html: p.rendered.html.clone(),
                    text: p.rendered.text.clone(),
                })
                .collect();
            articles.sort_by(|a, b| (a.topic, a.order, &a.slug).cmp(&(b.topic, b.order, &b.slug)));
            let docs: Vec<search::Doc> = articles
                .iter()
                .map(|a| search::Doc {
                    slug: a.slug.clone(),
                    title: a.title.clone(),
                    summary: a.summary.clone(),
                    topic: a.topic.key().to_owned(),
                    body_text: a.text.clone(),
                })
                .collect();
            LangContent {
                lang,
                index: articles.iter().map(ArticleSummary::from).collect(),
                search: search::build_index(&docs),
                articles,
            }
        })
        .collect();
    Ok(Compiled { langs })
}

/// Parses, lints and renders one article file; problems go to `diags`.
fn check_article(
    file: &Path,
    lang: Lang,
    slug: &str,
    text: &str,
    profile: &Profile,
    diags: &mut Vec<Diagnostic>,
) -> Option<Parsed> {
    let mut report = |errors: Vec<(usize, String)>| {
        for (line, message) in errors {
            diags.push(Diagnostic::new(file, line, message));
        }
    };
    let front = match front::parse(text) {
        Ok(f) => f,
        Err(errors) => {
            report(errors);
            return None;
        }
    };
    let body = &text[front.body_offset..];
    let mut errors = Vec::new();
    for (value, line) in [
        (&front.title, front.title_line),
        (&front.summary, front.summary_line),
    ] {
        if value.contains("{{") {
            errors.push((
                line,
                "placeholders work only in the body, not in the title or summary".into(),
            ));
        }
        errors.extend(lint::lint_lines(value, line, profile));
        errors.extend(lint::lint_value(value, line));
    }
    errors.extend(lint::lint_lines(body, front.body_line, profile));
    let body_lint = lint::lint_body(body, front.body_line);
    errors.extend(body_lint.errors);
    let ok = errors.is_empty();
    report(errors);
    let rendered = render::render(&render::substitute(body, profile, lang));
    ok.then(|| Parsed {
        file: file.to_path_buf(),
        lang,
        slug: slug.to_owned(),
        front,
        rendered,
        links: body_lint.links,
    })
}

/// Checks a link to a portal path (`/id/...`) or to a heading (`#id`).
fn check_internal_link(
    dest: &str,
    from: &Parsed,
    parsed: &[Parsed],
    files: &[BTreeMap<String, PathBuf>; 2],
) -> Result<(), String> {
    let check_fragment = |target: &Parsed, fragment: &str| {
        if target.rendered.ids.iter().any(|id| id == fragment) {
            Ok(())
        } else {
            Err(format!(
                "broken link `{dest}`: no heading with id `{fragment}` in {}/{}.md (its \
                 headings have ids: {})",
                target.lang.code(),
                target.slug,
                target.rendered.ids.join(", ")
            ))
        }
    };
    if let Some(fragment) = dest.strip_prefix('#') {
        return check_fragment(from, fragment);
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let not_a_page = || {
        let l = from.lang.code();
        format!(
            "link `{dest}` is not a portal page: use /{l}, /{l}/register, /{l}/advisories, \
             /{l}/privacy or /{l}/guidance/<slug> (or the /{} forms)",
            from.lang.other().code()
        )
    };
    let rest = path.strip_prefix('/').unwrap_or(path);
    let (code, page) = rest.split_once('/').map_or((rest, ""), |(c, p)| (c, p));
    let Some(lang) = Lang::from_code(code) else {
        return Err(not_a_page());
    };
    let page_path = if page.is_empty() {
        String::new()
    } else {
        format!("/{page}")
    };
    if PAGES.contains(&page_path.as_str()) && fragment.is_none() {
        return Ok(());
    }
    let Some(slug) = page.strip_prefix("guidance/") else {
        return Err(not_a_page());
    };
    match parsed.iter().find(|p| p.lang == lang && p.slug == slug) {
        Some(target) => fragment.map_or(Ok(()), |f| check_fragment(target, f)),
        // The target exists but has its own errors, reported already.
        None if files[lang_index(lang)].contains_key(slug) => Ok(()),
        None => Err(format!(
            "broken link `{dest}`: there is no article `{slug}` in {}/",
            lang.code()
        )),
    }
}

fn write_json(path: &Path, value: &impl Serialize) -> io::Result<()> {
    let bytes = serde_json::to_vec(value).map_err(io::Error::other)?;
    fs::write(path, bytes)
}

/// Writes, for each language, under `out_dir/content/<lang>/`:
/// - `index.json`: `[ArticleSummary...]` in listing order;
/// - `<slug>.json`: one [`Article`] (sanitized `html`, `toc`, `sources`...);
/// - `search.json`: the [`search::Index`].
///
/// Other `.json` files left there by an earlier build are removed.
pub fn write(compiled: &Compiled, out_dir: &Path) -> io::Result<()> {
    for lc in &compiled.langs {
        let dir = out_dir.join("content").join(lc.lang.code());
        fs::create_dir_all(&dir)?;
        let mut keep: Vec<String> = lc
            .articles
            .iter()
            .map(|a| format!("{}.json", a.slug))
            .collect();
        keep.push("index.json".into());
        keep.push("search.json".into());
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") && !keep.contains(&name) && entry.path().is_file() {
                fs::remove_file(entry.path())?;
            }
        }
        write_json(&dir.join("index.json"), &lc.index)?;
        for a in &lc.articles {
            write_json(&dir.join(format!("{}.json", a.slug)), a)?;
        }
        write_json(&dir.join("search.json"), &lc.search)?;
    }
    Ok(())
}

/// [`compile`] then [`write`]; on failure, the message lists every problem,
/// one `file:line: message` per line.
pub fn compile_and_write(
    content_dir: &Path,
    profile: &Profile,
    out_dir: &Path,
) -> Result<Compiled, String> {
    let compiled = compile(content_dir, profile).map_err(|diags| {
        let n = diags.len();
        let lines: Vec<String> = diags.iter().map(Diagnostic::to_string).collect();
        format!(
            "{}\ncontent: {n} problem{} (see content/README.md)",
            lines.join("\n"),
            if n == 1 { "" } else { "s" }
        )
    })?;
    write(&compiled, out_dir)
        .map_err(|e| format!("content: cannot write to {}: {e}", out_dir.display()))?;
    Ok(compiled)
}

//! The content compiler: one failing fixture per rule (each asserting the
//! exact `file:line: message`), a valid fixture, and the real `content/`.

use contract::{Lang, Profile};
use std::path::{Path, PathBuf};
use xtask::content::{self, Topic};

fn profile() -> Profile {
    Profile::from_json(include_str!("../../public/profile.json")).expect("committed profile")
}

/// Relative to the package root, the working directory of integration tests,
/// so the diagnostics read as they would in a build log.
fn fixture(case: &str) -> PathBuf {
    Path::new("tests/fixtures/content").join(case)
}

fn diagnostics(case: &str) -> Vec<String> {
    match content::compile(&fixture(case), &profile()) {
        Ok(_) => panic!("fixture `{case}` should not compile"),
        Err(diags) => diags.iter().map(ToString::to_string).collect(),
    }
}

fn assert_diagnostics(case: &str, expected: &[&str]) {
    let prefix = format!("tests/fixtures/content/{case}/");
    let expected: Vec<String> = expected.iter().map(|e| format!("{prefix}{e}")).collect();
    assert_eq!(diagnostics(case), expected);
}

#[test]
fn missing_translation() {
    assert_diagnostics(
        "missing-translation",
        &[
            "id/alone.md:1: missing translation: there is no en/alone.md (every article needs \
           the same file name in id/ and en/)",
        ],
    );
}

#[test]
fn missing_front_matter() {
    assert_diagnostics(
        "missing-front-matter",
        &[
            "id/a.md:1: missing front matter: the file must start with a `---` line, then \
           `key: value` lines (title, summary, topic, order, last_reviewed, sources), then \
           `---` (see content/README.md)",
        ],
    );
}

#[test]
fn missing_required_key() {
    assert_diagnostics(
        "missing-key",
        &["id/a.md:1: missing required front-matter key `topic`"],
    );
}

#[test]
fn broken_internal_link() {
    assert_diagnostics(
        "broken-link",
        &["en/a.md:15: broken link `/en/guidance/nope`: there is no article `nope` in en/"],
    );
}

#[test]
fn link_to_a_path_that_is_not_a_portal_page() {
    assert_diagnostics(
        "not-a-page",
        &[
            "en/a.md:15: link `/en/admin` is not a portal page: use /en, /en/register, \
           /en/advisories, /en/privacy or /en/guidance/<slug> (or the /id forms)",
        ],
    );
}

#[test]
fn link_to_a_missing_heading() {
    assert_diagnostics(
        "broken-anchor",
        &[
            "en/a.md:15: broken link `/id/guidance/a#nope`: no heading with id `nope` in \
           id/a.md (its headings have ids: bagian-pertama)",
        ],
    );
}

#[test]
fn links_that_are_not_https_or_portal_paths() {
    assert_diagnostics(
        "bad-link-scheme",
        &[
            "en/a.md:15: link `javascript:alert(1)` is not allowed: use an https:// address \
             or a portal path such as /id/guidance/<slug>",
            "en/a.md:17: link `http://example.com/` is not secure: use https://",
        ],
    );
}

#[test]
fn heading_level_skipped() {
    assert_diagnostics(
        "heading-skip",
        &["en/a.md:15: heading level skipped: `####` after `##`, use `###`"],
    );
}

#[test]
fn h1_in_body() {
    assert_diagnostics(
        "h1-in-body",
        &[
            "id/a.md:11: `#` heading in the body: the title is the page's only h1, start \
           sections at `##`",
        ],
    );
}

#[test]
fn phone_number_written_out() {
    assert_diagnostics(
        "phone-number",
        &[
            "id/a.md:15: `+62 812 3456 7890` looks like a phone number that is not in the \
           embassy profile: never write numbers in articles, use {{profile.emergency}} or \
           {{profile.hotline}}",
        ],
    );
}

#[test]
fn address_written_out() {
    assert_diagnostics(
        "address",
        &[
            "id/a.md:15: `Jalan Merdeka No. 12` looks like an address: do not write addresses \
           in articles, use {{profile.address}}",
        ],
    );
}

#[test]
fn unknown_placeholder() {
    assert_diagnostics(
        "unknown-placeholder",
        &[
            "en/a.md:15: unknown placeholder `{{profile.phone}}`: use one of \
           {{profile.emergency}}, {{profile.hotline}}, {{profile.address}}, \
           {{profile.opening_hours}}, {{profile.embassy}}, {{profile.country}}",
        ],
    );
}

#[test]
fn raw_html() {
    assert_diagnostics(
        "raw-html",
        &[
            "en/a.md:15: raw HTML is not allowed (`<b>`): write Markdown only",
            "en/a.md:17: raw HTML is not allowed (`<script>alert(1)</script>`): write \
             Markdown only",
        ],
    );
}

#[test]
fn sentence_over_the_reading_level_limit() {
    assert_eq!(content::MAX_SENTENCE_WORDS, 25);
    assert_diagnostics(
        "long-sentence",
        &[
            "en/a.md:16: sentence has 27 words (limit 25): split it into shorter ones: \
           \"This item is one very long ...\"",
        ],
    );
}

#[test]
fn unknown_topic() {
    assert_diagnostics(
        "unknown-topic",
        &[
            "id/a.md:4: unknown topic `travels`: use one of travel, documents, exit, embassy, \
           safety, family",
        ],
    );
}

#[test]
fn bad_date() {
    assert_diagnostics(
        "bad-date",
        &[
            "en/a.md:6: `last_reviewed` must be a real date written YYYY-MM-DD (e.g. \
           2026-11-25), found `2026-02-30`",
        ],
    );
}

#[test]
fn valid_fixture_compiles_with_placeholders_toc_and_links() {
    let compiled = content::compile(&fixture("valid"), &profile()).expect("valid fixture");
    let en = compiled.get(Lang::En);
    let slugs: Vec<&str> = en.index.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs, ["a", "b"]);
    let a = compiled.article(Lang::En, "a").expect("article a");
    assert_eq!(a.topic, Topic::Travel);
    assert!(a.sample);
    assert_eq!(a.sources, ["Test source, 2026"]);
    assert_eq!(a.toc.len(), 1);
    assert_eq!(
        (a.toc[0].id.as_str(), a.toc[0].text.as_str()),
        ("first-part", "First part")
    );
    let html = &a.html;
    assert!(
        html.contains("<h2 id=\"first-part\">First part</h2>"),
        "{html}"
    );
    assert!(
        html.contains("<h3 id=\"more-detail\">More detail</h3>"),
        "{html}"
    );
    assert!(
        html.contains(
            "Call 24-hour emergency (sample number): \
             <a href=\"tel:+447700900123\">+447700900123</a>."
        ),
        "{html}"
    );
    assert!(
        html.contains("Address: 1 Example Street, Example City (sample address, not a real one)."),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"/en/guidance/b#steps\">article b</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"https://www.imigrasi.go.id/\" rel=\"noopener noreferrer\">"),
        "{html}"
    );
    assert!(!html.contains("{{"), "{html}");
    assert!(a
        .text
        .contains("Call 24-hour emergency (sample number): +447700900123."));
    let id = compiled.article(Lang::Id, "a").expect("id article");
    assert!(
        id.html.contains("Darurat 24 jam (nomor contoh)"),
        "{}",
        id.html
    );

    let profile = profile();
    let doc = |a: &content::Article| -> contract::guidance::ArticleDoc {
        serde_json::from_value(serde_json::to_value(a).expect("json")).expect("read by the app")
    };
    let page = xtask::prerender::article(&profile, Lang::En, doc(a));
    assert!(
        page.contains("<h1 id=\"article-title\">Test article</h1>"),
        "{page}"
    );
    assert!(
        page.contains("<time datetime=\"2026-11-25\">25 November 2026</time>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"#first-part\">First part</a>"),
        "{page}"
    );
    assert!(page.contains("class=\"article-sample\""), "{page}");
    assert!(page.contains("<li>Test source, 2026</li>"), "{page}");
    let page_id = xtask::prerender::article(&profile, Lang::Id, doc(id));
    assert!(page_id.contains("Terakhir diperiksa"), "{page_id}");

    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("content-valid");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(out.join("content/en")).expect("mkdir");
    std::fs::write(out.join("content/en/stale.json"), "{}").expect("stale file");
    content::write(&compiled, &out).expect("write");
    assert!(
        !out.join("content/en/stale.json").exists(),
        "stale output is removed"
    );
    let index: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("content/en/index.json")).expect("index.json"),
    )
    .expect("json");
    assert_eq!(
        index[0],
        serde_json::json!({
            "slug": "a", "title": "Test article", "summary": "A short summary.",
            "topic": "travel", "order": 1, "last_reviewed": "2026-11-25", "sample": true
        })
    );
    let article: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("content/id/b.json")).expect("b.json"))
            .expect("json");
    assert_eq!(article["slug"], "b");
    assert_eq!(article["lang"], "id");
    assert_eq!(
        article["toc"][0],
        serde_json::json!({"id": "langkah", "text": "Langkah"})
    );
    assert!(article.get("text").is_none(), "plain text is not shipped");
    let search_json = std::fs::read_to_string(out.join("content/en/search.json")).expect("search");
    let index: search::Index = serde_json::from_str(&search_json).expect("search index");
    assert_eq!(search::search(&index, "more detail", 1)[0].slug, "a");
}

/// The committed articles must always build against the committed profile.
#[test]
fn real_content_compiles_cleanly() {
    let compiled = match content::compile(Path::new("../content"), &profile()) {
        Ok(c) => c,
        Err(diags) => panic!(
            "content/ has problems:\n{}",
            diags
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    let required = [
        "travel-home",
        "lost-passport",
        "leaving-the-country",
        "embassy-help",
        "repatriation",
        "trafficking",
        "staying-safe",
        "money-and-tickets",
        "health",
        "what-to-bring",
        "for-families",
        "safe-browsing",
    ];
    for lang in Lang::ALL {
        let lc = compiled.get(lang);
        for slug in required {
            let a = compiled
                .article(lang, slug)
                .unwrap_or_else(|| panic!("{}/{slug}.md is missing", lang.code()));
            assert!(!a.sources.is_empty(), "{slug} cites its sources");
            assert!(!a.toc.is_empty(), "{slug} has sections");
        }
        assert_eq!(lc.articles.len(), lc.search.docs().len());
    }

    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("content-real");
    let _ = std::fs::remove_dir_all(&out);
    content::write(&compiled, &out).expect("write");
    for lang in Lang::ALL {
        let path = out.join(format!("content/{}/search.json", lang.code()));
        let bytes = std::fs::metadata(&path).expect("search.json").len();
        println!("{}: {bytes} bytes", path.display());
        assert!(
            bytes < 60_000,
            "search index for {} is {bytes} bytes",
            lang.code()
        );
    }

    // Searching the real articles finds the obvious article first.
    let find = |lang: Lang, q: &str| {
        search::search(&compiled.get(lang).search, q, 3)
            .first()
            .map(|h| h.slug.clone())
            .unwrap_or_default()
    };
    for (lang, query, want) in [
        (Lang::Id, "paspor hilang", "lost-passport"),
        (Lang::Id, "splp", "lost-passport"),
        (Lang::Id, "denda overstay", "leaving-the-country"),
        (Lang::Id, "tiket pesawat", "money-and-tickets"),
        (Lang::Id, "perdagangan orang", "trafficking"),
        (Lang::Id, "riwayat peramban", "safe-browsing"),
        (Lang::Id, "keluarga", "for-families"),
        (Lang::Id, "sakit", "health"),
        (Lang::En, "lost passport", "lost-passport"),
        (Lang::En, "overstay fine", "leaving-the-country"),
        (Lang::En, "trafficked", "trafficking"),
        (Lang::En, "browser history", "safe-browsing"),
        (Lang::En, "family", "for-families"),
        (Lang::En, "what to bring", "what-to-bring"),
        (Lang::En, "repatriation", "repatriation"),
    ] {
        assert_eq!(find(lang, query), want, "{}: {query}", lang.code());
    }
}

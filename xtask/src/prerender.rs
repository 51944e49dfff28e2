//! Static HTML written into the built pages, so the emergency contacts and the
//! content are in the first bytes, readable with JavaScript off and before the
//! wasm arrives. The markup is the app's own pure components (`portal::…`)
//! rendered to HTML natively (`tachys/ssr`, enabled for this crate only); the
//! app replaces `#prerender` when it starts.

use contract::guidance::{ArticleDoc, ArticleSummary};
use contract::profile::Profile;
use contract::site::{self, Section};
use contract::Lang;
use i18n::Key;
use leptos::prelude::*;
use portal::accessibility::AccessibilityStatement;
use portal::frame::{SiteFooter, SiteHeader};
use portal::guidance::{Article, GuidanceIntro, TopicList};
use portal::home::HomeBody;
use portal::register::StartBody;
use std::collections::HashSet;
use std::sync::Arc;

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

/// Renders `body` as the `main` of a page at `path` in `lang`, inside the
/// app's frame (`SiteHeader`, `SiteFooter`): the app's own components,
/// rendered to HTML here, so the pre-rendered page and the app cannot drift.
pub fn framed<V, F>(profile: &Profile, lang: Lang, path: &str, body: F) -> String
where
    F: FnOnce() -> V,
    V: IntoView + 'static,
{
    let exit_url = profile.exit_url.clone();
    let sample = profile.sample;
    let switch_href = Some(portal::lang::switch_path(path, lang.other()));
    let current = path.to_string();
    Owner::new().with(|| {
        provide_context(portal::lang::LangCtx(Memo::new(move |_| lang)));
        let page = view! {
            <SiteHeader current=current.clone() exit_url switch_href sample />
            <main id="main" tabindex="-1">{body()}</main>
            <SiteFooter current sample />
        };
        // Rendered once, so nothing needs to track the signals it reads.
        untrack(move || page.to_html())
    })
}

/// Home: the embassy, its contacts, the three jobs, its details.
pub fn home(profile: &Profile, lang: Lang) -> String {
    let shared = Arc::new(profile.clone());
    framed(profile, lang, &Section::Home.path(lang), move || {
        view! { <HomeBody profile=shared /> }
    })
}

/// The form's start page for someone with nothing saved on the phone.
pub fn register_start(profile: &Profile, lang: Lang) -> String {
    let contacts = profile.contacts.clone();
    framed(profile, lang, &Section::Register.path(lang), move || {
        view! { <StartBody contacts start_label=Some(i18n::register::Key::StartNow) /> }
    })
}

/// The accessibility statement.
pub fn accessibility(profile: &Profile, lang: Lang) -> String {
    let contacts = profile.contacts.clone();
    framed(
        profile,
        lang,
        &Section::Accessibility.path(lang),
        move || {
            view! { <AccessibilityStatement contacts /> }
        },
    )
}

/// The guidance list by topic (without the app's search box).
pub fn guidance_index(profile: &Profile, lang: Lang, items: Vec<ArticleSummary>) -> String {
    framed(profile, lang, &Section::Guidance.path(lang), move || {
        view! {
            <GuidanceIntro />
            <TopicList items offline=HashSet::new() />
        }
    })
}

/// One guidance article with the contacts.
pub fn article(profile: &Profile, lang: Lang, doc: ArticleDoc) -> String {
    let contacts = profile.contacts.clone();
    let path = site::article_path(lang, &doc.slug);
    framed(profile, lang, &path, move || {
        view! { <Article doc contacts /> }
    })
}

/// How `boot.js` treats a pre-rendered page.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Boot {
    /// The page needs the app: it starts at once.
    AppAtOnce,
    /// Complete without the app; the app starts only once it was used on
    /// this phone (it then adds what the phone has to show).
    Light,
    /// Complete without the app, and its next tap needs it (the form's start
    /// page): the service worker downloads the app, without starting it.
    LightWarm,
    /// A page from the build only (`Section::is_app_page` is false): the app
    /// has no route for it and never starts on it.
    Static,
}

/// Marks `#prerender` with how `boot.js` treats it at `paths`
/// (space-separated): `data-light`, plus `data-warm` or `data-static`.
pub fn mark_boot(html: &str, paths: &str, boot: Boot) -> Result<String, String> {
    const DIV: &str = "<div id=\"prerender\">";
    if boot == Boot::AppAtOnce {
        return Ok(html.to_string());
    }
    if !html.contains(DIV) {
        return Err(format!("page has no {DIV}"));
    }
    let paths = esc(paths);
    let also = match boot {
        Boot::LightWarm => format!(" data-warm=\"{paths}\""),
        Boot::Static => format!(" data-static=\"{paths}\""),
        Boot::AppAtOnce | Boot::Light => String::new(),
    };
    Ok(html.replacen(
        DIV,
        &format!("<div id=\"prerender\" data-light=\"{paths}\"{also}>"),
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
    fn the_frame_has_exit_first_and_the_language_switch_to_the_same_page() {
        let html = accessibility(&profile(), Lang::Id);
        let exit = html.find("exit-this-page").expect("exit");
        let name = html.find("site-name").expect("site name");
        assert!(exit < name, "Exit this page comes first");
        assert!(html.contains("href=\"/en/accessibility\""), "{html}");
        assert!(html.contains(i18n::accessibility::Key::Title.get(Lang::Id)));
        assert!(html.contains("<noscript>"), "{html}");
    }

    #[test]
    fn mark_boot_marks_the_prerender_once() {
        let out = mark_boot("<div id=\"prerender\"><p>x</p>", "/ /id", Boot::Light).expect("light");
        assert_eq!(out, "<div id=\"prerender\" data-light=\"/ /id\"><p>x</p>");
        let out =
            mark_boot("<div id=\"prerender\">", "/en/register", Boot::LightWarm).expect("warm");
        assert_eq!(
            out,
            "<div id=\"prerender\" data-light=\"/en/register\" data-warm=\"/en/register\">"
        );
        let out =
            mark_boot("<div id=\"prerender\">", "/id/accessibility", Boot::Static).expect("static");
        assert_eq!(
            out,
            "<div id=\"prerender\" data-light=\"/id/accessibility\" data-static=\"/id/accessibility\">"
        );
        assert_eq!(
            mark_boot("<div>", "/id", Boot::AppAtOnce).as_deref(),
            Ok("<div>")
        );
        assert!(mark_boot("<div>", "/id", Boot::Light).is_err());
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

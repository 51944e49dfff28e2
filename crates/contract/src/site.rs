//! The site's route table: every public page's path, in one place. The app's
//! router and links, the footer, the build's pre-renderer and the reference
//! backend's "is this a page?" check all read it. Paths only: the words for
//! each section are in `i18n`.

use crate::Lang;

/// A public page under `/:lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Home,
    Guidance,
    Register,
    Advisories,
    /// "Where is my case?"
    Case,
    Privacy,
    Accessibility,
}

impl Section {
    /// Every section, in the footer's order.
    pub const ALL: [Section; 7] = [
        Section::Home,
        Section::Guidance,
        Section::Register,
        Section::Advisories,
        Section::Case,
        Section::Privacy,
        Section::Accessibility,
    ];

    /// The path segment after `/:lang` (empty for home).
    pub fn segment(self) -> &'static str {
        match self {
            Section::Home => "",
            Section::Guidance => "guidance",
            Section::Register => "register",
            Section::Advisories => "advisories",
            Section::Case => "case",
            Section::Privacy => "privacy",
            Section::Accessibility => "accessibility",
        }
    }

    /// `/id`, `/en/guidance`, ...
    pub fn path(self, lang: Lang) -> String {
        lang_path(lang, self.segment())
    }

    /// Whether the build writes this section's page as static HTML
    /// (readable before the app and without JavaScript).
    pub fn is_prerendered(self) -> bool {
        matches!(
            self,
            Section::Home | Section::Guidance | Section::Register | Section::Accessibility
        )
    }

    /// Whether the app has a route for this section. The accessibility
    /// statement is a page from the build only: it never starts the app, so
    /// its words and markup stay out of the wasm, and a link to it loads it
    /// whole (`rel="external"`, which the router leaves to the browser).
    pub fn is_app_page(self) -> bool {
        !matches!(self, Section::Accessibility)
    }

    /// Whether the service worker keeps this section's page from the first
    /// visit (what a person needs offline before they have opened it: home
    /// and the form's start). Other pages are kept once visited.
    pub fn is_precached(self) -> bool {
        matches!(self, Section::Home | Section::Register)
    }

    fn from_segment(segment: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.segment() == segment)
    }
}

/// The staff page (not under a language: it has its own switch).
pub const STAFF_PATH: &str = "/staff";

/// The server-rendered advisory page (no script), served by the backend.
pub fn status_page_path(lang: Lang) -> String {
    format!("/status/{}", lang.code())
}

/// The server-rendered case lookup (no script), served by the backend.
pub fn case_page_path(lang: Lang) -> String {
    format!("/case/{}", lang.code())
}

/// One guidance article: `/id/guidance/<slug>`.
pub fn article_path(lang: Lang, slug: &str) -> String {
    format!("{}/{slug}", Section::Guidance.path(lang))
}

/// One page of the form: `/id/register/<step>`.
pub fn register_step_path(lang: Lang, step: &str) -> String {
    format!("{}/{step}", Section::Register.path(lang))
}

/// An app path in a language: `lang_path(En, "guidance")` → `/en/guidance`.
pub fn lang_path(lang: Lang, rest: &str) -> String {
    if rest.is_empty() {
        format!("/{}", lang.code())
    } else {
        format!("/{}/{rest}", lang.code())
    }
}

/// The file a pre-rendered page is written to, relative to the site root:
/// `/id` → `index.html` (it also answers `/`), `/en` → `en.html`,
/// `/id/guidance` → `id/guidance.html`.
pub fn prerendered_file(path: &str) -> String {
    match path {
        "/" | "/id" => "index.html".into(),
        p => format!("{}.html", p.trim_start_matches('/')),
    }
}

/// Whether a path names one of the app's pages. Articles are not checked
/// here (the backend knows them by their pre-rendered files); a form step
/// is left to the app, which shows "not found" for an unknown one.
pub fn is_app_route(path: &str) -> bool {
    let segments: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
    let lang = |s: &str| Lang::from_code(s).is_some();
    match segments.as_slice() {
        [""] => true,
        [s] if format!("/{s}") == STAFF_PATH => true,
        [l] => lang(l),
        [l, section] => lang(l) && !section.is_empty() && Section::from_segment(section).is_some(),
        [l, register, step] => {
            lang(l) && *register == Section::Register.segment() && !step.is_empty()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(Section::Home.path(Lang::Id), "/id");
        assert_eq!(Section::Guidance.path(Lang::En), "/en/guidance");
        assert_eq!(article_path(Lang::Id, "x"), "/id/guidance/x");
        assert_eq!(register_step_path(Lang::En, "name"), "/en/register/name");
        assert_eq!(status_page_path(Lang::En), "/status/en");
    }

    #[test]
    fn prerendered_files() {
        assert_eq!(prerendered_file("/id"), "index.html");
        assert_eq!(prerendered_file("/en"), "en.html");
        assert_eq!(prerendered_file("/en/register"), "en/register.html");
        assert_eq!(
            prerendered_file("/id/guidance/lost-passport"),
            "id/guidance/lost-passport.html"
        );
    }

    #[test]
    fn app_routes() {
        for known in [
            "",
            "/",
            "/staff",
            "/id",
            "/en",
            "/id/guidance",
            "/en/register",
            "/id/register/name",
            "/id/advisories",
            "/en/privacy",
            "/en/accessibility",
        ] {
            assert!(is_app_route(known), "{known}");
        }
        for unknown in [
            "/fr",
            "/fr/privacy",
            "/id/nope",
            "/id/",
            "/id/register/",
            "/id/guidance/x/y",
            "/staff/x",
            "/id/privacy/x",
            "/en/register/name/extra",
            "//id",
            "/ID",
        ] {
            assert!(!is_app_route(unknown), "{unknown}");
        }
    }
}

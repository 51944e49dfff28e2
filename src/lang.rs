//! The current language comes from the URL (`/id/...`, `/en/...`), so a shared
//! link opens in the language it was sent in. The last one used is remembered
//! for `/`. UI text comes from the `i18n` catalogue.

use leptos::prelude::*;

pub use i18n::{Key, Lang, Text};

const STORAGE_KEY: &str = "lang";

/// The language of a path's first segment, if it names one.
pub fn from_path(path: &str) -> Option<Lang> {
    let first = path.trim_start_matches('/').split('/').next()?;
    Lang::from_code(first)
}

/// The same page in another language: `/id/guidance/x` → `/en/guidance/x`.
pub fn switch_path(path: &str, to: Lang) -> String {
    let rest = path.trim_start_matches('/');
    let rest = match rest.split_once('/') {
        Some((first, tail)) if Lang::from_code(first).is_some() => tail,
        None if Lang::from_code(rest).is_some() => "",
        _ => rest,
    };
    contract::site::lang_path(to, rest)
}

pub fn remembered() -> Lang {
    crate::storage::get(STORAGE_KEY)
        .and_then(|c| Lang::from_code(&c))
        .unwrap_or_default()
}

pub fn remember(lang: Lang) {
    crate::storage::set(STORAGE_KEY, lang.code());
}

#[derive(Clone, Copy)]
pub struct LangCtx(pub Memo<Lang>);

pub fn use_lang() -> Memo<Lang> {
    use_context::<LangCtx>()
        .map(|c| c.0)
        .unwrap_or_else(|| Memo::new(|_| Lang::default()))
}

/// Helper for pages: `Lang` now, for one-off non-reactive use.
pub fn lang_now() -> Lang {
    use_lang().get_untracked()
}

/// A reactive UI text for the current language, from any catalogue.
pub fn t<K: Text + Send + Sync>(
    key: K,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || key.get(lang.get())
}

/// An app path in the current language: `href("guidance")` → `/id/guidance`.
pub fn href(lang: Lang, rest: &str) -> String {
    contract::site::lang_path(lang, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(from_path("/en/guidance"), Some(Lang::En));
        assert_eq!(from_path("/xx/guidance"), None);
        assert_eq!(switch_path("/id/guidance/x", Lang::En), "/en/guidance/x");
        assert_eq!(switch_path("/id", Lang::En), "/en");
        assert_eq!(switch_path("/", Lang::En), "/en");
        assert_eq!(switch_path("/oops", Lang::Id), "/id/oops");
    }
}

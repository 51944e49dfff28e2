//! What is available without a connection: the service worker caches every
//! article a person opens. The guidance list asks the cache which ones.

use contract::guidance::ArticleSummary;
use leptos::prelude::*;
use std::collections::HashSet;

use crate::lang::Lang;

/// The slugs of `items` whose article is in the offline cache (filled in async).
pub fn cached_slugs(lang: Lang, items: &[ArticleSummary]) -> ReadSignal<HashSet<String>> {
    let (slugs, set_slugs) = signal(HashSet::new());
    let urls: Vec<(String, String)> = items
        .iter()
        .map(|a| (a.slug.clone(), crate::guidance::article_url(lang, &a.slug)))
        .collect();
    let Some(caches) = crate::dom::window().and_then(|w| w.caches().ok()) else {
        return slugs;
    };
    leptos::task::spawn_local(async move {
        let mut found = HashSet::new();
        for (slug, url) in urls {
            let hit = wasm_bindgen_futures::JsFuture::from(caches.match_with_str(&url)).await;
            if hit.is_ok_and(|v| !v.is_undefined() && !v.is_null()) {
                found.insert(slug);
            }
        }
        set_slugs.set(found);
    });
    slugs
}

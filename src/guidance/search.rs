//! Instant search over all guidance in the current language, in the browser:
//! the compact index (`/content/<lang>/search.json`) is fetched once, when the
//! person first uses the box, and then works offline.

use i18n::guidance::Key as G;
use leptos::prelude::*;
use leptos_router::components::A;
use std::sync::Arc;

use crate::api::LoadError;
use crate::lang::{href, t, use_lang};

#[component]
pub fn SearchBox() -> impl IntoView {
    let lang = use_lang();
    let (query, set_query) = signal(String::new());
    let (wanted, set_wanted) = signal(false);
    let index = LocalResource::new(move || {
        let (l, want) = (lang.get(), wanted.get());
        async move {
            if !want {
                return None;
            }
            Some(crate::api::search_index(l).await.map(Arc::new))
        }
    });
    // Setting the signal again would refetch: only the first use loads.
    let want = move || {
        if !wanted.get_untracked() {
            set_wanted.set(true);
        }
    };
    let hits = Memo::new(move |_| {
        let q = query.get();
        if q.trim().chars().count() < 2 {
            return None;
        }
        match index.get().flatten() {
            Some(Ok(idx)) => Some(Ok(search::search(&idx, &q, 8))),
            Some(Err(e)) => Some(Err(e)),
            None => None,
        }
    });
    let status = move || match hits.get() {
        Some(Ok(h)) if h.is_empty() => t(G::SearchNoResults)().to_string(),
        Some(Ok(h)) => format!("{} {}", h.len(), t(G::SearchResults)()),
        Some(Err(LoadError::NotFound | LoadError::BadData | LoadError::Network)) => {
            t(G::SearchUnavailable)().to_string()
        }
        None => String::new(),
    };
    view! {
        <div class="search" role="search">
            <label for="guidance-search" class="search-label">{t(G::SearchLabel)}</label>
            <p id="guidance-search-hint" class="hint">{t(G::SearchHint)}</p>
            <input
                id="guidance-search"
                type="search"
                autocomplete="off"
                aria-describedby="guidance-search-hint"
                prop:value=query
                on:focus=move |_| want()
                on:input=move |ev| {
                    want();
                    set_query.set(event_target_value(&ev));
                }
            />
            <p class="status-line" role="status" aria-live="polite">{status}</p>
            {move || {
                hits.get().and_then(Result::ok).filter(|h| !h.is_empty()).map(|h| {
                    view! {
                        <ul class="search-results">
                            {h.into_iter().map(|hit| {
                                let title = highlighted(&hit.title, &hit.matched_terms);
                                let summary = highlighted(&hit.summary, &hit.matched_terms);
                                let to = format!("guidance/{}", hit.slug);
                                view! {
                                    <li>
                                        <A href=move || href(lang.get(), &to)>{title}</A>
                                        <p class="article-summary">{summary}</p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                })
            }}
        </div>
    }
}

/// Text with the matched words in `<mark>`.
fn highlighted(text: &str, terms: &[String]) -> impl IntoView {
    search::highlight(text, terms)
        .into_iter()
        .map(|(piece, hit)| {
            if hit {
                view! { <mark>{piece}</mark> }.into_any()
            } else {
                piece.into_any()
            }
        })
        .collect_view()
}

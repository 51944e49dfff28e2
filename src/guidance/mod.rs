//! Guidance: the list of articles by topic, search, and one article.
//! Articles are data (`/content/<lang>/...`), fetched on demand and cached by
//! the service worker for offline reading.

mod article;
mod search;

pub use article::{Article, ArticlePage};

use contract::guidance::{ArticleSummary, TOPICS};
use contract::site::{article_path, Section};
use i18n::guidance::{topic_label, Key as G};
use leptos::prelude::*;
use std::collections::HashSet;

use crate::api::LoadError;
use crate::lang::{t, use_lang};
use crate::page::{page_title, PageReady};

/// Slugs are lowercase words joined by `-`: anything else is not an article.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[component]
pub fn GuidanceIndexPage() -> impl IntoView {
    let lang = use_lang();
    page_title(move || G::Title.get(lang.get()).to_string());
    let ready = PageReady::hold();
    let list = LocalResource::new(move || {
        let l = lang.get();
        crate::api::guidance_index(l)
    });
    Effect::new(move |_| {
        if list.get().is_some() {
            ready.release();
        }
    });
    view! {
        <GuidanceIntro />
        <div class="app-extra">
            <search::SearchBox />
        </div>
        {move || match list.get() {
            None => None,
            Some(Ok(items)) => Some(view! { <Topics items /> }.into_any()),
            Some(Err(e)) => Some(view! { <LoadProblem error=e page_level=false /> }.into_any()),
        }}
    }
}

#[component]
fn Topics(items: Vec<ArticleSummary>) -> impl IntoView {
    let lang = use_lang();
    let offline = crate::offline::cached_slugs(lang.get_untracked(), &items);
    view! { <TopicList items offline /> }
}

/// The articles by topic, each with its summary, and "available offline"
/// on those this phone keeps. A pure view: the build pre-renders it with
/// nothing offline.
#[component]
pub fn TopicList(
    items: Vec<ArticleSummary>,
    #[prop(into)] offline: Signal<HashSet<String>>,
) -> impl IntoView {
    let lang = use_lang();
    TOPICS
        .iter()
        .filter_map(|topic| {
            let group: Vec<ArticleSummary> = items
                .iter()
                .filter(|a| a.topic == *topic)
                .cloned()
                .collect();
            (!group.is_empty()).then(|| {
                let id = format!("topic-{topic}");
                let labelledby = id.clone();
                view! {
                    <section class="topic" aria-labelledby=labelledby>
                        <h2 id=id>{t(topic_label(topic))}</h2>
                        <ul class="article-list">
                            {group
                                .into_iter()
                                .map(|a| {
                                    let slug = a.slug.clone();
                                    let is_cached = move || offline.with(|o| o.contains(&slug));
                                    view! {
                                        <li>
                                            <a href=move || article_path(lang.get(), &a.slug)>
                                                {a.title.clone()}
                                            </a>
                                            <p class="article-summary">{a.summary.clone()}</p>
                                            <Show when=is_cached>
                                                <p class="offline-badge app-extra">
                                                    <span aria-hidden="true">"✓ "</span>
                                                    {t(G::AvailableOffline)}
                                                </p>
                                            </Show>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })
        })
        .collect_view()
}

/// The guidance list's title and introduction.
#[component]
pub fn GuidanceIntro() -> impl IntoView {
    view! {
        <h1>{t(G::Title)}</h1>
        <p>{t(G::Intro)}</p>
    }
}

/// What went wrong loading guidance, and what to do.
#[component]
fn LoadProblem(error: LoadError, page_level: bool) -> impl IntoView {
    let lang = use_lang();
    let (title, body) = match error {
        LoadError::NotFound => (G::ArticleNotFoundTitle, G::ArticleNotFoundBody),
        LoadError::Network | LoadError::BadData => (G::LoadErrorTitle, G::LoadErrorBody),
    };
    view! {
        <div class="error-box" role="alert">
            {if page_level {
                view! { <h1>{t(title)}</h1> }.into_any()
            } else {
                view! { <h2>{t(title)}</h2> }.into_any()
            }}
            <p>{t(body)}</p>
            <p><a href=move || Section::Guidance.path(lang.get())>{t(G::AllGuidance)}</a></p>
        </div>
        <crate::profile::Contacts />
    }
}

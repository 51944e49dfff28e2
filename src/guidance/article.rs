//! One guidance article: title, last reviewed, sample note, contents, body,
//! share, sources, then the emergency contacts.

use contract::guidance::ArticleDoc;
use contract::profile::Contact;
use contract::site::Section;
use i18n::guidance::Key as G;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{is_slug, LoadProblem};
use crate::api::LoadError;
use crate::lang::{t, use_lang};
use crate::page::{page_title, PageReady};
use crate::profile::ContactsSection;

#[component]
pub fn ArticlePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let ready = PageReady::hold();
    let doc = LocalResource::new(move || {
        let (l, s) = (lang.get(), slug.get());
        async move {
            if is_slug(&s) {
                crate::api::article(l, &s).await
            } else {
                Err(LoadError::NotFound)
            }
        }
    });
    Effect::new(move |_| {
        if doc.get().is_some() {
            ready.release();
        }
    });
    page_title(move || match doc.get() {
        Some(Ok(d)) => d.title,
        Some(Err(LoadError::NotFound)) => G::ArticleNotFoundTitle.get(lang.get()).to_string(),
        _ => G::Title.get(lang.get()).to_string(),
    });
    move || match doc.get() {
        None => None,
        Some(Ok(d)) => Some(view! { <ArticleWithContacts doc=d /> }.into_any()),
        Some(Err(e)) => Some(view! { <LoadProblem error=e page_level=true /> }.into_any()),
    }
}

/// The article, the profile's contacts and the way back to the list.
#[component]
fn ArticleWithContacts(doc: ArticleDoc) -> impl IntoView {
    let profile = crate::profile::use_profile();
    move || {
        profile.get().map(|p| {
            let title = doc.title.clone();
            view! {
                <Article doc=doc.clone() contacts=p.contacts.clone()>
                    <div class="app-extra">
                        <ShareButton title />
                    </div>
                </Article>
            }
        })
    }
}

/// One article: title, last reviewed, sample note, contents, body,
/// sources (with `children`, the app's share button, before them), then
/// the contacts and a link to all guidance. A pure view: the build
/// pre-renders every article with it.
#[component]
pub fn Article(
    doc: ArticleDoc,
    contacts: Vec<Contact>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let reviewed = i18n::dates::long_date(&doc.last_reviewed, l);
    let toc = (!doc.toc.is_empty()).then(|| {
        view! {
            <nav class="article-toc" aria-labelledby="toc-title">
                <h2 id="toc-title">{t(G::OnThisPage)}</h2>
                <ul>
                    {doc.toc.iter().map(|e| view! {
                        <li><a href=format!("#{}", e.id)>{e.text.clone()}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
        }
    });
    let sources = (!doc.sources.is_empty()).then(|| {
        view! {
            <section class="article-sources" aria-labelledby="sources-title">
                <h2 id="sources-title">{t(G::Sources)}</h2>
                <ul>{doc.sources.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ul>
            </section>
        }
    });
    view! {
        <article class="article" lang=l.code() aria-labelledby="article-title">
            <h1 id="article-title">{doc.title.clone()}</h1>
            <p class="article-meta">
                {t(G::LastReviewed)}": "
                <time datetime=doc.last_reviewed.clone()>{reviewed}</time>
            </p>
            {doc.sample.then(|| view! { <p class="article-sample" role="note">{t(G::SampleNote)}</p> })}
            {toc}
            <div class="article-body" inner_html=doc.html.clone()></div>
            {children.map(|c| c())}
            {sources}
        </article>
        <ContactsSection contacts />
        <p><a href=move || Section::Guidance.path(lang.get())>{t(G::AllGuidance)}</a></p>
    }
}

/// Web Share where the phone has it; else copy the link; else show it.
#[component]
fn ShareButton(title: String) -> impl IntoView {
    use crate::dom::ShareOutcome;
    let (shown, set_shown) = signal(None::<(ShareOutcome, String)>);
    let on_click = move |_| {
        let url = crate::dom::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        let title = title.clone();
        leptos::task::spawn_local(async move {
            let outcome = crate::dom::share_or_copy(&title, &url).await;
            set_shown.set(Some((outcome, url)));
        });
    };
    view! {
        <div class="share">
            <button type="button" class="button button-secondary" on:click=on_click>
                {t(G::Share)}
            </button>
            <p role="status" class="status-line">
                {move || match shown.get() {
                    Some((ShareOutcome::Copied, _)) => Some(t(G::LinkCopied)().into_any()),
                    Some((ShareOutcome::Unavailable, url)) => Some(view! {
                        <label>
                            {t(G::CopyThisLink)}" "
                            <input type="text" readonly value=url class="copy-link" />
                        </label>
                    }.into_any()),
                    Some((ShareOutcome::Shared, _)) | None => None,
                }}
            </p>
        </div>
    }
}

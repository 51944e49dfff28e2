//! The frame every page shares. `SiteHeader` and `SiteFooter` are pure
//! views (data as props, plain `<a>`, no effects): the app mounts them and
//! the build renders the very same components into the pre-rendered pages
//! (`xtask/src/prerender.rs`). `Header` and `Footer` feed them from the
//! app's state; `UpdateBanner` and `ProfileError` exist only in the app.

use contract::site::Section;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::lang::{self, t, use_lang, Key};
use crate::profile::use_profile;

/// The skip link and one compact header: "Exit this page" first (right
/// after the skip link, as GOV.UK has it), then the site name and the
/// language switch, then a one-line sample-data note when the profile is a
/// sample (a link to the footer's longer note). `switch_href` is `None` where the page has no twin in the other
/// language (staff).
#[component]
pub fn SiteHeader(
    /// The path of the page shown, for `aria-current`.
    #[prop(into)]
    current: Signal<String>,
    #[prop(into)] exit_url: Signal<String>,
    #[prop(into)] switch_href: Signal<Option<String>>,
    #[prop(into)] sample: Signal<bool>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let lang = use_lang();
    let other = move || lang.get().other();
    view! {
        <a class="skip-link" href="#main">{t(Key::SkipToContent)}</a>
        <header class="site-header">
            <div class="exit-row">
                <a class="exit-this-page" href=exit_url rel="nofollow noreferrer">
                    {t(Key::ExitThisPage)}
                </a>
                <span class="exit-hint">{t(Key::ExitHint)}</span>
            </div>
            <div class="header-row">
                <a
                    class="site-name"
                    href=move || Section::Home.path(lang.get())
                    aria-current=move || is_current(Section::Home.path(lang.get()), current.get())
                >
                    {t(Key::SiteName)}
                </a>
                {move || {
                    switch_href
                        .get()
                        .map(|to| {
                            view! {
                                <a
                                    class="lang-switch"
                                    href=to
                                    hreflang=other().code()
                                    lang=other().code()
                                >
                                    {t(Key::LanguageSwitch)}
                                </a>
                            }
                        })
                }}
            </div>
            <Show when=move || sample.get()>
                <p class="sample-banner" role="note">
                    <a href="#sample-about">
                        <strong>{t(i18n::site::Key::SampleLine)}</strong>
                    </a>
                </p>
            </Show>
            {children.map(|c| c())}
        </header>
    }
}

/// The footer: every section (from the route table), the longer note on
/// sample data, and what works without JavaScript.
#[component]
pub fn SiteFooter(
    /// The path of the page shown, for `aria-current`.
    #[prop(into)]
    current: Signal<String>,
    #[prop(into)] sample: Signal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <footer class="site-footer">
            <nav aria-label=t(Key::SkipLinkNav)>
                <ul>
                    {Section::ALL
                        .into_iter()
                        .map(|section| {
                            view! {
                                <li>
                                    <a
                                        href=move || section.path(lang.get())
                                        rel=(!section.is_app_page()).then_some("external")
                                        aria-current=move || {
                                            is_current(section.path(lang.get()), current.get())
                                        }
                                    >
                                        {move || i18n::site::section_label(section, lang.get())}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <Show when=move || sample.get()>
                <section id="sample-about" class="sample-about" aria-labelledby="sample-about-title">
                    <h2 id="sample-about-title">{t(i18n::site::Key::SampleAboutTitle)}</h2>
                    <p>{t(Key::SampleBanner)}</p>
                </section>
            </Show>
            <noscript>
                <p class="noscript">{t(Key::NoScript)}</p>
            </noscript>
        </footer>
    }
}

/// `aria-current="page"` on the link to the page being shown.
fn is_current(link: String, current: String) -> Option<&'static str> {
    (link == current.trim_end_matches('/')).then_some("page")
}

/// The header, fed from the app's profile and location.
#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let profile = use_profile();
    let exit_url = Signal::derive(move || {
        profile
            .get()
            .map(|p| p.exit_url.clone())
            .unwrap_or_else(|| "https://www.google.com/".into())
    });
    // The staff page has its own language switch and no `/:lang` twin.
    let switch_href = Signal::derive(move || {
        let path = location.pathname.get();
        (!path.starts_with(contract::site::STAFF_PATH))
            .then(|| lang::switch_path(&path, lang.get().other()))
    });
    view! {
        <SiteHeader current=location.pathname exit_url switch_href sample=is_sample()>
            <UpdateBanner />
        </SiteHeader>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let location = use_location();
    view! { <SiteFooter current=location.pathname sample=is_sample() /> }
}

fn is_sample() -> Signal<bool> {
    let profile = use_profile();
    Signal::derive(move || profile.get().is_some_and(|p| p.sample))
}

/// Set when a new deployment waits to take over (see `offline`).
#[derive(Clone, Copy)]
pub struct UpdateReady(pub RwSignal<bool>);

#[component]
fn UpdateBanner() -> impl IntoView {
    let ready = use_context::<UpdateReady>().map(|u| u.0);
    view! {
        <Show when=move || ready.is_some_and(|r| r.get())>
            <div class="update-banner" role="status">
                <p>{t(Key::UpdateReady)}</p>
                <button type="button" class="button" on:click=|_| crate::offline::apply_update()>
                    {t(Key::UpdateButton)}
                </button>
            </div>
        </Show>
    }
}

/// Shown when the profile cannot be loaded or is invalid: says what to do.
#[component]
pub fn ProfileError() -> impl IntoView {
    let ctx = use_context::<crate::profile::ProfileCtx>();
    let failed = move || ctx.and_then(|c| c.0.get()).is_some_and(|r| r.is_err());
    view! {
        <Show when=failed>
            <div class="error-box" role="alert">
                <h2>{t(Key::ProfileErrorTitle)}</h2>
                <p>{t(Key::ProfileErrorBody)}</p>
                <button
                    type="button"
                    class="button"
                    on:click=move |_| {
                        if let Some(c) = ctx {
                            c.0.refetch();
                        }
                    }
                >
                    {t(Key::TryAgain)}
                </button>
            </div>
        </Show>
    }
}

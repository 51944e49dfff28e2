//! The router and the frame every page shares: skip link, "Exit this page",
//! language switch, sample-data banner, footer.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{path, NavigateOptions};

use crate::lang::{self, href, t, use_lang, Key, Lang, LangCtx};
use crate::profile::{provide_profile, use_profile};

#[component]
pub fn App() -> impl IntoView {
    let profile = provide_profile();
    let ready = PageReady::provide();
    // A registration saved on the phone while offline is sent when the app starts.
    crate::register::start_outbox();
    let update_ready = RwSignal::new(false);
    crate::offline::watch_service_worker(update_ready);
    provide_context(UpdateReady(update_ready));
    // The pre-rendered page stays until the app can show the same content:
    // the profile is loaded and the page's own data (e.g. an article) too.
    Effect::new(move |_| {
        if profile.get().is_some() && ready.is_ready() {
            crate::dom::take_over_from_prerender();
        }
    });
    view! {
        <Router>
            <Frame />
        </Router>
    }
}

/// Whether the current page has what it needs to replace the pre-rendered
/// one. Pages that load data call `PageReady::hold()` and `release()`.
#[derive(Clone, Copy)]
pub struct PageReady(RwSignal<bool>);

impl PageReady {
    fn provide() -> PageReady {
        let r = PageReady(RwSignal::new(true));
        provide_context(r);
        r
    }

    fn is_ready(self) -> bool {
        self.0.get()
    }

    /// Keeps the pre-rendered page up until `release`.
    pub fn hold() -> PageReady {
        let r = use_context::<PageReady>().unwrap_or_else(|| PageReady(RwSignal::new(true)));
        r.0.set(false);
        r
    }

    pub fn release(self) {
        self.0.set(true);
    }
}

#[component]
fn Frame() -> impl IntoView {
    let location = use_location();
    let lang = Memo::new(move |_| {
        lang::from_path(&location.pathname.get()).unwrap_or_else(lang::remembered)
    });
    provide_context(LangCtx(lang));
    Effect::new(move |_| lang::remember(lang.get()));
    // After an in-app navigation, move focus to the page so screen readers start there.
    Effect::new(move |first: Option<()>| {
        location.pathname.track();
        if first.is_some() {
            crate::dom::focus("main");
        }
    });
    view! {
        <a class="skip-link" href="#main">{t(Key::SkipToContent)}</a>
        <Header />
        <ProfileError />
        <main id="main" tabindex="-1">
            // The reference backend answers 404 for other paths:
            // keep `SECTIONS` in crates/backend/src/web.rs in step.
            <Routes fallback=NotFound>
                <Route path=path!("/") view=RootRedirect />
                <Route path=path!("/staff") view=crate::staff::StaffPage />
                <ParentRoute path=path!("/:lang") view=LangGate>
                    <Route path=path!("") view=crate::home::HomePage />
                    <Route path=path!("guidance") view=crate::guidance::GuidanceIndexPage />
                    <Route path=path!("guidance/:slug") view=crate::guidance::ArticlePage />
                    <Route path=path!("register") view=crate::register::RegisterPage />
                    <Route path=path!("register/:step") view=crate::register::RegisterPage />
                    <Route path=path!("advisories") view=crate::advisories::AdvisoriesPage />
                    <Route path=path!("privacy") view=crate::privacy::PrivacyPage />
                </ParentRoute>
            </Routes>
        </main>
        <Footer />
    }
}

/// `/` opens the remembered language (Indonesian by default).
#[component]
fn RootRedirect() -> impl IntoView {
    let navigate = use_navigate();
    let to = href(lang::remembered(), "");
    Effect::new(move |_| {
        navigate(
            &to,
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        )
    });
}

#[component]
fn Header() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let profile = use_profile();
    let exit_url = move || {
        profile
            .get()
            .map(|p| p.exit_url.clone())
            .unwrap_or_else(|| "https://www.google.com/".into())
    };
    let other = move || lang.get().other();
    // The staff page has its own language switch and no `/:lang` twin.
    let public = move || !location.pathname.get().starts_with("/staff");
    view! {
        <header class="site-header">
            <div class="header-row">
                <A href=move || href(lang.get(), "") attr:class="site-name">
                    {t(Key::SiteName)}
                </A>
                <a
                    class="lang-switch"
                    hidden=move || !public()
                    href=move || lang::switch_path(&location.pathname.get(), other())
                    hreflang=move || other().code()
                    lang=move || other().code()
                >
                    {t(Key::LanguageSwitch)}
                </a>
            </div>
            <div class="exit-row">
                <a class="exit-this-page" href=exit_url rel="nofollow noreferrer">
                    {t(Key::ExitThisPage)}
                </a>
                <span class="exit-hint">{t(Key::ExitHint)}</span>
            </div>
            <SampleBanner />
            <UpdateBanner />
        </header>
    }
}

/// Set when a new deployment waits to take over (see `offline`).
#[derive(Clone, Copy)]
struct UpdateReady(RwSignal<bool>);

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

#[component]
fn SampleBanner() -> impl IntoView {
    let profile = use_profile();
    move || {
        profile.get().filter(|p| p.sample).map(|_| {
            view! {
                <p class="sample-banner" role="note">
                    <strong>{t(Key::SampleBanner)}</strong>
                </p>
            }
        })
    }
}

/// Shown when the profile cannot be loaded or is invalid: says what to do.
#[component]
fn ProfileError() -> impl IntoView {
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

#[component]
fn Footer() -> impl IntoView {
    let lang = use_lang();
    view! {
        <footer class="site-footer">
            <nav aria-label=t(Key::SkipLinkNav)>
                <ul>
                    <li><A href=move || href(lang.get(), "")>{t(Key::Home)}</A></li>
                    <li><A href=move || href(lang.get(), "guidance")>{t(Key::Guidance)}</A></li>
                    <li><A href=move || href(lang.get(), "register")>{t(Key::Register)}</A></li>
                    <li><A href=move || href(lang.get(), "advisories")>{t(Key::Advisories)}</A></li>
                    <li><A href=move || href(lang.get(), "privacy")>{t(Key::Privacy)}</A></li>
                </ul>
            </nav>
        </footer>
    }
}

/// Sets `<html lang>` and the title for the page being shown.
pub fn page_title(title: impl Fn() -> String + 'static) {
    let lang = use_lang();
    Effect::new(move |_| {
        let site = Key::SiteName.get(lang.get());
        crate::dom::set_lang_and_title(lang.get().code(), &format!("{} – {site}", title()));
    });
}

/// Every page under `/:lang`: the segment must name a language, else the
/// not-found page.
#[component]
fn LangGate() -> impl IntoView {
    let location = use_location();
    let valid = Memo::new(move |_| lang::from_path(&location.pathname.get()).is_some());
    view! {
        <Show when=move || valid.get() fallback=NotFound>
            <Outlet />
        </Show>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    page_title(move || Key::NotFoundTitle.get(lang.get()).to_string());
    view! {
        <h1>{t(Key::NotFoundTitle)}</h1>
        <p>{t(Key::NotFoundBody)}</p>
        <p><A href=move || href(lang.get(), "")>{t(Key::BackHome)}</A></p>
        <crate::profile::Contacts />
    }
}

/// Helper for pages: `Lang` now, for one-off non-reactive use.
pub fn lang_now() -> Lang {
    use_lang().get_untracked()
}

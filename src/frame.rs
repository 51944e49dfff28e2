//! The frame every page shares: skip link target's header (site name,
//! language switch, "Exit this page"), sample-data banner, update banner,
//! profile error and footer.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::lang::{self, href, t, use_lang, Key};
use crate::profile::use_profile;

#[component]
pub fn Header() -> impl IntoView {
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

#[component]
pub fn Footer() -> impl IntoView {
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

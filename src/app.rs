//! The app: its contexts and its routes. The frame is in `frame`, page
//! helpers in `page`.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{path, Lazy, NavigateOptions, ParamSegment, StaticSegment};

use contract::site::{Section, STAFF_PATH};

use crate::frame::{Footer, Header, ProfileError, UpdateReady};
use crate::lang::{self, href, LangCtx};
use crate::page::{NotFound, PageReady};
use crate::pieces::{
    AdvisoriesRoute, ArticleRoute, CaseRoute, GuidanceIndexRoute, PrivacyRoute, RegisterRoute,
    StaffRoute,
};
use crate::profile::provide_profile;

#[component]
pub fn App() -> impl IntoView {
    let profile = provide_profile();
    let ready = PageReady::provide();
    // A registration saved on the phone while offline is sent when the app starts.
    crate::pieces::start_outbox_if_queued();
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

#[component]
fn Frame() -> impl IntoView {
    let location = use_location();
    let lang = Memo::new(move |_| {
        lang::from_path(&location.pathname.get()).unwrap_or_else(lang::remembered)
    });
    provide_context(LangCtx(lang));
    Effect::new(move |_| lang::remember(lang.get()));
    // After an in-app navigation, move focus to the page so screen readers
    // start there, and stop waiting for the page that was left: the
    // pre-rendered page is the first address's.
    let ready = use_context::<PageReady>();
    Effect::new(move |first: Option<()>| {
        location.pathname.track();
        if first.is_some() {
            crate::dom::focus("main");
            if let Some(ready) = ready {
                ready.leave_first_page();
            }
        }
    });
    view! {
        <Header />
        <ProfileError />
        <main id="main" tabindex="-1">
            // Paths come from the route table, `contract::site`, which the
            // backend's 404 rule and the pre-renderer read too. A section
            // that is not an app page (`Section::is_app_page`) has no route.
            <Routes fallback=NotFound>
                <Route path=path!("/") view=RootRedirect />
                <Route path=StaticSegment(STAFF_PATH.trim_start_matches('/')) view={Lazy::<StaffRoute>::new()} />
                <ParentRoute path=path!("/:lang") view=LangGate>
                    <Route path=path!("") view=crate::home::HomePage />
                    <Route path=segment(Section::Guidance) view={Lazy::<GuidanceIndexRoute>::new()} />
                    <Route
                        path=(segment(Section::Guidance), ParamSegment("slug"))
                        view={Lazy::<ArticleRoute>::new()}
                    />
                    <Route path=segment(Section::Register) view={Lazy::<RegisterRoute>::new()} />
                    <Route
                        path=(segment(Section::Register), ParamSegment("step"))
                        view={Lazy::<RegisterRoute>::new()}
                    />
                    <Route path=segment(Section::Advisories) view={Lazy::<AdvisoriesRoute>::new()} />
                    <Route path=segment(Section::Case) view={Lazy::<CaseRoute>::new()} />
                    <Route path=segment(Section::Privacy) view={Lazy::<PrivacyRoute>::new()} />
                </ParentRoute>
            </Routes>
        </main>
        <Footer />
    }
}

fn segment(section: Section) -> StaticSegment<&'static str> {
    StaticSegment(section.segment())
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

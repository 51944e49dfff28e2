//! The app in pieces: the pages a person may never open are wasm splits of
//! their own, fetched when the page is first opened, so home, an article and
//! the form's start page start the app without them, and no public page ever
//! fetches the staff code.
//!
//! The build (`cargo xtask post-build`, `xtask/src/split.rs`) cuts the wasm
//! at each `wasm_split` point below, names every piece after the app's
//! version, and tells the service worker which pieces each page needs
//! (`PAGE_PIECES`), so a page used once opens offline after.
//!
//! Every split point is `fallible`: a piece that cannot be fetched (offline
//! before its first use, blocked) shows "this page needs the internet once"
//! with the contacts, and the app goes on. (Leptos's `#[lazy_route]` would
//! panic and stop the whole app.)

use contract::site::{Section, STAFF_PATH};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::LazyRoute;

use crate::lang::{t, use_lang, Key};
use crate::page::{page_title, PageReady};

/// A page of the app that is a piece of its own, as the service worker
/// knows it: by the section's segment (`register`), or the staff path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LazyPage {
    Staff,
    Section(Section),
}

impl LazyPage {
    /// The first segment after the language (or the staff path itself).
    pub fn key(self) -> &'static str {
        match self {
            LazyPage::Staff => STAFF_PATH,
            LazyPage::Section(s) => s.segment(),
        }
    }
}

/// The pieces to keep on the phone once a lazy page is used, by the names
/// of their split points below: the page's own, and those of what it leaves
/// for home to show (a registration leaves a reference and maybe a queued
/// send, a queue check the last advisory). The service worker keeps them
/// from the page's first use; the form's start page warms the form's (its
/// next tap needs them).
pub const PAGE_PIECES: [(LazyPage, &[&str]); 6] = [
    (LazyPage::Staff, &["staff"]),
    (
        LazyPage::Section(Section::Register),
        &["register", "register_end"],
    ),
    (
        LazyPage::Section(Section::Advisories),
        &["advisories", "queue_line"],
    ),
    (LazyPage::Section(Section::Case), &["case", "register_end"]),
    (
        LazyPage::Section(Section::Guidance),
        &["guidance", "article"],
    ),
    (LazyPage::Section(Section::Privacy), &["privacy"]),
];

/// A page shown from its piece, or, when the piece cannot be fetched, the
/// message that says what to do, with the contacts.
fn page_or_message(piece: Option<AnyView>) -> AnyView {
    piece.unwrap_or_else(|| view! { <PieceOffline /> }.into_any())
}

/// Said in place of a page whose piece could not be fetched. Opening the
/// page again tries again. With no connection it says the page needs one
/// once; online (a weak signal, or a piece gone with an old version) it
/// says the page did not load.
#[component]
pub fn PieceOffline() -> impl IntoView {
    let lang = use_lang();
    let (title, body) = if crate::dom::browser_offline() {
        (Key::PieceOfflineTitle, Key::PieceOfflineBody)
    } else {
        (Key::PieceFailedTitle, Key::PieceFailedBody)
    };
    page_title(move || title.get(lang.get()).to_string());
    // A reload tries again; it also lets the browser find a newer version,
    // if one was deployed meanwhile (the site then offers it). When a newer
    // version already waits, the piece may be gone from the server with the
    // old version: trying again takes the new one, which has its own.
    let update_waits = use_context::<crate::frame::UpdateReady>().map(|u| u.0);
    let reload = move |_| {
        if update_waits.is_some_and(|waits| waits.get_untracked()) {
            crate::offline::apply_update();
        } else {
            crate::offline::reload_page();
        }
    };
    view! {
        <div class="error-box" role="alert" id="piece-offline">
            <h1>{t(title)}</h1>
            <p>{t(body)}</p>
            <p><button type="button" on:click=reload>{t(Key::TryAgain)}</button></p>
        </div>
        <crate::profile::Contacts />
    }
}

/// How long a piece may take before the page says it cannot open: on a
/// 2G link (10 KB/s) the largest public page's pieces take about 16 s.
const PIECE_TIMEOUT_MS: i32 = 30_000;

/// The lazy routes, one line each: the route's type, its split point, the
/// page it shows, the page whose pieces it keeps for offline use, and the
/// routes it serves there (`false`: the page's own path; `true`: the paths
/// below it, as `/:lang/guidance/:slug`). Makes each route (the
/// pre-rendered page, if any, stays until the piece is here: `PageReady`)
/// and `ROUTE_SPLITS`, which the build writes for `boot.js` to fetch a
/// page's pieces beside the app.
macro_rules! lazy_routes {
    ($($route:ident, $split:ident, $page:path, $page_key:expr, [$($below:literal),+];)*) => {
        $(
            pub struct $route(PageReady);

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route(PageReady::hold())
                }

                async fn view(this: Self) -> AnyView {
                    // `None`: it could not be fetched, or not in time.
                    let piece = crate::dom::within(PIECE_TIMEOUT_MS, $split(this.0))
                        .await
                        .and_then(Result::ok);
                    match piece {
                        Some(_) => crate::offline::keep_pieces_of($page_key.key()),
                        None => this.0.release(),
                    }
                    page_or_message(piece)
                }
            }

            #[leptos::wasm_split::wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $split(ready: PageReady) -> Result<AnyView, SplitLoaderError> {
                // The piece's code runs only here: release before the page is
                // built, which may hold the pre-render again for its own data.
                ready.release();
                Ok(untrack(|| $page().into_any()))
            }
        )*

        /// Each lazy route's split point, by its page and whether the route
        /// is below the page's own path.
        pub const ROUTE_SPLITS: &[(LazyPage, bool, &str)] = &[
            $($(($page_key, $below, stringify!($split)),)+)*
        ];
    };
}

lazy_routes! {
    StaffRoute, staff, crate::staff::StaffPage, LazyPage::Staff, [false];
    RegisterRoute, register, crate::register::RegisterPage, LazyPage::Section(Section::Register), [false, true];
    AdvisoriesRoute, advisories, crate::advisories::AdvisoriesPage, LazyPage::Section(Section::Advisories), [false];
    CaseRoute, case, crate::case::CasePage, LazyPage::Section(Section::Case), [false];
    GuidanceIndexRoute, guidance, crate::guidance::GuidanceIndexPage, LazyPage::Section(Section::Guidance), [false];
    ArticleRoute, article, crate::guidance::ArticlePage, LazyPage::Section(Section::Guidance), [true];
    PrivacyRoute, privacy, crate::privacy::PrivacyPage, LazyPage::Section(Section::Privacy), [false];
}

/// The form's end, "check your answers" and the confirmation, with what
/// only they need (sending through the outbox, the QR code), and what a
/// registration leaves on home (the saved reference, the outbox started when
/// one waits): a piece of its own, so the first question does not wait for
/// it. The form's pages keep it for offline use (`PAGE_PIECES`): the worker
/// fetches it once the first question is shown, before the person reaches
/// the end. Home's saved reference is in it, not in a piece of home's own:
/// it shares most of its code with the confirmation (the receipt, the
/// outbox), and every split point adds shared chunks (see
/// docs/code-splitting-research.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormEnd {
    Check,
    Done,
    SavedReference,
    /// Starts the outbox; shows nothing.
    Outbox,
}

/// The page of the form's end once its piece is here, or the message that
/// says what to do (the answers stay saved on the phone). Opened first (a
/// reload of the confirmation), the pre-rendered page stays until then.
pub fn form_end_view(page: FormEnd) -> impl IntoView {
    let ready = PageReady::hold();
    Suspend::new(send_wrapper::SendWrapper::new(async move {
        let piece = crate::dom::within(PIECE_TIMEOUT_MS, register_end(page))
            .await
            .and_then(Result::ok);
        ready.release();
        page_or_message(piece)
    }))
}

#[leptos::wasm_split::wasm_split(register_end, wasm_split_path = ::leptos::wasm_split, fallible)]
fn register_end(page: FormEnd) -> Result<AnyView, SplitLoaderError> {
    Ok(untrack(|| match page {
        FormEnd::Check => crate::register::CheckPage().into_any(),
        FormEnd::Done => crate::register::DonePage().into_any(),
        FormEnd::SavedReference => crate::register::SavedReference().into_any(),
        FormEnd::Outbox => {
            crate::register::start_outbox();
            ().into_any()
        }
    }))
}

/// Home's extras, fetched only when the phone has something for them to
/// show: the saved reference (a registration sent or waiting to be sent,
/// from the form's end) and the queue line (the queue was checked on this
/// phone before). If a piece cannot be fetched its extra is left out: home
/// has the contacts, and the pages they link to say what they need.
#[component]
pub fn HomeExtras() -> impl IntoView {
    use crate::register::model::{OUTBOX_KEY, RECEIPT_KEY};
    let has = |key: &str| crate::storage::get(key).is_some();
    let reference = (has(OUTBOX_KEY) || has(RECEIPT_KEY))
        .then(|| Suspend::new(async { register_end(FormEnd::SavedReference).await.ok() }));
    let line = has(crate::advisories::feed::STORAGE_KEY)
        .then(|| Suspend::new(async { queue_line().await.ok() }));
    view! { {reference} {line} }
}

/// Home's queue line: the last advisory seen on this phone.
#[leptos::wasm_split::wasm_split(queue_line, wasm_split_path = ::leptos::wasm_split, fallible)]
fn queue_line() -> Result<AnyView, SplitLoaderError> {
    Ok(untrack(|| crate::advisories::AdvisoryLine().into_any()))
}

/// A registration saved on the phone while offline is sent when the app
/// starts, on any page: the outbox's code is fetched only when there is one.
/// If it cannot be fetched, the form's pages and home's saved reference
/// start the outbox when they open.
pub fn start_outbox_if_queued() {
    if crate::storage::get(crate::register::model::OUTBOX_KEY).is_none() {
        return;
    }
    leptos::task::spawn_local(async {
        if register_end(FormEnd::Outbox).await.is_err() {
            // Offline at start: try again once the phone is back online.
            crate::dom::once_online(start_outbox_if_queued);
        }
    });
}

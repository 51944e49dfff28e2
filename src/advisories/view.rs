//! The public view of one advisory document: verdict, times, notice, the
//! other place, the invitation rule and the service points. The public page
//! and the staff preview both show it (the preview once per language).

use std::sync::Arc;

use contract::advisory::{
    freshness, Advisory, Freshness, PointStatus, ServicePoint, StaleReason, Verdict,
};
use contract::time::parse_hhmm;
use contract::{Lang, Localized};
use i18n::advisories::{age, Key as A};
use i18n::advisory_errors;
use i18n::labels::{help_kind_label, point_status_label, verdict_label, wait_text};
use leptos::prelude::*;

use super::clock;
use crate::lang::{t, use_lang};
use crate::profile::use_profile;

/// The embassy's UTC offset in minutes (0 until the profile is loaded).
pub fn use_offset() -> Signal<i32> {
    let profile = use_profile();
    Signal::derive(move || profile.with(|p| p.as_ref().map_or(0, |p| p.utc_offset_minutes)))
}

/// A text in `lang`, or in the other language when `lang` has none
/// (then with that language's code, for `lang=`). `None` when both are empty.
pub fn pick(l: &Localized, lang: Lang) -> Option<(String, Option<&'static str>)> {
    let own = l.get(lang).trim();
    if !own.is_empty() {
        return Some((own.to_string(), None));
    }
    let other = l.get(lang.other()).trim();
    (!other.is_empty()).then(|| (other.to_string(), Some(lang.other().code())))
}

/// The verdict people should act on now: the document's, or `Unknown` when
/// it may be out of date.
pub fn shown_verdict(adv: &Advisory, fresh: Freshness) -> Verdict {
    if fresh.is_current() && !adv.is_placeholder() {
        adv.verdict
    } else {
        Verdict::Unknown
    }
}

/// One line for screen readers and the compact view: what the page says now.
pub fn summary(adv: &Advisory, fresh: Freshness, lang: Lang) -> String {
    if adv.is_placeholder() {
        return A::NoAdvisory.get(lang).to_string();
    }
    match fresh {
        Freshness::Current => verdict_label(adv.verdict, lang).to_string(),
        Freshness::MayBeOutdated(r) => format!(
            "{} {}",
            verdict_label(Verdict::Unknown, lang),
            advisory_errors::message(r.code(), lang)
        ),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Glyph {
    Check,
    Info,
    Stop,
    Arrow,
    Pause,
    Question,
}

impl Glyph {
    pub fn for_verdict(v: Verdict) -> Glyph {
        match v {
            Verdict::Come => Glyph::Check,
            Verdict::InvitedOnly => Glyph::Info,
            Verdict::DoNotCome => Glyph::Stop,
            Verdict::GoElsewhere => Glyph::Arrow,
            Verdict::Unknown => Glyph::Question,
        }
    }

    pub fn for_status(s: PointStatus) -> Glyph {
        match s {
            PointStatus::Open => Glyph::Check,
            PointStatus::Busy => Glyph::Info,
            PointStatus::Paused => Glyph::Pause,
            PointStatus::Closed | PointStatus::Suspended => Glyph::Stop,
            PointStatus::Unknown => Glyph::Question,
        }
    }
}

/// A small icon beside a text that says the same: never the only signal.
#[component]
pub fn Icon(glyph: Glyph) -> impl IntoView {
    let path = match glyph {
        Glyph::Check => "M5 12.5l4.5 4.5L19 7.5",
        Glyph::Info => "M12 11v6M12 7.5v.01M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18",
        Glyph::Stop => "M7.5 12h9M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18",
        Glyph::Arrow => "M4 12h15M13 6l6 6-6 6",
        Glyph::Pause => "M9 7v10M15 7v10",
        Glyph::Question => {
            "M9.5 9.5a2.5 2.5 0 1 1 3.6 2.2c-.7.4-1.1 1-1.1 1.8v.5M12 17v.01M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18"
        }
    };
    view! {
        <svg
            class="icon"
            viewBox="0 0 24 24"
            width="24"
            height="24"
            aria-hidden="true"
            focusable="false"
            fill="none"
            stroke="currentColor"
            stroke-width="2.5"
            stroke-linecap="round"
            stroke-linejoin="round"
        >
            <path d=path />
        </svg>
    }
}

/// A heading of a level chosen by the caller (the preview nests deeper).
#[component]
pub fn Heading(level: u8, children: Children) -> impl IntoView {
    match level {
        2 => view! { <h2>{children()}</h2> }.into_any(),
        3 => view! { <h3>{children()}</h3> }.into_any(),
        4 => view! { <h4>{children()}</h4> }.into_any(),
        5 => view! { <h5>{children()}</h5> }.into_any(),
        _ => view! { <h6>{children()}</h6> }.into_any(),
    }
}

/// A localized text in the current language, marked when it falls back.
#[component]
fn Loc(text: Localized) -> impl IntoView {
    let lang = use_lang();
    move || pick(&text, lang.get()).map(|(s, l)| view! { <span lang=l>{s}</span> })
}

/// The whole advisory. `level` is the level of its section headings.
#[component]
pub fn AdvisoryCard(
    adv: Arc<Advisory>,
    #[prop(into)] now: Signal<i64>,
    #[prop(default = 2)] level: u8,
) -> impl IntoView {
    let fresh = {
        let adv = adv.clone();
        Memo::new(move |_| freshness(&adv, now.get()))
    };
    let current = Memo::new(move |_| fresh.get().is_current());
    let rest = {
        let adv = adv.clone();
        move || {
            (current.get() && !adv.is_placeholder()).then(|| {
                view! {
                    {adv.notice.clone().map(|n| view! { <NoticeBox notice=n level /> })}
                    {adv.invitation.clone().map(|i| view! { <InvitationRule inv=i level now /> })}
                }
            })
        }
    };
    let elsewhere = adv
        .elsewhere
        .clone()
        .filter(|e| adv.verdict == Verdict::GoElsewhere || e.place.is_complete())
        .filter(|_| !adv.is_placeholder())
        .map(|e| view! { <ElsewhereBox place=e.place address=e.address hours=e.hours level /> });
    let points = (!adv.is_placeholder() && !adv.points.is_empty()).then(|| {
        let pts = adv.points.clone();
        view! { <Points points=pts current level /> }
    });
    view! {
        <div class="adv-card">
            <VerdictBox adv=adv.clone() fresh now />
            <Times adv=adv.clone() fresh now />
            {rest}
            {elsewhere}
            {points}
        </div>
    }
}

#[component]
fn VerdictBox(
    adv: Arc<Advisory>,
    fresh: Memo<Freshness>,
    #[prop(into)] now: Signal<i64>,
) -> impl IntoView {
    let lang = use_lang();
    let off = use_offset();
    move || {
        let l = lang.get();
        let f = fresh.get();
        let shown = shown_verdict(&adv, f);
        let label = if adv.is_placeholder() {
            A::NoAdvisory.get(l)
        } else {
            verdict_label(shown, l)
        };
        let detail = match f {
            _ if adv.is_placeholder() => None,
            Freshness::Current if shown == Verdict::Unknown => {
                Some(A::UnknownHint.get(l).to_string())
            }
            Freshness::Current => None,
            Freshness::MayBeOutdated(r) => Some(advisory_errors::message(r.code(), l).to_string()),
        };
        let last = match f {
            Freshness::MayBeOutdated(r)
                if !adv.is_placeholder() && r != StaleReason::MissingTimes =>
            {
                let when = adv
                    .times()
                    .updated_at
                    .map(|u| format!(" ({})", clock::when(u, off.get(), l, now.get_untracked())))
                    .unwrap_or_default();
                Some(format!(
                    "{}{when}: {}",
                    A::LastAdvisory.get(l),
                    verdict_label(adv.verdict, l)
                ))
            }
            _ => None,
        };
        view! {
            <div class=format!("verdict verdict-{}", shown.code())>
                <Icon glyph=Glyph::for_verdict(shown) />
                <div>
                    <p class="verdict-label">{label}</p>
                    {detail.map(|d| view! { <p class="verdict-detail">{d}</p> })}
                    {last.map(|d| view! { <p class="verdict-last">{d}</p> })}
                </div>
            </div>
        }
    }
}

/// Updated (with a ticking age), next update due, valid until.
#[component]
fn Times(
    adv: Arc<Advisory>,
    fresh: Memo<Freshness>,
    #[prop(into)] now: Signal<i64>,
) -> impl IntoView {
    let lang = use_lang();
    let off = use_offset();
    let times = adv.times();
    if adv.is_placeholder() {
        return None;
    }
    let line = move || {
        let (l, o, n) = (lang.get(), off.get(), now.get());
        let mut parts = Vec::new();
        if let Some(u) = times.updated_at {
            let at = clock::when(u, o, l, n);
            if fresh.get() == Freshness::MayBeOutdated(StaleReason::UpdatedInFuture) {
                parts.push(format!("{}: {at}.", A::Updated.get(l)));
            } else {
                parts.push(format!("{} {} ({at}).", A::Updated.get(l), age(l, n - u)));
            }
        }
        if let Some(x) = times.next_update_by {
            parts.push(format!(
                "{} {}.",
                A::NextUpdate.get(l),
                clock::when(x, o, l, n)
            ));
        }
        if let Some(v) = times.valid_until {
            parts.push(format!(
                "{} {}.",
                A::ValidUntil.get(l),
                clock::when(v, o, l, n)
            ));
        }
        parts.push(format!(
            "{} ({}).",
            A::TimesAreLocal.get(l),
            clock::utc_label(o)
        ));
        parts.join(" ")
    };
    Some(view! { <p class="adv-times">{line}</p> })
}

#[component]
fn NoticeBox(notice: Localized, level: u8) -> impl IntoView {
    let lang = use_lang();
    let has = pick(&notice, lang.get_untracked()).is_some() || notice.is_complete();
    has.then(|| {
        view! {
            <section class="adv-notice">
                <Heading level>{t(A::Notice)}</Heading>
                <p><Loc text=notice /></p>
            </section>
        }
    })
}

#[component]
fn ElsewhereBox(
    place: Localized,
    address: Localized,
    hours: Localized,
    level: u8,
) -> impl IntoView {
    let has_hours = !hours.id.trim().is_empty() || !hours.en.trim().is_empty();
    view! {
        <section class="adv-elsewhere">
            <Heading level>
                <Icon glyph=Glyph::Arrow />
                " "
                {t(A::ElsewhereTitle)}
            </Heading>
            <dl class="adv-facts">
                <dt>{t(A::Place)}</dt>
                <dd><strong><Loc text=place /></strong></dd>
                <dt>{t(i18n::Key::Address)}</dt>
                <dd><Loc text=address /></dd>
                {has_hours.then(|| view! {
                    <dt>{t(A::Hours)}</dt>
                    <dd><Loc text=hours /></dd>
                })}
            </dl>
        </section>
    }
}

#[component]
fn InvitationRule(
    inv: contract::advisory::Invitation,
    level: u8,
    #[prop(into)] now: Signal<i64>,
) -> impl IntoView {
    let lang = use_lang();
    let off = use_offset();
    let date = inv.date.clone();
    let day = move || clock::date_words(&date, lang.get(), now.get_untracked(), off.get());
    let window = (parse_hhmm(&inv.window_start).is_some() && parse_hhmm(&inv.window_end).is_some())
        .then(|| format!("{}–{}", inv.window_start, inv.window_end));
    let before = inv.registered_before.clone().map(|rb| {
        move || match contract::time::parse_rfc3339(&rb) {
            Some(u) => format!(
                "{} {}",
                clock::day_words(u, off.get(), lang.get(), now.get_untracked()),
                clock::hhmm(u, off.get())
            ),
            None => rb.clone(),
        }
    });
    let kinds = inv.help_kinds.clone();
    let help = move || {
        let l = lang.get();
        if kinds.is_empty() {
            A::AnyHelp.get(l).to_string()
        } else {
            kinds
                .iter()
                .map(|k| help_kind_label(k, l).unwrap_or(k.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    view! {
        <section class="adv-invitation">
            <Heading level>{t(A::InvitationTitle)}</Heading>
            <dl class="adv-facts">
                <dt>{t(A::InvitationDay)}</dt>
                <dd>{day}</dd>
                {window.map(|w| view! {
                    <dt>{t(A::InvitationWindow)}</dt>
                    <dd>{w}</dd>
                })}
                {before.map(|b| view! {
                    <dt>{t(A::RegisteredBefore)}</dt>
                    <dd>{b}</dd>
                })}
                <dt>{t(A::HelpKinds)}</dt>
                <dd>{help}</dd>
            </dl>
        </section>
    }
}

#[component]
fn Points(points: Vec<ServicePoint>, current: Memo<bool>, level: u8) -> impl IntoView {
    view! {
        <section class="adv-points">
            <Heading level>{t(A::PointsTitle)}</Heading>
            <ul class="points">
                {points
                    .into_iter()
                    .map(|p| view! { <Point point=p current level=level + 1 /> })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Point(point: ServicePoint, current: Memo<bool>, level: u8) -> impl IntoView {
    let lang = use_lang();
    let name = point.name.clone();
    let id = point.id.clone();
    let title = move || match pick(&name, lang.get()) {
        Some((s, l)) => view! { <span lang=l>{s}</span> }.into_any(),
        None => view! { <span>{id.clone()}</span> }.into_any(),
    };
    let status = move || {
        if current.get() {
            point.status
        } else {
            PointStatus::Unknown
        }
    };
    let details = move || {
        let l = lang.get();
        if !current.get() {
            return view! {
                <dt>{A::Wait.get(l)}</dt>
                <dd>{wait_text(None, None, l)}</dd>
            }
            .into_any();
        }
        let people = |n: u32| format!("{n} {}", A::People.get(l));
        let counters = match (point.counters_open, point.counters_max) {
            (Some(a), Some(b)) => Some(format!("{a} {} {b}", A::Of.get(l))),
            (Some(a), None) => Some(a.to_string()),
            _ => None,
        };
        view! {
            <dt>{A::Wait.get(l)}</dt>
            <dd>{wait_text(point.wait_min, point.wait_max, l)}</dd>
            {point.now_serving.clone().map(|s| view! {
                <dt>{A::NowServing.get(l)}</dt>
                <dd class="now-serving">{s}</dd>
            })}
            {counters.map(|c| view! {
                <dt>{A::CountersOpen.get(l)}</dt>
                <dd>{c}</dd>
            })}
            {point.waiting_inside.map(|n| view! {
                <dt>{A::WaitingInside.get(l)}</dt>
                <dd>{people(n)}</dd>
            })}
            {point.line_outside.map(|n| view! {
                <dt>{A::LineOutside.get(l)}</dt>
                <dd>{people(n)}</dd>
            })}
        }
        .into_any()
    };
    let message = point.message.clone();
    let message = move || {
        current
            .get()
            .then(|| message.clone())
            .flatten()
            .map(|m| view! { <p class="point-message"><Loc text=m /></p> })
    };
    view! {
        <li class="point">
            <Heading level>{title}</Heading>
            <p class=move || format!("status status-{}", status().code())>
                <Icon glyph=Glyph::for_status(status()) />
                <span class="visually-hidden">{t(A::Status)}": "</span>
                {move || point_status_label(status(), lang.get())}
            </p>
            <dl class="adv-facts">{details}</dl>
            {message}
        </li>
    }
}

//! The compact advisory for the home page: the verdict in words, colour and
//! icon, the wait, how old it is, and a link to the full page.

use contract::advisory::{freshness, Advisory};
use i18n::advisories::{age, Key as A};
use i18n::labels::wait_text;
use leptos::prelude::*;
use leptos_router::components::A as Link;

use super::feed::Feed;
use super::view::{shown_verdict, summary, use_offset, Glyph, Icon};
use super::{clock, current_doc, Announcer, NetStatus};
use crate::lang::{href, t, use_lang};

/// The wait over every service point: the shortest known minimum and the
/// longest known maximum (`None` when no point gives one).
pub fn overall_wait(adv: &Advisory) -> (Option<u32>, Option<u32>) {
    let min = adv.points.iter().filter_map(|p| p.wait_min).min();
    let max = adv.points.iter().filter_map(|p| p.wait_max).max();
    (min, max)
}

/// "Today at the embassy", for the home page.
#[component]
pub fn AdvisoryLine() -> impl IntoView {
    let lang = use_lang();
    let off = use_offset();
    let feed = Feed::start();
    let adv = current_doc(feed);
    let now = feed.now;
    let body = move || {
        let a = adv.get()?;
        let l = lang.get();
        let n = now.get();
        let f = freshness(&a, n);
        let shown = shown_verdict(&a, f);
        let current = f.is_current() && !a.is_placeholder();
        let wait = (current && !a.points.is_empty()).then(|| {
            let (min, max) = overall_wait(&a);
            format!("{}: {}.", A::Wait.get(l), wait_text(min, max, l))
        });
        let times = a.times();
        let mut when = Vec::new();
        if let Some(u) = times.updated_at.filter(|_| current) {
            when.push(format!("{} {}.", A::Updated.get(l), age(l, n - u)));
        }
        if let Some(x) = times.next_update_by.filter(|_| current) {
            when.push(format!(
                "{} {}.",
                A::NextUpdate.get(l),
                clock::when(x, off.get(), l, n)
            ));
        }
        Some(view! {
            <div class=format!("verdict verdict-{} verdict-compact", shown.code())>
                <Icon glyph=Glyph::for_verdict(shown) />
                <div>
                    <p class="verdict-label">{summary(&a, f, l)}</p>
                    {wait.map(|w| view! { <p>{w}</p> })}
                    {(!when.is_empty()).then(|| view! { <p class="adv-times">{when.join(" ")}</p> })}
                </div>
            </div>
        })
    };
    view! {
        <section class="adv-line" aria-labelledby="adv-line-title">
            <h2 id="adv-line-title">{t(A::LineTitle)}</h2>
            <NetStatus feed compact=true />
            {body}
            <p>
                <Link href=move || href(lang.get(), "advisories")>{t(A::LineMore)}</Link>
            </p>
            <Announcer feed />
        </section>
    }
}

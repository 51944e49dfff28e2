//! "For me": with a registration receipt on the phone, whether the person is
//! invited today, worked out on the phone (nothing is sent anywhere).

use contract::advisory::{invited, Advisory, Freshness, InvitationAnswer, NotYetReason, Verdict};
use contract::time::{local_date, parse_hhmm};
use i18n::advisories::{for_me_come, for_me_yes, Key as A};
use leptos::prelude::*;
use leptos_router::components::A as Link;

use super::clock;
use super::receipt::{self, Receipt};
use super::view::{use_offset, Glyph, Icon};
use crate::lang::{href, t, use_lang};

/// The answer, before it is put in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    NoReceipt,
    /// The advisory may be out of date (or there is none): no answer either way.
    CannotTellNow,
    Come,
    DoNotCome,
    Elsewhere,
    Yes {
        cutoff: bool,
        /// `None` when the invitation is for `today`.
        date: Option<String>,
        window: Option<(String, String)>,
    },
    NotYet(NotYetReason),
    NoRule,
    CannotTell,
}

/// What to tell the holder of `receipt` about `adv`, `today` being the
/// embassy's local date (`YYYY-MM-DD`).
pub fn decide(adv: &Advisory, fresh: Freshness, receipt: Option<&Receipt>, today: &str) -> Answer {
    let Some(r) = receipt else {
        return Answer::NoReceipt;
    };
    if adv.is_placeholder() || !fresh.is_current() {
        return Answer::CannotTellNow;
    }
    match adv.verdict {
        Verdict::Come => Answer::Come,
        Verdict::DoNotCome => Answer::DoNotCome,
        Verdict::GoElsewhere => Answer::Elsewhere,
        Verdict::Unknown => Answer::CannotTellNow,
        Verdict::InvitedOnly => match &adv.invitation {
            None => Answer::NoRule,
            Some(inv) => match invited(inv, r.received_at, &r.help_needed) {
                InvitationAnswer::Yes => Answer::Yes {
                    cutoff: inv.registered_before.is_some(),
                    date: (inv.date != today).then(|| inv.date.clone()),
                    window: (parse_hhmm(&inv.window_start).is_some()
                        && parse_hhmm(&inv.window_end).is_some())
                    .then(|| (inv.window_start.clone(), inv.window_end.clone())),
                },
                InvitationAnswer::NotYet(reason) => Answer::NotYet(reason),
                InvitationAnswer::CannotTell => Answer::CannotTell,
            },
        },
    }
}

#[component]
pub fn ForMe(
    #[prop(into)] adv: Signal<Option<std::sync::Arc<Advisory>>>,
    #[prop(into)] now: Signal<i64>,
) -> impl IntoView {
    let lang = use_lang();
    let off = use_offset();
    // Read once: the form that writes it is on another page.
    let receipt = receipt::load();
    let answer = {
        let receipt = receipt.clone();
        Memo::new(move |_| {
            let n = now.get();
            let today = local_date(n, off.get());
            match adv.get() {
                Some(a) => decide(
                    &a,
                    contract::advisory::freshness(&a, n),
                    receipt.as_ref(),
                    &today,
                ),
                None if receipt.is_none() => Answer::NoReceipt,
                None => Answer::CannotTellNow,
            }
        })
    };
    let body = move || {
        let l = lang.get();
        let (glyph, class, text) = match answer.get() {
            Answer::NoReceipt => return no_receipt().into_any(),
            Answer::Yes {
                cutoff,
                date,
                window,
            } => {
                let n = now.get_untracked();
                let registered = receipt
                    .as_ref()
                    .map(|r| clock::day_words(r.received_at, off.get(), l, n))
                    .unwrap_or_default();
                let date = date.map(|d| clock::date_words(&d, l, n, off.get()));
                let window = window.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
                (
                    Glyph::Check,
                    "yes",
                    for_me_yes(l, &registered, cutoff, date.as_deref(), window),
                )
            }
            Answer::NotYet(reason) => (
                Glyph::Stop,
                "no",
                format!(
                    "{} {} {}",
                    A::ForMeNotYet.get(l),
                    i18n::advisory_errors::message(reason.code(), l),
                    A::ForMeNotYetNext.get(l)
                ),
            ),
            Answer::Come => (Glyph::Check, "yes", for_me_come(l).to_string()),
            Answer::DoNotCome => (Glyph::Stop, "no", A::ForMeDoNotCome.get(l).to_string()),
            Answer::Elsewhere => (
                Glyph::Arrow,
                "elsewhere",
                A::ForMeElsewhere.get(l).to_string(),
            ),
            Answer::NoRule => (Glyph::Stop, "no", A::ForMeNoRule.get(l).to_string()),
            Answer::CannotTell => (
                Glyph::Question,
                "unknown",
                A::ForMeCannotTell.get(l).to_string(),
            ),
            Answer::CannotTellNow => (Glyph::Question, "unknown", A::ForMeStale.get(l).to_string()),
        };
        let reference = receipt.as_ref().map(|r| r.reference.clone());
        view! {
            <div class=format!("for-me for-me-{class}")>
                <Icon glyph />
                <div>
                    <p class="for-me-answer">{text}</p>
                    {reference.map(|r| view! {
                        <p>{t(A::YourReference)}": "<strong class="reference">{r}</strong></p>
                    })}
                </div>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="adv-for-me" aria-labelledby="for-me-title">
            <h2 id="for-me-title">{t(A::ForMeTitle)}</h2>
            {body}
        </section>
    }
}

fn no_receipt() -> impl IntoView {
    let lang = use_lang();
    view! {
        <p>{t(A::ForMeNoReceipt)}" "{t(A::ForMeRegisterWhy)}</p>
        <p>
            <Link href=move || href(lang.get(), "register") attr:class="for-me-register">
                {t(A::ForMeRegister)}
            </Link>
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::advisory::{Invitation, StaleReason};
    use contract::time::parse_rfc3339;

    fn at(s: &str) -> i64 {
        parse_rfc3339(s).unwrap_or(0)
    }

    fn adv(verdict: Verdict, inv: Option<Invitation>) -> Advisory {
        Advisory {
            verdict,
            invitation: inv,
            updated_at: Some("2026-01-19T01:00:00Z".into()),
            valid_until: Some("2026-01-19T10:00:00Z".into()),
            ..Default::default()
        }
    }

    fn inv() -> Invitation {
        Invitation {
            date: "2026-01-19".into(),
            window_start: "09:00".into(),
            window_end: "12:00".into(),
            registered_before: Some("2026-01-18T10:00:00Z".into()),
            help_kinds: vec![],
        }
    }

    fn receipt(at_s: &str) -> Receipt {
        Receipt {
            reference: "ABCD-12345".into(),
            received_at: at(at_s),
            help_needed: vec!["travel_document".into()],
        }
    }

    #[test]
    fn answers() {
        let ok = Freshness::Current;
        let early = receipt("2026-01-17T10:00:00Z");
        let late = receipt("2026-01-18T11:00:00Z");
        let a = adv(Verdict::InvitedOnly, Some(inv()));
        assert_eq!(decide(&a, ok, None, "2026-01-19"), Answer::NoReceipt);
        assert_eq!(
            decide(&a, ok, Some(&early), "2026-01-19"),
            Answer::Yes {
                cutoff: true,
                date: None,
                window: Some(("09:00".into(), "12:00".into()))
            }
        );
        assert!(matches!(
            decide(&a, ok, Some(&early), "2026-01-18"),
            Answer::Yes { date: Some(_), .. }
        ));
        assert_eq!(
            decide(&a, ok, Some(&late), "2026-01-19"),
            Answer::NotYet(NotYetReason::RegisteredAfterCutoff)
        );
        let stale = Freshness::MayBeOutdated(StaleReason::PastValidUntil);
        assert_eq!(
            decide(&a, stale, Some(&early), "2026-01-19"),
            Answer::CannotTellNow
        );
        assert_eq!(
            decide(&adv(Verdict::InvitedOnly, None), ok, Some(&early), "x"),
            Answer::NoRule
        );
        assert_eq!(
            decide(&adv(Verdict::DoNotCome, None), ok, Some(&early), "x"),
            Answer::DoNotCome
        );
        assert_eq!(
            decide(&adv(Verdict::Come, None), ok, Some(&late), "x"),
            Answer::Come
        );
        assert_eq!(
            decide(&Advisory::default(), ok, Some(&late), "x"),
            Answer::CannotTellNow
        );
    }
}

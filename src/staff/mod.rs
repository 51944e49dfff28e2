//! The staff page `/staff`: post the queue advisory. Not linked from public
//! pages. The token is typed by the staff member and kept only for the
//! browser session. One screen: the verdict, service points, the invitation
//! rule, messages from templates, times, a preview in both languages, and a
//! one-tap "Full for today".

mod desk;
mod draft;
mod fields;
mod form;
pub mod paths;
mod publish;
mod scan;
mod token;

use std::sync::Arc;

use contract::staff::Role;
use contract::Lang;
use i18n::advisories::Key as A;
use leptos::prelude::*;

use crate::form::{title_with_errors, Errors};
use crate::lang::{t, use_lang, LangCtx};
use crate::profile::ProfileCtx;
use publish::{Publisher, Source, StatusArea};

#[component]
pub fn StaffPage() -> impl IntoView {
    // Not under `/:lang`: follows the remembered language, with its own switch.
    let (lang, set_lang) = signal(crate::lang::remembered());
    provide_context(LangCtx(Memo::new(move |_| lang.get())));
    view! { <Staff set_lang /> }
}

#[component]
fn Staff(set_lang: WriteSignal<Lang>) -> impl IntoView {
    let errors = Errors::provide(&fields::SCHEME, Vec::new());
    title_with_errors(errors, |l| A::StaffTitle.get(l).to_string());
    // The form waits for the profile (time zone, opening hours, API origin);
    // without one it still works, in UTC, on this origin.
    let ctx = use_context::<ProfileCtx>();
    let ready = Memo::new(move |_| ctx.is_none_or(|c| c.0.get().is_some()));
    let publisher = Publisher::new(errors);
    let role = RwSignal::new(None::<Role>);
    // A memo: the form is drawn again only when this changes, not when the
    // account's role first arrives (what was typed stays).
    let show_form =
        Memo::new(move |_| ready.get() && role.get().is_none_or(|r| r.can(Role::Admin)));
    view! {
        <div class="staff">
            <div class="staff-head">
                <h1>{t(A::StaffTitle)}</h1>
                <LangSwitch set_lang />
            </div>
            <p>{t(A::StaffIntro)}</p>
            <publish::TokenBox publisher />
            <desk::Desk publisher role />
            // Queue advisories are an admin's: not drawn for a desk or
            // officer account (the server refuses them anyway).
            {move || show_form.get().then(|| view! { <Ready publisher /> })}
        </div>
    }
}

#[component]
fn LangSwitch(set_lang: WriteSignal<Lang>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <button
            type="button"
            class="button button-secondary"
            lang=move || lang.get().other().code()
            on:click=move |_| {
                let next = lang.get_untracked().other();
                crate::lang::remember(next);
                set_lang.set(next);
            }
        >
            {t(A::StaffLangSwitch)}
        </button>
    }
}

#[component]
fn Ready(publisher: Publisher) -> impl IntoView {
    let profile = crate::profile::use_profile().get_untracked();
    let off = profile.as_ref().map_or(0, |p| p.utc_offset_minutes);
    let draft = draft::Draft::new(crate::dom::now_unix(), profile.as_deref());
    let quick = {
        let profile = profile.clone();
        move |_| {
            let input = draft::full_today(crate::dom::now_unix(), profile.as_deref());
            let notice = input.notice.clone();
            publisher.publish(input, Source::Quick, move || {
                draft.verdict.set(contract::advisory::Verdict::DoNotCome);
                if let Some(n) = &notice {
                    draft.notice.set(n);
                }
            });
        }
    };
    view! {
        <section class="staff-quick" aria-labelledby="quick-title">
            <h2 id="quick-title">{t(A::QuickTitle)}</h2>
            <p id="full-today-hint" class="hint">{t(A::FullTodayHint)}</p>
            <button
                type="button"
                id="full-today"
                class="button button-warning"
                aria-describedby="full-today-hint"
                on:click=quick
            >
                {t(A::FullToday)}
            </button>
            <StatusArea publisher source=Source::Quick />
        </section>
        <form::AdvisoryForm draft publisher off />
        <Preview draft off />
    }
}

/// Gives its children another language (for the preview in both).
#[component]
fn LangScope(lang: Lang, children: Children) -> impl IntoView {
    provide_context(LangCtx(Memo::new(move |_| lang)));
    view! { <div class="preview-lang" lang=lang.code()>{children()}</div> }
}

/// What the public will see, in both languages, with the public view.
#[component]
fn Preview(draft: draft::Draft, off: i32) -> impl IntoView {
    let doc = Memo::new(move |_| {
        let (input, _) = draft.build(off);
        Arc::new(input.into_advisory(crate::dom::now_unix()))
    });
    let now = Signal::derive(crate::dom::now_unix);
    let one = move |lang: Lang| {
        move || {
            let adv = doc.get();
            view! {
                <LangScope lang>
                    <h3>{lang.native_name()}</h3>
                    <crate::advisories::view::AdvisoryCard adv now level=4 />
                </LangScope>
            }
        }
    };
    view! {
        <section class="staff-preview" aria-labelledby="preview-title">
            <h2 id="preview-title">{t(A::PreviewTitle)}</h2>
            <div class="preview-grid">
                {one(Lang::Id)}
                {one(Lang::En)}
            </div>
        </section>
    }
}

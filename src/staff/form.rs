//! The advisory form: one screen, in the order staff decide things.

use contract::advisory::{validate, PointStatus, Verdict, HELP_KINDS, TEMPLATES};
use contract::time::parse_hhmm;
use contract::Lang;
use i18n::advisories::{point_n, Key as A};
use i18n::labels::{help_kind_label, point_status_label, verdict_label};
use i18n::templates::text as template_text;
use leptos::prelude::*;

use super::draft::{Draft, PointDraft};
use super::fields::{DateTimeInput, PairInput};
use super::publish::{Publisher, Source, StatusArea};
use crate::advisories::clock::utc_label;
use crate::advisories::feed;
use crate::advisories::view::{Glyph, Icon};
use crate::form::TextInput;
use crate::form::{
    error_id, field_id, focus_soon, part_id, use_error, use_errors, ErrorLine, ErrorMessage,
    ErrorSummary, SUMMARY_ID,
};
use crate::lang::{t, use_lang};

const VERDICTS: [Verdict; 4] = [
    Verdict::Come,
    Verdict::InvitedOnly,
    Verdict::DoNotCome,
    Verdict::GoElsewhere,
];

/// What is published now.
async fn current() -> Option<contract::advisory::Advisory> {
    let reply = crate::api::get_advisory(None, None).await.ok()?;
    if !(200..=299).contains(&reply.status) {
        return None;
    }
    feed::parse(&reply.body?)
}

#[component]
pub fn AdvisoryForm(draft: Draft, publisher: Publisher, off: i32) -> impl IntoView {
    let errors = use_errors();
    let lang = use_lang();
    let touched = RwSignal::new(false);
    let loaded = RwSignal::new(false);
    // Start from what is published now, unless staff have begun typing.
    leptos::task::spawn_local(async move {
        let adv = current().await;
        if let Some(a) = adv.filter(|a| !a.is_placeholder()) {
            if touched.try_get_untracked() == Some(false) {
                draft.prefill(&a, off);
            }
        }
        loaded.set(true);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (input, mut problems) = draft.build(off);
        problems.extend(validate(&input, crate::dom::now_unix()));
        errors.set(problems);
        if errors.any() {
            focus_soon(SUMMARY_ID);
            return;
        }
        publisher.publish(input, Source::Form, || {});
    };
    let local = move || format!("{} ({}).", A::TimesLocal.get(lang.get()), utc_label(off));
    view! {
        <section class="staff-form" aria-labelledby="form-title">
            <h2 id="form-title">{t(A::FormTitle)}</h2>
            <p class="hint">{local}</p>
            <ErrorSummary />
            <form
                novalidate
                on:submit=submit
                on:input=move |_| touched.set(true)
                on:change=move |_| touched.set(true)
                data-loaded=move || loaded.get().then_some("true")
            >
                <VerdictField draft />
                <NoticeFields draft />
                <Show when=move || draft.verdict.get() == Verdict::GoElsewhere>
                    <ElsewhereFields draft />
                </Show>
                <InvitationFields draft />
                <PointsFields draft />
                <TimesFields draft />
                <button type="submit" class="button">{t(A::Publish)}</button>
                <StatusArea publisher source=Source::Form />
            </form>
        </section>
    }
}

#[component]
fn VerdictField(draft: Draft) -> impl IntoView {
    let lang = use_lang();
    view! {
        <fieldset class="group radios">
            <legend>{t(A::VerdictLegend)}</legend>
            <ErrorMessage path="verdict" />
            {VERDICTS
                .into_iter()
                .map(|v| {
                    let id = part_id("verdict", v.code());
                    view! {
                        <div class=format!("radio radio-{}", v.code())>
                            <input
                                type="radio"
                                name="verdict"
                                id=id.clone()
                                value=v.code()
                                prop:checked=move || draft.verdict.get() == v
                                on:change=move |_| draft.verdict.set(v)
                            />
                            <label for=id>
                                <Icon glyph=Glyph::for_verdict(v) />
                                {move || verdict_label(v, lang.get())}
                            </label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

#[component]
fn NoticeFields(draft: Draft) -> impl IntoView {
    let lang = use_lang();
    let errors = use_errors();
    // The ready messages, shown with the time typed below (or "…").
    let option_text = move |l: Lang, id: &str, en: &str| {
        let text = if l == Lang::Id { id } else { en };
        let time = draft.template_time.get();
        let time = if parse_hhmm(time.trim()).is_some() {
            time.trim().to_string()
        } else {
            "…".into()
        };
        text.replace("{time}", &time)
    };
    let apply = move |_| {
        let code = draft.use_template().err();
        errors.set_code("template.time", code);
        if code.is_some() {
            focus_soon("f-template-time");
        } else if !draft.template.get_untracked().is_empty() {
            focus_soon("f-notice-id");
        }
    };
    view! {
        <div class="template-row">
            <div class="field">
                <label for="f-template">{t(A::TemplateLabel)}</label>
                <select
                    id="f-template"
                    prop:value=move || draft.template.get()
                    on:change=move |ev| draft.template.set(event_target_value(&ev))
                >
                    <option value="">{t(A::TemplateNone)}</option>
                    {TEMPLATES
                        .iter()
                        .map(|tpl| {
                            view! {
                                <option value=tpl.code selected=move || draft.template.get() == tpl.code>
                                    {move || option_text(lang.get(), template_text(tpl.code, Lang::Id), template_text(tpl.code, Lang::En))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <TextInput path="template.time".into() label=A::TemplateTime kind="time" value=draft.template_time />
            <button type="button" class="button button-secondary" on:click=apply>
                {t(A::TemplateUse)}
            </button>
        </div>
        <PairInput path="notice".into() legend=A::NoticeLegend pair=draft.notice textarea=true />
    }
}

#[component]
fn ElsewhereFields(draft: Draft) -> impl IntoView {
    view! {
        <div class="subsection">
            <h3>{t(A::ElsewhereLegend)}</h3>
            <PairInput path="elsewhere.place".into() legend=A::Place pair=draft.place />
            <PairInput path="elsewhere.address".into() legend=A::ElsewhereAddress pair=draft.address />
            <PairInput path="elsewhere.hours".into() legend=A::Hours pair=draft.hours />
        </div>
    }
}

#[component]
fn InvitationFields(draft: Draft) -> impl IntoView {
    let lang = use_lang();
    let help_error = use_error("invitation.help_kinds");
    let used = Memo::new(move |_| draft.invitation_used());
    let optional = Memo::new(move |_| draft.verdict.get() != Verdict::InvitedOnly);
    view! {
        <div class="subsection">
            <h3>{t(A::InvitationLegend)}</h3>
            <ErrorMessage path="invitation" />
            <Show when=move || optional.get()>
                <div class="checkbox">
                    <input type="checkbox" id="f-invitation-on" bind:checked=draft.inv_on />
                    <label for="f-invitation-on">{t(A::InvitationOn)}</label>
                </div>
            </Show>
            <Show when=move || used.get()>
                <TextInput path="invitation.date".into() label=A::DateLabel kind="date" value=draft.inv_date />
                <div class="inline-fields">
                    <TextInput path="invitation.window_start".into() label=A::InvitationFrom kind="time" value=draft.inv_start />
                    <TextInput path="invitation.window_end".into() label=A::InvitationTo kind="time" value=draft.inv_end />
                </div>
                <DateTimeInput
                    path="invitation.registered_before".into()
                    legend=A::BeforeLegend
                    date=draft.before_date
                    time=draft.before_time
                />
                <fieldset class="group checkboxes" class:field-has-error=move || help_error.get().is_some()>
                    <legend>{t(A::HelpLegend)}</legend>
                    <ErrorLine id=error_id("invitation.help_kinds") message=help_error />
                    {HELP_KINDS
                        .into_iter()
                        .map(|k| {
                            let id = part_id("invitation.help_kinds", k);
                            view! {
                                <div class="checkbox">
                                    <input
                                        type="checkbox"
                                        id=id.clone()
                                        value=k
                                        prop:checked=move || draft.help.with(|h| h.iter().any(|x| x == k))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            draft.help.update(|h| {
                                                h.retain(|x| x != k);
                                                if on {
                                                    h.push(k.to_string());
                                                }
                                            });
                                        }
                                    />
                                    <label for=id>{move || help_kind_label(k, lang.get()).unwrap_or(k)}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
            </Show>
        </div>
    }
}

#[component]
fn PointsFields(draft: Draft) -> impl IntoView {
    let add = move |_| {
        draft.add_point();
        let n = draft.points.with_untracked(Vec::len);
        focus_soon(format!("f-points-{}-name-id", n.saturating_sub(1)));
    };
    let each = move || {
        draft
            .points
            .get()
            .into_iter()
            .enumerate()
            .collect::<Vec<(usize, PointDraft)>>()
    };
    view! {
        <div class="subsection">
            <h3>{t(A::PointsTitle)}</h3>
            <For each key=|(i, p)| (*i, p.key) let:item>
                <PointFields index=item.0 point=item.1 draft />
            </For>
            <ErrorMessage path="points" />
            <button type="button" id="f-points-add" class="button button-secondary" on:click=add>
                {t(A::PointAdd)}
            </button>
        </div>
    }
}

#[component]
fn PointFields(index: usize, point: PointDraft, draft: Draft) -> impl IntoView {
    let lang = use_lang();
    let p = move |name: &str| format!("points[{index}].{name}");
    let status_id = field_id(&p("status"));
    let remove = move |_| {
        draft.remove_point(point.key);
        focus_soon("f-points-add");
    };
    view! {
        <fieldset class="group point-fields">
            <legend>{move || point_n(lang.get(), index + 1)}</legend>
            <PairInput path=p("name") legend=A::PointName pair=point.name />
            <TextInput path=p("id") label=A::PointCode value=point.id />
            <div class="field">
                <label for=status_id.clone()>{t(A::PointStatusLabel)}</label>
                <ErrorMessage path=p("status") />
                <select
                    id=status_id
                    prop:value=move || point.status.get()
                    on:change=move |ev| point.status.set(event_target_value(&ev))
                >
                    {PointStatus::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.code() selected=move || point.status.get() == s.code()>
                                    {move || point_status_label(s, lang.get())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="inline-fields">
                <TextInput path=p("wait_min") label=A::WaitMin numeric=true value=point.wait_min />
                <TextInput path=p("wait_max") label=A::WaitMax numeric=true value=point.wait_max />
            </div>
            <TextInput path=p("now_serving") label=A::NowServingLabel value=point.now_serving />
            <div class="inline-fields">
                <TextInput path=p("counters_open") label=A::CountersOpenLabel numeric=true value=point.counters_open />
                <TextInput path=p("counters_max") label=A::CountersMaxLabel numeric=true value=point.counters_max />
            </div>
            <div class="inline-fields">
                <TextInput path=p("waiting_inside") label=A::WaitingInsideLabel numeric=true value=point.waiting_inside />
                <TextInput path=p("line_outside") label=A::LineOutsideLabel numeric=true value=point.line_outside />
            </div>
            <PairInput path=p("message") legend=A::PointMessage pair=point.message textarea=true />
            <button type="button" class="button button-secondary" on:click=remove>
                {t(A::PointRemove)}
                <span class="visually-hidden">" (" {move || point_n(lang.get(), index + 1)} ")"</span>
            </button>
        </fieldset>
    }
}

#[component]
fn TimesFields(draft: Draft) -> impl IntoView {
    view! {
        <div class="subsection">
            <h3>{t(A::TimesLegend)}</h3>
            <DateTimeInput
                path="next_update_by".into()
                legend=A::NextUpdateLegend
                date=draft.next_date
                time=draft.next_time
            />
            <DateTimeInput
                path="valid_until".into()
                legend=A::ValidUntilLegend
                date=draft.valid_date
                time=draft.valid_time
            />
            <TextInput
                path="refresh_after_s".into()
                label=A::RefreshLabel
                hint=A::RefreshHint
                numeric=true
                value=draft.refresh
            />
        </div>
    }
}

//! A case as the person sees it: the stage now (name, meaning, when it
//! changed), the note, what to do next, the invitation, what to bring, and
//! every stage marked done / now / still to come in words and symbols
//! (never by colour alone). A pure view: data as props.

use contract::case::{CaseStatus, Next, Progress, Stages};
use contract::time::parse_rfc3339;
use i18n::case::Key as C;
use i18n::dates::{date_time, long_date, utc_label};
use leptos::prelude::*;

use crate::lang::{t, use_lang};

#[component]
pub fn CaseView(status: CaseStatus, stages: Stages, utc_offset_minutes: i32) -> impl IntoView {
    let lang = use_lang();
    move || {
        let l = lang.get();
        let current = stages.shown(&status.stage).clone();
        let changed = match parse_rfc3339(&status.changed_at) {
            Some(u) => format!(
                "{} ({})",
                date_time(u, utc_offset_minutes, l),
                utc_label(utc_offset_minutes)
            ),
            None => status.changed_at.clone(),
        };
        let next = match &current.next {
            Next::Do(text) => text.get(l).to_string(),
            Next::Nothing => C::NothingToDo.get(l).to_string(),
        };
        let history: Vec<&str> = status.history.iter().map(|h| h.stage.as_str()).collect();
        let steps = stages
            .progress(&status.stage, &history)
            .into_iter()
            .map(|(stage, progress)| {
                let (mark, word, class) = match progress {
                    Progress::Done => ("✓", C::StageDone, "stage done"),
                    Progress::Now => ("▶", C::StageNow, "stage now"),
                    Progress::Later => ("○", C::StageLater, "stage later"),
                };
                let name = stage.name.get(l).to_string();
                view! {
                    <li class=class aria-current=(progress == Progress::Now).then_some("step")>
                        <span aria-hidden="true" class="stage-mark">{mark}</span>
                        " "
                        <span class="stage-word">{word.get(l)}": "</span>
                        {name}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="case" aria-labelledby="case-stage">
                <h2 id="case-stage">{current.name.get(l).to_string()}</h2>
                <p>{current.meaning.get(l).to_string()}</p>
                <p class="hint">{C::LastChanged.get(l)}": "{changed}</p>
                {status.note.clone().map(|n| view! {
                    <h3>{C::NoteTitle.get(l)}</h3>
                    <p class="case-note">{n.get(l).to_string()}</p>
                })}
                <h3>{C::NextTitle.get(l)}</h3>
                <p>{next}</p>
                {status.invitation.clone().map(|inv| view! {
                    <h3>{C::InvitationTitle.get(l)}</h3>
                    <p>
                        {C::InvitationWhen.get(l)}": "{long_date(&inv.date, l)}", "{inv.from.clone()}"–"{inv.to.clone()}
                        <br />
                        {C::InvitationWhere.get(l)}": "{inv.place.get(l).to_string()}
                    </p>
                })}
                {(!current.bring.is_empty()).then(|| view! {
                    <h3>{C::BringTitle.get(l)}</h3>
                    <ul>
                        {current.bring.iter().map(|b| view! { <li>{b.get(l).to_string()}</li> }).collect_view()}
                    </ul>
                })}
                <h3>{t(C::StagesTitle)}</h3>
                <ol class="stages">{steps}</ol>
            </section>
        }
    }
}

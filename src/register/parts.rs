//! Pieces of the register pages that are not fields: the warning when the
//! phone cannot keep the answers, and the button that asks before deleting.

use i18n::register::Key as R;
use leptos::prelude::*;

use super::model::store;
use crate::lang::t;

/// Shown when the phone refused to store the answers.
#[component]
pub fn StorageWarning() -> impl IntoView {
    let s = store();
    move || {
        (!s.storage_ok.get()).then(|| {
            view! { <p class="warning-text" role="alert"><strong>{t(R::StorageFailed)}</strong></p> }
        })
    }
}

/// A button for something that cannot be undone (deleting answers or a
/// reference): the first press asks "Are you sure?", with Yes and No.
#[component]
pub fn ConfirmButton<F>(
    label: R,
    question: R,
    on_confirm: F,
    #[prop(default = "button button-warning")] class: &'static str,
) -> impl IntoView
where
    F: Fn() + 'static,
{
    let (asking, set_asking) = signal(false);
    // The action may hold things that stay on this thread (the router's navigate).
    let on_confirm = StoredValue::new_local(on_confirm);
    let id = format!("confirm-{label:?}");
    let question_id = id.clone();
    move || {
        if asking.get() {
            view! {
                <div class="confirm" role="group" aria-labelledby=question_id.clone()>
                    <p id=question_id.clone() tabindex="-1"><strong>{t(question)}</strong></p>
                    <p class="button-row">
                        <button
                            type="button"
                            class="button button-warning"
                            on:click=move |_| {
                                set_asking.set(false);
                                on_confirm.with_value(|f| f());
                            }
                        >
                            {t(R::YesDelete)}
                        </button>
                        <button
                            type="button"
                            class="button button-secondary"
                            on:click=move |_| set_asking.set(false)
                        >
                            {t(R::NoKeep)}
                        </button>
                    </p>
                </div>
            }
            .into_any()
        } else {
            let focus_id = id.clone();
            view! {
                <button
                    type="button"
                    class=class
                    on:click=move |_| {
                        set_asking.set(true);
                        let focus_id = focus_id.clone();
                        request_animation_frame(move || crate::dom::focus(&focus_id));
                    }
                >
                    {t(label)}
                </button>
            }
            .into_any()
        }
    }
}

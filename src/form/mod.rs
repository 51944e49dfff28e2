//! The form kit, in the GOV.UK Design System patterns, for every form in the
//! app (the registration questions, the staff pages): the errors on a page
//! ([`Errors`], keyed by the field's path as the contract names it, plus
//! form-level ones), the error summary that takes focus and links to the
//! fields ([`ErrorSummary`]), the error message above a field
//! ([`ErrorMessage`], [`ErrorLine`]), the hint ([`Hint`]), and one id scheme
//! that ties them together with `aria-describedby` ([`ids`]).
//!
//! A form describes its words, order and link targets once, in a static
//! [`Scheme`]; its page provides the [`Errors`] as context and the pieces
//! below it find them with [`use_errors`] (a missing one is a bug).

pub mod ids;

use contract::{FieldError, Lang};
use leptos::prelude::*;

pub use ids::{choice_id, described_by, error_id, field_id, hint_id, part_id};

use crate::lang::{t, use_lang};
use i18n::Text;

/// The path of a form-level error (one that belongs to no field): the
/// summary lists it without a link.
pub const FORM: &str = "";

/// How one form names, orders and links its errors.
pub struct Scheme {
    /// "There is a problem", the summary's heading.
    pub summary_title: fn(Lang) -> &'static str,
    /// "Error", before each message (for screen readers) and the page title.
    pub error_word: fn(Lang) -> &'static str,
    /// The message for an error code, as the field shows it.
    pub message: fn(&str, Lang) -> &'static str,
    /// The summary's line for an error (path, code).
    pub summary_line: fn(&str, &str, Lang) -> String,
    /// The element a summary link moves focus to; none: no link.
    pub target: fn(&str) -> Option<String>,
    /// The field whose message shows an error (`help_kinds[2]` on the group).
    pub shows_on: fn(&str) -> String,
    /// Position in the form: the summary lists errors in the form's order.
    pub rank: fn(&str) -> (u32, usize),
}

impl Scheme {
    /// Puts errors in the form's order; errors of one field keep theirs.
    /// Every form sorts here, so the wasm has one copy of the sort.
    pub fn sort(&self, errors: &mut [FieldError]) {
        let rank = self.rank;
        errors.sort_by_key(|e| rank(&e.field));
    }
}

/// The errors shown on the current page, in the form's order.
#[derive(Clone, Copy)]
pub struct Errors {
    list: RwSignal<Vec<FieldError>>,
    scheme: &'static Scheme,
}

impl Errors {
    pub fn new(scheme: &'static Scheme, mut initial: Vec<FieldError>) -> Errors {
        scheme.sort(&mut initial);
        Errors {
            list: RwSignal::new(initial),
            scheme,
        }
    }

    /// New errors, given to the pieces of the page below (see [`use_errors`]).
    pub fn provide(scheme: &'static Scheme, initial: Vec<FieldError>) -> Errors {
        let errors = Errors::new(scheme, initial);
        provide_context(errors);
        errors
    }

    pub fn scheme(self) -> &'static Scheme {
        self.scheme
    }

    /// Whether there is any error, tracked.
    pub fn any(self) -> bool {
        self.list.with(|v| !v.is_empty())
    }

    /// Every error, tracked.
    pub fn list(self) -> Vec<FieldError> {
        self.list.get()
    }

    /// The code of the first error that shows on `path`, tracked.
    pub fn code(self, path: &str) -> Option<String> {
        let shows_on = self.scheme.shows_on;
        self.list.with(|v| {
            v.iter()
                .find(|e| shows_on(&e.field) == path)
                .map(|e| e.code.clone())
        })
    }

    /// Whether an error shows on `path` now, not tracked (false once the
    /// page is gone).
    pub fn has_untracked(self, path: &str) -> bool {
        let shows_on = self.scheme.shows_on;
        self.list
            .try_with_untracked(|v| v.iter().any(|e| shows_on(&e.field) == path))
            .unwrap_or(false)
    }

    /// Replaces every error.
    pub fn set(self, list: Vec<FieldError>) {
        self.replace(list);
    }

    pub fn clear(self) {
        self.replace(Vec::new());
    }

    /// Replaces the errors of one path (none: the answer is fine now), for
    /// checks made on the spot. Does nothing if the page is gone.
    pub fn set_one(self, path: &str, error: Option<FieldError>) {
        let Some(mut v) = self.list.try_get_untracked() else {
            return;
        };
        v.retain(|e| e.field != path);
        v.extend(error);
        self.replace(v);
    }

    /// [`Errors::set_one`] with only a code.
    pub fn set_code(self, path: &str, code: Option<&str>) {
        self.set_one(path, code.map(|c| FieldError::new(path, c, "")));
    }

    /// Sets or clears the form-level error (see [`FORM`]).
    pub fn set_form(self, code: Option<&str>) {
        self.set_code(FORM, code);
    }

    fn replace(self, mut v: Vec<FieldError>) {
        self.scheme.sort(&mut v);
        // Unchanged: nothing on the page is redrawn (the summary keeps focus).
        if self.list.try_with_untracked(|old| *old != v) == Some(true) {
            self.list.set(v);
        }
    }
}

/// The page's errors. Only inside a form's page, which provides them.
pub fn use_errors() -> Errors {
    expect_context::<Errors>()
}

/// The message of the error shown on `path`, in the page's language.
pub fn use_error(path: impl Into<String>) -> Memo<Option<String>> {
    let path = path.into();
    let errors = use_errors();
    let lang = use_lang();
    let message = errors.scheme.message;
    Memo::new(move |_| {
        errors
            .code(&path)
            .map(|c| message(&c, lang.get()).to_string())
    })
}

/// The page title, with "Error: " in front while errors show.
pub fn title_with_errors(errors: Errors, title: impl Fn(Lang) -> String + 'static) {
    let lang = use_lang();
    let word = errors.scheme.error_word;
    crate::page::page_title(move || {
        let l = lang.get();
        if errors.any() {
            format!("{}: {}", word(l), title(l))
        } else {
            title(l)
        }
    });
}

/// Moves focus once the page has drawn the element.
pub fn focus_soon(id: impl Into<String>) {
    let id = id.into();
    request_animation_frame(move || crate::dom::focus(&id));
}

/// Moves focus to the error summary once it is drawn, after the router's
/// own focus move when the page was just opened.
pub fn focus_summary() {
    focus_summary_at(SUMMARY_ID);
}

/// [`focus_summary`] for a summary given its own `id` (a second form on
/// the page: the staff desk beside the advisory form).
pub fn focus_summary_at(id: &'static str) {
    set_timeout(
        move || crate::dom::focus(id),
        std::time::Duration::from_millis(60),
    );
}

/// The error summary's id.
pub const SUMMARY_ID: &str = "error-summary";

/// "There is a problem", listing every error with a link that moves focus
/// to its field. The page moves focus to it ([`focus_summary`]) when it
/// appears; `show` holds it back until the form is sent (default: shown
/// whenever there are errors).
#[component]
pub fn ErrorSummary(
    #[prop(into, default = Signal::stored(true))] show: Signal<bool>,
    /// Its id: [`SUMMARY_ID`] unless another form on the page has one.
    #[prop(default = SUMMARY_ID)]
    id: &'static str,
) -> impl IntoView {
    let title_id = format!("{id}-title");
    let errors = use_errors();
    let lang = use_lang();
    let scheme = errors.scheme;
    // The box is drawn once while it is shown; only its list follows the
    // errors, so the focus it took stays on it as errors change.
    let shown = Memo::new(move |_| show.get() && errors.any());
    let items = move || {
        let l = lang.get();
        errors
            .list()
            .into_iter()
            .map(|e| {
                let text = (scheme.summary_line)(&e.field, &e.code, l);
                match (scheme.target)(&e.field) {
                    Some(id) => {
                        let href = format!("#{id}");
                        view! {
                            <li>
                                <a
                                    href=href
                                    on:click=move |ev| {
                                        ev.prevent_default();
                                        crate::dom::focus(&id);
                                    }
                                >
                                    {text}
                                </a>
                            </li>
                        }
                        .into_any()
                    }
                    None => view! { <li>{text}</li> }.into_any(),
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || shown.get()>
            <div
                class="error-summary"
                id=id
                tabindex="-1"
                aria-labelledby=title_id.clone()
            >
                <h2 id=title_id.clone()>{move || (scheme.summary_title)(lang.get())}</h2>
                <ul>{items}</ul>
            </div>
        </Show>
    }
}

/// An error message with its own id (tie it to the input with
/// [`described_by`]), "Error:" first for screen readers. Shown while
/// `message` has one.
#[component]
pub fn ErrorLine(id: String, #[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    let word = use_errors().scheme.error_word;
    let lang = use_lang();
    move || {
        message.get().map(|m| {
            view! {
                <p class="error-message" id=id.clone()>
                    <span class="visually-hidden">{move || word(lang.get())}": "</span>
                    {m}
                </p>
            }
        })
    }
}

/// The error message of the field at `path`, above its input, with the
/// id [`error_id`] gives.
#[component]
pub fn ErrorMessage(#[prop(into)] path: String) -> impl IntoView {
    let id = error_id(&path);
    let message = use_error(path);
    view! { <ErrorLine id message /> }
}

/// A field's hint, below its label, with the id its input points to.
#[component]
pub fn Hint(#[prop(into)] id: String, children: Children) -> impl IntoView {
    view! { <p class="hint" id=id>{children()}</p> }
}

/// `aria-describedby`: the hint and, while there is one, the error.
pub fn described(
    hint: Option<String>,
    err_id: String,
    error: Memo<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        described_by(
            hint.clone(),
            error.with(Option::is_some).then(|| err_id.clone()),
        )
    }
}

/// A one-line text field at `path`: its label, optional hint and error,
/// tied together with `aria-describedby` and `aria-invalid`. `numeric` asks
/// phones for the number keyboard.
/// What a field's control needs to be tied to its label, hint and error.
struct Tie {
    id: String,
    error: Memo<Option<String>>,
    describe: Box<dyn Fn() -> Option<String> + Send + Sync>,
}

/// A field at `path`: label, optional hint, error line, then the control
/// `control` draws with the [`Tie`] (id, `aria-describedby`, the error).
fn tied_field<K: Text + Send + Sync, V: IntoView + 'static>(
    path: String,
    label: K,
    hint: Option<K>,
    control: impl FnOnce(Tie) -> V,
) -> impl IntoView {
    let id = field_id(&path);
    let err_id = error_id(&path);
    let hint = hint.map(|h| (h, hint_id(&path)));
    let error = use_error(path);
    let describe = Box::new(described(
        hint.as_ref().map(|(_, id)| id.clone()),
        err_id.clone(),
        error,
    ));
    let label_for = id.clone();
    view! {
        <div class="field" class:field-has-error=move || error.get().is_some()>
            <label for=label_for>{t(label)}</label>
            {hint.map(|(h, id)| view! { <Hint id>{t(h)}</Hint> })}
            <ErrorLine id=err_id message=error />
            {control(Tie { id, error, describe })}
        </div>
    }
}

#[component]
pub fn TextInput<K: Text + Send + Sync>(
    path: String,
    label: K,
    value: RwSignal<String>,
    #[prop(optional)] hint: Option<K>,
    #[prop(optional)] numeric: bool,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    tied_field(path, label, hint, move |tie| {
        let error = tie.error;
        view! {
            <input
                id=tie.id
                type=kind
                class:input-short=numeric
                inputmode=numeric.then_some("numeric")
                autocomplete=autocomplete.unwrap_or("off")
                spellcheck="false"
                bind:value=value
                aria-describedby=tie.describe
                aria-invalid=move || error.get().map(|_| "true")
            />
        }
    })
}

/// A text area at `path` (several lines: pasted references, a message):
/// its label, optional hint and error, tied like [`TextInput`]'s.
#[component]
pub fn TextArea<K: Text + Send + Sync>(
    path: String,
    label: K,
    value: RwSignal<String>,
    #[prop(optional)] hint: Option<K>,
    #[prop(default = 5)] rows: u32,
) -> impl IntoView {
    tied_field(path, label, hint, move |tie| {
        let error = tie.error;
        view! {
            <textarea
                id=tie.id
                rows=rows
                autocomplete="off"
                spellcheck="false"
                bind:value=value
                aria-describedby=tie.describe
                aria-invalid=move || error.get().map(|_| "true")
            ></textarea>
        }
    })
}

//! What the form keeps: the answers as typed (the draft), the registrations
//! waiting to be sent (the outbox) and the receipt of the last one delivered.
//! Everything is kept on the phone through `crate::storage`, under
//! `portal.register.*`, and mirrored in signals so every page sees changes.
//!
//! * `register.draft`: `{"saved_at": unix, "key": "<uuid v4>", "answers": {..}}`.
//!   Deleted 7 days after the last change, unless it is waiting in the outbox.
//! * `register.outbox`: `[{"key", "body": RegistrationRequest, "queued_at"}]`,
//!   kept until delivered or deleted by the person.
//! * `register.receipt`: `{"reference","received_at","help_needed":[..]}`, read
//!   by the advisories page too: keep this shape.

use contract::registration::{
    ForcedToWork, HelpNeeded, HomeContact, PassportStatus, RegistrationRequest, Sex, Whatsapp,
};
use contract::{FieldError, Lang};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};

pub const DRAFT_KEY: &str = "register.draft";
pub const OUTBOX_KEY: &str = "register.outbox";
pub const RECEIPT_KEY: &str = "register.receipt";
/// Unsent answers are deleted this long after the last change.
pub const DRAFT_MAX_AGE_SECS: i64 = 7 * 24 * 3600;

/// How the person answered the WhatsApp question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaChoice {
    Same,
    Other,
    No,
}

/// The answers exactly as typed, so nothing is changed behind the person's
/// back; [`Answers::request`] turns them into the contract's request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Answers {
    pub full_name: String,
    pub date_of_birth: String,
    pub sex: Option<Sex>,
    pub nik: String,
    pub passport_status: Option<PassportStatus>,
    pub passport_number: String,
    pub phone: String,
    pub whatsapp: Option<WaChoice>,
    pub whatsapp_number: String,
    pub location: String,
    pub people_with_you: String,
    pub help_needed: BTreeSet<HelpNeeded>,
    pub help_other: String,
    pub forced_to_work: Option<ForcedToWork>,
    pub home_name: String,
    pub home_phone: String,
    pub home_relationship: String,
    pub consent: bool,
}

/// The text answers, so one input component serves them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextAnswer {
    FullName,
    DateOfBirth,
    Nik,
    PassportNumber,
    Phone,
    WhatsappNumber,
    Location,
    PeopleWithYou,
    HelpOther,
    HomeName,
    HomePhone,
    HomeRelationship,
}

fn optional(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_string())
}

impl Answers {
    pub fn text(&self, t: TextAnswer) -> &str {
        match t {
            TextAnswer::FullName => &self.full_name,
            TextAnswer::DateOfBirth => &self.date_of_birth,
            TextAnswer::Nik => &self.nik,
            TextAnswer::PassportNumber => &self.passport_number,
            TextAnswer::Phone => &self.phone,
            TextAnswer::WhatsappNumber => &self.whatsapp_number,
            TextAnswer::Location => &self.location,
            TextAnswer::PeopleWithYou => &self.people_with_you,
            TextAnswer::HelpOther => &self.help_other,
            TextAnswer::HomeName => &self.home_name,
            TextAnswer::HomePhone => &self.home_phone,
            TextAnswer::HomeRelationship => &self.home_relationship,
        }
    }

    pub fn text_mut(&mut self, t: TextAnswer) -> &mut String {
        match t {
            TextAnswer::FullName => &mut self.full_name,
            TextAnswer::DateOfBirth => &mut self.date_of_birth,
            TextAnswer::Nik => &mut self.nik,
            TextAnswer::PassportNumber => &mut self.passport_number,
            TextAnswer::Phone => &mut self.phone,
            TextAnswer::WhatsappNumber => &mut self.whatsapp_number,
            TextAnswer::Location => &mut self.location,
            TextAnswer::PeopleWithYou => &mut self.people_with_you,
            TextAnswer::HelpOther => &mut self.help_other,
            TextAnswer::HomeName => &mut self.home_name,
            TextAnswer::HomePhone => &mut self.home_phone,
            TextAnswer::HomeRelationship => &mut self.home_relationship,
        }
    }

    /// "How many other people": empty is 0; anything that is not a small
    /// whole number becomes 255, which the contract reports as `out_of_range`
    /// ("Write a number from 0 to 50").
    pub fn people(&self) -> u8 {
        let s = self.people_with_you.trim();
        if s.is_empty() {
            0
        } else {
            s.parse().unwrap_or(u8::MAX)
        }
    }

    /// The request the contract validates and the backend stores.
    pub fn request(&self, lang: Lang) -> RegistrationRequest {
        let home = HomeContact {
            name: self.home_name.clone(),
            phone: self.home_phone.clone(),
            relationship: self.home_relationship.clone(),
        };
        let home_empty = [&home.name, &home.phone, &home.relationship]
            .iter()
            .all(|s| s.trim().is_empty());
        RegistrationRequest {
            full_name: self.full_name.clone(),
            date_of_birth: self.date_of_birth.clone(),
            nik: optional(&self.nik),
            sex: self.sex,
            passport_status: self.passport_status.unwrap_or_default(),
            passport_number: optional(&self.passport_number),
            phone: self.phone.clone(),
            whatsapp: match self.whatsapp {
                Some(WaChoice::Same) => Whatsapp::SameAsPhone,
                Some(WaChoice::Other) => Whatsapp::Number(self.whatsapp_number.clone()),
                Some(WaChoice::No) | None => Whatsapp::None,
            },
            location: self.location.clone(),
            people_with_you: self.people(),
            help_needed: self.help_needed.clone(),
            help_other: if self.help_needed.contains(&HelpNeeded::Other) {
                optional(&self.help_other)
            } else {
                None
            },
            forced_to_work: self.forced_to_work,
            home_contact: (!home_empty).then_some(home),
            consent: self.consent,
            lang,
        }
    }
}

/// The form in progress.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// Unix seconds of the last change.
    pub saved_at: i64,
    /// The `Idempotency-Key` of this registration, made at the first answer
    /// and kept until the registration is delivered.
    pub key: String,
    pub answers: Answers,
}

impl Draft {
    pub fn is_empty(&self) -> bool {
        self.answers == Answers::default()
    }
}

/// A registration waiting to be delivered: the exact body and key to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queued {
    pub key: String,
    pub body: RegistrationRequest,
    pub queued_at: i64,
}

/// What stays on the phone after delivery (shape shared with the advisories page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub reference: String,
    pub received_at: String,
    #[serde(default)]
    pub help_needed: Vec<HelpNeeded>,
}

/// Why a registration is not delivered yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    Offline,
    Network,
    Timeout,
    /// A 5xx, or an answer that was not the contract's (a proxy's HTML page,
    /// cut-off JSON): not known to be delivered, so it is sent again.
    Server,
}

/// Where one registration (by key) stands, for the pages to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Sending,
    /// Will be retried by itself.
    Waiting(Why),
    /// 429: retried by itself after this many seconds.
    RateLimited(u32),
    Delivered(Receipt),
    /// 409: the key was stored before with other answers.
    Conflict,
    /// 410 `deleted`: the embassy stored it once and deleted it since
    /// (retention, or by hand). Final: never sent again with this key.
    Deleted,
    /// 422: answers to correct (kept in `Store::pending_errors`).
    Invalid,
    /// 400/413/415 and the like: not stored; the code says what to do.
    Rejected(String),
}

impl Status {
    /// True while the registration is in the outbox and retried by itself.
    pub fn is_pending(&self) -> bool {
        matches!(
            self,
            Status::Sending | Status::Waiting(_) | Status::RateLimited(_)
        )
    }
}

/// The form's shared state. One per app: signals live outside any component
/// so the outbox loop and every page see the same state.
#[derive(Clone)]
pub struct Store {
    pub draft: ArcRwSignal<Draft>,
    pub outbox: ArcRwSignal<Vec<Queued>>,
    pub receipt: ArcRwSignal<Option<Receipt>>,
    pub status: ArcRwSignal<BTreeMap<String, Status>>,
    /// Errors to show on the question pages (from the backend's 422, or from
    /// checking every answer before sending).
    pub pending_errors: ArcRwSignal<Vec<FieldError>>,
    /// False when the last write to the phone's storage failed.
    pub storage_ok: ArcRwSignal<bool>,
}

thread_local! {
    static STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
    /// True once the outbox was written successfully: a missing outbox key
    /// then means it was deleted (e.g. by "delete all my data").
    static OUTBOX_PERSISTED: Cell<bool> = const { Cell::new(false) };
}

/// The shared state, loaded from the phone the first time.
pub fn store() -> Store {
    STORE.with(|s| {
        s.borrow_mut()
            .get_or_insert_with(|| Store {
                draft: ArcRwSignal::new(load_draft()),
                outbox: ArcRwSignal::new(load_outbox().unwrap_or_default()),
                receipt: ArcRwSignal::new(load_receipt()),
                status: ArcRwSignal::new(BTreeMap::new()),
                pending_errors: ArcRwSignal::new(Vec::new()),
                storage_ok: ArcRwSignal::new(true),
            })
            .clone()
    })
}

fn load_json<T: for<'de> Deserialize<'de>>(key: &str) -> Option<T> {
    crate::storage::get(key).and_then(|s| serde_json::from_str(&s).ok())
}

fn save_json<T: Serialize>(key: &str, value: &T) -> bool {
    serde_json::to_string(value).is_ok_and(|s| crate::storage::set(key, &s))
}

/// True if a draft saved at `saved_at` is too old to keep at `now`.
pub fn draft_expired(saved_at: i64, now: i64) -> bool {
    now - saved_at > DRAFT_MAX_AGE_SECS
}

fn load_draft() -> Draft {
    let Some(draft) = load_json::<Draft>(DRAFT_KEY) else {
        return Draft::default();
    };
    let queued = load_outbox()
        .unwrap_or_default()
        .iter()
        .any(|q| q.key == draft.key);
    if draft_expired(draft.saved_at, crate::dom::now_unix()) && !queued {
        crate::storage::remove(DRAFT_KEY);
        return Draft::default();
    }
    draft
}

/// The outbox as kept on the phone; `None` when it cannot be read. Entries
/// are read one by one, so one damaged entry cannot take the others with it.
fn load_outbox() -> Option<Vec<Queued>> {
    let text = crate::storage::get(OUTBOX_KEY)?;
    let entries: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
    Some(
        entries
            .into_iter()
            .filter_map(|e| serde_json::from_value(e).ok())
            .collect(),
    )
}

fn load_receipt() -> Option<Receipt> {
    load_json::<Receipt>(RECEIPT_KEY).filter(|r| contract::reference::is_valid(&r.reference))
}

impl Store {
    /// Reads everything again from the phone: another page (privacy) may
    /// have deleted it, or another tab changed it.
    pub fn reload(&self) {
        let draft = load_draft();
        if self.draft.get_untracked() != draft {
            self.draft.set(draft);
        }
        self.sync_outbox();
        let receipt = load_receipt();
        if self.receipt.get_untracked() != receipt {
            self.receipt.set(receipt);
        }
    }

    /// Takes the outbox from the phone, unless the phone could never store it
    /// (then the copy in memory is the only one, and is kept).
    pub fn sync_outbox(&self) {
        let stored = match load_outbox() {
            Some(list) => list,
            None if OUTBOX_PERSISTED.get() => Vec::new(),
            None => return,
        };
        if self.outbox.get_untracked() != stored {
            self.outbox.set(stored);
        }
    }

    /// Changes the answers and saves them at once (autosave).
    pub fn update_answers(&self, f: impl FnOnce(&mut Answers)) {
        let mut draft = self.draft.get_untracked();
        f(&mut draft.answers);
        if draft.key.is_empty() {
            draft.key = super::outbox::new_key();
        }
        draft.saved_at = crate::dom::now_unix();
        self.save_draft(draft);
    }

    pub fn save_draft(&self, draft: Draft) {
        let ok = if draft.is_empty() {
            crate::storage::remove(DRAFT_KEY);
            true
        } else {
            save_json(DRAFT_KEY, &draft)
        };
        self.storage_ok.set(ok);
        self.draft.set(draft);
    }

    /// "Start again" / "Delete my answers": the draft, and its registration
    /// if it is waiting to be sent.
    pub fn delete_draft(&self) {
        let key = self.draft.get_untracked().key;
        crate::storage::remove(DRAFT_KEY);
        self.draft.set(Draft::default());
        self.pending_errors.set(Vec::new());
        if !key.is_empty() {
            self.remove_queued(&key);
            self.status.update(|m| {
                m.remove(&key);
            });
        }
    }

    pub fn set_outbox(&self, list: Vec<Queued>) {
        let ok = if list.is_empty() {
            crate::storage::remove(OUTBOX_KEY);
            true
        } else {
            save_json(OUTBOX_KEY, &list)
        };
        if ok {
            OUTBOX_PERSISTED.set(true);
        }
        self.storage_ok.set(ok);
        self.outbox.set(list);
    }

    pub fn remove_queued(&self, key: &str) {
        let mut list = self.outbox.get_untracked();
        let before = list.len();
        list.retain(|q| q.key != key);
        if list.len() != before {
            self.set_outbox(list);
        }
    }

    pub fn is_queued(&self, key: &str) -> bool {
        !key.is_empty()
            && self
                .outbox
                .with_untracked(|l| l.iter().any(|q| q.key == key))
    }

    pub fn set_receipt(&self, receipt: Option<Receipt>) {
        match &receipt {
            Some(r) => {
                save_json(RECEIPT_KEY, r);
            }
            None => crate::storage::remove(RECEIPT_KEY),
        }
        self.receipt.set(receipt);
    }

    pub fn set_status(&self, key: &str, status: Status) {
        self.status.update(|m| {
            m.insert(key.to_string(), status);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_with_you_reads_numbers_only() {
        let mut a = Answers::default();
        assert_eq!(a.people(), 0);
        a.people_with_you = " 3 ".into();
        assert_eq!(a.people(), 3);
        for bad in ["-1", "three", "1000", "2.5"] {
            a.people_with_you = bad.into();
            assert_eq!(a.people(), u8::MAX, "{bad}");
        }
    }

    #[test]
    fn request_leaves_out_empty_optional_answers() {
        let mut a = Answers {
            full_name: "Siti".into(),
            help_other: "obat".into(),
            whatsapp: Some(WaChoice::Other),
            whatsapp_number: "+855 12 345 678".into(),
            ..Answers::default()
        };
        let r = a.request(Lang::En);
        assert_eq!(r.nik, None);
        assert_eq!(r.home_contact, None);
        assert_eq!(r.help_other, None, "help_other only with `other`");
        assert_eq!(r.whatsapp, Whatsapp::Number("+855 12 345 678".into()));
        a.help_needed.insert(HelpNeeded::Other);
        a.home_relationship = "ibu".into();
        let r = a.request(Lang::Id);
        assert_eq!(r.help_other.as_deref(), Some("obat"));
        assert_eq!(r.home_contact.map(|h| h.relationship), Some("ibu".into()));
        assert_eq!(r.lang, Lang::Id);
    }

    #[test]
    fn receipt_json_has_the_shared_shape() {
        let r = Receipt {
            reference: "7KQ4-M2XHF".into(),
            received_at: "2026-01-19T08:00:00Z".into(),
            help_needed: vec![HelpNeeded::TravelDocument, HelpNeeded::Shelter],
        };
        assert_eq!(
            serde_json::to_string(&r).unwrap_or_default(),
            r#"{"reference":"7KQ4-M2XHF","received_at":"2026-01-19T08:00:00Z","help_needed":["travel_document","shelter"]}"#
        );
    }

    #[test]
    fn drafts_expire_after_seven_days() {
        assert!(!draft_expired(0, DRAFT_MAX_AGE_SECS));
        assert!(draft_expired(0, DRAFT_MAX_AGE_SECS + 1));
    }

    #[test]
    fn a_draft_survives_unknown_or_missing_fields() {
        let d: Draft = serde_json::from_str(r#"{"key":"k","answers":{"full_name":"A","new":1}}"#)
            .unwrap_or_default();
        assert_eq!(d.key, "k");
        assert_eq!(d.answers.full_name, "A");
    }
}

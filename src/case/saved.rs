//! What "Where is my case?" keeps on the phone, under `portal.` keys (the
//! privacy page names them; the wipe removes them): the last answer, so it
//! can be shown offline with its age, and the date of birth only when the
//! person chose "remember on this phone". Read leniently: a broken value
//! is ignored.

use contract::case::CaseStatus;
use serde::{Deserialize, Serialize};

const LAST: &str = "case.last";
const BIRTH_DATE: &str = "case.dob";

/// The last answer, for one reference, and when it came (Unix seconds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastAnswer {
    pub reference: String,
    pub status: CaseStatus,
    pub fetched_at: i64,
}

pub fn last() -> Option<LastAnswer> {
    let text = crate::storage::get(LAST)?;
    serde_json::from_str(&text).ok()
}

pub fn keep_last(answer: &LastAnswer) {
    if let Ok(text) = serde_json::to_string(answer) {
        crate::storage::set(LAST, &text);
    }
}

pub fn birth_date() -> Option<String> {
    crate::storage::get(BIRTH_DATE).filter(|d| !d.trim().is_empty())
}

/// Keeps the date of birth if `remember`, else forgets any kept one.
pub fn remember_birth_date(remember: bool, date: &str) {
    if remember {
        crate::storage::set(BIRTH_DATE, date);
    } else {
        crate::storage::remove(BIRTH_DATE);
    }
}

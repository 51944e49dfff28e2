//! A case as staff see it: the person's answer plus who made each change
//! and the version a change must be made from.

use serde::{Deserialize, Serialize};

use super::lookup::{CaseStatus, StageChange};
use super::update::Invitation;
use crate::{ErrorBody, Localized};

/// One change, with who made it (a staff account's name; empty for the
/// registration itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffStageChange {
    pub stage: String,
    pub at: String,
    #[serde(default)]
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRecord {
    pub stage: String,
    /// How many changes the case has had (0 = as registered).
    pub version: u32,
    pub changed_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<Invitation>,
    /// Oldest first; the first entry is the registration.
    #[serde(default)]
    pub history: Vec<StaffStageChange>,
}

impl CaseRecord {
    /// What the person is shown: the same case without who made the changes.
    pub fn for_the_person(&self, check_again_seconds: u32) -> CaseStatus {
        CaseStatus {
            stage: self.stage.clone(),
            changed_at: self.changed_at.clone(),
            note: self.note.clone(),
            invitation: self.invitation.clone(),
            history: self
                .history
                .iter()
                .map(|h| StageChange {
                    stage: h.stage.clone(),
                    at: h.at.clone(),
                })
                .collect(),
            check_again_seconds,
        }
    }
}

/// 409 `case_conflict`: the case changed since the version the change was
/// made from; `case` is the case as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseConflict {
    pub error: ErrorBody,
    pub case: CaseRecord,
}

/// The error code of [`CaseConflict`].
pub const CASE_CONFLICT: &str = "case_conflict";

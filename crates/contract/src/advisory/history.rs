//! History of posted advisories (staff).

use super::Advisory;
use serde::{Deserialize, Serialize};

/// Response of `GET /api/v1/advisories/history` (staff): newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvisoryHistory {
    pub items: Vec<HistoryEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub id: i64,
    /// RFC 3339, when it was posted (equals the advisory's `updated_at`).
    pub posted_at: String,
    pub advisory: Advisory,
}

//! The compiled guidance files the app loads (`/content/<lang>/...`), written
//! at build time by `xtask`'s content compiler. A test in `xtask` checks that
//! what it writes reads back into these types, so the two cannot drift.

use serde::{Deserialize, Serialize};

/// One entry of `/content/<lang>/index.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// `travel`, `documents`, `exit`, `embassy`, `safety`, `family`.
    pub topic: String,
    pub order: u32,
    /// `YYYY-MM-DD`
    pub last_reviewed: String,
    #[serde(default)]
    pub sample: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    pub id: String,
    pub text: String,
}

/// `/content/<lang>/<slug>.json`: one article with its sanitized HTML body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleDoc {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub topic: String,
    pub last_reviewed: String,
    #[serde(default)]
    pub sample: bool,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub toc: Vec<TocEntry>,
    /// Sanitized at build time: no raw HTML from the Markdown reaches it.
    pub html: String,
}

/// The topics in listing order.
pub const TOPICS: [&str; 6] = ["travel", "documents", "exit", "embassy", "safety", "family"];

//! Queue advisories (`GET/POST /api/v1/advisories`, status pages).
//! Being implemented: see issue 9.

use crate::db::{Db, DbError};
use crate::AppState;
use axum::Router;

pub const MIGRATION: &str = "";

#[derive(Clone, Default)]
pub struct State {}

impl State {
    pub fn load(_db: &Db) -> Result<State, DbError> {
        Ok(State {})
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
}

/// Server-rendered pages outside `/api` (the status pages).
pub fn pages() -> Router<AppState> {
    Router::new()
}

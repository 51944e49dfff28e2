//! Pre-registrations (`POST /api/v1/registrations`, staff look-up).
//! Being implemented: see issue 5.

use crate::AppState;
use axum::Router;

pub const MIGRATION: &str = "";

#[derive(Clone, Default)]
pub struct State {}

pub fn routes() -> Router<AppState> {
    Router::new()
}

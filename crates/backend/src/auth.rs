//! Staff authentication: `Authorization: Bearer <PORTAL_STAFF_TOKEN>`,
//! compared in constant time. Staff endpoints answer 401 while no token is set.

use crate::api_error::ApiErr;
use crate::AppState;
use axum::http::{header, HeaderMap};
use subtle::ConstantTimeEq;

pub fn require_staff(state: &AppState, headers: &HeaderMap) -> Result<(), ApiErr> {
    let Some(expected) = state.staff_token.as_deref() else {
        return Err(ApiErr::unauthorized());
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    // Compare digests so the comparison time does not depend on the length either.
    use sha2::{Digest, Sha256};
    let a = Sha256::digest(given.as_bytes());
    let b = Sha256::digest(expected.as_bytes());
    if bool::from(a.ct_eq(&b)) {
        Ok(())
    } else {
        Err(ApiErr::unauthorized())
    }
}

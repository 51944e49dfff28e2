//! Registration request builders shared by the registration test files.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Request};
use serde_json::{json, Value};

pub fn uuid_v4() -> String {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).expect("random");
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

pub fn valid_body() -> Value {
    json!({
        "full_name": "Siti Aminah",
        "date_of_birth": "2001-08-17",
        "nik": "3174 0557 0801 0001",
        "sex": "female",
        "passport_status": "held_by_others",
        "phone": "0812-3456-7890",
        "whatsapp": "same_as_phone",
        "location": "  Phnom   Penh ",
        "people_with_you": 2,
        "help_needed": ["travel_document", "repatriation"],
        "forced_to_work": "prefer_not_to_say",
        "home_contact": { "name": "Aminah binti Ahmad", "phone": "+62 813 1111 2222", "relationship": "ibu" },
        "consent": true,
        "lang": "id"
    })
}

pub fn post_raw(
    body: impl Into<Body>,
    key: Option<&str>,
    content_type: Option<&str>,
) -> Request<Body> {
    let mut r = Request::post("/api/v1/registrations");
    if let Some(k) = key {
        r = r.header("idempotency-key", k);
    }
    if let Some(ct) = content_type {
        r = r.header(header::CONTENT_TYPE, ct);
    }
    r.body(body.into()).expect("request")
}

pub fn post(body: &Value, key: &str) -> Request<Body> {
    post_raw(body.to_string(), Some(key), Some("application/json"))
}

pub fn staff_get(reference: &str, token: Option<&str>) -> Request<Body> {
    let mut r = Request::get(format!("/api/v1/registrations/{reference}"));
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    r.body(Body::empty()).expect("request")
}

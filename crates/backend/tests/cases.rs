//! Cases: the person's lookup (one answer for every failure, the
//! per-reference lock, no personal data) and the staff change of a case
//! (the version check), against a real SQLite file.

mod common;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use backend::cases::{lookup_case, FAILURES_BEFORE_LOCK, LOCK, MIN_ANSWER};
use common::reg::*;
use common::*;
use serde_json::{json, Value};
use std::time::Instant;

async fn register(t: &TestApp) -> String {
    let res = t.send(post(&valid_body(), &uuid_v4())).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    body_json(res).await["reference"]
        .as_str()
        .expect("reference")
        .to_string()
}

fn lookup(reference: &str, date_of_birth: &str) -> Request<Body> {
    Request::post("/api/v1/cases/lookup")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({ "reference": reference, "date_of_birth": date_of_birth }).to_string(),
        ))
        .expect("request")
}

fn change(reference: &str, body: Value, token: Option<&str>) -> Request<Body> {
    let mut r = Request::put(format!("/api/v1/registrations/{reference}/case"))
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    r.body(Body::from(body.to_string())).expect("request")
}

/// Status, the headers a client could tell apart, and the body bytes.
async fn answer(t: &TestApp, req: Request<Body>) -> (StatusCode, Vec<(String, String)>, String) {
    let res = t.send(req).await;
    let status = res.status();
    let mut headers: Vec<(String, String)> = res
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    headers.sort();
    (status, headers, body_string(res).await)
}

/// A valid reference (its check symbol is right) that nobody has.
fn unknown_reference(taken: &str) -> String {
    let mut n = 0u64;
    loop {
        let r = contract::reference::generate(n.to_le_bytes());
        if r != taken {
            return r;
        }
        n += 1;
    }
}

#[tokio::test]
async fn the_person_sees_the_stage_and_no_field_of_the_registration() {
    let t = test_app();
    let reference = register(&t).await;
    // The date of birth typed in any common way, the reference in any case and without the dash.
    for (typed_ref, dob) in [
        (reference.clone(), "2001-08-17"),
        (reference.to_lowercase().replace('-', ""), "17-08-2001"),
        (reference.to_lowercase(), "17/8/2001"),
    ] {
        let res = t.send(lookup(&typed_ref, dob)).await;
        assert_eq!(res.status(), StatusCode::OK, "{typed_ref} {dob}");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
        let text = body_string(res).await;
        let v: Value = serde_json::from_str(&text).expect("json");
        assert_eq!(v["stage"], "registered");
        assert_eq!(v["history"].as_array().map(Vec::len), Some(1));
        assert_eq!(v["check_again_seconds"], 300);
        let keys: Vec<&str> = v
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            ["changed_at", "check_again_seconds", "history", "stage"]
        );
        for personal in [
            "Siti", "Aminah", "3174", "812", "2001", "Phnom", "ibu", "female",
        ] {
            assert!(!text.contains(personal), "{personal} in {text}");
        }
    }
}

#[tokio::test]
async fn every_failure_is_the_same_answer_byte_for_byte_and_not_faster() {
    let t = test_app();
    let reference = register(&t).await;
    let unknown = unknown_reference(&reference);
    let mut wrong_check = reference.clone();
    let last = wrong_check.pop().expect("last");
    wrong_check.push(if last == '2' { '3' } else { '2' });
    let cases = [
        (unknown.clone(), "2001-08-17".to_string()),
        (reference.clone(), "2001-08-18".to_string()),
        (wrong_check, "2001-08-17".to_string()),
        (reference.clone(), "not a date".to_string()),
        (String::new(), String::new()),
    ];
    let mut answers = Vec::new();
    for (r, d) in &cases {
        let started = Instant::now();
        let a = answer(&t, lookup(r, d)).await;
        assert!(
            started.elapsed() >= MIN_ANSWER,
            "{r} {d}: {:?}",
            started.elapsed()
        );
        answers.push(a);
    }
    let first = &answers[0];
    assert_eq!(first.0, StatusCode::NOT_FOUND);
    assert!(first.2.contains("\"lookup_failed\""), "{}", first.2);
    for a in &answers {
        assert_eq!(a, first);
    }
    // A success waits as long.
    let started = Instant::now();
    assert_eq!(
        t.send(lookup(&reference, "2001-08-17")).await.status(),
        StatusCode::OK
    );
    assert!(started.elapsed() >= MIN_ANSWER);
}

#[tokio::test]
async fn five_wrong_birth_dates_lock_the_reference_for_fifteen_minutes() {
    let t = test_app();
    let reference = register(&t).await;
    let unknown = unknown_reference(&reference);
    let failure = answer(&t, lookup(&unknown, "2001-08-17")).await;
    for _ in 0..FAILURES_BEFORE_LOCK {
        assert_eq!(answer(&t, lookup(&reference, "1999-01-01")).await, failure);
    }
    // Locked: the right date answers the same failure.
    assert_eq!(answer(&t, lookup(&reference, "2001-08-17")).await, failure);
    // After the lock, the right date works again (the clock is a parameter).
    let path = t.dir.path().join("data").join("portal.sqlite3");
    let mut conn = rusqlite::Connection::open(path).expect("open");
    let stages = t.state.stages.clone();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    let during = lookup_case(&mut conn, &reference, "2001-08-17", &stages, now + 60).expect("db");
    assert!(during.is_none());
    let after = lookup_case(
        &mut conn,
        &reference,
        "2001-08-17",
        &stages,
        now + LOCK.as_secs() as i64 + 1,
    )
    .expect("db");
    assert_eq!(after.map(|c| c.stage).as_deref(), Some("registered"));
    // Four wrong dates and a right one: the count starts again.
    for _ in 0..4 {
        assert!(
            lookup_case(&mut conn, &reference, "1999-01-01", &stages, now + 2000)
                .expect("db")
                .is_none()
        );
    }
    assert!(
        lookup_case(&mut conn, &reference, "2001-08-17", &stages, now + 2000)
            .expect("db")
            .is_some()
    );
    assert!(
        lookup_case(&mut conn, &reference, "1999-01-01", &stages, now + 2000)
            .expect("db")
            .is_none()
    );
    assert!(
        lookup_case(&mut conn, &reference, "2001-08-17", &stages, now + 2000)
            .expect("db")
            .is_some()
    );
}

#[tokio::test]
async fn staff_move_a_case_and_the_person_sees_it() {
    let t = test_app();
    let reference = register(&t).await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    let today = contract::time::local_date(now, t.state.profile.utc_offset_minutes);
    let next_year = format!(
        "{}{}",
        today[..4].parse::<u32>().expect("year") + 1,
        &today[4..]
    );
    let next_year = if next_year.ends_with("02-29") {
        next_year.replace("02-29", "02-28")
    } else {
        next_year
    };
    let body = json!({
        "stage": "interview",
        "version": 0,
        "note": { "id": "Bawa KTP Anda.", "en": "Bring your KTP." },
        "invitation": { "date": next_year, "from": "09:00", "to": "11:00",
                        "place": { "id": "Loket 2", "en": "Counter 2" } }
    });
    assert_eq!(
        t.send(change(&reference, body.clone(), None))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let res = t
        .send(change(&reference, body.clone(), Some(STAFF_TOKEN)))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let case = body_json(res).await;
    assert_eq!(case["version"], 1);
    assert_eq!(case["history"][1]["by"], "admin");

    // A second change made from the old version: a conflict, with the fresh case.
    let stale = json!({ "stage": "checked", "version": 0 });
    let res = t.send(change(&reference, stale, Some(STAFF_TOKEN))).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let conflict = body_json(res).await;
    assert_eq!(conflict["error"]["code"], "case_conflict");
    assert_eq!(conflict["case"]["stage"], "interview");
    assert_eq!(conflict["case"]["version"], 1);

    let res = t.send(lookup(&reference, "17.08.2001")).await;
    let v = body_json(res).await;
    assert_eq!(v["stage"], "interview");
    assert_eq!(v["note"]["en"], "Bring your KTP.");
    assert_eq!(v["invitation"]["place"]["en"], "Counter 2");
    assert_eq!(v["history"].as_array().map(Vec::len), Some(2));
    assert!(
        v["history"][1].get("by").is_none(),
        "who changed it is for staff only: {v}"
    );

    let res = t
        .send(get_with_token(&format!(
            "/api/v1/registrations/{reference}/case"
        )))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body_json(res).await["stage"], "interview");
}

fn get_with_token(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::AUTHORIZATION, format!("Bearer {STAFF_TOKEN}"))
        .body(Body::empty())
        .expect("request")
}

#[tokio::test]
async fn bad_changes_are_refused_with_the_field_named() {
    let t = test_app();
    let reference = register(&t).await;
    for (body, status, code) in [
        (
            json!({ "stage": "from-the-future", "version": 0 }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        ),
        (
            json!({ "stage": "checked" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            json!({ "stage": "checked", "version": 0, "note": { "id": "x".repeat(201), "en": "ok" } }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        ),
    ] {
        let res = t
            .send(change(&reference, body.clone(), Some(STAFF_TOKEN)))
            .await;
        assert_eq!(res.status(), status, "{body}");
        assert_eq!(body_json(res).await["error"]["code"], code, "{body}");
    }
    let unknown = unknown_reference(&reference);
    let res = t
        .send(change(
            &unknown,
            json!({ "stage": "checked", "version": 0 }),
            Some(STAFF_TOKEN),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = t
        .send(get_with_token("/api/v1/registrations/not-a-ref/case"))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(body_json(res).await["error"]["code"], "reference_invalid");
}

fn form_post(path: &str, reference: &str, dob: &str) -> Request<Body> {
    let body = format!(
        "reference={}&date_of_birth={}",
        reference.replace(' ', "+"),
        dob.replace('/', "%2F").replace(' ', "+")
    );
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .expect("request")
}

/// The page without what was typed (written back into the form on purpose).
fn without_values(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("value=\"") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 7..];
        rest = after.find('"').map_or("", |j| &after[j..]);
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn the_no_script_lookup_is_a_small_form_with_the_same_rules() {
    let t = test_app();
    let reference = register(&t).await;
    let res = t.send(get("/case/en")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let form = body_string(res).await;
    assert!(form.len() < 4096, "{} bytes", form.len());
    assert!(
        form.contains("<form method=\"post\" action=\"/case/en\">"),
        "{form}"
    );
    assert!(form.contains("<label for=\"reference\">Reference</label>"));
    assert!(!form.contains("<script"));

    // Typed wrong: the form again, the field's message tied to it, the text kept.
    let res = t.send(form_post("/case/id", "7KQ4 <b>", "17-05-90")).await;
    let html = body_string(res).await;
    assert!(html.contains("aria-invalid=\"true\""), "{html}");
    assert!(html.contains("id=\"reference-error\""), "{html}");
    assert!(html.contains("id=\"date_of_birth-error\""), "{html}");
    assert!(html.contains("value=\"7KQ4 &lt;b&gt;\""), "{html}");
    assert!(html.contains("value=\"17-05-90\""), "{html}");

    // An unknown reference and a wrong birth date: the same page but for what was typed.
    let started = Instant::now();
    let unknown = body_string(
        t.send(form_post(
            "/case/en",
            &unknown_reference(&reference),
            "2001-08-17",
        ))
        .await,
    )
    .await;
    assert!(started.elapsed() >= MIN_ANSWER);
    let wrong = body_string(t.send(form_post("/case/en", &reference, "18/8/2001")).await).await;
    assert!(unknown.contains("We cannot show a case"), "{unknown}");
    assert_eq!(without_values(&unknown), without_values(&wrong));

    // The right date: the stage, in words and symbols, and nothing of the person.
    let res = t
        .send(form_post(
            "/case/en",
            &reference.to_lowercase(),
            "17/8/2001",
        ))
        .await;
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let html = body_string(res).await;
    assert!(html.len() < 4096, "{} bytes", html.len());
    assert!(html.contains("<h2>Registered</h2>"), "{html}");
    assert!(
        html.contains("▶ Now: <strong>Registered</strong>"),
        "{html}"
    );
    assert!(html.contains("○ Still to come: Case closed"), "{html}");
    assert!(html.contains("You do not need to come to ask"), "{html}");
    assert!(
        html.contains("never asks for payment by phone or chat"),
        "{html}"
    );
    for personal in ["Siti", "Aminah", "3174", "Phnom", &reference] {
        assert!(!html.contains(personal), "{personal} in the page");
    }
}

/// A lookup waiting out its answer time holds none of the API's slots: with
/// 3 slots, 8 lookups started 30 ms apart (all within the first one's wait)
/// each get the one failure, none a 503, and none sooner than MIN_ANSWER;
/// a registration sent while they wait is stored.
#[tokio::test]
async fn lookups_waiting_for_their_answer_time_hold_no_api_slot() {
    use tower::ServiceExt;
    let t = test_app_with(|c| c.edge.max_api_requests = 3);
    let reference = register(&t).await;
    let unknown = unknown_reference(&reference);
    let mut lookups = tokio::task::JoinSet::new();
    for i in 0..8u8 {
        let app = t.app.clone();
        let mut req = lookup(&unknown, "2001-08-17");
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                [127, 0, 0, i + 2],
                40000,
            ))));
        lookups.spawn(async move {
            let started = Instant::now();
            let res = app.oneshot(req).await.expect("infallible");
            (res.status(), started.elapsed())
        });
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    }
    let res = t.send(post(&valid_body(), &uuid_v4())).await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "a registration beside them"
    );
    let mut answered = 0;
    while let Some(done) = lookups.join_next().await {
        let (status, took) = done.expect("lookup task");
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(took >= MIN_ANSWER, "{took:?}");
        answered += 1;
    }
    assert_eq!(answered, 8);
}

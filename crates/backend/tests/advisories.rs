//! Queue advisories (issue 9): the public document with ETag/304 and cache
//! rules, staff posting and history, the status pages, and persistence.

mod common;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use contract::time::format_rfc3339;
use serde_json::{json, Value};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

fn at(offset_s: i64) -> String {
    format_rfc3339(now() + offset_s)
}

fn post(uri: &str, token: Option<&str>, body: &str) -> Request<Body> {
    let mut b = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    b.body(Body::from(body.to_string())).expect("request")
}

fn staff_get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::AUTHORIZATION, format!("Bearer {STAFF_TOKEN}"))
        .body(Body::empty())
        .expect("request")
}

fn get_with(uri: &str, if_none_match: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::IF_NONE_MATCH, if_none_match)
        .body(Body::empty())
        .expect("request")
}

/// A realistic advisory, valid for the next hours.
fn advisory() -> Value {
    json!({
        "verdict": "invited_only",
        "invitation": {
            "date": "2026-01-19",
            "window_start": "09:00",
            "window_end": "12:00",
            "registered_before": at(-3600),
            "help_kinds": ["travel_document", "repatriation"]
        },
        "points": [
            {
                "id": "splp",
                "name": {"id": "SPLP (dokumen perjalanan)", "en": "SPLP (travel document)"},
                "status": "busy",
                "wait_min": 60, "wait_max": 120,
                "waiting_inside": 45, "line_outside": 80,
                "now_serving": "B041",
                "counters_open": 3, "counters_max": 4,
                "message": {"id": "Bawa fotokopi KTP.", "en": "Bring a copy of your ID card."}
            },
            {
                "id": "repatriation",
                "name": {"id": "Pemulangan", "en": "Going home"},
                "status": "open", "wait_max": 30
            },
            {
                "id": "shelter",
                "name": {"id": "Tempat tinggal sementara", "en": "Shelter"},
                "status": "suspended",
                "message": {"id": "Penuh. Tanyakan di loket SPLP.", "en": "Full. Ask at the SPLP desk."}
            }
        ],
        "notice": {
            "id": "Layanan KBRI gratis, kecuali biaya resmi SPLP. Waspada orang yang mengaku staf KBRI.",
            "en": "Embassy services are free, except the official SPLP fee. Beware of people pretending to be embassy staff."
        },
        "next_update_by": at(3600),
        "valid_until": at(4 * 3600)
    })
}

async fn post_ok(t: &TestApp, body: &Value) -> Value {
    let res = t
        .send(post(
            "/api/v1/advisories",
            Some(STAFF_TOKEN),
            &body.to_string(),
        ))
        .await;
    let status = res.status();
    let v = body_json(res).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    v
}

async fn field_errors(t: &TestApp, body: &Value) -> Vec<(String, String)> {
    let res = t
        .send(post(
            "/api/v1/advisories",
            Some(STAFF_TOKEN),
            &body.to_string(),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v = body_json(res).await;
    assert_eq!(v["error"]["code"], "validation", "{v}");
    v["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap_or("").to_string(),
                f["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn pair(f: &str, c: &str) -> (String, String) {
    (f.to_string(), c.to_string())
}

#[tokio::test]
async fn default_document_when_none_posted() {
    let t = test_app();
    let res = t.send(get("/api/v1/advisories")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/json");
    assert!(res.headers().contains_key(header::ETAG));
    let v = body_json(res).await;
    assert_eq!(
        v,
        json!({"verdict": "unknown", "points": [], "refresh_after_s": 300})
    );
}

#[tokio::test]
async fn cache_headers_and_conditional_requests() {
    let t = test_app();
    let res = t.send(get("/api/v1/advisories")).await;
    assert_eq!(
        res.headers()[header::CACHE_CONTROL],
        "public, max-age=30, stale-while-revalidate=60, stale-if-error=86400"
    );
    let etag = res.headers()[header::ETAG]
        .to_str()
        .expect("etag")
        .to_string();
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() > 10,
        "strong etag: {etag}"
    );

    for inm in [
        etag.clone(),
        format!("W/{etag}"),
        format!("\"other\", {etag}"),
        format!("W/\"other\",W/{etag} , \"x\""),
        "*".to_string(),
    ] {
        let res = t.send(get_with("/api/v1/advisories", &inm)).await;
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED, "{inm}");
        assert_eq!(res.headers()[header::ETAG], etag.as_str(), "{inm}");
        assert!(res.headers()[header::CACHE_CONTROL]
            .to_str()
            .expect("cc")
            .starts_with("public, max-age=30"));
        assert_eq!(body_string(res).await, "", "{inm}");
    }
    for inm in ["\"other\"", "W/\"other\"", etag.trim_matches('"')] {
        let res = t.send(get_with("/api/v1/advisories", inm)).await;
        assert_eq!(res.status(), StatusCode::OK, "{inm}");
    }

    // A new advisory changes the tag: the old one no longer matches.
    post_ok(&t, &advisory()).await;
    let res = t.send(get_with("/api/v1/advisories", &etag)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_ne!(res.headers()[header::ETAG], etag.as_str());
}

#[tokio::test]
async fn post_needs_the_staff_token() {
    let t = test_app();
    let body = advisory().to_string();
    for token in [None, Some("wrong-token-0123456789"), Some("")] {
        let res = t.send(post("/api/v1/advisories", token, &body)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(res.headers()[header::CONTENT_TYPE], "application/json");
        assert_eq!(body_json(res).await["error"]["code"], "unauthorized");
    }
    // Checked before the body: a bad body without a token is still 401.
    let res = t.send(post("/api/v1/advisories", None, "{not json")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // Nothing was stored.
    let v = body_json(t.send(get("/api/v1/advisories")).await).await;
    assert_eq!(v["verdict"], "unknown");
}

#[tokio::test]
async fn staff_endpoints_are_disabled_without_a_configured_token() {
    let t = test_app();
    let config = test_config(t.dir.path(), "data2", None);
    let app = backend::app(backend::AppState::new(&config).expect("state"));
    use tower::ServiceExt;
    for req in [
        post(
            "/api/v1/advisories",
            Some(STAFF_TOKEN),
            &advisory().to_string(),
        ),
        staff_get("/api/v1/advisories/history"),
    ] {
        let res = app.clone().oneshot(req).await.expect("infallible");
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn invalid_advisories_are_422_with_field_errors() {
    let t = test_app();

    let mut b = advisory();
    b["verdict"] = "go_elsewhere".into();
    let errs = field_errors(&t, &b).await;
    assert!(
        errs.contains(&pair("elsewhere.place", "required")),
        "{errs:?}"
    );
    assert!(
        errs.contains(&pair("elsewhere.address", "required")),
        "{errs:?}"
    );

    let mut b = advisory();
    b["valid_until"] = at(-60).into();
    let errs = field_errors(&t, &b).await;
    assert!(errs.contains(&pair("valid_until", "in_past")), "{errs:?}");

    let mut b = advisory();
    b["next_update_by"] = at(5 * 3600).into();
    assert_eq!(
        field_errors(&t, &b).await,
        [pair("next_update_by", "after_valid_until")]
    );

    let mut b = advisory();
    b["points"][0]["wait_min"] = 500.into();
    b["points"][0]["counters_open"] = 9.into();
    b["invitation"]["window_end"] = "08:00".into();
    b["notice"]["en"] = "".into();
    let errs = field_errors(&t, &b).await;
    for p in [
        pair("points[0].wait_min", "min_above_max"),
        pair("points[0].counters_open", "open_above_max"),
        pair("invitation.window_end", "end_before_start"),
        pair("notice", "missing_translation"),
    ] {
        assert!(errs.contains(&p), "{p:?} in {errs:?}");
    }

    let mut b = advisory();
    b["invitation"]["date"] = "19/01/2026".into();
    b["valid_until"] = "tomorrow".into();
    let errs = field_errors(&t, &b).await;
    assert!(errs.contains(&pair("invitation.date", "date_format")));
    assert!(errs.contains(&pair("valid_until", "datetime_format")));

    // Unknown fields and values are refused (staff input is strict).
    for (path, value) in [("updated_at", json!(at(0))), ("verdict", json!("comee"))] {
        let mut b = advisory();
        b[path] = value;
        let res = t
            .send(post(
                "/api/v1/advisories",
                Some(STAFF_TOKEN),
                &b.to_string(),
            ))
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_eq!(body_json(res).await["error"]["code"], "invalid_body");
    }
    let res = t
        .send(post("/api/v1/advisories", Some(STAFF_TOKEN), "{"))
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Nothing was stored.
    let v = body_json(t.send(get("/api/v1/advisories")).await).await;
    assert_eq!(v["verdict"], "unknown");
}

#[tokio::test]
async fn posted_advisory_is_served() {
    let t = test_app();
    let before = now();
    let res = t
        .send(post(
            "/api/v1/advisories",
            Some(STAFF_TOKEN),
            &advisory().to_string(),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let posted_tag = res.headers()[header::ETAG].clone();
    let posted = body_string(res).await;

    let res = t.send(get("/api/v1/advisories")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::ETAG], posted_tag);
    let served = body_string(res).await;
    assert_eq!(served, posted);

    let doc: contract::advisory::Advisory = serde_json::from_str(&served).expect("contract");
    assert_eq!(doc.verdict, contract::advisory::Verdict::InvitedOnly);
    assert_eq!(doc.points.len(), 3);
    assert_eq!(doc.points[0].now_serving.as_deref(), Some("B041"));
    assert_eq!(doc.refresh_after_s, 300);
    let updated = contract::time::parse_rfc3339(doc.updated_at.as_deref().expect("updated_at"))
        .expect("rfc3339");
    assert!((before..=now()).contains(&updated));
    assert_eq!(
        contract::advisory::freshness(&doc, now()),
        contract::advisory::Freshness::Current
    );
}

#[tokio::test]
async fn history_is_staff_only_and_newest_first() {
    let t = test_app();
    for verdict in ["come", "do_not_come", "invited_only"] {
        let mut b = advisory();
        b["verdict"] = verdict.into();
        post_ok(&t, &b).await;
    }
    let res = t.send(get("/api/v1/advisories/history")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = t
        .send(
            Request::get("/api/v1/advisories/history")
                .header(header::AUTHORIZATION, "Bearer wrong-token-0123456789")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    let res = t.send(staff_get("/api/v1/advisories/history")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let v = body_json(res).await;
    let verdicts: Vec<&str> = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["advisory"]["verdict"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(verdicts, ["invited_only", "do_not_come", "come"]);
    let ids: Vec<i64> = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_i64().unwrap_or(0))
        .collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "{ids:?}");
    assert_eq!(
        v["items"][0]["posted_at"],
        v["items"][0]["advisory"]["updated_at"]
    );

    let v = body_json(
        t.send(staff_get("/api/v1/advisories/history?limit=1"))
            .await,
    )
    .await;
    assert_eq!(v["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["items"][0]["advisory"]["verdict"], "invited_only");

    let res = t
        .send(staff_get("/api/v1/advisories/history?limit=abc"))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body_json(res).await["error"]["fields"][0]["field"], "limit");
}

async fn page(t: &TestApp, lang: &str) -> (axum::http::HeaderMap, String) {
    let res = t.send(get(&format!("/status/{lang}"))).await;
    assert_eq!(res.status(), StatusCode::OK, "{lang}");
    let headers = res.headers().clone();
    (headers, body_string(res).await)
}

fn assert_small_and_static(html: &str) {
    assert!(html.len() < 2048, "{} bytes:\n{html}", html.len());
    let lower = html.to_ascii_lowercase();
    for banned in [
        "<script", "<style", "style=", "http://", "https://", "<img", "<link", "<iframe",
    ] {
        assert!(!lower.contains(banned), "{banned} in {html}");
    }
}

#[tokio::test]
async fn status_page_without_advisory_gives_opening_hours() {
    let t = test_app();
    let (h, html) = page(&t, "id").await;
    assert_eq!(h[header::CONTENT_TYPE], "text/html; charset=utf-8");
    assert!(html.contains("<html lang=\"id\">"), "{html}");
    assert!(
        html.contains("Belum ada informasi antrean terbaru"),
        "{html}"
    );
    assert!(html.contains("Senin–Jumat: 08:00–16:00"), "{html}");
    assert!(
        html.contains("DATA CONTOH"),
        "sample profile is marked: {html}"
    );
    assert!(html.contains("href=\"/id\""), "{html}");
    assert_small_and_static(&html);

    let (_, html) = page(&t, "en").await;
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains("No current queue advisory"), "{html}");
    assert!(html.contains("Monday–Friday: 08:00–16:00"), "{html}");
    assert!(html.contains("href=\"/en\""), "{html}");
    assert_small_and_static(&html);
}

#[tokio::test]
async fn status_pages_show_the_advisory_in_both_languages() {
    let t = test_app();
    post_ok(&t, &advisory()).await;

    let (h, html) = page(&t, "id").await;
    assert_eq!(
        h[header::CACHE_CONTROL],
        "public, max-age=30, stale-while-revalidate=60, stale-if-error=86400"
    );
    assert!(h[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("csp")
        .contains("default-src 'self'"));
    assert!(html.contains("<html lang=\"id\">"));
    assert!(html.contains("Hanya untuk yang diundang"), "{html}");
    assert!(
        html.contains("Ramai. Waktu tunggu: 60–120 menit."),
        "{html}"
    );
    assert!(html.contains("Sekarang dilayani: B041"), "{html}");
    assert!(html.contains("Loket buka: 3 dari 4"), "{html}");
    assert!(html.contains("Diperbarui:"), "{html}");
    assert!(
        html.contains("Pembaruan berikutnya paling lambat:"),
        "{html}"
    );
    assert!(html.contains("(UTC+7)"), "{html}");
    assert!(html.contains("dokumen perjalanan (SPLP)"), "{html}");
    assert!(html.contains("href=\"/id\""));
    assert!(
        !html.contains("mungkin"),
        "fresh page does not warn: {html}"
    );
    assert_small_and_static(&html);

    let (_, html) = page(&t, "en").await;
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Invited people only"), "{html}");
    assert!(html.contains("Busy. Wait: 60–120 minutes."), "{html}");
    assert!(html.contains("Open. Wait: up to 30 minutes."), "{html}");
    assert!(
        html.contains("Shelter</strong>: Suspended. Wait time unknown."),
        "{html}"
    );
    assert!(html.contains("Embassy services are free"), "{html}");
    assert!(html.contains("Monday–Friday: 08:00–16:00"));
    assert!(html.contains("href=\"/en\""));
    assert_small_and_static(&html);

    // Conditional requests work on the pages too.
    let etag = h[header::ETAG].to_str().expect("etag").to_string();
    let res = t.send(get_with("/status/id", &format!("W/{etag}"))).await;
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    let res = t.send(get_with("/status/en", &etag)).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "each language has its own tag"
    );
}

#[tokio::test]
async fn status_pages_escape_html() {
    let t = test_app();
    let mut b = advisory();
    b["notice"] = json!({
        "id": "<script>alert('x')</script> & \"kutip\"",
        "en": "<script>alert('x')</script> & \"quote\""
    });
    b["points"][1]["name"]["en"] = "<b>Desk</b>".into();
    post_ok(&t, &b).await;
    let (_, html) = page(&t, "en").await;
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quote&quot;"),
        "{html}"
    );
    assert!(html.contains("&lt;b&gt;Desk&lt;/b&gt;"), "{html}");
    assert_small_and_static(&html);
}

#[tokio::test]
async fn status_page_redirect_and_head() {
    let t = test_app();
    let res = t.send(get("/status")).await;
    assert!(res.status().is_redirection());
    assert_eq!(res.headers()[header::LOCATION], "/status/id");
    let res = t
        .send(
            Request::head("/status/en")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().contains_key(header::ETAG));
}

fn reopen(t: &TestApp) -> axum::Router {
    let config = test_config(t.dir.path(), "data", Some(STAFF_TOKEN));
    backend::app(backend::AppState::new(&config).expect("state"))
}

async fn send_to(app: &axum::Router, req: Request<Body>) -> axum::http::Response<Body> {
    use tower::ServiceExt;
    app.clone().oneshot(req).await.expect("infallible")
}

#[tokio::test]
async fn the_latest_advisory_survives_a_restart() {
    let t = test_app();
    let mut first = advisory();
    first["verdict"] = "come".into();
    post_ok(&t, &first).await;
    let latest = post_ok(&t, &advisory()).await;
    let res = t.send(get("/api/v1/advisories")).await;
    let tag = res.headers()[header::ETAG].clone();

    let app = reopen(&t);
    let res = send_to(&app, get("/api/v1/advisories")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::ETAG], tag, "same bytes, same tag");
    assert_eq!(body_json(res).await, latest);
    let res = send_to(&app, get("/status/en")).await;
    assert!(body_string(res).await.contains("Invited people only"));
}

#[tokio::test]
async fn an_expired_advisory_is_shown_as_possibly_out_of_date() {
    let t = test_app();
    // Store an advisory that expired an hour ago, as if posted yesterday.
    let mut adv: contract::advisory::AdvisoryInput =
        serde_json::from_value(advisory()).expect("input");
    adv.next_update_by = at(-2 * 3600);
    adv.valid_until = at(-3600);
    let adv = adv.into_advisory(now() - 5 * 3600);
    {
        let conn =
            rusqlite::Connection::open(t.dir.path().join("data/portal.sqlite3")).expect("sqlite");
        conn.execute(
            "INSERT INTO advisories (posted_at, body) VALUES (?1, ?2)",
            (
                adv.updated_at.clone().expect("time"),
                serde_json::to_string(&adv).expect("json"),
            ),
        )
        .expect("insert");
    }
    let app = reopen(&t);
    let res = send_to(&app, get("/status/en")).await;
    let html = body_string(res).await;
    assert!(html.contains("This information has expired"), "{html}");
    assert!(
        html.contains("Last advisory: Invited people only"),
        "{html}"
    );
    assert!(html.contains("Valid until:"), "{html}");
    assert_small_and_static(&html);
    let res = send_to(&app, get("/status/id")).await;
    let html = body_string(res).await;
    assert!(html.contains("Informasi ini sudah tidak berlaku"), "{html}");

    // The document itself is served as stored; the app judges it stale.
    let res = send_to(&app, get("/api/v1/advisories")).await;
    let doc: contract::advisory::Advisory =
        serde_json::from_str(&body_string(res).await).expect("doc");
    assert_eq!(
        contract::advisory::freshness(&doc, now()),
        contract::advisory::Freshness::MayBeOutdated(
            contract::advisory::StaleReason::PastValidUntil
        )
    );
}

#[tokio::test]
async fn times_further_ahead_than_a_week_or_a_day_are_refused() {
    let t = test_app();
    // A typo of a year: current for decades on every phone and proxy.
    let mut b = advisory();
    b["valid_until"] = "2062-01-19T09:00:00Z".into();
    assert_eq!(
        field_errors(&t, &b).await,
        [pair("valid_until", "too_far_ahead")]
    );
    let mut b = advisory();
    b["valid_until"] = at(8 * 24 * 3600).into();
    b["next_update_by"] = at(25 * 3600).into();
    let errs = field_errors(&t, &b).await;
    assert!(
        errs.contains(&pair("valid_until", "too_far_ahead")),
        "{errs:?}"
    );
    assert!(
        errs.contains(&pair("next_update_by", "too_far_ahead")),
        "{errs:?}"
    );
    // The words come from i18n, in English for the API.
    let res = t
        .send(post(
            "/api/v1/advisories",
            Some(STAFF_TOKEN),
            &b.to_string(),
        ))
        .await;
    let v = body_json(res).await;
    let message = v["error"]["fields"][0]["message"].as_str().unwrap_or("");
    assert!(message.contains("7 days"), "{message}");

    // Just inside both caps is fine.
    let mut b = advisory();
    b["valid_until"] = at(7 * 24 * 3600 - 60).into();
    b["next_update_by"] = at(24 * 3600 - 60).into();
    post_ok(&t, &b).await;
}

#[tokio::test]
async fn staff_posts_are_rate_limited_per_account() {
    let t = test_app();
    let burst = backend::advisories::POST_LIMIT.burst;
    for _ in 0..burst {
        post_ok(&t, &advisory()).await;
    }
    let res = t
        .send(post(
            "/api/v1/advisories",
            Some(STAFF_TOKEN),
            &advisory().to_string(),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = res.headers()[header::RETRY_AFTER]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(body_json(res).await["error"]["code"], "rate_limited");

    // Nothing over the limit was stored.
    let stored: i64 = t
        .state
        .db
        .call(|c| c.query_row("SELECT COUNT(*) FROM advisories", [], |r| r.get(0)))
        .await
        .expect("count");
    assert_eq!(stored, i64::from(burst));

    // A post with errors costs nothing (staff fixing a form are not counted),
    // and the public document still answers.
    let mut b = advisory();
    b["valid_until"] = at(-60).into();
    field_errors(&t, &b).await;
    let res = t.send(get("/api/v1/advisories")).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn posts_with_errors_do_not_use_up_the_limit() {
    let t = test_app();
    let burst = backend::advisories::POST_LIMIT.burst;
    let mut bad = advisory();
    bad["valid_until"] = at(-60).into();
    for _ in 0..(burst * 2) {
        field_errors(&t, &bad).await;
    }
    post_ok(&t, &advisory()).await;
}

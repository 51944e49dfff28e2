//! Every staff request is one log line with the account's name, the route
//! template and the status; never a reference, a name, an address or a
//! token. Its own test binary: tracing's per-thread subscriber is
//! unreliable while other tests run in the same process.

mod common;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::reg::*;
use common::*;

fn with_token(method: &str, uri: &str, token: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request")
}

#[tokio::test]
async fn staff_requests_are_logged_with_the_account_never_the_data() {
    let (logs, _guard) = common::logs::capture(tracing::Level::INFO);

    let t = test_app();
    let desk_token = t
        .state
        .db
        .with_connection(|c| {
            backend::staff::create_account(
                c,
                "Desk 7",
                contract::staff::Role::Desk,
                "2026-01-19T00:00:00Z",
            )
        })
        .expect("connection")
        .expect("account");
    let res = t.send(post(&valid_body(), &uuid_v4())).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let reference = body_json(res).await["reference"]
        .as_str()
        .expect("reference")
        .to_string();
    let client = "192.0.2.77:40000".parse().expect("addr");
    let read = t
        .send_from(client, staff_get(&reference, Some(&desk_token)))
        .await;
    assert_eq!(read.status(), StatusCode::OK);
    let me = t
        .send_from(client, with_token("GET", "/api/v1/staff/me", &desk_token))
        .await;
    assert_eq!(me.status(), StatusCode::OK);
    // A desk account cannot read the audit log: 403, logged with its name.
    let audit = t
        .send_from(
            client,
            Request::post("/api/v1/audit/search")
                .header(header::AUTHORIZATION, format!("Bearer {desk_token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .expect("request"),
        )
        .await;
    assert_eq!(audit.status(), StatusCode::FORBIDDEN);
    // The deployment's token acts as `admin`.
    let admin = t
        .send_from(client, staff_get(&reference, Some(STAFF_TOKEN)))
        .await;
    assert_eq!(admin.status(), StatusCode::OK);
    // A wrong token opens nothing: no staff line.
    let wrong = t
        .send_from(
            client,
            staff_get(&reference, Some("not-secret-wrong-token-d3JvbmcgdG9rZW4")),
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

    let text = logs.text();
    let staff_lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("staff request"))
        .collect();
    assert_eq!(staff_lines.len(), 4, "one line per staff request:\n{text}");
    for (line, name, route, status) in [
        (
            staff_lines[0],
            "Desk 7",
            "/api/v1/registrations/{reference}",
            200,
        ),
        (staff_lines[1], "Desk 7", "/api/v1/staff/me", 200),
        (staff_lines[2], "Desk 7", "/api/v1/audit/search", 403),
        (
            staff_lines[3],
            "admin",
            "/api/v1/registrations/{reference}",
            200,
        ),
    ] {
        assert!(line.contains(&format!("staff=\"{name}\"")), "{line}");
        assert!(line.contains(&format!("route=\"{route}\"")), "{line}");
        assert!(line.contains(&format!("status={status}")), "{line}");
    }
    for secret in [
        reference.as_str(),
        &reference.to_lowercase(),
        &reference.replace('-', ""),
        "Siti",
        "192.0.2.77",
        "127.0.0.1",
        STAFF_TOKEN,
        desk_token.as_str(),
        "d3JvbmcgdG9rZW4",
    ] {
        assert!(!text.contains(secret), "`{secret}` is in the logs:\n{text}");
    }
}

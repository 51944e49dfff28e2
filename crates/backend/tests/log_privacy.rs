//! Logs never carry personal data. Its own test binary: tracing's per-thread
//! subscriber is unreliable while other tests run in the same process.

mod common;
use axum::http::StatusCode;
use common::reg::*;
use common::*;
use serde_json::json;

#[tokio::test]
async fn logs_carry_no_personal_data() {
    let (logs, _guard) = common::logs::capture(tracing::Level::TRACE);

    let t = test_app();
    let key = uuid_v4();
    let res = t.send(post(&valid_body(), &key)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let reference = body_json(res).await["reference"]
        .as_str()
        .expect("reference")
        .to_string();
    let _ = t.send(post(&valid_body(), &key)).await;
    let mut bad = valid_body();
    bad["phone"] = json!("12 34");
    let _ = t.send(post(&bad, &uuid_v4())).await;
    let _ = t.send(staff_get(&reference, Some(STAFF_TOKEN))).await;
    let _ = t.send(staff_get(&reference.to_lowercase(), None)).await;

    let text = logs.text();
    assert!(text.contains("request"), "the request log is there: {text}");
    for secret in [
        reference.as_str(),
        &reference.to_lowercase(),
        &reference.replace('-', ""),
        &key,
        "Siti",
        "Aminah",
        "3456",
        "3174",
        "Phnom",
        "192.0.2",
        "127.0.0.1",
        STAFF_TOKEN,
    ] {
        assert!(!text.contains(secret), "`{secret}` is in the logs:\n{text}");
    }
}

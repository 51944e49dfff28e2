//! Logs never carry personal data. Its own test binary: tracing's per-thread
//! subscriber is unreliable while other tests run in the same process.

mod common;
use axum::http::StatusCode;
use common::reg::*;
use common::*;
use serde_json::json;
use std::sync::Arc;

#[derive(Clone, Default)]
struct LogBuf(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogBuf {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn logs_carry_no_personal_data() {
    let logs = LogBuf::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        // No timestamps: their digits (e.g. `…631744Z`) can contain a
        // searched secret (`3174`) by chance, and they carry no data.
        .without_time()
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // Other tests on other threads may have cached "no interest" for the
    // request log's callsite while no subscriber was set: recompute it.
    tracing::callsite::rebuild_interest_cache();

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

    let text = String::from_utf8(logs.0.lock().expect("log buffer").clone()).expect("utf-8");
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

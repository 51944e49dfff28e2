//! The staff desk against a real SQLite file: named accounts and roles, a
//! revoked token mid-session, marking arrived twice, the list's filters and
//! counts, a batch all or nothing and its undo, the CSV export's
//! neutralising, the notice board, and the audit log without personal data.

mod common;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use backend::staff::{create_account, revoke_account};
use common::reg::*;
use common::*;
use contract::staff::Role;
use serde_json::{json, Value};
use std::net::SocketAddr;

fn conn(t: &TestApp) -> rusqlite::Connection {
    rusqlite::Connection::open(t.dir.path().join("data").join("portal.sqlite3")).expect("open")
}

fn account(t: &TestApp, name: &str, role: Role) -> String {
    create_account(&conn(t), name, role, "2026-01-19T00:00:00Z").expect("account")
}

async fn register_as(t: &TestApp, n: u8, body: Value) -> String {
    let client: SocketAddr = format!("203.0.113.{n}:40000").parse().expect("addr");
    let res = t.send_from(client, post(&body, &uuid_v4())).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    body_json(res).await["reference"]
        .as_str()
        .expect("reference")
        .to_string()
}

/// The list's search with `filter` as its body.
fn search(token: &str, filter: Value) -> Request<Body> {
    call("POST", "/api/v1/registrations/search", token, Some(filter))
}

fn call(method: &str, uri: &str, token: &str, body: Option<Value>) -> Request<Body> {
    let mut r = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if body.is_some() {
        r = r.header(header::CONTENT_TYPE, "application/json");
    }
    r.body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .expect("request")
}

#[tokio::test]
async fn roles_decide_what_a_token_can_do_and_a_revoked_token_stops_at_once() {
    let t = test_app();
    let desk = account(&t, "Desk 2", Role::Desk);
    let officer = account(&t, "Ani", Role::Officer);
    let reference = register_as(&t, 1, valid_body()).await;

    let me = body_json(t.send(call("GET", "/api/v1/staff/me", &desk, None)).await).await;
    assert_eq!(me, json!({ "name": "Desk 2", "role": "desk" }));
    let me = body_json(
        t.send(call("GET", "/api/v1/staff/me", STAFF_TOKEN, None))
            .await,
    )
    .await;
    assert_eq!(me["role"], "admin");

    let change = json!({ "stage": "checked", "version": 0 });
    let uri = format!("/api/v1/registrations/{reference}/case");
    let res = t.send(call("PUT", &uri, &desk, Some(change.clone()))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(body_json(res).await["error"]["code"], "forbidden");
    let res = t.send(call("PUT", &uri, &officer, Some(change))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body_json(res).await["history"][1]["by"], "Ani");

    // The desk finds by the full reference only; a case officer by name too.
    let res = t.send(search(&desk, json!({ "q": "Siti" }))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body_json(res).await["error"]["fields"][0]["code"],
        "reference_only"
    );
    let by_ref = json!({ "q": reference.to_lowercase() });
    let list = body_json(t.send(search(&desk, by_ref)).await).await;
    assert_eq!(list["total"], 1);
    let list = body_json(t.send(search(&officer, json!({ "q": "iti" }))).await).await;
    assert_eq!(list["total"], 1);
    let res = t.send(search(&officer, json!({ "q": "Si" }))).await;
    assert_eq!(
        body_json(res).await["error"]["fields"][0]["code"],
        "too_short"
    );

    // Advisories are for admins.
    let res = t
        .send(call(
            "POST",
            "/api/v1/advisories",
            &officer,
            Some(json!({})),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    revoke_account(&conn(&t), "Desk 2", "2026-01-19T01:00:00Z").expect("revoke");
    let res = t.send(call("GET", "/api/v1/staff/me", &desk, None)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = t
        .send(call("GET", "/api/v1/staff/me", "pst_not-a-token", None))
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_second_scan_says_when_and_by_whom_the_person_was_marked_arrived() {
    let t = test_app();
    let desk = account(&t, "Desk 2", Role::Desk);
    let other = account(&t, "Desk 3", Role::Desk);
    let reference = register_as(&t, 1, valid_body()).await;
    let uri = format!("/api/v1/registrations/{reference}/arrived");
    let first = body_json(t.send(call("POST", &uri, &desk, None)).await).await;
    assert_eq!(first["already"], false);
    assert_eq!(first["arrival"]["by"], "Desk 2");
    let second = body_json(t.send(call("POST", &uri, &other, None)).await).await;
    assert_eq!(second["already"], true);
    assert_eq!(second["arrival"], first["arrival"]);
    let res = t
        .send(call(
            "POST",
            "/api/v1/registrations/not-a-reference/arrived",
            &desk,
            None,
        ))
        .await;
    assert_eq!(body_json(res).await["error"]["code"], "reference_invalid");
}

#[tokio::test]
async fn the_list_filters_counts_and_pages() {
    let t = test_app();
    let officer = account(&t, "Ani", Role::Officer);
    let mut refs = Vec::new();
    for n in 1..=3u8 {
        let mut body = valid_body();
        if n == 3 {
            body["help_needed"] = json!(["shelter"]);
        }
        refs.push(register_as(&t, n, body).await);
    }
    let uri = format!("/api/v1/registrations/{}/case", refs[0]);
    t.send(call(
        "PUT",
        &uri,
        &officer,
        Some(json!({ "stage": "checked", "version": 0 })),
    ))
    .await;
    t.send(call(
        "POST",
        &format!("/api/v1/registrations/{}/arrived", refs[1]),
        &officer,
        None,
    ))
    .await;

    let list = body_json(
        t.send(search(&officer, json!({ "stage": "checked" })))
            .await,
    )
    .await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["reference"], refs[0]);
    // Counts follow the other filters, not the stage.
    let counts: Vec<(String, u64)> = list["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .map(|c| {
            (
                c["stage"].as_str().unwrap_or("").to_string(),
                c["count"].as_u64().unwrap_or(0),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(
        counts,
        [("registered".to_string(), 2), ("checked".to_string(), 1)]
    );
    let arrived = body_json(t.send(search(&officer, json!({ "arrived": "yes" }))).await).await;
    assert_eq!(arrived["total"], 1);
    assert_eq!(arrived["items"][0]["arrived"]["by"], "Ani");
    let shelter = body_json(t.send(search(&officer, json!({ "help": "shelter" }))).await).await;
    assert_eq!(shelter["total"], 1);
    let today = contract::time::local_date(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_secs() as i64,
        t.state.profile.utc_offset_minutes,
    );
    let today_list = body_json(
        t.send(search(&officer, json!({ "from": today, "to": today })))
            .await,
    )
    .await;
    assert_eq!(today_list["total"], 3);
    let paged = body_json(
        t.send(search(&officer, json!({ "per_page": 2, "page": 2 })))
            .await,
    )
    .await;
    assert_eq!(paged["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(paged["total"], 3);
    // A page past every row is empty, whatever its number.
    let far = body_json(
        t.send(search(
            &officer,
            json!({ "page": u32::MAX, "per_page": 100 }),
        ))
        .await,
    )
    .await;
    assert_eq!(far["items"], json!([]));
    assert_eq!(far["total"], 3);
    for bad in [
        json!({ "from": "19-01-2026" }),
        json!({ "arrived": "maybe" }),
        json!({ "stage": "nope" }),
        json!({ "page": "x" }),
        json!({ "colour": "red" }),
    ] {
        let res = t.send(search(&officer, bad.clone())).await;
        assert!(res.status().is_client_error(), "{bad}: {}", res.status());
    }
}

#[tokio::test]
async fn a_batch_is_all_or_nothing_and_can_be_undone_once() {
    let t = test_app();
    let officer = account(&t, "Ani", Role::Officer);
    let a = register_as(&t, 1, valid_body()).await;
    let b = register_as(&t, 2, valid_body()).await;
    let unknown = contract::reference::generate([9; 8]);
    let res = t
        .send(call(
            "POST",
            "/api/v1/cases/batch",
            &officer,
            Some(json!({
                "references": [a, b.to_lowercase(), unknown], "stage": "checked"
            })),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err = body_json(res).await;
    assert_eq!(err["error"]["fields"][0]["field"], "references[2]");
    assert_eq!(err["error"]["fields"][0]["code"], "not_found");
    let list = body_json(
        t.send(search(&officer, json!({ "stage": "checked" })))
            .await,
    )
    .await;
    assert_eq!(list["total"], 0, "nothing changed");

    let too_many: Vec<String> = (0..=contract::desk::BATCH_MAX).map(|_| a.clone()).collect();
    let res = t
        .send(call(
            "POST",
            "/api/v1/cases/batch",
            &officer,
            Some(json!({ "references": too_many, "stage": "checked" })),
        ))
        .await;
    assert_eq!(
        body_json(res).await["error"]["fields"][0]["code"],
        "too_many"
    );

    let done = body_json(
        t.send(call(
            "POST",
            "/api/v1/cases/batch",
            &officer,
            Some(json!({
                "references": [a, b, a], "stage": "checked",
                "note": { "id": "Data lengkap.", "en": "Details complete." }
            })),
        ))
        .await,
    )
    .await;
    assert_eq!(done["changed"], 2);
    let batch = done["batch"].as_i64().expect("batch id");
    let undo = format!("/api/v1/cases/batch/{batch}/undo");
    let res = t.send(call("POST", &undo, &officer, None)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(body_json(res).await["restored"], 2);
    let case = body_json(
        t.send(call(
            "GET",
            &format!("/api/v1/registrations/{a}/case"),
            &officer,
            None,
        ))
        .await,
    )
    .await;
    assert_eq!(case["stage"], "registered");
    assert!(case["note"].is_null());
    assert_eq!(case["history"].as_array().map(Vec::len), Some(3));
    let res = t.send(call("POST", &undo, &officer, None)).await;
    assert_eq!(body_json(res).await["error"]["code"], "already_undone");

    // A case changed after the batch: the undo is refused, nothing undone.
    let done = body_json(
        t.send(call(
            "POST",
            "/api/v1/cases/batch",
            &officer,
            Some(json!({ "references": [a, b], "stage": "checked" })),
        ))
        .await,
    )
    .await;
    let version = body_json(
        t.send(call(
            "GET",
            &format!("/api/v1/registrations/{b}/case"),
            &officer,
            None,
        ))
        .await,
    )
    .await["version"]
        .clone();
    t.send(call(
        "PUT",
        &format!("/api/v1/registrations/{b}/case"),
        &officer,
        Some(json!({ "stage": "interview", "version": version })),
    ))
    .await;
    let res = t
        .send(call(
            "POST",
            &format!("/api/v1/cases/batch/{}/undo", done["batch"]),
            &officer,
            None,
        ))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let err = body_json(res).await;
    assert_eq!(err["error"]["code"], "changed_since");
    assert_eq!(err["error"]["fields"][0]["message"], b);
    let case = body_json(
        t.send(call(
            "GET",
            &format!("/api/v1/registrations/{a}/case"),
            &officer,
            None,
        ))
        .await,
    )
    .await;
    assert_eq!(case["stage"], "checked", "nothing undone");
}

#[tokio::test]
async fn the_export_neutralises_formulas_and_the_audit_log_has_no_personal_data() {
    let t = test_app();
    let desk = account(&t, "Desk 2", Role::Desk);
    let officer = account(&t, "Ani", Role::Officer);
    let mut body = valid_body();
    body["location"] = json!("=HYPERLINK(\"http://x\")");
    let reference = register_as(&t, 1, body).await;
    assert_eq!(
        t.send(call(
            "POST",
            "/api/v1/registrations/export",
            &desk,
            Some(json!({}))
        ))
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    let res = t
        .send(call(
            "POST",
            "/api/v1/registrations/export",
            &officer,
            Some(json!({})),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let csv = body_string(res).await;
    assert!(csv.starts_with("\u{feff}\"reference\","), "{csv}");
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
    assert!(csv.contains("\"'+6281234567890\""), "{csv}");
    assert!(csv.contains(&format!("\"{reference}\"")));

    let board = body_json(
        t.send(call(
            "GET",
            "/api/v1/notice-board?stage=registered",
            &officer,
            None,
        ))
        .await,
    )
    .await;
    assert_eq!(
        board,
        json!({ "stage": "registered", "references": [reference] })
    );

    t.send(call(
        "GET",
        &format!("/api/v1/registrations/{reference}"),
        &desk,
        None,
    ))
    .await;
    t.send(search(&officer, json!({ "q": "Siti" }))).await;
    let rows: Vec<(String, String, Option<String>, String)> = {
        let c = conn(&t);
        let mut stmt = c
            .prepare("SELECT actor, action, reference, detail FROM audit_log ORDER BY id")
            .expect("sql");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    let actions: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    for want in [
        "account_created",
        "export",
        "notice_board",
        "registration_read",
        "list",
    ] {
        assert!(actions.contains(&want), "{want} in {actions:?}");
    }
    assert!(rows.iter().any(|r| r.1 == "registration_read"
        && r.0 == "Desk 2"
        && r.2.as_deref() == Some(reference.as_str())));
    assert!(rows.iter().any(|r| r.1 == "list" && r.3 == "name search"));
    for row in &rows {
        let text = format!("{row:?}");
        for personal in ["Siti", "Aminah", "3174", "2001-08-17", "HYPERLINK"] {
            assert!(
                !text.contains(personal),
                "{personal} in the audit row {text}"
            );
        }
    }
}

#[tokio::test]
async fn the_staff_command_makes_an_account_whose_token_works_once_revoked_it_does_not() {
    let t = test_app();
    let data_dir = t.dir.path().join("data");
    let cli = env!("CARGO_BIN_EXE_portal-staff");
    let run = |args: &[&str]| {
        std::process::Command::new(cli)
            .arg("--data-dir")
            .arg(&data_dir)
            .args(args)
            .output()
            .expect("run portal-staff")
    };
    let made = run(&["create", "Desk 4", "--role", "desk"]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let token = String::from_utf8_lossy(&made.stdout).trim().to_string();
    assert!(token.starts_with("pst_") && token.len() == 68, "{token}");
    // Only the hash is stored.
    let stored: String = conn(&t)
        .query_row(
            "SELECT token_hash FROM staff_accounts WHERE name = 'Desk 4'",
            [],
            |r| r.get(0),
        )
        .expect("row");
    assert_ne!(stored, token);
    let me = body_json(t.send(call("GET", "/api/v1/staff/me", &token, None)).await).await;
    assert_eq!(me["name"], "Desk 4");
    assert_eq!(
        run(&["create", "Desk 4", "--role", "desk"]).status.code(),
        Some(1)
    );
    assert_eq!(run(&["create", "Desk 5"]).status.code(), Some(2));
    assert_eq!(
        run(&["create", "<b>", "--role", "desk"]).status.code(),
        Some(1)
    );
    let listed = run(&["list"]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("Desk 4\tdesk"));
    assert!(!String::from_utf8_lossy(&listed.stdout).contains(&token));
    assert!(run(&["revoke", "Desk 4"]).status.success());
    assert_eq!(
        t.send(call("GET", "/api/v1/staff/me", &token, None))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(run(&["revoke", "Desk 4"]).status.code(), Some(1));
    // The audit log, read on the server: the staff read, by whom, no data.
    let reference = register_as(&t, 9, valid_body()).await;
    let officer = account(&t, "Ani", Role::Officer);
    t.send(call(
        "GET",
        &format!("/api/v1/registrations/{reference}"),
        &officer,
        None,
    ))
    .await;
    let audit = run(&["audit", "--reference", &reference.to_lowercase()]);
    let text = String::from_utf8_lossy(&audit.stdout);
    assert!(audit.status.success());
    assert!(
        text.contains(&format!("\tAni\tregistration_read\t{reference}")),
        "{text}"
    );
    assert!(!text.contains("Siti"), "{text}");
    let later = run(&["audit", "--since", "2999-01-01"]);
    assert!(String::from_utf8_lossy(&later.stdout).is_empty());
    assert_eq!(
        run(&["audit", "--reference", "nope"]).status.code(),
        Some(2)
    );
}

#[tokio::test]
async fn admins_read_the_audit_log_newest_first_and_nobody_else_does() {
    let t = test_app();
    let officer = account(&t, "Ani", Role::Officer);
    let reference = register_as(&t, 1, valid_body()).await;
    t.send(call(
        "GET",
        &format!("/api/v1/registrations/{reference}"),
        &officer,
        None,
    ))
    .await;
    t.send(search(&officer, json!({ "q": reference.to_lowercase() })))
        .await;
    t.send(search(&officer, json!({ "q": "Siti" }))).await;
    let search_audit =
        |token: &str, body: Value| call("POST", "/api/v1/audit/search", token, Some(body));
    assert_eq!(
        t.send(search_audit(&officer, json!({}))).await.status(),
        StatusCode::FORBIDDEN
    );
    let log = body_json(t.send(search_audit(STAFF_TOKEN, json!({}))).await).await;
    let entries = log["entries"].as_array().expect("entries");
    // Newest first: the name search, then the read.
    assert_eq!(entries[0]["action"], "list");
    assert_eq!(entries[0]["detail"], "name search");
    // A search by full reference is logged with the reference.
    assert_eq!(entries[1]["action"], "list");
    assert_eq!(entries[1]["reference"], reference.as_str());
    assert_eq!(entries[2]["action"], "registration_read");
    assert_eq!(entries[2]["actor"], "Ani");
    assert_eq!(log["more"], false);
    assert!(!log.to_string().contains("Siti"), "{log}");
    // One reference's, typed loosely; the read of the log is itself logged.
    let one = body_json(
        t.send(search_audit(
            STAFF_TOKEN,
            json!({ "reference": reference.to_lowercase().replace('-', " ") }),
        ))
        .await,
    )
    .await;
    assert!(one["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .all(|e| e["reference"] == reference.as_str()));
    let again = body_json(t.send(search_audit(STAFF_TOKEN, json!({}))).await).await;
    assert_eq!(again["entries"][0]["action"], "audit_read");
    for bad in [
        json!({ "since": "19-01-2026" }),
        json!({ "reference": "nope" }),
    ] {
        assert_eq!(
            t.send(search_audit(STAFF_TOKEN, bad)).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
}

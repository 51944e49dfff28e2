//! `crates/contract/openapi.yaml` agrees with the backend: every request-body
//! example in the document, for every path and method, is sent to the real
//! backend and must be accepted (2xx). The registration example must also
//! pass the contract's own validation, and the documented statuses must be
//! the ones the backend answers with.

mod common;
use axum::body::Body;
use axum::http::{header, Request};
use common::*;
use serde_json::Value;

fn spec() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../contract/openapi.yaml");
    let text = std::fs::read_to_string(&path).expect("read openapi.yaml");
    serde_norway::from_str(&text).expect("openapi.yaml is valid YAML")
}

fn uuid_v4() -> String {
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

fn today() -> (i64, u32, u32) {
    let unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    contract::time::civil_from_days(unix.div_euclid(86400))
}

const METHODS: [&str; 4] = ["post", "put", "patch", "delete"];

/// An advisory example's `next_update_by` and `valid_until` moved to one and
/// six hours from now: staff may set them at most 24 hours and 7 days ahead,
/// so no fixed date in the document stays valid.
fn with_advisory_times_from_now(mut example: Value) -> Value {
    if example.get("valid_until").is_some() && example.get("next_update_by").is_some() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_secs() as i64;
        example["next_update_by"] = contract::time::format_rfc3339(now + 3600).into();
        example["valid_until"] = contract::time::format_rfc3339(now + 6 * 3600).into();
    }
    example
}

/// Every JSON request-body example of an operation (`example` and `examples.*.value`).
fn body_examples(op: &Value) -> Vec<Value> {
    let media = &op["requestBody"]["content"]["application/json"];
    let mut out = Vec::new();
    if !media["example"].is_null() {
        out.push(media["example"].clone());
    }
    if let Some(map) = media["examples"].as_object() {
        out.extend(map.values().filter_map(|e| e.get("value").cloned()));
    }
    out
}

/// Path- and operation-level parameters of one operation.
fn parameters<'a>(path_item: &'a Value, op: &'a Value) -> Vec<&'a Value> {
    let mut all: Vec<&Value> = Vec::new();
    for list in [&path_item["parameters"], &op["parameters"]] {
        if let Some(items) = list.as_array() {
            all.extend(items);
        }
    }
    all
}

fn example_of(param: &Value) -> Option<String> {
    let ex = if param["example"].is_null() {
        &param["schema"]["example"]
    } else {
        &param["example"]
    };
    match ex {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The registration of the examples: the spec's registration example,
/// stored under the spec's example reference (`7KQ4-M2XHF`), so the case
/// examples (the lookup, a staff change) find it.
fn store_the_example_registration(t: &TestApp, spec: &Value) {
    use backend::registrations::{store, NewRegistration};
    let example = body_examples(&spec["paths"]["/registrations"]["post"])
        .into_iter()
        .next()
        .expect("a registration example");
    let req: contract::registration::RegistrationRequest =
        serde_json::from_value(example).expect("the example fits RegistrationRequest");
    let reference = spec["paths"]["/registrations/{reference}"]["get"]["parameters"][0]["example"]
        .as_str()
        .expect("the example reference")
        .to_string();
    let new = NewRegistration::new(
        uuid_v4(),
        &contract::registration::normalise(&req),
        "2026-01-19T08:00:00Z".into(),
    );
    let path = t.dir.path().join("data").join("portal.sqlite3");
    let mut conn = rusqlite::Connection::open(path).expect("open");
    store(&mut conn, &new, &[reference], || Ok(())).expect("store");
}

#[tokio::test]
async fn every_request_body_example_is_accepted() {
    let spec = spec();
    let base = spec["servers"][0]["url"].as_str().unwrap_or("");
    let mut sent = 0u8;
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in METHODS {
            let op = &item[method];
            if op.is_null() {
                continue;
            }
            for example in body_examples(op) {
                let example = with_advisory_times_from_now(example);
                // Each example on a fresh backend holding the example registration.
                let t = test_app();
                store_the_example_registration(&t, &spec);
                let mut uri = format!("{base}{path}");
                let mut req = Request::builder()
                    .method(method.to_uppercase().as_str())
                    .header(header::CONTENT_TYPE, "application/json")
                    .header(header::AUTHORIZATION, format!("Bearer {STAFF_TOKEN}"));
                for p in parameters(item, op) {
                    let name = p["name"].as_str().expect("parameter name");
                    match p["in"].as_str() {
                        Some("path") => {
                            let value = example_of(p).unwrap_or_else(|| {
                                panic!("{method} {path}: path parameter `{name}` needs an example")
                            });
                            uri = uri.replace(&format!("{{{name}}}"), &value);
                        }
                        Some("header") if name.eq_ignore_ascii_case("idempotency-key") => {
                            req = req.header(name, uuid_v4());
                        }
                        Some("header") if p["required"] == Value::Bool(true) => {
                            let value = example_of(p).unwrap_or_else(|| {
                                panic!("{method} {path}: header `{name}` needs an example")
                            });
                            req = req.header(name, value);
                        }
                        _ => {}
                    }
                }
                // A different client for each request: no example meets the rate limit.
                sent += 1;
                let client = format!("198.51.100.{sent}:40000").parse().expect("addr");
                let res = t
                    .send_from(
                        client,
                        req.uri(uri.as_str())
                            .body(Body::from(example.to_string()))
                            .expect("request"),
                    )
                    .await;
                let status = res.status();
                let body = body_string(res).await;
                assert!(
                    status.is_success(),
                    "{method} {uri}: the documented example got {status}: {body}\nexample: {example}"
                );
            }
        }
    }
    assert!(sent >= 1, "no request-body example found in openapi.yaml");
}

#[test]
fn the_registration_example_passes_the_contract() {
    let spec = spec();
    let post = &spec["paths"]["/registrations"]["post"];
    let examples = body_examples(post);
    assert!(!examples.is_empty(), "POST /registrations has no example");
    for example in examples {
        let req: contract::registration::RegistrationRequest =
            serde_json::from_value(example.clone()).expect("the example fits RegistrationRequest");
        assert_eq!(
            contract::registration::validate(&req, today()),
            vec![],
            "{example}"
        );
    }
}

#[test]
fn registration_statuses_and_references_are_documented() {
    let spec = spec();
    let reg = &spec["paths"]["/registrations"]["post"]["responses"];
    for status in ["200", "201", "400", "409", "413", "415", "422", "429"] {
        assert!(!reg[status].is_null(), "POST /registrations: {status}");
    }
    let lookup = &spec["paths"]["/cases/lookup"]["post"]["responses"];
    for status in ["200", "400", "404", "415", "422", "429"] {
        assert!(!lookup[status].is_null(), "POST /cases/lookup: {status}");
    }
    let update = &spec["paths"]["/registrations/{reference}/case"]["put"]["responses"];
    for status in ["200", "401", "404", "409", "422"] {
        assert!(
            !update[status].is_null(),
            "PUT /registrations/{{reference}}/case: {status}"
        );
    }
    let one = &spec["paths"]["/registrations/{reference}"]["get"];
    for status in ["200", "401", "404"] {
        assert!(
            !one["responses"][status].is_null(),
            "GET /registrations/{{reference}}: {status}"
        );
    }
    // Every reference shown as an example is a valid one.
    let mut references = vec![one["parameters"][0]["example"].clone()];
    for status in ["200", "201"] {
        references.push(reg[status]["content"]["application/json"]["example"]["reference"].clone());
    }
    references.push(
        spec["components"]["schemas"]["RegistrationReceipt"]["properties"]["reference"]["example"]
            .clone(),
    );
    for r in references {
        let r = r.as_str().expect("a reference example");
        assert!(contract::reference::is_valid(r), "{r}");
        assert_eq!(contract::reference::normalise(r).as_deref(), Some(r));
    }
    // Every field error code the contract can emit is listed for 422.
    let text = reg["422"]["description"].as_str().expect("422 description");
    for code in contract::registration::FIELD_CODES {
        assert!(
            text.contains(&format!("`{code}`")),
            "422 description lacks {code}"
        );
    }
}

#[test]
fn the_case_examples_fit_the_contract_types() {
    let spec = spec();
    let lookup = &spec["paths"]["/cases/lookup"]["post"];
    let answer = lookup["responses"]["200"]["content"]["application/json"]["example"].clone();
    let status: contract::case::CaseStatus =
        serde_json::from_value(answer).expect("the 200 example fits CaseStatus");
    let stages = contract::case::Stages::from_json(
        &std::fs::read_to_string(stages_path()).expect("stages.json"),
    )
    .expect("valid stages");
    assert!(stages.get(&status.stage).is_some(), "{}", status.stage);
    for h in &status.history {
        assert!(stages.get(&h.stage).is_some(), "{}", h.stage);
    }
    for example in body_examples(lookup) {
        let _: contract::case::LookupRequest =
            serde_json::from_value(example).expect("fits LookupRequest");
    }
    let put = &spec["paths"]["/registrations/{reference}/case"]["put"];
    for example in body_examples(put) {
        let _: contract::case::CaseUpdate =
            serde_json::from_value(example).expect("fits CaseUpdate");
    }
}

//! The JSON API: the same reports as the wire functions, the pack as the pages need it, and one
//! error shape for every failure.

mod common;

use axum::http::{StatusCode, header};
use chrono::DateTime;
use common::{app, get, get_json, post, post_json, send, state};
use ft_engine::{Context, Profile};
use ft_pack::AccountKind;
use ft_report::Checked;
use serde_json::json;

const AT: &str = "2026-01-14T12:00:00+00:00";

fn context(account: AccountKind, roles: &[&str]) -> ft_engine::ResolvedContext {
    let context = Context {
        account,
        roles: roles.iter().map(|r| r.to_string()).collect(),
        professions: Vec::new(),
        at: DateTime::parse_from_rfc3339(AT).expect("a valid time"),
        platform: None,
    };
    state().engine().resolve(&context).expect("a valid context")
}

/// What `forethought check TEXT --format json` prints for `text` in `context`, as JSON.
fn expected_report(text: &str, ctx: &ft_engine::ResolvedContext) -> serde_json::Value {
    let state = state();
    let engine = state.engine();
    let report = engine.check(text, ctx);
    let checked = Checked {
        id: None,
        text,
        report: &report,
        context: ctx,
        first_line: 1,
    };
    serde_json::to_value(ft_report::wire_report(engine, &checked)).expect("serialisable")
}

#[tokio::test]
async fn check_returns_the_wire_report() {
    let text = "Proud to vote Labour tomorrow! Café 😀 what an idiot";
    let reply = post(
        &app(),
        "/api/v1/check",
        json!({"text": text, "context": {"account": "professional", "at": AT}}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.header("content-type"), "application/json");
    let got = reply.json();
    assert_eq!(
        got,
        expected_report(text, &context(AccountKind::Professional, &[]))
    );
    let rules: Vec<&str> = got["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or(""))
        .collect();
    assert!(rules.contains(&"party-political-support"), "{got}");
    // The UTF-16 offsets are JavaScript string indices into the draft.
    let utf16: Vec<u16> = text.encode_utf16().collect();
    for f in got["findings"].as_array().expect("findings") {
        let (s, e) = (
            f["utf16_start"].as_u64().unwrap_or(0) as usize,
            f["utf16_end"].as_u64().unwrap_or(0) as usize,
        );
        assert_eq!(
            String::from_utf16_lossy(&utf16[s..e]),
            f["matched"].as_str().unwrap_or("")
        );
    }
}

#[tokio::test]
async fn a_clear_draft_has_the_clear_verdict() {
    let reply = post(
        &app(),
        "/api/v1/check",
        json!({"text": "Lovely lunch in the sun", "context": {"at": AT}}),
    )
    .await;
    assert_eq!(
        reply.json(),
        json!({"schema_version": 1, "id": null, "verdict": "clear", "findings": []})
    );
}

#[tokio::test]
async fn the_id_is_echoed_as_a_string() {
    for (id, echoed) in [(json!("draft-1"), "draft-1"), (json!(7), "7")] {
        let reply = post(
            &app(),
            "/api/v1/check",
            json!({"text": "Hello", "id": id, "context": {"at": AT}}),
        )
        .await;
        assert_eq!(reply.json()["id"], echoed);
    }
}

#[tokio::test]
async fn roles_change_the_advice() {
    let text = "Proud to vote Labour tomorrow!";
    let mut severities = Vec::new();
    for role in ["politically-restricted", "politically-free"] {
        // A role may be given as a string or as an array.
        for role_json in [json!(role), json!([role])] {
            let reply = post(
                &app(),
                "/api/v1/check",
                json!({"text": text, "context": {"role": role_json, "at": AT}}),
            )
            .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
            let got = reply.json();
            assert_eq!(
                got,
                expected_report(text, &context(AccountKind::Personal, &[role]))
            );
            severities.push(got["verdict"].as_str().unwrap_or("").to_string());
        }
    }
    assert_eq!(severities[0], severities[1]);
    assert_eq!(severities[2], severities[3]);
    assert_ne!(
        severities[0], severities[2],
        "restricted and free staff get different advice"
    );
}

#[tokio::test]
async fn platform_and_profession_are_read() {
    let text = "x".repeat(300);
    let reply = post(
        &app(),
        "/api/v1/check",
        json!({"text": text, "context": {"platform": "x", "at": AT, "profession": []}}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let got = reply.json();
    assert!(
        got["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["evidence"]["measure"] == "over-length"),
        "{got}"
    );
}

#[tokio::test]
async fn check_profile_returns_the_wire_profile_report() {
    let request = json!({
        "name": "Jo Bloggs",
        "handle": "@jobloggs",
        "bio": "Proud Labour member. Views my own.",
        "location": "",
        "website": "https://example.com",
        "context": {"account": "personal", "at": AT},
    });
    let reply = post(&app(), "/api/v1/check-profile", request).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let profile = Profile {
        name: Some("Jo Bloggs".into()),
        handle: Some("@jobloggs".into()),
        bio: Some("Proud Labour member. Views my own.".into()),
        location: Some(String::new()),
        website: Some("https://example.com".into()),
    };
    let ctx = context(AccountKind::Personal, &[]);
    let state = state();
    let engine = state.engine();
    let report = engine.check_profile(&profile, &ctx);
    let expected = ft_report::wire_profile(engine, None, &profile, &report, &ctx);
    let got = reply.json();
    assert_eq!(got, serde_json::to_value(expected).expect("serialisable"));
    let fields: Vec<&str> = got["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        fields,
        ["name", "handle", "bio", "website"],
        "blank fields are skipped"
    );
}

#[tokio::test]
async fn an_empty_profile_is_refused() {
    let reply = post(
        &app(),
        "/api/v1/check-profile",
        json!({"bio": "   ", "context": {}}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.error_code(), "empty_profile");
}

#[tokio::test]
async fn unknown_roles_and_professions_get_the_command_lines_message() {
    let reply = post(
        &app(),
        "/api/v1/check",
        json!({"text": "Hi", "context": {"role": "press-officer"}}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.error_code(), "unknown_role");
    assert_eq!(
        reply.error_message(),
        "unknown role `press-officer`; this pack's roles are: civil-servant, politically-free, \
         politically-intermediate, politically-restricted"
    );

    let reply = post(
        &app(),
        "/api/v1/check",
        json!({"text": "Hi", "context": {"profession": ["nurse"]}}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.error_code(), "unknown_profession");
    assert!(
        reply
            .error_message()
            .starts_with("unknown profession `nurse`; this pack's professions are:"),
        "{}",
        reply.error_message()
    );
}

#[tokio::test]
async fn bad_requests_say_what_is_wrong() {
    let cases: &[(&str, &str, &str)] = &[
        ("{\"text\": ", "invalid_json", "EOF while parsing"),
        ("[1, 2]", "invalid_json", "invalid type"),
        ("{}", "invalid_json", "missing field `text`"),
        ("{\"text\": 42}", "invalid_json", "expected a string"),
        (
            "{\"text\": \"hi\", \"txt\": 1}",
            "invalid_json",
            "unknown field `txt`",
        ),
        (
            "{\"text\": \"hi\", \"context\": {\"account\": \"work\"}}",
            "invalid_json",
            "unknown variant `work`",
        ),
        (
            "{\"text\": \"hi\", \"context\": {\"platform\": \"myspace\"}}",
            "invalid_json",
            "unknown variant `myspace`",
        ),
        (
            "{\"text\": \"hi\", \"context\": {\"at\": \"tomorrow\"}}",
            "bad_time",
            "`tomorrow` is not an RFC 3339 time",
        ),
    ];
    for &(body, code, message) in cases {
        let reply = send(&app(), post_json("/api/v1/check", body)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(reply.error_code(), code, "{body}");
        assert!(
            reply.error_message().contains(message),
            "{body}: {}",
            reply.error_message()
        );
    }
}

#[tokio::test]
async fn only_json_is_accepted() {
    let request = axum::http::Request::post("/api/v1/check")
        .header(header::HOST, common::host())
        .header(header::CONTENT_TYPE, "text/plain")
        .body(axum::body::Body::from("{\"text\": \"hi\"}"))
        .expect("a request");
    let reply = send(&app(), request).await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(reply.error_code(), "unsupported_media_type");

    let charset = axum::http::Request::post("/api/v1/check")
        .header(header::HOST, common::host())
        .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
        .body(axum::body::Body::from("{\"text\": \"hi\"}"))
        .expect("a request");
    assert_eq!(send(&app(), charset).await.status, StatusCode::OK);
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_with_413() {
    let body = format!(
        "{{\"text\": \"{}\"}}",
        "a".repeat(ft_server::MAX_BODY_BYTES + 1)
    );
    let reply = send(&app(), post_json("/api/v1/check", body)).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.error_code(), "too_large");

    // A body under the limit whose draft is over the engine's.
    let body = json!({"text": "a".repeat(ft_engine::MAX_DRAFT_BYTES + 1)}).to_string();
    let reply = send(&app(), post_json("/api/v1/check", body)).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.error_code(), "draft_too_long");
    assert!(
        reply.error_message().contains("limited to 1048576 bytes"),
        "{}",
        reply.error_message()
    );

    let body = json!({"bio": "a".repeat(ft_engine::MAX_DRAFT_BYTES + 1)}).to_string();
    let reply = send(&app(), post_json("/api/v1/check-profile", body)).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.error_code(), "draft_too_long");
}

#[tokio::test]
async fn unknown_routes_and_methods_are_json_errors() {
    for path in ["/nope", "/api/v1/nope", "/api/v2/check", "/assets/nope.js"] {
        let reply = send(&app(), get(path)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.error_code(), "not_found", "{path}");
    }
    // Pages are not assets.
    let reply = send(&app(), get("/assets/write.html")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    let reply = send(&app(), get("/api/v1/check")).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.error_code(), "method_not_allowed");
    let reply = send(&app(), post_json("/api/v1/pack", "{}")).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.error_code(), "method_not_allowed");
}

#[tokio::test]
async fn the_pack_gives_the_pickers_their_choices() {
    let pack = get_json(&app(), "/api/v1/pack").await;
    assert_eq!(pack["id"], "uk-civil-service");
    assert_eq!(pack["reference"], "uk-civil-service");
    let ids = |key: &str| -> Vec<String> {
        pack[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key}"))
            .iter()
            .map(|v| v["id"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(
        ids("account_kinds"),
        ["personal", "professional", "official"]
    );
    assert_eq!(
        ids("roles"),
        [
            "civil-servant",
            "politically-free",
            "politically-intermediate",
            "politically-restricted"
        ]
    );
    assert_eq!(ids("periods"), ["pre-election"]);
    assert_eq!(
        ids("platforms"),
        [
            "x",
            "bluesky",
            "mastodon",
            "threads",
            "linkedin",
            "facebook",
            "instagram"
        ]
    );
    assert_eq!(pack["platforms"][0]["limit"], 280);
    assert_eq!(pack["platforms"][0]["unit"], "x-weighted");
    assert_eq!(pack["verdicts"]["clear"], "Looks fine");
    assert_eq!(pack["verdicts"]["advice"], "Worth a second look");
    assert_eq!(pack["verdicts"]["serious"], "Think again");
    assert!(pack["professions"].is_array());
}

#[tokio::test]
async fn rules_list_every_rule_of_the_pack() {
    let rules = get_json(&app(), "/api/v1/rules").await;
    let state = state();
    let engine_rules: Vec<&str> = state
        .engine()
        .pack()
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let listed: Vec<&str> = rules["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(listed, engine_rules);
    let first = &rules["rules"][0];
    for key in [
        "title",
        "principle",
        "severity",
        "applies",
        "tags",
        "source",
    ] {
        assert!(!first[key].is_null(), "{key} in {first}");
    }
}

#[tokio::test]
async fn the_handbook_covers_every_rule_and_also_comes_as_markdown() {
    let handbook = get_json(&app(), "/api/v1/handbook").await;
    assert_eq!(handbook["pack"]["id"], "uk-civil-service");
    let mut in_handbook: Vec<String> = handbook["principles"]
        .as_array()
        .expect("principles")
        .iter()
        .flat_map(|p| p["rules"].as_array().cloned().unwrap_or_default())
        .map(|r| r["id"].as_str().unwrap_or("").to_string())
        .collect();
    in_handbook.sort();
    let mut rules: Vec<String> = state()
        .engine()
        .pack()
        .rules
        .iter()
        .map(|r| r.id.clone())
        .collect();
    rules.sort();
    assert_eq!(in_handbook, rules);
    let rule = &handbook["principles"][0]["rules"][0];
    assert!(
        rule["why"].as_array().is_some_and(|w| !w.is_empty()),
        "{rule}"
    );
    assert!(rule["examples"].is_array());

    let reply = send(&app(), get("/api/v1/handbook?format=markdown")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), "text/markdown; charset=utf-8");
    assert_eq!(
        reply.text(),
        ft_report::render_handbook(state().engine().pack())
    );

    let reply = send(&app(), get("/api/v1/handbook?format=pdf")).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.error_code(), "bad_query");
}

#[tokio::test]
async fn packs_lists_the_shipped_packs_and_the_current_one() {
    let packs = get_json(&app(), "/api/v1/packs").await;
    assert_eq!(packs["current"]["id"], "uk-civil-service");
    assert_eq!(packs["default"], ft_packs::DEFAULT_PACK);
    let names: Vec<&str> = packs["shipped"]
        .as_array()
        .expect("shipped")
        .iter()
        .map(|p| p["name"].as_str().unwrap_or(""))
        .collect();
    let shipped: Vec<&str> = ft_packs::SHIPPED.iter().map(|p| p.name).collect();
    assert_eq!(names, shipped);
    let current: Vec<&str> = packs["shipped"]
        .as_array()
        .expect("shipped")
        .iter()
        .filter(|p| p["current"] == true)
        .map(|p| p["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(current, ["uk-civil-service"]);
}

#[tokio::test]
async fn healthz_answers() {
    assert_eq!(get_json(&app(), "/healthz").await, json!({"status": "ok"}));
}

#[tokio::test]
async fn the_pages_and_their_files_are_served() {
    for (path, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/profile", "text/html; charset=utf-8"),
        ("/guidance", "text/html; charset=utf-8"),
        ("/history", "text/html; charset=utf-8"),
        ("/assets/history.js", "text/javascript; charset=utf-8"),
        ("/assets/app.css", "text/css; charset=utf-8"),
        ("/assets/write.js", "text/javascript; charset=utf-8"),
        ("/assets/icon.svg", "image/svg+xml"),
    ] {
        let reply = send(&app(), get(path)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(reply.header("content-type"), content_type, "{path}");
        assert!(!reply.body.is_empty(), "{path}");
    }
}

#[tokio::test]
async fn pages_load_nothing_from_elsewhere() {
    for path in [
        "/",
        "/profile",
        "/guidance",
        "/history",
        "/assets/app.css",
        "/assets/history.js",
        "/assets/timeline.js",
    ] {
        let text = send(&app(), get(path)).await.text();
        for bad in [
            "src=\"http",
            "href=\"http",
            "src=\"//",
            "href=\"//",
            "url(http",
            "url(//",
            "@import",
            "<script>",
            " style=",
            "onclick=",
            "onload=",
            "oninput=",
        ] {
            assert!(!text.contains(bad), "{path} contains {bad:?}");
        }
    }
}

#[tokio::test]
async fn every_page_links_to_every_page() {
    let pages = ["/", "/profile", "/guidance", "/history"];
    for page in pages {
        let text = send(&app(), get(page)).await.text();
        for target in pages {
            assert!(
                text.contains(&format!("<a href=\"{target}\"")),
                "{page} does not link to {target}"
            );
        }
        let current = format!("<a href=\"{page}\" aria-current=\"page\">");
        assert_eq!(text.matches("aria-current").count(), 1, "{page}");
        assert!(
            text.contains(&current),
            "{page} marks itself as the current page"
        );
    }
}

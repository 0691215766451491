//! The History page's API: an archive uploaded and audited into the store with its progress as
//! server-sent events, the flagged posts listed and filtered, decisions kept, and every refusal
//! with its own code.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode, header};
use common::{
    WithStore, app_with_store, app_with_store_and_log, archive, audit, follow, get, get_json, host,
    post, post_raw, send, start_audit,
};
use ft_archive::Format;
use ft_server::{AccessLog, AppState};
use futures_util::StreamExt as _;
use serde_json::{Value, json};

const QUERY: &str = "filename=twitter-archive.zip&account=professional&role=politically-restricted";

/// Files the uploads left in the store's folder.
fn uploads_left(with: &WithStore) -> Vec<String> {
    std::fs::read_dir(with.dir.path())
        .expect("the folder is readable")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".forethought-upload-"))
        .collect()
}

fn severity_rank(s: &str) -> u8 {
    match s {
        "serious" => 4,
        "warning" => 3,
        "advice" => 2,
        "note" => 1,
        other => panic!("unknown severity {other}"),
    }
}

#[tokio::test]
async fn an_archive_is_audited_with_progress_and_its_summary_is_kept() {
    let with = app_with_store();
    let app = &with.app;
    let id = start_audit(app, QUERY, archive(Format::X, 300, 7)).await;
    let events = follow(app, &id).await;

    let (last, summary) = events.last().expect("events").clone();
    assert_eq!(last, "done", "{summary}");
    let progress: Vec<&Value> = events
        .iter()
        .filter(|(name, _)| name == "progress")
        .map(|(_, data)| data)
        .collect();
    assert_eq!(progress.len() + 1, events.len(), "progress, then done");
    assert!(!progress.is_empty(), "at least the first progress event");
    for p in &progress {
        let mut keys: Vec<&str> = p
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(keys, ["bytes_read", "bytes_total", "posts"], "{p}");
        assert!(p["bytes_read"].as_u64() <= p["bytes_total"].as_u64(), "{p}");
    }
    assert_eq!(summary["format"], "x");
    assert!(
        summary["posts"].as_u64().expect("posts") >= 300,
        "{summary}"
    );
    assert!(summary["posts_with_findings"].as_u64().expect("count") > 0);
    assert_eq!(summary["pack"]["id"], "uk-civil-service");
    assert!(summary["store"]["run"].is_i64(), "recorded in the store");
    assert!(!summary["by_year"].as_array().expect("years").is_empty());

    // The status says the same, and the upload is gone.
    let status = get_json(app, &format!("/api/v1/audits/{id}")).await;
    assert_eq!(status["status"], "done");
    assert_eq!(status["summary"], summary);
    assert_eq!(status["error"], Value::Null);
    assert_eq!(uploads_left(&with), Vec::<String>::new());
    // Following a finished audit again gives its end at once.
    let again = follow(app, &id).await;
    assert_eq!(again.last().map(|(n, _)| n.as_str()), Some("done"));

    // The History page finds it after a reload...
    let history = get_json(app, "/api/v1/history").await;
    assert_eq!(history["summary"], summary);
    assert_eq!(history["source"]["platform"], "x");
    assert_eq!(history["run"]["id"], summary["store"]["run"]);
    assert!(history["open_posts"].as_u64().expect("open") > 0);
    assert_eq!(history["decided_posts"], 0);
    let listed = get_json(app, "/api/v1/audits").await;
    assert_eq!(listed["store"], true);
    assert_eq!(listed["history"], true);
    assert_eq!(listed["audits"][0], json!({"id": id, "status": "done"}));

    // ...and after a restart: a new app on the same store reads the summary kept beside it.
    let engine = ft_server::load_engine("uk-civil-service").expect("the pack loads");
    let restarted = ft_server::app(AppState::with_store(
        engine,
        "uk-civil-service",
        common::PORT,
        AccessLog::none(),
        with.store_path(),
    ));
    let history = get_json(&restarted, "/api/v1/history").await;
    assert_eq!(history["summary"], summary);
    let kept = with.dir.path().join("audit.sqlite.summaries.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&kept).expect("kept").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }

    // Without the kept summary (an audit the command line ran), the store's own counts remain.
    std::fs::remove_file(&kept).expect("removed");
    let engine = ft_server::load_engine("uk-civil-service").expect("the pack loads");
    let restarted = ft_server::app(AppState::with_store(
        engine,
        "uk-civil-service",
        common::PORT,
        AccessLog::none(),
        with.store_path(),
    ));
    let history = get_json(&restarted, "/api/v1/history").await;
    assert_eq!(history["summary"], Value::Null);
    let counted: u64 = history["counts"]["by_severity"]
        .as_array()
        .expect("counts")
        .iter()
        .map(|t| t["findings"].as_u64().unwrap_or(0))
        .sum();
    let f = &summary["findings"];
    let total: u64 = ["serious", "warning", "advice", "note"]
        .iter()
        .map(|s| f[*s].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(counted, total);
    assert!(
        !history["counts"]["by_year"]
            .as_array()
            .expect("years")
            .is_empty()
    );
    assert_eq!(
        history["counts"]["by_principle"][0]["title"],
        summary["by_principle"][0]["title"]
    );
}

#[tokio::test]
async fn flagged_posts_are_listed_most_serious_first_and_filtered() {
    let with = app_with_store();
    let app = &with.app;
    let summary = audit(app, QUERY, archive(Format::X, 300, 7)).await;

    let all = get_json(app, "/api/v1/history/posts?limit=100").await;
    let total = all["total"].as_u64().expect("total");
    assert!(total > 0);
    assert_eq!(all["decided"], false);
    let posts = all["posts"].as_array().expect("posts");
    assert_eq!(posts.len() as u64, total.min(100));
    let ranks: Vec<u8> = posts
        .iter()
        .map(|p| severity_rank(p["severity"].as_str().unwrap_or("")))
        .collect();
    assert!(
        ranks.windows(2).all(|w| w[0] >= w[1]),
        "most serious first: {ranks:?}"
    );
    for p in posts {
        assert!(
            p["id"].is_string() && p["text"].is_string() && p["kind"].is_string(),
            "{p}"
        );
        assert_eq!(p["decision"], Value::Null);
        let text = p["text"].as_str().unwrap_or("");
        let utf16: Vec<u16> = text.encode_utf16().collect();
        for f in p["findings"].as_array().expect("findings") {
            assert!(f["rule"].is_string() && f["message"].is_string(), "{f}");
            assert!(f["principle"]["title"].is_string(), "{f}");
            let (bs, be) = (
                f["byte_start"].as_u64().unwrap_or(0) as usize,
                f["byte_end"].as_u64().unwrap_or(0) as usize,
            );
            assert_eq!(&text[bs..be], f["matched"].as_str().unwrap_or(""), "{f}");
            let (us, ue) = (
                f["utf16_start"].as_u64().unwrap_or(0) as usize,
                f["utf16_end"].as_u64().unwrap_or(0) as usize,
            );
            assert_eq!(
                String::from_utf16_lossy(&utf16[us..ue]),
                f["matched"].as_str().unwrap_or("")
            );
        }
    }

    // Paging: two pages of two are the first four.
    let first = get_json(app, "/api/v1/history/posts?limit=2").await;
    let second = get_json(app, "/api/v1/history/posts?limit=2&offset=2").await;
    let ids = |v: &Value| -> Vec<String> {
        v["posts"]
            .as_array()
            .expect("posts")
            .iter()
            .map(|p| p["id"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let mut paged = ids(&first);
    paged.extend(ids(&second));
    assert_eq!(paged, ids(&all)[..paged.len()].to_vec());
    assert_eq!(first["total"], all["total"]);

    // By severity: every post listed has a finding at least that severe.
    let warning = get_json(app, "/api/v1/history/posts?severity=warning&limit=100").await;
    assert!(warning["total"].as_u64() <= Some(total));
    for p in warning["posts"].as_array().expect("posts") {
        assert!(
            severity_rank(p["severity"].as_str().unwrap_or("")) >= 3,
            "{p}"
        );
    }

    // By principle: the busiest principle of the summary.
    let principle = summary["by_principle"][0]["id"]
        .as_str()
        .expect("a principle");
    let by_principle = get_json(
        app,
        &format!("/api/v1/history/posts?principle={principle}&limit=100"),
    )
    .await;
    assert!(by_principle["total"].as_u64().expect("total") > 0);
    for p in by_principle["posts"].as_array().expect("posts") {
        assert!(
            p["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .any(|f| f["principle"]["id"] == principle),
            "{p}"
        );
    }

    // By year: a year with findings.
    let year = summary["by_year"]
        .as_array()
        .expect("years")
        .iter()
        .find(|y| y["serious"].as_u64().unwrap_or(0) + y["warning"].as_u64().unwrap_or(0) > 0)
        .map(|y| y["year"].as_i64().expect("a year"))
        .expect("a year with findings");
    let by_year = get_json(app, &format!("/api/v1/history/posts?year={year}&limit=100")).await;
    assert!(by_year["total"].as_u64().expect("total") > 0);
    for p in by_year["posts"].as_array().expect("posts") {
        assert_eq!(p["year"], year, "{p}");
    }
    // Empty parameters are no filter (a form's empty choices).
    let unfiltered = get_json(app, "/api/v1/history/posts?severity=&principle=&year=").await;
    assert_eq!(unfiltered["total"], all["total"]);

    for (query, code) in [
        ("severity=bad", "bad_query"),
        ("year=last", "bad_query"),
        ("limit=0", "bad_query"),
        ("limit=101", "bad_query"),
        ("colour=red", "bad_query"),
        ("source=999", "unknown_source"),
    ] {
        let reply = send(app, get(&format!("/api/v1/history/posts?{query}"))).await;
        assert_eq!(reply.error_code(), code, "{query}");
    }
}

#[tokio::test]
async fn decisions_are_kept() {
    let with = app_with_store();
    let app = &with.app;
    audit(app, QUERY, archive(Format::X, 300, 7)).await;
    let open = get_json(app, "/api/v1/history/posts?limit=100").await;
    let total = open["total"].as_u64().expect("total");
    let id_at = |i: usize| open["posts"][i]["id"].as_str().expect("an id").to_string();
    let (kept, deleting, looked) = (id_at(0), id_at(1), id_at(2));

    let reply = post(
        app,
        "/api/v1/history/decisions",
        json!({"post_id": kept, "decision": "keep", "note": "fine in context"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let recorded = reply.json();
    assert_eq!(recorded["post_id"], kept.as_str());
    assert_eq!(recorded["decision"], "keep");
    assert_eq!(recorded["note"], "fine in context");
    assert_eq!(recorded["open_posts"], total - 1);
    let reply = post(
        app,
        "/api/v1/history/decisions",
        json!({"post_id": deleting, "decision": "will-delete"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    // `reviewed` is not final: the post stays on the list, with its decision.
    let reply = post(
        app,
        "/api/v1/history/decisions",
        json!({"post_id": looked, "decision": "reviewed"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());

    let open = get_json(app, "/api/v1/history/posts?limit=100").await;
    assert_eq!(open["total"], total - 2);
    let open_ids: Vec<&str> = open["posts"]
        .as_array()
        .expect("posts")
        .iter()
        .map(|p| p["id"].as_str().unwrap_or(""))
        .collect();
    assert!(!open_ids.contains(&kept.as_str()) && !open_ids.contains(&deleting.as_str()));
    let looked_at = open["posts"]
        .as_array()
        .expect("posts")
        .iter()
        .find(|p| p["id"] == looked.as_str())
        .expect("still open");
    assert_eq!(looked_at["decision"]["decision"], "reviewed");

    let decided = get_json(app, "/api/v1/history/posts?decided=true").await;
    assert_eq!(decided["decided"], true);
    assert_eq!(decided["total"], 2);
    let mut pairs: Vec<(String, String)> = decided["posts"]
        .as_array()
        .expect("posts")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap_or("").to_string(),
                p["decision"]["decision"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    pairs.sort();
    let mut expected = vec![
        (kept.clone(), "keep".to_string()),
        (deleting.clone(), "will-delete".to_string()),
    ];
    expected.sort();
    assert_eq!(pairs, expected);

    let links = get_json(app, "/api/v1/history/will-delete").await;
    let links = links["links"].as_array().expect("links");
    assert_eq!(links.len(), 1);
    assert_eq!(links[0]["post_id"], deleting.as_str());
    assert!(
        links[0]["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://")),
        "{links:?}"
    );

    let history = get_json(app, "/api/v1/history").await;
    assert_eq!(history["decided_posts"], 2);
    assert_eq!(history["will_delete_posts"], 1);
    assert_eq!(history["open_posts"], total - 2);

    // A changed mind replaces the decision.
    let reply = post(
        app,
        "/api/v1/history/decisions",
        json!({"post_id": deleting, "decision": "deleted"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let links = get_json(app, "/api/v1/history/will-delete").await;
    assert_eq!(links["links"], json!([]));

    for (body, status, code) in [
        (
            json!({"post_id": kept, "decision": "burn"}),
            400,
            "unknown_decision",
        ),
        (
            json!({"post_id": "no-such-post", "decision": "keep"}),
            404,
            "unknown_post",
        ),
        (json!({"post_id": kept}), 400, "invalid_json"),
        (
            json!({"post_id": kept, "decision": "keep", "extra": 1}),
            400,
            "invalid_json",
        ),
    ] {
        let reply = post(app, "/api/v1/history/decisions", body.clone()).await;
        assert_eq!(reply.status.as_u16(), status, "{body}");
        assert_eq!(reply.error_code(), code, "{body}");
    }
}

#[tokio::test]
async fn without_a_store_audits_are_refused_and_the_page_is_told() {
    let app = common::app();
    let reply = send(
        &app,
        post_raw("/api/v1/audits?filename=a.zip", vec![1, 2, 3]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.error_code(), "no_store");
    for path in [
        "/api/v1/history",
        "/api/v1/history/posts",
        "/api/v1/history/will-delete",
    ] {
        let reply = send(&app, get(path)).await;
        assert_eq!(reply.status, StatusCode::CONFLICT, "{path}");
        assert_eq!(reply.error_code(), "no_store", "{path}");
    }
    let reply = post(
        &app,
        "/api/v1/history/decisions",
        json!({"post_id": "1", "decision": "keep"}),
    )
    .await;
    assert_eq!(reply.error_code(), "no_store");
    assert_eq!(
        get_json(&app, "/api/v1/audits").await,
        json!({"store": false, "history": false, "audits": []})
    );
}

#[tokio::test]
async fn before_the_first_audit_there_is_no_history_and_no_store_file() {
    let with = app_with_store();
    let reply = send(&with.app, get("/api/v1/history")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.error_code(), "no_audit");
    assert_eq!(
        reply.error_message(),
        "there is no audit yet; audit an archive of your posts first"
    );
    assert_eq!(
        get_json(&with.app, "/api/v1/audits").await,
        json!({"store": true, "history": false, "audits": []})
    );
    assert!(
        !with.store_path().exists(),
        "reading does not create the store"
    );
    for path in [
        "/api/v1/audits/0123456789abcdef",
        "/api/v1/audits/0123456789abcdef/events",
    ] {
        let reply = send(&with.app, get(path)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.error_code(), "unknown_audit", "{path}");
    }
}

#[tokio::test]
async fn bad_uploads_are_refused_with_what_to_fix() {
    let with = app_with_store();
    let app = &with.app;
    let zip = archive(Format::X, 20, 1);
    let not_an_archive: Vec<u8> = (0u8..=255).cycle().take(4096).collect();
    let cases: Vec<(String, Vec<u8>, u16, &str)> = vec![
        ("format=myspace".into(), zip.clone(), 400, "unknown_format"),
        (
            "filename=posts.bin".into(),
            not_an_archive,
            400,
            "not_an_archive",
        ),
        (
            "filename=empty.zip".into(),
            Vec::new(),
            400,
            "empty_archive",
        ),
        ("account=secret".into(), zip.clone(), 400, "unknown_account"),
        ("role=astronaut".into(), zip.clone(), 400, "unknown_role"),
        (
            "profession=wizard".into(),
            zip.clone(),
            400,
            "unknown_profession",
        ),
        ("colour=red".into(), zip.clone(), 400, "bad_query"),
    ];
    for (query, body, status, code) in cases {
        let reply = send(app, post_raw(&format!("/api/v1/audits?{query}"), body)).await;
        assert_eq!(reply.status.as_u16(), status, "{query}: {}", reply.text());
        assert_eq!(reply.error_code(), code, "{query}");
    }
    let reply = send(app, post_raw("/api/v1/audits?format=myspace", zip.clone())).await;
    assert!(
        reply.error_message().contains("x, x-classic, mastodon"),
        "{}",
        reply.text()
    );

    // A declared size over 2 GiB is refused before anything is read.
    let request = Request::post("/api/v1/audits?filename=huge.zip")
        .header(header::HOST, host())
        .header(header::CONTENT_LENGTH, (3u64 << 30).to_string())
        .body(Body::from(zip.clone()))
        .expect("a request");
    let reply = send(app, request).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.error_code(), "too_large");

    assert_eq!(uploads_left(&with), Vec::<String>::new());
    // None of them took the slot: an audit starts.
    audit(app, "filename=x.zip", zip).await;
}

#[tokio::test]
async fn an_archive_that_is_not_what_it_claims_fails_with_a_reason() {
    let with = app_with_store();
    let app = &with.app;
    let id = start_audit(app, "format=bluesky", archive(Format::X, 20, 1)).await;
    let events = follow(app, &id).await;
    let (name, data) = events.last().expect("events").clone();
    assert_eq!(name, "failed", "{data}");
    let message = data["error"].as_str().expect("a message");
    assert!(!message.is_empty());
    let status = get_json(app, &format!("/api/v1/audits/{id}")).await;
    assert_eq!(status["status"], "failed");
    assert_eq!(status["summary"], Value::Null);
    assert_eq!(status["error"], message);
    assert_eq!(uploads_left(&with), Vec::<String>::new());
    // The slot is free again.
    audit(app, "format=x", archive(Format::X, 20, 1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_audit_at_a_time() {
    let with = app_with_store();
    let app = with.app.clone();
    // An upload that never finishes holds the slot.
    let stalled = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(b"PK"))])
        .chain(futures_util::stream::pending());
    let request = post_raw("/api/v1/audits?filename=x.zip", Body::from_stream(stalled));
    let first = tokio::spawn({
        let app = app.clone();
        async move { send(&app, request).await }
    });
    // Once its upload file exists, it has the slot.
    for _ in 0..500 {
        if !uploads_left(&with).is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let zip = archive(Format::X, 20, 1);
    let refused = send(&app, post_raw("/api/v1/audits?filename=x.zip", zip.clone())).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text());
    assert_eq!(refused.error_code(), "audit_running");

    // The upload is written to a file only its owner can read.
    let uploads = uploads_left(&with);
    assert_eq!(uploads.len(), 1, "{uploads:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(with.dir.path().join(&uploads[0]))
            .expect("the upload")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }

    // The connection goes away: the upload is deleted and the slot freed.
    first.abort();
    let _ = first.await;
    let mut started = false;
    for _ in 0..100 {
        let reply = send(&app, post_raw("/api/v1/audits?filename=x.zip", zip.clone())).await;
        if reply.status == StatusCode::ACCEPTED {
            started = true;
            let id = reply.json()["id"].as_str().expect("an id").to_string();
            let events = follow(&app, &id).await;
            assert_eq!(events.last().map(|(n, _)| n.as_str()), Some("done"));
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(started, "the slot was freed");
    assert_eq!(uploads_left(&with), Vec::<String>::new());
}

#[tokio::test]
async fn while_an_audit_runs_a_second_is_refused() {
    let with = app_with_store();
    let app = &with.app;
    let id = start_audit(app, QUERY, archive(Format::X, 3000, 3)).await;
    let reply = send(
        app,
        post_raw("/api/v1/audits?filename=x.zip", archive(Format::X, 20, 1)),
    )
    .await;
    match reply.status {
        StatusCode::CONFLICT => assert_eq!(reply.error_code(), "audit_running"),
        // Only if the first had already finished.
        StatusCode::ACCEPTED => {
            let second = reply.json()["id"].as_str().expect("an id").to_string();
            follow(app, &second).await;
        }
        other => panic!("{other}: {}", reply.text()),
    }
    let events = follow(app, &id).await;
    assert_eq!(events.last().map(|(n, _)| n.as_str()), Some("done"));
}

#[tokio::test]
async fn no_post_text_or_file_name_reaches_the_log() {
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = Arc::clone(&lines);
    let with = app_with_store_and_log(AccessLog::to(move |r| {
        sink.lock().expect("the log").push(r.to_string());
    }));
    let app = &with.app;
    audit(app, "filename=secret-name.zip", archive(Format::X, 50, 5)).await;
    let posts = get_json(app, "/api/v1/history/posts?limit=100").await;
    let texts: Vec<String> = posts["posts"]
        .as_array()
        .expect("posts")
        .iter()
        .map(|p| p["text"].as_str().unwrap_or("").to_string())
        .collect();
    let lines = lines.lock().expect("the log").clone();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("POST /api/v1/audits 202")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("GET /api/v1/audits/{id}/events 200")),
        "{lines:?}"
    );
    for line in &lines {
        assert!(!line.contains("secret-name"), "{line}");
        for text in &texts {
            assert!(!line.contains(text.as_str()), "{line}");
        }
    }
}

#[tokio::test]
async fn stopping_the_server_ends_the_event_streams() {
    let with = app_with_store();
    let app = &with.app;
    let id = start_audit(app, QUERY, archive(Format::X, 3000, 3)).await;
    with.state.stop();
    // The stream ends at once, whether or not the audit has: the server need not wait for it.
    let events = tokio::time::timeout(Duration::from_secs(10), follow(app, &id))
        .await
        .expect("the stream ends");
    assert_eq!(events, Vec::new());
    assert_eq!(
        uploads_left(&with),
        Vec::<String>::new(),
        "the upload is deleted"
    );
    // The audit's thread still ends in its own time (the process would end it).
    for _ in 0..600 {
        let status = get_json(app, &format!("/api/v1/audits/{id}")).await;
        if status["status"] != "running" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

//! The guard: other hosts (DNS rebinding) and other sites (cross-site requests) are refused, and
//! every response carries the security headers.

mod common;

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{PORT, app, get, host, send};
use ft_server::{AccessLog, ServeConfig};

fn request(method: &str, path: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(path);
    for &(name, value) in headers {
        builder = builder.header(name, value);
    }
    let body = if method == "POST" {
        Body::from(r#"{"text": "Proud to vote Labour tomorrow!"}"#)
    } else {
        Body::empty()
    };
    builder.body(body).expect("a valid request")
}

#[tokio::test]
async fn other_hosts_are_refused_with_421() {
    let other_port = format!("127.0.0.1:{}", PORT + 1);
    let rebound = format!("attacker.example:{PORT}");
    for bad_host in [
        rebound.as_str(),
        "attacker.example",
        other_port.as_str(),
        "127.0.0.1",
        "0.0.0.0",
        "[::1]",
        "",
    ] {
        for path in ["/", "/api/v1/pack", "/healthz", "/nope"] {
            let reply = send(&app(), request("GET", path, &[("host", bad_host)])).await;
            assert_eq!(
                reply.status,
                StatusCode::MISDIRECTED_REQUEST,
                "{bad_host} {path}"
            );
            assert_eq!(reply.error_code(), "wrong_host");
        }
        let reply = send(
            &app(),
            request(
                "POST",
                "/api/v1/check",
                &[("host", bad_host), ("content-type", "application/json")],
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::MISDIRECTED_REQUEST, "{bad_host}");
    }
    let reply = send(&app(), request("GET", "/healthz", &[])).await;
    assert_eq!(
        reply.status,
        StatusCode::MISDIRECTED_REQUEST,
        "no Host at all"
    );
}

#[tokio::test]
async fn both_loopback_names_are_accepted() {
    let localhost = format!("localhost:{PORT}");
    let upper = format!("LOCALHOST:{PORT}");
    for good in [host(), localhost, upper] {
        let reply = send(&app(), request("GET", "/healthz", &[("host", &good)])).await;
        assert_eq!(reply.status, StatusCode::OK, "{good}");
    }
}

#[tokio::test]
async fn other_origins_are_refused_with_403() {
    let other_port = format!("http://127.0.0.1:{}", PORT + 1);
    let https = format!("https://127.0.0.1:{PORT}");
    for origin in [
        "https://attacker.example",
        "http://attacker.example",
        other_port.as_str(),
        https.as_str(),
        "null",
    ] {
        let reply = send(
            &app(),
            request(
                "POST",
                "/api/v1/check",
                &[
                    ("host", &host()),
                    ("origin", origin),
                    ("content-type", "application/json"),
                ],
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{origin}");
        assert_eq!(reply.error_code(), "cross_origin");
        let reply = send(
            &app(),
            request(
                "GET",
                "/api/v1/pack",
                &[("host", &host()), ("origin", origin)],
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{origin}");
    }
    for own in [
        format!("http://127.0.0.1:{PORT}"),
        format!("http://localhost:{PORT}"),
    ] {
        let reply = send(
            &app(),
            request(
                "POST",
                "/api/v1/check",
                &[
                    ("host", &host()),
                    ("origin", &own),
                    ("content-type", "application/json"),
                ],
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{own}");
    }
}

#[tokio::test]
async fn fetch_metadata_from_other_sites_is_refused() {
    for site in ["cross-site", "same-site"] {
        let reply = send(
            &app(),
            request(
                "GET",
                "/api/v1/pack",
                &[("host", &host()), ("sec-fetch-site", site)],
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{site}");
        assert_eq!(reply.error_code(), "cross_origin");
    }
    for site in ["same-origin", "none"] {
        let reply = send(
            &app(),
            request("GET", "/", &[("host", &host()), ("sec-fetch-site", site)]),
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{site}");
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let refused = request("GET", "/", &[("host", "attacker.example")]);
    let api_post = Request::post("/api/v1/check")
        .header(header::HOST, host())
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"text":"hi"}"#))
        .expect("a request");
    for (what, req) in [
        ("page", get("/")),
        ("asset", get("/assets/app.css")),
        ("api", get("/api/v1/pack")),
        ("check", api_post),
        ("not found", get("/nope")),
        ("refused", refused),
    ] {
        let reply = send(&app(), req).await;
        let csp = reply.header("content-security-policy");
        assert!(csp.contains("default-src 'self'"), "{what}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{what}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
        assert_eq!(reply.header("x-content-type-options"), "nosniff", "{what}");
        assert_eq!(reply.header("referrer-policy"), "no-referrer", "{what}");
        assert_eq!(reply.header("x-frame-options"), "DENY", "{what}");
        assert!(!reply.header("cache-control").is_empty(), "{what}");
    }
    let api = send(&app(), get("/api/v1/pack")).await;
    assert_eq!(api.header("cache-control"), "no-store");
}

/// `serve` binds to 127.0.0.1 on a free port and answers a real HTTP request there.
#[test]
fn serve_binds_to_loopback_only() {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut config = ServeConfig::new("core");
        config.open_browser = false;
        config.access_log = AccessLog::none();
        let _ = ft_server::serve(config, move |address| {
            let _ = tx.send(address);
        });
    });
    let address = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the server starts");
    assert!(address.ip().is_loopback(), "{address}");
    assert_eq!(address.ip().to_string(), "127.0.0.1");
    assert_ne!(address.port(), 0);
    assert_eq!(ft_server::url(address), format!("http://{address}/"));

    let get_with_host = |host: &str| -> String {
        let mut stream = TcpStream::connect(address).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("a timeout");
        write!(
            stream,
            "GET /healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .expect("sends");
        let mut reply = String::new();
        let _ = stream.read_to_string(&mut reply);
        reply
    };
    let ok = get_with_host(&format!("127.0.0.1:{}", address.port()));
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    assert!(ok.contains(r#"{"status":"ok"}"#), "{ok}");
    let refused = get_with_host(&format!("rebound.example:{}", address.port()));
    assert!(refused.starts_with("HTTP/1.1 421"), "{refused}");
}

#[test]
fn a_pack_that_does_not_load_is_an_error_before_binding() {
    let mut config = ServeConfig::new("no-such-pack");
    config.open_browser = false;
    let mut called = false;
    let err = ft_server::serve(config, |_| called = true)
        .err()
        .map(|e| format!("{e:#}"))
        .unwrap_or_default();
    assert!(!called);
    assert!(err.contains("no-such-pack"), "{err}");
}

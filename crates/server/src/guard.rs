//! The middleware every request passes through: refuse requests that do not come from this
//! machine's own pages, add the security headers, and write the access log.
//!
//! Binding to 127.0.0.1 keeps other machines out, but not other web sites open in the person's
//! browser. Two checks close that door:
//!
//! - **`Host`** must be `127.0.0.1:PORT` or `localhost:PORT`. A site that rebinds its own DNS name
//!   to 127.0.0.1 (DNS rebinding) still sends its own name as the host, and is refused with 421.
//! - **`Origin`**, when the browser sends one, must be this server's own origin, and
//!   **`Sec-Fetch-Site`**, when sent, must be `same-origin` or `none` (the person typed the
//!   address). Anything else is another site, or another port on this machine, and is refused
//!   with 403.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::ApiError;
use crate::log::AccessRecord;

/// The Content-Security-Policy of every response: nothing but this server's own files, no inline
/// scripts or styles, no framing.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).map(|v| v.to_str().unwrap_or("\u{fffd}"))
}

/// Why a request is refused, if it is.
pub(crate) fn refusal(headers: &HeaderMap, port: u16) -> Option<ApiError> {
    let allowed_hosts = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    let host_ok = header_str(headers, header::HOST)
        .is_some_and(|h| allowed_hosts.iter().any(|a| a.eq_ignore_ascii_case(h)));
    if !host_ok {
        return Some(ApiError::new(
            axum::http::StatusCode::MISDIRECTED_REQUEST,
            "wrong_host",
            format!(
                "this server answers only to http://127.0.0.1:{port}/ and http://localhost:{port}/; \
                 open one of those addresses"
            ),
        ));
    }
    if let Some(origin) = header_str(headers, header::ORIGIN) {
        let own = allowed_hosts
            .iter()
            .any(|a| origin.eq_ignore_ascii_case(&format!("http://{a}")));
        if !own {
            return Some(cross_site());
        }
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        let site = site.to_str().unwrap_or("");
        if !(site.eq_ignore_ascii_case("same-origin") || site.eq_ignore_ascii_case("none")) {
            return Some(cross_site());
        }
    }
    None
}

fn cross_site() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::FORBIDDEN,
        "cross_origin",
        "requests from other web sites are refused; use Forethought's own pages",
    )
}

fn add_security_headers(headers: &mut HeaderMap) {
    let pairs: [(&str, &'static str); 7] = [
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cross-origin-resource-policy", "same-origin"),
        (
            "permissions-policy",
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ),
    ];
    for (name, value) in pairs {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
}

/// Check the request's origin, run it, add the security headers and log it.
pub(crate) async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "-".to_string(), |p| p.as_str().to_string());
    let mut response = match refusal(request.headers(), state.port()) {
        Some(error) => error.into_response(),
        None => next.run(request).await,
    };
    add_security_headers(response.headers_mut());
    state.access_log().record(&AccessRecord {
        method,
        route,
        status: response.status().as_u16(),
        latency: started.elapsed(),
    });
    response
}

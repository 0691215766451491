//! The pages and their files, from `web/`, embedded in the binary: the app needs nothing on disk
//! and loads nothing from anywhere else.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::error::ApiError;

/// One embedded file.
pub(crate) struct Asset {
    /// Its path under `web/`, which is also its address under `/assets/` (pages have their own
    /// addresses, see [`PAGES`]).
    pub(crate) path: &'static str,
    pub(crate) content_type: &'static str,
    pub(crate) body: &'static [u8],
}

macro_rules! web {
    ($path:literal, $type:literal) => {
        Asset {
            path: $path,
            content_type: $type,
            body: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/", $path)),
        }
    };
}

const HTML: &str = "text/html; charset=utf-8";

/// Every file in `web/` (a test checks that none is missing).
pub(crate) const ASSETS: &[Asset] = &[
    web!("write.html", "text/html; charset=utf-8"),
    web!("profile.html", "text/html; charset=utf-8"),
    web!("guidance.html", "text/html; charset=utf-8"),
    web!("history.html", "text/html; charset=utf-8"),
    web!("app.css", "text/css; charset=utf-8"),
    web!("icon.svg", "image/svg+xml"),
    web!("common.js", "text/javascript; charset=utf-8"),
    web!("highlight.js", "text/javascript; charset=utf-8"),
    web!("findings.js", "text/javascript; charset=utf-8"),
    web!("context.js", "text/javascript; charset=utf-8"),
    web!("length.js", "text/javascript; charset=utf-8"),
    web!("write.js", "text/javascript; charset=utf-8"),
    web!("profile.js", "text/javascript; charset=utf-8"),
    web!("guidance.js", "text/javascript; charset=utf-8"),
    web!("history.js", "text/javascript; charset=utf-8"),
    web!("timeline.js", "text/javascript; charset=utf-8"),
];

/// The pages: their address and their file.
pub(crate) const PAGES: &[(&str, &str)] = &[
    ("/", "write.html"),
    ("/profile", "profile.html"),
    ("/guidance", "guidance.html"),
    ("/history", "history.html"),
];

fn find(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.path == path)
}

fn serve(asset: &Asset) -> Response {
    let mut response = (StatusCode::OK, asset.body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    // Always revalidate: a new binary may bring new pages, and loopback is cheap.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

async fn asset(Path(path): Path<String>) -> Response {
    match find(&path).filter(|a| a.content_type != HTML) {
        Some(a) => serve(a),
        None => ApiError::not_found().into_response(),
    }
}

/// The routes of the pages and of `/assets/…`.
pub(crate) fn routes() -> Router<AppState> {
    let mut router = Router::new().route("/assets/{*path}", get(asset));
    for &(address, file) in PAGES {
        router = router.route(
            address,
            get(move || async move {
                find(file).map_or_else(|| ApiError::not_found().into_response(), serve)
            }),
        );
    }
    router
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_web_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("web/ is readable")
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = ASSETS.iter().map(|a| a.path.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded, "web/ and ASSETS differ");
    }

    #[test]
    fn every_page_is_an_embedded_html_file() {
        for &(address, file) in PAGES {
            let asset = find(file).unwrap_or_else(|| panic!("{address}: {file} is not embedded"));
            assert_eq!(asset.content_type, HTML, "{file}");
        }
    }
}

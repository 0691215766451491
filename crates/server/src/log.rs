//! The access log: one line per request with the method, the route, the status and the latency.
//!
//! A record is built from the route *template* (`/api/v1/check`), never from the request's path,
//! query or body, so the person's text cannot reach a log line even by accident.

use std::fmt;
use std::io::Write as _;
use std::sync::Arc;
use std::time::Duration;

/// What is logged about one request, and nothing more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessRecord {
    /// The HTTP method (`GET`, `POST`).
    pub method: String,
    /// The route that matched, as written in the router (`/api/v1/check`), or `-` when no route
    /// matched: the path itself is never recorded.
    pub route: String,
    /// The status code sent.
    pub status: u16,
    /// Time from receiving the request to having the response ready.
    pub latency: Duration,
}

impl fmt::Display for AccessRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {:.3}ms",
            self.method,
            self.route,
            self.status,
            self.latency.as_secs_f64() * 1000.0
        )
    }
}

/// A function that receives access records.
type Sink = Arc<dyn Fn(&AccessRecord) + Send + Sync>;

/// Where access records go.
#[derive(Clone)]
pub struct AccessLog(Option<Sink>);

impl AccessLog {
    /// Write each record as a line on standard error.
    pub fn stderr() -> Self {
        Self::to(|record| {
            let _ = writeln!(std::io::stderr().lock(), "{record}");
        })
    }

    /// Log nothing.
    pub fn none() -> Self {
        Self(None)
    }

    /// Hand each record to `sink`.
    pub fn to(sink: impl Fn(&AccessRecord) + Send + Sync + 'static) -> Self {
        Self(Some(Arc::new(sink)))
    }

    pub(crate) fn record(&self, record: &AccessRecord) {
        if let Some(sink) = &self.0 {
            sink(record);
        }
    }
}

impl Default for AccessLog {
    fn default() -> Self {
        Self::stderr()
    }
}

impl fmt::Debug for AccessLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "AccessLog(sink)"
        } else {
            "AccessLog(none)"
        })
    }
}

//! Web addresses, and links to the organisation's internal systems.

use std::net::Ipv4Addr;
use std::sync::LazyLock;

use regex::Regex;

use super::{EntityDetector, EntityEnv, EntityHit, trim_trailing_punctuation};
use crate::finding::Checksum;
use ft_text::TextRange;

pub(crate) struct Url;

/// Links with a scheme or `www.`, and bare host names with a path or a dotted name.
static URL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(?-u:\b)(?:https?://[^\s<>"'`{}|\\^\[\]]+|www\.[^\s<>"'`{}|\\^\[\]]+|[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)+(?:/[^\s<>"'`{}|\\^\[\]]*)?)"#,
    )
    .ok()
});

/// Suffixes of host names that only resolve inside an organisation's network.
const INTERNAL_SUFFIXES: &[&str] = &[
    ".local",
    ".internal",
    ".intranet",
    ".corp",
    ".lan",
    ".home.arpa",
    ".localdomain",
];

/// Common top-level domains a bare host must end in to count as a link without a scheme.
const BARE_TLDS: &[&str] = &[
    "com", "org", "net", "uk", "gov", "edu", "io", "co", "info", "eu", "ie", "scot", "wales",
    "cymru", "nhs", "ac", "sch", "ly", "me", "app", "dev", "us", "ca", "au", "de", "fr", "nl",
];

fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    host.split(':').next().unwrap_or(host)
}

fn domain_matches(host: &str, domain: &str) -> bool {
    let domain = domain.strip_prefix("*.").unwrap_or(domain);
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
}

/// Why a host is internal, if it is.
fn internal_reason(host: &str, internal_domains: &[String]) -> Option<&'static str> {
    if internal_domains.iter().any(|d| domain_matches(host, d)) {
        return Some("internal domain");
    }
    if host == "localhost" || !host.contains('.') {
        return Some("internal host name");
    }
    if INTERNAL_SUFFIXES.iter().any(|s| host.ends_with(s)) {
        return Some("internal host name");
    }
    if let Ok(ip) = host.parse::<Ipv4Addr>()
        && (ip.is_private() || ip.is_loopback() || ip.is_link_local())
    {
        return Some("private network address");
    }
    None
}

impl EntityDetector for Url {
    fn description(&self) -> &'static str {
        "A web address: a link starting `http://`, `https://` or `www.`, or a bare host name \
         ending in a common top-level domain (`example.org/page`). Trailing sentence punctuation \
         is not part of the link. With `internal_only`, only links to the organisation's internal \
         domains, to hosts that resolve only inside a network (`intranet/`, `*.local`, \
         `*.internal`, `*.corp`) and to private IP addresses are reported. Version numbers and \
         file names such as `report.pdf` are not links."
    }

    fn context_words(&self) -> &'static [&'static str] {
        &[
            "link",
            "see",
            "here",
            "page",
            "site",
            "intranet",
            "sharepoint",
        ]
    }

    fn find(&self, text: &str, env: &EntityEnv<'_>, out: &mut Vec<EntityHit>) {
        // Every link has `://` or a dot between two name characters (`example.org`, `www.x`);
        // the dots that end sentences do not, so most drafts skip the regex.
        let has_host_dot = text
            .as_bytes()
            .windows(3)
            .any(|w| w[1] == b'.' && w[0].is_ascii_alphanumeric() && w[2].is_ascii_alphanumeric());
        if !has_host_dot && !text.contains("://") {
            return;
        }
        let Some(re) = URL.as_ref() else { return };
        for m in re.find_iter(text) {
            // A bare host must not be part of an email address or a longer word.
            if text[..m.start()].ends_with(['@', '.', '-', '/']) {
                continue;
            }
            let full = m.as_str();
            let mut raw = trim_trailing_punctuation(full);
            // Keep a closing bracket that balances one inside the link (`/wiki/Foo_(bar)`).
            while full
                .get(raw.len()..)
                .is_some_and(|rest| rest.starts_with(')'))
                && raw.matches('(').count() > raw.matches(')').count()
            {
                let Some(longer) = full.get(..raw.len() + 1) else {
                    break;
                };
                raw = longer;
            }
            let lower = raw.to_ascii_lowercase();
            let has_scheme = lower.starts_with("http://") || lower.starts_with("https://");
            let host = host_of(&lower);
            let bare = !has_scheme && !lower.starts_with("www.");
            if bare {
                let tld = host.rsplit('.').next().unwrap_or("");
                let internal = env.internal_domains.iter().any(|d| domain_matches(host, d));
                if !internal && !BARE_TLDS.contains(&tld) {
                    continue;
                }
            }
            let reason = internal_reason(host, env.internal_domains);
            if env.internal_only && reason.is_none() {
                continue;
            }
            let confidence = match reason {
                Some("internal domain") => 0.95,
                Some(_) => 0.85,
                None if bare => 0.7,
                None => 0.9,
            };
            out.push(EntityHit {
                span: TextRange::from_usize(m.start(), m.start() + raw.len()),
                confidence,
                checksum: Checksum::NotApplicable,
                detail: reason.or_else(|| {
                    let own = env.public_domains.iter().any(|d| domain_matches(host, d));
                    Some(if own {
                        "the organisation's public site"
                    } else {
                        "link"
                    })
                }),
            });
        }
    }
}

//! The compiled origin allowlist. Every kind of pattern is indexed so that a
//! lookup costs the same whatever the number of patterns: exact origins in a
//! hash map, port wildcards in a hash set per scheme, subdomain wildcards in
//! a hash map keyed by the domain they sit on (one probe per label of the
//! request's host), and all regular expressions in as few fully built DFAs
//! as fit (one, for any plausible policy).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;
use std::sync::Arc;

use http::request::Parts;
use http::HeaderValue;

use super::authority::{split_authority, split_path};
use super::{HostPattern, Origin, OriginPattern, PortPattern};

/// A user predicate over a canonical origin and the request.
pub(crate) type Predicate = Arc<dyn Fn(&Origin<'_>, &Parts) -> bool + Send + Sync>;

/// The set of allowed origins, compiled.
#[derive(Default)]
pub(crate) struct OriginSet {
    /// Canonical origin → its `Access-Control-Allow-Origin` value.
    exact: HashMap<Box<[u8]>, HeaderValue>,
    /// Host and subdomain wildcards, per scheme (a handful at most).
    schemes: Vec<SchemeIndex>,
    /// Host of an exact origin → that origin (the first configured), for
    /// the "did you mean" of a refusal; never read to allow anything.
    by_host: HashMap<Box<str>, Box<str>>,
    #[cfg(feature = "regex")]
    regexes: Option<super::regex::Regexes>,
    predicates: Vec<Predicate>,
}

#[derive(Default)]
struct SchemeIndex {
    scheme: Box<str>,
    /// Hosts allowed on any port (`http://localhost:*`).
    any_port: HashSet<Box<str>>,
    /// Domain → the ports allowed on its subdomains (`https://*.example.com`).
    subdomains: HashMap<Box<str>, Ports>,
}

#[derive(Debug, Default)]
struct Ports {
    any: bool,
    /// Sorted, without repeats; `None` is the scheme's default port.
    listed: Vec<Option<u16>>,
}

impl Ports {
    fn add(&mut self, port: Option<u16>) {
        if let Err(at) = self.listed.binary_search(&port) {
            self.listed.insert(at, port);
        }
    }

    fn allows(&self, port: Option<u16>) -> bool {
        self.any || self.listed.binary_search(&port).is_ok()
    }
}

impl OriginSet {
    /// Adds a validated pattern. `rendered` is the header value for an exact origin.
    pub(crate) fn insert(&mut self, pattern: &OriginPattern) {
        if let Some(exact) = pattern.exact() {
            self.by_host
                .entry(pattern.host_text().into())
                .or_insert_with(|| exact.as_str().into());
            if let Ok(value) = HeaderValue::from_str(&exact) {
                self.exact.insert(
                    exact.into_bytes().into_boxed_slice(),
                    crate::render::shared(value),
                );
            }
            return;
        }
        if !self.schemes.iter().any(|s| *s.scheme == *pattern.scheme) {
            self.schemes.push(SchemeIndex {
                scheme: pattern.scheme.clone().into_boxed_str(),
                ..SchemeIndex::default()
            });
        }
        let Some(index) = self
            .schemes
            .iter_mut()
            .find(|s| *s.scheme == *pattern.scheme)
        else {
            return;
        };
        match (&pattern.host, pattern.port) {
            (HostPattern::Exact(host, _), _) => {
                // Only `PortPattern::Any` reaches here: the rest are exact.
                index.any_port.insert(host.clone().into_boxed_str());
            }
            (HostPattern::Subdomains(domain), port) => {
                let ports = index
                    .subdomains
                    .entry(domain.clone().into_boxed_str())
                    .or_default();
                match port {
                    PortPattern::Any => ports.any = true,
                    PortPattern::Default => ports.add(None),
                    PortPattern::Port(p) => ports.add(Some(p)),
                }
            }
        }
    }

    /// Adds the compiled regular expressions (see `origin::regex`).
    #[cfg(feature = "regex")]
    pub(crate) fn set_regexes(&mut self, set: super::regex::Regexes) {
        self.regexes = Some(set);
    }

    pub(crate) fn push_predicate(&mut self, predicate: Predicate) {
        self.predicates.push(predicate);
    }

    /// Whether any predicate is configured.
    pub(crate) fn has_predicates(&self) -> bool {
        !self.predicates.is_empty()
    }

    /// The rendered value of an exact configured origin equal to `origin`,
    /// byte for byte. Every key is canonical, so a hit needs neither
    /// parsing nor validation.
    pub(crate) fn lookup_exact(&self, origin: &[u8]) -> Option<&HeaderValue> {
        self.exact.get(origin)
    }

    /// Whether the canonical `origin` matches a pattern, a regex or a
    /// predicate. Never allocates. Predicates see `parts`, which the
    /// service leaves out only for a set without predicates.
    pub(crate) fn lookup_patterns(&self, origin: &Origin<'_>, parts: Option<&Parts>) -> bool {
        self.matches_host_patterns(origin)
            || self.matches_regex(origin)
            || parts.is_some_and(|parts| {
                self.predicates
                    .iter()
                    .any(|predicate| predicate(origin, parts))
            })
    }

    fn matches_host_patterns(&self, origin: &Origin<'_>) -> bool {
        let Some(index) = self.schemes.iter().find(|s| *s.scheme == *origin.scheme()) else {
            return false;
        };
        let host = origin.host();
        if index.any_port.contains(host) {
            return true;
        }
        if index.subdomains.is_empty() || !origin.is_domain() {
            return false;
        }
        // One probe per proper suffix of the host: `a.b.example.com` tries
        // `b.example.com`, `example.com` and `com`. A suffix always has at
        // least one label in front of it, so `*.example.com` never matches
        // `example.com` itself.
        // (A plain scan: `match_indices` sets up a memchr search, which
        // costs more than it saves on a host's few dozen bytes.)
        host.bytes().enumerate().any(|(at, byte)| {
            byte == b'.'
                && host.get(at + 1..).is_some_and(|suffix| {
                    index
                        .subdomains
                        .get(suffix)
                        .is_some_and(|ports| ports.allows(origin.port()))
                })
        })
    }

    #[cfg(feature = "regex")]
    fn matches_regex(&self, origin: &Origin<'_>) -> bool {
        self.regexes
            .as_ref()
            .is_some_and(|regexes| regexes.is_match(origin))
    }

    #[cfg(not(feature = "regex"))]
    fn matches_regex(&self, _origin: &Origin<'_>) -> bool {
        false
    }

    /// A configured origin that `origin` (as the request sent it, maybe
    /// not canonical) nearly is, and how they differ; or a subdomain
    /// wildcard over `origin`'s own host, which never matches it.
    pub(crate) fn near_miss(&self, origin: &str) -> Option<String> {
        let lower = origin.trim().to_ascii_lowercase();
        let (scheme, rest) = lower.split_once("://")?;
        let (host, _) = split_authority(split_path(rest).0);
        if let Some(allowed) = self.by_host.get(host) {
            let differences = differences(origin, allowed);
            return (!differences.is_empty()).then(|| {
                format!(
                    "did you mean `{allowed}`? It is allowed; this origin differs by {differences}"
                )
            });
        }
        let wildcard = self
            .schemes
            .iter()
            .any(|s| *s.scheme == *scheme && s.subdomains.contains_key(host));
        wildcard.then(|| {
            format!(
                "`{scheme}://*.{host}` matches subdomains only, never `{scheme}://{host}` itself: \
                 allow `{scheme}://{host}` too"
            )
        })
    }

    /// Whether only exact origins are configured: nothing but a byte-for-byte
    /// hit in the exact map can allow an origin.
    pub(crate) fn is_exact_only(&self) -> bool {
        #[cfg(feature = "regex")]
        let no_regex = self.regexes.is_none();
        #[cfg(not(feature = "regex"))]
        let no_regex = true;
        self.schemes.is_empty() && no_regex && self.predicates.is_empty()
    }

    /// Whether nothing at all is configured: no exact origin, pattern,
    /// regex or predicate.
    pub(crate) fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.is_exact_only()
    }
}

/// How a requested origin differs from a configured one with the same host,
/// in words: "its scheme and port", "case", … Empty if they are equal.
fn differences(requested: &str, allowed: &str) -> String {
    fn split(o: &str) -> (&str, &str, bool) {
        let o = o.trim();
        let (scheme, rest) = o.split_once("://").unwrap_or(("", o));
        let (_, port) = split_authority(split_path(rest).0);
        (scheme, port, o.ends_with('/'))
    }
    let (scheme, port, slash) = split(requested);
    let (allowed_scheme, allowed_port, _) = split(allowed);
    let mut found = Vec::new();
    if !scheme.eq_ignore_ascii_case(allowed_scheme) {
        found.push("its scheme");
    }
    if port != allowed_port {
        found.push("its port");
    }
    if slash {
        found.push("a trailing slash (browsers never send one)");
    }
    if requested.trim() != requested {
        found.push("white space");
    }
    if requested.bytes().any(|b| b.is_ascii_uppercase()) {
        found.push("upper case (browsers send lower case)");
    }
    if found.is_empty() && requested != allowed {
        found.push("its form");
    }
    found.join(" and ")
}

impl fmt::Debug for OriginSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("OriginSet");
        s.field("exact", &self.exact.len());
        s.field("pattern_schemes", &self.schemes.len());
        #[cfg(feature = "regex")]
        s.field("regexes", &self.regexes.as_ref().map_or(0, |r| r.len()));
        s.field("predicates", &self.predicates.len());
        s.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_pattern;
    use super::*;

    fn set(patterns: &[&str]) -> OriginSet {
        let mut set = OriginSet::default();
        for p in patterns {
            set.insert(&parse_pattern(p).unwrap());
        }
        set
    }

    fn allows(set: &OriginSet, origin: &str) -> bool {
        let parts = http::Request::new(()).into_parts().0;
        Origin::parse(origin).is_some_and(|o| {
            set.lookup_exact(o.as_str().as_bytes()).is_some()
                || set.lookup_patterns(&o, Some(&parts))
        })
    }

    #[test]
    fn subdomain_wildcards() {
        let s = set(&["https://*.example.com"]);
        assert!(allows(&s, "https://a.example.com"));
        assert!(allows(&s, "https://a.b.example.com"));
        assert!(!allows(&s, "https://example.com"));
        assert!(!allows(&s, "https://evil-example.com"));
        assert!(!allows(&s, "https://example.com.evil.net"));
        assert!(!allows(&s, "http://a.example.com"));
        assert!(!allows(&s, "https://a.example.com:8443"));
        let s = set(&["https://*.example.com:8443", "https://*.example.com"]);
        assert!(allows(&s, "https://a.example.com:8443"));
        assert!(allows(&s, "https://a.example.com"));
        assert!(!allows(&s, "https://a.example.com:8444"));
    }

    #[test]
    fn port_wildcards() {
        let s = set(&["http://localhost:*", "https://*.dev.test:*"]);
        assert!(allows(&s, "http://localhost"));
        assert!(allows(&s, "http://localhost:5173"));
        assert!(!allows(&s, "https://localhost:5173"));
        assert!(!allows(&s, "http://localhost.evil.net:5173"));
        assert!(allows(&s, "https://x.dev.test:1"));
        assert!(!allows(&s, "https://dev.test:1"));
    }

    #[test]
    fn near_misses_find_the_host_past_ports_brackets_and_paths() {
        let s = set(&[
            "https://example.com:8443",
            "http://[::1]:3000",
            "https://*.example.org",
        ]);
        let hint = |origin: &str| s.near_miss(origin).unwrap_or_default();
        let differs = |allowed: &str, by: &str| {
            format!("did you mean `{allowed}`? It is allowed; this origin differs by {by}")
        };
        assert_eq!(
            hint("https://example.com:8444"),
            differs("https://example.com:8443", "its port")
        );
        assert_eq!(
            hint("https://example.com:8443/app"),
            differs("https://example.com:8443", "its form")
        );
        assert_eq!(
            hint("https://example.com:8443?x"),
            differs("https://example.com:8443", "its form")
        );
        assert_eq!(
            hint("https://[::1]:3000/"),
            differs(
                "http://[::1]:3000",
                "its scheme and a trailing slash (browsers never send one)"
            )
        );
        assert_eq!(
            hint("http://[::1]"),
            differs("http://[::1]:3000", "its port")
        );
        assert_eq!(hint("http://[::1"), "");
        assert!(hint("https://example.org:8443").starts_with("`https://*.example.org` matches"));
    }

    #[test]
    fn exact_lookup_returns_the_rendered_value() {
        let s = set(&["https://example.com"]);
        assert_eq!(
            s.lookup_exact(b"https://example.com").unwrap(),
            "https://example.com"
        );
        assert!(s.lookup_exact(b"https://EXAMPLE.com").is_none());
    }
}

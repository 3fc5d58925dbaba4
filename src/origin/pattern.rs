//! Configured origins and origin patterns: validated and normalised once,
//! when the policy is built.

use super::authority::{split_authority, split_path};
use super::host::{normalize_host, HostKind};
use super::{default_port, is_scheme, parse_port};
use crate::error::InvalidOrigin;

/// A configured origin or pattern, in canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OriginPattern {
    /// Lowercase scheme.
    pub(crate) scheme: String,
    pub(crate) host: HostPattern,
    pub(crate) port: PortPattern,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HostPattern {
    /// One host, canonical.
    Exact(String, HostKind),
    /// `*.suffix`: one or more labels in front of `suffix`, never `suffix` itself.
    Subdomains(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PortPattern {
    /// No port written: the scheme's default.
    Default,
    /// This port.
    Port(u16),
    /// `:*`: any port, the default one included.
    Any,
}

impl OriginPattern {
    /// The serialized origin, when the pattern matches exactly one origin.
    pub(crate) fn exact(&self) -> Option<String> {
        let HostPattern::Exact(host, _) = &self.host else {
            return None;
        };
        match self.port {
            PortPattern::Default => Some(format!("{}://{host}", self.scheme)),
            PortPattern::Port(port) => Some(format!("{}://{host}:{port}", self.scheme)),
            PortPattern::Any => None,
        }
    }

    /// The host part, for the credential checks.
    pub(crate) fn host_text(&self) -> &str {
        match &self.host {
            HostPattern::Exact(host, _) | HostPattern::Subdomains(host) => host,
        }
    }
}

/// Parses a configured origin such as `https://example.com`,
/// `https://*.example.com`, `http://localhost:*` or `https://[::1]:8443`.
///
/// Scheme and host are lowercased; IPv6 addresses are compressed. Anything a
/// browser would never send (a path, a trailing slash, userinfo, the default
/// port, a non-ASCII host, …) is an error that names the fix. `*` and `null`
/// are handled by the caller.
pub(crate) fn parse_pattern(input: &str) -> Result<OriginPattern, InvalidOrigin> {
    let origin = || input.to_owned();
    if input.is_empty()
        || input
            .bytes()
            .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
    {
        return Err(InvalidOrigin::Whitespace { origin: origin() });
    }
    let Some(scheme_end) = input.find("://") else {
        return Err(InvalidOrigin::MissingScheme {
            origin: origin(),
            fix: repair(input),
        });
    };
    let scheme_text = &input[..scheme_end];
    if scheme_text.contains('*') {
        return Err(InvalidOrigin::MisplacedWildcard { origin: origin() });
    }
    if !is_scheme(scheme_text) {
        return Err(InvalidOrigin::InvalidScheme { origin: origin() });
    }
    let scheme = scheme_text.to_ascii_lowercase();

    let rest = &input[scheme_end + 3..];
    let (authority, tail) = split_path(rest);
    if tail == "/" {
        return Err(InvalidOrigin::TrailingSlash {
            origin: origin(),
            fix: repair(input),
        });
    }
    if !tail.is_empty() {
        return Err(InvalidOrigin::HasPath {
            origin: origin(),
            fix: repair(input),
        });
    }
    if authority.contains('@') {
        return Err(InvalidOrigin::HasUserinfo { origin: origin() });
    }
    if !authority.is_ascii() {
        return Err(InvalidOrigin::NonAsciiHost { origin: origin() });
    }

    let (host_text, port_text) = split_authority(authority);
    let port = match port_text {
        "" => PortPattern::Default,
        ":*" => PortPattern::Any,
        text => {
            let port = text
                .strip_prefix(':')
                .and_then(parse_port)
                .ok_or_else(|| InvalidOrigin::InvalidPort { origin: origin() })?;
            if default_port(&scheme) == Some(port) {
                return Err(InvalidOrigin::DefaultPort {
                    origin: origin(),
                    fix: repair(input),
                });
            }
            PortPattern::Port(port)
        }
    };

    let host_lower = host_text.to_ascii_lowercase();
    let host = if let Some(suffix) = host_lower.strip_prefix("*.") {
        if suffix.contains('*') {
            return Err(InvalidOrigin::MisplacedWildcard { origin: origin() });
        }
        match normalize_host(suffix) {
            Ok((suffix, HostKind::Domain)) => HostPattern::Subdomains(suffix),
            Ok(_) => {
                return Err(InvalidOrigin::InvalidHost {
                    origin: origin(),
                    why: "a subdomain wildcard must sit on a domain name, not an IP address",
                })
            }
            Err(why) => {
                return Err(InvalidOrigin::InvalidHost {
                    origin: origin(),
                    why,
                })
            }
        }
    } else {
        if host_lower.contains('*') {
            return Err(InvalidOrigin::MisplacedWildcard { origin: origin() });
        }
        let (host, kind) =
            normalize_host(&host_lower).map_err(|why| InvalidOrigin::InvalidHost {
                origin: origin(),
                why,
            })?;
        HostPattern::Exact(host, kind)
    };

    Ok(OriginPattern { scheme, host, port })
}

/// The origin a user most likely meant by `input`, for error messages: a
/// scheme added where it is missing (`https`), then userinfo, path, query,
/// fragment and a default port dropped, and scheme and host lowercased; a
/// `*.` host and a `:*` port stay, so a pattern stays that pattern. Best
/// effort: what is still wrong after that is reported once it is fixed.
pub(crate) fn repair(input: &str) -> String {
    let input = input.trim();
    let (scheme, rest) = split_scheme(input);
    let scheme = scheme.to_ascii_lowercase();
    let (authority, _) = split_path(rest);
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let (host, port) = split_authority(authority);
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let port = port.strip_prefix(':');
    // Dropping a port wildcard would narrow the pattern to the default port.
    if port == Some("*") {
        return format!("{scheme}://{host}:*");
    }
    match port.and_then(parse_port) {
        Some(port) if default_port(&scheme) != Some(port) => format!("{scheme}://{host}:{port}"),
        _ => format!("{scheme}://{host}"),
    }
}

/// The scheme and the rest, reading `scheme://`, and the slips `scheme:/`,
/// `scheme:` and `scheme//` for http and https; `https` when there is none.
fn split_scheme(input: &str) -> (&str, &str) {
    if let Some(i) = input.find("://") {
        return (&input[..i], &input[i + 3..]);
    }
    for scheme in ["https", "http"] {
        let Some(head) = input.get(..scheme.len()) else {
            continue;
        };
        let tail = &input[scheme.len()..];
        if head.eq_ignore_ascii_case(scheme) && (tail.starts_with(':') || tail.starts_with("//")) {
            return (head, tail.trim_start_matches(':').trim_start_matches('/'));
        }
    }
    ("https", input.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(input: &str) -> String {
        parse_pattern(input).unwrap().exact().unwrap()
    }

    #[test]
    fn exact_origins_are_normalised() {
        assert_eq!(exact("https://example.com"), "https://example.com");
        assert_eq!(exact("HTTPS://Example.COM"), "https://example.com");
        assert_eq!(exact("http://localhost:3000"), "http://localhost:3000");
        assert_eq!(exact("http://[0:0::1]:8080"), "http://[::1]:8080");
        assert_eq!(exact("https://127.0.0.1:8443"), "https://127.0.0.1:8443");
        assert_eq!(exact("http://example.com:443"), "http://example.com:443");
        assert_eq!(exact("tauri://localhost"), "tauri://localhost");
    }

    #[test]
    fn patterns() {
        let p = parse_pattern("https://*.example.com").unwrap();
        assert_eq!(p.host, HostPattern::Subdomains("example.com".into()));
        assert_eq!(p.port, PortPattern::Default);
        assert_eq!(p.exact(), None);
        let p = parse_pattern("http://localhost:*").unwrap();
        assert_eq!(
            p.host,
            HostPattern::Exact("localhost".into(), HostKind::Domain)
        );
        assert_eq!(p.port, PortPattern::Any);
        let p = parse_pattern("https://*.example.com:*").unwrap();
        assert_eq!(p.port, PortPattern::Any);
    }

    #[test]
    fn repairs_build() {
        for (input, fix) in [
            ("https://example.com:443/", "https://example.com"),
            ("http://example.com:80/x", "http://example.com"),
            ("https://user@example.com/", "https://example.com"),
            ("example.com/api", "https://example.com"),
            ("example.com:443", "https://example.com"),
            ("//example.com", "https://example.com"),
            ("http:/example.com", "http://example.com"),
            ("HTTPS://Example.com:8443/a?b#c", "https://example.com:8443"),
            ("https://[::1]:443/", "https://[::1]"),
            ("https:example.com", "https://example.com"),
            ("https://example.com:/x", "https://example.com"),
            ("https://example.com:+8443/", "https://example.com"),
            ("example.com.", "https://example.com"),
            ("https://example.com.:8443/", "https://example.com:8443"),
            ("example.com:65536", "https://example.com"),
            ("http//example.com", "http://example.com"),
            ("HTTP:example.com", "http://example.com"),
            ("http://localhost:*/", "http://localhost:*"),
            ("http://localhost:*/api?x", "http://localhost:*"),
            ("HTTP://LOCALHOST:*/", "http://localhost:*"),
            ("localhost:*", "https://localhost:*"),
            ("http://[::1]:*/", "http://[::1]:*"),
            ("https://*.example.com/", "https://*.example.com"),
            ("https://*.Example.com:*#x", "https://*.example.com:*"),
            ("*.example.com/", "https://*.example.com"),
            ("https://*.example.com:443/", "https://*.example.com"),
        ] {
            assert_eq!(repair(input), fix, "{input}");
            assert!(parse_pattern(&repair(input)).is_ok(), "{input}");
        }
    }

    #[test]
    fn errors_name_the_fix() {
        let err = |input: &str| parse_pattern(input).unwrap_err();
        assert_eq!(
            err("https://example.com/"),
            InvalidOrigin::TrailingSlash {
                origin: "https://example.com/".into(),
                fix: "https://example.com".into()
            }
        );
        assert_eq!(
            err("example.com"),
            InvalidOrigin::MissingScheme {
                origin: "example.com".into(),
                fix: "https://example.com".into()
            }
        );
        assert_eq!(
            err("https://example.com:443"),
            InvalidOrigin::DefaultPort {
                origin: "https://example.com:443".into(),
                fix: "https://example.com".into()
            }
        );
        assert!(matches!(
            err("https://example.com/api"),
            InvalidOrigin::HasPath { .. }
        ));
        assert!(matches!(
            err("https://example.com?a"),
            InvalidOrigin::HasPath { .. }
        ));
        assert!(matches!(
            err("https://example.com#a"),
            InvalidOrigin::HasPath { .. }
        ));
        assert!(matches!(
            err("https://u:p@example.com"),
            InvalidOrigin::HasUserinfo { .. }
        ));
        assert!(matches!(
            err("https://example.com:65536"),
            InvalidOrigin::InvalidPort { .. }
        ));
        assert!(matches!(
            err("https://example.com:"),
            InvalidOrigin::InvalidPort { .. }
        ));
        assert!(matches!(
            err("https://example.com:08"),
            InvalidOrigin::InvalidPort { .. }
        ));
        assert!(matches!(
            err("https://bücher.de"),
            InvalidOrigin::NonAsciiHost { .. }
        ));
        assert!(matches!(
            err(" https://example.com"),
            InvalidOrigin::Whitespace { .. }
        ));
        assert!(matches!(err(""), InvalidOrigin::Whitespace { .. }));
        assert!(matches!(
            err("https://a.*.com"),
            InvalidOrigin::MisplacedWildcard { .. }
        ));
        assert!(matches!(
            err("https://*example.com"),
            InvalidOrigin::MisplacedWildcard { .. }
        ));
        assert!(matches!(
            err("*://example.com"),
            InvalidOrigin::MisplacedWildcard { .. }
        ));
        assert!(matches!(
            err("https://*"),
            InvalidOrigin::MisplacedWildcard { .. }
        ));
        assert!(matches!(
            err("https://*.*.com"),
            InvalidOrigin::MisplacedWildcard { .. }
        ));
        assert!(matches!(
            err("https://*.127.0.0.1"),
            InvalidOrigin::InvalidHost { .. }
        ));
        assert!(matches!(
            err("https://exa_mple..com"),
            InvalidOrigin::InvalidHost { .. }
        ));
        assert!(matches!(
            err("1ttp://example.com"),
            InvalidOrigin::InvalidScheme { .. }
        ));
        assert!(matches!(err("https://"), InvalidOrigin::InvalidHost { .. }));
    }
}

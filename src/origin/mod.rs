//! Origins: the request's `Origin` header (canonical or not), the
//! configured origins and patterns, and the index that matches one against
//! the other.

mod allowed;
mod authority;
mod host;
mod matcher;
mod pattern;
mod public_suffix;
#[cfg(feature = "regex")]
mod regex;
mod settings;

pub(crate) use allowed::AllowedOrigins;
pub(crate) use matcher::Predicate;
pub(crate) use settings::OriginSettings;

use authority::split_authority;
use host::is_loopback;
use matcher::OriginSet;
use pattern::{parse_pattern, HostPattern, OriginPattern, PortPattern};

use host::{canonical_host_kind, HostKind};

/// The longest `Origin` value the layer looks at. A browser's origin is a
/// scheme, a host of at most 253 characters and a port; anything longer is
/// refused without further work.
///
/// ```
/// use tower_cors::{Origin, MAX_ORIGIN_LEN};
///
/// let long = format!("https://{}.example.com", "a".repeat(MAX_ORIGIN_LEN));
/// assert!(Origin::parse(&long).is_none());
/// ```
pub const MAX_ORIGIN_LEN: usize = 512;

/// A request's origin, in the exact form browsers serialize it:
/// `scheme://host[:port]`, lowercase, default port omitted.
///
/// Only canonical origins are parsed; anything else (`HTTPS://A.COM`,
/// `https://a.com/`, `https://a.com:443`, non-ASCII bytes, …) is refused by
/// the policy before any pattern or predicate sees it. This is the type
/// [`CorsBuilder::allow_origin_predicate`](crate::CorsBuilder::allow_origin_predicate)
/// hands to your predicate.
///
/// ```
/// use tower_cors::Origin;
///
/// let origin = Origin::parse("https://app.example.com:8443").unwrap();
/// assert_eq!(origin.scheme(), "https");
/// assert_eq!(origin.host(), "app.example.com");
/// assert_eq!(origin.port(), Some(8443));
///
/// assert!(Origin::parse("https://App.example.com").is_none());
/// assert!(Origin::parse("https://example.com:443").is_none());
/// assert!(Origin::parse("null").is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Origin<'a> {
    serialized: &'a str,
    scheme_end: usize,
    host_start: usize,
    host_end: usize,
    port: Option<u16>,
    host_kind: HostKindTag,
}

/// Private copy of [`HostKind`] so `Origin` can derive `Hash`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum HostKindTag {
    Domain,
    Ip,
}

impl<'a> Origin<'a> {
    /// Parses a serialized origin, accepting only the canonical form a
    /// browser sends. Returns `None` for anything else, including `null`.
    /// Never allocates.
    ///
    /// ```
    /// use tower_cors::Origin;
    ///
    /// let origin = Origin::parse("https://app.example.com:8443").unwrap();
    /// assert_eq!(origin.as_str(), "https://app.example.com:8443");
    /// assert!(Origin::parse("https://app.example.com/").is_none());
    /// assert!(Origin::parse("null").is_none());
    /// ```
    pub fn parse(serialized: &'a str) -> Option<Origin<'a>> {
        if serialized.is_empty() || serialized.len() > MAX_ORIGIN_LEN {
            return None;
        }
        // The scheme: a lowercase letter, then lowercase letters, digits,
        // `+`, `-` or `.`. The first byte past it must start `://`.
        let bytes = serialized.as_bytes();
        let scheme_end = bytes.iter().position(|&b| !scheme_byte(b))?;
        let starts_with_letter = bytes.first().is_some_and(u8::is_ascii_lowercase);
        if !starts_with_letter || !bytes.get(scheme_end..)?.starts_with(b"://") {
            return None;
        }
        let scheme = serialized.get(..scheme_end)?;
        let host_start = scheme_end + 3;
        // All the rest is the authority: a path left on it makes the host
        // or the port non-canonical, so it is refused below.
        let (host, port_text) = split_authority(serialized.get(host_start..)?);
        let port = match port_text {
            "" => None,
            text => Some(parse_canonical_port(text.strip_prefix(':')?, scheme)?),
        };
        let host_kind = match canonical_host_kind(host).ok()? {
            HostKind::Domain => HostKindTag::Domain,
            HostKind::Ipv4 | HostKind::Ipv6 => HostKindTag::Ip,
        };
        Some(Origin {
            serialized,
            scheme_end,
            host_start,
            host_end: host_start + host.len(),
            port,
            host_kind,
        })
    }

    /// The whole origin, as the browser sent it.
    ///
    /// ```
    /// use tower_cors::Origin;
    ///
    /// let origin = Origin::parse("https://app.example.com:8443").unwrap();
    /// assert_eq!(origin.as_str(), "https://app.example.com:8443");
    /// ```
    pub fn as_str(&self) -> &'a str {
        self.serialized
    }

    /// The scheme, such as `https`.
    ///
    /// ```
    /// use tower_cors::Origin;
    ///
    /// let origin = Origin::parse("https://app.example.com:8443").unwrap();
    /// assert_eq!(origin.scheme(), "https");
    /// ```
    pub fn scheme(&self) -> &'a str {
        &self.serialized[..self.scheme_end]
    }

    /// The host: a domain name, a dotted IPv4 address, or an IPv6 address
    /// in brackets.
    ///
    /// ```
    /// use tower_cors::Origin;
    ///
    /// let origin = Origin::parse("https://app.example.com:8443").unwrap();
    /// assert_eq!(origin.host(), "app.example.com");
    /// assert_eq!(Origin::parse("http://[::1]:3000").unwrap().host(), "[::1]");
    /// ```
    pub fn host(&self) -> &'a str {
        &self.serialized[self.host_start..self.host_end]
    }

    /// The port, if the origin names one (it never names the scheme's
    /// default port).
    ///
    /// ```
    /// use tower_cors::Origin;
    ///
    /// let origin = Origin::parse("https://app.example.com:8443").unwrap();
    /// assert_eq!(origin.port(), Some(8443));
    /// assert_eq!(Origin::parse("https://app.example.com").unwrap().port(), None);
    /// ```
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// Whether the host is a domain name rather than an IP address.
    ///
    /// ```
    /// use tower_cors::Origin;
    ///
    /// let origin = Origin::parse("https://app.example.com:8443").unwrap();
    /// assert!(origin.is_domain());
    /// assert!(!Origin::parse("http://127.0.0.1:8080").unwrap().is_domain());
    /// ```
    pub fn is_domain(&self) -> bool {
        self.host_kind == HostKindTag::Domain
    }
}

impl std::fmt::Display for Origin<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.serialized)
    }
}

/// Whether byte `b` may appear in the scheme of a serialized origin.
#[inline(always)]
fn scheme_byte(b: u8) -> bool {
    #[allow(clippy::indexing_slicing)] // a byte indexes a 256-entry table
    SCHEME_BYTES[usize::from(b)]
}

/// `SCHEME_BYTES[b]`: whether byte `b` may appear in the scheme of a
/// serialized origin (always lowercase).
#[allow(clippy::indexing_slicing)] // `b < 256`, the table's length
static SCHEME_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.');
        b += 1;
    }
    table
};

/// A URL scheme, in either case: a letter, then letters, digits, `+`, `-`
/// or `.` ([`SCHEME_BYTES`] once lowercased).
fn is_scheme(scheme: &str) -> bool {
    scheme
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic())
        && scheme.bytes().all(|b| scheme_byte(b.to_ascii_lowercase()))
}

/// The default port of a scheme, which a serialized origin omits: the URL
/// Standard's special schemes.
fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

/// A port as a browser serializes it: decimal, no leading zeros, never the
/// scheme's default.
fn parse_canonical_port(text: &str, scheme: &str) -> Option<u16> {
    let port = parse_port(text)?;
    (default_port(scheme) != Some(port)).then_some(port)
}

/// Decimal digits without leading zeros, at most 65535.
fn parse_port(text: &str) -> Option<u16> {
    let canonical = !text.is_empty()
        && text.len() <= 5
        && text.bytes().all(|b| b.is_ascii_digit())
        && !(text.len() > 1 && text.starts_with('0'));
    if canonical {
        text.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_origins_parse() {
        let o = Origin::parse("http://localhost:3000").unwrap();
        assert_eq!(
            (o.scheme(), o.host(), o.port()),
            ("http", "localhost", Some(3000))
        );
        let o = Origin::parse("https://[::1]:8443").unwrap();
        assert_eq!(
            (o.host(), o.port(), o.is_domain()),
            ("[::1]", Some(8443), false)
        );
        let o = Origin::parse("https://127.0.0.1").unwrap();
        assert_eq!((o.host(), o.port()), ("127.0.0.1", None));
        let o = Origin::parse("chrome-extension://abcdef").unwrap();
        assert_eq!(o.scheme(), "chrome-extension");
        assert!(Origin::parse("http://example.com:0").is_some());
        assert!(Origin::parse("http://example.com:443").is_some());
    }

    #[test]
    fn non_canonical_origins_are_refused() {
        let long = format!("https://{}.com", "a".repeat(600));
        for bad in [
            "",
            "null",
            "example.com",
            "https://",
            "https://example.com/",
            "https://example.com/path",
            "https://example.com?",
            "https://example.com#",
            "https://EXAMPLE.com",
            "HTTPS://example.com",
            "https://example.com:443",
            "http://example.com:80",
            "wss://example.com:443",
            "ws://example.com:80",
            "ftp://example.com:21",
            "https://example.com:",
            "https://example.com:0443",
            "https://example.com:65536",
            "https://example.com:+1",
            "https://user@example.com",
            "https://example.com.",
            "https://exa mple.com",
            "https://[::1",
            "https://[0::1]",
            "https://[::1]x",
            "https://0x7f.0.0.1",
            "https://example.com\r\n",
            "1https://example.com",
            long.as_str(),
        ] {
            assert!(Origin::parse(bad).is_none(), "{bad:?}");
        }
    }
}

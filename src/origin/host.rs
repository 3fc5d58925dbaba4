//! Hosts as browsers serialize them: lowercase domain names, dotted-decimal
//! IPv4 and compressed IPv6 in brackets. Shared by the configuration parser
//! (which normalises) and the request parser (which only accepts the
//! canonical form).

use std::net::Ipv6Addr;

/// The longest domain name DNS allows.
const MAX_DOMAIN_LEN: usize = 253;
/// The longest label DNS allows.
const MAX_LABEL_LEN: usize = 63;

/// What kind of host a canonical host is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HostKind {
    Domain,
    Ipv4,
    Ipv6,
}

/// Checks that `host` (without port) is a host in the exact form a browser
/// serializes it, and says which kind it is. No allocation.
pub(crate) fn canonical_host_kind(host: &str) -> Result<HostKind, &'static str> {
    match bracketed(host) {
        Some(inner) => canonical_ipv6(inner?).map(|_| HostKind::Ipv6),
        None => check_domain_or_ipv4(host),
    }
}

/// The text inside an IPv6 host's brackets; `None` if `host` does not
/// open with `[`.
fn bracketed(host: &str) -> Option<Result<&str, &'static str>> {
    let inner = host.strip_prefix('[')?;
    Some(
        inner
            .strip_suffix(']')
            .ok_or("an IPv6 address needs a closing `]`"),
    )
}

/// The IPv6 address written inside a host's brackets, in any notation.
fn parse_ipv6(inner: &str) -> Result<Ipv6Addr, &'static str> {
    inner.parse().map_err(|_| "not a valid IPv6 address")
}

/// The IPv6 address written inside a host's brackets, only if written as a
/// browser serializes it. No allocation.
pub(crate) fn canonical_ipv6(inner: &str) -> Result<Ipv6Addr, &'static str> {
    let addr = parse_ipv6(inner)?;
    let mut buf = StackStr::<48>::new();
    write_ipv6(&mut buf, addr);
    if buf.as_str() == inner {
        Ok(addr)
    } else {
        Err("IPv6 address not in its compressed lowercase form")
    }
}

/// Validates a lowercase domain name or dotted-decimal IPv4 address, in
/// one pass over its bytes.
fn check_domain_or_ipv4(host: &str) -> Result<HostKind, &'static str> {
    if host.is_empty() {
        return Err("the host is empty");
    }
    if host.len() > MAX_DOMAIN_LEN {
        return Err("the host is longer than 253 characters");
    }
    let bytes = host.as_bytes();
    let mut label_start = 0;
    let mut bad_byte = false;
    // Each label's problems in the order a reader looks for them: empty,
    // too long, then a byte it may not hold (any byte so far).
    let label_end = |start: usize, end: usize, bad_byte: bool| {
        let len = end - start;
        if len == 0 {
            Err("the host has an empty label (a leading, trailing or double dot)")
        } else if len > MAX_LABEL_LEN {
            Err("a label of the host is longer than 63 characters")
        } else if bad_byte {
            Err("the host may only hold lowercase letters, digits, `-`, `_` and dots")
        } else {
            Ok(())
        }
    };
    for (end, &b) in bytes.iter().enumerate() {
        if b == b'.' {
            label_end(label_start, end, bad_byte)?;
            label_start = end + 1;
        } else {
            bad_byte |= !host_byte(b);
        }
    }
    label_end(label_start, bytes.len(), bad_byte)?;
    // The URL Standard reads a host whose last label is a number as an IPv4
    // address, so such a host must be one, written the canonical way.
    if ends_in_number(&host[label_start..]) {
        return if is_canonical_ipv4(host) {
            Ok(HostKind::Ipv4)
        } else {
            Err("the host ends in a number but is not a dotted-decimal IPv4 address")
        };
    }
    Ok(HostKind::Domain)
}

/// Whether byte `b` may appear in a label of a canonical host.
#[inline(always)]
fn host_byte(b: u8) -> bool {
    #[allow(clippy::indexing_slicing)] // a byte indexes a 256-entry table
    HOST_BYTES[usize::from(b)]
}

/// `HOST_BYTES[b]`: whether byte `b` may appear in a label of a canonical
/// host (lowercase letters, digits, `-` and `_`).
#[allow(clippy::indexing_slicing)] // `b < 256`, the table's length
static HOST_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'_';
        b += 1;
    }
    table
};

/// The URL Standard's "ends in a number" test for the last label.
fn ends_in_number(label: &str) -> bool {
    let hex = label.strip_prefix("0x");
    match hex {
        Some(digits) => digits.bytes().all(|b| b.is_ascii_hexdigit()),
        None => label.bytes().all(|b| b.is_ascii_digit()),
    }
}

/// Four decimal octets, no leading zeros, each at most 255.
fn is_canonical_ipv4(host: &str) -> bool {
    let mut count = 0;
    for part in host.split('.') {
        count += 1;
        let ok = !part.is_empty()
            && part.len() <= 3
            && part.bytes().all(|b| b.is_ascii_digit())
            && !(part.len() > 1 && part.starts_with('0'))
            && part.parse::<u16>().is_ok_and(|n| n <= 255);
        if !ok || count > 4 {
            return false;
        }
    }
    count == 4
}

/// Turns a configured host (already lowercase) into its canonical form:
/// IPv6 addresses are compressed the way the URL Standard serializes them;
/// other hosts must already be canonical.
pub(crate) fn normalize_host(host: &str) -> Result<(String, HostKind), &'static str> {
    if let Some(inner) = bracketed(host) {
        let addr = parse_ipv6(inner?)?;
        let mut out = String::from("[");
        write_ipv6(&mut out, addr);
        out.push(']');
        return Ok((out, HostKind::Ipv6));
    }
    let kind = check_domain_or_ipv4(host)?;
    Ok((host.to_owned(), kind))
}

/// Whether a canonical host is a loopback host (`localhost`, `*.localhost`,
/// `127.0.0.0/8`, `[::1]`), where plain http is as safe as https.
pub(crate) fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || (host.starts_with("127.") && is_canonical_ipv4(host))
}

/// Serializes an IPv6 address as the URL Standard does: lowercase hex, no
/// leading zeros, the first longest run of two or more zero pieces as `::`,
/// and no embedded IPv4 notation.
fn write_ipv6<W: std::fmt::Write>(out: &mut W, addr: Ipv6Addr) {
    let pieces = addr.segments();
    // Find the first longest run of at least two zero pieces.
    let (mut best_start, mut best_len) = (usize::MAX, 1);
    let mut i = 0;
    while i < pieces.len() {
        if pieces.get(i) == Some(&0) {
            let start = i;
            while pieces.get(i) == Some(&0) {
                i += 1;
            }
            if i - start > best_len {
                best_start = start;
                best_len = i - start;
            }
        } else {
            i += 1;
        }
    }
    let mut i = 0;
    let mut first = true;
    while i < pieces.len() {
        if i == best_start {
            // Infallible for String and StackStr (which truncates).
            let _ = out.write_str("::");
            i += best_len;
            first = true;
            continue;
        }
        if !first {
            let _ = out.write_char(':');
        }
        if let Some(piece) = pieces.get(i) {
            let _ = write!(out, "{piece:x}");
        }
        first = false;
        i += 1;
    }
}

/// A fixed-capacity string on the stack, for rendering without allocating.
struct StackStr<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> StackStr<N> {
    fn new() -> Self {
        Self {
            buf: [0; N],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        // Only ASCII is ever written, so this never fails.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl<const N: usize> std::fmt::Write for StackStr<N> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        if end > N {
            return Err(std::fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains() {
        assert_eq!(canonical_host_kind("example.com"), Ok(HostKind::Domain));
        assert_eq!(canonical_host_kind("a-b_c.example"), Ok(HostKind::Domain));
        assert_eq!(canonical_host_kind("localhost"), Ok(HostKind::Domain));
        assert_eq!(canonical_host_kind(&"a".repeat(63)), Ok(HostKind::Domain));
        let reason = |host: &str| canonical_host_kind(host).unwrap_err();
        for bad in ["Example.com", "ex ample.com", "exa$mple.com", "a.b\u{e9}"] {
            assert!(reason(bad).starts_with("the host may only hold"), "{bad}");
        }
        for bad in ["example.com.", ".example.com", "a..b", "a..B"] {
            assert!(
                reason(bad).starts_with("the host has an empty label"),
                "{bad}"
            );
        }
        // Each label's length is judged before its bytes.
        for bad in ["a".repeat(64), format!("x.{}$.y", "a".repeat(63))] {
            assert!(
                reason(&bad).starts_with("a label of the host is longer"),
                "{bad}"
            );
        }
        assert_eq!(reason(""), "the host is empty");
        let long = format!("{}.com", ["a"; 126].join("."));
        assert_eq!(reason(&long), "the host is longer than 253 characters");
    }

    #[test]
    fn ipv4() {
        assert_eq!(canonical_host_kind("127.0.0.1"), Ok(HostKind::Ipv4));
        assert_eq!(canonical_host_kind("255.255.255.255"), Ok(HostKind::Ipv4));
        for bad in [
            "127.0.0.01",
            "256.0.0.1",
            "1.2.3",
            "1.2.3.4.5",
            "0x7f.0.0.1",
            "a.0x1f",
            "1.2.3.04",
        ] {
            assert!(canonical_host_kind(bad).is_err(), "{bad}");
        }
        // A numeric label that is not the last one is an ordinary domain label.
        assert_eq!(canonical_host_kind("1.example.com"), Ok(HostKind::Domain));
    }

    #[test]
    fn ipv6() {
        assert_eq!(canonical_host_kind("[::1]"), Ok(HostKind::Ipv6));
        assert_eq!(canonical_host_kind("[2001:db8::1]"), Ok(HostKind::Ipv6));
        assert_eq!(canonical_host_kind("[1:0:0:2::3]"), Ok(HostKind::Ipv6));
        assert_eq!(canonical_host_kind("[::ffff:102:304]"), Ok(HostKind::Ipv6));
        for bad in [
            "[0:0::1]",
            "[::FFFF:1.2.3.4]",
            "[::ffff:1.2.3.4]",
            "[2001:DB8::1]",
            "[::1",
            "[1:0::2:0:0:3]",
            "[zz::]",
        ] {
            assert!(canonical_host_kind(bad).is_err(), "{bad}");
        }
        assert_eq!(normalize_host("[0:0::1]").unwrap().0, "[::1]");
        assert_eq!(normalize_host("[1:0::2:0:0:3]").unwrap().0, "[1::2:0:0:3]");
        assert_eq!(
            normalize_host("[::ffff:1.2.3.4]").unwrap().0,
            "[::ffff:102:304]"
        );
        assert_eq!(
            normalize_host("[1:0:1:0:1:0:1:0]").unwrap().0,
            "[1:0:1:0:1:0:1:0]"
        );
    }

    #[test]
    fn loopback() {
        for host in [
            "localhost",
            "app.localhost",
            "127.0.0.1",
            "127.1.2.3",
            "[::1]",
        ] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            "localhost.evil.com",
            "128.0.0.1",
            "127.0.0.1.evil.com",
            "[::2]",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
    }
}

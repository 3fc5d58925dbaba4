//! An origin's authority, `host[:port]`, split into its host and what
//! follows it. The one place that knows an IPv6 host is bracketed and holds
//! colons, shared by the request parser, the configuration parser, its fix
//! suggestions and the near-miss hints.

/// Splits what follows `scheme://` where the authority ends: at the first
/// `/`, `?` or `#`, the tail keeping that character.
pub(crate) fn split_path(rest: &str) -> (&str, &str) {
    rest.split_at_checked(rest.find(['/', '?', '#']).unwrap_or(rest.len()))
        .unwrap_or((rest, ""))
}

/// Splits `authority` after its host: a bracketed host ends at its first
/// `]` (all of `authority` when there is none, so the host check reports
/// the missing bracket), any other host at its first `:`. The second part
/// is the rest as written, such as `""`, `":8080"` or `":*"`.
///
/// Byte-based and inlined: the request parser calls it on every origin.
#[inline]
pub(crate) fn split_authority(authority: &str) -> (&str, &str) {
    let bytes = authority.as_bytes();
    // (Short strings: a plain loop beats `str::find`'s memchr.)
    let host_len = if bytes.first() == Some(&b'[') {
        bytes
            .iter()
            .position(|&b| b == b']')
            .map_or(bytes.len(), |i| i + 1)
    } else {
        bytes.iter().position(|&b| b == b':').unwrap_or(bytes.len())
    };
    // Both cuts sit next to an ASCII byte, so on a character boundary;
    // `split_at_checked` says so without a panicking path.
    authority
        .split_at_checked(host_len)
        .unwrap_or((authority, ""))
}

#[cfg(test)]
mod tests {
    use super::{split_authority, split_path};

    #[test]
    fn splits_before_the_path() {
        for (rest, authority, tail) in [
            ("example.com", "example.com", ""),
            ("example.com:8080/", "example.com:8080", "/"),
            ("example.com/api?x#y", "example.com", "/api?x#y"),
            ("example.com?x", "example.com", "?x"),
            ("example.com#x", "example.com", "#x"),
            ("[::1]:8443/x", "[::1]:8443", "/x"),
            ("", "", ""),
        ] {
            assert_eq!(split_path(rest), (authority, tail), "{rest}");
        }
    }

    #[test]
    fn splits_after_the_host() {
        for (authority, host, rest) in [
            ("example.com", "example.com", ""),
            ("example.com:8080", "example.com", ":8080"),
            ("localhost:*", "localhost", ":*"),
            ("*.example.com:*", "*.example.com", ":*"),
            ("example.com:", "example.com", ":"),
            ("example.com:80:81", "example.com", ":80:81"),
            ("[::1]", "[::1]", ""),
            ("[::1]:8443", "[::1]", ":8443"),
            ("[2001:db8::1]:*", "[2001:db8::1]", ":*"),
            ("[::1]x", "[::1]", "x"),
            ("[::1", "[::1", ""),
            ("[::1:8080", "[::1:8080", ""),
            ("", "", ""),
            ("bücher.de:1", "bücher.de", ":1"),
        ] {
            assert_eq!(split_authority(authority), (host, rest), "{authority}");
        }
    }
}

//! HTTP tokens: the syntax of method and header names, and [`Token`], a
//! token quoted in a refusal without allocating.

use std::fmt;

/// Whether `bytes` is an HTTP token (RFC 9110 `token`): one or more of
/// letters, digits and ``!#$%&'*+-.^_`|~``. One table lookup per byte.
pub(crate) fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(|&b| is_token_byte(b))
}

/// Whether `b` may appear in an HTTP token.
fn is_token_byte(b: u8) -> bool {
    #[allow(clippy::indexing_slicing)] // a byte indexes a 256-entry table
    TOKEN_BYTES[usize::from(b)]
}

/// Whether `c` may appear in an HTTP token, for tables built at compile
/// time (`TOKEN_BYTES`, the header-list parser's byte classes).
pub(crate) const fn is_token_char(c: u8) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'.'
                | b'^'
                | b'_'
                | b'`'
                | b'|'
                | b'~'
        )
}

/// `TOKEN_BYTES[b]`: whether byte `b` may appear in a token.
#[allow(clippy::indexing_slicing)] // `b < 256`, the table's length
static TOKEN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_token_char(b as u8);
        b += 1;
    }
    table
};

/// A method or header name quoted in a [`Refusal`](crate::Refusal): the
/// first [`Token::CAPACITY`] bytes of the token the request named, held inline so that
/// refusing a request never allocates. Compare it with a `&str`:
///
/// ```
/// use http::{header, Request};
/// use tower_cors::{CorsLayer, Refusal};
///
/// let cors = CorsLayer::builder()
///     .allow_origin("https://app.example.com")
///     .allow_headers("x-api-key")
///     .build()?;
/// let (parts, ()) = Request::options("/")
///     .header(header::ORIGIN, "https://app.example.com")
///     .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
///     .body(())
///     .unwrap()
///     .into_parts();
///
/// let decision = cors.policy().evaluate(&parts);
/// assert!(matches!(
///     decision.refusal(),
///     Some(Refusal::MethodNotAllowed(method)) if *method == "PUT"
/// ));
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```

#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Token {
    bytes: [u8; Token::CAPACITY],
    len: u8,
    truncated: bool,
}

impl Token {
    /// The most bytes of a token quoted; a longer one is cut and marked
    /// [truncated](Self::is_truncated).
    pub const CAPACITY: usize = 64;

    /// Quotes a token (already checked to be visible ASCII).
    pub(crate) fn new(token: &[u8]) -> Self {
        let len = token.len().min(Self::CAPACITY);
        let mut bytes = [0; Self::CAPACITY];
        for (to, from) in bytes.iter_mut().zip(token) {
            *to = *from;
        }
        Token {
            bytes,
            len: len as u8,
            truncated: token.len() > Self::CAPACITY,
        }
    }

    /// The quoted token, cut after [`CAPACITY`](Self::CAPACITY) bytes.
    ///
    /// ```
    /// use http::{header, Method, Request};
    /// use tower_cors::{CorsLayer, Refusal};
    ///
    /// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build()?;
    /// let (parts, ()) = Request::options("/")
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .header(header::ACCESS_CONTROL_REQUEST_METHOD, "X".repeat(100))
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// let decision = cors.policy().evaluate(&parts);
    /// let Some(Refusal::MethodNotAllowed(method)) = decision.refusal() else {
    ///     panic!("refused");
    /// };
    /// assert_eq!(method.as_str().len(), tower_cors::Token::CAPACITY);
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn as_str(&self) -> &str {
        let quoted = self.bytes.get(..usize::from(self.len)).unwrap_or_default();
        std::str::from_utf8(quoted).unwrap_or("")
    }

    /// Whether the token was longer than [`CAPACITY`](Self::CAPACITY) bytes
    /// and was cut.
    ///
    /// ```
    /// use http::{header, Method, Request};
    /// use tower_cors::{CorsLayer, Refusal};
    ///
    /// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build()?;
    /// let (parts, ()) = Request::options("/")
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .header(header::ACCESS_CONTROL_REQUEST_METHOD, "X".repeat(100))
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// let decision = cors.policy().evaluate(&parts);
    /// let Some(Refusal::MethodNotAllowed(method)) = decision.refusal() else {
    ///     panic!("refused");
    /// };
    /// assert!(method.is_truncated());
    /// assert!(method.to_string().ends_with('…'));
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())?;
        if self.truncated {
            f.write_str("…")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token({:?})", self.to_string())
    }
}

impl PartialEq<str> for Token {
    fn eq(&self, other: &str) -> bool {
        !self.truncated && self.as_str() == other
    }
}

impl PartialEq<&str> for Token {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        for good in ["GET", "patch", "x-custom_1", "!#$%&'*+-.^_`|~"] {
            assert!(is_token(good.as_bytes()), "{good}");
        }
        for bad in ["", "GET POST", "a,b", "a:b", "é", "a\r\n", "(x)"] {
            assert!(!is_token(bad.as_bytes()), "{bad}");
        }
        // Exactly the 62 letters and digits and the 15 symbols of RFC 9110.
        let count = (0..=255u8).filter(|&b| is_token(&[b])).count();
        assert_eq!(count, 62 + 15);
    }

    #[test]
    fn quotes_are_cut_at_64_bytes() {
        let long = "x".repeat(100);
        let token = Token::new(long.as_bytes());
        assert!(token.is_truncated());
        assert_eq!(token.as_str().len(), 64);
        assert_eq!(token.to_string(), format!("{}…", "x".repeat(64)));
        assert_ne!(token, long.as_str());
        assert_eq!(Token::new(b"x-foo"), "x-foo");
    }
}

//! [`Refusal`]: why a CORS request is refused.

use crate::token::Token;

/// Why a CORS request is, or will be, refused by the browser.
///
/// ```
/// use http::{header, Request};
/// use tower_cors::{CorsLayer, Refusal};
///
/// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build()?;
/// let (parts, ()) = Request::get("/")
///     .header(header::ORIGIN, "https://APP.example.com")
///     .body(())
///     .unwrap()
///     .into_parts();
/// let decision = cors.policy().evaluate(&parts);
/// assert_eq!(decision.refusal(), Some(&Refusal::OriginNotCanonical));
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    /// The origin is well formed but not allowed by the policy.
    #[error("origin not allowed")]
    OriginNotAllowed,
    /// The `Origin` header is not in the form a browser sends (several
    /// lines, uppercase, a path, non-ASCII bytes, over
    /// [`MAX_ORIGIN_LEN`](crate::MAX_ORIGIN_LEN) bytes, …).
    #[error(
        "origin not in the form a browser sends (one `scheme://host[:port]`, lowercase, no \
         default port)"
    )]
    OriginNotCanonical,
    /// The preflight asks for a method the policy does not allow. Method
    /// names are case-sensitive except for the six Fetch normalises.
    #[error("method `{0}` not allowed")]
    MethodNotAllowed(Token),
    /// `Access-Control-Request-Method` is not a single valid method token.
    #[error("Access-Control-Request-Method is not a single valid method")]
    InvalidRequestMethod,
    /// The preflight asks for a request header the policy does not allow.
    #[error("request header `{0}` not allowed")]
    HeaderNotAllowed(Token),
    /// `Access-Control-Request-Headers` is not a comma-separated list of
    /// header names, or is longer than any browser sends.
    #[error("Access-Control-Request-Headers is not a list of header names, or is too long")]
    InvalidRequestHeaders,
}

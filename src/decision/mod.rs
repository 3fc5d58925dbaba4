//! What the policy decided for one request: the [`Decision`] that
//! [`Policy::evaluate`](crate::Policy::evaluate) returns and the service
//! carries out, the [`Preflight`] answer, the [`Refusal`] and the
//! [`ResponseHeaders`] added to the inner service's response.

mod preflight;
mod refusal;
mod response_headers;

use std::fmt;

pub use preflight::Preflight;
pub use refusal::Refusal;
pub use response_headers::ResponseHeaders;

/// What the layer does with one request.
///
/// Computed by [`Policy::evaluate`](crate::Policy::evaluate) from the request
/// head alone, so you can assert on it in your own tests without a server:
///
/// ```
/// use http::{header, Method, Request};
/// use tower_cors::{CorsLayer, Decision, Refusal};
///
/// let cors = CorsLayer::builder()
///     .allow_origin("https://app.example.com")
///     .build()
///     .unwrap();
///
/// let (parts, ()) = Request::get("/")
///     .header(header::ORIGIN, "https://evil.example.net")
///     .body(())
///     .unwrap()
///     .into_parts();
///
/// let decision = cors.policy().evaluate(&parts);
/// assert_eq!(decision.refusal(), Some(&Refusal::OriginNotAllowed));
/// assert!(matches!(decision, Decision::Refused { .. }));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
// A tag byte, then each variant's fields in order: the headers of the three
// variants that have them sit at one offset, so carrying a decision out
// reads them from one place.
#[repr(u8)]
pub enum Decision {
    /// No `Origin` header: not a CORS request. The inner service runs; the
    /// headers (at most `Vary: Origin`, or the constant answer of a public
    /// policy) are added to its response for the sake of caches.
    NotCors(ResponseHeaders),
    /// A CORS-preflight request. The layer answers it itself; the inner
    /// service never runs.
    Preflight(Preflight),
    /// A CORS request from an allowed origin. The inner service runs and the
    /// headers are added to its response, whatever its status.
    Allowed(ResponseHeaders),
    /// An actual (non-preflight) CORS request from an origin the policy
    /// refuses, or with a malformed `Origin`. The inner service still runs
    /// (the browser, not the server, withholds the response from the page);
    /// only `Vary` is added, never an `Access-Control-*` header.
    ///
    /// A refused *preflight* is a [`Decision::Preflight`] with status 403;
    /// [`Decision::refusal`] covers both.
    #[non_exhaustive]
    Refused {
        /// What is added to the response (`Vary: Origin`).
        headers: ResponseHeaders,
        /// Why the origin was refused.
        reason: Refusal,
    },
}

impl Decision {
    /// The reason the request is refused, if it is: a refused origin, or a
    /// preflight asking for a method or header the policy does not allow.
    ///
    /// ```
    /// use http::{header, Request};
    /// use tower_cors::{CorsLayer, Refusal};
    ///
    /// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build()?;
    /// let (parts, ()) = Request::get("/")
    ///     .header(header::ORIGIN, "https://evil.example.net")
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// let decision = cors.policy().evaluate(&parts);
    /// assert_eq!(decision.refusal(), Some(&Refusal::OriginNotAllowed));
    /// assert_eq!(decision.refusal().unwrap().to_string(), "origin not allowed");
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            Decision::Refused { reason, .. } => Some(reason),
            Decision::Preflight(preflight) => preflight.refusal(),
            Decision::NotCors(_) | Decision::Allowed(_) => None,
        }
    }

    /// Whether a browser will let the page go on: a non-CORS request, an
    /// allowed CORS request, or a preflight that allows everything it asked.
    ///
    /// ```
    /// use http::{header, Request};
    /// use tower_cors::CorsLayer;
    ///
    /// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build()?;
    /// let (parts, ()) = Request::get("/")
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// assert!(cors.policy().evaluate(&parts).is_allowed());
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn is_allowed(&self) -> bool {
        self.refusal().is_none()
    }
}

/// One line: `not a CORS request`, `allowed`, `preflight allowed`, or
/// `refused: ` and the [`Refusal`] (`preflight refused: ` for a preflight).
///
/// ```
/// use http::{header, Request};
/// use tower_cors::CorsLayer;
///
/// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build()?;
/// let (parts, ()) = Request::options("/")
///     .header(header::ORIGIN, "https://app.example.com")
///     .header(header::ACCESS_CONTROL_REQUEST_METHOD, "DELETE")
///     .body(())
///     .unwrap()
///     .into_parts();
/// let decision = cors.policy().evaluate(&parts);
/// assert_eq!(decision.to_string(), "preflight refused: method `DELETE` not allowed");
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decision::NotCors(_) => f.write_str("not a CORS request"),
            Decision::Allowed(_) => f.write_str("allowed"),
            Decision::Refused { reason, .. } => write!(f, "refused: {reason}"),
            Decision::Preflight(answer) => match answer.refusal() {
                None => f.write_str("preflight allowed"),
                Some(reason) => write!(f, "preflight refused: {reason}"),
            },
        }
    }
}

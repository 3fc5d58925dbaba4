//! What the policy decided for one request: the value
//! [`Policy::evaluate`](crate::Policy::evaluate) returns. The service takes
//! the same steps without building it, and applies the same
//! [`ResponseHeaders`].

use std::fmt;

use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Response, StatusCode};

use crate::token::Token;
use crate::vary;

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
    Refused {
        /// Why the origin was refused.
        reason: Refusal,
        /// What is added to the response (`Vary: Origin`).
        headers: ResponseHeaders,
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

/// The CORS headers the layer adds to the inner service's response.
///
/// Applying them first removes every `Access-Control-*` header the inner
/// service set (the layer is their only author), then inserts these, then
/// merges `Vary` without repeating a name the response already varies on.
///
/// ```
/// use http::{header, Request};
/// use tower_cors::{CorsLayer, Decision};
///
/// let cors = CorsLayer::builder()
///     .allow_origin("https://app.example.com")
///     .expose_headers("x-request-id")
///     .allow_credentials(true)
///     .build()?;
/// let (parts, ()) = Request::get("/")
///     .header(header::ORIGIN, "https://app.example.com")
///     .body(())
///     .unwrap()
///     .into_parts();
/// let Decision::Allowed(headers) = cors.policy().evaluate(&parts) else {
///     panic!("allowed");
/// };
/// assert_eq!(headers.allow_origin().unwrap(), "https://app.example.com");
/// assert!(headers.allow_credentials());
/// assert_eq!(headers.expose_headers().unwrap(), "x-request-id");
/// assert!(headers.varies_on_origin());
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseHeaders {
    pub(crate) allow_origin: Option<HeaderValue>,
    pub(crate) allow_credentials: bool,
    pub(crate) expose_headers: Option<HeaderValue>,
    pub(crate) vary_origin: bool,
}

impl ResponseHeaders {
    /// `Vary: Origin` alone: the response to a refused actual request, and
    /// to a non-CORS one unless the policy is public.
    pub(crate) fn vary_origin() -> Self {
        ResponseHeaders {
            vary_origin: true,
            ..ResponseHeaders::default()
        }
    }

    /// The `Access-Control-Allow-Origin` value, if any.
    ///
    /// ```
    /// use http::{header, Request};
    /// use tower_cors::{CorsLayer, Decision};
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .expose_headers("x-request-id")
    ///     .allow_credentials(true)
    ///     .build()?;
    /// let (parts, ()) = Request::get("/")
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// let Decision::Allowed(headers) = cors.policy().evaluate(&parts) else {
    ///     panic!("allowed");
    /// };
    /// assert_eq!(headers.allow_origin().unwrap(), "https://app.example.com");
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn allow_origin(&self) -> Option<&HeaderValue> {
        self.allow_origin.as_ref()
    }

    /// Whether `Access-Control-Allow-Credentials: true` is added.
    ///
    /// ```
    /// use http::{header, Request};
    /// use tower_cors::{CorsLayer, Decision};
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .expose_headers("x-request-id")
    ///     .allow_credentials(true)
    ///     .build()?;
    /// let (parts, ()) = Request::get("/")
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// let Decision::Allowed(headers) = cors.policy().evaluate(&parts) else {
    ///     panic!("allowed");
    /// };
    /// assert!(headers.allow_credentials());
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn allow_credentials(&self) -> bool {
        self.allow_credentials
    }

    /// The `Access-Control-Expose-Headers` value, if any.
    ///
    /// ```
    /// use http::{header, Request};
    /// use tower_cors::{CorsLayer, Decision};
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .expose_headers("x-request-id")
    ///     .allow_credentials(true)
    ///     .build()?;
    /// let (parts, ()) = Request::get("/")
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// let Decision::Allowed(headers) = cors.policy().evaluate(&parts) else {
    ///     panic!("allowed");
    /// };
    /// assert_eq!(headers.expose_headers().unwrap(), "x-request-id");
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn expose_headers(&self) -> Option<&HeaderValue> {
        self.expose_headers.as_ref()
    }

    /// Whether `Origin` is merged into `Vary`.
    ///
    /// ```
    /// use http::{header, Request};
    /// use tower_cors::{CorsLayer, Decision};
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .expose_headers("x-request-id")
    ///     .allow_credentials(true)
    ///     .build()?;
    /// let (parts, ()) = Request::get("/")
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// let Decision::Allowed(headers) = cors.policy().evaluate(&parts) else {
    ///     panic!("allowed");
    /// };
    /// assert!(headers.varies_on_origin());
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn varies_on_origin(&self) -> bool {
        self.vary_origin
    }

    /// Writes these headers into a response's header map.
    ///
    /// ```
    /// use http::{header, HeaderMap, HeaderValue};
    /// use tower_cors::ResponseHeaders;
    ///
    /// let mut map = HeaderMap::new();
    /// map.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    /// map.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    /// ResponseHeaders::default().apply(&mut map);
    /// assert!(map.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    /// assert_eq!(map.get(header::VARY).unwrap(), "accept-encoding");
    /// ```
    pub fn apply(self, headers: &mut HeaderMap) {
        // One pass over the response's names tells whether there is anything
        // to remove and whether `Vary` needs merging; in the usual case
        // (neither) each header below costs one append.
        let (has_cors, has_vary) = scan(headers);
        if has_cors {
            remove_cors_headers(headers);
        }
        if let Some(origin) = self.allow_origin {
            headers.append(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        }
        if self.allow_credentials {
            headers.append(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
        if let Some(expose) = self.expose_headers {
            headers.append(header::ACCESS_CONTROL_EXPOSE_HEADERS, expose);
        }
        if self.vary_origin {
            let origin = HeaderValue::from_static("Origin");
            if has_vary {
                vary::merge(headers, "origin", origin);
            } else {
                headers.append(header::VARY, origin);
            }
        }
    }
}

fn is_cors(name: &HeaderName) -> bool {
    name.as_str().starts_with("access-control-")
}

/// Whether the map has any `Access-Control-*` name, and whether it has `Vary`.
fn scan(headers: &HeaderMap) -> (bool, bool) {
    let (mut cors, mut vary) = (false, false);
    for name in headers.keys() {
        cors |= is_cors(name);
        vary |= name == header::VARY;
    }
    (cors, vary)
}

/// Removes every `Access-Control-*` header, so that the layer's own are the
/// only ones on the wire (two `Access-Control-Allow-Origin` lines make the
/// browser fail). Called only when [`scan`] found one: the eight standard
/// names go by constant-time removal, and any other `access-control-*` name
/// by one more pass.
fn remove_cors_headers(headers: &mut HeaderMap) {
    for name in &CORS_HEADERS {
        headers.remove(name);
    }
    if headers.keys().any(is_cors) {
        let others: Vec<HeaderName> = headers.keys().filter(|n| is_cors(n)).cloned().collect();
        for name in others {
            headers.remove(name);
        }
    }
}

/// The `Access-Control-*` names of the Fetch Standard.
static CORS_HEADERS: [HeaderName; 8] = [
    header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
    header::ACCESS_CONTROL_ALLOW_HEADERS,
    header::ACCESS_CONTROL_ALLOW_METHODS,
    header::ACCESS_CONTROL_ALLOW_ORIGIN,
    header::ACCESS_CONTROL_EXPOSE_HEADERS,
    header::ACCESS_CONTROL_MAX_AGE,
    header::ACCESS_CONTROL_REQUEST_HEADERS,
    header::ACCESS_CONTROL_REQUEST_METHOD,
];

/// The layer's answer to a CORS-preflight request.
///
/// ```
/// use http::{header, Method, Request, StatusCode};
/// use tower_cors::{CorsLayer, Decision};
///
/// let cors = CorsLayer::builder()
///     .allow_origin("https://app.example.com")
///     .allow_methods([Method::PUT])
///     .build()?;
/// let (parts, ()) = Request::options("/")
///     .header(header::ORIGIN, "https://app.example.com")
///     .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
///     .body(())
///     .unwrap()
///     .into_parts();
/// let Decision::Preflight(answer) = cors.policy().evaluate(&parts) else {
///     panic!("a preflight");
/// };
/// assert_eq!(answer.status(), StatusCode::NO_CONTENT);
/// assert_eq!(answer.headers()[header::ACCESS_CONTROL_ALLOW_METHODS], "PUT");
/// assert!(answer.refusal().is_none());
/// let response: http::Response<()> = answer.into_response();
/// assert_eq!(response.status(), StatusCode::NO_CONTENT);
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Preflight {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) verdict: Result<(), Refusal>,
}

impl Preflight {
    /// The status of the answer: the configured 2xx (204 by default) when
    /// the origin is allowed, 403 when it is not.
    ///
    /// ```
    /// use http::{header, Method, Request, StatusCode};
    /// use tower_cors::{CorsLayer, Decision};
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_methods([Method::PUT])
    ///     .build()?;
    /// let (parts, ()) = Request::options("/")
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// let Decision::Preflight(answer) = cors.policy().evaluate(&parts) else {
    ///     panic!("a preflight");
    /// };
    /// assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers of the answer.
    ///
    /// ```
    /// use http::{header, Method, Request, StatusCode};
    /// use tower_cors::{CorsLayer, Decision};
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_methods([Method::PUT])
    ///     .build()?;
    /// let (parts, ()) = Request::options("/")
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// let Decision::Preflight(answer) = cors.policy().evaluate(&parts) else {
    ///     panic!("a preflight");
    /// };
    /// assert_eq!(
    ///     answer.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
    ///     "https://app.example.com"
    /// );
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Why the browser will not send the actual request, if it will not.
    ///
    /// When the origin is allowed but the method or a header is not, the
    /// answer is still a 2xx listing what is allowed, so that the browser's
    /// console names the exact culprit; this is the server's own verdict.
    ///
    /// ```
    /// use http::{header, Request, StatusCode};
    /// use tower_cors::{CorsLayer, Decision};
    ///
    /// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build()?;
    /// let (parts, ()) = Request::options("/")
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .header(header::ACCESS_CONTROL_REQUEST_METHOD, "DELETE")
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// let Decision::Preflight(answer) = cors.policy().evaluate(&parts) else {
    ///     panic!("a preflight");
    /// };
    /// // Still a 2xx, so that the browser names the method; refused all the same.
    /// assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    /// assert_eq!(answer.refusal().unwrap().to_string(), "method `DELETE` not allowed");
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn refusal(&self) -> Option<&Refusal> {
        self.verdict.as_ref().err()
    }

    /// Turns the answer into an HTTP response with an empty body.
    ///
    /// ```
    /// use http::{header, Method, Request, StatusCode};
    /// use tower_cors::{CorsLayer, Decision};
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_methods([Method::PUT])
    ///     .build()?;
    /// let (parts, ()) = Request::options("/")
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// let Decision::Preflight(answer) = cors.policy().evaluate(&parts) else {
    ///     panic!("a preflight");
    /// };
    /// let response: http::Response<String> = answer.into_response();
    /// assert_eq!(response.status(), StatusCode::NO_CONTENT);
    /// assert!(response.body().is_empty());
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn into_response<B: Default>(self) -> Response<B> {
        let mut response = Response::new(B::default());
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
    }
}

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
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// The origin is well formed but not allowed by the policy.
    OriginNotAllowed,
    /// The `Origin` header is not in the form a browser sends (several
    /// lines, uppercase, a path, non-ASCII bytes, over 512 bytes, …).
    OriginNotCanonical,
    /// The preflight asks for a method the policy does not allow. Method
    /// names are case-sensitive except for the six Fetch normalises.
    MethodNotAllowed(Token),
    /// `Access-Control-Request-Method` is not a single valid method token.
    InvalidRequestMethod,
    /// The preflight asks for a request header the policy does not allow.
    HeaderNotAllowed(Token),
    /// `Access-Control-Request-Headers` is not a comma-separated list of
    /// header names, or is longer than any browser sends.
    InvalidRequestHeaders,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::OriginNotAllowed => f.write_str("origin not allowed"),
            Refusal::OriginNotCanonical => f.write_str(
                "origin not in the form a browser sends (one `scheme://host[:port]`, lowercase, no default port)",
            ),
            Refusal::MethodNotAllowed(method) => write!(f, "method `{method}` not allowed"),
            Refusal::InvalidRequestMethod => {
                f.write_str("Access-Control-Request-Method is not a single valid method")
            }
            Refusal::HeaderNotAllowed(name) => write!(f, "request header `{name}` not allowed"),
            Refusal::InvalidRequestHeaders => f.write_str(
                "Access-Control-Request-Headers is not a list of header names, or is too long",
            ),
        }
    }
}

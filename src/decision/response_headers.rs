//! [`ResponseHeaders`]: the CORS headers of a response the inner service
//! makes, and how they are written into it.

use http::header::{self, HeaderMap, HeaderName, HeaderValue};

use crate::vary;

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
    pub fn allow_origin(&self) -> Option<&HeaderValue> {
        self.allow_origin.as_ref()
    }

    /// Whether `Access-Control-Allow-Credentials: true` is added.
    pub fn allow_credentials(&self) -> bool {
        self.allow_credentials
    }

    /// The `Access-Control-Expose-Headers` value, if any.
    pub fn expose_headers(&self) -> Option<&HeaderValue> {
        self.expose_headers.as_ref()
    }

    /// Whether `Origin` is merged into `Vary`.
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

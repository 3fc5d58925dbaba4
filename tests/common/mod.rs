//! Shared helpers of the integration tests: an inner service that counts its
//! calls, a way to send one request through a `CorsLayer`, request
//! builders and header assertions.

#![allow(dead_code)]

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::request::Parts;
use http::{Method, Request, Response, StatusCode};
use tower::{service_fn, Layer, ServiceExt};
use tower_cors::{CorsLayer, Decision};

/// The body every inner response carries, so a test can tell the inner
/// service's response from the layer's own (empty) preflight answer.
pub const INNER_BODY: &str = "inner body";

/// What the inner service answers: a status and header lines (appended in
/// order, so the same name may appear several times).
#[derive(Debug, Clone)]
pub struct Inner {
    pub status: StatusCode,
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

impl Default for Inner {
    fn default() -> Self {
        Inner::status(StatusCode::OK)
    }
}

impl Inner {
    /// An inner service answering `status` with no header.
    pub fn status(status: StatusCode) -> Self {
        Inner {
            status,
            headers: Vec::new(),
        }
    }

    /// Adds one header line to the inner response.
    pub fn header(mut self, name: impl AsRef<str>, value: &str) -> Self {
        self.headers.push((
            HeaderName::from_bytes(name.as_ref().as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        ));
        self
    }
}

/// A response of the service under test, and how many times the inner
/// service ran to produce it.
#[derive(Debug)]
pub struct Outcome {
    pub response: Response<String>,
    pub calls: usize,
}

impl Outcome {
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// The one value of `name`; panics if there are several lines.
    pub fn header(&self, name: impl AsRef<str>) -> Option<&str> {
        one(self.headers(), name.as_ref())
    }

    /// Every line of `name`, in order.
    pub fn all(&self, name: impl AsRef<str>) -> Vec<&str> {
        all(self.headers(), name.as_ref())
    }

    pub fn body(&self) -> &str {
        self.response.body()
    }

    /// Whether the inner service ran exactly once.
    pub fn inner_called(&self) -> bool {
        assert!(self.calls <= 1, "inner service called {} times", self.calls);
        self.calls == 1
    }

    /// Every `Vary` item over all lines, lowercased.
    pub fn vary(&self) -> Vec<String> {
        vary(self.headers())
    }

    /// Every `Access-Control-*` line as `(name, value)`.
    pub fn cors_headers(&self) -> Vec<(String, String)> {
        cors_headers(self.headers())
    }

    pub fn assert_no_cors_headers(&self) {
        assert_no_cors_headers(self.headers());
    }
}

/// Sends `request` through `layer` around an inner service answering as
/// `inner` says; returns the response and the number of inner calls.
pub async fn send(layer: &CorsLayer, request: Request<String>, inner: Inner) -> Outcome {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let service = service_fn(move |_request: Request<String>| {
        let counter = Arc::clone(&counter);
        let inner = inner.clone();
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut response = Response::new(INNER_BODY.to_owned());
            *response.status_mut() = inner.status;
            for (name, value) in inner.headers {
                response.headers_mut().append(name, value);
            }
            Ok::<_, Infallible>(response)
        }
    });
    let response = layer.layer(service).oneshot(request).await.unwrap();
    Outcome {
        response,
        calls: calls.load(Ordering::SeqCst),
    }
}

/// Sends `request` to an inner service answering a bare 200.
pub async fn send_ok(layer: &CorsLayer, request: Request<String>) -> Outcome {
    send(layer, request, Inner::default()).await
}

/// A request with a method, an optional `Origin` and extra header lines.
pub fn request(method: &str, origin: Option<&str>, headers: &[(&str, &str)]) -> Request<String> {
    let mut builder = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).unwrap())
        .uri("https://api.example.com/items/1");
    if let Some(origin) = origin {
        builder = builder.header(header::ORIGIN, origin);
    }
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(String::new()).unwrap()
}

/// A CORS (non-preflight) request.
pub fn cors(method: &str, origin: &str) -> Request<String> {
    request(method, Some(origin), &[])
}

/// A preflight asking for `method` and, if given, `headers`.
pub fn preflight(origin: &str, method: &str, headers: Option<&str>) -> Request<String> {
    let mut lines = vec![("access-control-request-method", method)];
    if let Some(headers) = headers {
        lines.push(("access-control-request-headers", headers));
    }
    request("OPTIONS", Some(origin), &lines)
}

/// The head of a request, for `Policy::evaluate`.
pub fn parts(request: Request<String>) -> Parts {
    request.into_parts().0
}

/// What the policy decides for `request`.
pub fn decide(layer: &CorsLayer, request: Request<String>) -> Decision {
    layer.policy().evaluate(&parts(request))
}

/// The one value of `name`; panics if there are several lines or a value
/// is not visible ASCII.
pub fn one<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let lines = all(headers, name);
    assert!(lines.len() <= 1, "several `{name}` lines: {lines:?}");
    lines.first().copied()
}

/// Every line of `name`, in order.
pub fn all<'a>(headers: &'a HeaderMap, name: &str) -> Vec<&'a str> {
    headers
        .get_all(name)
        .iter()
        .map(|value| value.to_str().expect("visible ASCII header value"))
        .collect()
}

/// Every `Vary` item over all lines, trimmed and lowercased.
pub fn vary(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(header::VARY)
        .iter()
        .flat_map(|line| line.to_str().unwrap().split(','))
        .map(|item| item.trim().to_ascii_lowercase())
        .filter(|item| !item.is_empty())
        .collect()
}

/// Every `Access-Control-*` line as `(name, value)`, sorted.
pub fn cors_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut lines: Vec<_> = headers
        .iter()
        .filter(|(name, _)| name.as_str().starts_with("access-control-"))
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    lines.sort();
    lines
}

pub fn assert_no_cors_headers(headers: &HeaderMap) {
    let lines = cors_headers(headers);
    assert!(
        lines.is_empty(),
        "expected no Access-Control-* header, got {lines:?}"
    );
}

/// `(name, value)` pairs as owned strings, sorted, to compare with
/// [`cors_headers`].
pub fn expected(lines: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut lines: Vec<_> = lines
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), (*value).to_owned()))
        .collect();
    lines.sort();
    lines
}

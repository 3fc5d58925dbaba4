//! What every benchmark shares: the scenarios (a policy and a request), the
//! three contenders built for each, and a way to drive a service whose
//! future is always ready.
//!
//! The contenders:
//! - `no-op`: the inner service alone (`tower::layer::util::Identity`), the
//!   floor;
//! - `tower-http`: `tower_http::cors::CorsLayer` 0.7 configured the same way
//!   (wildcard and regex origins as the predicate a user would write, since it
//!   has no patterns of its own);
//! - `tower-cors`: this crate;
//! - `layer, headers only` (actual requests): the smallest Tower layer,
//!   `tower::util::MapResponse`, appending the very headers tower-cors's
//!   answer carries (the same names and pre-rendered values) with no
//!   decision at all: its future wraps the handler's as every middleware's
//!   does, so it is the floor for any CORS layer.
//!
//! The inner service answers like a small handler: `200`, a `Content-Type`
//! and an empty body.

#![allow(dead_code)] // each bench binary uses a different part

use std::convert::Infallible;
use std::future::{Future, Ready};
use std::pin::pin;
use std::task::{Context, Poll};
use std::time::Duration;

use http::request::Parts;
use http::{header, HeaderValue, Method, Request, Response};
use tower::layer::util::Identity;
use tower::{Layer, Service};

/// The inner service every contender wraps.
#[derive(Clone, Copy)]
pub struct Handler;

impl Service<Request<()>> for Handler {
    type Response = Response<()>;
    type Error = Infallible;
    type Future = Ready<Result<Response<()>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<()>) -> Self::Future {
        let mut response = Response::new(());
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        std::future::ready(Ok(response))
    }
}

/// A policy shape, configured identically in both CORS contenders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// 3 exact origins, 4 methods, 2 request headers, 2 exposed headers,
    /// max-age, credentials.
    Small,
    /// The same with 10 000 exact origins.
    ManyOrigins,
    /// The same with 10 000 subdomain wildcards (`https://*.tN.example.com`).
    ManyPatterns,
    /// The same with 100 regular expressions.
    ManyRegexes,
    /// The same with 100 regular expressions built on Unicode classes
    /// (`\w`), the worst case for a regex engine that keeps Unicode.
    WordRegexes,
}

const ORIGINS: usize = 10_000;
const PATTERNS: usize = 10_000;
const REGEXES: usize = 100;

/// One benchmark case: a policy shape and the request sent to it.
pub struct Scenario {
    pub name: &'static str,
    pub shape: Shape,
    pub request: Parts,
    /// Whether the policy must refuse it (the verdict tower-cors reports).
    pub refused: bool,
}

fn parts(method: Method, headers: &[(&'static str, String)]) -> Parts {
    let mut request = Request::new(());
    *request.method_mut() = method;
    for (name, value) in headers {
        let value = match HeaderValue::from_str(value) {
            Ok(value) => value,
            Err(e) => panic!("scenario header {name}: {e}"),
        };
        request.headers_mut().append(*name, value);
    }
    request.into_parts().0
}

fn preflight(origin: &str, request_headers: String) -> Parts {
    parts(
        Method::OPTIONS,
        &[
            ("origin", origin.to_owned()),
            ("access-control-request-method", "DELETE".to_owned()),
            ("access-control-request-headers", request_headers),
        ],
    )
}

/// A browser-shaped hostile `Access-Control-Request-Headers` of 64 KiB: many
/// names, none of which the policy allows.
pub fn hostile_request_headers() -> String {
    let mut value = String::with_capacity(64 * 1024);
    let mut n = 0;
    while value.len() < 64 * 1024 - 16 {
        if n > 0 {
            value.push(',');
        }
        value.push_str(&format!("x-h{n:05}"));
        n += 1;
    }
    value
}

/// Every scenario of the comparison, in the order of the tables.
pub fn scenarios() -> Vec<Scenario> {
    let allowed = "https://c.example.com";
    let usual = || "authorization,content-type".to_owned();
    vec![
        Scenario {
            name: "no origin",
            shape: Shape::Small,
            request: parts(Method::GET, &[]),
            refused: false,
        },
        Scenario {
            name: "actual allowed",
            shape: Shape::Small,
            request: parts(Method::GET, &[("origin", allowed.to_owned())]),
            refused: false,
        },
        Scenario {
            name: "actual disallowed",
            shape: Shape::Small,
            request: parts(
                Method::GET,
                &[("origin", "https://evil.example.net".to_owned())],
            ),
            refused: true,
        },
        Scenario {
            name: "preflight allowed",
            shape: Shape::Small,
            request: preflight(allowed, usual()),
            refused: false,
        },
        Scenario {
            name: "preflight, 10k origins",
            shape: Shape::ManyOrigins,
            request: preflight(&format!("https://o{}.example.com", ORIGINS - 1), usual()),
            refused: false,
        },
        Scenario {
            name: "preflight, 10k wildcards",
            shape: Shape::ManyPatterns,
            request: preflight(
                &format!("https://app.t{}.example.com", PATTERNS - 1),
                usual(),
            ),
            refused: false,
        },
        Scenario {
            name: "preflight, 100 regexes",
            shape: Shape::ManyRegexes,
            request: preflight(
                &format!("https://app.r{}.example.com", REGEXES - 1),
                usual(),
            ),
            refused: false,
        },
        Scenario {
            name: "actual, 100 \\w regexes, hostile origin",
            shape: Shape::WordRegexes,
            request: parts(
                Method::GET,
                &[("origin", format!("https://{}.example.com", "a".repeat(63)))],
            ),
            refused: true,
        },
        Scenario {
            name: "preflight, hostile 64 KiB header",
            shape: Shape::Small,
            request: preflight(allowed, hostile_request_headers()),
            refused: true,
        },
    ]
}

fn small_origins() -> Vec<String> {
    ["a", "b", "c"]
        .iter()
        .map(|n| format!("https://{n}.example.com"))
        .collect()
}

fn many_origins() -> Vec<String> {
    (0..ORIGINS)
        .map(|n| format!("https://o{n}.example.com"))
        .collect()
}

fn regexes() -> Vec<String> {
    (0..REGEXES)
        .map(|n| format!(r"^https://[a-z0-9-]+\.r{n}\.example\.com$"))
        .collect()
}

fn word_regexes() -> Vec<String> {
    (0..REGEXES)
        .map(|n| format!(r"^https://\w+-{n}\.\w+\.example\.com$"))
        .collect()
}

const METHODS: [Method; 4] = [Method::GET, Method::POST, Method::PUT, Method::DELETE];
const EXPOSED: [&str; 2] = ["x-request-id", "x-ratelimit-remaining"];
const MAX_AGE: Duration = Duration::from_secs(600);

/// tower-cors, configured for `shape`.
pub fn tower_cors(shape: Shape) -> tower_cors::CorsLayer {
    let builder = tower_cors::CorsLayer::builder()
        .allow_methods(METHODS)
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers(EXPOSED)
        .max_age(MAX_AGE)
        .allow_credentials(true);
    let builder = match shape {
        Shape::Small => builder.allow_origin(small_origins()),
        Shape::ManyOrigins => builder.allow_origin(many_origins()),
        Shape::ManyPatterns => builder.allow_origin(
            (0..PATTERNS)
                .map(|n| format!("https://*.t{n}.example.com"))
                .collect::<Vec<_>>(),
        ),
        Shape::ManyRegexes => regexes()
            .into_iter()
            .fold(builder, |b, r| b.allow_origin_regex(r)),
        Shape::WordRegexes => word_regexes()
            .into_iter()
            .fold(builder, |b, r| b.allow_origin_regex(r)),
    };
    match builder.build() {
        Ok(layer) => layer,
        Err(e) => panic!("the benchmark's policy does not build: {e}"),
    }
}

/// tower-http, configured for `shape` as its users would.
pub fn tower_http(shape: Shape) -> tower_http::cors::CorsLayer {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    let values = |origins: Vec<String>| {
        origins
            .into_iter()
            .filter_map(|o| HeaderValue::from_str(&o).ok())
            .collect::<Vec<_>>()
    };
    let allow_origin = match shape {
        Shape::Small => AllowOrigin::list(values(small_origins())),
        Shape::ManyOrigins => AllowOrigin::list(values(many_origins())),
        Shape::ManyPatterns => {
            let suffixes: Vec<String> = (0..PATTERNS)
                .map(|n| format!(".t{n}.example.com"))
                .collect();
            AllowOrigin::predicate(move |origin: &HeaderValue, _| {
                let origin = origin.as_bytes();
                origin.starts_with(b"https://")
                    && suffixes
                        .iter()
                        .any(|s| origin.ends_with(s.as_bytes()) && origin.len() > 8 + s.len())
            })
        }
        Shape::ManyRegexes | Shape::WordRegexes => {
            let patterns = if shape == Shape::ManyRegexes {
                regexes()
            } else {
                word_regexes()
            };
            let regexes: Vec<regex::Regex> = patterns
                .iter()
                .filter_map(|r| regex::Regex::new(r).ok())
                .collect();
            AllowOrigin::predicate(move |origin: &HeaderValue, _| {
                origin
                    .to_str()
                    .is_ok_and(|o| regexes.iter().any(|r| r.is_match(o)))
            })
        }
    };
    CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_methods(METHODS.to_vec())
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers(EXPOSED.map(header::HeaderName::from_static).to_vec())
        .max_age(MAX_AGE)
        .allow_credentials(true)
}

/// The headers tower-cors adds to the response to an actual request
/// `parts`, as (name, pre-rendered value) pairs; `None` for a preflight,
/// whose answer is a map of its own.
fn added_headers(shape: Shape, parts: &Parts) -> Option<Vec<(header::HeaderName, HeaderValue)>> {
    use tower_cors::Decision;
    let added = match tower_cors(shape).policy().evaluate(parts) {
        Decision::NotCors(headers) | Decision::Allowed(headers) => headers,
        Decision::Refused { headers, .. } => headers,
        _ => return None, // a preflight (`Decision` is non-exhaustive)
    };
    let mut map = http::HeaderMap::new();
    added.apply(&mut map);
    Some(
        map.iter()
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect(),
    )
}

/// Appends `headers` to `response`, as the floor contender does.
fn append_all(response: &mut Response<()>, headers: &[(header::HeaderName, HeaderValue)]) {
    for (name, value) in headers {
        response.headers_mut().append(name.clone(), value.clone());
    }
}

/// The `layer, headers only` contender for an actual request `parts`: the
/// headers tower-cors adds to its response, appended by
/// `tower::util::MapResponseLayer` around the handler; `None` for a
/// preflight.
pub fn layer_headers_only(
    shape: Shape,
    parts: &Parts,
) -> Option<impl Service<Request<()>, Response = Response<()>, Error = Infallible>> {
    // `MapResponse` clones its closure for every request: a leaked slice
    // keeps that clone a copy of a reference, so the floor pays no
    // allocation the CORS layer does not.
    let headers: &'static [_] = Vec::leak(added_headers(shape, parts)?);
    let layer = tower::util::MapResponseLayer::new(move |mut response: Response<()>| {
        append_all(&mut response, headers);
        response
    });
    Some(layer.layer(Handler))
}

/// The no-op contender: the handler alone.
pub fn noop() -> <Identity as Layer<Handler>>::Service {
    Identity::new().layer(Handler)
}

/// A fresh request with the scenario's head (what each call consumes).
pub fn request(parts: &Parts) -> Request<()> {
    Request::from_parts(parts.clone(), ())
}

/// Polls a future that the benchmark's services always resolve at once.
pub fn ready<F: Future>(future: F) -> F::Output {
    let mut cx = Context::from_waker(futures::task::noop_waker_ref());
    match pin!(future).poll(&mut cx) {
        Poll::Ready(out) => out,
        Poll::Pending => panic!("the benchmark's services are always ready"),
    }
}

/// One call through `service`, driven to its response.
pub fn serve<S>(service: &mut S, request: Request<()>) -> Response<()>
where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    match ready(service.call(request)) {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// Checks that tower-cors reaches the verdict the scenario expects, so that
/// no benchmark measures a wrong answer.
pub fn check_verdict(scenario: &Scenario) {
    let layer = tower_cors(scenario.shape);
    let decision = layer.policy().evaluate(&scenario.request);
    let refusal = decision.refusal();
    assert_eq!(
        refusal.is_some(),
        scenario.refused,
        "{}: tower-cors decided {refusal:?}",
        scenario.name
    );
}

/// A policy to build, and whether it must build.
pub struct BuildCase {
    pub name: &'static str,
    pub builder: tower_cors::CorsBuilder,
    pub builds: bool,
}

fn credentialed() -> tower_cors::CorsBuilder {
    tower_cors::CorsLayer::builder()
        .allow_credentials(true)
        .allow_headers(["content-type", "authorization"])
}

fn with_regexes(
    builder: tower_cors::CorsBuilder,
    patterns: impl IntoIterator<Item = String>,
) -> tower_cors::CorsBuilder {
    patterns
        .into_iter()
        .fold(builder, |b, pattern| b.allow_origin_regex(pattern))
}

/// The policies `benches/build.rs` builds and `benches/instructions.rs`
/// counts: plausible ones, large ones, and pathological ones that must be
/// refused quickly.
pub fn build_cases() -> Vec<BuildCase> {
    vec![
        BuildCase {
            name: "3 exact origins",
            builder: credentialed().allow_origin([
                "https://a.example.com",
                "https://b.example.com",
                "https://c.example.com",
            ]),
            builds: true,
        },
        BuildCase {
            name: "10k exact origins",
            builder: credentialed().allow_origin(
                (0..10_000)
                    .map(|n| format!("https://o{n}.example.com"))
                    .collect::<Vec<_>>(),
            ),
            builds: true,
        },
        BuildCase {
            name: "10k credentialed wildcards",
            builder: credentialed().allow_origin(
                (0..10_000)
                    .map(|n| format!("https://*.t{n}.example.com"))
                    .collect::<Vec<_>>(),
            ),
            builds: true,
        },
        BuildCase {
            name: "100 credentialed tenant regexes",
            builder: with_regexes(
                credentialed(),
                (0..100).map(|n| format!(r"https://[a-z0-9-]+\.r{n}\.example\.com")),
            ),
            builds: true,
        },
        BuildCase {
            name: r"100 \w regexes",
            builder: with_regexes(
                tower_cors::CorsLayer::builder(),
                (0..100).map(|n| format!(r"https://\w+-{n}\.\w+\.example\.com(:\d+)?")),
            ),
            builds: true,
        },
        BuildCase {
            name: "credentialed 253-byte host regex",
            builder: with_regexes(
                credentialed(),
                [r"https://[a-z0-9][a-z0-9.-]{0,251}[a-z0-9]\.(a|b)\.com".to_owned()],
            ),
            builds: true,
        },
        BuildCase {
            name: "credentialed IPv4 regex (refused)",
            builder: with_regexes(
                credentialed(),
                [r"https://\d{1,3}(\.\d{1,3}){3}(:\d+)?".to_owned()],
            ),
            builds: false,
        },
        BuildCase {
            name: "exponential regex (refused)",
            builder: with_regexes(
                tower_cors::CorsLayer::builder(),
                [r"https://[a-z]{0,300}x[a-z]{30}\.example\.com".to_owned()],
            ),
            builds: false,
        },
    ]
}

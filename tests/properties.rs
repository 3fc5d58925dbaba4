//! The browser-model property suite.
//!
//! `browser` below is a reference model of what a browser does with the
//! layer's answers, written from the Fetch Standard's CORS check and
//! CORS-preflight fetch (docs/behaviour.md §3–§4), independently of the crate. `Spec` is
//! a policy as a user states it, with `Spec::allows_*` saying, again
//! independently, what that policy means. For random valid policies and
//! random browser requests, the test asserts that the model's verdict (will
//! the page read the response; will the browser send the request after its
//! preflight) equals the policy's intent, in both directions, and checks the
//! wire invariants on every response.
//!
//! Cases per run: `TOWER_CORS_PROPERTY_CASES` policy × request cases per
//! property (default 100 000: 10 000 policies, 10 requests each).

mod handler;

use handler::{poll_once, Handler};
use http::{header, HeaderMap, HeaderValue, Method, Request, Response};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use tower::{Layer, Service};
use tower_cors::{Any, CorsBuilder, CorsLayer};

// ---------------------------------------------------------------------------
// The policy as the user states it, and what it means.

/// One configured origin rule.
#[derive(Debug, Clone, Copy)]
enum Rule {
    Exact(&'static str),
    /// `scheme://*.domain`: one or more labels under `domain`, default port.
    Subdomains(&'static str, &'static str),
    /// `scheme://host:*`: the host on any port, the implicit one too.
    AnyPort(&'static str, &'static str),
    /// `https://pr-[0-9]+\.preview\.example\.org`.
    PreviewRegex,
}

const EXACT: [&str; 5] = [
    "https://app.example.com",
    "https://example.com",
    "http://localhost:3000",
    "https://api.example.org:8443",
    "http://127.0.0.1:8080",
];
const SUBDOMAINS: [(&str, &str); 2] = [("https", "example.com"), ("https", "preview.example.net")];
const ANY_PORT: [(&str, &str); 2] = [("http", "localhost"), ("http", "127.0.0.1")];

/// Methods and request headers as they may be configured (any case).
const CONFIG_METHODS: [&str; 6] = ["PUT", "delete", "PATCH", "patch", "PROPFIND", "POST"];
const CONFIG_HEADERS: [&str; 4] = ["Content-Type", "x-custom", "X-Api-Key", "authorization"];
const CONFIG_EXPOSED: [&str; 2] = ["x-total", "X-Other"];

/// A list, or "any" (`None`).
type List = Option<Vec<&'static str>>;

#[derive(Debug, Clone)]
struct Spec {
    any_origin: bool,
    rules: Vec<Rule>,
    null: bool,
    credentials: bool,
    methods: List,
    headers: List,
    /// With "any header", `authorization` listed too.
    any_header_and_authorization: bool,
    exposed: List,
}

impl Spec {
    fn builder(&self) -> CorsBuilder {
        let mut b = CorsLayer::builder().allow_credentials(self.credentials);
        if self.any_origin {
            b = b.allow_origin(Any);
            if self.credentials {
                b = b.dangerously_allow_credentials_for_any_origin(true);
            }
        }
        for rule in &self.rules {
            b = match *rule {
                Rule::Exact(o) => b.allow_origin(o),
                Rule::Subdomains(s, d) => b.allow_origin(format!("{s}://*.{d}")),
                Rule::AnyPort(s, h) => b.allow_origin(format!("{s}://{h}:*")),
                Rule::PreviewRegex => {
                    b.allow_origin_regex(r"https://pr-[0-9]+\.preview\.example\.org")
                }
            };
        }
        if self.null {
            b = b.dangerously_allow_null_origin(true);
        }
        b = match &self.methods {
            None => b.allow_methods(Any),
            Some(list) => b.allow_methods(list.clone()),
        };
        b = match &self.headers {
            None if self.any_header_and_authorization => {
                b.allow_headers(Any).allow_headers("authorization")
            }
            None => b.allow_headers(Any),
            Some(list) => b.allow_headers(list.clone()),
        };
        match &self.exposed {
            None => b.expose_headers(Any),
            Some(list) => b.expose_headers(list.clone()),
        }
    }

    /// The answer is the same for every origin: `*`.
    fn is_public(&self) -> bool {
        self.any_origin && !self.credentials
    }

    /// Whether the policy allows the (canonical) origin a browser sent.
    fn allows_origin(&self, origin: &str) -> bool {
        if self.is_public() {
            return true;
        }
        if origin == "null" {
            return self.null;
        }
        self.any_origin || self.rules.iter().any(|r| rule_matches(*r, origin))
    }

    fn allows_method(&self, method: &str) -> bool {
        ["GET", "HEAD", "POST"].contains(&method)
            || match &self.methods {
                None => true,
                Some(list) => list.iter().any(|m| fetch_normalize(m) == method),
            }
    }

    fn allows_header(&self, name: &str) -> bool {
        match &self.headers {
            // "Any header" is `*` without credentials, which never covers
            // `authorization` unless it is listed too; with credentials it is
            // an echo of what was asked, `authorization` included.
            None => {
                self.credentials || name != "authorization" || self.any_header_and_authorization
            }
            Some(list) => list.iter().any(|h| h.eq_ignore_ascii_case(name)),
        }
    }

    fn exposes(&self, name: &str) -> bool {
        match &self.exposed {
            None => true,
            Some(list) => list.iter().any(|h| h.eq_ignore_ascii_case(name)),
        }
    }
}

/// Fetch's method normalisation: the six names are uppercased.
fn fetch_normalize(method: &str) -> String {
    let upper = method.to_ascii_uppercase();
    if ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"].contains(&upper.as_str()) {
        upper
    } else {
        method.to_owned()
    }
}

fn rule_matches(rule: Rule, origin: &str) -> bool {
    match rule {
        Rule::Exact(o) => o == origin,
        Rule::Subdomains(scheme, domain) => origin
            .strip_prefix(scheme)
            .and_then(|r| r.strip_prefix("://"))
            .and_then(|host| host.strip_suffix(domain))
            .and_then(|sub| sub.strip_suffix('.'))
            .is_some_and(|sub| !sub.is_empty() && !sub.contains(':')),
        Rule::AnyPort(scheme, host) => origin
            .strip_prefix(scheme)
            .and_then(|r| r.strip_prefix("://"))
            .and_then(|r| r.strip_prefix(host))
            .is_some_and(|port| {
                port.is_empty()
                    || port
                        .strip_prefix(':')
                        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            }),
        Rule::PreviewRegex => origin
            .strip_prefix("https://pr-")
            .and_then(|r| r.strip_suffix(".preview.example.org"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
    }
}

fn list(pool: &'static [&'static str]) -> impl Strategy<Value = List> {
    prop_oneof![
        1 => Just(None),
        3 => proptest::sample::subsequence(pool, 0..=pool.len()).prop_map(Some),
    ]
}

fn rule() -> impl Strategy<Value = Rule> {
    prop_oneof![
        4 => proptest::sample::select(&EXACT[..]).prop_map(Rule::Exact),
        2 => proptest::sample::select(&SUBDOMAINS[..]).prop_map(|(s, d)| Rule::Subdomains(s, d)),
        2 => proptest::sample::select(&ANY_PORT[..]).prop_map(|(s, h)| Rule::AnyPort(s, h)),
        1 => Just(Rule::PreviewRegex),
    ]
}

/// A policy the builder accepts (with the opt-ins it names when needed).
fn spec() -> impl Strategy<Value = Spec> {
    (
        any::<bool>(),
        proptest::collection::vec(rule(), 1..4),
        any::<bool>(),
        any::<bool>(),
        list(&CONFIG_METHODS),
        list(&CONFIG_HEADERS),
        any::<bool>(),
        list(&CONFIG_EXPOSED),
        0..8u8,
    )
        .prop_map(
            |(
                cred,
                rules,
                null,
                any_header_and_authorization,
                methods,
                headers,
                _,
                exposed,
                pick,
            )| {
                let any_origin = pick == 0;
                Spec {
                    any_origin,
                    rules: if any_origin { Vec::new() } else { rules },
                    null: null && pick < 3,
                    credentials: cred,
                    methods,
                    headers,
                    any_header_and_authorization,
                    // `*` exposed with credentials does not build.
                    exposed: if cred {
                        exposed.or(Some(vec!["x-total"]))
                    } else {
                        exposed
                    },
                }
            },
        )
}

// ---------------------------------------------------------------------------
// A request a browser would send.

/// Origins a browser can send: canonical, including lookalikes of the
/// configured ones and `null`.
const BROWSER_ORIGINS: [&str; 26] = [
    "https://app.example.com",
    "https://example.com",
    "http://localhost:3000",
    "https://api.example.org:8443",
    "http://127.0.0.1:8080",
    "https://a.example.com",
    "https://x.y.example.com",
    "https://a.preview.example.net",
    "https://a.example.com:8443",
    "https://evilexample.com",
    "https://example.com.evil.net",
    "https://example.computer",
    "http://app.example.com",
    "http://example.com",
    "https://api.example.org",
    "http://localhost",
    "http://localhost:9999",
    "https://localhost:3000",
    "http://127.0.0.1:1",
    "http://127.0.0.2:8080",
    "https://pr-12.preview.example.org",
    "https://pr-x.preview.example.org",
    "https://pr-12.preview.example.org.evil.com",
    "https://app.example.com.evil.net",
    "https://xn--pple-43d.example.com",
    "null",
];

/// Methods as `fetch()` sends them (the six names already normalised).
const BROWSER_METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "patch", "PROPFIND", "OPTIONS",
];
/// Non-safelisted request header names, as a browser lists them.
const BROWSER_HEADERS: [&str; 5] = [
    "authorization",
    "content-type",
    "x-api-key",
    "x-custom",
    "x-requested-with",
];

#[derive(Debug, Clone)]
struct BrowserRequest {
    origin: &'static str,
    credentials: bool,
    method: &'static str,
    /// Sorted, lowercase, without repeats (as a browser lists them).
    headers: Vec<&'static str>,
}

fn browser_request() -> impl Strategy<Value = BrowserRequest> {
    (
        proptest::sample::select(&BROWSER_ORIGINS[..]),
        any::<bool>(),
        proptest::sample::select(&BROWSER_METHODS[..]),
        proptest::sample::subsequence(&BROWSER_HEADERS[..], 0..=2),
    )
        .prop_map(|(origin, credentials, method, headers)| BrowserRequest {
            origin,
            credentials,
            method,
            headers,
        })
}

// ---------------------------------------------------------------------------
// The browser model (Fetch: CORS check, CORS-preflight fetch).

mod browser {
    use http::{header, HeaderMap, StatusCode};

    /// Fetch's "combine": all lines of a header, joined by `, `.
    fn combined(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
        let lines: Vec<&str> = headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap_or("\u{fffd}"))
            .collect();
        (!lines.is_empty()).then(|| lines.join(", "))
    }

    /// Fetch's "extract header list values": comma-split, trimmed.
    fn list(headers: &HeaderMap, name: header::HeaderName) -> Vec<String> {
        combined(headers, name)
            .map(|v| {
                v.split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The CORS check.
    pub fn cors_check(origin: &str, credentials: bool, headers: &HeaderMap) -> bool {
        let Some(allow) = combined(headers, header::ACCESS_CONTROL_ALLOW_ORIGIN) else {
            return false;
        };
        let allow = allow.trim();
        if !credentials && allow == "*" {
            return true;
        }
        if allow != origin {
            return false;
        }
        if !credentials {
            return true;
        }
        combined(headers, header::ACCESS_CONTROL_ALLOW_CREDENTIALS).as_deref() == Some("true")
    }

    /// The CORS-preflight fetch's checks on the answer: whether the browser
    /// goes on to send the actual request.
    pub fn preflight_ok(
        origin: &str,
        credentials: bool,
        method: &str,
        request_headers: &[&str],
        status: StatusCode,
        headers: &HeaderMap,
    ) -> bool {
        if !status.is_success() || !cors_check(origin, credentials, headers) {
            return false;
        }
        let methods = list(headers, header::ACCESS_CONTROL_ALLOW_METHODS);
        let names = list(headers, header::ACCESS_CONTROL_ALLOW_HEADERS);
        let star = |l: &[String]| !credentials && l.iter().any(|m| m == "*");
        let safelisted = ["GET", "HEAD", "POST"].contains(&method);
        if !methods.iter().any(|m| m == method) && !safelisted && !star(&methods) {
            return false;
        }
        for name in request_headers {
            let listed = names.iter().any(|n| n.eq_ignore_ascii_case(name));
            // `*` never covers `Authorization`.
            let covered = listed || (star(&names) && !name.eq_ignore_ascii_case("authorization"));
            if !covered {
                return false;
            }
        }
        true
    }

    /// Whether script can read response header `name` after a CORS check
    /// that passed.
    pub fn can_read_header(credentials: bool, headers: &HeaderMap, name: &str) -> bool {
        let safelisted = [
            "cache-control",
            "content-language",
            "content-length",
            "content-type",
            "expires",
            "last-modified",
            "pragma",
        ];
        if safelisted.contains(&name) {
            return true;
        }
        let exposed = list(headers, header::ACCESS_CONTROL_EXPOSE_HEADERS);
        exposed.iter().any(|e| e.eq_ignore_ascii_case(name))
            || (!credentials && exposed.iter().any(|e| e == "*"))
    }
}

// ---------------------------------------------------------------------------
// Driving the layer.

/// The handler: a 200 with a safelisted header and three others.
fn handler() -> Handler {
    Handler::new(handler_response)
}

/// What the inner service answers.
fn handler_response() -> Response<()> {
    let mut response = Response::new(());
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    headers.insert("x-total", HeaderValue::from_static("42"));
    headers.insert("x-other", HeaderValue::from_static("7"));
    headers.insert("x-secret", HeaderValue::from_static("s"));
    response
}

/// Sends one request through `layer`; returns the response and whether the
/// inner service ran.
fn send(layer: &CorsLayer, request: Request<()>) -> (Response<()>, bool) {
    let inner = handler();
    let mut service = layer.layer(inner.clone());
    match poll_once(service.call(request)) {
        Ok(response) => (response, inner.calls() == 1),
        Err(never) => match never {},
    }
}

/// The wire invariants, for any request and any response.
fn check_invariants(
    spec: &Spec,
    origin: Option<&[u8]>,
    response: &Response<()>,
) -> Result<(), TestCaseError> {
    let headers = response.headers();
    let acao: Vec<&HeaderValue> = headers
        .get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .iter()
        .collect();
    prop_assert!(acao.len() <= 1, "two Access-Control-Allow-Origin lines");
    let credentials = headers.get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS);
    match acao.first() {
        Some(v) if *v == "*" => {
            prop_assert!(spec.is_public(), "`*` from a policy that is not public");
            prop_assert!(credentials.is_none(), "`*` with Allow-Credentials");
        }
        Some(v) => {
            prop_assert_eq!(
                Some(v.as_bytes()),
                origin,
                "ACAO is not the request's origin"
            );
            let origin = std::str::from_utf8(v.as_bytes()).unwrap_or("");
            prop_assert!(spec.allows_origin(origin), "ACAO {origin} is not allowed");
            if let Some(c) = credentials {
                prop_assert_eq!(c, "true");
            }
        }
        None => {
            let leaked: Vec<&str> = headers
                .keys()
                .map(|k| k.as_str())
                .filter(|k| k.starts_with("access-control-"))
                .collect();
            prop_assert!(leaked.is_empty(), "refused, yet sends {leaked:?}");
        }
    }
    let varies_on_origin = headers.get_all(header::VARY).iter().any(|line| {
        line.to_str().unwrap_or("").split(',').any(|item| {
            let item = item.trim();
            item.eq_ignore_ascii_case("origin") || item == "*"
        })
    });
    if spec.is_public() {
        // docs/behaviour.md §5: a constant answer, `*` on every response, no Vary.
        prop_assert!(
            acao.first().is_some_and(|v| *v == "*"),
            "public, yet {acao:?}"
        );
        prop_assert!(!varies_on_origin, "public, yet Vary: Origin");
    } else {
        prop_assert!(
            varies_on_origin,
            "the answer depends on Origin, Vary does not say so"
        );
    }
    if !spec.credentials {
        prop_assert!(
            credentials.is_none(),
            "Allow-Credentials from a policy without them"
        );
    }
    Ok(())
}

/// Requests tried against each generated policy.
const REQUESTS_PER_POLICY: usize = 10;

/// Policies per property: `TOWER_CORS_PROPERTY_CASES` (policy × request
/// cases, default 100 000) divided by [`REQUESTS_PER_POLICY`].
fn property_cases() -> u32 {
    let cases: usize = std::env::var("TOWER_CORS_PROPERTY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    u32::try_from(cases.div_ceil(REQUESTS_PER_POLICY)).unwrap_or(u32::MAX)
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: property_cases(),
        failure_persistence: None,
        ..Config::default()
    })
}

/// Every policy the strategy generates builds.
fn build(spec: &Spec) -> Result<CorsLayer, TestCaseError> {
    spec.builder()
        .build()
        .map_err(|e| TestCaseError::fail(format!("{spec:?} does not build: {e}")))
}

/// What a browser does with one request against one policy, compared with
/// what the policy means.
fn browser_case(spec: &Spec, layer: &CorsLayer, req: &BrowserRequest) -> Result<(), TestCaseError> {
    let origin_intent = spec.allows_origin(req.origin) && (!req.credentials || spec.credentials);
    let needs_preflight = !["GET", "HEAD", "POST"].contains(&req.method) || !req.headers.is_empty();

    if needs_preflight {
        let mut preflight = Request::builder()
            .method(Method::OPTIONS)
            .header(header::ORIGIN, req.origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, req.method);
        if !req.headers.is_empty() {
            preflight = preflight.header(
                header::ACCESS_CONTROL_REQUEST_HEADERS,
                req.headers.join(","),
            );
        }
        let preflight = preflight
            .body(())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        // The server's own verdict (what diagnostics report) knows nothing
        // of the browser's credentials mode.
        let verdict = layer.policy().evaluate(&request_parts(&preflight));
        let server_intent = spec.allows_origin(req.origin)
            && spec.allows_method(req.method)
            && req.headers.iter().all(|h| spec.allows_header(h));
        prop_assert_eq!(verdict.is_allowed(), server_intent, "{:?}", verdict);
        let (response, inner_called) = send(layer, preflight);
        prop_assert!(!inner_called, "the inner service saw a preflight");
        check_invariants(spec, Some(req.origin.as_bytes()), &response)?;
        let sent = browser::preflight_ok(
            req.origin,
            req.credentials,
            req.method,
            &req.headers,
            response.status(),
            response.headers(),
        );
        let intent = origin_intent
            && spec.allows_method(req.method)
            && req.headers.iter().all(|h| spec.allows_header(h));
        prop_assert_eq!(sent, intent, "preflight: {:?}", response.headers());
        if !sent {
            return Ok(());
        }
    }

    let mut actual = Request::builder()
        .method(req.method)
        .header(header::ORIGIN, req.origin);
    for name in &req.headers {
        actual = actual.header(*name, "v");
    }
    let actual = actual
        .body(())
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let verdict = layer.policy().evaluate(&request_parts(&actual));
    prop_assert_eq!(
        verdict.is_allowed(),
        spec.allows_origin(req.origin),
        "{:?}",
        verdict
    );
    let (response, inner_called) = send(layer, actual);
    prop_assert!(inner_called, "an actual request must reach the handler");
    check_invariants(spec, Some(req.origin.as_bytes()), &response)?;
    let readable = browser::cors_check(req.origin, req.credentials, response.headers());
    prop_assert_eq!(readable, origin_intent, "actual: {:?}", response.headers());
    if readable {
        for name in ["x-total", "x-other", "x-secret", "content-type"] {
            let intent = name == "content-type" || spec.exposes(name);
            prop_assert_eq!(
                browser::can_read_header(req.credentials, response.headers(), name),
                intent,
                "header {}: {:?}",
                name,
                response.headers()
            );
        }
    }
    Ok(())
}

#[test]
fn browser_verdict_equals_policy_intent() {
    let mut runner = runner();
    let requests = proptest::collection::vec(browser_request(), REQUESTS_PER_POLICY);
    let result = runner.run(&(spec(), requests), |(spec, requests)| {
        let layer = build(&spec)?;
        for req in &requests {
            browser_case(&spec, &layer, req)?;
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------------------
// Requests no browser sends: the invariants hold for any bytes.

/// `Origin` values no browser sends: mutations of allowed ones, and noise.
fn raw_origin() -> impl Strategy<Value = Vec<u8>> {
    let mutated = (
        proptest::sample::select(&BROWSER_ORIGINS[..]),
        0..8u8,
        "[ -~]{0,4}",
    )
        .prop_map(|(origin, how, extra)| match how {
            0 => origin.to_ascii_uppercase(),
            1 => format!("{origin}/"),
            2 => format!("{origin}:443"),
            3 => format!("{origin}{extra}"),
            4 => format!("{extra}{origin}"),
            5 => format!(" {origin}"),
            6 => origin.replacen("://", ":/", 1),
            _ => format!("{origin}."),
        })
        .prop_map(String::into_bytes);
    prop_oneof![
        3 => mutated,
        1 => proptest::collection::vec(prop_oneof![32u8..127, Just(b'\t'), 128u8..=255], 0..64),
    ]
}

fn raw_headers() -> impl Strategy<Value = Vec<(&'static str, Vec<u8>)>> {
    let name = proptest::sample::select(
        &[
            "origin",
            "access-control-request-method",
            "access-control-request-headers",
            "vary",
        ][..],
    );
    let value = prop_oneof![
        proptest::sample::select(&BROWSER_ORIGINS[..]).prop_map(|s| s.as_bytes().to_vec()),
        "[ -~]{0,24}".prop_map(String::into_bytes),
        proptest::collection::vec(32u8..=255, 0..24),
    ];
    proptest::collection::vec((name, value), 0..4)
}

/// A request no browser would send: a method, maybe an `Origin`, and more
/// CORS request headers with any bytes.
type RawRequest = (&'static str, Option<Vec<u8>>, Vec<(&'static str, Vec<u8>)>);

fn raw_case(spec: &Spec, layer: &CorsLayer, raw: RawRequest) -> Result<(), TestCaseError> {
    let (method, origin, extra) = raw;
    let mut request = Request::new(());
    *request.method_mut() = Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET);
    let headers: &mut HeaderMap = request.headers_mut();
    if let Some(origin) = &origin {
        if let Ok(v) = HeaderValue::from_bytes(origin) {
            headers.append(header::ORIGIN, v);
        }
    }
    for (name, value) in extra {
        if let Ok(v) = HeaderValue::from_bytes(&value) {
            headers.append(name, v);
        }
    }
    let origins: Vec<Vec<u8>> = headers
        .get_all(header::ORIGIN)
        .iter()
        .map(|v| v.as_bytes().to_vec())
        .collect();
    let is_preflight = request.method() == Method::OPTIONS
        && !origins.is_empty()
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let decision = layer.policy().evaluate(&request_parts(&request));
    let (response, inner_called) = send(layer, request);
    prop_assert_eq!(inner_called, !is_preflight);
    // Only one `Origin` line is ever reflected.
    let single = (origins.len() == 1).then(|| origins[0].as_slice());
    check_invariants(spec, single, &response)?;
    if let Some(allow) = response.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
        if allow != "*" {
            let text = std::str::from_utf8(allow.as_bytes()).unwrap_or("");
            prop_assert!(
                tower_cors::Origin::parse(text).is_some() || text == "null",
                "reflected a non-canonical origin {text:?}"
            );
        }
    }
    // The decision says what the service did, to the last header: the
    // service carries out the very `Decision` that `evaluate` returns.
    let expected = handler::decided(decision, handler_response());
    prop_assert_eq!(expected.status(), response.status());
    prop_assert_eq!(expected.headers(), response.headers());
    Ok(())
}

fn request_parts(request: &Request<()>) -> http::request::Parts {
    let mut copy = Request::new(());
    *copy.method_mut() = request.method().clone();
    *copy.headers_mut() = request.headers().clone();
    copy.into_parts().0
}

#[test]
fn invariants_hold_for_any_request() {
    let mut runner = runner();
    let method = proptest::sample::select(&["GET", "OPTIONS", "POST", "PUT", "options"][..]);
    let raw = (
        method,
        proptest::option::weighted(0.9, raw_origin()),
        raw_headers(),
    );
    let requests = proptest::collection::vec(raw, REQUESTS_PER_POLICY);
    let result = runner.run(&(spec(), requests), |(spec, requests)| {
        let layer = build(&spec)?;
        for raw in requests {
            raw_case(&spec, &layer, raw)?;
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

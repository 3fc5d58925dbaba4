//! Heap allocations by the layer, counted (not timed): counts are
//! deterministic. A counting global allocator tallies allocations made on
//! the current thread, so tests running in parallel do not disturb each
//! other.

mod handler;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::task::Context;
use std::time::Duration;

use handler::{ready, waker, Handler};

use http::{header, HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use tower::{Layer, Service};
use tower_cors::{CorsLayer, Decision};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        BYTES.with(|n| n.set(n.get() + layout.size()));
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        BYTES.with(|n| n.set(n.get() + new_size));
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// How many allocations `f` makes on this thread.
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.with(Cell::get);
    let out = f();
    (ALLOCATIONS.with(Cell::get) - before, out)
}

fn credentialed() -> CorsLayer {
    CorsLayer::builder()
        .allow_origin([
            "https://a.example.com",
            "https://b.example.com",
            "https://c.example.com",
        ])
        .allow_origin("https://*.preview.example.com")
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        .expose_headers(["x-request-id", "x-ratelimit-remaining"])
        .allow_credentials(true)
        .max_age(Duration::from_secs(600))
        .build()
        .unwrap()
}

fn request(method: Method, headers: &[(header::HeaderName, &'static str)]) -> Request<()> {
    let mut request = Request::new(());
    *request.method_mut() = method;
    for (name, value) in headers {
        request
            .headers_mut()
            .append(name.clone(), HeaderValue::from_static(value));
    }
    request
}

/// An inner service whose response map already has room for the CORS
/// headers, so that what is counted is the layer's own work.
fn roomy() -> Handler {
    Handler::new(|| {
        let mut response = Response::new(());
        *response.headers_mut() = HeaderMap::with_capacity(16);
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        response
    })
}

#[test]
fn deciding_an_actual_request_does_not_allocate() {
    let cors = credentialed();
    let policy = cors.policy();
    let cases = [
        request(Method::GET, &[]),
        request(Method::GET, &[(header::ORIGIN, "https://b.example.com")]),
        request(
            Method::POST,
            &[(header::ORIGIN, "https://pr-1.preview.example.com")],
        ),
        request(Method::GET, &[(header::ORIGIN, "https://evil.example.net")]),
        request(Method::GET, &[(header::ORIGIN, "https://B.example.com/")]),
        request(
            Method::OPTIONS,
            &[(header::ORIGIN, "https://a.example.com")],
        ),
    ];
    for case in cases {
        let (parts, ()) = case.into_parts();
        let (count, decision) = allocations(|| policy.evaluate(&parts));
        assert!(!matches!(decision, Decision::Preflight(_)));
        assert_eq!(count, 0, "{:?} {:?}", parts.headers, decision);
    }
}

/// A reflected origin (here matched by the wildcard) is the request's own
/// `Origin` value, cloned. hyper slices every header value out of one
/// shared read buffer, so cloning it is a reference-count increment; a value
/// built unshared (`HeaderValue::from_str`) is made shared by its first
/// clone, which `bytes` pays with one allocation, so it is cloned once here
/// first, as hyper's already are.
#[test]
fn a_reflected_origin_is_shared_not_copied() {
    let cors = credentialed();
    let policy = cors.policy();
    let origin = HeaderValue::from_str("https://pr-7.preview.example.com").unwrap();
    drop(origin.clone());
    let mut request = Request::get("/").body(()).unwrap();
    request.headers_mut().insert(header::ORIGIN, origin);
    let (parts, ()) = request.into_parts();
    let (count, decision) = allocations(|| policy.evaluate(&parts));
    let Decision::Allowed(headers) = decision else {
        panic!("not allowed: {decision:?}");
    };
    assert_eq!(
        headers.allow_origin().unwrap(),
        "https://pr-7.preview.example.com"
    );
    assert_eq!(count, 0);
}

#[test]
fn the_service_adds_no_allocation_to_an_actual_request() {
    let waker = waker();
    let mut cx = Context::from_waker(&waker);
    let mut plain = roomy();
    let mut wrapped = credentialed().layer(roomy());
    for origin in [
        None,
        Some("https://c.example.com"),
        Some("https://x.example.org"),
    ] {
        let make = || match origin {
            Some(origin) => request(Method::GET, &[(header::ORIGIN, origin)]),
            None => request(Method::GET, &[]),
        };
        // Warm up both paths once (lazy statics, thread-locals).
        let _ = ready(plain.call(make()), &mut cx);
        let _ = ready(wrapped.call(make()), &mut cx);

        let req = make();
        let (baseline, _) = allocations(|| ready(plain.call(req), &mut cx));
        let req = make();
        let (with_cors, response) = allocations(|| ready(wrapped.call(req), &mut cx));
        let response = response.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        if origin == Some("https://c.example.com") {
            assert_eq!(
                response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
                "https://c.example.com"
            );
        }
        assert_eq!(with_cors, baseline, "origin {origin:?}");
    }
}

#[test]
fn a_preflight_allocates_only_its_header_map() {
    let cors = credentialed();
    let policy = cors.policy();
    let (parts, ()) = request(
        Method::OPTIONS,
        &[
            (header::ORIGIN, "https://a.example.com"),
            (header::ACCESS_CONTROL_REQUEST_METHOD, "DELETE"),
            (
                header::ACCESS_CONTROL_REQUEST_HEADERS,
                "content-type,authorization",
            ),
        ],
    )
    .into_parts();
    let (count, decision) = allocations(|| policy.evaluate(&parts));
    let Decision::Preflight(answer) = decision else {
        panic!("not a preflight");
    };
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert!(answer.refusal().is_none());
    // At least one: the counter works; at most two: the map's own storage.
    assert!((1..=2).contains(&count), "{count} allocations");
}

#[test]
fn a_hostile_request_header_list_is_refused_without_allocating() {
    let cors = credentialed();
    let policy = cors.policy();
    let hostile = HeaderValue::from_str(&"x-a,".repeat(16 * 1024)).unwrap();
    let mut request = request(
        Method::OPTIONS,
        &[
            (header::ORIGIN, "https://a.example.com"),
            (header::ACCESS_CONTROL_REQUEST_METHOD, "PUT"),
        ],
    );
    request
        .headers_mut()
        .insert(header::ACCESS_CONTROL_REQUEST_HEADERS, hostile);
    let (parts, ()) = request.into_parts();
    let (count, decision) = allocations(|| policy.evaluate(&parts));
    assert_eq!(
        decision.refusal(),
        Some(&tower_cors::Refusal::InvalidRequestHeaders)
    );
    // The preflight's own header map, nothing for the 64 KiB of input.
    assert!(count <= 2, "{count} allocations");
}

#[test]
fn echoing_a_split_header_list_costs_the_same_whatever_its_length() {
    let cors = CorsLayer::builder()
        .allow_origin("https://a.example.com")
        .allow_headers(tower_cors::Any)
        .allow_credentials(true)
        .build()
        .unwrap();
    let count_for = |name_len: usize| {
        let mut request = request(
            Method::OPTIONS,
            &[
                (header::ORIGIN, "https://a.example.com"),
                (header::ACCESS_CONTROL_REQUEST_METHOD, "GET"),
            ],
        );
        let line = HeaderValue::from_str(&"x".repeat(name_len)).unwrap();
        for _ in 0..16 {
            request
                .headers_mut()
                .append(header::ACCESS_CONTROL_REQUEST_HEADERS, line.clone());
        }
        let (parts, ()) = request.into_parts();
        let (count, decision) = allocations(|| cors.policy().evaluate(&parts));
        let Decision::Preflight(answer) = decision else {
            panic!("not a preflight");
        };
        assert!(answer.refusal().is_none());
        assert_eq!(
            answer
                .headers()
                .get_all(header::ACCESS_CONTROL_ALLOW_HEADERS)
                .iter()
                .count(),
            16
        );
        count
    };
    let short = count_for(8);
    let long = count_for(500);
    assert_eq!(short, long, "allocations grow with the input");
    // The map's own storage and its room for the 16 echoed lines.
    assert!(long <= 8, "{long} allocations");
}

/// Allocations and bytes requested by `f` on this thread.
fn footprint<T>(f: impl FnOnce() -> T) -> ((usize, usize), T) {
    let before = (ALLOCATIONS.with(Cell::get), BYTES.with(Cell::get));
    let out = f();
    let after = (ALLOCATIONS.with(Cell::get), BYTES.with(Cell::get));
    ((after.0 - before.0, after.1 - before.1), out)
}

/// hyper's default limit on an HTTP/1 request head (`max_buf_size`): no
/// header value reaching the layer through hyper is longer.
const HYPER_MAX_HEAD: usize = 8192 + 4096 * 100;

/// A preflight from an allowed origin with one hostile value in `name`.
fn hostile_preflight(name: header::HeaderName, value: String) -> http::request::Parts {
    let mut request = request(
        Method::OPTIONS,
        &[
            (header::ORIGIN, "https://a.example.com"),
            (header::ACCESS_CONTROL_REQUEST_METHOD, "PUT"),
        ],
    );
    let value = HeaderValue::from_str(&value).unwrap();
    request.headers_mut().insert(name, value);
    request.into_parts().0
}

/// For each hostile header, from 9 KiB (over every cap) up to the largest
/// value hyper lets through: the same refusal, and the same allocations and
/// bytes at every size (the preflight answer's own map), so memory does not
/// grow with the input. For the method and the header list the refusal also
/// shows that the cap comes before the value is read: unread, the method
/// would be `MethodNotAllowed` and the list would be refused for its first
/// name. (An origin over the cap could never be canonical anyway, so its
/// refusal cannot show that; callgrind does, in the issue notes: the same
/// instruction count at 9 KiB and 400 KiB. This test counts memory, not
/// work.)
#[test]
fn hostile_values_cost_the_same_at_any_size() {
    let cors = credentialed();
    let policy = cors.policy();
    type Case = (header::HeaderName, fn(usize) -> String, tower_cors::Refusal);
    let cases: [Case; 4] = [
        (
            header::ORIGIN,
            |n| format!("https://{}.example.com", "a".repeat(n)),
            tower_cors::Refusal::OriginNotCanonical,
        ),
        (
            header::ACCESS_CONTROL_REQUEST_METHOD,
            |n| "X".repeat(n),
            tower_cors::Refusal::InvalidRequestMethod,
        ),
        (
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            |n| "x-not-allowed,".repeat(n / 14),
            tower_cors::Refusal::InvalidRequestHeaders,
        ),
        (
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            |n| format!("content-type,{}", "a".repeat(n)),
            tower_cors::Refusal::InvalidRequestHeaders,
        ),
    ];
    for (name, make, refusal) in cases {
        let mut seen = None;
        for size in [9 * 1024, 64 * 1024, HYPER_MAX_HEAD - 1024] {
            let parts = hostile_preflight(name.clone(), make(size));
            let (cost, decision) = footprint(|| policy.evaluate(&parts));
            assert_eq!(decision.refusal(), Some(&refusal), "{name} at {size} bytes");
            assert!(cost.0 <= 2 && cost.1 <= 1024, "{name}: {cost:?}");
            assert_eq!(*seen.get_or_insert(cost), cost, "{name} at {size} bytes");
        }
    }

    // Under the cap, parsing stops at the first name that is not allowed.
    let parts = hostile_preflight(
        header::ACCESS_CONTROL_REQUEST_HEADERS,
        format!("content-type,x-first,{}", "x-a,".repeat(1024)),
    );
    assert!(matches!(
        policy.evaluate(&parts).refusal(),
        Some(tower_cors::Refusal::HeaderNotAllowed(name)) if *name == "x-first"
    ));
}

/// A subscriber that wants `INFO` and above and drops what it gets, as a
/// production log would be set up.
#[cfg(feature = "tracing")]
struct InfoOnly;

#[cfg(feature = "tracing")]
impl tracing::Subscriber for InfoOnly {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        *metadata.level() <= tracing::Level::INFO
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// Diagnostics log allowed requests at `TRACE`: under a subscriber that
/// does not want that level, they cost no allocation.
#[cfg(feature = "tracing")]
#[test]
fn an_uninterested_subscriber_costs_an_allowed_request_nothing() {
    tracing::subscriber::with_default(InfoOnly, || {
        let waker = waker();
        let mut cx = Context::from_waker(&waker);
        let mut wrapped = credentialed().layer(roomy());
        let make = || request(Method::GET, &[(header::ORIGIN, "https://c.example.com")]);
        let _ = ready(wrapped.call(make()), &mut cx);
        let req = make();
        let (count, response) = allocations(|| ready(wrapped.call(req), &mut cx));
        assert_eq!(
            response.unwrap().headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
            "https://c.example.com"
        );
        // The inner service's own response map, nothing more.
        let mut plain = roomy();
        let req = make();
        let (baseline, _) = allocations(|| ready(plain.call(req), &mut cx));
        assert_eq!(count, baseline);
    });
}

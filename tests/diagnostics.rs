//! Diagnostics (the `tracing` feature): the events the layer emits, captured
//! by a subscriber of the test's own and checked field by field.

mod handler;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use handler::{poll_once, Handler};

use http::{header, Method, Request, Response};
use tower::{Layer, Service};
use tower_cors::{Any, CorsBuilder, CorsLayer};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// One captured event.
#[derive(Debug, Clone)]
struct Captured {
    level: Level,
    target: String,
    fields: BTreeMap<String, String>,
}

impl Captured {
    fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }
}

/// Records every event at `max` or more severe.
#[derive(Clone)]
struct Capture {
    max: Level,
    events: Arc<Mutex<Vec<Captured>>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        *metadata.level() <= self.max
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.events.lock().unwrap().push(Captured {
            level: *event.metadata().level(),
            target: event.metadata().target().to_owned(),
            fields,
        });
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// Runs `f` with a capturing subscriber at `max`; returns the events.
fn capture(max: Level, f: impl FnOnce()) -> Vec<Captured> {
    let capture = Capture {
        max,
        events: Arc::default(),
    };
    tracing::subscriber::with_default(capture.clone(), f);
    let events = capture.events.lock().unwrap().clone();
    events
}

fn send(layer: &CorsLayer, request: Request<()>) {
    let mut service = layer.layer(Handler::new(|| Response::new(())));
    if let Err(never) = poll_once(service.call(request)) {
        match never {}
    }
}

fn get(origin: &str) -> Request<()> {
    Request::get("/items")
        .header(header::ORIGIN, origin)
        .body(())
        .unwrap()
}

fn preflight(origin: &str, method: &str, headers: Option<&str>) -> Request<()> {
    let mut request = Request::builder()
        .method(Method::OPTIONS)
        .uri("/items")
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, method);
    if let Some(headers) = headers {
        request = request.header(header::ACCESS_CONTROL_REQUEST_HEADERS, headers);
    }
    request.body(()).unwrap()
}

/// The one event a refused request produced.
fn refusal_event(builder: CorsBuilder, request: Request<()>) -> Captured {
    let layer = builder.build().unwrap();
    let events = capture(Level::TRACE, || send(&layer, request));
    let refusals: Vec<_> = events
        .into_iter()
        .filter(|e| e.field("message").starts_with("CORS request refused"))
        .collect();
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    let event = refusals.into_iter().next().unwrap();
    assert_eq!(event.level, Level::INFO);
    assert_eq!(event.target, "tower_cors");
    event
}

fn app() -> CorsBuilder {
    CorsLayer::builder()
        .allow_origin(["https://app.example.com", "http://localhost:3000"])
        .allow_origin("https://*.example.net")
        .allow_methods([Method::PUT, Method::from_bytes(b"PATCH").unwrap()])
        .allow_headers(["content-type", "x-api-key"])
}

#[test]
fn an_origin_that_differs_by_scheme_names_the_allowed_one() {
    let event = refusal_event(app(), get("http://app.example.com"));
    assert_eq!(event.field("origin"), "http://app.example.com");
    assert_eq!(event.field("method"), "GET");
    assert_eq!(event.field("preflight"), "false");
    assert!(!event.fields.contains_key("requested_method"), "{event:?}");
    assert_eq!(event.field("reason"), "origin not allowed");
    assert_eq!(
        event.field("hint"),
        "did you mean `https://app.example.com`? It is allowed; this origin differs by its scheme"
    );
}

#[test]
fn a_dev_server_on_another_port_is_named() {
    let event = refusal_event(app(), preflight("http://localhost:5173", "PUT", None));
    assert_eq!(event.field("preflight"), "true");
    assert_eq!(event.field("method"), "OPTIONS");
    assert_eq!(event.field("requested_method"), "PUT");
    assert_eq!(
        event.field("hint"),
        "did you mean `http://localhost:3000`? It is allowed; this origin differs by its port"
    );
}

#[test]
fn a_non_canonical_origin_says_what_is_wrong_with_it() {
    let event = refusal_event(app(), get("https://App.example.com/"));
    assert!(event
        .field("reason")
        .starts_with("origin not in the form a browser sends"));
    assert_eq!(
        event.field("hint"),
        "did you mean `https://app.example.com`? It is allowed; this origin differs by a trailing \
         slash (browsers never send one) and upper case (browsers send lower case)"
    );
}

#[test]
fn a_wildcard_over_the_apex_says_it_matches_subdomains_only() {
    let event = refusal_event(app(), get("https://example.net"));
    assert_eq!(
        event.field("hint"),
        "`https://*.example.net` matches subdomains only, never `https://example.net` itself: \
         allow `https://example.net` too"
    );
}

#[test]
fn an_unrelated_origin_has_no_hint() {
    let event = refusal_event(app(), get("https://evil.example.org"));
    assert_eq!(event.field("reason"), "origin not allowed");
    assert!(!event.fields.contains_key("hint"), "{event:?}");
}

#[test]
fn method_case_is_explained() {
    let event = refusal_event(app(), preflight("https://app.example.com", "patch", None));
    assert_eq!(event.field("reason"), "method `patch` not allowed");
    assert_eq!(
        event.field("hint"),
        "method names are case-sensitive: `PATCH` is allowed, `patch` is not; allow `patch` too"
    );
}

#[test]
fn a_lower_case_method_of_fetchs_six_is_from_no_browser() {
    let event = refusal_event(app(), preflight("https://app.example.com", "put", None));
    assert_eq!(
        event.field("hint"),
        "browsers always send `PUT` in upper case, whatever the script wrote: `put` comes from a \
         client that is not a browser"
    );
}

#[test]
fn a_method_that_is_not_allowed_gets_the_list() {
    let event = refusal_event(app(), preflight("https://app.example.com", "DELETE", None));
    assert_eq!(event.field("reason"), "method `DELETE` not allowed");
    assert_eq!(event.field("hint"), "allowed methods: PUT, PATCH");
}

#[test]
fn short_names_are_not_guessed_between() {
    let builder = CorsLayer::builder()
        .allow_origin("https://app.example.com")
        .allow_headers("x-a");
    let event = refusal_event(
        builder,
        preflight("https://app.example.com", "POST", Some("x-b")),
    );
    assert_eq!(
        event.field("hint"),
        "allowed request headers: x-a; add `x-b` with `allow_headers`"
    );
}

#[test]
fn a_hostile_origin_gets_no_hint() {
    let long = format!("http://app.example.com{}", "/".repeat(64 * 1024));
    let event = refusal_event(app(), get(&long));
    assert!(!event.fields.contains_key("hint"), "{event:?}");
    // What is logged of the origin is cut too.
    assert!(
        event.field("origin").len() < 300,
        "{}",
        event.field("origin").len()
    );
}

#[test]
fn a_misspelled_header_is_named() {
    let event = refusal_event(
        app(),
        preflight(
            "https://app.example.com",
            "PUT",
            Some("content-type,x-api_key"),
        ),
    );
    assert_eq!(
        event.field("reason"),
        "request header `x-api_key` not allowed"
    );
    assert_eq!(
        event.field("hint"),
        "did you mean `x-api-key`? It is allowed; `x-api_key` is not"
    );
    let event = refusal_event(
        app(),
        preflight("https://app.example.com", "PUT", Some("x-debug")),
    );
    assert_eq!(
        event.field("hint"),
        "allowed request headers: content-type, x-api-key; add `x-debug` with `allow_headers`"
    );
}

#[test]
fn authorization_under_any_header_is_explained() {
    let builder = CorsLayer::builder()
        .allow_origin("https://app.example.com")
        .allow_headers(Any);
    let event = refusal_event(
        builder,
        preflight("https://app.example.com", "POST", Some("authorization")),
    );
    assert_eq!(
        event.field("hint"),
        "`*` never covers `authorization`: add it with `allow_headers(\"authorization\")`"
    );
}

#[test]
fn allowed_requests_log_at_trace_only() {
    let layer = app().build().unwrap();
    let events = capture(Level::TRACE, || {
        send(&layer, get("https://app.example.com"));
        send(&layer, Request::get("/").body(()).unwrap());
    });
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].level, Level::TRACE);
    assert_eq!(events[0].field("message"), "CORS request allowed");
    assert_eq!(events[0].field("origin"), "https://app.example.com");

    let events = capture(Level::DEBUG, || {
        send(&layer, get("https://app.example.com"))
    });
    assert!(events.is_empty(), "{events:?}");
}

#[test]
fn building_a_policy_logs_it_at_debug() {
    let events = capture(Level::DEBUG, || {
        app().build().unwrap();
    });
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].level, Level::DEBUG);
    assert_eq!(events[0].target, "tower_cors");
    assert_eq!(events[0].field("message"), "CORS policy built");
    assert!(events[0].field("policy").contains("Policy"), "{events:?}");
}

#[test]
fn non_utf8_origins_are_escaped_not_dropped() {
    let mut request = get("https://app.example.com");
    request.headers_mut().insert(
        header::ORIGIN,
        http::HeaderValue::from_bytes(b"https://\xffapp.example.com").unwrap(),
    );
    let event = refusal_event(app(), request);
    assert_eq!(event.field("origin"), "https://\\xffapp.example.com");
}

/// A policy of exact origins refuses an unlisted origin without reading it;
/// the event still says exactly why, and the answer is the same.
#[test]
fn an_exact_only_policy_reports_the_whole_reason() {
    let exact = || CorsLayer::builder().allow_origin("https://app.example.com");
    let event = refusal_event(exact(), get("https://APP.example.com"));
    assert_eq!(
        event.field("reason"),
        tower_cors::Refusal::OriginNotCanonical.to_string()
    );
    let event = refusal_event(exact(), get("https://evil.example.net"));
    assert_eq!(event.field("reason"), "origin not allowed");
    // `evaluate`, which users test with, gives the whole reason too.
    let layer = exact().build().unwrap();
    let (parts, ()) = get("https://APP.example.com").into_parts();
    assert_eq!(
        layer.policy().evaluate(&parts).refusal(),
        Some(&tower_cors::Refusal::OriginNotCanonical)
    );
}

//! The decision core alone: `Policy::evaluate` on the scenarios of
//! `benches/common` (the service round trip, side by side with tower-http,
//! is `benches/compare.rs`), and on an 8 KiB `Access-Control-Request-Headers`
//! of allowed names in upper case, under each kind of header policy.
//!
//! `cargo bench --features regex --bench decision`. Requests are built once; each iteration
//! evaluates the same request head, and dropping the decision is measured
//! with it.

mod common;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use http::{header, HeaderValue, Method, Request};
use tower_cors::{Any, CorsLayer, Decision, MAX_REQUEST_HEADERS_LEN};

fn evaluate(c: &mut Criterion) {
    let mut group = c.benchmark_group("evaluate");
    for scenario in common::scenarios() {
        common::check_verdict(&scenario);
        let cors = common::tower_cors(scenario.shape);
        group.bench_function(scenario.name, |b| {
            b.iter(|| cors.policy().evaluate(black_box(&scenario.request)))
        });
    }
    group.finish();
}

const APP: &str = "https://app.example.com";

/// `count` allowed names of one letter or digit: the most names an 8 KiB
/// list can hold, so the most lookups.
fn one_byte_names(count: usize) -> Vec<String> {
    ('a'..='z')
        .chain('0'..='9')
        .take(count)
        .map(String::from)
        .collect()
}

/// `count` allowed names as real clients send them.
fn typical_names(count: usize) -> Vec<String> {
    let mut names: Vec<String> = ["content-type", "x-request-id", "x-api-key", "x-csrf-token"]
        .map(String::from)
        .to_vec();
    names.extend((names.len()..count).map(|n| format!("x-custom-header-{n}")));
    names.truncate(count);
    names
}

/// `names` upper-cased and repeated, comma-joined, as long as fits in
/// `MAX_REQUEST_HEADERS_LEN`.
fn upper_list(names: &[String]) -> String {
    let mut list = String::with_capacity(MAX_REQUEST_HEADERS_LEN);
    for name in names.iter().cycle() {
        let comma = usize::from(!list.is_empty());
        if list.len() + comma + name.len() > MAX_REQUEST_HEADERS_LEN {
            break;
        }
        if comma == 1 {
            list.push(',');
        }
        list.push_str(&name.to_ascii_uppercase());
    }
    list
}

fn upper_preflight(names: &[String]) -> http::request::Parts {
    let list = match HeaderValue::from_str(&upper_list(names)) {
        Ok(list) => list,
        Err(e) => panic!("the benchmark's list is not a header value: {e}"),
    };
    let request = Request::builder()
        .method(Method::OPTIONS)
        .header(header::ORIGIN, APP)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, list)
        .body(());
    match request {
        Ok(request) => request.into_parts().0,
        Err(e) => panic!("the benchmark's request does not build: {e}"),
    }
}

/// An 8 KiB `Access-Control-Request-Headers` of allowed names in upper
/// case, one line: for 4 listed names, 32, and any header without and with
/// credentials (echoed); of one-byte names (4096 of them, the most lookups)
/// and of typical ones.
fn upper_case_list(c: &mut Criterion) {
    let mut group = c.benchmark_group("8 KiB upper-case request headers");
    let builder = || {
        CorsLayer::builder()
            .allow_origin(APP)
            .allow_methods(Method::PUT)
    };
    for (shape, names) in [
        ("one-byte", one_byte_names as fn(usize) -> Vec<String>),
        ("typical", typical_names),
    ] {
        let (few, many) = (names(4), names(32));
        let cases = [
            ("4 listed", builder().allow_headers(few.clone()), &few),
            ("32 listed", builder().allow_headers(many.clone()), &many),
            ("any", builder().allow_headers(Any), &many),
            (
                "any, credentials",
                builder().allow_headers(Any).allow_credentials(true),
                &many,
            ),
        ];
        for (policy, builder, names) in cases {
            let name = format!("{shape} names, {policy}");
            let cors = match builder.build() {
                Ok(cors) => cors,
                Err(e) => panic!("{name}: the benchmark's policy does not build: {e}"),
            };
            let request = upper_preflight(names);
            match cors.policy().evaluate(&request) {
                Decision::Preflight(answer) if answer.refusal().is_none() => {}
                other => panic!("{name}: expected an allowed preflight, got {other:?}"),
            }
            group.bench_function(name, |b| {
                b.iter(|| cors.policy().evaluate(black_box(&request)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, evaluate, upper_case_list);
criterion_main!(benches);

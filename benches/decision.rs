//! The decision core and the service round trip, measured with criterion.
//!
//! `cargo bench --bench decision`. Requests are built once, outside the
//! measured closure; each iteration evaluates (or serves) a clone of the
//! same request head.

use std::convert::Infallible;
use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use http::{header, HeaderValue, Method, Request, Response};
use tower::{Layer, Service};
use tower_cors::CorsLayer;

fn policy() -> CorsLayer {
    CorsLayer::builder()
        .allow_origin([
            "https://a.example.com",
            "https://b.example.com",
            "https://c.example.com",
        ])
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        .expose_headers(["x-request-id", "x-ratelimit-remaining"])
        .allow_credentials(true)
        .max_age(Duration::from_secs(600))
        .build()
        .expect("valid policy")
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

fn scenarios() -> Vec<(&'static str, Request<()>)> {
    vec![
        ("no origin", request(Method::GET, &[])),
        (
            "actual allowed",
            request(Method::GET, &[(header::ORIGIN, "https://c.example.com")]),
        ),
        (
            "actual refused",
            request(Method::GET, &[(header::ORIGIN, "https://evil.example.net")]),
        ),
        (
            "preflight allowed",
            request(
                Method::OPTIONS,
                &[
                    (header::ORIGIN, "https://c.example.com"),
                    (header::ACCESS_CONTROL_REQUEST_METHOD, "DELETE"),
                    (
                        header::ACCESS_CONTROL_REQUEST_HEADERS,
                        "authorization,content-type",
                    ),
                ],
            ),
        ),
    ]
}

fn evaluate(c: &mut Criterion) {
    let cors = policy();
    let mut group = c.benchmark_group("evaluate");
    for (name, request) in scenarios() {
        let (parts, ()) = request.into_parts();
        group.bench_function(name, |b| {
            b.iter(|| cors.policy().evaluate(black_box(&parts)))
        });
    }
    group.finish();
}

struct NoopWake;

impl Wake for NoopWake {
    fn wake(self: Arc<Self>) {}
}

fn ready<F: Future>(future: F, cx: &mut Context<'_>) -> F::Output {
    match pin!(future).poll(cx) {
        Poll::Ready(out) => out,
        Poll::Pending => unreachable!("the benchmark's services are always ready"),
    }
}

fn inner(_: Request<()>) -> std::future::Ready<Result<Response<()>, Infallible>> {
    std::future::ready(Ok(Response::new(())))
}

/// The whole service round trip, against the bare inner service.
fn service(c: &mut Criterion) {
    let waker = Waker::from(Arc::new(NoopWake));
    let mut cx = Context::from_waker(&waker);
    let mut group = c.benchmark_group("service");
    for (name, request) in scenarios() {
        let mut bare = tower::service_fn(inner);
        group.bench_function(format!("{name} / no layer"), |b| {
            b.iter_batched(
                || clone(&request),
                |req| ready(bare.call(req), &mut cx),
                criterion::BatchSize::SmallInput,
            )
        });
        let mut wrapped = policy().layer(tower::service_fn(inner));
        group.bench_function(format!("{name} / tower-cors"), |b| {
            b.iter_batched(
                || clone(&request),
                |req| ready(wrapped.call(req), &mut cx),
                criterion::BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

fn clone(request: &Request<()>) -> Request<()> {
    let mut copy = Request::new(());
    *copy.method_mut() = request.method().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}

criterion_group!(benches, evaluate, service);
criterion_main!(benches);

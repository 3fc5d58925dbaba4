//! tower-cors side by side with tower-http's `CorsLayer` and a no-op layer:
//! the same requests through each, built once and called repeatedly.
//!
//! ```text
//! cargo bench --features regex --bench compare
//! ```
//!
//! Each iteration serves a fresh copy of the scenario's request; copying it
//! is done outside the measured routine (`iter_batched`) and measured on its
//! own as `request construction`. A contender's overhead is its median minus
//! the no-op's, in the same run. See BENCHMARKS.md for the figures.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use tower::{Layer, Service};

use common::{noop, request, serve, tower_cors, tower_http, Handler};

fn construction(c: &mut Criterion) {
    let mut group = c.benchmark_group("request construction");
    for scenario in common::scenarios() {
        group.bench_function(scenario.name, |b| {
            b.iter(|| request(black_box(&scenario.request)))
        });
    }
    group.finish();
}

fn bench<S>(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    mut service: S,
    parts: &http::request::Parts,
) where
    S: Service<http::Request<()>, Response = http::Response<()>, Error = std::convert::Infallible>,
{
    c.bench_function(name, |b| {
        b.iter_batched(
            || request(parts),
            |req| serve(&mut service, req),
            BatchSize::SmallInput,
        )
    });
}

fn compare(c: &mut Criterion) {
    for scenario in common::scenarios() {
        common::check_verdict(&scenario);
        let mut group = c.benchmark_group(scenario.name);
        bench(&mut group, "no-op", noop(), &scenario.request);
        bench(
            &mut group,
            "tower-http",
            tower_http(scenario.shape).layer(Handler),
            &scenario.request,
        );
        bench(
            &mut group,
            "tower-cors",
            tower_cors(scenario.shape).layer(Handler),
            &scenario.request,
        );
        if let Some(floor) = common::layer_headers_only(scenario.shape, &scenario.request) {
            bench(&mut group, "layer, headers only", floor, &scenario.request);
        }
        group.finish();
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = construction, compare
}
criterion_main!(benches);

//! The decision core alone: `Policy::evaluate` on the scenarios of
//! `benches/common` (the service round trip, side by side with tower-http,
//! is `benches/compare.rs`).
//!
//! `cargo bench --bench decision`. Requests are built once; each iteration
//! evaluates the same request head, and dropping the decision is measured
//! with it.

mod common;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

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

criterion_group!(benches, evaluate);
criterion_main!(benches);

//! Building a policy: `CorsBuilder::build` on plausible policies and on the
//! pathological ones an attacker (or a slip) could write, each of which
//! must build, or be refused, within a fixed budget.
//!
//! ```text
//! cargo bench --features regex --bench build
//! ```
//!
//! Under `cargo bench --features regex -- --test` each policy is built once and its verdict
//! checked. The policies are `common::build_cases`; `cargo bench --features regex --bench
//! instructions` counts the instructions each build takes.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use tower_cors::Problem;

mod common;

use common::build_cases;

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    for case in build_cases() {
        let built = case.builder.build();
        assert_eq!(
            built.is_ok(),
            case.builds,
            "{}: {:?}",
            case.name,
            built.err().map(|e| e.into_problems())
        );
        if let Err(error) = built {
            assert!(
                !error
                    .problems()
                    .iter()
                    .any(|p| matches!(p, Problem::InvalidRegex { .. })),
                "{}: {error}",
                case.name
            );
        }
        group.bench_function(case.name, |b| b.iter(|| black_box(case.builder.build())));
    }
    group.finish();
}

criterion_group!(benches, build);
criterion_main!(benches);

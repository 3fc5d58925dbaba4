//! Building a policy: `CorsBuilder::build` on plausible policies and on the
//! pathological ones an attacker (or a slip) could write, each of which
//! must build, or be refused, within a fixed budget.
//!
//! ```text
//! cargo bench --bench build
//! ```
//!
//! Under `cargo bench -- --test` each policy is built once and its verdict
//! checked.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use tower_cors::{CorsBuilder, CorsLayer, Problem};

/// A policy to build, and whether it must build.
struct Case {
    name: &'static str,
    builder: CorsBuilder,
    builds: bool,
}

fn credentialed() -> CorsBuilder {
    CorsLayer::builder()
        .allow_credentials(true)
        .allow_headers(["content-type", "authorization"])
}

fn regexes(builder: CorsBuilder, patterns: impl IntoIterator<Item = String>) -> CorsBuilder {
    patterns
        .into_iter()
        .fold(builder, |b, pattern| b.allow_origin_regex(pattern))
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "3 exact origins",
            builder: credentialed().allow_origin([
                "https://a.example.com",
                "https://b.example.com",
                "https://c.example.com",
            ]),
            builds: true,
        },
        Case {
            name: "10k exact origins",
            builder: credentialed().allow_origin(
                (0..10_000)
                    .map(|n| format!("https://o{n}.example.com"))
                    .collect::<Vec<_>>(),
            ),
            builds: true,
        },
        Case {
            name: "10k credentialed wildcards",
            builder: credentialed().allow_origin(
                (0..10_000)
                    .map(|n| format!("https://*.t{n}.example.com"))
                    .collect::<Vec<_>>(),
            ),
            builds: true,
        },
        Case {
            name: "100 credentialed tenant regexes",
            builder: regexes(
                credentialed(),
                (0..100).map(|n| format!(r"https://[a-z0-9-]+\.r{n}\.example\.com")),
            ),
            builds: true,
        },
        Case {
            name: r"100 \w regexes",
            builder: regexes(
                CorsLayer::builder(),
                (0..100).map(|n| format!(r"https://\w+-{n}\.\w+\.example\.com(:\d+)?")),
            ),
            builds: true,
        },
        Case {
            name: "credentialed 253-byte host regex",
            builder: regexes(
                credentialed(),
                [r"https://[a-z0-9][a-z0-9.-]{0,251}[a-z0-9]\.(a|b)\.com".to_owned()],
            ),
            builds: true,
        },
        Case {
            name: "credentialed IPv4 regex (refused)",
            builder: regexes(
                credentialed(),
                [r"https://\d{1,3}(\.\d{1,3}){3}(:\d+)?".to_owned()],
            ),
            builds: false,
        },
        Case {
            name: "exponential regex (refused)",
            builder: regexes(
                CorsLayer::builder(),
                [r"https://[a-z]{0,300}x[a-z]{30}\.example\.com".to_owned()],
            ),
            builds: false,
        },
    ]
}

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    for case in cases() {
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

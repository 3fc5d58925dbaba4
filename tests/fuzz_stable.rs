//! The fuzz targets (`fuzz/targets.rs`) on the stable toolchain: proptest
//! feeds each one arbitrary bytes and mutations of its seed corpus
//! (`fuzz/seeds/`). `cargo fuzz` runs the same bodies coverage-guided on
//! nightly (`.ci/run` does, for a minute a target, when nightly is there).
//!
//! Cases per target: `TOWER_CORS_FUZZ_CASES` (default 20 000).

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| std::fs::read(entry.unwrap().path()).unwrap())
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "no seeds in {}", dir.display());
    seeds
}

/// A seed with a few bytes flipped, inserted or cut, or plain noise.
fn input(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    let mutated = (
        proptest::sample::select(seeds),
        proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 0..4),
    )
        .prop_map(|(mut seed, edits)| {
            for (at, byte, how) in edits {
                let i = at.index(seed.len() + 1);
                match how {
                    0 => seed.insert(i, byte),
                    1 if i < seed.len() => seed[i] = byte,
                    _ if i < seed.len() => {
                        seed.remove(i);
                    }
                    _ => seed.push(byte),
                }
            }
            seed
        });
    prop_oneof![
        3 => mutated,
        1 => proptest::collection::vec(any::<u8>(), 0..256),
    ]
}

fn run(target: &str, body: fn(&[u8])) {
    let cases = std::env::var("TOWER_CORS_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&input(seeds(target)), |data| {
        body(&data);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{target}: {e}");
    }
}

#[test]
fn origin() {
    run("origin", targets::origin);
}

#[test]
fn pattern() {
    run("pattern", targets::pattern);
}

#[test]
fn request_headers() {
    run("request_headers", targets::request_headers);
}

#[test]
fn decision() {
    run("decision", targets::decision);
}

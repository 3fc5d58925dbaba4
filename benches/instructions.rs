//! Instructions per request, for each contender and scenario, counted by
//! valgrind's callgrind: unlike times, counts do not move with the host, so
//! one run tells the truth about what a change cost.
//!
//! ```text
//! cargo bench --bench instructions    # needs valgrind (apt-get install valgrind)
//! ```
//!
//! The bench runs itself once per contender and scenario under
//! `valgrind --tool=callgrind`, collecting only inside [`measured`]: the
//! calls through the service and the polls of their futures. The requests
//! are copied before it and the responses dropped after it, as in the timed
//! benchmarks. Prints a Markdown table, net of the no-op's count; then a
//! second one: the instructions `build()` takes for each of
//! `common::build_cases`, collected inside [`measured_build`].

mod common;

use std::convert::Infallible;
use std::hint::black_box;
use std::path::Path;
use std::process::Command;

use http::{Request, Response};
use tower::{Layer, Service};

use common::{noop, request, serve, tower_cors, tower_http, Handler};

/// Calls measured per run: enough that the one-off costs (the output
/// vector) round away, few enough that the 10 000-origin scan of tower-http
/// stays within seconds under valgrind.
const CALLS: usize = 1_000;

/// The contenders, by the name the child run is given.
const CONTENDERS: [&str; 4] = ["no-op", "tower-http", "tower-cors", "layer, headers only"];

/// The only function whose instructions are counted.
#[inline(never)]
fn measured<S>(service: &mut S, requests: Vec<Request<()>>) -> Vec<Response<()>>
where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    let mut responses = Vec::with_capacity(requests.len());
    for request in requests {
        responses.push(serve(service, request));
    }
    responses
}

/// The only function whose instructions are counted in a build run.
#[inline(never)]
fn measured_build(builder: &tower_cors::CorsBuilder) -> bool {
    black_box(builder.build()).is_ok()
}

/// Builds one of `common::build_cases` once, after a warm-up build (which
/// indexes the Public Suffix List, once per process).
fn run_build(case: usize) {
    let cases = common::build_cases();
    let Some(case) = cases.get(case) else {
        panic!("no build case {case}");
    };
    drop(case.builder.build());
    assert_eq!(measured_build(&case.builder), case.builds, "{}", case.name);
}

/// Instructions of one build run.
fn count_build(exe: &Path, out: &Path, case: usize) -> u64 {
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg("--toggle-collect=instructions::measured_build*")
        .arg(exe)
        .args(["--child-build", &case.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    match status {
        Ok(status) if status.success() => {}
        Ok(status) => panic!("valgrind on build case {case}: {status}"),
        Err(e) => panic!("cannot run valgrind: {e}"),
    }
    totals(out)
}

/// The `totals:` line of a callgrind output file.
fn totals(out: &Path) -> u64 {
    let text = match std::fs::read_to_string(out) {
        Ok(text) => text,
        Err(e) => panic!("callgrind wrote no {}: {e}", out.display()),
    };
    let totals = text
        .lines()
        .find_map(|line| line.strip_prefix("totals:"))
        .and_then(|n| n.trim().parse::<u64>().ok());
    match totals {
        Some(totals) => totals,
        None => panic!("no totals in {}", out.display()),
    }
}

/// Serves `calls` copies of the scenario's request through the contender,
/// after one warm-up call. `false` when the contender does not take part
/// (the floor, for a preflight).
fn run(scenario: usize, contender: &str, calls: usize) -> bool {
    fn drive<S>(mut service: S, parts: &http::request::Parts, calls: usize)
    where
        S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
    {
        drop(serve(&mut service, request(parts)));
        let requests = (0..calls).map(|_| request(parts)).collect();
        black_box(measured(&mut service, requests));
    }
    let scenarios = common::scenarios();
    let Some(scenario) = scenarios.get(scenario) else {
        panic!("no scenario {scenario}");
    };
    let parts = &scenario.request;
    match contender {
        "no-op" => drive(noop(), parts, calls),
        "tower-http" => drive(tower_http(scenario.shape).layer(Handler), parts, calls),
        "tower-cors" => drive(tower_cors(scenario.shape).layer(Handler), parts, calls),
        _ => match common::layer_headers_only(scenario.shape, parts) {
            Some(floor) => drive(floor, parts, calls),
            None => return false,
        },
    }
    true
}

/// Instructions per call of one contender on one scenario, or `None` when
/// it does not take part.
fn count(exe: &Path, out: &Path, scenario: usize, contender: &str) -> Option<u64> {
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg("--toggle-collect=instructions::measured*")
        .arg(exe)
        .args(["--child", &scenario.to_string(), contender])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    match status {
        Ok(status) if status.success() => {}
        Ok(status) if status.code() == Some(NOT_TAKING_PART) => return None,
        Ok(status) => panic!("valgrind on scenario {scenario}, {contender}: {status}"),
        Err(e) => panic!("cannot run valgrind: {e}"),
    }
    Some(totals(out) / CALLS as u64)
}

/// The exit code of a child run whose contender does not take part.
const NOT_TAKING_PART: i32 = 3;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child-build") {
        let Some(Ok(case)) = args.get(at + 1).map(|c| c.parse()) else {
            panic!("usage: --child-build <case>");
        };
        run_build(case);
        return;
    }
    if let Some(at) = args.iter().position(|a| a == "--child") {
        let (Some(scenario), Some(contender)) = (args.get(at + 1), args.get(at + 2)) else {
            panic!("usage: --child <scenario> <contender>");
        };
        let Ok(scenario) = scenario.parse() else {
            panic!("not a scenario number: {scenario}");
        };
        if !run(scenario, contender, CALLS) {
            std::process::exit(NOT_TAKING_PART);
        }
        return;
    }
    if !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--test") {
        // `cargo bench -- --test` (CI): every path once, natively.
        for scenario in 0..common::scenarios().len() {
            for contender in CONTENDERS {
                run(scenario, contender, 1);
            }
        }
        for case in 0..common::build_cases().len() {
            run_build(case);
        }
        println!("instructions: every contender served every scenario once; counted only by `cargo bench`");
        return;
    }
    if Command::new("valgrind").arg("--version").output().is_err() {
        println!("instructions: valgrind not found (apt-get install valgrind); skipped");
        return;
    }
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => panic!("cannot find this benchmark's executable: {e}"),
    };
    let out = std::env::temp_dir().join(format!("tower-cors-callgrind.{}", std::process::id()));
    println!("| scenario | no-op | tower-http net | tower-cors net | layer, headers only net |");
    println!("|---|---|---|---|---|");
    for (at, scenario) in common::scenarios().iter().enumerate() {
        let counts = CONTENDERS.map(|contender| count(&exe, &out, at, contender));
        let base = counts[0].unwrap_or(0);
        let net =
            |n: Option<u64>| n.map_or(String::new(), |n| (n as i64 - base as i64).to_string());
        println!(
            "| {} | {base} | {} | {} | {} |",
            scenario.name,
            net(counts[1]),
            net(counts[2]),
            net(counts[3])
        );
    }
    println!();
    println!(
        "Instructions per request (valgrind --tool=callgrind, {CALLS} calls each); net of the no-op's count."
    );
    println!();
    println!("| policy built | verdict | instructions |");
    println!("|---|---|---|");
    for (at, case) in common::build_cases().iter().enumerate() {
        let verdict = if case.builds { "builds" } else { "refused" };
        println!(
            "| {} | {verdict} | {} |",
            case.name,
            count_build(&exe, &out, at)
        );
    }
    let _ = std::fs::remove_file(&out);
    println!();
    println!("Instructions of one `build()` (valgrind --tool=callgrind), after a warm-up build.");
}

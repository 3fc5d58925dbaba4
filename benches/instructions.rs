//! Instructions per request, for each contender and scenario, counted by
//! valgrind's callgrind: unlike times, counts do not move with the host, so
//! one run tells the truth about what a change cost.
//!
//! ```text
//! cargo bench --features regex --bench instructions    # needs valgrind (apt-get install valgrind)
//! ```
//!
//! The bench runs itself once per contender and scenario under
//! `valgrind --tool=callgrind`, collecting only inside [`measured`]: the
//! calls through the service and the polls of their futures. The requests
//! are copied before it and the responses dropped after it, as in the timed
//! benchmarks. Prints a Markdown table, net of the no-op's count; then a
//! second one: the instructions `build()` takes for each of
//! `common::build_cases`, collected inside [`measured_build`].
//!
//! Then it checks tower-cors's counts against [`REQUEST_BUDGETS`] and
//! [`BUILD_BUDGETS`], so that CI fails on a regression: every count over its
//! budget is printed and the bench exits non-zero. A count far below the
//! figure its budget was set from gets a note (the budget can be tightened),
//! not a failure. Without valgrind the bench is skipped, unless
//! `TOWER_CORS_REQUIRE_VALGRIND=1` (as CI sets), which makes it a failure.

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

/// The margin of a request budget over the count it was set from, in per
/// cent, rounded up. Request counts do not move between runs of one binary,
/// so the margin is not for noise: it absorbs codegen that moves when
/// nothing on the path changed (tower-cors's service is generic, so it is
/// compiled into this bench: an unrelated edit here once added a `memcpy`
/// to `CorsService::preflight`, 31 instructions on every preflight, 1.6 %;
/// BENCHMARKS.md notes an `http` inlining decision worth 57), and still
/// fails any real regression of more than a few per cent.
const REQUEST_MARGIN_PERCENT: u64 = 3;

/// The margin of a `build()` budget, in per cent, rounded up: wider than
/// [`REQUEST_MARGIN_PERCENT`], since a build runs once per policy, not once
/// a request, and its millions of instructions are mostly the regex and
/// hashing crates', which move with their versions. Regex builds also vary
/// between runs of one binary (by up to 0.06 %): regex-automata's
/// determinizer keys its states with std's randomly seeded `HashMap`.
const BUILD_MARGIN_PERCENT: u64 = 10;

/// How far below the figure its budget was set from a count must fall, in
/// per cent, for the bench to say that the budget can be tightened.
const LOOSE_PERCENT: u64 = 10;

/// tower-cors's instructions per request, net of the no-op's, as measured
/// when the budgets were last set: one entry for each of
/// `common::scenarios()`, by name. The budget is the figure plus
/// [`REQUEST_MARGIN_PERCENT`]; to update, paste the `tower-cors net` column.
/// A scenario without an entry (or an entry without a scenario) fails the
/// bench, `--test` mode included.
const REQUEST_BUDGETS: [(&str, u64); 9] = [
    ("no origin", 471),
    ("actual allowed", 1_434),
    ("actual disallowed", 705),
    ("preflight allowed", 1_878),
    ("preflight, 10k origins", 1_946),
    ("preflight, 10k wildcards", 2_828),
    ("preflight, 100 regexes", 3_044),
    ("actual, 100 \\w regexes, hostile origin", 3_280),
    ("preflight, hostile 64 KiB header", 1_432),
];

/// The instructions of one `build()` for each of `common::build_cases()`, by
/// name, as measured when the budgets were last set; the budget is the figure
/// plus [`BUILD_MARGIN_PERCENT`]. Checked like [`REQUEST_BUDGETS`].
const BUILD_BUDGETS: [(&str, u64); 8] = [
    ("3 exact origins", 22_289),
    ("10k exact origins", 62_539_876),
    ("10k credentialed wildcards", 46_077_668),
    ("100 credentialed tenant regexes", 608_396_693),
    (r"100 \w regexes", 303_492_214),
    ("credentialed 253-byte host regex", 146_932_991),
    ("credentialed IPv4 regex (refused)", 8_000_567),
    ("exponential regex (refused)", 574_277_306),
];

/// The figure a budget was set from for `name` in `budgets`; panics when
/// there is none (see [`check_budgets_cover`]).
fn figure(budgets: &[(&str, u64)], name: &str) -> u64 {
    match budgets.iter().find(|(n, _)| *n == name) {
        Some(&(_, figure)) => figure,
        None => panic!("instructions: no budget for {name:?}"),
    }
}

/// `figure` plus `margin` per cent, rounded up.
fn budget(figure: u64, margin: u64) -> u64 {
    (figure * (100 + margin)).div_ceil(100)
}

/// Fails unless `budgets` has exactly one entry for each of `names` and
/// none for anything else: a new scenario must get a budget, and a renamed
/// one must not leave a budget checking nothing.
fn check_budgets_cover(table: &str, budgets: &[(&str, u64)], names: &[&str]) {
    let mut wrong = Vec::new();
    for name in names {
        match budgets.iter().filter(|(n, _)| n == name).count() {
            1 => {}
            0 => wrong.push(format!("{name:?} has no entry")),
            _ => wrong.push(format!("{name:?} has several entries")),
        }
    }
    for (name, _) in budgets {
        if !names.contains(name) {
            wrong.push(format!("{name:?} is not a name it measures"));
        }
    }
    if !wrong.is_empty() {
        for wrong in &wrong {
            eprintln!("instructions: {table}: {wrong}");
        }
        panic!("instructions: {table} does not match what the bench measures");
    }
}

/// Both budget tables checked against the scenarios and build cases.
fn check_all_budgets_cover() {
    let scenarios = common::scenarios();
    let names: Vec<&str> = scenarios.iter().map(|s| s.name).collect();
    check_budgets_cover("REQUEST_BUDGETS", &REQUEST_BUDGETS, &names);
    let cases = common::build_cases();
    let names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    check_budgets_cover("BUILD_BUDGETS", &BUILD_BUDGETS, &names);
}

/// A count compared with its budget: the line to print when it is over
/// (`Err`), or a note when it is far below the figure the budget was set from.
fn judge(name: &str, count: i64, figure: u64, margin: u64) -> Result<Option<String>, String> {
    let budget = budget(figure, margin);
    if count > budget as i64 {
        return Err(format!("{name}: {count} instructions, budget {budget}"));
    }
    if count * 100 < (figure * (100 - LOOSE_PERCENT)) as i64 {
        return Ok(Some(format!(
            "{name}: {count} instructions, budget {budget} (set from {figure}): \
             more than {LOOSE_PERCENT} % below, the budget can be tightened"
        )));
    }
    Ok(None)
}

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
    // Before minutes of valgrind, and in `--test` mode too: every scenario
    // and build case has a budget.
    check_all_budgets_cover();
    if !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--test") {
        // `cargo bench --features regex -- --test` (CI): every path once, natively.
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
        if std::env::var_os("TOWER_CORS_REQUIRE_VALGRIND").is_some_and(|v| v == "1") {
            eprintln!(
                "instructions: valgrind not found (apt-get install valgrind), \
                 and TOWER_CORS_REQUIRE_VALGRIND=1: no budget was checked"
            );
            std::process::exit(1);
        }
        println!("instructions: valgrind not found (apt-get install valgrind); skipped");
        return;
    }
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => panic!("cannot find this benchmark's executable: {e}"),
    };
    let out = std::env::temp_dir().join(format!("tower-cors-callgrind.{}", std::process::id()));
    // Each judged count: over its budget (`Err`), or perhaps a note.
    let mut verdicts = Vec::new();
    println!("| scenario | no-op | tower-http net | tower-cors net | layer, headers only net |");
    println!("|---|---|---|---|---|");
    for (at, scenario) in common::scenarios().iter().enumerate() {
        let counts = CONTENDERS.map(|contender| count(&exe, &out, at, contender));
        let base = counts[0].unwrap_or(0);
        verdicts.push(match counts[2] {
            Some(ours) => judge(
                scenario.name,
                ours as i64 - base as i64,
                figure(&REQUEST_BUDGETS, scenario.name),
                REQUEST_MARGIN_PERCENT,
            ),
            None => Err(format!("{}: tower-cors was not counted", scenario.name)),
        });
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
        let count = count_build(&exe, &out, at);
        println!("| {} | {verdict} | {count} |", case.name);
        verdicts.push(judge(
            case.name,
            count as i64,
            figure(&BUILD_BUDGETS, case.name),
            BUILD_MARGIN_PERCENT,
        ));
    }
    let _ = std::fs::remove_file(&out);
    println!();
    println!("Instructions of one `build()` (valgrind --tool=callgrind), after a warm-up build.");
    println!();
    for note in verdicts.iter().filter_map(|v| v.as_ref().ok()).flatten() {
        println!("instructions: note: {note}");
    }
    let over: Vec<&String> = verdicts.iter().filter_map(|v| v.as_ref().err()).collect();
    if over.is_empty() {
        println!(
            "instructions: every count within its budget \
             (requests +{REQUEST_MARGIN_PERCENT} %, builds +{BUILD_MARGIN_PERCENT} %)"
        );
        return;
    }
    for over in &over {
        eprintln!("instructions: over budget: {over}");
    }
    eprintln!(
        "instructions: {} count(s) over budget; if the cost is intended, update \
         REQUEST_BUDGETS or BUILD_BUDGETS in benches/instructions.rs",
        over.len()
    );
    std::process::exit(1);
}

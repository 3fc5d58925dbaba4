//! The browser conformance suite: each scenario runs in Chromium, Firefox
//! ESR and WebKitGTK. The engine loads a page from `http://127.0.0.1:A` (or
//! a name under `localhost`) and calls `fetch()` against an axum API on
//! `http://127.0.0.1:B` behind `CorsLayer`; the scenario asserts what
//! JavaScript saw and which requests reached the server.
//!
//! ```text
//! cargo test --all-features --test browser               # every engine
//! cargo test --all-features --test browser -- firefox::  # one engine
//! ```
//!
//! Test lines are `<engine>::<scenario>`. The programs each engine needs are
//! in `engine.rs` (Debian: `apt-get install chromium firefox-esr
//! webkit2gtk-driver xvfb`). An engine whose programs are missing shows its
//! scenarios as ignored, never as passed; with
//! `TOWER_CORS_REQUIRE_BROWSER=1` (as CI sets) they fail.
//!
//! Each engine starts once per run. Chromium gives each scenario a fresh
//! browser context, Firefox a fresh user context; both run scenarios in
//! parallel. WebKitGTK gives each a fresh WebDriver session (a MiniBrowser
//! with a fresh profile), one at a time. Every scenario also gets fresh
//! ports, so fresh origins.

mod api;
mod blocked;
mod chromium;
mod engine;
mod firefox;
mod lab;
mod page;
mod scenarios;
mod webkit;

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use futures::FutureExt;
use libtest_mimic::{Arguments, Completion, Failed, Trial};

use engine::{Engine, Programs};
use lab::{Lab, Session};

/// How long one scenario may take, once its page is open.
const SCENARIO_TIMEOUT: Duration = Duration::from_secs(60);

/// How long closing a page (and its context or session) may take.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(30);

/// A scenario's outcome: `Err` for a broken set-up; assertions panic.
pub type Outcome = Result<(), String>;

/// A scenario, as the harness stores it.
pub type Scenario =
    for<'a, 'lab> fn(&'a Session<'lab>) -> Pin<Box<dyn Future<Output = Outcome> + 'a>>;

/// One engine of the run: its programs (or why they are missing) and the
/// browser, started by the first scenario that needs it.
struct Bench {
    engine: Engine,
    programs: Result<Programs, String>,
    lab: tokio::sync::OnceCell<Result<Lab, String>>,
}

struct Suite {
    runtime: tokio::runtime::Runtime,
    engines: Vec<Bench>,
}

impl Suite {
    fn run(&self, engine: usize, host: &str, scenario: Scenario) -> Result<Completion, Failed> {
        let Some(bench) = self.engines.get(engine) else {
            return Err("no such engine".into());
        };
        let programs = match &bench.programs {
            Ok(programs) => programs,
            Err(reason) => {
                if std::env::var_os("TOWER_CORS_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
                    return Err(reason.as_str().into());
                }
                return Ok(Completion::ignored_with(reason.clone()));
            }
        };
        self.runtime.block_on(async {
            let lab = bench
                .lab
                .get_or_init(|| Lab::launch(bench.engine, programs.clone()))
                .await
                .as_ref()
                .map_err(|e| Failed::from(e.as_str()))?;
            let page = lab.open(bench.engine, host).await?;
            // A failed assertion panics; catch it so that the page is
            // closed (its context freed, WebKit's turn handed on) first.
            let outcome = tokio::time::timeout(
                SCENARIO_TIMEOUT,
                AssertUnwindSafe(scenario(&page)).catch_unwind(),
            )
            .await;
            let closed = tokio::time::timeout(CLOSE_TIMEOUT, page.close()).await;
            match outcome {
                Ok(Ok(Ok(()))) if closed.is_err() => {
                    Err(format!("the page did not close in {CLOSE_TIMEOUT:?}").into())
                }
                Ok(Ok(Ok(()))) => Ok(Completion::Completed),
                Ok(Ok(Err(setup))) => Err(setup.into()),
                Ok(Err(panic)) => std::panic::resume_unwind(panic),
                Err(_) => Err(format!("timed out after {SCENARIO_TIMEOUT:?}").into()),
            }
        })
    }
}

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cannot start a tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let engines = Engine::ALL
        .iter()
        .map(|&engine| Bench {
            engine,
            programs: engine.programs(),
            lab: tokio::sync::OnceCell::new(),
        })
        .collect();
    let suite = Arc::new(Suite { runtime, engines });
    // Scenario by scenario, each in every engine: the run's threads then
    // mostly hold different engines, which run side by side.
    let mut trials = Vec::new();
    for &(name, host, scenario) in scenarios::ALL {
        for (index, engine) in Engine::ALL.iter().enumerate() {
            let suite = Arc::clone(&suite);
            let line = format!("{}::{name}", engine.name());
            trials.push(Trial::ignorable_test(line, move || {
                suite.run(index, host, scenario)
            }));
        }
    }
    let conclusion = libtest_mimic::run(&args, trials);
    // Every trial (and its handle on the suite) is gone: stop the browsers.
    if let Ok(suite) = Arc::try_unwrap(suite) {
        for bench in suite.engines {
            if let Some(Ok(lab)) = bench.lab.into_inner() {
                let closed = async { tokio::time::timeout(CLOSE_TIMEOUT, lab.close()).await };
                if suite.runtime.block_on(closed).is_err() {
                    eprintln!("{} did not stop in {CLOSE_TIMEOUT:?}", bench.engine.name());
                }
            }
        }
    }
    conclusion.exit_code()
}

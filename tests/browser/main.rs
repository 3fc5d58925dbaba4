//! The browser conformance suite: headless Chromium loads a page from
//! `http://127.0.0.1:A` (or a name under `cors.test`) and calls `fetch()`
//! against an axum API on `http://127.0.0.1:B` behind `CorsLayer`. Each
//! scenario asserts what JavaScript saw and which requests reached the server.
//!
//! ```text
//! cargo test --all-features --test browser
//! ```
//!
//! Chromium is found at `$CHROMIUM`, `/usr/lib/chromium/chromium` or
//! `/usr/bin/chromium` (Debian: `apt-get install chromium`). Without it every
//! scenario is reported as ignored, never as passed; with
//! `TOWER_CORS_REQUIRE_BROWSER=1` (as CI sets) a missing browser fails the
//! run instead.
//!
//! One browser serves the whole run; each scenario gets a fresh browser
//! context and fresh ports, so scenarios run in parallel without sharing
//! cookies or preflight caches.

mod lab;
mod scenarios;

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::Arc;

use libtest_mimic::{Arguments, Completion, Failed, Trial};

use lab::{Lab, SCENARIO_TIMEOUT};

/// A scenario's outcome: `Err` for a broken set-up; assertions panic.
pub type Outcome = Result<(), String>;

/// A scenario, as the harness stores it.
pub type Scenario =
    for<'a, 'lab> fn(&'a lab::Session<'lab>) -> Pin<Box<dyn Future<Output = Outcome> + 'a>>;

struct Suite {
    runtime: tokio::runtime::Runtime,
    chromium: Option<PathBuf>,
    lab: tokio::sync::OnceCell<Result<Lab, String>>,
}

impl Suite {
    fn run(&self, host: &str, scenario: Scenario) -> Result<Completion, Failed> {
        let Some(chromium) = &self.chromium else {
            let reason = "Chromium not found: apt-get install chromium, or set CHROMIUM";
            if std::env::var_os("TOWER_CORS_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
                return Err(reason.into());
            }
            return Ok(Completion::ignored_with(reason));
        };
        self.runtime.block_on(async {
            let lab = self
                .lab
                .get_or_init(|| Lab::launch(chromium.clone()))
                .await
                .as_ref()
                .map_err(|e| Failed::from(e.as_str()))?;
            let page = lab.session_on(host).await?;
            let outcome = tokio::time::timeout(SCENARIO_TIMEOUT, scenario(&page)).await;
            page.close().await;
            match outcome {
                Ok(Ok(())) => Ok(Completion::Completed),
                Ok(Err(setup)) => Err(setup.into()),
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
    let suite = Arc::new(Suite {
        runtime,
        chromium: lab::chromium(),
        lab: tokio::sync::OnceCell::new(),
    });
    let trials = scenarios::ALL
        .iter()
        .map(|&(name, host, scenario)| {
            let suite = Arc::clone(&suite);
            Trial::ignorable_test(name, move || suite.run(host, scenario))
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    // Every trial (and its handle on the suite) is gone: close the browser.
    if let Ok(suite) = Arc::try_unwrap(suite) {
        if let Some(Ok(lab)) = suite.lab.into_inner() {
            suite.runtime.block_on(lab.close());
        }
    }
    conclusion.exit_code()
}

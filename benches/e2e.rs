//! End to end: a hyper server with no layer, with tower-http's `CorsLayer`
//! and with tower-cors, each loaded over loopback by `wrk` (Debian package
//! `wrk`), for an allowed actual request and an allowed preflight.
//!
//! ```text
//! cargo bench --features regex --bench e2e
//! ```
//!
//! Rounds alternate the contenders (the machine is noisy); the table gives
//! the median requests/s and p99 latency over the rounds, and each CORS
//! layer's throughput relative to no layer. Without `wrk` on the `PATH`, or
//! when not run by `cargo bench`, it says so and measures nothing.

mod common;

use std::convert::Infallible;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::Command;
use std::time::Duration;

use http::{header, HeaderValue, Request, Response};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::{Layer, Service};

use common::{tower_cors, tower_http, Shape};

const ROUNDS: usize = 5;
const SECONDS_PER_RUN: u32 = 2;
const CONNECTIONS: u32 = 16;
const ORIGIN: &str = "https://c.example.com";
const HELLO: Hello = Hello {
    cors_headers: false,
};

/// The handler behind every contender: a small text response. With
/// `cors_headers`, it also writes the four headers tower-cors adds to an
/// allowed actual request, as constants: the cost of those bytes on the wire
/// without any CORS logic, to tell the layer's cost from the response's.
#[derive(Clone, Copy)]
struct Hello {
    cors_headers: bool,
}

impl Service<Request<Incoming>> for Hello {
    type Response = Response<Full<Bytes>>;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Self::Response, Infallible>>;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Infallible>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<Incoming>) -> Self::Future {
        let mut response = Response::new(Full::new(Bytes::from_static(b"hello")));
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        if self.cors_headers {
            let headers = response.headers_mut();
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static(ORIGIN),
            );
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
            headers.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static("x-request-id, x-ratelimit-remaining"),
            );
            headers.insert(header::VARY, HeaderValue::from_static("Origin"));
        }
        std::future::ready(Ok(response))
    }
}

/// Serves `service` on a fresh loopback port; returns the port.
async fn serve<S>(service: S) -> u16
where
    S: Service<Request<Incoming>, Response = Response<Full<Bytes>>, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    let listener = match TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await {
        Ok(listener) => listener,
        Err(e) => panic!("cannot bind: {e}"),
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let service = TowerToHyperService::new(service.clone());
            tokio::spawn(async move {
                let _ = auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    port
}

/// One wrk run: requests/s and p99 latency in microseconds.
fn wrk(port: u16, script: &std::path::Path) -> (f64, f64) {
    let output = Command::new("wrk")
        .args([
            "-t1",
            &format!("-c{CONNECTIONS}"),
            &format!("-d{SECONDS_PER_RUN}s"),
            "--latency",
        ])
        .arg("-s")
        .arg(script)
        .arg(format!("http://127.0.0.1:{port}/hello"))
        .output();
    let text = match output {
        Ok(out) => String::from_utf8_lossy(&out.stdout).into_owned(),
        Err(e) => panic!("cannot run wrk: {e}"),
    };
    let rps = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no Requests/sec in wrk's output:\n{text}"));
    let p99 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .map(|v| micros(v.trim()))
        .unwrap_or_else(|| panic!("no p99 in wrk's output:\n{text}"));
    (rps, p99)
}

/// wrk's latency figure (`812.00us`, `1.20ms`, `2.00s`) in microseconds.
fn micros(text: &str) -> f64 {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1_000.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1_000_000.0)
    } else {
        (text, 1.0)
    };
    number
        .parse::<f64>()
        .map(|n| n * factor)
        .unwrap_or(f64::NAN)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// A wrk script that sends `method` with `headers`.
fn script(method: &str, headers: &[(&str, &str)]) -> tempfile::NamedTempFile {
    let mut file = match tempfile::Builder::new().suffix(".lua").tempfile() {
        Ok(file) => file,
        Err(e) => panic!("cannot write a wrk script: {e}"),
    };
    let mut lua = format!("wrk.method = \"{method}\"\n");
    for (name, value) in headers {
        lua.push_str(&format!("wrk.headers[\"{name}\"] = \"{value}\"\n"));
    }
    if let Err(e) = file.write_all(lua.as_bytes()) {
        panic!("cannot write a wrk script: {e}");
    }
    file
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "--bench") || args.iter().any(|a| a == "--test") {
        println!("e2e: measured only by `cargo bench` (not in --test mode); skipped");
        return;
    }
    if Command::new("wrk").arg("--version").output().is_err() {
        println!("e2e: wrk not found (apt-get install wrk); skipped");
        return;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => panic!("cannot start tokio: {e}"),
    };
    let ports = runtime.block_on(async {
        [
            ("no layer", serve(HELLO).await),
            (
                "no layer, handler writes the 4 CORS headers",
                serve(Hello { cors_headers: true }).await,
            ),
            (
                "tower-http",
                serve(tower_http(Shape::Small).layer(HELLO)).await,
            ),
            (
                "tower-cors",
                serve(tower_cors(Shape::Small).layer(HELLO)).await,
            ),
        ]
    });
    let kinds = [
        ("actual GET", script("GET", &[("Origin", ORIGIN)])),
        (
            "preflight",
            script(
                "OPTIONS",
                &[
                    ("Origin", ORIGIN),
                    ("Access-Control-Request-Method", "DELETE"),
                    (
                        "Access-Control-Request-Headers",
                        "authorization,content-type",
                    ),
                ],
            ),
        ),
    ];
    println!(
        "e2e: {ROUNDS} rounds x {} contenders x {} kinds, wrk -t1 -c{CONNECTIONS} -d{SECONDS_PER_RUN}s; server: hyper on 1 tokio worker",
        ports.len(),
        kinds.len()
    );
    println!();
    println!(
        "| request | contender | requests/s (median) | p99 (median) | throughput vs no layer |"
    );
    println!("|---|---|---|---|---|");
    for (kind, script) in &kinds {
        let mut runs: Vec<(Vec<f64>, Vec<f64>)> = vec![(Vec::new(), Vec::new()); ports.len()];
        for round in 0..ROUNDS {
            // Alternate the order, so drift in the machine's speed does not
            // favour one contender.
            for i in 0..ports.len() {
                let c = (i + round) % ports.len();
                let (rps, p99) = wrk(ports[c].1, script.path());
                runs[c].0.push(rps);
                runs[c].1.push(p99);
            }
        }
        let baseline = median(runs[0].0.clone());
        for ((name, _), (rps, p99)) in ports.iter().zip(runs) {
            let rps = median(rps);
            println!(
                "| {kind} | {name} | {rps:.0} | {:.0} µs | {:+.1}% |",
                median(p99),
                (rps / baseline - 1.0) * 100.0
            );
        }
    }
    runtime.shutdown_timeout(Duration::from_secs(1));
}

//! See CORS work in a real browser.
//!
//! ```text
//! cargo run --example demo [-- --page-port 3000 --api-port 4000]
//! ```
//!
//! Serves a page on `http://127.0.0.1:3000` and an API on
//! `http://127.0.0.1:4000`: two different origins, so every request the page
//! makes to the API is a cross-origin one. Open the page, press the buttons,
//! and watch this terminal: the API logs every request it receives,
//! preflights included.
//!
//! Ports: `--page-port N` / `--api-port N`, or the environment variables
//! `DEMO_PAGE_PORT` / `DEMO_API_PORT` (flags win; `0` picks a free port).
//! Both servers listen on 127.0.0.1 only.
//!
//! `http://127.0.0.1:3000/?autorun=1` runs every case on load and sets the
//! page title to `done` when finished (for headless checks).

use std::collections::VecDeque;
use std::io::IsTerminal;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Router;
use tokio::net::TcpListener;
use tower_cors::CorsLayer;

const PAGE: &str = include_str!("demo/index.html");
const DEFAULT_PAGE_PORT: u16 = 3000;
const DEFAULT_API_PORT: u16 = 4000;
const USAGE: &str = "usage: cargo run --example demo [-- --page-port N --api-port N]
  --page-port N   port of the page (default 3000, env DEMO_PAGE_PORT)
  --api-port N    port of the API (default 4000, env DEMO_API_PORT)
  0 picks a free port. Both servers listen on 127.0.0.1 only.";

#[tokio::main]
async fn main() -> ExitCode {
    // Refused requests are logged with the reason and, for a near miss, the fix.
    // Colour only on a terminal: escape codes are noise in a file or a pipe.
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .with_ansi(std::io::stdout().is_terminal())
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let Some(ports) = parse_ports()? else {
        println!("{USAGE}");
        return Ok(());
    };

    // Bind both before anything else, so a port in use is reported at once
    // and the policy can name the page's actual port (which matters with 0).
    let page_listener = bind("page", ports.page, "--page-port").await?;
    let api_listener = bind("API", ports.api, "--api-port").await?;
    let page_addr = local_addr(&page_listener)?;
    let api_addr = local_addr(&api_listener)?;
    let page_origin = format!("http://127.0.0.1:{}", page_addr.port());
    let api_origin = format!("http://127.0.0.1:{}", api_addr.port());

    let api = api_router(&page_origin).map_err(|e| e.to_string())?;
    let page = page_router(&page_origin, &api_origin);

    println!("tower-cors demo");
    println!("  page: {page_origin}/");
    println!("  API:  {api_origin}/api/hello");
    println!();
    println!("Open {page_origin}/ in a browser and press the buttons (or \"Run all\").");
    println!("Use 127.0.0.1, not localhost: the API allows exactly {page_origin}.");
    println!("Requests the API receives are logged below. Ctrl-C stops.");
    println!();

    let page_server = axum::serve(page_listener, page).with_graceful_shutdown(shutdown());
    let api_server = axum::serve(api_listener, api).with_graceful_shutdown(shutdown());
    let (page_result, api_result) = tokio::join!(page_server, api_server);
    page_result.map_err(|e| format!("page server: {e}"))?;
    api_result.map_err(|e| format!("API server: {e}"))?;
    println!("bye");
    Ok(())
}

/// The API, behind the CORS layer, with the request log outermost so it
/// also sees the preflights the layer answers by itself.
fn api_router(page_origin: &str) -> Result<Router, tower_cors::ConfigError> {
    let cors = CorsLayer::builder()
        // Exactly the page's origin, as the browser sends it.
        .allow_origin(page_origin)
        // The page logs in with a cookie: credentialed requests may read
        // answers. (127.0.0.1 is loopback, so plain http is accepted.)
        .allow_credentials(true)
        // GET and POST never need a preflight; DELETE does. PUT is left out
        // on purpose: case 6 shows the browser refusing it.
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        // Request headers a script may set: x-demo (case 3) and content-type
        // (case 5 sends JSON).
        .allow_headers(["x-demo", "content-type"])
        // Response headers a script may read (case 4); x-demo-hidden is not.
        .expose_headers("x-demo-request-id")
        // Browsers may reuse a preflight answer for 60 seconds.
        .max_age(Duration::from_secs(60))
        .build()?;

    // A route with a policy of its own: only a partner's site may read it.
    // Do not nest CORS layers: the outer one answers every preflight and
    // replaces every Access-Control-* header of the inner one. Give such
    // routes their own router instead and merge it.
    let partner_cors = CorsLayer::builder()
        .allow_origin("https://partner.example.com")
        .build()?;
    let partner = Router::new()
        .route("/api/partner", get(partner))
        .layer(partner_cors);

    let log = Log::default();
    let app = Router::new()
        .route("/api/hello", get(hello))
        .route("/api/items/{id}", delete(delete_item).put(put_item))
        .route("/api/echo-header", get(echo_header))
        .route("/api/exposed", get(exposed))
        .route("/api/login", post(login))
        .route("/api/me", get(me))
        .route("/api/log", get(read_log))
        // A 404 still gets the CORS headers, so the page can read it.
        .fallback(not_found)
        .layer(cors)
        .merge(partner)
        .layer(middleware::from_fn_with_state(log.clone(), log_requests))
        .with_state(log);
    Ok(app)
}

fn page_router(page_origin: &str, api_origin: &str) -> Router {
    let html = PAGE
        .replace("__API_ORIGIN__", api_origin)
        .replace("__PAGE_ORIGIN__", page_origin);
    Router::new()
        .route("/", get(move || async move { Html(html) }))
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
}

// ---------------------------------------------------------------- handlers

fn json(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

async fn hello() -> Response {
    json(
        StatusCode::OK,
        r#"{"message": "hello from the API", "cors": "this page may read me"}"#.to_owned(),
    )
}

async fn delete_item(Path(id): Path<String>) -> Response {
    json(
        StatusCode::OK,
        format!(r#"{{"deleted": {}}}"#, json_str(&id)),
    )
}

/// Works if called, but the browser never calls it: the policy does not
/// allow PUT, so the preflight fails first.
async fn put_item(Path(id): Path<String>) -> Response {
    json(
        StatusCode::OK,
        format!(r#"{{"replaced": {}}}"#, json_str(&id)),
    )
}

async fn echo_header(headers: HeaderMap) -> Response {
    let value = match headers.get("x-demo").map(HeaderValue::to_str) {
        Some(Ok(value)) => json_str(value),
        Some(Err(_)) => json_str("(not valid text)"),
        None => "null".to_owned(),
    };
    json(StatusCode::OK, format!(r#"{{"x-demo": {value}}}"#))
}

async fn exposed() -> Response {
    static NEXT_ID: AtomicU64 = AtomicU64::new(1);
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let mut response = json(
        StatusCode::OK,
        r#"{"sent": ["x-demo-request-id", "x-demo-hidden"]}"#.to_owned(),
    );
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&format!("req-{id}")) {
        headers.insert("x-demo-request-id", value);
    }
    headers.insert(
        "x-demo-hidden",
        HeaderValue::from_static("the page cannot read this"),
    );
    response
}

async fn login() -> Response {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let session = format!("s{nanos:x}");
    let cookie = format!("demo_session={session}; HttpOnly; Path=/; SameSite=Lax");
    let mut response = json(
        StatusCode::OK,
        r#"{"logged_in": true, "note": "cookie set (HttpOnly: scripts cannot see it)"}"#.to_owned(),
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

async fn me(headers: HeaderMap) -> Response {
    let session = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(';'))
        .find_map(|pair| pair.trim().strip_prefix("demo_session="));
    let body = match session {
        Some(session) => format!(
            r#"{{"cookie_received": true, "session": {}}}"#,
            json_str(session)
        ),
        None => r#"{"cookie_received": false}"#.to_owned(),
    };
    json(StatusCode::OK, body)
}

async fn partner() -> Response {
    json(
        StatusCode::OK,
        r#"{"secret": "only https://partner.example.com may read this"}"#.to_owned(),
    )
}

async fn not_found() -> Response {
    json(
        StatusCode::NOT_FOUND,
        r#"{"error": "no such route"}"#.to_owned(),
    )
}

// ------------------------------------------------------------- request log

/// The last requests the API received, for the terminal and for the page.
#[derive(Clone, Default)]
struct Log {
    inner: Arc<Mutex<LogInner>>,
}

#[derive(Default)]
struct LogInner {
    next: u64,
    entries: VecDeque<(u64, String)>,
}

const LOG_CAPACITY: usize = 200;

impl Log {
    fn push(&self, line: String) {
        // A poisoned lock only means another request panicked mid-push; the
        // log is still usable.
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let seq = inner.next;
        inner.next += 1;
        inner.entries.push_back((seq, line));
        if inner.entries.len() > LOG_CAPACITY {
            inner.entries.pop_front();
        }
    }

    fn since(&self, since: u64) -> (u64, Vec<String>) {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let lines = inner
            .entries
            .iter()
            .filter(|(seq, _)| *seq >= since)
            .map(|(_, line)| line.clone())
            .collect();
        (inner.next, lines)
    }
}

/// Logs every request (method, path, origin) with what happened to it.
async fn log_requests(State(log): State<Log>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let headers = request.headers();
    let text = |name: header::HeaderName| {
        headers
            .get(name)
            .map(|v| v.to_str().unwrap_or("(not text)").to_owned())
    };
    let origin = text(header::ORIGIN);
    let preflight_method = text(header::ACCESS_CONTROL_REQUEST_METHOD);
    let preflight_headers = text(header::ACCESS_CONTROL_REQUEST_HEADERS);
    let is_preflight = method == Method::OPTIONS && origin.is_some() && preflight_method.is_some();

    let response = next.run(request).await;

    // The page polls /api/log itself; logging that would drown the rest.
    if path == "/api/log" {
        return response;
    }
    let status = response.status();
    let allow_origin = response
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN);
    let mut line = format!(
        "{method} {path}  origin: {}  -> {}",
        origin.as_deref().unwrap_or("(none)"),
        status.as_u16()
    );
    if is_preflight {
        line.push_str(&format!(
            "  [preflight for {}{}, answered by the CORS layer",
            preflight_method.as_deref().unwrap_or("?"),
            preflight_headers
                .as_deref()
                .map(|h| format!(" with headers {h}"))
                .unwrap_or_default(),
        ));
        line.push_str(&preflight_verdict(
            &response,
            preflight_method.as_deref(),
            preflight_headers.as_deref(),
        ));
        line.push(']');
    } else if origin.is_some() && !allow_origin {
        line.push_str("  [no Access-Control-Allow-Origin: the browser hides this response]");
    }
    println!("{line}");
    log.push(line);
    response
}

/// `GET /api/log?since=N`: the log lines from number N on, as JSON.
async fn read_log(State(log): State<Log>, RawQuery(query): RawQuery) -> Response {
    let since = query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|value| value.parse().ok())
        .unwrap_or(0);
    let (next, lines) = log.since(since);
    let entries: Vec<String> = lines
        .iter()
        .map(|line| format!(r#"{{"line": {}}}"#, json_str(line)))
        .collect();
    json(
        StatusCode::OK,
        format!(r#"{{"next": {next}, "entries": [{}]}}"#, entries.join(", ")),
    )
}

/// What the browser will make of a preflight answer, for the log: it reads
/// the lists in the answer as a browser does (this demo lists its methods
/// and headers; it never uses `Any`).
fn preflight_verdict(
    response: &Response,
    method: Option<&str>,
    request_headers: Option<&str>,
) -> String {
    let list = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    if !response.status().is_success() {
        return ": origin refused, the browser will not send the request".to_owned();
    }
    let methods = list(header::ACCESS_CONTROL_ALLOW_METHODS);
    let allowed_headers = list(header::ACCESS_CONTROL_ALLOW_HEADERS);
    let mut verdict = format!(": allows {}", methods.join(" "));
    let method = method.unwrap_or("");
    // GET, HEAD and POST never need listing; other names are case-sensitive.
    let safelisted = matches!(method, "GET" | "HEAD" | "POST");
    if !safelisted && !methods.iter().any(|m| m == method) {
        verdict.push_str(&format!(
            " but not {method}: the browser will not send the {method}"
        ));
        return verdict;
    }
    for name in request_headers.unwrap_or("").split(',').map(str::trim) {
        if !name.is_empty() && !allowed_headers.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            verdict.push_str(&format!(
                " but not header {name}: the browser will not send the request"
            ));
            return verdict;
        }
    }
    verdict.push_str(", so the browser sends the request next");
    verdict
}

// ------------------------------------------------------------------ helpers

/// A JSON string literal, escaped.
fn json_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Ports {
    page: u16,
    api: u16,
}

/// Flags first, then the environment, then the defaults. `Ok(None)` means
/// `--help`.
fn parse_ports() -> Result<Option<Ports>, String> {
    let mut page = env_port("DEMO_PAGE_PORT")?;
    let mut api = env_port("DEMO_API_PORT")?;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg.clone(), None),
        };
        let slot = match flag.as_str() {
            "--page-port" => &mut page,
            "--api-port" => &mut api,
            "-h" | "--help" => return Ok(None),
            _ => return Err(format!("unknown argument `{arg}`\n{USAGE}")),
        };
        let value = match inline.or_else(|| args.next()) {
            Some(value) => value,
            None => return Err(format!("`{flag}` needs a port number\n{USAGE}")),
        };
        *slot = Some(parse_port(&value).map_err(|e| format!("{flag}: {e}"))?);
    }
    Ok(Some(Ports {
        page: page.unwrap_or(DEFAULT_PAGE_PORT),
        api: api.unwrap_or(DEFAULT_API_PORT),
    }))
}

fn env_port(name: &str) -> Result<Option<u16>, String> {
    match std::env::var(name) {
        Ok(value) if value.trim().is_empty() => Ok(None),
        Ok(value) => parse_port(&value)
            .map(Some)
            .map_err(|e| format!("{name}: {e}")),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{name} is not valid text")),
    }
}

fn parse_port(value: &str) -> Result<u16, String> {
    value
        .trim()
        .parse()
        .map_err(|_| format!("`{value}` is not a port number (0-65535)"))
}

async fn bind(what: &str, port: u16, flag: &str) -> Result<TcpListener, String> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .await
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                format!(
                    "cannot serve the {what} on 127.0.0.1:{port}: the port is already in use. \
                     Stop whatever uses it, or pick another port with `{flag} N`."
                )
            } else {
                format!("cannot serve the {what} on 127.0.0.1:{port}: {e}")
            }
        })
}

fn local_addr(listener: &TcpListener) -> Result<SocketAddr, String> {
    listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))
}

/// Resolves on Ctrl-C (or never, if the signal cannot be listened to).
async fn shutdown() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

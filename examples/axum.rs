//! A credentialed JSON API with axum, behind `tower-cors`.
//!
//! ```text
//! cargo run --example axum            # http://127.0.0.1:8080
//! PORT=9000 cargo run --example axum
//! ```
//!
//! Try it with curl:
//!
//! ```text
//! # a preflight: answered by the CORS layer, never reaches auth or handlers
//! curl -i -X OPTIONS http://127.0.0.1:8080/api/items/1 \
//!      -H 'Origin: https://app.example.com' \
//!      -H 'Access-Control-Request-Method: DELETE' \
//!      -H 'Access-Control-Request-Headers: authorization'
//! # an actual request, with and without the token (the 401 is readable too)
//! curl -i http://127.0.0.1:8080/api/me -H 'Origin: https://pr-7.preview.example.com' \
//!      -H 'Authorization: Bearer demo-token'
//! curl -i http://127.0.0.1:8080/api/me -H 'Origin: http://localhost:5173'
//! # an origin the policy refuses: the handler runs, no Access-Control-* header
//! curl -i http://127.0.0.1:8080/health -H 'Origin: https://evil.example.net'
//! ```

use std::io::IsTerminal;
use std::net::Ipv4Addr;
use std::process::ExitCode;
use std::time::Duration;

use axum::extract::{Path, Request};
use axum::http::{header, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_cors::{ConfigError, CorsLayer};

#[tokio::main]
async fn main() -> ExitCode {
    // Refused requests are logged with the reason and, for a near miss, the fix.
    // Colour only on a terminal: escape codes are noise in a file or a pipe.
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .with_ansi(std::io::stdout().is_terminal())
        .init();
    let port = match std::env::var("PORT") {
        Err(_) => 8080,
        Ok(value) => match value.trim().parse::<u16>() {
            Ok(port) => port,
            Err(_) => {
                eprintln!("error: PORT=`{value}` is not a port number (0-65535)");
                return ExitCode::FAILURE;
            }
        },
    };

    // A bad policy is a value, not a panic: print every problem and stop.
    let cors = match cors_policy() {
        Ok(cors) => cors,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };

    let api = Router::new()
        .route("/api/me", get(me))
        .route("/api/items/{id}", get(get_item).delete(delete_item))
        // Everything above needs a token. Layers wrap what is already there,
        // so this applies to /api/* but not to /health below.
        .route_layer(middleware::from_fn(require_token));

    let app = Router::new()
        .route("/health", get(|| async { "ok" }))
        .merge(api)
        // The last `.layer` is the OUTERMOST: CORS must be outside auth.
        // A preflight never carries cookies or Authorization, so an auth
        // layer in front of CORS would answer every preflight with 401 and
        // the browser would never send the real request. Outside, the CORS
        // layer answers preflights itself and also decorates the 401s that
        // auth returns, so the page can read them instead of seeing a
        // CORS error.
        .layer(cors);

    let listener = match tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {error}");
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(addr) => println!("listening on http://{addr}  (try /health, /api/me)"),
        Err(_) => println!("listening on http://127.0.0.1:{port}"),
    }

    if let Err(error) = axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    {
        eprintln!("error: server failed: {error}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn cors_policy() -> Result<CorsLayer, ConfigError> {
    CorsLayer::builder()
        // The production front end, exactly as the browser sends it:
        // scheme://host[:port], no path, no trailing slash.
        .allow_origin("https://app.example.com")
        // Every preview deployment (pr-1.preview.example.com, ...). The
        // wildcard needs at least one label: it never matches
        // preview.example.com itself, nor preview.example.com.evil.net.
        .allow_origin("https://*.preview.example.com")
        // Local development servers on any port. Plain http is accepted with
        // credentials only because localhost is loopback.
        .allow_origin("http://localhost:*")
        // The front end sends cookies / Authorization, and must read the
        // answers: Access-Control-Allow-Credentials: true, and the exact
        // origin echoed (never `*`). Because of this, `build` refuses `Any`
        // origin and non-loopback http origins.
        .allow_credentials(true)
        // GET and POST need no preflight; PUT and DELETE do, so list them.
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        // Request headers scripts may set: JSON bodies and bearer tokens.
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        // Response headers scripts may read, beyond the always-readable
        // content-type and friends.
        .expose_headers(["x-request-id", "x-ratelimit-remaining"])
        // Let browsers reuse a preflight answer for 10 minutes
        // (Chromium caps at 2 hours).
        .max_age(Duration::from_secs(600))
        .build()
}

/// A toy authentication layer: `Authorization: Bearer demo-token`.
async fn require_token(request: Request, next: Next) -> Response {
    let authorized = request
        .headers()
        .get(header::AUTHORIZATION)
        .is_some_and(|value| value == "Bearer demo-token");
    if authorized {
        next.run(request).await
    } else {
        json(
            StatusCode::UNAUTHORIZED,
            r#"{"error": "send Authorization: Bearer demo-token"}"#.to_owned(),
        )
    }
}

fn json(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::HeaderName::from_static("x-request-id"), "req-1"),
        ],
        body,
    )
        .into_response()
}

async fn me() -> Response {
    json(StatusCode::OK, r#"{"user": "demo"}"#.to_owned())
}

async fn get_item(Path(id): Path<u64>) -> Response {
    json(
        StatusCode::OK,
        format!(r#"{{"id": {id}, "name": "item {id}"}}"#),
    )
}

async fn delete_item(Path(id): Path<u64>) -> Response {
    json(StatusCode::OK, format!(r#"{{"deleted": {id}}}"#))
}

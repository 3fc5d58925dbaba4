//! A single-page app with cookies: the production origin always, the dev
//! server's origins only when `APP_ENV=development`.
//!
//! ```text
//! cargo run --example spa
//! APP_ENV=development cargo run --example spa
//! ```
//!
//! `http://localhost:*` is allowed with credentials because loopback is
//! exempt from the https rule; any other plain-http origin would not build.

#[path = "common.rs"]
mod common;

use std::time::Duration;

use axum::http::{header, Method};
use axum::routing::get;
use axum::Router;
use tower_cors::{ConfigError, CorsLayer};

fn cors(development: bool) -> Result<CorsLayer, ConfigError> {
    let mut builder = CorsLayer::builder()
        .allow_origin("https://app.example.com")
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([
            header::CONTENT_TYPE,
            header::HeaderName::from_static("x-csrf-token"),
        ])
        .allow_credentials(true)
        .max_age(Duration::from_secs(600));
    if development {
        builder = builder.allow_origin(["http://localhost:*", "http://127.0.0.1:*"]);
    }
    builder.build()
}

#[tokio::main]
async fn main() -> Result<(), ConfigError> {
    let development = std::env::var("APP_ENV").is_ok_and(|env| env == "development");
    let app = Router::new()
        .route(
            "/api/session",
            get(|| async { "{}" }).post(|| async { "{}" }),
        )
        .layer(cors(development)?);
    println!("development origins allowed: {development}");
    common::show(
        &app,
        "https://app.example.com",
        Method::OPTIONS,
        "/api/session",
        Some("PUT"),
    )
    .await;
    common::show(
        &app,
        "http://localhost:5173",
        Method::GET,
        "/api/session",
        None,
    )
    .await;
    Ok(())
}

//! A public, read-only API: any origin, no credentials, so every response
//! carries the same `Access-Control-Allow-Origin: *` and caches need no
//! `Vary: Origin`.
//!
//! ```text
//! cargo run --example public_api
//! ```

#[path = "common.rs"]
mod common;

use std::time::Duration;

use axum::http::Method;
use axum::routing::get;
use axum::Router;
use tower_cors::{Any, ConfigError, CorsLayer};

#[tokio::main]
async fn main() -> Result<(), ConfigError> {
    let cors = CorsLayer::builder()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD])
        .allow_headers(Any)
        .expose_headers(["x-total-count", "link"])
        .max_age(Duration::from_secs(86_400))
        .build()?;
    let app = Router::new()
        .route("/v1/stations", get(|| async { "[]" }))
        .layer(cors);

    common::show(
        &app,
        "https://maps.example.org",
        Method::GET,
        "/v1/stations",
        None,
    )
    .await;
    common::show(&app, "null", Method::OPTIONS, "/v1/stations", Some("GET")).await;
    Ok(())
}

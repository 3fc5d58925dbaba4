//! Different policies for different routes in axum: a public, read-only
//! catalogue anyone may read, and an account API only the app may use,
//! with cookies.
//!
//! ```text
//! cargo run --example per_route
//! ```
//!
//! Each router carries its own `CorsLayer` and the routers are merged, so a
//! request meets exactly one policy. (Do not nest one `CorsLayer` inside
//! another: the outer one answers every preflight.)

#[path = "common.rs"]
mod common;

use axum::http::Method;
use axum::routing::get;
use axum::Router;
use tower_cors::{Any, ConfigError, CorsLayer};

fn app() -> Result<Router, ConfigError> {
    let public = CorsLayer::builder()
        .allow_origin(Any)
        .allow_methods([Method::GET])
        .build()?;
    let account = CorsLayer::builder()
        .allow_origin("https://app.example.com")
        .allow_methods([Method::GET, Method::PUT, Method::DELETE])
        .allow_headers("content-type")
        .allow_credentials(true)
        .build()?;

    let catalogue = Router::new()
        .route("/catalogue", get(|| async { "[\"tea\", \"coffee\"]" }))
        .layer(public);
    let me = Router::new()
        .route(
            "/me",
            get(|| async { "{\"name\": \"Ada\"}" }).delete(|| async { "bye" }),
        )
        .layer(account);
    Ok(catalogue.merge(me))
}

#[tokio::main]
async fn main() -> Result<(), ConfigError> {
    let app = app()?;
    common::show(
        &app,
        "https://anyone.example",
        Method::GET,
        "/catalogue",
        None,
    )
    .await;
    common::show(&app, "https://anyone.example", Method::GET, "/me", None).await;
    common::show(&app, "https://app.example.com", Method::GET, "/me", None).await;
    common::show(
        &app,
        "https://app.example.com",
        Method::OPTIONS,
        "/me",
        Some("DELETE"),
    )
    .await;
    Ok(())
}

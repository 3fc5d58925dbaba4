//! gRPC-web from a browser: the policy a tonic server (with `tonic-web`)
//! needs. Browsers send gRPC-web as `POST` with `content-type:
//! application/grpc-web+proto` and a few `x-grpc-web`/`x-user-agent`
//! headers, and the status arrives in `grpc-status` and `grpc-message`
//! headers, which scripts can read only if they are exposed.
//!
//! ```text
//! cargo run --example grpc_web
//! ```
//!
//! With tonic, wrap the server the same way as any Tower service:
//!
//! ```ignore
//! tonic::transport::Server::builder()
//!     .accept_http1(true)
//!     .layer(grpc_web_cors()?)
//!     .layer(tonic_web::GrpcWebLayer::new())
//!     .add_service(GreeterServer::new(MyGreeter::default()))
//!     .serve(addr)
//!     .await?;
//! ```
//!
//! Here the same policy wraps a plain axum route, to show its answers.

#[path = "common.rs"]
mod common;

use std::time::Duration;

use axum::http::Method;
use axum::routing::post;
use axum::Router;
use tower_cors::{ConfigError, CorsLayer};

fn grpc_web_cors() -> Result<CorsLayer, ConfigError> {
    CorsLayer::builder()
        .allow_origin("https://app.example.com")
        .allow_methods([Method::POST])
        .allow_headers([
            "content-type",
            "x-grpc-web",
            "x-user-agent",
            "grpc-timeout",
            "authorization",
        ])
        .expose_headers(["grpc-status", "grpc-message", "grpc-status-details-bin"])
        .max_age(Duration::from_secs(7200))
        .build()
}

#[tokio::main]
async fn main() -> Result<(), ConfigError> {
    let app = Router::new()
        .route("/helloworld.Greeter/SayHello", post(|| async { "" }))
        .layer(grpc_web_cors()?);
    common::show(
        &app,
        "https://app.example.com",
        Method::OPTIONS,
        "/helloworld.Greeter/SayHello",
        Some("POST"),
    )
    .await;
    common::show(
        &app,
        "https://app.example.com",
        Method::POST,
        "/helloworld.Greeter/SayHello",
        None,
    )
    .await;
    Ok(())
}

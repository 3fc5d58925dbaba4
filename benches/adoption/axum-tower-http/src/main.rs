//! axum's hello world behind tower-http's CorsLayer allowing one origin.

use axum::{http::HeaderValue, routing::get, Router};
use tower_http::cors::CorsLayer;

#[tokio::main]
async fn main() {
    let cors = CorsLayer::new().allow_origin(HeaderValue::from_static("https://app.example.com"));
    let app = Router::new().route("/", get(|| async { "Hello, World!" })).layer(cors);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}

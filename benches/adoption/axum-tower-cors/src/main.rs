//! axum's hello world behind tower-cors's CorsLayer allowing one origin.

use axum::{routing::get, Router};
use tower_cors::CorsLayer;

#[tokio::main]
async fn main() {
    let cors = CorsLayer::builder()
        .allow_origin("https://app.example.com")
        .build()
        .expect("valid CORS policy");
    let app = Router::new().route("/", get(|| async { "Hello, World!" })).layer(cors);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}

//! A multi-tenant service: each tenant has its own custom domain, known at
//! run time (here, a shared set a control plane would update). A predicate
//! sees the canonical, parsed origin and the request, and is called only
//! for origins no listed origin or pattern already allows.
//!
//! ```text
//! cargo run --example multi_tenant
//! ```

#[path = "common.rs"]
mod common;

use std::collections::HashSet;
use std::sync::{Arc, RwLock};

use axum::http::Method;
use axum::routing::get;
use axum::Router;
use tower_cors::{ConfigError, CorsLayer};

#[tokio::main]
async fn main() -> Result<(), ConfigError> {
    let tenants: Arc<RwLock<HashSet<String>>> = Arc::default();
    if let Ok(mut domains) = tenants.write() {
        domains.insert("shop.acme.test".to_owned());
    }

    let known = Arc::clone(&tenants);
    let cors = CorsLayer::builder()
        // Our own subdomains: indexed, no predicate call.
        .allow_origin("https://*.saas.example.com")
        // Tenants' custom domains: https only, on the default port.
        .allow_origin_predicate(move |origin, _request| {
            origin.scheme() == "https"
                && origin.port().is_none()
                && known
                    .read()
                    .is_ok_and(|domains| domains.contains(origin.host()))
        })
        .allow_methods([Method::GET, Method::POST])
        .allow_credentials(true)
        .build()?;
    let app = Router::new()
        .route("/api/cart", get(|| async { "[]" }))
        .layer(cors);

    let origins = [
        "https://acme.saas.example.com",
        "https://shop.acme.test",
        "https://shop.other.test",
    ];
    for origin in origins {
        common::show(&app, origin, Method::GET, "/api/cart", None).await;
    }
    if let Ok(mut domains) = tenants.write() {
        domains.insert("shop.other.test".to_owned());
    }
    println!("(shop.other.test signed up)");
    common::show(&app, origins[2], Method::GET, "/api/cart", None).await;
    Ok(())
}

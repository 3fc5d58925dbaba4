//! `tower-cors` with plain hyper 1 and hyper-util, no framework.
//!
//! ```text
//! cargo run --example hyper            # http://127.0.0.1:8081
//! PORT=9001 cargo run --example hyper
//! curl -i http://127.0.0.1:8081/hello -H 'Origin: https://app.example.com'
//! curl -i -X OPTIONS http://127.0.0.1:8081/hello -H 'Origin: https://app.example.com' \
//!      -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type'
//! ```
//!
//! The layer answers preflights with an empty body it makes itself, so the
//! response body type must implement `Default`: `Full<Bytes>` and `Empty`
//! from http-body-util do, and so does axum's `Body`.

use std::convert::Infallible;
use std::net::Ipv4Addr;
use std::process::ExitCode;
use std::time::Duration;

use http::{header, Method, Request, Response, StatusCode};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tower::ServiceBuilder;
use tower_cors::CorsLayer;

/// The one route. Any request body type works; the response body is
/// `Full<Bytes>`, which is `Default` (empty) as the layer requires.
async fn handle(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let (status, body) = match (request.method(), request.uri().path()) {
        (&Method::GET, "/hello") | (&Method::POST, "/hello") => {
            (StatusCode::OK, r#"{"message": "hello"}"#)
        }
        _ => (StatusCode::NOT_FOUND, r#"{"error": "not found"}"#),
    };
    let mut response = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

#[tokio::main]
async fn main() -> ExitCode {
    let port = match std::env::var("PORT") {
        Err(_) => 8081,
        Ok(value) => match value.trim().parse::<u16>() {
            Ok(port) => port,
            Err(_) => {
                eprintln!("error: PORT=`{value}` is not a port number (0-65535)");
                return ExitCode::FAILURE;
            }
        },
    };

    // No credentials here: a public-ish API read by two front ends.
    let cors = match CorsLayer::builder()
        .allow_origin(["https://app.example.com", "http://localhost:*"])
        .allow_methods([Method::GET, Method::POST])
        .allow_headers(header::CONTENT_TYPE)
        .max_age(Duration::from_secs(300))
        .build()
    {
        Ok(cors) => cors,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };

    // A tower service: the CORS layer around the handler. It is Clone, so
    // every connection gets its own copy sharing one compiled policy.
    let service = ServiceBuilder::new().layer(cors).service_fn(handle);

    let listener = match tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {error}");
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(addr) => println!("listening on http://{addr}/hello"),
        Err(_) => println!("listening on http://127.0.0.1:{port}/hello"),
    }

    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait, go on.
                    eprintln!("accept failed: {error}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = tokio::signal::ctrl_c() => return ExitCode::SUCCESS,
        };
        // hyper speaks its own `Service` trait; adapt the tower one.
        let service = TowerToHyperService::new(service.clone());
        tokio::spawn(async move {
            if let Err(error) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                eprintln!("connection from {peer}: {error}");
            }
        });
    }
}

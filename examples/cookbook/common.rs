//! What every cookbook example shares: sending a request through an axum
//! app in-process and printing what a browser would care about.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request};
use axum::Router;
use tower::ServiceExt;

/// Sends `method path` from `origin` (a preflight when `preflight` names a
/// method) and prints the status and the CORS headers of the answer.
pub async fn show(app: &Router, origin: &str, method: Method, path: &str, preflight: Option<&str>) {
    let mut request = Request::builder().method(method.clone()).uri(path);
    request = request.header(header::ORIGIN, origin);
    if let Some(requested) = preflight {
        request = request.header(header::ACCESS_CONTROL_REQUEST_METHOD, requested);
    }
    let request = request.body(Body::empty()).expect("a valid request");
    let response = match app.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let what = match preflight {
        Some(requested) => format!("preflight for {requested}"),
        None => method.to_string(),
    };
    println!("{what} {path} from {origin}: {}", response.status());
    print_cors(response.headers());
}

fn print_cors(headers: &HeaderMap) {
    for (name, value) in headers {
        let name = name.as_str();
        if name.starts_with("access-control-") || name == "vary" {
            println!("    {name}: {}", value.to_str().unwrap_or("<bytes>"));
        }
    }
}

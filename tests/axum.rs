//! The layer in a real axum 0.8 application: `Router::layer`,
//! `ServiceBuilder`, per-route layers, an application OPTIONS handler, and
//! authentication inside the CORS layer.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http_body_util::BodyExt;
use tower::{ServiceBuilder, ServiceExt};
use tower_cors::{CorsLayer, CorsService, Policy};

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example.net";

fn cors() -> CorsLayer {
    CorsLayer::builder()
        .allow_origin(APP)
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        .expose_headers("x-request-id")
        .allow_credentials(true)
        .build()
        .unwrap()
}

/// Counts the calls of every handler of a test app.
#[derive(Clone, Default)]
struct Calls(Arc<AtomicUsize>);

impl Calls {
    fn get(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// `/items`: GET answers "items" with `x-request-id`; OPTIONS is the
/// application's own handler (an `Allow` list); POST answers 201.
fn app(calls: &Calls) -> Router {
    let (a, b, c) = (calls.clone(), calls.clone(), calls.clone());
    Router::new().route(
        "/items",
        get(move || async move {
            a.0.fetch_add(1, Ordering::SeqCst);
            ([("x-request-id", "42")], "items")
        })
        .options(move || async move {
            b.0.fetch_add(1, Ordering::SeqCst);
            (
                StatusCode::OK,
                [(header::ALLOW, "GET, POST, OPTIONS")],
                "options handler",
            )
        })
        .post(move || async move {
            c.0.fetch_add(1, Ordering::SeqCst);
            (StatusCode::CREATED, "created")
        }),
    )
}

fn req(method: Method, path: &str, headers: &[(&str, &str)]) -> Request {
    let mut builder = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::empty()).unwrap()
}

fn preflight(path: &str, origin: &str, method: &str) -> Request {
    req(
        Method::OPTIONS,
        path,
        &[
            ("origin", origin),
            ("access-control-request-method", method),
            ("access-control-request-headers", "content-type"),
        ],
    )
}

async fn body(response: Response) -> String {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let mut all = headers.get_all(name).iter();
    let first = all.next().map(|v| v.to_str().unwrap());
    assert!(all.next().is_none(), "several `{name}` lines");
    first
}

fn assert_no_cors_headers(headers: &HeaderMap) {
    let names: Vec<_> = headers
        .keys()
        .filter(|n| n.as_str().starts_with("access-control-"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

/// The checks every way of mounting the layer must pass. `app` is the
/// whole application, layer included, as a `Router` or any service.
async fn check_app<S>(app: S, calls: &Calls)
where
    S: tower::Service<Request, Response = Response, Error = std::convert::Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send,
{
    // Preflight: answered by the layer; no handler runs.
    let before = calls.get();
    let response = app
        .clone()
        .oneshot(preflight("/items", APP, "DELETE"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let h = response.headers();
    assert_eq!(value(h, "access-control-allow-origin"), Some(APP));
    assert_eq!(value(h, "access-control-allow-credentials"), Some("true"));
    assert_eq!(
        value(h, "access-control-allow-methods"),
        Some("GET, POST, DELETE")
    );
    assert_eq!(
        value(h, "access-control-allow-headers"),
        Some("content-type, authorization")
    );
    assert_eq!(value(h, "vary"), Some("Origin"));
    assert_eq!(body(response).await, "");
    assert_eq!(calls.get(), before);

    // Refused preflight: 403, nothing else.
    let response = app
        .clone()
        .oneshot(preflight("/items", EVIL, "DELETE"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_no_cors_headers(response.headers());
    assert_eq!(calls.get(), before);

    // An OPTIONS without Access-Control-Request-Method reaches the handler.
    let response = app
        .clone()
        .oneshot(req(Method::OPTIONS, "/items", &[("origin", APP)]))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        value(response.headers(), "allow"),
        Some("GET, POST, OPTIONS")
    );
    assert_eq!(
        value(response.headers(), "access-control-allow-origin"),
        Some(APP)
    );
    assert_eq!(body(response).await, "options handler");
    assert_eq!(calls.get(), before + 1);

    // Allowed actual request: handler runs, headers added.
    let response = app
        .clone()
        .oneshot(req(Method::GET, "/items", &[("origin", APP)]))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let h = response.headers();
    assert_eq!(value(h, "access-control-allow-origin"), Some(APP));
    assert_eq!(value(h, "access-control-allow-credentials"), Some("true"));
    assert_eq!(
        value(h, "access-control-expose-headers"),
        Some("x-request-id")
    );
    assert_eq!(value(h, "x-request-id"), Some("42"));
    assert_eq!(body(response).await, "items");
    assert_eq!(calls.get(), before + 2);

    // Refused actual request: handler still runs, no CORS header, Vary.
    let response = app
        .clone()
        .oneshot(req(Method::POST, "/items", &[("origin", EVIL)]))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_no_cors_headers(response.headers());
    assert_eq!(value(response.headers(), "vary"), Some("Origin"));
    assert_eq!(calls.get(), before + 3);

    // Not CORS: Vary only.
    let response = app
        .clone()
        .oneshot(req(Method::GET, "/items", &[]))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_no_cors_headers(response.headers());
    assert_eq!(value(response.headers(), "vary"), Some("Origin"));
    assert_eq!(calls.get(), before + 4);
}

#[tokio::test]
async fn router_layer() {
    let calls = Calls::default();
    check_app(app(&calls).layer(cors()), &calls).await;
}

#[tokio::test]
async fn service_builder_inside_router_layer() {
    let calls = Calls::default();
    let app = app(&calls).layer(ServiceBuilder::new().layer(cors()));
    check_app(app, &calls).await;
}

#[tokio::test]
async fn service_builder_around_the_router() {
    let calls = Calls::default();
    let service: CorsService<Router> = ServiceBuilder::new().layer(cors()).service(app(&calls));
    assert!(service.policy().allows_credentials());
    check_app(service, &calls).await;
}

#[tokio::test]
async fn router_route_layer() {
    let calls = Calls::default();
    check_app(app(&calls).route_layer(cors()), &calls).await;
}

#[tokio::test]
async fn method_router_layer_on_one_route() {
    let calls = Calls::default();
    let (a, b) = (calls.clone(), calls.clone());
    let app = Router::new()
        .route(
            "/items",
            get(move || async move {
                a.0.fetch_add(1, Ordering::SeqCst);
                ([("x-request-id", "42")], "items")
            })
            .post(move || async move {
                b.0.fetch_add(1, Ordering::SeqCst);
                (StatusCode::CREATED, "created")
            })
            .layer(cors()),
        )
        .route("/open", get(|| async { "open" }));

    // The route with the layer: a preflight is answered even though the
    // route has no OPTIONS handler.
    let response = app
        .clone()
        .oneshot(preflight("/items", APP, "POST"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(response.headers(), "access-control-allow-origin"),
        Some(APP)
    );
    assert_eq!(calls.get(), 0);

    let response = app
        .clone()
        .oneshot(req(Method::GET, "/items", &[("origin", APP)]))
        .await
        .unwrap();
    assert_eq!(
        value(response.headers(), "access-control-allow-origin"),
        Some(APP)
    );
    assert_eq!(calls.get(), 1);

    // The route without it: untouched.
    let response = app
        .clone()
        .oneshot(req(Method::GET, "/open", &[("origin", APP)]))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_no_cors_headers(response.headers());
    assert_eq!(value(response.headers(), "vary"), None);
}

#[tokio::test]
async fn errors_of_the_app_get_the_headers() {
    let app = Router::new()
        .route(
            "/boom",
            get(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "boom") }),
        )
        .route(
            "/moved",
            get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/elsewhere")]) }),
        )
        .route(
            "/inner-cors",
            get(|| async { ([(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")], "x") }),
        )
        .layer(cors());
    for (path, status) in [
        ("/boom", StatusCode::INTERNAL_SERVER_ERROR),
        ("/moved", StatusCode::FOUND),
        ("/missing", StatusCode::NOT_FOUND),
        ("/inner-cors", StatusCode::OK),
    ] {
        let response = app
            .clone()
            .oneshot(req(Method::GET, path, &[("origin", APP)]))
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{path}");
        assert_eq!(
            value(response.headers(), "access-control-allow-origin"),
            Some(APP),
            "{path}"
        );
    }
    // Method not allowed by the router: still decorated.
    let response = app
        .clone()
        .oneshot(req(Method::DELETE, "/boom", &[("origin", APP)]))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        value(response.headers(), "access-control-allow-origin"),
        Some(APP)
    );
}

/// An authentication middleware: 401 without `Authorization`.
async fn require_auth(request: Request, next: Next) -> Response {
    if request.headers().contains_key(header::AUTHORIZATION) {
        next.run(request).await
    } else {
        StatusCode::UNAUTHORIZED.into_response()
    }
}

#[tokio::test]
async fn authentication_inside_the_cors_layer() {
    let app = Router::new()
        .route("/me", post(|| async { "me" }))
        .layer(middleware::from_fn(require_auth))
        .layer(cors());

    // The preflight never carries credentials and never reaches auth.
    let response = app
        .clone()
        .oneshot(preflight("/me", APP, "POST"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    // The 401 is readable by the page.
    let response = app
        .clone()
        .oneshot(req(Method::POST, "/me", &[("origin", APP)]))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        value(response.headers(), "access-control-allow-origin"),
        Some(APP)
    );
    assert_eq!(
        value(response.headers(), "access-control-allow-credentials"),
        Some("true")
    );

    let response = app
        .clone()
        .oneshot(req(
            Method::POST,
            "/me",
            &[("origin", APP), ("authorization", "Bearer x")],
        ))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(body(response).await, "me");
}

#[tokio::test]
async fn permissive_with_axum() {
    let app = Router::new()
        .route("/", get(|| async { "hi" }))
        .layer(CorsLayer::permissive());
    let response = app
        .clone()
        .oneshot(req(Method::GET, "/", &[]))
        .await
        .unwrap();
    assert_eq!(
        value(response.headers(), "access-control-allow-origin"),
        Some("*")
    );
    assert_eq!(value(response.headers(), "vary"), None);
    let response = app.oneshot(preflight("/", EVIL, "PATCH")).await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(response.headers(), "access-control-allow-methods"),
        Some("*")
    );
}

fn assert_clone_send_sync<T: Clone + Send + Sync + 'static>() {}
fn assert_send_sync<T: Send + Sync + 'static>() {}
fn assert_send<T: Send>(_: &T) {}

#[test]
fn types_are_clone_send_sync() {
    assert_clone_send_sync::<CorsLayer>();
    assert_clone_send_sync::<CorsService<Router>>();
    assert_clone_send_sync::<tower_cors::CorsBuilder>();
    assert_send_sync::<Policy>();
    assert_send_sync::<tower_cors::ConfigError>();
    assert_send_sync::<tower_cors::Decision>();

    // The response future is Send when the inner one is (axum needs it).
    let service: CorsService<Router> =
        tower::Layer::layer(&cors(), Router::new().route("/", get(|| async { "x" })));
    let future = service.oneshot(req(Method::GET, "/", &[]));
    assert_send(&future);
}

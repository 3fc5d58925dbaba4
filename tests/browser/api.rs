//! The API under test: a real axum server on a fresh port, behind the layer,
//! with a log of every request that reached it (preflights included).

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use tokio::net::TcpListener;
use tower_cors::CorsBuilder;

use crate::page::PAGE;

/// A running API and what reached it.
pub struct Api {
    origin: String,
    log: Log,
}

type Log = Arc<Mutex<Vec<Arrival>>>;

/// One request as it reached the server.
#[derive(Debug, Clone)]
struct Arrival {
    line: String,
    headers: HeaderMap,
}

impl Api {
    /// Serves the API behind the layer `cors` builds.
    pub async fn start(cors: CorsBuilder) -> Result<Api, String> {
        let cors = cors
            .build()
            .map_err(|e| format!("configuration refused: {e}"))?;
        Api::serve(routes().layer(cors)).await
    }

    /// Serves the same API without any CORS layer.
    pub async fn start_without_cors() -> Result<Api, String> {
        Api::serve(routes()).await
    }

    async fn serve(router: Router) -> Result<Api, String> {
        let log = Log::default();
        // The log sits outside the CORS layer: it sees what the browser sent,
        // whether or not the layer answered it.
        let router = router.layer(middleware::from_fn_with_state(log.clone(), record));
        let (listener, port) = bind().await?;
        tokio::spawn(async move { axum::serve(listener, router).await });
        Ok(Api {
            origin: format!("http://127.0.0.1:{port}"),
            log,
        })
    }

    /// The URL of `path` on this API.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// Every request that reached the server so far, with the status it got:
    /// `"METHOD /path -> status"`.
    pub fn arrivals(&self) -> Vec<String> {
        self.lock().iter().map(|a| a.line.clone()).collect()
    }

    /// Header `name` of the `n`th request that reached the server.
    pub fn header(&self, n: usize, name: &str) -> Option<String> {
        self.lock()
            .get(n)
            .and_then(|a| a.headers.get(name))
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    /// The `Cookie` header of the `n`th request.
    pub fn cookie(&self, n: usize) -> Option<String> {
        self.header(n, "cookie")
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Arrival>> {
        self.log.lock().unwrap_or_else(|e| e.into_inner())
    }
}

async fn record(State(log): State<Log>, request: Request, next: Next) -> Response {
    let line = format!("{} {}", request.method(), request.uri().path());
    let headers = request.headers().clone();
    let response = next.run(request).await;
    let line = format!("{line} -> {}", response.status().as_u16());
    log.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Arrival { line, headers });
    response
}

/// The API's routes, the same for every scenario:
/// - `/login` sets an HttpOnly session cookie;
/// - `/me` answers with the session cookie it received, or `anonymous`;
/// - `/status/N` answers with status N;
/// - `/redirect?URL` answers `307 Temporary Redirect` to URL;
/// - `/vary` answers with a `Vary: Accept-Encoding` of its own;
/// - `/star` sets its own `Access-Control-Allow-Origin: *`;
/// - `/credentialed-star` answers as a hand-written credentialed CORS
///   response with `Access-Control-Expose-Headers: *` (for an API without
///   the layer);
/// - anything else answers `METHOD /path` with a non-safelisted header
///   `x-total: 42`.
fn routes() -> Router {
    Router::new().fallback(|request: Request| async move {
        let path = request.uri().path().to_owned();
        let mut response = match path.as_str() {
            "/login" => {
                let mut response = "logged in".into_response();
                response.headers_mut().insert(
                    header::SET_COOKIE,
                    HeaderValue::from_static("session=s3cret; Path=/; HttpOnly; SameSite=Lax"),
                );
                return response;
            }
            "/me" => {
                let session = request
                    .headers()
                    .get(header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|c| c.split("; ").find_map(|kv| kv.strip_prefix("session=")))
                    .unwrap_or("anonymous")
                    .to_owned();
                return session.into_response();
            }
            "/redirect" => {
                let to = request.uri().query().unwrap_or_default().to_owned();
                return match HeaderValue::try_from(to) {
                    Ok(location) => (
                        StatusCode::TEMPORARY_REDIRECT,
                        [(header::LOCATION, location)],
                    )
                        .into_response(),
                    Err(_) => StatusCode::BAD_REQUEST.into_response(),
                };
            }
            _ => format!("{} {path}", request.method()).into_response(),
        };
        if let Some(code) = path.strip_prefix("/status/") {
            let status = code
                .parse::<u16>()
                .ok()
                .and_then(|c| StatusCode::from_u16(c).ok())
                .unwrap_or(StatusCode::BAD_REQUEST);
            return (status, format!("status {code}")).into_response();
        }
        let headers = response.headers_mut();
        headers.insert("x-total", HeaderValue::from_static("42"));
        match path.as_str() {
            "/vary" => {
                headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
            }
            "/star" => {
                headers.insert(
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    HeaderValue::from_static("*"),
                );
            }
            "/credentialed-star" => {
                if let Some(origin) = request.headers().get(header::ORIGIN) {
                    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
                }
                headers.insert(
                    header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                    HeaderValue::from_static("true"),
                );
                headers.insert(
                    header::ACCESS_CONTROL_EXPOSE_HEADERS,
                    HeaderValue::from_static("*"),
                );
            }
            _ => {}
        }
        response
    })
}

/// Serves the lab's page from `127.0.0.1` on a fresh port; the browser may
/// reach it under another name that resolves there (`*.localhost`).
pub async fn serve_page() -> Result<u16, String> {
    let (listener, port) = bind().await?;
    let page_server = Router::new().fallback(|| async { Html(PAGE) });
    tokio::spawn(async move { axum::serve(listener, page_server).await });
    Ok(port)
}

async fn bind() -> Result<(TcpListener, u16), String> {
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .map_err(|e| format!("cannot bind a port: {e}"))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("no local address: {e}"))?
        .port();
    Ok((listener, port))
}

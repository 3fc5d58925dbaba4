//! The browser lab: one headless Chromium for the whole run, a page server and
//! an API server per scenario, and a `fetch()` probe that reports what
//! JavaScript saw.
//!
//! Every scenario gets a fresh browser context (its own cookie jar and
//! preflight cache) and fresh ports (so a fresh page origin and API origin).

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::browser::BrowserContextId;
use chromiumoxide::cdp::browser_protocol::network::EventLoadingFailed;
use chromiumoxide::cdp::browser_protocol::target::{
    CreateBrowserContextParams, CreateTargetParams,
};
use chromiumoxide::Page;
use futures::StreamExt;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tower_cors::CorsBuilder;

/// Names under `*.cors.test` resolve to 127.0.0.1 inside the browser (see
/// [`Lab::launch`]), so a page can sit on a subdomain without touching DNS.
pub const TEST_DOMAIN: &str = "cors.test";

/// How long one scenario may take before it counts as failed.
pub const SCENARIO_TIMEOUT: Duration = Duration::from_secs(60);

/// How long to wait for the CDP event that explains a failed fetch.
const CORS_EVENT_TIMEOUT: Duration = Duration::from_secs(5);

/// The page every scenario loads. `probe` runs one `fetch()` and returns what
/// JavaScript could see; `probeFromNull` runs it from a sandboxed iframe,
/// whose origin is opaque (`Origin: null`).
const PAGE: &str = r#"<!doctype html>
<meta charset="utf-8">
<title>tower-cors browser lab</title>
<script>
async function probe(url, init, read) {
  try {
    const response = await fetch(url, init);
    const body = await response.text();
    const headers = {};
    for (const name of read) headers[name] = response.headers.get(name);
    return { fetched: true, status: response.status, body, headers };
  } catch (e) {
    return { fetched: false, error: e.name };
  }
}
function probeFromNull(url, init) {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.sandbox = 'allow-scripts';
    window.addEventListener('message', function listener(event) {
      if (event.source !== frame.contentWindow) return;
      window.removeEventListener('message', listener);
      frame.remove();
      resolve(event.data);
    });
    frame.srcdoc = '<script>' + probe.toString() +
      ';probe(' + JSON.stringify(url) + ',' + JSON.stringify(init) +
      ',[]).then(function (r) { parent.postMessage(r, "*"); });<' + '/script>';
    document.body.appendChild(frame);
  });
}
</script>
<body></body>
"#;

/// The Chromium binary: `$CHROMIUM`, else the Debian package's real binary
/// (`/usr/bin/chromium` is a shell wrapper that adds flags of its own), if
/// one of them exists.
pub fn chromium() -> Option<PathBuf> {
    let from_env = std::env::var_os("CHROMIUM").map(PathBuf::from);
    from_env
        .into_iter()
        .chain(["/usr/lib/chromium/chromium", "/usr/bin/chromium"].map(PathBuf::from))
        .find(|path| path.exists())
}

/// One browser, shared by every scenario of the run.
pub struct Lab {
    browser: Browser,
    handler: tokio::task::JoinHandle<()>,
    _profile: tempfile::TempDir,
}

impl Lab {
    /// Starts Chromium headless with a fresh profile.
    pub async fn launch(executable: PathBuf) -> Result<Lab, String> {
        let profile = tempfile::Builder::new()
            .prefix("tower-cors-chromium-")
            .tempdir()
            .map_err(|e| format!("cannot create a browser profile: {e}"))?;
        let resolve_test_domain = format!("MAP *.{TEST_DOMAIN} 127.0.0.1");
        let config = BrowserConfig::builder()
            .chrome_executable(executable)
            .user_data_dir(profile.path())
            .no_sandbox()
            .disable_https_first()
            .launch_timeout(Duration::from_secs(30))
            .request_timeout(Duration::from_secs(30))
            // chromiumoxide adds the leading `--` itself.
            .args([
                "disable-gpu",
                "disable-quic",
                "disable-component-update",
                "disable-background-networking",
                "disable-sync",
                "no-first-run",
            ])
            .arg(("host-resolver-rules", resolve_test_domain.as_str()))
            // The standard says `Access-Control-Allow-Headers: *` never
            // covers `Authorization`; Chromium only obeys with this feature.
            .arg(("enable-features", "CorsNonWildcardRequestHeadersSupport"))
            .build()?;
        let (browser, mut events) = Browser::launch(config)
            .await
            .map_err(|e| format!("cannot start Chromium: {e}"))?;
        let handler = tokio::spawn(async move {
            while let Some(event) = events.next().await {
                if event.is_err() {
                    break;
                }
            }
        });
        Ok(Lab {
            browser,
            handler,
            _profile: profile,
        })
    }

    /// Closes the browser and waits for it to exit.
    pub async fn close(mut self) {
        let _ = self.browser.close().await;
        let _ = self.browser.wait().await;
        self.handler.abort();
    }

    /// A fresh browser context with a page served from `http://<host>:<new
    /// port>`; `host` is `127.0.0.1` or a name under [`TEST_DOMAIN`].
    pub async fn session_on(&self, host: &str) -> Result<Session<'_>, String> {
        let (listener, port) = bind().await?;
        let page_server = Router::new().fallback(|| async { Html(PAGE) });
        tokio::spawn(async move { axum::serve(listener, page_server).await });
        let origin = format!("http://{host}:{port}");

        let context = self
            .browser
            .create_browser_context(CreateBrowserContextParams::default())
            .await
            .map_err(|e| format!("cannot create a browser context: {e}"))?;
        let target = CreateTargetParams::builder()
            .url(format!("{origin}/"))
            .browser_context_id(context.clone())
            .build()?;
        let page = self
            .browser
            .new_page(target)
            .await
            .map_err(|e| format!("cannot open {origin}: {e}"))?;
        page.wait_for_navigation()
            .await
            .map_err(|e| format!("cannot load {origin}: {e}"))?;
        Ok(Session {
            page,
            origin,
            context,
            browser: &self.browser,
        })
    }
}

/// One page in its own browser context.
pub struct Session<'lab> {
    page: Page,
    origin: String,
    context: BrowserContextId,
    browser: &'lab Browser,
}

impl Session<'_> {
    /// The page's origin, as the browser sends it in `Origin`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// `fetch(url, init)` from the page; `read` names the response headers
    /// to try to read from JavaScript.
    pub async fn fetch(&self, url: &str, init: Value, read: &[&str]) -> Result<Seen, String> {
        self.run(format!("probe({}, {init}, {})", json!(url), json!(read)))
            .await
    }

    /// `fetch(url, init)` from a sandboxed iframe in the page, whose origin is
    /// opaque: the browser sends `Origin: null`.
    pub async fn fetch_from_null(&self, url: &str, init: Value) -> Result<Seen, String> {
        self.run(format!("probeFromNull({}, {init})", json!(url)))
            .await
    }

    async fn run(&self, script: String) -> Result<Seen, String> {
        let mut failures = self
            .page
            .event_listener::<EventLoadingFailed>()
            .await
            .map_err(|e| format!("cannot listen for network events: {e}"))?;
        let value: Value = self
            .page
            .evaluate_expression(script.as_str())
            .await
            .map_err(|e| format!("`{script}` failed: {e}"))?
            .into_value()
            .map_err(|e| format!("`{script}` returned nothing readable: {e}"))?;
        let mut seen = Seen::from_json(&value)?;
        if seen.error.is_some() {
            // The network service reports why it blocked the response; wait
            // (bounded) for that event.
            let deadline = tokio::time::sleep(CORS_EVENT_TIMEOUT);
            tokio::pin!(deadline);
            loop {
                tokio::select! {
                    event = failures.next() => match event {
                        Some(event) => {
                            if let Some(status) = &event.cors_error_status {
                                seen.cors_error = Some(CorsError {
                                    kind: status.cors_error.as_ref().to_owned(),
                                    parameter: status.failed_parameter.clone(),
                                });
                                break;
                            }
                        }
                        None => break,
                    },
                    () = &mut deadline => break,
                }
            }
        }
        Ok(seen)
    }

    /// Closes the page and drops its browser context.
    pub async fn close(self) {
        let _ = self.page.close().await;
        let _ = self.browser.dispose_browser_context(self.context).await;
    }
}

/// What JavaScript saw of one `fetch()`.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    /// The response's status, when `fetch()` resolved.
    pub status: Option<u16>,
    /// The response body, when `fetch()` resolved.
    pub body: String,
    /// Response headers by name; `None` when JavaScript could not read it.
    pub headers: HashMap<String, Option<String>>,
    /// The error's name when `fetch()` rejected (`TypeError` for CORS).
    pub error: Option<String>,
    /// Chromium's reason for blocking, from the DevTools protocol.
    pub cors_error: Option<CorsError>,
}

/// Chromium's CORS failure reason (DevTools `Network.CorsErrorStatus`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsError {
    /// For example `MissingAllowOriginHeader`.
    pub kind: String,
    /// The method or header name at fault, when there is one.
    pub parameter: String,
}

impl Seen {
    fn from_json(value: &Value) -> Result<Seen, String> {
        let fetched = value["fetched"]
            .as_bool()
            .ok_or_else(|| format!("unexpected probe result {value}"))?;
        if !fetched {
            return Ok(Seen {
                error: value["error"].as_str().map(str::to_owned),
                ..Seen::default()
            });
        }
        let headers = value["headers"]
            .as_object()
            .map(|headers| {
                headers
                    .iter()
                    .map(|(name, v)| (name.clone(), v.as_str().map(str::to_owned)))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Seen {
            status: value["status"].as_u64().and_then(|s| u16::try_from(s).ok()),
            body: value["body"].as_str().unwrap_or_default().to_owned(),
            headers,
            error: None,
            cors_error: None,
        })
    }

    /// Whether `fetch()` resolved (the browser let JavaScript see the
    /// response).
    pub fn resolved(&self) -> bool {
        self.error.is_none()
    }

    /// Whether `fetch()` rejected with the `TypeError` of a CORS failure.
    pub fn is_type_error(&self) -> bool {
        self.error.as_deref() == Some("TypeError")
    }

    /// A response header as JavaScript read it.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.as_deref())
    }

    /// Chromium's failure kind and parameter, for assertions.
    pub fn cors_error(&self) -> Option<(&str, &str)> {
        self.cors_error
            .as_ref()
            .map(|e| (e.kind.as_str(), e.parameter.as_str()))
    }
}

/// The API under test: a real axum server on a fresh port, behind the layer,
/// with a log of every request that reached it (preflights included).
pub struct Api {
    origin: String,
    log: Log,
}

type Log = Arc<Mutex<Vec<Arrival>>>;

#[derive(Debug, Clone)]
struct Arrival {
    line: String,
    cookie: Option<String>,
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

    /// The `Cookie` header of the `n`th request.
    pub fn cookie(&self, n: usize) -> Option<String> {
        self.lock().get(n).and_then(|a| a.cookie.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Arrival>> {
        self.log.lock().unwrap_or_else(|e| e.into_inner())
    }
}

async fn record(State(log): State<Log>, request: Request, next: Next) -> Response {
    let line = format!("{} {}", request.method(), request.uri().path());
    let cookie = request
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let response = next.run(request).await;
    let line = format!("{line} -> {}", response.status().as_u16());
    log.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Arrival { line, cookie });
    response
}

/// The API's routes, the same for every scenario:
/// - `/login` sets an HttpOnly session cookie;
/// - `/me` answers with the session cookie it received, or `anonymous`;
/// - `/status/N` answers with status N;
/// - anything else answers `METHOD /path` with a non-safelisted header
///   `x-total: 42`.
fn routes() -> Router {
    Router::new().fallback(|request: Request| async move {
        let path = request.uri().path().to_owned();
        if path == "/login" {
            let mut response = "logged in".into_response();
            response.headers_mut().insert(
                header::SET_COOKIE,
                HeaderValue::from_static("session=s3cret; Path=/; HttpOnly; SameSite=Lax"),
            );
            return response;
        }
        if path == "/me" {
            let session = request
                .headers()
                .get(header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .and_then(|c| c.split("; ").find_map(|kv| kv.strip_prefix("session=")))
                .unwrap_or("anonymous")
                .to_owned();
            return session.into_response();
        }
        if let Some(code) = path.strip_prefix("/status/") {
            let status = code
                .parse::<u16>()
                .ok()
                .and_then(|c| StatusCode::from_u16(c).ok())
                .unwrap_or(StatusCode::BAD_REQUEST);
            return (status, format!("status {code}")).into_response();
        }
        let mut response = format!("{} {path}", request.method()).into_response();
        response
            .headers_mut()
            .insert("x-total", HeaderValue::from_static("42"));
        response
    })
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

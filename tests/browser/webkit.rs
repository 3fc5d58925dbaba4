//! WebKitGTK over classic WebDriver: one WebKitWebDriver (and one X server
//! for it to draw on) for the whole run, and a fresh WebDriver session per
//! scenario. A session is a MiniBrowser with a fresh, ephemeral profile:
//! WebKitWebDriver offers no WebDriver BiDi, so no user contexts, and a
//! session is the only way to give a scenario its own cookie jar and
//! preflight cache. It runs one session at a time.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::engine::Programs;
use crate::page::Seen;

/// How long the driver or the X server may take to start, and a page load.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// How long one request for a new session may take; a session normally
/// starts in under a second.
const SESSION_TIMEOUT: Duration = Duration::from_secs(15);

/// How many times to ask for a new session.
const SESSION_ATTEMPTS: usize = 2;

/// How often to look whether the driver accepts connections yet.
const POLL: Duration = Duration::from_millis(50);

/// WebKitWebDriver and its X server.
pub struct Lab {
    capabilities: serde_json::Map<String, Value>,
    endpoint: String,
    driver: Child,
    display: Child,
    turn: Arc<Semaphore>,
    _home: tempfile::TempDir,
}

impl Lab {
    /// Starts an X server and WebKitWebDriver on it.
    pub async fn launch(programs: Programs) -> Result<Lab, String> {
        let home = tempfile::Builder::new()
            .prefix("tower-cors-webkit-")
            .tempdir()
            .map_err(|e| format!("cannot create a home for the browser: {e}"))?;
        let driver_path = programs.driver.clone().ok_or("no WebKitWebDriver")?;
        let mut driver = Command::new(&driver_path);
        // Browsers write their caches under HOME; keep them in the run's
        // own folder.
        driver.env("HOME", home.path()).kill_on_drop(true);
        let xvfb = programs.display.clone().ok_or("no X server")?;
        let (display, number) = start_display(&xvfb).await?;
        driver.env("DISPLAY", format!(":{number}"));
        let port = free_port()?;
        driver.arg(format!("--port={port}"));
        let log = std::fs::File::create(home.path().join("driver.log"))
            .map_err(|e| format!("cannot create the driver's log: {e}"))?;
        let log_err = log
            .try_clone()
            .map_err(|e| format!("cannot share the driver's log: {e}"))?;
        let mut driver = driver
            .stdout(log)
            .stderr(log_err)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", driver_path.display()))?;
        wait_for_port(&mut driver, port).await?;
        Ok(Lab {
            capabilities: capabilities(&programs),
            endpoint: format!("http://127.0.0.1:{port}"),
            driver,
            display,
            turn: Arc::new(Semaphore::new(1)),
            _home: home,
        })
    }

    /// Stops the driver and the display.
    pub async fn close(mut self) {
        let _ = self.driver.kill().await;
        let _ = self.display.kill().await;
    }

    /// `url`, loaded in a new session: a fresh browser and profile. Waits
    /// while another scenario has the engine.
    pub async fn open(&self, url: &str) -> Result<Window, String> {
        let turn = Arc::clone(&self.turn)
            .acquire_owned()
            .await
            .map_err(|e| format!("the engine's turn is gone: {e}"))?;
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(self.capabilities.clone());
        // WebKitWebDriver now and then never answers a new session (seen
        // once in a few hundred); a second request gets one.
        let mut problem = String::new();
        let mut client = None;
        for _ in 0..SESSION_ATTEMPTS {
            match tokio::time::timeout(SESSION_TIMEOUT, builder.connect(&self.endpoint)).await {
                Ok(Ok(started)) => {
                    client = Some(started);
                    break;
                }
                Ok(Err(e)) => problem = format!("cannot start a WebKit session: {e}"),
                Err(_) => problem = format!("no WebKit session in {SESSION_TIMEOUT:?}"),
            }
        }
        let client = client.ok_or(problem)?;
        let window = Window {
            client,
            _turn: turn,
        };
        let problem = match tokio::time::timeout(START_TIMEOUT, window.client.goto(url)).await {
            Ok(Ok(())) => return Ok(window),
            Ok(Err(e)) => format!("cannot load {url}: {e}"),
            Err(_) => format!("{url} did not load in {START_TIMEOUT:?}"),
        };
        let _ = tokio::time::timeout(START_TIMEOUT, window.close()).await;
        Err(problem)
    }
}

/// What a new session asks for: a MiniBrowser in automation mode.
fn capabilities(programs: &Programs) -> serde_json::Map<String, Value> {
    let browser = programs.browser.display().to_string();
    let capabilities = json!({
        "browserName": "MiniBrowser",
        "webkitgtk:browserOptions": { "binary": browser, "args": ["--automation"] },
    });
    match capabilities {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// One WebDriver session, with the page loaded.
pub struct Window {
    client: Client,
    _turn: OwnedSemaphorePermit,
}

impl Window {
    /// Runs `script`, a probe call, and reads its summary.
    pub async fn probe(&self, script: &str) -> Result<Seen, String> {
        let wrapped = format!(
            "const done = arguments[arguments.length - 1];\n\
             Promise.resolve().then(() => {script}).then(done, \
             (e) => done({{ fetched: null, error: String(e) }}));"
        );
        let value = self
            .client
            .execute_async(&wrapped, Vec::new())
            .await
            .map_err(|e| format!("`{script}` failed: {e}"))?;
        Seen::from_json(&value)
    }

    /// Ends the session, which closes its browser.
    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// Starts Xvfb on a display it picks itself, and returns it with the
/// display's number.
async fn start_display(xvfb: &std::path::Path) -> Result<(Child, String), String> {
    let mut server = Command::new(xvfb)
        // `-displayfd 1`: print the number of the display it chose.
        .args([
            "-displayfd",
            "1",
            "-nolisten",
            "tcp",
            "-screen",
            "0",
            "1280x1024x24",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", xvfb.display()))?;
    let stdout = server
        .stdout
        .take()
        .ok_or("Xvfb's output is not readable")?;
    let mut line = String::new();
    tokio::time::timeout(START_TIMEOUT, BufReader::new(stdout).read_line(&mut line))
        .await
        .map_err(|_| "Xvfb did not say which display it chose".to_owned())?
        .map_err(|e| format!("cannot read Xvfb's display: {e}"))?;
    let number = line.trim().to_owned();
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("Xvfb printed {line:?}, not a display number"));
    }
    Ok((server, number))
}

/// A port nothing listens on now.
fn free_port() -> Result<u16, String> {
    TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|e| format!("cannot find a free port: {e}"))
}

/// Waits, bounded, until the driver accepts connections on `port`.
async fn wait_for_port(driver: &mut Child, port: u16) -> Result<(), String> {
    let deadline = tokio::time::Instant::now() + START_TIMEOUT;
    loop {
        if let Ok(Some(status)) = driver.try_wait() {
            return Err(format!("the driver exited ({status}) before it listened"));
        }
        if tokio::net::TcpStream::connect((Ipv4Addr::LOCALHOST, port))
            .await
            .is_ok()
        {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(format!("the driver did not listen on port {port} in time"));
        }
        tokio::time::sleep(POLL).await;
    }
}

//! Firefox over WebDriver BiDi, which Firefox serves itself: one browser
//! for the whole run, a fresh user context (its own cookie jar and caches)
//! per scenario, scenarios in parallel, and the reason of every blocked
//! response from Firefox's console.

use std::collections::HashMap;
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_tungstenite::tokio::{connect_async, ConnectStream};
use async_tungstenite::tungstenite::Message;
use async_tungstenite::WebSocketSender;
use futures::StreamExt;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::{broadcast, oneshot};

use crate::page::{Reason, Seen};

/// How long Firefox may take to start, and a command to be answered.
const TIMEOUT: Duration = Duration::from_secs(30);

/// How long to wait for the console message that explains a failed fetch.
const REASON_TIMEOUT: Duration = Duration::from_secs(5);

/// What Firefox prints once its WebDriver BiDi server listens.
const LISTENING: &str = "WebDriver BiDi listening on ";

/// The start of Firefox's console message for a blocked response.
const BLOCKED: &str = "Cross-Origin Request Blocked:";

/// Firefox's follow-up message for an actual request that a failed
/// preflight kept back; the preflight's own message says why.
const FOLLOW_UP: &str = "(Reason: CORS request did not succeed)";

type Pending = Arc<Mutex<HashMap<u64, oneshot::Sender<Value>>>>;

/// One Firefox, shared by every scenario of the run.
pub struct Lab {
    firefox: Child,
    sink: tokio::sync::Mutex<WebSocketSender<ConnectStream>>,
    pending: Pending,
    closed: Arc<AtomicBool>,
    // Firefox ESR 153 sometimes fails to create a tab ("BrowsingContext does
    // no longer exist") while another is being created or closed: one at a
    // time, while the scenarios themselves run side by side.
    tabs: tokio::sync::Mutex<()>,
    next_id: AtomicU64,
    events: broadcast::Sender<Value>,
    reader: tokio::task::JoinHandle<()>,
    _profile: tempfile::TempDir,
}

impl Lab {
    /// Starts Firefox headless with a fresh profile and opens a BiDi session.
    pub async fn launch(executable: &Path) -> Result<Lab, String> {
        let profile = tempfile::Builder::new()
            .prefix("tower-cors-firefox-")
            .tempdir()
            .map_err(|e| format!("cannot create a browser profile: {e}"))?;
        let mut firefox = Command::new(executable)
            .args(["--headless", "--no-remote", "--profile"])
            .arg(profile.path())
            // Port 0: Firefox picks a free one and says which.
            .args(["--remote-debugging-port=0", "about:blank"])
            // Firefox writes caches under HOME; keep them in the profile.
            .env("HOME", profile.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", executable.display()))?;
        let stderr = firefox
            .stderr
            .take()
            .ok_or("Firefox's output is not readable")?;
        let mut stderr = BufReader::new(stderr);
        let endpoint = tokio::time::timeout(TIMEOUT, async {
            let mut line = Vec::new();
            loop {
                line.clear();
                match stderr.read_until(b'\n', &mut line).await {
                    Ok(0) | Err(_) => {
                        return Err("Firefox exited before its BiDi server listened".to_owned())
                    }
                    Ok(_) => {}
                }
                let text = String::from_utf8_lossy(&line);
                if let Some(endpoint) = text.strip_prefix(LISTENING) {
                    return Ok(endpoint.trim().to_owned());
                }
            }
        })
        .await
        .map_err(|_| "Firefox's BiDi server did not start in time".to_owned())??;
        // Keep reading, so that Firefox never blocks on a full pipe.
        tokio::spawn(async move { tokio::io::copy(&mut stderr, &mut tokio::io::sink()).await });

        let (socket, _) = connect_async(format!("{endpoint}/session"))
            .await
            .map_err(|e| format!("cannot connect to Firefox at {endpoint}: {e}"))?;
        let (sink, mut stream) = socket.split();
        let pending = Pending::default();
        let (events, _) = broadcast::channel(1024);
        let closed = Arc::new(AtomicBool::new(false));
        let reader = {
            let pending = Arc::clone(&pending);
            let closed = Arc::clone(&closed);
            let events = events.clone();
            tokio::spawn(async move {
                while let Some(Ok(message)) = stream.next().await {
                    let Ok(text) = message.to_text() else {
                        continue;
                    };
                    let Ok(value) = serde_json::from_str::<Value>(text) else {
                        continue;
                    };
                    match value["id"].as_u64() {
                        Some(id) => {
                            let waiter = lock(&pending).remove(&id);
                            if let Some(waiter) = waiter {
                                let _ = waiter.send(value);
                            }
                        }
                        None => {
                            let _ = events.send(value);
                        }
                    }
                }
                // Firefox is gone: fail every waiting command now, and every
                // later one at once.
                closed.store(true, Ordering::SeqCst);
                lock(&pending).clear();
            })
        };
        let lab = Lab {
            firefox,
            closed,
            tabs: tokio::sync::Mutex::new(()),
            sink: tokio::sync::Mutex::new(sink),
            pending,
            next_id: AtomicU64::new(1),
            events,
            reader,
            _profile: profile,
        };
        lab.command("session.new", json!({ "capabilities": {} }))
            .await?;
        lab.command("session.subscribe", json!({ "events": ["log.entryAdded"] }))
            .await?;
        Ok(lab)
    }

    /// Ends the session and stops Firefox.
    pub async fn close(mut self) {
        let _ = self.command("browser.close", json!({})).await;
        // Let Firefox finish writing its profile before the folder goes.
        if tokio::time::timeout(TIMEOUT, self.firefox.wait())
            .await
            .is_err()
        {
            let _ = self.firefox.kill().await;
        }
        self.reader.abort();
    }

    /// Sends one BiDi command and waits for its answer.
    async fn command(&self, method: &str, params: Value) -> Result<Value, String> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (answer, answered) = oneshot::channel();
        lock(&self.pending).insert(id, answer);
        if self.closed.load(Ordering::SeqCst) {
            lock(&self.pending).remove(&id);
            return Err(format!("Firefox is gone; cannot send {method}"));
        }
        let message = json!({ "id": id, "method": method, "params": params }).to_string();
        self.sink
            .lock()
            .await
            .send(Message::text(message))
            .await
            .map_err(|e| format!("cannot send {method} to Firefox: {e}"))?;
        let answer = tokio::time::timeout(TIMEOUT, answered)
            .await
            .map_err(|_| format!("Firefox did not answer {method} in time"))?
            .map_err(|_| format!("Firefox closed the connection during {method}"))?;
        if answer["type"] == "success" {
            Ok(answer["result"].clone())
        } else {
            Err(format!("{method} failed: {answer}"))
        }
    }

    /// `url`, loaded in a tab of a fresh user context.
    pub async fn open(&self, url: &str) -> Result<Tab<'_>, String> {
        let tab = {
            let _turn = self.tabs.lock().await;
            let created = self.command("browser.createUserContext", json!({})).await?;
            let user_context = created["userContext"]
                .as_str()
                .ok_or_else(|| format!("no user context in {created}"))?
                .to_owned();
            let created = self
                .command(
                    "browsingContext.create",
                    json!({ "type": "tab", "userContext": user_context }),
                )
                .await
                .and_then(|created| {
                    created["context"]
                        .as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| format!("no browsing context in {created}"))
                });
            match created {
                Ok(context) => Tab {
                    lab: self,
                    context,
                    user_context,
                },
                Err(e) => {
                    self.remove_user_context(&user_context).await;
                    return Err(format!("cannot open a tab in a user context: {e}"));
                }
            }
        };
        let loaded = self
            .command(
                "browsingContext.navigate",
                json!({ "context": tab.context, "url": url, "wait": "complete" }),
            )
            .await;
        if let Err(e) = loaded {
            tab.close().await;
            return Err(format!("cannot load {url}: {e}"));
        }
        Ok(tab)
    }

    /// Removes a user context, with any tab still open in it.
    async fn remove_user_context(&self, user_context: &str) {
        let _ = self
            .command(
                "browser.removeUserContext",
                json!({ "userContext": user_context }),
            )
            .await;
    }
}

/// One tab in its own user context.
pub struct Tab<'lab> {
    lab: &'lab Lab,
    context: String,
    user_context: String,
}

impl Tab<'_> {
    /// Evaluates `script`, a probe call that fetches `url`, and reads its
    /// summary; when the fetch failed, adds the reason from Firefox's
    /// console.
    pub async fn probe(&self, script: &str, url: &str) -> Result<Seen, String> {
        // Listen before the fetch starts: the console message may come
        // before the script's answer.
        let mut events = self.lab.events.subscribe();
        let answer = self
            .lab
            .command(
                "script.evaluate",
                json!({
                    "expression": format!("{script}.then(JSON.stringify)"),
                    "target": { "context": self.context },
                    "awaitPromise": true,
                }),
            )
            .await?;
        let text = answer["result"]["value"]
            .as_str()
            .ok_or_else(|| format!("`{script}` returned {answer}"))?;
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("`{script}` returned {text}: {e}"))?;
        let mut seen = Seen::from_json(&value)?;
        if seen.error.is_some() {
            let deadline = tokio::time::sleep(REASON_TIMEOUT);
            tokio::pin!(deadline);
            loop {
                tokio::select! {
                    event = events.recv() => match event {
                        Ok(event) => {
                            if let Some(reason) = self.reason(&event, url) {
                                seen.reason = Some(Reason::Firefox(reason));
                                break;
                            }
                        }
                        Err(broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(broadcast::error::RecvError::Closed) => break,
                    },
                    () = &mut deadline => break,
                }
            }
        }
        Ok(seen)
    }

    /// The "(Reason: …)" of a blocked-response message about `url`, or
    /// from this tab (where a redirect names another URL). A sandboxed
    /// frame is a context of its own, so its message counts by `url`.
    fn reason(&self, event: &Value, url: &str) -> Option<String> {
        let params = &event["params"];
        if event["method"] != "log.entryAdded" {
            return None;
        }
        let text = params["text"].as_str()?;
        if !text.starts_with(BLOCKED) || text.contains(FOLLOW_UP) {
            return None;
        }
        let in_tab = params["source"]["context"].as_str() == Some(self.context.as_str());
        if !in_tab && !text.contains(&format!("resource at {url}. ")) {
            return None;
        }
        let (_, reason) = text.split_once("(Reason: ")?;
        let (reason, _) = reason.split_once(')')?;
        Some(reason.to_owned())
    }

    /// Closes the tab and removes its user context.
    pub async fn close(self) {
        let _turn = self.lab.tabs.lock().await;
        let _ = self
            .lab
            .command("browsingContext.close", json!({ "context": self.context }))
            .await;
        self.lab.remove_user_context(&self.user_context).await;
    }
}

/// The map of waiting commands, even after a panic elsewhere poisoned it.
fn lock(pending: &Pending) -> std::sync::MutexGuard<'_, HashMap<u64, oneshot::Sender<Value>>> {
    pending.lock().unwrap_or_else(|e| e.into_inner())
}

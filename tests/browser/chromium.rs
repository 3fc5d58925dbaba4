//! Chromium over the DevTools protocol: one browser for the whole run, a
//! fresh browser context (cookie jar, preflight cache) per scenario, and the
//! network service's reason for every blocked response.

use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::browser::BrowserContextId;
use chromiumoxide::cdp::browser_protocol::network::{EventLoadingFailed, EventRequestWillBeSent};
use chromiumoxide::cdp::browser_protocol::target::{
    CreateBrowserContextParams, CreateTargetParams,
};
use chromiumoxide::Page;
use futures::StreamExt;
use serde_json::Value;

use crate::page::{Reason, Seen};

/// How long to wait for the DevTools event that explains a failed fetch.
const CORS_EVENT_TIMEOUT: Duration = Duration::from_secs(5);

/// One Chromium, shared by every scenario of the run.
pub struct Lab {
    browser: Browser,
    handler: tokio::task::JoinHandle<()>,
    _profile: tempfile::TempDir,
}

impl Lab {
    /// Starts Chromium headless with a fresh profile.
    pub async fn launch(executable: &Path) -> Result<Lab, String> {
        let profile = tempfile::Builder::new()
            .prefix("tower-cors-chromium-")
            .tempdir()
            .map_err(|e| format!("cannot create a browser profile: {e}"))?;
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
            // The standard says `Access-Control-Allow-Headers: *` never
            // covers `Authorization`; Chromium only obeys with this feature.
            .arg(("enable-features", "CorsNonWildcardRequestHeadersSupport"))
            .build()?;
        let (browser, mut events) = Browser::launch(config)
            .await
            .map_err(|e| format!("cannot start Chromium: {e}"))?;
        let handler = tokio::spawn(async move {
            // An event chromiumoxide cannot decode is an error item; the
            // stream goes on, and ends when the connection does.
            while events.next().await.is_some() {}
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

    /// `url`, loaded in a fresh browser context.
    pub async fn open(&self, url: &str) -> Result<Tab<'_>, String> {
        let context = self
            .browser
            .create_browser_context(CreateBrowserContextParams::default())
            .await
            .map_err(|e| format!("cannot create a browser context: {e}"))?;
        let target = CreateTargetParams::builder()
            .url(url)
            .browser_context_id(context.clone())
            .build()?;
        let page = self
            .browser
            .new_page(target)
            .await
            .map_err(|e| format!("cannot open {url}: {e}"))?;
        page.wait_for_navigation()
            .await
            .map_err(|e| format!("cannot load {url}: {e}"))?;
        Ok(Tab {
            page,
            context,
            browser: &self.browser,
        })
    }
}

/// One page in its own browser context.
pub struct Tab<'lab> {
    page: Page,
    context: BrowserContextId,
    browser: &'lab Browser,
}

impl Tab<'_> {
    /// Evaluates `script`, a probe call that fetches `url`, and reads its
    /// summary; when the fetch failed, adds the reason Chromium's network
    /// service gave for that very request.
    pub async fn probe(&self, script: &str, url: &str) -> Result<Seen, String> {
        // Listen before the fetch starts: the events may come before the
        // script's answer.
        let mut sent = self
            .page
            .event_listener::<EventRequestWillBeSent>()
            .await
            .map_err(|e| format!("cannot listen for network events: {e}"))?;
        let mut failures = self
            .page
            .event_listener::<EventLoadingFailed>()
            .await
            .map_err(|e| format!("cannot listen for network events: {e}"))?;
        let value: Value = self
            .page
            .evaluate_expression(script)
            .await
            .map_err(|e| format!("`{script}` failed: {e}"))?
            .into_value()
            .map_err(|e| format!("`{script}` returned nothing readable: {e}"))?;
        let mut seen = Seen::from_json(&value)?;
        if seen.error.is_some() {
            // The requests to `url` (a redirect keeps its request's id), and
            // the failures with a CORS reason, until one of them matches.
            let mut ours = HashSet::new();
            let mut failed = Vec::new();
            let deadline = tokio::time::sleep(CORS_EVENT_TIMEOUT);
            tokio::pin!(deadline);
            loop {
                tokio::select! {
                    Some(event) = sent.next() => {
                        if event.request.url == url {
                            ours.insert(event.request_id.inner().clone());
                        }
                    }
                    Some(event) = failures.next() => {
                        if event.cors_error_status.is_some() {
                            failed.push(event);
                        }
                    }
                    () = &mut deadline => break,
                    else => break,
                }
                let ours_failed = failed
                    .iter()
                    .find(|event| ours.contains(event.request_id.inner()));
                if let Some(status) = ours_failed.and_then(|e| e.cors_error_status.as_ref()) {
                    seen.reason = Some(Reason::Chromium {
                        kind: status.cors_error.as_ref().to_owned(),
                        parameter: status.failed_parameter.clone(),
                    });
                    break;
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

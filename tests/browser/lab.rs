//! The browser lab: one engine's browser for the whole run, and a
//! [`Session`] per scenario: the lab's page, loaded from a fresh origin in a
//! fresh browser context or profile, that runs `fetch()` probes and reports
//! what JavaScript saw.

use serde_json::{json, Value};

use crate::api::serve_page;
use crate::engine::{Engine, Programs};
use crate::page::Seen;
use crate::{chromium, firefox, webkit};

/// One engine, started.
pub enum Lab {
    /// Chromium, over the DevTools protocol.
    Chromium(chromium::Lab),
    /// Firefox, over WebDriver BiDi.
    Firefox(firefox::Lab),
    /// WebKitGTK, over classic WebDriver.
    Webkit(webkit::Lab),
}

impl Lab {
    /// Starts `engine` from `programs`.
    pub async fn launch(engine: Engine, programs: Programs) -> Result<Lab, String> {
        match engine {
            Engine::Chromium => chromium::Lab::launch(&programs.browser)
                .await
                .map(Lab::Chromium),
            Engine::Firefox => firefox::Lab::launch(&programs.browser)
                .await
                .map(Lab::Firefox),
            Engine::Webkit => webkit::Lab::launch(programs).await.map(Lab::Webkit),
        }
    }

    /// Stops the engine.
    pub async fn close(self) {
        match self {
            Lab::Chromium(lab) => lab.close().await,
            Lab::Firefox(lab) => lab.close().await,
            Lab::Webkit(lab) => lab.close().await,
        }
    }

    /// A session whose page is served from `http://<host>:<new port>`;
    /// `host` is `127.0.0.1` or a name under `localhost`, which every
    /// engine resolves to the loopback address itself.
    pub async fn open(&self, engine: Engine, host: &str) -> Result<Session<'_>, String> {
        let port = serve_page().await?;
        let origin = format!("http://{host}:{port}");
        let url = format!("{origin}/");
        let tab = match self {
            Lab::Chromium(lab) => Tab::Chromium(lab.open(&url).await?),
            Lab::Firefox(lab) => Tab::Firefox(lab.open(&url).await?),
            Lab::Webkit(lab) => Tab::Webkit(lab.open(&url).await?),
        };
        Ok(Session {
            engine,
            origin,
            tab,
        })
    }
}

/// The lab's page, open in one engine for one scenario.
pub struct Session<'lab> {
    engine: Engine,
    origin: String,
    tab: Tab<'lab>,
}

enum Tab<'lab> {
    Chromium(chromium::Tab<'lab>),
    Firefox(firefox::Tab<'lab>),
    Webkit(webkit::Window),
}

impl Session<'_> {
    /// The engine the page runs in.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The page's origin, as the browser sends it in `Origin`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// `fetch(url, init)` from the page; `read` names the response headers
    /// to try to read from JavaScript.
    pub async fn fetch(&self, url: &str, init: Value, read: &[&str]) -> Result<Seen, String> {
        self.probe(
            &format!("probe({}, {init}, {})", json!(url), json!(read)),
            url,
        )
        .await
    }

    /// `fetch(url, init)` from a sandboxed iframe in the page, whose origin is
    /// opaque: the browser sends `Origin: null`.
    pub async fn fetch_from_null(&self, url: &str, init: Value) -> Result<Seen, String> {
        self.probe(&format!("probeFromNull({}, {init})", json!(url)), url)
            .await
    }

    async fn probe(&self, script: &str, url: &str) -> Result<Seen, String> {
        match &self.tab {
            Tab::Chromium(tab) => tab.probe(script, url).await,
            Tab::Firefox(tab) => tab.probe(script, url).await,
            Tab::Webkit(window) => window.probe(script).await,
        }
    }

    /// Closes the page and whatever held it (context or session).
    pub async fn close(self) {
        match self.tab {
            Tab::Chromium(tab) => tab.close().await,
            Tab::Firefox(tab) => tab.close().await,
            Tab::Webkit(window) => window.close().await,
        }
    }
}

//! The three browser engines the suite runs in, where their programs live on
//! a Debian machine, and what each says when a fetch fails.

use std::path::PathBuf;

/// A browser engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Debian's Chromium, driven over the DevTools protocol.
    Chromium,
    /// Firefox ESR, driven over the WebDriver BiDi server it serves itself.
    Firefox,
    /// WebKitGTK's MiniBrowser, driven over WebDriver by WebKitWebDriver.
    Webkit,
}

/// The programs one engine needs, found on this machine.
#[derive(Debug, Clone)]
pub struct Programs {
    /// The browser.
    pub browser: PathBuf,
    /// The WebDriver server, for an engine that does not serve one itself
    /// (WebKitGTK).
    pub driver: Option<PathBuf>,
    /// The X server for an engine that needs a display (WebKitGTK).
    pub display: Option<PathBuf>,
}

impl Engine {
    /// Every engine, in the order the suite lists them.
    pub const ALL: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::Webkit];

    /// The prefix of this engine's test lines (`chromium::…`).
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::Webkit => "webkit",
        }
    }

    /// The message of the `TypeError` a failed `fetch()` rejects with; the
    /// standard leaves the wording to the engine.
    pub fn failed_fetch_message(self) -> &'static str {
        match self {
            Engine::Chromium => "Failed to fetch",
            Engine::Firefox => "NetworkError when attempting to fetch resource.",
            Engine::Webkit => "Load failed",
        }
    }

    /// The programs this engine needs, or what to install when one is
    /// missing. Each can be named by an environment variable.
    pub fn programs(self) -> Result<Programs, String> {
        match self {
            Engine::Chromium => Ok(Programs {
                // `/usr/bin/chromium` is a shell wrapper that adds flags of
                // its own; the package's real binary comes first.
                browser: find(
                    "CHROMIUM",
                    &["/usr/lib/chromium/chromium", "/usr/bin/chromium"],
                )
                .ok_or("Chromium not found: apt-get install chromium, or set CHROMIUM")?,
                driver: None,
                display: None,
            }),
            Engine::Firefox => Ok(Programs {
                browser: find("FIREFOX", &["/usr/bin/firefox-esr", "/usr/bin/firefox"])
                    .ok_or("Firefox not found: apt-get install firefox-esr, or set FIREFOX")?,
                driver: None,
                display: None,
            }),
            Engine::Webkit => Ok(Programs {
                browser: find(
                    "MINIBROWSER",
                    &[
                        "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
                        "/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
                    ],
                )
                .ok_or(
                    "WebKitGTK's MiniBrowser not found: apt-get install webkit2gtk-driver, \
                     or set MINIBROWSER",
                )?,
                driver: Some(find_driver("WEBKIT_WEBDRIVER", "WebKitWebDriver").ok_or(
                    "WebKitWebDriver not found: apt-get install webkit2gtk-driver, \
                     or set WEBKIT_WEBDRIVER",
                )?),
                display: Some(
                    find("XVFB", &["/usr/bin/Xvfb"])
                        .ok_or("Xvfb not found: apt-get install xvfb, or set XVFB")?,
                ),
            }),
        }
    }
}

/// `$variable` if set, else the first of `paths` that is a file.
fn find(variable: &str, paths: &[&str]) -> Option<PathBuf> {
    find_among(variable, paths.iter().map(PathBuf::from))
}

/// `$variable` if set, else `program` in the first folder of `PATH` that
/// holds it.
fn find_driver(variable: &str, program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    find_among(
        variable,
        std::env::split_paths(&path).map(|dir| dir.join(program)),
    )
}

/// `$variable` if set (and nothing else then: a wrong path is missing, not
/// replaced), else the first of `candidates` that is a file.
fn find_among(variable: &str, candidates: impl Iterator<Item = PathBuf>) -> Option<PathBuf> {
    match std::env::var_os(variable) {
        Some(path) => Some(PathBuf::from(path)).filter(|p| p.is_file()),
        None => candidates.into_iter().find(|path| path.is_file()),
    }
}

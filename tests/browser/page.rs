//! The page every scenario loads, its `fetch()` probe, and [`Seen`]: what
//! JavaScript saw of one request, the same in every engine.

use std::collections::HashMap;

use serde_json::Value;

/// The page. `probe` runs one `fetch()` and returns what JavaScript could
/// see; `probeFromNull` runs it from a sandboxed iframe, whose origin is
/// opaque (`Origin: null`).
pub const PAGE: &str = r#"<!doctype html>
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
    return { fetched: false, error: e.name, message: e.message };
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
    /// The error's message, which each engine words its own way.
    pub message: Option<String>,
    /// The engine's reason for blocking the response, where the engine
    /// tells a driver (Chromium and Firefox do, WebKit does not).
    pub reason: Option<Reason>,
}

/// Why the engine blocked a response, in its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Chromium's DevTools `Network.CorsErrorStatus`: a kind such as
    /// `MissingAllowOriginHeader`, and the method or header name at fault.
    Chromium {
        /// The `CorsError` kind.
        kind: String,
        /// The failed parameter, empty when there is none.
        parameter: String,
    },
    /// The "(Reason: …)" of Firefox's console message "Cross-Origin Request
    /// Blocked", received over WebDriver BiDi.
    Firefox(String),
}

impl Seen {
    /// Reads the probe's JSON summary.
    pub fn from_json(value: &Value) -> Result<Seen, String> {
        let fetched = value["fetched"]
            .as_bool()
            .ok_or_else(|| format!("unexpected probe result {value}"))?;
        if !fetched {
            return Ok(Seen {
                error: value["error"].as_str().map(str::to_owned),
                message: value["message"].as_str().map(str::to_owned),
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
            ..Seen::default()
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
}

//! Diagnostics (the `tracing` feature): one event per request the policy
//! refuses, at `INFO` with target `tower_cors`, naming the origin, the
//! method, the reason and, where a configured value is a near miss, the
//! fix; allowed CORS requests at `TRACE`. Fields are computed only when a
//! subscriber wants the event, so an uninterested subscriber costs a level
//! check and no allocation.

use std::fmt;

use http::header;
use http::request::Parts;

use crate::decision::Decision;
use crate::policy::Policy;

/// Records what the layer decided for one request.
pub(crate) fn record(policy: &Policy, parts: &Parts, decision: &Decision) {
    let preflight = matches!(decision, Decision::Preflight(_));
    match decision.refusal() {
        Some(reason) => {
            if !tracing::enabled!(target: "tower_cors", tracing::Level::INFO) {
                return;
            }
            let origin = Lossy(parts.headers.get(header::ORIGIN).map(|v| v.as_bytes()));
            let requested = parts
                .headers
                .get(header::ACCESS_CONTROL_REQUEST_METHOD)
                .map(|v| tracing::field::display(Lossy(Some(v.as_bytes()))));
            let hint = policy.hint(parts, reason);
            tracing::info!(
                target: "tower_cors",
                origin = %origin,
                method = %parts.method,
                requested_method = requested,
                preflight,
                reason = %reason,
                hint = hint.as_deref(),
                "CORS request refused: {reason}"
            );
        }
        None if matches!(decision, Decision::NotCors(_)) => {}
        None => tracing::trace!(
            target: "tower_cors",
            origin = %Lossy(parts.headers.get(header::ORIGIN).map(|v| v.as_bytes())),
            method = %parts.method,
            preflight,
            "CORS request allowed"
        ),
    }
}

/// Header bytes shown as text without allocating: UTF-8 as is, anything
/// else escaped, at most 256 bytes.
struct Lossy<'a>(Option<&'a [u8]>);

impl fmt::Display for Lossy<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(bytes) = self.0 else {
            return Ok(());
        };
        let shown = &bytes[..bytes.len().min(256)];
        for chunk in shown.utf8_chunks() {
            f.write_str(chunk.valid())?;
            for b in chunk.invalid() {
                write!(f, "\\x{b:02x}")?;
            }
        }
        if shown.len() < bytes.len() {
            f.write_str("…")?;
        }
        Ok(())
    }
}

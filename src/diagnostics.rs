//! Diagnostics (the `tracing` feature): one event per request the policy
//! refuses, at `INFO` with target `tower_cors`, naming the origin, the
//! method, the reason and, where a configured value is a near miss, the
//! fix; allowed CORS requests at `TRACE`. Fields are computed only when a
//! subscriber wants the event, so an uninterested subscriber costs a level
//! check and no allocation.

use std::fmt;

use http::header;
use tracing::Level;

use crate::decision::{Decision, Refusal};
use crate::head::Head;
use crate::policy::Policy;

/// Records the decision on one request: nothing for a non-CORS one.
#[inline]
pub(crate) fn record(policy: &Policy, head: Head<'_>, decision: &Decision) {
    match decision {
        Decision::NotCors(_) => {}
        Decision::Allowed(_) => allowed(head, false),
        Decision::Refused { reason, .. } => refused(policy, head, false, reason),
        Decision::Preflight(answer) => match answer.refusal() {
            Some(reason) => refused(policy, head, true, reason),
            None => allowed(head, true),
        },
    }
}

/// Records an allowed CORS request, at `TRACE`. The macro reads the fields
/// only for a subscriber (or, with `tracing`'s `log` feature, a logger) that
/// wants the event.
fn allowed(head: Head<'_>, preflight: bool) {
    tracing::trace!(
        target: "tower_cors",
        origin = %Lossy(head.headers.get(header::ORIGIN).map(|v| v.as_bytes())),
        method = %head.method,
        preflight,
        "CORS request allowed"
    );
}

/// Records a refused CORS request, at `INFO`, with a hint when one helps.
/// The hint is computed only for a subscriber that wants the event.
fn refused(policy: &Policy, head: Head<'_>, preflight: bool, reason: &Refusal) {
    if !tracing::enabled!(target: "tower_cors", Level::INFO) {
        return;
    }
    let origin = Lossy(head.headers.get(header::ORIGIN).map(|v| v.as_bytes()));
    let requested = head
        .headers
        .get(header::ACCESS_CONTROL_REQUEST_METHOD)
        .map(|v| tracing::field::display(Lossy(Some(v.as_bytes()))));
    // The decision leaves an unlisted origin unread where it can; the
    // event says why exactly.
    let reason = &policy.reason(head, reason);
    let hint = policy.hint_for(head.headers, reason);
    tracing::info!(
        target: "tower_cors",
        origin = %origin,
        method = %head.method,
        requested_method = requested,
        preflight,
        reason = %reason,
        hint = hint.as_deref(),
        "CORS request refused: {reason}"
    );
}

/// Header bytes shown as text without allocating: UTF-8 as is, anything
/// else escaped, at most 256 bytes.
struct Lossy<'a>(Option<&'a [u8]>);

impl fmt::Display for Lossy<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(bytes) = self.0 else {
            return Ok(());
        };
        let shown = bytes.get(..256).unwrap_or(bytes);
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

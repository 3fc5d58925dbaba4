//! Header values rendered once, when the policy is built.

use http::HeaderValue;

/// Returns `value` in a state where cloning it only bumps a reference
/// count.
///
/// A value made from a runtime string owns a plain buffer that the `bytes`
/// crate turns into a shared, reference-counted one on its first clone,
/// which allocates. Cloning it once here, at build time, means no request
/// ever pays that allocation.
pub(crate) fn shared(value: HeaderValue) -> HeaderValue {
    drop(value.clone());
    value
}

/// Renders a list header value (`GET, POST`), or `None` for an empty list.
pub(crate) fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> Option<HeaderValue> {
    let joined = items.into_iter().collect::<Vec<_>>().join(", ");
    if joined.is_empty() {
        return None;
    }
    HeaderValue::from_str(&joined).ok().map(shared)
}

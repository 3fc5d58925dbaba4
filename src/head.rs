//! [`Head`]: the part of a request the policy reads.
//!
//! The policy needs a request's method and headers; only an origin
//! predicate needs the whole [`Parts`]. [`Policy::evaluate`] takes `Parts`,
//! which is what a user's test has. The service borrows the method and the
//! headers straight from the request instead, so that a policy without
//! predicates never splits the request into parts and back (two copies of
//! a 224-byte head, the largest cost of a non-CORS request after `Vary`).
//!
//! [`Policy::evaluate`]: crate::Policy::evaluate

use http::request::Parts;
use http::{HeaderMap, Method};

/// What the policy reads of one request.
#[derive(Clone, Copy)]
pub(crate) struct Head<'a> {
    pub(crate) method: &'a Method,
    pub(crate) headers: &'a HeaderMap,
    /// The whole head, for origin predicates. `None` only when the policy
    /// has no predicate (see [`Policy::reads_parts`]).
    ///
    /// [`Policy::reads_parts`]: crate::Policy::reads_parts
    pub(crate) parts: Option<&'a Parts>,
}

impl<'a> Head<'a> {
    /// A head with everything, for any policy.
    pub(crate) fn from_parts(parts: &'a Parts) -> Self {
        Head {
            method: &parts.method,
            headers: &parts.headers,
            parts: Some(parts),
        }
    }

    /// A head without `Parts`, for a policy that has no predicate.
    pub(crate) fn borrowed(method: &'a Method, headers: &'a HeaderMap) -> Self {
        Head {
            method,
            headers,
            parts: None,
        }
    }
}

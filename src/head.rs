//! [`Head`]: the part of a request the policy reads.
//!
//! The policy needs a request's method and headers; only an origin
//! predicate needs the whole [`Parts`]. [`Policy::evaluate`] takes `Parts`,
//! which is what a user's test has. The service borrows the method and the
//! headers straight from the request instead, so that a policy without
//! predicates never splits the request into parts and back (two copies of
//! the whole head).
//!
//! [`Policy::evaluate`]: crate::Policy::evaluate

use http::request::Parts;
use http::{header, HeaderMap, HeaderValue, Method};

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

    /// What kind of request this is. Reads `Origin`, and
    /// `Access-Control-Request-Method` only for an `OPTIONS` request: one
    /// lookup each when the request repeats no header name.
    #[inline]
    pub(crate) fn kind(&self) -> Kind<'a> {
        let Some(origin) = single(self.headers, &header::ORIGIN) else {
            return Kind::NotCors;
        };
        if *self.method == Method::OPTIONS {
            if let Some(method) = single(self.headers, &header::ACCESS_CONTROL_REQUEST_METHOD) {
                return Kind::Preflight { origin, method };
            }
        }
        Kind::Actual { origin }
    }
}

/// A request, in the Fetch Standard's terms.
#[derive(Clone, Copy)]
pub(crate) enum Kind<'a> {
    /// No `Origin`: not a CORS request.
    NotCors,
    /// A CORS request that is not a preflight.
    Actual { origin: Line<'a> },
    /// A CORS-preflight request: `OPTIONS` with `Origin` and
    /// `Access-Control-Request-Method`.
    Preflight { origin: Line<'a>, method: Line<'a> },
}

/// A header the request has, as the policy reads it: its one line, or
/// several, which no browser sends (and so nothing allows).
#[derive(Clone, Copy)]
pub(crate) enum Line<'a> {
    One(&'a HeaderValue),
    Repeated,
}

impl<'a> Line<'a> {
    /// The value of the one line; `None` when the header is repeated.
    #[inline]
    pub(crate) fn one(self) -> Option<&'a HeaderValue> {
        match self {
            Line::One(value) => Some(value),
            Line::Repeated => None,
        }
    }
}

/// `name`'s [`Line`], or `None` when the request lacks it.
fn single<'a>(headers: &'a HeaderMap, name: &header::HeaderName) -> Option<Line<'a>> {
    let first = headers.get(name)?;
    // A request that repeats no name at all (the usual one) needs no
    // second look.
    let alone =
        headers.len() == headers.keys_len() || headers.get_all(name).iter().nth(1).is_none();
    Some(if alone {
        Line::One(first)
    } else {
        Line::Repeated
    })
}

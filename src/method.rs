//! Methods: the configured list, normalised as Fetch normalises methods,
//! and the check of a preflight's `Access-Control-Request-Method`.

use http::header::{HeaderMap, HeaderValue, ACCESS_CONTROL_ALLOW_METHODS};

use crate::decision::Refusal;
use crate::error::Problem;
use crate::head::Line;
use crate::render;
use crate::token::{is_token, Token};

/// The six names Fetch uppercases; every other method is case-sensitive.
const NORMALIZED: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];
/// Methods a browser never sends from `fetch()`.
const FORBIDDEN: [&str; 3] = ["CONNECT", "TRACE", "TRACK"];
/// Methods a preflight never needs to be allowed.
const SAFELISTED: [&str; 3] = ["GET", "HEAD", "POST"];
/// The longest requested method that is read when it is not a configured
/// one; longer ones are refused without being read, so the work per
/// request stays bounded whatever a client sends. No browser sends a
/// method name anywhere near this long.
pub(crate) const MAX_METHOD_LEN: usize = 1024;

/// Validates a configured method and normalises it the way Fetch does:
/// `delete` means `DELETE`, but `patch` stays `patch`.
pub(crate) fn normalize(method: &str) -> Result<String, Problem> {
    if method == "*" {
        return Err(Problem::WildcardInMethodList);
    }
    if !is_token(method.as_bytes()) {
        return Err(Problem::InvalidMethod {
            method: method.to_owned(),
        });
    }
    if FORBIDDEN.iter().any(|f| f.eq_ignore_ascii_case(method)) {
        return Err(Problem::ForbiddenMethod {
            method: method.to_owned(),
        });
    }
    Ok(
        match NORMALIZED.iter().find(|n| n.eq_ignore_ascii_case(method)) {
            Some(normal) => (*normal).to_owned(),
            None => method.to_owned(),
        },
    )
}

/// The compiled method policy.
#[derive(Debug, Clone)]
pub(crate) struct AllowedMethods {
    /// Any method (`allow_methods(Any)`).
    any: bool,
    /// Configured methods, normalised and without repeats.
    listed: Vec<Box<str>>,
    /// `Access-Control-Allow-Methods`, or `None` when it is echoed or empty.
    rendered: Option<HeaderValue>,
    /// Whether the requested method is echoed (any method with credentials,
    /// where `*` would be read as a method literally named `*`).
    echo: bool,
}

impl AllowedMethods {
    pub(crate) fn new(any: bool, listed: Vec<String>, credentials: bool) -> Self {
        let echo = any && credentials;
        let rendered = if echo {
            None
        } else if any {
            Some(HeaderValue::from_static("*"))
        } else {
            render::list(listed.iter().map(String::as_str))
        };
        AllowedMethods {
            any,
            listed: listed.into_iter().map(String::into_boxed_str).collect(),
            rendered,
            echo,
        }
    }

    /// Whether the answer depends on the requested method.
    pub(crate) fn echoes(&self) -> bool {
        self.echo
    }

    /// `Access-Control-Allow-Methods`, the same for every preflight, or
    /// `None` when it is echoed or there is nothing to list.
    pub(crate) fn rendered(&self) -> Option<&HeaderValue> {
        self.rendered.as_ref()
    }

    /// Checks the preflight's requested method (`None` when the request
    /// has several `Access-Control-Request-Method` lines); when the policy
    /// echoes it, fills the answer's `Access-Control-Allow-Methods` slot
    /// with it, or removes the slot when there is no valid method to echo.
    pub(crate) fn check(&self, requested: Line<'_>, answer: &mut HeaderMap) -> Result<(), Refusal> {
        let requested = requested.one().ok_or(Refusal::InvalidRequestMethod);
        if self.echo {
            return match requested.and_then(valid) {
                Ok(method) => {
                    answer.insert(ACCESS_CONTROL_ALLOW_METHODS, method.clone());
                    Ok(())
                }
                Err(refusal) => {
                    answer.remove(ACCESS_CONTROL_ALLOW_METHODS);
                    Err(refusal)
                }
            };
        }
        let method = requested?;
        let bytes = method.as_bytes();
        // A listed or safelisted method is a token, so a hit needs no
        // further validation.
        let listed = SAFELISTED.iter().any(|m| m.as_bytes() == bytes)
            || self.listed.iter().any(|m| m.as_bytes() == bytes);
        if listed {
            return Ok(());
        }
        valid(method)?;
        if self.any {
            Ok(())
        } else {
            Err(Refusal::MethodNotAllowed(Token::new(bytes)))
        }
    }

    /// The "did you mean" for a refused `method`: the configured method it
    /// equals but for case (method names are case-sensitive), or the list.
    pub(crate) fn hint(&self, method: &str) -> Option<String> {
        let upper = method.to_ascii_uppercase();
        if upper != method && NORMALIZED.contains(&upper.as_str()) {
            return Some(format!(
                "browsers always send `{upper}` in upper case, whatever the script wrote: \
                 `{method}` comes from a client that is not a browser"
            ));
        }
        if let Some(listed) = self.listed.iter().find(|m| m.eq_ignore_ascii_case(method)) {
            return Some(format!(
                "method names are case-sensitive: `{listed}` is allowed, `{method}` is not; \
                 allow `{method}` too"
            ));
        }
        let allowed = self
            .rendered
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .unwrap_or("none but GET, HEAD and POST");
        Some(format!("allowed methods: {allowed}"))
    }
}

/// The requested method, if it is a valid token.
fn valid(method: &HeaderValue) -> Result<&HeaderValue, Refusal> {
    if method.len() <= MAX_METHOD_LEN && is_token(method.as_bytes()) {
        Ok(method)
    } else {
        Err(Refusal::InvalidRequestMethod)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_like_fetch() {
        assert_eq!(normalize("delete").unwrap(), "DELETE");
        assert_eq!(normalize("Get").unwrap(), "GET");
        assert_eq!(normalize("patch").unwrap(), "patch");
        assert_eq!(normalize("PATCH").unwrap(), "PATCH");
        assert_eq!(normalize("PROPFIND").unwrap(), "PROPFIND");
    }

    #[test]
    fn refuses_invalid_and_forbidden() {
        assert!(matches!(
            normalize("GET POST"),
            Err(Problem::InvalidMethod { .. })
        ));
        assert!(matches!(normalize(""), Err(Problem::InvalidMethod { .. })));
        assert!(matches!(normalize("*"), Err(Problem::WildcardInMethodList)));
        for m in ["CONNECT", "trace", "Track"] {
            assert!(
                matches!(normalize(m), Err(Problem::ForbiddenMethod { .. })),
                "{m}"
            );
        }
    }
}

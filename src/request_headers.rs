//! Request headers: the configured allow list, and the bounded parser that
//! checks a preflight's `Access-Control-Request-Headers` against it.

use rustc_hash::FxHashSet as HashSet;

use http::header::{
    HeaderMap, HeaderName, HeaderValue, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_REQUEST_HEADERS,
};

use crate::error::{HeaderList, Problem};
use crate::render;
use crate::token::{is_token, Token};
use crate::Refusal;

/// The most bytes of `Access-Control-Request-Headers` the layer reads,
/// over all lines. A browser lists only the non-safelisted header names a
/// script set; 8 KiB is hundreds of them. Anything longer is refused
/// without being read.
///
/// ```
/// use http::{header, Request};
/// use tower_cors::{CorsLayer, Refusal, MAX_REQUEST_HEADERS_LEN};
///
/// let cors = CorsLayer::builder()
///     .allow_origin("https://app.example.com")
///     .allow_headers("x-a")
///     .build()?;
/// let (parts, ()) = Request::options("/")
///     .header(header::ORIGIN, "https://app.example.com")
///     .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
///     .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "x-a,".repeat(MAX_REQUEST_HEADERS_LEN))
///     .body(())
///     .unwrap()
///     .into_parts();
/// assert_eq!(
///     cors.policy().evaluate(&parts).refusal(),
///     Some(&Refusal::InvalidRequestHeaders)
/// );
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
pub const MAX_REQUEST_HEADERS_LEN: usize = 8 * 1024;
/// The most `Access-Control-Request-Headers` lines the layer reads. A
/// browser sends one.
const MAX_REQUEST_HEADERS_LINES: usize = 16;
/// The longest allowed request header name, so that any requested name is
/// lowercased on the stack for its lookup. Real names are a few dozen bytes.
pub(crate) const MAX_ALLOWED_NAME_LEN: usize = 128;
/// Up to this many configured names, a requested name is looked up by
/// scanning them; beyond it, in a hash set.
const SCAN_LIMIT: usize = 8;

/// Request headers a script can never set, so a preflight never asks for
/// them (Fetch's forbidden request-header names; `proxy-*` and `sec-*` too).
/// (`access-control-request-*`, forbidden too, is refused earlier as a CORS
/// protocol header.)
const FORBIDDEN: [&str; 19] = [
    "accept-charset",
    "accept-encoding",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// Parses a header name of either list, lowercased; refuses the names of
/// the CORS protocol itself.
pub(crate) fn parse_name(name: &str, list: HeaderList) -> Result<String, Problem> {
    let parsed =
        HeaderName::from_bytes(name.as_bytes()).map_err(|_| Problem::InvalidHeaderName {
            name: name.to_owned(),
            list,
        })?;
    let lower = parsed.as_str();
    if lower == "*" {
        return Err(Problem::WildcardInHeaderList { list });
    }
    if lower.starts_with("access-control-") {
        return Err(Problem::CorsProtocolHeader {
            name: name.to_owned(),
            list,
        });
    }
    Ok(lower.to_owned())
}

/// Validates a configured allowed request header, lowercased.
pub(crate) fn normalize_allowed(name: &str) -> Result<String, Problem> {
    let lower = parse_name(name, HeaderList::Allowed)?;
    if lower.len() > MAX_ALLOWED_NAME_LEN {
        return Err(Problem::HeaderNameTooLong {
            name: name.to_owned(),
        });
    }
    let forbidden = FORBIDDEN.contains(&lower.as_str())
        || lower.starts_with("proxy-")
        || lower.starts_with("sec-");
    if forbidden {
        return Err(Problem::ForbiddenRequestHeader {
            name: name.to_owned(),
        });
    }
    Ok(lower)
}

/// The compiled request-header policy.
#[derive(Debug, Clone)]
pub(crate) struct AllowedHeaders {
    /// Any header (`allow_headers(Any)`); without credentials this still
    /// excludes `authorization` unless it is listed, as `*` does in browsers.
    any: bool,
    /// Whether the request's list is echoed (any header with credentials).
    echo: bool,
    /// Configured names, lowercase, in the order given.
    listed: Vec<Box<[u8]>>,
    /// The same names hashed, when there are more than [`SCAN_LIMIT`]:
    /// below that, comparing lengths and then bytes beats hashing.
    index: Option<HashSet<Box<[u8]>>>,
    /// The longest configured name: anything longer is not in the list.
    longest: usize,
    /// `Access-Control-Allow-Headers`, or `None` when echoed or empty.
    rendered: Option<HeaderValue>,
}

impl AllowedHeaders {
    pub(crate) fn new(any: bool, listed: Vec<String>, credentials: bool) -> Self {
        let echo = any && credentials;
        let rendered = if echo {
            None
        } else if any {
            // `*` never covers `authorization`; name it when it is allowed.
            let authorization = listed.iter().any(|n| n == "authorization");
            render::list(std::iter::once("*").chain(authorization.then_some("authorization")))
        } else {
            render::list(listed.iter().map(String::as_str))
        };
        let listed: Vec<Box<[u8]>> = listed
            .into_iter()
            .map(|n| n.into_bytes().into_boxed_slice())
            .collect();
        AllowedHeaders {
            any,
            echo,
            longest: listed.iter().map(|n| n.len()).max().unwrap_or(0),
            index: (listed.len() > SCAN_LIMIT).then(|| listed.iter().cloned().collect()),
            listed,
            rendered,
        }
    }

    /// Whether the answer depends on the requested headers.
    pub(crate) fn echoes(&self) -> bool {
        self.echo
    }

    /// `Access-Control-Allow-Headers`, the same for every preflight, or
    /// `None` when it is echoed or there is nothing to list.
    pub(crate) fn rendered(&self) -> Option<&HeaderValue> {
        self.rendered.as_ref()
    }

    /// Checks the preflight's requested headers; when the policy echoes
    /// them, fills the answer's `Access-Control-Allow-Headers` slot with
    /// them, or removes the slot when there is nothing valid to echo.
    ///
    /// Linear in the header's bytes, capped at [`MAX_REQUEST_HEADERS_LEN`]
    /// and 16 lines; stops at the first name the policy does not allow;
    /// never allocates in proportion to the input (a list split over several
    /// lines is echoed line by line, each a reference-counted clone).
    pub(crate) fn check(&self, request: &HeaderMap, answer: &mut HeaderMap) -> Result<(), Refusal> {
        let verdict = self.verdict(request);
        if self.echo {
            answer.remove(ACCESS_CONTROL_ALLOW_HEADERS);
            if verdict.is_ok() {
                for line in request.get_all(ACCESS_CONTROL_REQUEST_HEADERS) {
                    answer.append(ACCESS_CONTROL_ALLOW_HEADERS, line.clone());
                }
            }
        }
        verdict
    }

    fn verdict(&self, request: &HeaderMap) -> Result<(), Refusal> {
        let lines = request.get_all(ACCESS_CONTROL_REQUEST_HEADERS);
        let mut count = 0;
        let mut total = 0;
        for line in lines.iter() {
            count += 1;
            total += line.len();
            if count > MAX_REQUEST_HEADERS_LINES || total > MAX_REQUEST_HEADERS_LEN {
                return Err(Refusal::InvalidRequestHeaders);
            }
        }
        for line in lines.iter() {
            for name in line.as_bytes().split(|&b| b == b',') {
                self.check_name(name.trim_ascii())?;
            }
        }
        Ok(())
    }

    /// Checks one requested name. A configured name is a valid token, so
    /// a hit needs no further validation; only a miss is checked for syntax.
    fn check_name(&self, name: &[u8]) -> Result<(), Refusal> {
        if name.is_empty() || self.is_listed(name) {
            return Ok(());
        }
        if !is_token(name) {
            return Err(Refusal::InvalidRequestHeaders);
        }
        if self.echo || (self.any && !name.eq_ignore_ascii_case(b"authorization")) {
            Ok(())
        } else {
            Err(Refusal::HeaderNotAllowed(Token::new(name)))
        }
    }

    /// Whether `name` is a configured name, ignoring ASCII case. No
    /// allocation.
    fn is_listed(&self, name: &[u8]) -> bool {
        if name.len() > self.longest {
            return false;
        }
        let Some(index) = &self.index else {
            // Browsers send lowercase names: try the exact bytes first.
            return self.listed.iter().any(|n| **n == *name)
                || self.listed.iter().any(|n| n.eq_ignore_ascii_case(name));
        };
        // `name` is no longer than the longest configured name, so it fits.
        let mut lower = [0u8; MAX_ALLOWED_NAME_LEN];
        let Some(lower) = lower.get_mut(..name.len()) else {
            return false;
        };
        lower.copy_from_slice(name);
        lower.make_ascii_lowercase();
        index.contains(&*lower)
    }

    /// The "did you mean" for a refused request header `name`: a configured
    /// name spelled nearly the same, the `*`-and-`authorization` rule, or
    /// the list.
    pub(crate) fn hint(&self, name: &str, whole: bool) -> Option<String> {
        let lower = name.to_ascii_lowercase();
        if self.any && lower == "authorization" {
            return Some(
                "`*` never covers `authorization`: add it with `allow_headers(\"authorization\")`"
                    .to_owned(),
            );
        }
        let allowed = self
            .rendered
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .unwrap_or("none");
        if !whole {
            // A name cut at 64 bytes: naming it would mislead.
            return Some(format!("allowed request headers: {allowed}"));
        }
        let near = self.listed.iter().find_map(|listed| {
            let listed = std::str::from_utf8(listed).ok()?;
            close_spelling(listed, &lower).then_some(listed)
        });
        if let Some(listed) = near {
            return Some(format!(
                "did you mean `{listed}`? It is allowed; `{name}` is not"
            ));
        }
        Some(format!(
            "allowed request headers: {allowed}; add `{lower}` with `allow_headers`"
        ))
    }
}

/// Whether two lowercase names are the same but for `-`/`_`, or close
/// enough to be a typo (one edit from 4 bytes, two from 8), and not
/// identical. Short names are too alike to guess between (`x-a`, `x-b`).
fn close_spelling(a: &str, b: &str) -> bool {
    let strip = |s: &str| s.replace(['-', '_'], "");
    let edits = match a.len().min(b.len()) {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    };
    a != b
        && (strip(a) == strip(b)
            || (edits > 0 && edit_distance(a.as_bytes(), b.as_bytes()) <= edits))
}

/// Levenshtein distance; used only on short configured names, for hints.
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    if a.len().abs_diff(b.len()) > 2
        || a.len() > MAX_ALLOWED_NAME_LEN
        || b.len() > MAX_ALLOWED_NAME_LEN
    {
        return usize::MAX;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(x != y);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::request::Parts;

    fn parts(lines: &[&str]) -> Parts {
        let mut builder = http::Request::builder().method("OPTIONS");
        for line in lines {
            builder = builder.header(ACCESS_CONTROL_REQUEST_HEADERS, *line);
        }
        builder.body(()).unwrap().into_parts().0
    }

    /// The verdict and the `Access-Control-Allow-Headers` lines written.
    fn check(policy: &AllowedHeaders, parts: &Parts) -> (Result<(), Refusal>, Vec<String>) {
        let mut answer = HeaderMap::new();
        if let Some(rendered) = policy.rendered() {
            answer.insert(ACCESS_CONTROL_ALLOW_HEADERS, rendered.clone());
        }
        let verdict = policy.check(&parts.headers, &mut answer);
        let lines = answer
            .get_all(ACCESS_CONTROL_ALLOW_HEADERS)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        (verdict, lines)
    }

    fn listed(names: &[&str]) -> AllowedHeaders {
        AllowedHeaders::new(false, names.iter().map(|n| n.to_string()).collect(), false)
    }

    #[test]
    fn lenient_parsing() {
        let policy = listed(&["x-a", "x-b", "content-type"]);
        for lines in [
            &["x-a,x-b"][..],
            &["x-a, x-b"],
            &["X-A ,\tX-B"],
            &["x-a", "x-b"],
            &["x-a,", ",x-b"],
            &["content-type,x-a,x-b"],
            &["\tx-a\t,\t x-b \t"],
            &[" , ,x-a,,x-b ,"],
            &[""],
            &[],
        ] {
            assert_eq!(check(&policy, &parts(lines)).0, Ok(()), "{lines:?}");
        }
    }

    #[test]
    fn first_disallowed_name_is_named() {
        let policy = listed(&["x-a"]);
        let (verdict, rendered) = check(&policy, &parts(&["x-a, X-Foo, x-bar"]));
        assert_eq!(
            verdict,
            Err(Refusal::HeaderNotAllowed(Token::new(b"X-Foo")))
        );
        assert_eq!(rendered, ["x-a"]);
    }

    #[test]
    fn malformed_and_oversized_lists_are_refused() {
        let policy = listed(&["x-a"]);
        for malformed in [
            "x a",
            "x-a,x-a x-a",
            "x-a\t,x-a x-a",
            "x-a,(x-a)",
            "x-a;x-a",
        ] {
            assert_eq!(
                check(&policy, &parts(&[malformed])).0,
                Err(Refusal::InvalidRequestHeaders),
                "{malformed:?}"
            );
        }
        let huge = "x-a,".repeat(MAX_REQUEST_HEADERS_LEN / 4 + 1);
        assert_eq!(
            check(&policy, &parts(&[&huge])).0,
            Err(Refusal::InvalidRequestHeaders)
        );
        let many = vec!["x-a"; MAX_REQUEST_HEADERS_LINES + 1];
        assert_eq!(
            check(&policy, &parts(&many)).0,
            Err(Refusal::InvalidRequestHeaders)
        );
    }

    #[test]
    fn any_header_excludes_authorization_unless_listed() {
        let any = AllowedHeaders::new(true, vec![], false);
        assert_eq!(check(&any, &parts(&["x-anything"])).0, Ok(()));
        assert!(check(&any, &parts(&["authorization"])).0.is_err());
        assert_eq!(any.rendered.as_ref().unwrap(), "*");
        let any = AllowedHeaders::new(true, vec!["authorization".into()], false);
        assert_eq!(check(&any, &parts(&["Authorization, x-b"])).0, Ok(()));
        assert_eq!(any.rendered.as_ref().unwrap(), "*, authorization");
    }

    #[test]
    fn any_header_with_credentials_echoes() {
        let echo = AllowedHeaders::new(true, vec![], true);
        let (verdict, rendered) = check(&echo, &parts(&["authorization,x-b"]));
        assert_eq!(verdict, Ok(()));
        assert_eq!(rendered, ["authorization,x-b"]);
        let (_, rendered) = check(&echo, &parts(&["x-a", "x-b"]));
        assert_eq!(rendered, ["x-a", "x-b"]);
        assert!(check(&echo, &parts(&[])).1.is_empty());
    }

    #[test]
    fn config_validation() {
        assert_eq!(normalize_allowed("X-Custom").unwrap(), "x-custom");
        for name in [
            "cookie",
            "Host",
            "origin",
            "sec-fetch-mode",
            "Proxy-Authorization",
        ] {
            assert!(
                matches!(
                    normalize_allowed(name),
                    Err(Problem::ForbiddenRequestHeader { .. })
                ),
                "{name}"
            );
        }
        for name in [
            "access-control-allow-origin",
            "access-control-request-method",
            "Access-Control-Request-Private-Network",
        ] {
            assert!(
                matches!(
                    normalize_allowed(name),
                    Err(Problem::CorsProtocolHeader { .. })
                ),
                "{name}"
            );
        }
        assert!(matches!(
            normalize_allowed("*"),
            Err(Problem::WildcardInHeaderList {
                list: HeaderList::Allowed
            })
        ));
        assert!(matches!(
            normalize_allowed("bad name"),
            Err(Problem::InvalidHeaderName { .. })
        ));
        assert!(normalize_allowed(&"x".repeat(MAX_ALLOWED_NAME_LEN)).is_ok());
        assert!(matches!(
            normalize_allowed(&"x".repeat(MAX_ALLOWED_NAME_LEN + 1)),
            Err(Problem::HeaderNameTooLong { .. })
        ));
    }

    #[test]
    fn scanned_and_hashed_lists_agree() {
        let few = listed(&["x-a", "content-type"]);
        let names: Vec<String> = (0..=SCAN_LIMIT).map(|n| format!("x-pad-{n}")).collect();
        let mut many: Vec<&str> = names.iter().map(String::as_str).collect();
        many.extend(["x-a", "content-type"]);
        let many = listed(&many);
        assert!(few.index.is_none());
        assert!(many.index.is_some());
        for policy in [&few, &many] {
            for allowed in ["x-a", "X-A", "Content-Type,x-a", "CONTENT-TYPE"] {
                assert_eq!(check(policy, &parts(&[allowed])).0, Ok(()), "{allowed}");
            }
            assert_eq!(
                check(policy, &parts(&["x-a,X-B"])).0,
                Err(Refusal::HeaderNotAllowed(Token::new(b"X-B")))
            );
            // Not a token, though equal to a listed name but for one byte.
            assert_eq!(
                check(policy, &parts(&["x-a,x@a"])).0,
                Err(Refusal::InvalidRequestHeaders)
            );
        }
    }

    #[test]
    fn long_uppercase_names_are_looked_up_on_the_stack() {
        let long = "x".repeat(MAX_ALLOWED_NAME_LEN);
        let names: Vec<String> = (0..SCAN_LIMIT).map(|n| format!("x-pad-{n}")).collect();
        let mut list: Vec<&str> = names.iter().map(String::as_str).collect();
        list.push(&long);
        let policy = listed(&list);
        assert!(policy.index.is_some());
        let upper = long.to_ascii_uppercase();
        assert_eq!(check(&policy, &parts(&[&upper])).0, Ok(()));
        let longer = "X".repeat(MAX_ALLOWED_NAME_LEN + 1);
        assert!(check(&policy, &parts(&[&longer])).0.is_err());
    }
}

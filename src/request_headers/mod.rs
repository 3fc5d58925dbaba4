//! Request headers: the configured allow list, and the bounded parser that
//! checks a preflight's `Access-Control-Request-Headers` against it.

use http::header::{
    HeaderMap, HeaderValue, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_REQUEST_HEADERS,
};

mod name_table;

use crate::decision::Refusal;
use crate::error::{HeaderList, Problem};
use crate::header_name::parse_name;
use crate::render;
use crate::spelling::close_spelling;
use crate::token::{is_token_char, Token};

use name_table::{Key, NameTable};

/// The most bytes of `Access-Control-Request-Headers` the layer reads,
/// over all lines, however many: counted as the list joined into one line
/// by commas, so that a list a proxy split one name a line is the one-line
/// list (and an empty line still counts a byte). A browser lists only the
/// non-safelisted header names a script set; 8 KiB is hundreds of them.
/// Anything longer is refused without being read.
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
/// The longest allowed request header name, so that looking up a requested
/// name compares at most this many of its bytes (a longer one is not looked
/// up). Real names are a few dozen bytes.
pub(crate) const MAX_ALLOWED_NAME_LEN: usize = 128;

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
    /// Whether `authorization` is a configured name.
    authorization: bool,
    /// Configured names, lowercase, in the order given.
    listed: Vec<Box<[u8]>>,
    /// The same names, for lookup: one probe per requested name.
    table: NameTable,
    /// The longest configured name: anything longer is not in the list.
    longest: usize,
    /// `Access-Control-Allow-Headers`, or `None` when echoed or empty.
    rendered: Option<HeaderValue>,
}

impl AllowedHeaders {
    pub(crate) fn new(any: bool, listed: Vec<String>, credentials: bool) -> Self {
        let echo = any && credentials;
        let authorization = listed.iter().any(|n| n == "authorization");
        let rendered = if echo {
            None
        } else if any {
            // `*` never covers `authorization`; name it when it is allowed.
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
            authorization,
            longest: listed.iter().map(|n| n.len()).max().unwrap_or(0),
            table: NameTable::new(&listed),
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
    /// over all lines (however many: a list split over lines is the same
    /// list); stops at the first name the policy does not allow; never
    /// allocates in proportion to the input (a list split over several
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
        // The length of the list as one line, its lines joined by commas
        // (plus the one comma after the last): every line counts at least
        // a byte, so this stops within `MAX_REQUEST_HEADERS_LEN` lines.
        let mut joined = 0usize;
        for line in lines.iter() {
            joined = joined.saturating_add(line.len() + 1);
            if joined > MAX_REQUEST_HEADERS_LEN + 1 {
                return Err(Refusal::InvalidRequestHeaders);
            }
        }
        // The policy's kind is settled once, not for every name.
        let lines = lines.iter().map(HeaderValue::as_bytes);
        if self.echo {
            check_lines(lines, Every)
        } else if self.any {
            check_lines(
                lines,
                AllBut {
                    authorization: !self.authorization,
                },
            )
        } else {
            check_lines(lines, Listed(self))
        }
    }
}

/// Which requested names a policy allows: each kind of policy has its own
/// copy of the parser's loop, with its test inlined. A name is the bytes
/// `start..end` of `line`: read in place, a word at a time.
trait Allows {
    fn allows(&self, line: &[u8], start: usize, end: usize) -> bool;
}

/// Any name (echoed).
struct Every;

impl Allows for Every {
    #[inline(always)]
    fn allows(&self, _: &[u8], _: usize, _: usize) -> bool {
        true
    }
}

/// Any name, or all but `authorization` (`*`).
struct AllBut {
    authorization: bool,
}

impl Allows for AllBut {
    #[inline(always)]
    fn allows(&self, line: &[u8], start: usize, end: usize) -> bool {
        !(self.authorization
            && end - start == 13
            && line
                .get(start..end)
                .is_some_and(|name| name.eq_ignore_ascii_case(b"authorization")))
    }
}

/// The configured names.
struct Listed<'a>(&'a AllowedHeaders);

impl Allows for Listed<'_> {
    #[inline(always)]
    fn allows(&self, line: &[u8], start: usize, end: usize) -> bool {
        let headers = self.0;
        end - start <= headers.longest
            && headers
                .table
                .contains(&headers.listed, Key::read(line, start, end), line, start)
    }
}

impl AllowedHeaders {
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

/// What a byte is to the header-list parser.
const OTHER: u8 = 0;
const TOKEN: u8 = 1;
/// What `trim_ascii` trims.
const SPACE: u8 = 2;
const COMMA: u8 = 3;

/// `CLASS[b]`: what byte `b` is to the header-list parser.
#[allow(clippy::indexing_slicing)] // `b < 256`, the table's length
static CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if is_token_char(c) {
            TOKEN
        } else if c.is_ascii_whitespace() {
            SPACE
        } else if c == b',' {
            COMMA
        } else {
            OTHER
        };
        b += 1;
    }
    table
};

/// What byte `b` is to the header-list parser.
#[inline(always)]
fn class(b: u8) -> u8 {
    #[allow(clippy::indexing_slicing)] // a byte indexes a 256-entry table
    CLASS[usize::from(b)]
}

/// Checks the lines of a list in one pass over their bytes: each
/// comma-separated item, trimmed of white space, is empty or a token (else
/// the list is invalid); each token, in order, must be `allowed`. One table
/// lookup per byte, one test per name.
fn check_lines<'a>(
    lines: impl Iterator<Item = &'a [u8]>,
    allowed: impl Allows,
) -> Result<(), Refusal> {
    let token_byte = |b: Option<&u8>| b.is_some_and(|&b| class(b) == TOKEN);
    for line in lines {
        let judge = |start: usize, end: usize| {
            if allowed.allows(line, start, end) {
                Ok(())
            } else {
                Err(not_allowed(line, start, end))
            }
        };
        // The current item's name, once read: `start..end`.
        let mut name = None;
        let mut i = 0;
        while let Some(&b) = line.get(i) {
            match class(b) {
                TOKEN if name.is_none() => {
                    // A name, read whole in a tight loop.
                    let start = i;
                    i += 1;
                    while token_byte(line.get(i)) {
                        i += 1;
                    }
                    name = Some((start, i));
                    // Most often a comma comes next: judged at once.
                    if line.get(i) != Some(&b',') {
                        continue;
                    }
                }
                COMMA => {}
                SPACE => {
                    i += 1;
                    continue;
                }
                // Any other byte, or a second token in one item.
                _ => return Err(Refusal::InvalidRequestHeaders),
            }
            // At a comma. An item is judged only once it is read whole, so
            // that the first item that fails decides the refusal.
            if let Some((start, end)) = name.take() {
                judge(start, end)?;
            }
            i += 1;
        }
        if let Some((start, end)) = name {
            judge(start, end)?;
        }
    }
    Ok(())
}

/// The refusal of the name `start..end` of `line`, out of the loop.
#[cold]
#[inline(never)]
fn not_allowed(line: &[u8], start: usize, end: usize) -> Refusal {
    Refusal::HeaderNotAllowed(Token::new(line.get(start..end).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::name_table::lower_word;
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
    }

    #[test]
    fn the_bound_is_the_list_joined_into_one_line() {
        let policy = listed(&["x-a"]);
        // One name a line: the lines joined by commas are the one-line list.
        // 2048 lines of `x-a` join into 2048 * 4 - 1 bytes, just under.
        let lines = MAX_REQUEST_HEADERS_LEN / 4;
        let many = vec!["x-a"; lines];
        assert_eq!(many.join(",").len(), MAX_REQUEST_HEADERS_LEN - 1);
        assert_eq!(check(&policy, &parts(&many)).0, Ok(()));
        // One more byte: exactly the bound.
        let mut exact = many.clone();
        exact[0] = "x-a ";
        assert_eq!(exact.join(",").len(), MAX_REQUEST_HEADERS_LEN);
        assert_eq!(check(&policy, &parts(&exact)).0, Ok(()));
        // One more: over it, refused before any name is read (`x-b` is not
        // allowed, yet the refusal is for the length).
        exact[0] = "x-b  ";
        assert_eq!(exact.join(",").len(), MAX_REQUEST_HEADERS_LEN + 1);
        assert_eq!(
            check(&policy, &parts(&exact)).0,
            Err(Refusal::InvalidRequestHeaders)
        );
        // Empty lines count their comma, so that no count of lines goes
        // unbounded.
        let empty = vec![""; MAX_REQUEST_HEADERS_LEN + 1];
        assert_eq!(check(&policy, &parts(&empty)).0, Ok(()));
        let empty = vec![""; MAX_REQUEST_HEADERS_LEN + 2];
        assert_eq!(
            check(&policy, &parts(&empty)).0,
            Err(Refusal::InvalidRequestHeaders)
        );
    }

    #[test]
    fn items_are_judged_in_order_once_read_whole() {
        let policy = listed(&["x-a"]);
        for (lines, verdict) in [
            (&["x-b x-a"][..], Err(Refusal::InvalidRequestHeaders)),
            (
                &["x-b, x-a x-a"],
                Err(Refusal::HeaderNotAllowed(Token::new(b"x-b"))),
            ),
            (
                &["x-a", "x-b", "(x)"],
                Err(Refusal::HeaderNotAllowed(Token::new(b"x-b"))),
            ),
            (&["x-a", "(x)", "x-b"], Err(Refusal::InvalidRequestHeaders)),
            (
                &["x-a ", " x-b"],
                Err(Refusal::HeaderNotAllowed(Token::new(b"x-b"))),
            ),
            (
                &["x-b\t"],
                Err(Refusal::HeaderNotAllowed(Token::new(b"x-b"))),
            ),
            (&["x-a\t", "\tX-A ,"], Ok(())),
        ] {
            assert_eq!(check(&policy, &parts(lines)).0, verdict, "{lines:?}");
        }
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
    fn short_and_long_lists_agree() {
        let few = listed(&["x-a", "content-type"]);
        let names: Vec<String> = (0..100).map(|n| format!("x-pad-{n}")).collect();
        let mut many: Vec<&str> = names.iter().map(String::as_str).collect();
        many.extend(["x-a", "content-type"]);
        let many = listed(&many);
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
        for name in &names {
            let upper = name.to_ascii_uppercase();
            assert_eq!(check(&many, &parts(&[&upper])).0, Ok(()), "{upper}");
            let other = format!("{name}z");
            assert!(check(&many, &parts(&[&other])).0.is_err(), "{other}");
        }
    }

    #[test]
    fn names_are_found_at_every_length_and_place_in_a_line() {
        // Every length up to the longest allowed, each in upper and mixed
        // case, at the end of a line (fewer than 8 bytes left to read) and
        // before other names; and each one byte shorter or longer, or one
        // byte off, is not found.
        let names: Vec<String> = (1..=MAX_ALLOWED_NAME_LEN)
            .map(|len| {
                (0..len)
                    .map(|i| char::from(b'a' + (i % 26) as u8))
                    .collect()
            })
            .collect();
        let policy = listed(&names.iter().map(String::as_str).collect::<Vec<_>>());
        for name in &names {
            let upper = name.to_ascii_uppercase();
            let mixed: String = name
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i % 2 == 0 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect();
            for line in [
                upper.clone(),
                mixed.clone(),
                format!("A,{upper}"),
                format!("{mixed},a"),
                format!("{upper} ,a"),
            ] {
                assert_eq!(check(&policy, &parts(&[&line])).0, Ok(()), "{line}");
            }
            let mut off = upper.clone().into_bytes();
            let last = off.len() - 1;
            off[last] = b'-';
            let off = String::from_utf8(off).unwrap();
            let longer = format!("{upper}z");
            for miss in [off.as_str(), &longer] {
                if names.iter().any(|n| n.eq_ignore_ascii_case(miss)) {
                    continue;
                }
                assert_eq!(
                    check(&policy, &parts(&[miss])).0,
                    Err(Refusal::HeaderNotAllowed(Token::new(miss.as_bytes()))),
                    "{miss}"
                );
            }
        }
        let longer = "X".repeat(MAX_ALLOWED_NAME_LEN + 1);
        assert!(check(&policy, &parts(&[&longer])).0.is_err());
    }

    #[test]
    fn names_alike_but_in_the_middle_are_told_apart() {
        // The same first and last 8 bytes and length: one key.
        let a = "x-first-AAAAAAAA-trailing";
        let b = "x-first-AAAABAAA-trailing";
        let c = "x-first-AAAACAAA-trailing";
        let policy = listed(&[&a.to_ascii_lowercase(), &b.to_ascii_lowercase()]);
        assert_eq!(check(&policy, &parts(&[a, b])).0, Ok(()));
        assert_eq!(
            check(&policy, &parts(&[c])).0,
            Err(Refusal::HeaderNotAllowed(Token::new(c.as_bytes())))
        );
        // Longer: 40 bytes, told apart anywhere in bytes 8 to 32.
        let base = "x-long-".to_owned() + &"m".repeat(25) + "-trailer";
        assert_eq!(base.len(), 40);
        let policy = listed(&[&base]);
        assert_eq!(
            check(&policy, &parts(&[&base.to_ascii_uppercase()])).0,
            Ok(())
        );
        for at in 8..32 {
            let mut other = base.clone().into_bytes();
            other[at] = b'z';
            let other = String::from_utf8(other).unwrap();
            assert_eq!(
                check(&policy, &parts(&[&other])).0,
                Err(Refusal::HeaderNotAllowed(Token::new(other.as_bytes()))),
                "{other}"
            );
        }
    }

    #[test]
    fn keys_read_in_place_are_the_keys_of_the_names() {
        for name in ["a", "X-A", "x-abcde", "Content-Type", "X-CUSTOM-HEADER-10"] {
            let alone = Key::read(name.as_bytes(), 0, name.len());
            let lower = name.to_ascii_lowercase();
            assert_eq!(alone, Key::read(lower.as_bytes(), 0, lower.len()), "{name}");
            for line in [
                format!("{name},x-other-name"),
                format!("  {name}\t,"),
                format!("q,{name}"),
            ] {
                let start = line.find(name).unwrap();
                assert_eq!(
                    Key::read(line.as_bytes(), start, start + name.len()),
                    alone,
                    "{line:?}"
                );
            }
        }
    }

    #[test]
    fn words_are_lowercased_as_bytes_are() {
        for b in (0..0x80u8).filter(|&b| is_token_char(b)) {
            for at in 0..8 {
                let mut bytes = *b"x-a_b~1Z";
                bytes[at] = b;
                let lowered = lower_word(u64::from_le_bytes(bytes)).to_le_bytes();
                assert_eq!(lowered[..], bytes.to_ascii_lowercase()[..], "{bytes:?}");
            }
        }
    }

    /// The parser as it was before it read names in place: split on
    /// commas, trim, look up case-insensitively, validate on a miss.
    fn reference(policy: &AllowedHeaders, lines: &[&[u8]]) -> Result<(), Refusal> {
        let joined: usize = lines.iter().map(|l| l.len() + 1).sum();
        if joined > MAX_REQUEST_HEADERS_LEN + 1 {
            return Err(Refusal::InvalidRequestHeaders);
        }
        for line in lines {
            for name in line.split(|&b| b == b',') {
                let name = name.trim_ascii();
                let listed = policy.listed.iter().any(|n| n.eq_ignore_ascii_case(name));
                if name.is_empty() || listed {
                    continue;
                }
                if !crate::token::is_token(name) {
                    return Err(Refusal::InvalidRequestHeaders);
                }
                if !(policy.echo || (policy.any && !name.eq_ignore_ascii_case(b"authorization"))) {
                    return Err(Refusal::HeaderNotAllowed(Token::new(name)));
                }
            }
        }
        Ok(())
    }

    #[test]
    fn the_parser_agrees_with_the_reference_on_random_lists() {
        let long = ["x-first-aaaaaaaa-trailing", "x-first-aaaabaaa-trailing"];
        let many: Vec<String> = (0..20)
            .map(|n| format!("x-custom-header-{n}"))
            .chain(long.map(String::from))
            .chain(["a", "x-a", "authorization", "content-type"].map(String::from))
            .collect();
        let policies = [
            listed(&["x-a", "content-type"]),
            listed(&many.iter().map(String::as_str).collect::<Vec<_>>()),
            AllowedHeaders::new(true, vec![], false),
            AllowedHeaders::new(true, vec!["authorization".into()], false),
            AllowedHeaders::new(true, vec![], true),
        ];
        let mut pieces: Vec<Vec<u8>> = many.iter().map(|n| n.clone().into_bytes()).collect();
        for extra in [
            "x-b",
            "x-aa",
            "x-",
            "x-first-aaaacaaa-trailing",
            "x-custom-header-99",
            "(x)",
            "x\u{e9}",
            ",",
            ",",
            ",",
            " ",
            "\t",
            ";",
            "*",
        ] {
            pieces.push(extra.as_bytes().to_vec());
        }
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for case in 0..20_000 {
            let lines: Vec<Vec<u8>> = (0..1 + next(3))
                .map(|_| {
                    let mut line = Vec::new();
                    for _ in 0..next(8) {
                        let mut piece = pieces[next(pieces.len())].clone();
                        for b in piece.iter_mut() {
                            if next(2) == 0 {
                                b.make_ascii_uppercase();
                            }
                        }
                        line.extend(piece);
                        if next(2) == 0 {
                            line.push(b',');
                        }
                    }
                    line
                })
                .collect();
            let lines: Vec<&[u8]> = lines.iter().map(Vec::as_slice).collect();
            let mut request = http::Request::builder();
            for line in &lines {
                request = request.header(
                    ACCESS_CONTROL_REQUEST_HEADERS,
                    HeaderValue::from_bytes(line).unwrap(),
                );
            }
            let (request, ()) = request.body(()).unwrap().into_parts();
            for (p, policy) in policies.iter().enumerate() {
                assert_eq!(
                    check(policy, &request).0,
                    reference(policy, &lines),
                    "case {case}, policy {p}: {:?}",
                    lines
                        .iter()
                        .map(|l| String::from_utf8_lossy(l))
                        .collect::<Vec<_>>()
                );
            }
        }
    }
}

//! Configuration errors: every reason a [`CorsBuilder`](crate::CorsBuilder)
//! refuses to build.

use std::fmt;

/// Every problem found in a configuration, returned by
/// [`CorsBuilder::build`](crate::CorsBuilder::build).
///
/// Building checks the whole configuration and reports all of its problems
/// at once, so one edit-compile cycle fixes them all. Each problem is a
/// [`Problem`] you can match on; the `Display` form lists them one per line,
/// each naming the offending value and the fix.
///
/// ```
/// use tower_cors::{CorsLayer, Problem};
///
/// let err = CorsLayer::builder()
///     .allow_origin("https://example.com/")
///     .allow_methods("TRACE")
///     .build()
///     .unwrap_err();
///
/// assert_eq!(err.problems().len(), 2);
/// assert!(matches!(err.problems()[1], Problem::ForbiddenMethod { .. }));
/// assert!(err.to_string().contains("write `https://example.com`"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid CORS configuration{}", Listing(.problems))]
pub struct ConfigError {
    problems: Vec<Problem>,
}

impl ConfigError {
    /// Wraps a non-empty list of problems.
    pub(crate) fn new(problems: Vec<Problem>) -> Self {
        Self { problems }
    }

    /// The problems: origins first (in the order written, then regexes),
    /// then methods, allowed headers, exposed headers, max-age and the
    /// preflight status.
    ///
    /// ```
    /// use tower_cors::CorsLayer;
    ///
    /// let err = CorsLayer::builder()
    ///     .allow_origin("https://example.com/")
    ///     .allow_methods("TRACE")
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.problems().len(), 2);
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Consumes the error and returns its problems.
    ///
    /// ```
    /// use tower_cors::CorsLayer;
    ///
    /// let err = CorsLayer::builder()
    ///     .allow_origin("https://example.com/")
    ///     .allow_methods("TRACE")
    ///     .build()
    ///     .unwrap_err();
    /// let problems: Vec<tower_cors::Problem> = err.into_problems();
    /// assert_eq!(problems.len(), 2);
    /// ```
    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }
}

/// The `Display` form of a list of problems: one inline, several one a line.
struct Listing<'a>(&'a [Problem]);

impl fmt::Display for Listing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [one] => write!(f, ": {one}"),
            many => {
                write!(f, " ({} problems):", many.len())?;
                for problem in many {
                    write!(f, "\n  - {problem}")?;
                }
                Ok(())
            }
        }
    }
}

impl<'a> IntoIterator for &'a ConfigError {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;

    fn into_iter(self) -> Self::IntoIter {
        self.problems.iter()
    }
}

/// Which header list of the configuration a [`Problem`] is about.
///
/// ```
/// use tower_cors::{CorsLayer, HeaderList, Problem};
///
/// let err = CorsLayer::builder()
///     .allow_origin("https://app.example.com")
///     .expose_headers("x y")
///     .build()
///     .unwrap_err();
/// assert!(matches!(
///     err.problems(),
///     [Problem::InvalidHeaderName { list: HeaderList::Exposed, .. }]
/// ));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderList {
    /// The request headers a preflight may ask for
    /// ([`CorsBuilder::allow_headers`](crate::CorsBuilder::allow_headers)).
    Allowed,
    /// The response headers scripts may read
    /// ([`CorsBuilder::expose_headers`](crate::CorsBuilder::expose_headers)).
    Exposed,
}

impl fmt::Display for HeaderList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HeaderList::Allowed => "allow_headers",
            HeaderList::Exposed => "expose_headers",
        })
    }
}

/// One problem in a CORS configuration.
///
/// ```
/// use tower_cors::{Any, CorsLayer, Problem};
///
/// let err = CorsLayer::builder()
///     .allow_origin(Any)
///     .allow_credentials(true)
///     .build()
///     .unwrap_err();
/// assert_eq!(err.problems(), [Problem::CredentialsWithAnyOrigin]);
/// // Each problem displays as a sentence naming the fix.
/// assert!(err.problems()[0].to_string().contains("dangerously_allow_credentials_for_any_origin"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// No origin is allowed at all, so every cross-origin request would fail.
    #[error(
        "no origin is allowed: call `allow_origin` with the origins of your front ends (or `Any`)"
    )]
    NoOriginAllowed,

    /// A configured origin or origin pattern is not valid.
    #[error(transparent)]
    InvalidOrigin(InvalidOrigin),

    /// The string `*` among the origins: it is not an origin.
    #[error("`*` in `allow_origin` is not an origin: pass `Any` (on its own) to allow any origin")]
    WildcardInOriginList,

    /// `allow_origin(Any)` together with listed origins, regexes or
    /// predicates, which it would make pointless.
    #[error(
        "`allow_origin(Any)` together with listed origins, regexes or predicates: `Any` already \
         allows every origin; keep one or the other"
    )]
    AnyOriginWithList,

    /// `Any` together with names in `allow_methods`, `allow_headers` or
    /// `expose_headers`, where `Any` already covers them and the names
    /// would be ignored. (`authorization` beside `allow_headers(Any)` is
    /// no such name: `*` never covers it, so listing it is how to allow it.)
    #[error(
        "`{setting}(Any)` together with {listed}: `Any` already covers them, so the list would \
         be ignored; keep one or the other"
    )]
    #[non_exhaustive]
    AnyWithList {
        /// The builder method: `allow_methods`, `allow_headers` or
        /// `expose_headers`.
        setting: &'static str,
        /// The names, as written, quoted and joined for the message.
        listed: String,
    },

    /// `*` written as a method name, which browsers read as "any method"
    /// only without credentials.
    #[error("`*` in `allow_methods`: pass `Any` to allow any method")]
    WildcardInMethodList,

    /// `*` written as a header name, which browsers read as "any header"
    /// only without credentials.
    #[error("`*` in `{list}`: pass `Any` to mean any header")]
    #[non_exhaustive]
    WildcardInHeaderList {
        /// The list it appeared in.
        list: HeaderList,
    },

    /// The literal origin `null` was listed without its opt-in.
    #[error(
        "`null` in the list of origins: any page can send `Origin: null` (sandboxed iframes, \
         `file:` pages, redirects); if you really mean it, call `dangerously_allow_null_origin(true)`"
    )]
    NullOriginWithoutOptIn,

    /// Credentials together with any origin.
    #[error(
        "credentials with any origin: every site could read your users' data; list the allowed \
         origins, or call `dangerously_allow_credentials_for_any_origin(true)`"
    )]
    CredentialsWithAnyOrigin,

    /// Credentials together with a plain-http origin that is not loopback.
    #[error(
        "credentials with `{origin}`: plain http can be forged by anyone on the network; \
         write `{fix}`, or call `dangerously_allow_credentials_over_http(true)`"
    )]
    #[non_exhaustive]
    CredentialsOverHttp {
        /// The origin as written.
        origin: String,
        /// The same origin over https.
        fix: String,
    },

    /// Credentials together with an origin pattern under which a stranger
    /// can register a host: a wildcard on a public suffix
    /// (`https://*.github.io`) or over one nested below it
    /// (`https://*.amazonaws.com` spans `s3.amazonaws.com`), or a regex
    /// that leaves the names under one open.
    #[error(
        "credentials with `{pattern}`: it spans `{suffix}`, a public suffix, so anyone can \
         register a matching site; allow only the names you own (such as \
         `https://*.yours.example.com` or exact origins), or call \
         `dangerously_allow_credentials_for_public_suffix_wildcards(true)`"
    )]
    #[non_exhaustive]
    CredentialsWithPublicSuffixWildcard {
        /// The pattern as written.
        pattern: String,
        /// The public suffix the pattern spans: its own domain, or one the
        /// Public Suffix List (or the policy) puts below it; `*.name` for
        /// a wildcard rule of the list.
        suffix: String,
    },

    /// Credentials together with a regex that admits public IP-address
    /// hosts it does not write out (`\d{1,3}(\.\d{1,3}){3}`): anyone can
    /// rent an address and get a certificate for it.
    #[error(
        "credentials with regex `{pattern}`: it matches IP-address hosts such as `{example}`, \
         which anyone can rent; write the addresses you own out in full (or list them as exact \
         origins), or call `dangerously_allow_credentials_for_any_origin(true)`"
    )]
    #[non_exhaustive]
    CredentialsWithIpAddressRegex {
        /// The pattern as written.
        pattern: String,
        /// One address it admits.
        example: String,
    },

    /// Credentials together with a regex that admits private-network
    /// addresses it does not write out (`192\.168\.\d+\.\d+`,
    /// `10\..*`): whoever is on that network (a café's, a hotel's) can take
    /// one.
    #[error(
        "credentials with regex `{pattern}`: it matches private-network addresses such as \
         `{example}`, which anyone on that network can take; write the addresses out in full, \
         or call `dangerously_allow_credentials_for_private_addresses(true)`"
    )]
    #[non_exhaustive]
    CredentialsWithPrivateAddressRegex {
        /// The pattern as written.
        pattern: String,
        /// One address it admits.
        example: String,
    },

    /// Credentials together with a regex that may match a non-https origin.
    #[error(
        "credentials with regex `{pattern}`: it can match origins that are not `https://`, which \
         anyone on the network can forge; start every alternative with `https://` (for local \
         development use `http://localhost:*`), or call `dangerously_allow_credentials_over_http(true)`"
    )]
    #[non_exhaustive]
    CredentialsWithRegexNotHttps {
        /// The pattern as written.
        pattern: String,
    },

    /// Credentials together with a regex that leaves the domain open: its
    /// top-level label is a pattern rather than a name (`[a-z]{2,3}`), or
    /// it spans more public suffixes than a list of names would.
    #[error(
        "credentials with regex `{pattern}`: it does not name the domains it matches (any \
         name under suffixes it leaves open), so it allows sites you do not own; name your \
         domains in it, or call `dangerously_allow_credentials_for_any_origin(true)`"
    )]
    #[non_exhaustive]
    CredentialsWithCatchAllRegex {
        /// The pattern as written.
        pattern: String,
    },

    /// Credentials together with a regex whose reversed automaton is too
    /// large to show which hosts it admits (past 1 MiB).
    #[error(
        "credentials with regex `{pattern}`: it is too complex to show that it names only your \
         domains; split it into simpler expressions or exact origins, or call \
         `dangerously_allow_credentials_for_any_origin(true)`"
    )]
    #[non_exhaustive]
    CredentialsWithUncheckableRegex {
        /// The pattern as written.
        pattern: String,
    },

    /// Credentials together with regexes whose analysis, all together,
    /// passes the fixed budget the check allows a policy; it ran out on
    /// this pattern.
    #[error(
        "credentials with regex `{pattern}`: checking which hosts the policy's regexes admit \
         passed its fixed budget here; write fewer, simpler expressions (exact origins and \
         `https://*.domain` wildcards cost the check nothing), or split the policy"
    )]
    #[non_exhaustive]
    RegexAnalysisOverBudget {
        /// The pattern being read when the budget ran out.
        pattern: String,
    },

    /// Credentials together with `expose_headers(Any)`.
    #[error(
        "credentials with `expose_headers(Any)`: with credentials browsers read `*` as a header \
         literally named `*`; list the headers to expose"
    )]
    CredentialsWithAnyExposedHeader,

    /// A method is not a valid HTTP token.
    #[error("method `{method}` is not a valid HTTP method token (letters, digits and !#$%&'*+-.^_`|~ only)")]
    #[non_exhaustive]
    InvalidMethod {
        /// The method as written.
        method: String,
    },

    /// A method browsers never allow in `fetch()` (CONNECT, TRACE, TRACK).
    #[error(
        "method `{method}` is forbidden by the Fetch Standard: browsers never send it; remove it"
    )]
    #[non_exhaustive]
    ForbiddenMethod {
        /// The method as written.
        method: String,
    },

    /// A header name is not a valid HTTP token.
    #[error("header `{name}` in `{list}` is not a valid header name")]
    #[non_exhaustive]
    InvalidHeaderName {
        /// The name as written.
        name: String,
        /// The list it appeared in.
        list: HeaderList,
    },

    /// An allowed request header name over 128 bytes: no real header is
    /// that long, and the limit keeps every preflight lookup on the stack.
    #[error(
        "header `{name}` in `allow_headers` is over 128 bytes long; no browser sends such a name"
    )]
    #[non_exhaustive]
    HeaderNameTooLong {
        /// The name as written.
        name: String,
    },

    /// A forbidden request header name (`cookie`, `host`, `sec-*`, …) in the allowed list.
    #[error(
        "header `{name}` in `allow_headers` is a forbidden request header: browsers set it \
         themselves and never ask for it; remove it"
    )]
    #[non_exhaustive]
    ForbiddenRequestHeader {
        /// The name as written.
        name: String,
    },

    /// An `Access-Control-*` name in either header list.
    #[error(
        "header `{name}` in `{list}` is part of the CORS protocol itself, which this layer \
         manages; remove it"
    )]
    #[non_exhaustive]
    CorsProtocolHeader {
        /// The name as written.
        name: String,
        /// The list it appeared in.
        list: HeaderList,
    },

    /// `Set-Cookie` in the exposed list.
    #[error("header `{name}` in `expose_headers` can never be exposed to scripts; remove it")]
    #[non_exhaustive]
    ExposedSetCookie {
        /// The name as written.
        name: String,
    },

    /// A max-age longer than any browser honours.
    #[error("max_age of {seconds} s is over 86400 s (24 h), the most any browser caches a preflight; use at most 86400 (Chromium caps at 7200)")]
    #[non_exhaustive]
    MaxAgeTooLong {
        /// The configured max-age in whole seconds.
        seconds: u64,
    },

    /// A max-age with a fraction of a second: the header counts whole
    /// seconds, and rounding down could turn caching off (`0`).
    #[error("max_age of {max_age:?} is not a whole number of seconds, which is all the header can say; use `Duration::from_secs`")]
    #[non_exhaustive]
    MaxAgeNotWholeSeconds {
        /// The configured max-age.
        max_age: std::time::Duration,
    },

    /// A regex with an unescaped `.` between two letters or digits, as in
    /// `https://app.example.com`, where it matches any character
    /// (`https://appxexample.com`).
    #[error(
        "regex origin `{pattern}` has an unescaped `.` in `{around}`, which matches any \
         character (`https://appxexample.com` for `https://app.example.com`); write `\\.`"
    )]
    #[non_exhaustive]
    UnescapedDotInRegex {
        /// The pattern as written.
        pattern: String,
        /// The text around the dot.
        around: String,
    },

    /// A regular expression that does not compile.
    #[error("regex origin `{pattern}` does not compile: {message}")]
    #[non_exhaustive]
    InvalidRegex {
        /// The pattern as written.
        pattern: String,
        /// The regex engine's explanation.
        message: String,
    },

    /// A regex whose automaton passes the memory bound that keeps every
    /// request cheap (counted repetitions such as `[a-z]{0,300}x[a-z]{30}`
    /// multiply its states).
    #[error(
        "regex origin `{pattern}` is too complex to match in bounded time (its automaton passes \
         {limit_kib} KiB): shorten its counted repetitions, or split it into simpler expressions"
    )]
    #[non_exhaustive]
    RegexTooComplex {
        /// The pattern as written.
        pattern: String,
        /// The bound, in KiB.
        limit_kib: usize,
    },

    /// Regexes that each compile alone but together pass the fixed budget
    /// for building their automata (6 MiB of construction), or need more
    /// than the 16 automata a request may run.
    #[error(
        "the {count} regex origins together are too many, or too complex, to build and match in \
         bounded time: merge alternatives that share a prefix into one expression, simplify \
         counted repetitions, or list exact origins and `https://*.domain` wildcards instead"
    )]
    #[non_exhaustive]
    RegexesTooComplex {
        /// How many regexes there are.
        count: usize,
    },

    /// A suffix given to
    /// [`CorsBuilder::treat_as_public_suffixes`](crate::CorsBuilder::treat_as_public_suffixes)
    /// that is not a domain name.
    #[error("public suffix `{suffix}` is not a domain name ({why}): write it as `app.github.dev`")]
    #[non_exhaustive]
    InvalidPublicSuffix {
        /// The suffix as written.
        suffix: String,
        /// Why it is not one.
        why: &'static str,
    },

    /// A preflight status outside 200–299.
    #[error("preflight status {status} is not a 2xx status: browsers treat it as a failed preflight; use 204 or 200")]
    #[non_exhaustive]
    PreflightStatusNotSuccess {
        /// The configured status code.
        status: u16,
    },

    /// A regex in a `CorsConfig` (the `serde` feature) of a build without
    /// the `regex` feature.
    #[cfg(feature = "serde")]
    #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
    #[error(
        "regex origin `{pattern}` needs the `regex` feature of tower-cors, which this build \
         lacks: enable it, or list exact origins and `https://*.domain` wildcards instead"
    )]
    #[non_exhaustive]
    RegexFeatureDisabled {
        /// The regex as written.
        pattern: String,
    },

    /// An environment variable read by `CorsConfig::from_env` (the `serde`
    /// feature) does not parse.
    #[cfg(feature = "serde")]
    #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
    #[error("environment variable {name}={value:?} is not {expected}")]
    #[non_exhaustive]
    InvalidEnvironmentVariable {
        /// The variable's name.
        name: String,
        /// Its value.
        value: String,
        /// What it should be.
        expected: &'static str,
    },
}

/// What is wrong with a configured origin. The `Display` form names the
/// value and the fix.
///
/// ```
/// use tower_cors::{CorsLayer, InvalidOrigin, Problem};
///
/// let err = CorsLayer::builder()
///     .allow_origin("https://example.com:443")
///     .build()
///     .unwrap_err();
/// let [Problem::InvalidOrigin(invalid)] = err.problems() else {
///     panic!("{err}");
/// };
/// assert!(matches!(invalid, InvalidOrigin::DefaultPort { .. }));
/// assert_eq!(invalid.origin(), "https://example.com:443");
/// assert!(invalid.to_string().contains("write `https://example.com`"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidOrigin {
    /// Empty, or surrounded by or containing white space.
    #[error(
        "origin `{origin}` is empty or contains white space: write it as `https://host[:port]`"
    )]
    #[non_exhaustive]
    Whitespace {
        /// The origin as written.
        origin: String,
    },
    /// No `scheme://`.
    #[error("origin `{origin}` has no scheme: write `{fix}`")]
    #[non_exhaustive]
    MissingScheme {
        /// The origin as written.
        origin: String,
        /// The origin with `https://` in front.
        fix: String,
    },
    /// The scheme is not a valid URL scheme.
    #[error("origin `{origin}` has an invalid scheme: write it as `https://host[:port]`")]
    #[non_exhaustive]
    InvalidScheme {
        /// The origin as written.
        origin: String,
    },
    /// A trailing slash after the host or port.
    #[error("origin `{origin}` has a trailing slash: write `{fix}`")]
    #[non_exhaustive]
    TrailingSlash {
        /// The origin as written.
        origin: String,
        /// The origin without the slash.
        fix: String,
    },
    /// A path, query or fragment after the host or port.
    #[error(
        "origin `{origin}` has a path, query or fragment, which an origin never has: write `{fix}`"
    )]
    #[non_exhaustive]
    HasPath {
        /// The origin as written.
        origin: String,
        /// The origin without what follows the host and port.
        fix: String,
    },
    /// `user:password@` before the host.
    #[error("origin `{origin}` has a user name or password, which an origin never has: remove the part before `@`")]
    #[non_exhaustive]
    HasUserinfo {
        /// The origin as written.
        origin: String,
    },
    /// The default port of the scheme written explicitly.
    #[error(
        "origin `{origin}` names the scheme's default port, which browsers omit: write `{fix}`"
    )]
    #[non_exhaustive]
    DefaultPort {
        /// The origin as written.
        origin: String,
        /// The origin without the port.
        fix: String,
    },
    /// A port that is empty, not a number, has leading zeros or is over 65535.
    #[error("origin `{origin}` has an invalid port: write a number from 0 to 65535 without leading zeros, or `*` for any port")]
    #[non_exhaustive]
    InvalidPort {
        /// The origin as written.
        origin: String,
    },
    /// A host with non-ASCII characters.
    #[error("origin `{origin}` has a non-ASCII host: browsers send the punycode form, so write the host as `xn--…`")]
    #[non_exhaustive]
    NonAsciiHost {
        /// The origin as written.
        origin: String,
    },
    /// A host that is not a valid domain name or IP address.
    #[error("origin `{origin}` has an invalid host: {why}")]
    #[non_exhaustive]
    InvalidHost {
        /// The origin as written.
        origin: String,
        /// Why the host is invalid.
        why: &'static str,
    },
    /// A `*` somewhere other than a leading `*.` label or a `:*` port.
    #[error("origin pattern `{origin}` has a misplaced `*`: use `scheme://*.domain` for subdomains or `scheme://host:*` for any port")]
    #[non_exhaustive]
    MisplacedWildcard {
        /// The origin as written.
        origin: String,
    },
}

impl InvalidOrigin {
    /// The origin as written in the configuration.
    ///
    /// ```
    /// use tower_cors::{CorsLayer, Problem};
    ///
    /// let err = CorsLayer::builder().allow_origin("example.com").build().unwrap_err();
    /// let [Problem::InvalidOrigin(invalid)] = err.problems() else {
    ///     panic!("{err}");
    /// };
    /// assert_eq!(invalid.origin(), "example.com");
    /// ```
    pub fn origin(&self) -> &str {
        match self {
            InvalidOrigin::Whitespace { origin }
            | InvalidOrigin::MissingScheme { origin, .. }
            | InvalidOrigin::InvalidScheme { origin }
            | InvalidOrigin::TrailingSlash { origin, .. }
            | InvalidOrigin::HasPath { origin, .. }
            | InvalidOrigin::HasUserinfo { origin }
            | InvalidOrigin::DefaultPort { origin, .. }
            | InvalidOrigin::InvalidPort { origin }
            | InvalidOrigin::NonAsciiHost { origin }
            | InvalidOrigin::InvalidHost { origin, .. }
            | InvalidOrigin::MisplacedWildcard { origin } => origin,
        }
    }
}

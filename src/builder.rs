//! [`CorsBuilder`]: collects what you say about your policy, without judging
//! it; [`CorsBuilder::build`] validates it all at once.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::request::Parts;
use http::{HeaderName, HeaderValue, Method, StatusCode};

use crate::error::ConfigError;
#[cfg(feature = "serde")]
use crate::error::Problem;
use crate::list::List;
use crate::middleware::CorsLayer;
use crate::origin::Origin;
use crate::policy::Policy;
use crate::settings::Settings;

/// "Anything": pass it to [`CorsBuilder::allow_origin`],
/// [`allow_methods`](CorsBuilder::allow_methods),
/// [`allow_headers`](CorsBuilder::allow_headers) or
/// [`expose_headers`](CorsBuilder::expose_headers).
///
/// What it becomes on the wire depends on credentials: without them, `*`;
/// with them (where browsers read `*` literally), any method and any
/// request header are served by echoing what the preflight asked for, while
/// any origin and any exposed header are refused at build time.
///
/// ```
/// use tower_cors::{Any, CorsLayer};
///
/// // A public API: `*` for origins, methods and headers.
/// let public = CorsLayer::builder()
///     .allow_origin(Any)
///     .allow_methods(Any)
///     .allow_headers(Any)
///     .build()?;
///
/// // With credentials, any origin does not build without its opt-in.
/// let err = CorsLayer::builder()
///     .allow_origin(Any)
///     .allow_credentials(true)
///     .build()
///     .unwrap_err();
/// assert!(err.to_string().contains("credentials"));
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Any;

/// Builds a [`CorsLayer`]. Start from [`CorsLayer::builder`].
///
/// Every method only records what you say; calls add up (two
/// `allow_origin` calls allow both lists). [`build`](Self::build) checks
/// everything and returns every problem it finds.
///
/// ```
/// use std::time::Duration;
/// use http::{header, Method};
/// use tower_cors::CorsLayer;
///
/// let cors = CorsLayer::builder()
///     .allow_origin(["https://app.example.com", "https://*.preview.example.com"])
///     .allow_origin("http://localhost:*")
///     .allow_methods([Method::GET, Method::POST, Method::DELETE])
///     .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
///     .expose_headers("x-request-id")
///     .allow_credentials(true)
///     .max_age(Duration::from_secs(600))
///     .build()?;
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Clone, Default)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct CorsBuilder {
    settings: Settings,
}

impl CorsBuilder {
    /// An empty builder, the same as [`CorsLayer::builder`].
    ///
    /// ```
    /// use tower_cors::CorsBuilder;
    ///
    /// let cors = CorsBuilder::new().allow_origin("https://app.example.com").build()?;
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Allows origins: exact origins (`https://app.example.com`), subdomain
    /// wildcards (`https://*.example.com`: one or more labels, never
    /// `example.com` itself), port wildcards (`http://localhost:*`), a list of
    /// these, or [`Any`].
    ///
    /// Origins are written as browsers send them: `scheme://host[:port]`, no
    /// path, no trailing slash, no default port. Case is normalised; anything
    /// else a browser would never send is reported by `build` with its fix.
    ///
    /// ```
    /// use tower_cors::{Any, CorsLayer};
    ///
    /// let public = CorsLayer::builder().allow_origin(Any).build()?;
    /// let listed = CorsLayer::builder()
    ///     .allow_origin(["https://example.com", "https://*.example.com"])
    ///     .build()?;
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn allow_origin(mut self, origins: impl Into<Origins>) -> Self {
        self.settings.origins.allowed.extend(origins.into().0);
        self
    }

    /// Allows every origin a regular expression matches. The expression is
    /// anchored for you: it must match the whole origin, so
    /// `https://[a-z]+\.example\.com` does not match
    /// `https://a.example.com.evil.net`. Expressions are compiled at build
    /// time into fully built DFAs over ASCII (all an origin holds), as few
    /// as fit (at most 16); a request costs one table lookup per byte of its
    /// origin per DFA, whatever the expressions. One whose DFA would pass
    /// 1 MiB is refused ([`Problem::RegexTooComplex`](crate::Problem::RegexTooComplex)),
    /// never matched by a slower engine.
    ///
    /// Only canonical (lowercase) origins reach the expression, and it
    /// matches case-insensitively. Escape the dots: a `.` that can stand
    /// between two characters of a host name (`app.example`,
    /// `(www.)?example`) is refused, since it matches any character.
    ///
    /// With credentials, `build` reads each expression's automaton and
    /// refuses, unless you opt in with the matching `dangerously_*` method,
    /// one that can match an origin not starting with `https://`; one that
    /// allows names under a public suffix that it does not spell out
    /// (`https://[a-z]+\.vercel\.app`, `https://[a-z]{2,10}\.com`,
    /// `https://.*\.amazonaws\.com`, behind any port); one that leaves the
    /// top-level domain open (`https://[a-z]+\.[a-z]{2,3}`, `https://.+`);
    /// and one that admits IP-address hosts it does not write out
    /// (`https://\d{1,3}(\.\d{1,3}){3}`; loopback is fine). Wherever anyone
    /// can register a name, every name allowed there must be written out in
    /// the expression (`(acme|acme-staging)\.vercel\.app`), at most 256 of
    /// them. The check has a fixed budget per policy; an expression too
    /// large to read is refused with credentials. Prefer exact origins and
    /// `*.` patterns where they suffice.
    ///
    /// Needs the `regex` feature (not a default: `features = ["regex"]`).
    ///
    /// ```
    /// use tower_cors::CorsLayer;
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin_regex(r"https://pr-[0-9]+\.preview\.example\.com")
    ///     .build()?;
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    #[cfg(feature = "regex")]
    #[cfg_attr(docsrs, doc(cfg(feature = "regex")))]
    pub fn allow_origin_regex(self, pattern: impl Into<String>) -> Self {
        self.push_regex(pattern.into())
    }

    /// Records a regex origin. `CorsConfig` records them in every build, so
    /// that a build without the `regex` feature names each one it cannot
    /// compile.
    #[cfg(any(feature = "regex", feature = "serde"))]
    pub(crate) fn push_regex(mut self, pattern: String) -> Self {
        self.settings.origins.regexes.push(pattern);
        self
    }

    /// Allows every origin for which `predicate` returns `true`. It is called
    /// only for canonical origins (never `null`) that no exact origin,
    /// pattern or regex matched, with the request head for context.
    ///
    /// A predicate is code, so `build` cannot check it: with credentials,
    /// the safety checks that refuse plain-http origins, public-suffix
    /// wildcards and catch-all patterns do not apply to it. Check the
    /// scheme and the domain yourself, as below.
    ///
    /// ```
    /// use tower_cors::CorsLayer;
    ///
    /// let tenants = ["acme", "globex"];
    /// let cors = CorsLayer::builder()
    ///     .allow_origin_predicate(move |origin, _parts| {
    ///         origin.scheme() == "https"
    ///             && origin
    ///                 .host()
    ///                 .strip_suffix(".saas.example")
    ///                 .is_some_and(|tenant| tenants.contains(&tenant))
    ///     })
    ///     .build()?;
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn allow_origin_predicate<F>(mut self, predicate: F) -> Self
    where
        F: Fn(&Origin<'_>, &Parts) -> bool + Send + Sync + 'static,
    {
        self.settings.origins.predicates.push(Arc::new(predicate));
        self
    }

    /// Allows the origin `null`.
    ///
    /// **Any page can send `Origin: null`**: a sandboxed iframe, a `file:`
    /// page, a request after a cross-origin redirect. Allowing it is
    /// allowing every site that cares to sandbox itself. Also write `"null"`
    /// in [`allow_origin`](Self::allow_origin), or call this alone.
    ///
    /// `allow` is a `bool`, as in [`allow_credentials`](Self::allow_credentials),
    /// so that a setting read from configuration passes straight through;
    /// `false`, the default, keeps the check.
    ///
    /// ```
    /// use tower_cors::{CorsLayer, Problem};
    ///
    /// // Without the opt-in, `null` in the list does not build.
    /// let err = CorsLayer::builder().allow_origin("null").build().unwrap_err();
    /// assert_eq!(err.problems(), [Problem::NullOriginWithoutOptIn]);
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .dangerously_allow_null_origin(true)
    ///     .build()?;
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn dangerously_allow_null_origin(mut self, allow: bool) -> Self {
        self.settings.origins.null = allow;
        self
    }

    /// Allows methods: a [`Method`], a name, a list of these, or [`Any`].
    ///
    /// Names are normalised as Fetch normalises them: `delete` means
    /// `DELETE`, as do the other five of DELETE, GET, HEAD, OPTIONS, POST and
    /// PUT; every other name is case-sensitive (`patch` is not `PATCH`, and
    /// browsers send `patch` for `fetch(url, {method: 'patch'})`). GET, HEAD
    /// and POST never need a preflight and are always allowed by one.
    ///
    /// ```
    /// use http::Method;
    /// use tower_cors::CorsLayer;
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_methods([Method::PUT, Method::DELETE])
    ///     .allow_methods("PATCH") // calls add up
    ///     .build()?;
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn allow_methods(mut self, methods: impl Into<Methods>) -> Self {
        self.settings.methods.extend(methods.into().0);
        self
    }

    /// Allows request headers a preflight may ask for: a [`HeaderName`], a
    /// name, a list of these, or [`Any`]. Names are case-insensitive.
    ///
    /// Without credentials, [`Any`] is sent as `*`, which by the Fetch
    /// Standard never covers `Authorization`: list `authorization` as well to
    /// allow it. With credentials, [`Any`] echoes the requested names.
    ///
    /// ```
    /// use http::header;
    /// use tower_cors::CorsLayer;
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
    ///     .allow_headers("x-api-key")
    ///     .build()?;
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn allow_headers(mut self, headers: impl Into<HeaderNames>) -> Self {
        self.settings.allow_headers.extend(headers.into().0);
        self
    }

    /// Lets scripts read these response headers: a [`HeaderName`], a name, a
    /// list of these, or [`Any`] (`*`, only without credentials).
    ///
    /// `Cache-Control`, `Content-Language`, `Content-Length`,
    /// `Content-Type`, `Expires`, `Last-Modified` and `Pragma` are always
    /// readable; `Set-Cookie` never is.
    ///
    /// ```
    /// use tower_cors::{CorsLayer, Problem};
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .expose_headers(["x-request-id", "x-ratelimit-remaining"])
    ///     .build()?;
    ///
    /// let err = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .expose_headers("set-cookie")
    ///     .build()
    ///     .unwrap_err();
    /// assert!(matches!(err.problems(), [Problem::ExposedSetCookie { .. }]));
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn expose_headers(mut self, headers: impl Into<HeaderNames>) -> Self {
        self.settings.expose_headers.extend(headers.into().0);
        self
    }

    /// How long browsers may cache a preflight answer, in whole seconds, at
    /// most 24 hours (Chromium caps at 2 hours, Firefox at 24, WebKit at 10
    /// minutes). Zero means "do not cache"; without it browsers cache for 5
    /// seconds.
    ///
    /// ```
    /// use std::time::Duration;
    /// use tower_cors::{CorsLayer, Problem};
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .max_age(Duration::from_secs(600))
    ///     .build()?;
    ///
    /// let err = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .max_age(Duration::from_secs(7 * 86_400))
    ///     .build()
    ///     .unwrap_err();
    /// assert!(matches!(err.problems(), [Problem::MaxAgeTooLong { seconds: 604_800, .. }]));
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.settings.max_age = Some(max_age);
        self
    }

    /// Whether credentialed requests (cookies, `Authorization`, client
    /// certificates) may read responses: sends
    /// `Access-Control-Allow-Credentials: true` to allowed origins.
    ///
    /// With credentials, `build` refuses any origin, plain-http origins other
    /// than loopback, and wildcards directly over a public suffix, unless
    /// you opt in with the `dangerously_*` method it names.
    ///
    /// ```
    /// use tower_cors::{CorsLayer, Problem};
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin(["https://app.example.com", "http://localhost:5173"])
    ///     .allow_credentials(true)
    ///     .build()?;
    /// assert!(cors.policy().allows_credentials());
    ///
    /// // Plain http is refused with credentials (loopback excepted).
    /// let err = CorsLayer::builder()
    ///     .allow_origin("http://app.example.com")
    ///     .allow_credentials(true)
    ///     .build()
    ///     .unwrap_err();
    /// assert!(matches!(err.problems(), [Problem::CredentialsOverHttp { .. }]));
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn allow_credentials(mut self, allow: bool) -> Self {
        self.settings.origins.credentials = allow;
        self
    }

    /// The status of a successful preflight answer: 204 by default. Some old
    /// clients and proxies want 200. Only 2xx statuses build: a browser
    /// treats any other as a failed preflight. An answer other than 204
    /// carries `Content-Length: 0`; a 204 carries none (RFC 9110 forbids it).
    ///
    /// ```
    /// use http::StatusCode;
    /// use tower_cors::CorsLayer;
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .preflight_status(StatusCode::OK)
    ///     .build()?;
    /// assert!(CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .preflight_status(StatusCode::FOUND)
    ///     .build()
    ///     .is_err());
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn preflight_status(mut self, status: StatusCode) -> Self {
        self.settings.preflight_status = Some(status);
        self
    }

    /// With credentials and [`Any`] origin, reflects every origin.
    ///
    /// **This turns CORS off for your users' data**: any website they visit
    /// can read your authenticated responses. It exists for development
    /// tools and for APIs that authorise every request by other means.
    ///
    /// `allow` is a `bool`, as in [`allow_credentials`](Self::allow_credentials),
    /// so that a setting read from configuration passes straight through;
    /// `false`, the default, keeps the check.
    ///
    /// ```
    /// use tower_cors::{Any, CorsLayer};
    ///
    /// // A development proxy that authorises every request itself.
    /// let cors = CorsLayer::builder()
    ///     .allow_origin(Any)
    ///     .allow_credentials(true)
    ///     .dangerously_allow_credentials_for_any_origin(true)
    ///     .build()?;
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn dangerously_allow_credentials_for_any_origin(mut self, allow: bool) -> Self {
        self.settings.origins.opt_ins.any_origin = allow;
        self
    }

    /// With credentials, accepts plain-http origins other than loopback.
    ///
    /// Anyone on the network path can impersonate an http origin and read
    /// your users' authenticated responses.
    ///
    /// `allow` is a `bool`, as in [`allow_credentials`](Self::allow_credentials),
    /// so that a setting read from configuration passes straight through;
    /// `false`, the default, keeps the check.
    ///
    /// ```
    /// use tower_cors::CorsLayer;
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("http://intranet.example.com")
    ///     .allow_credentials(true)
    ///     .dangerously_allow_credentials_over_http(true)
    ///     .build()?;
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn dangerously_allow_credentials_over_http(mut self, allow: bool) -> Self {
        self.settings.origins.opt_ins.over_http = allow;
        self
    }

    /// With credentials, accepts wildcards that sit directly on a public
    /// suffix, such as `https://*.github.io` or `https://*.co.uk`.
    ///
    /// Anyone can register a site under a public suffix and read your users'
    /// authenticated responses.
    ///
    /// `allow` is a `bool`, as in [`allow_credentials`](Self::allow_credentials),
    /// so that a setting read from configuration passes straight through;
    /// `false`, the default, keeps the check.
    ///
    /// ```
    /// use tower_cors::{CorsLayer, Problem};
    ///
    /// let err = CorsLayer::builder()
    ///     .allow_origin("https://*.github.io")
    ///     .allow_credentials(true)
    ///     .build()
    ///     .unwrap_err();
    /// assert!(matches!(
    ///     err.problems(),
    ///     [Problem::CredentialsWithPublicSuffixWildcard { .. }]
    /// ));
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://*.github.io")
    ///     .allow_credentials(true)
    ///     .dangerously_allow_credentials_for_public_suffix_wildcards(true)
    ///     .build()?;
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn dangerously_allow_credentials_for_public_suffix_wildcards(
        mut self,
        allow: bool,
    ) -> Self {
        self.settings.origins.opt_ins.public_suffix_wildcards = allow;
        self
    }

    /// With credentials, accepts regexes that admit private-network
    /// addresses they do not write out, such as `https://192\.168\.1\.\d+`
    /// (10/8, 172.16/12, 192.168/16, 169.254/16, 100.64/10, fc00::/7,
    /// fe80::/10).
    ///
    /// Anyone on such a network (a café's, a hotel's, a shared office's) can
    /// take one of those addresses and read your users' authenticated
    /// responses from it. Public addresses are never accepted this way.
    ///
    /// `allow` is a `bool`, as in [`allow_credentials`](Self::allow_credentials),
    /// so that a setting read from configuration passes straight through;
    /// `false`, the default, keeps the check.
    ///
    /// ```
    /// # #[cfg(feature = "regex")] {
    /// use tower_cors::{CorsLayer, Problem};
    ///
    /// let lab = || {
    ///     CorsLayer::builder()
    ///         .allow_origin_regex(r"https://192\.168\.1\.\d{1,3}")
    ///         .allow_credentials(true)
    /// };
    /// let err = lab().build().unwrap_err();
    /// assert!(matches!(
    ///     err.problems(),
    ///     [Problem::CredentialsWithPrivateAddressRegex { .. }]
    /// ));
    /// assert!(lab().dangerously_allow_credentials_for_private_addresses(true).build().is_ok());
    /// # }
    /// ```
    pub fn dangerously_allow_credentials_for_private_addresses(mut self, allow: bool) -> Self {
        self.settings.origins.opt_ins.private_addresses = allow;
        self
    }

    /// Declares more domains to treat as public suffixes, for platforms the
    /// Public Suffix List does not name yet (`app.github.dev`, `loca.lt`):
    /// anyone can get a name under them, so with credentials a wildcard or
    /// regex that spans one is refused, as for the list's own suffixes.
    ///
    /// The crate ships the list as it was when it was released (see
    /// SECURITY.md); a platform missing from it, or added to it since,
    /// is only known through this method.
    ///
    /// ```
    /// use tower_cors::{CorsLayer, Problem};
    ///
    /// let err = CorsLayer::builder()
    ///     .allow_origin("https://*.github.dev")
    ///     .allow_credentials(true)
    ///     .treat_as_public_suffixes(["app.github.dev"])
    ///     .build()
    ///     .unwrap_err();
    /// assert!(matches!(
    ///     err.problems(),
    ///     [Problem::CredentialsWithPublicSuffixWildcard { suffix, .. }] if suffix == "app.github.dev"
    /// ));
    /// ```
    pub fn treat_as_public_suffixes<I>(mut self, suffixes: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let suffixes = suffixes.into_iter().map(Into::into);
        self.settings.origins.public_suffixes.extend(suffixes);
        self
    }

    /// Records a problem found before any check (by `CorsConfig`, in data
    /// the builder's types cannot hold), for `build` to report with the rest.
    #[cfg(feature = "serde")]
    pub(crate) fn report(mut self, problem: Problem) -> Self {
        self.settings.recorded.push(problem);
        self
    }

    /// Validates the configuration and compiles it into a [`CorsLayer`].
    ///
    /// Returns every problem found (see [`ConfigError`]); never panics.
    ///
    /// ```
    /// use tower_cors::CorsLayer;
    ///
    /// // Every problem at once, each with its fix.
    /// let err = CorsLayer::builder()
    ///     .allow_origin(["https://example.com/", "example.org"])
    ///     .allow_methods("TRACE")
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(err.problems().len(), 3);
    /// println!("{err}");
    /// ```
    pub fn build(&self) -> Result<CorsLayer, ConfigError> {
        let policy = Policy::compile(&self.settings)?;
        #[cfg(feature = "tracing")]
        tracing::debug!(target: "tower_cors", policy = ?policy, "CORS policy built");
        Ok(CorsLayer::from_policy(policy))
    }
}

impl fmt::Debug for CorsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.settings;
        let o = &s.origins;
        f.debug_struct("CorsBuilder")
            .field("origins", &o.allowed)
            .field("regexes", &o.regexes)
            .field("predicates", &o.predicates.len())
            .field("null_origin", &o.null)
            .field("methods", &s.methods)
            .field("allow_headers", &s.allow_headers)
            .field("expose_headers", &s.expose_headers)
            .field("max_age", &s.max_age)
            .field("credentials", &o.credentials)
            .field("preflight_status", &s.preflight_status)
            .field("credential_opt_ins", &o.opt_ins)
            .field("treat_as_public_suffixes", &o.public_suffixes)
            .finish()
    }
}

/// Origins for [`CorsBuilder::allow_origin`]: made from a string, a
/// [`HeaderValue`], [`Any`], or an array, slice or `Vec` of these; collect
/// any iterator of them into one.
///
/// ```
/// use tower_cors::{CorsLayer, Origins};
///
/// let from_env = "https://a.example.com, https://b.example.com";
/// let cors = CorsLayer::builder()
///     .allow_origin(from_env.split(',').map(str::trim).collect::<Origins>())
///     .build()?;
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins(List);

/// Methods for [`CorsBuilder::allow_methods`]: made from a [`Method`], a
/// string, [`Any`], or an array, slice or `Vec` of these; collect any
/// iterator of them into one.
///
/// ```
/// use http::Method;
/// use tower_cors::{Any, CorsLayer};
///
/// let origin = "https://app.example.com";
/// CorsLayer::builder().allow_origin(origin).allow_methods(Method::DELETE).build()?;
/// CorsLayer::builder().allow_origin(origin).allow_methods(["PUT", "PATCH"]).build()?;
/// CorsLayer::builder().allow_origin(origin).allow_methods(Any).build()?;
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Methods(List);

/// Header names for [`CorsBuilder::allow_headers`] and
/// [`CorsBuilder::expose_headers`]: made from a [`HeaderName`], a string,
/// [`Any`], or an array, slice or `Vec` of these; collect any iterator of
/// them into one.
///
/// ```
/// use http::header;
/// use tower_cors::{Any, CorsLayer};
///
/// let origin = "https://app.example.com";
/// CorsLayer::builder()
///     .allow_origin(origin)
///     .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
///     .allow_headers("x-api-key")
///     .expose_headers(vec!["x-request-id", "x-ratelimit-remaining"])
///     .build()?;
/// CorsLayer::builder().allow_origin(origin).allow_headers(Any).build()?;
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderNames(List);

/// The conversions shared by the three input lists.
macro_rules! input_list {
    ($list:ident, $($item:ty => $text:expr),* $(,)?) => {
        impl $list {
            fn one(text: String) -> Self {
                $list(List { any: false, listed: vec![text] })
            }
        }

        impl From<Any> for $list {
            fn from(_: Any) -> Self {
                $list(List { any: true, listed: Vec::new() })
            }
        }

        impl From<&str> for $list {
            fn from(text: &str) -> Self {
                Self::one(text.to_owned())
            }
        }

        impl From<String> for $list {
            fn from(text: String) -> Self {
                Self::one(text)
            }
        }

        impl From<&String> for $list {
            fn from(text: &String) -> Self {
                Self::one(text.clone())
            }
        }

        $(
            impl From<$item> for $list {
                fn from(item: $item) -> Self {
                    let text: fn($item) -> String = $text;
                    Self::one(text(item))
                }
            }
        )*

        impl<T: Into<$list>, const N: usize> From<[T; N]> for $list {
            fn from(items: [T; N]) -> Self {
                items.into_iter().collect()
            }
        }

        impl<T: Into<$list>> From<Vec<T>> for $list {
            fn from(items: Vec<T>) -> Self {
                items.into_iter().collect()
            }
        }

        impl<T: Clone + Into<$list>> From<&[T]> for $list {
            fn from(items: &[T]) -> Self {
                items.iter().cloned().collect()
            }
        }

        impl<T: Into<$list>> FromIterator<T> for $list {
            fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
                items.into_iter().fold($list::default(), |mut all, item| {
                    all.0.extend(item.into().0);
                    all
                })
            }
        }
    };
}

input_list!(Origins,
    HeaderValue => |value| String::from_utf8_lossy(value.as_bytes()).into_owned(),
    &HeaderValue => |value| String::from_utf8_lossy(value.as_bytes()).into_owned(),
);
input_list!(Methods,
    Method => |method| method.as_str().to_owned(),
    &Method => |method| method.as_str().to_owned(),
);
input_list!(HeaderNames,
    HeaderName => |name| name.as_str().to_owned(),
    &HeaderName => |name| name.as_str().to_owned(),
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_add_up() {
        let origins: Origins = ["https://a.example", "https://b.example"].into();
        assert_eq!(origins.0.listed.len(), 2);
        let methods: Methods = vec![Method::GET, Method::from_bytes(b"patch").unwrap()].into();
        assert_eq!(methods.0.listed, ["GET", "patch"]);
        let headers: HeaderNames = Any.into();
        assert!(headers.0.any);
        let builder = CorsBuilder::new()
            .allow_origin("https://a.example")
            .allow_origin(["https://b.example"]);
        assert_eq!(
            builder.settings.origins.allowed.listed,
            ["https://a.example", "https://b.example"]
        );
    }
}

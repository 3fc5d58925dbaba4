//! [`Policy`]: the compiled, immutable CORS policy. `compile` validates a
//! builder once; `evaluate` decides for one request, from its head alone.

use std::fmt;

use http::header::{self, HeaderMap, HeaderValue};
use http::request::Parts;
use http::{Method, StatusCode};

use crate::builder::CorsBuilder;
use crate::decision::{Decision, Preflight, ResponseHeaders};
use crate::error::{ConfigError, HeaderList, Problem};
use crate::method::{self, AllowedMethods};
use crate::origin::{is_loopback, parse_pattern, HostPattern, Origin, OriginPattern, OriginSet};
use crate::render;
use crate::request_headers::{self, AllowedHeaders};
use crate::Refusal;

/// The longest max-age the layer sends: the most any browser honours.
const MAX_AGE_LIMIT: u64 = 86_400;

/// A compiled CORS policy: validated, with every header value rendered and
/// every origin indexed. Immutable; shared by all clones of its
/// [`CorsLayer`](crate::CorsLayer).
///
/// [`evaluate`](Self::evaluate) is the whole decision of the layer as a pure
/// function, for your own tests.
pub struct Policy {
    origins: AllowedOrigins,
    credentials: bool,
    methods: AllowedMethods,
    headers: AllowedHeaders,
    expose: Option<HeaderValue>,
    max_age: Option<HeaderValue>,
    preflight_status: StatusCode,
    /// `Vary` of every preflight answer, allowed or not.
    preflight_vary: Option<HeaderValue>,
}

/// Which origins are allowed, compiled.
enum AllowedOrigins {
    /// Any origin without credentials: `*`, the same answer for everyone.
    Public,
    /// Any canonical origin, reflected (credentials and the dangerous
    /// opt-in).
    ReflectAny { null: bool },
    /// The configured origins, patterns, regexes and predicates.
    Listed { set: OriginSet, null: bool },
}

impl Policy {
    /// Validates `builder`, collecting every problem, and compiles it.
    pub(crate) fn compile(builder: &CorsBuilder) -> Result<Policy, ConfigError> {
        let mut problems = Vec::new();
        let credentials = builder.credentials;

        let origins = compile_origins(builder, &mut problems);

        let mut methods = Vec::new();
        for name in &builder.methods.listed {
            match method::normalize(name) {
                Ok(m) if !methods.contains(&m) => methods.push(m),
                Ok(_) => {}
                Err(problem) => problems.push(problem),
            }
        }

        let mut allowed = Vec::new();
        for name in &builder.allow_headers.listed {
            match request_headers::normalize_allowed(name) {
                Ok(n) if !allowed.contains(&n) => allowed.push(n),
                Ok(_) => {}
                Err(problem) => problems.push(problem),
            }
        }

        let mut exposed = Vec::new();
        if builder.expose_headers.any && credentials {
            problems.push(Problem::CredentialsWithAnyExposedHeader);
        }
        for name in &builder.expose_headers.listed {
            match normalize_exposed(name) {
                Ok(n) if !exposed.contains(&n) => exposed.push(n),
                Ok(_) => {}
                Err(problem) => problems.push(problem),
            }
        }

        let max_age = builder.max_age.map(|age| age.as_secs());
        if let Some(seconds) = max_age.filter(|&s| s > MAX_AGE_LIMIT) {
            problems.push(Problem::MaxAgeTooLong { seconds });
        }

        let preflight_status = builder.preflight_status.unwrap_or(StatusCode::NO_CONTENT);
        if !preflight_status.is_success() {
            problems.push(Problem::PreflightStatusNotSuccess {
                status: preflight_status.as_u16(),
            });
        }

        if !problems.is_empty() {
            return Err(ConfigError::new(problems));
        }

        let methods = AllowedMethods::new(builder.methods.any, methods, credentials);
        let headers = AllowedHeaders::new(builder.allow_headers.any, allowed, credentials);
        let expose = if builder.expose_headers.any {
            Some(HeaderValue::from_static("*"))
        } else {
            render::list(exposed.iter().map(String::as_str))
        };
        let origin_dependent = !matches!(origins, AllowedOrigins::Public);
        let preflight_vary = render::list(
            [
                (origin_dependent, "Origin"),
                (methods.echoes(), "Access-Control-Request-Method"),
                (headers.echoes(), "Access-Control-Request-Headers"),
            ]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name)),
        );
        Ok(Policy {
            origins,
            credentials,
            methods,
            headers,
            expose,
            max_age: max_age.map(|seconds| render::shared(HeaderValue::from(seconds))),
            preflight_status,
            preflight_vary,
        })
    }

    /// The permissive policy: any origin, any method, any request header,
    /// no credentials. Known valid, so it needs no checking.
    pub(crate) fn permissive() -> Policy {
        Policy {
            origins: AllowedOrigins::Public,
            credentials: false,
            methods: AllowedMethods::new(true, Vec::new(), false),
            headers: AllowedHeaders::new(true, Vec::new(), false),
            expose: None,
            max_age: None,
            preflight_status: StatusCode::NO_CONTENT,
            preflight_vary: None,
        }
    }

    /// Decides what the layer does with a request, from its head alone.
    ///
    /// A pure function: no I/O, no body, no allocation for anything but a
    /// preflight's own header map. This is exactly what
    /// [`CorsService`](crate::CorsService) carries out.
    ///
    /// ```
    /// use http::{header, Method, Request, StatusCode};
    /// use tower_cors::{CorsLayer, Decision};
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_methods([Method::DELETE])
    ///     .build()
    ///     .unwrap();
    ///
    /// let (parts, ()) = Request::options("/items/1")
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .header(header::ACCESS_CONTROL_REQUEST_METHOD, "DELETE")
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    ///
    /// let Decision::Preflight(answer) = cors.policy().evaluate(&parts) else {
    ///     panic!("a preflight");
    /// };
    /// assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    /// assert_eq!(answer.headers()[header::ACCESS_CONTROL_ALLOW_METHODS], "DELETE");
    /// assert!(answer.refusal().is_none());
    /// ```
    pub fn evaluate(&self, parts: &Parts) -> Decision {
        let mut origins = parts.headers.get_all(header::ORIGIN).iter();
        let Some(first) = origins.next() else {
            return Decision::NotCors(self.not_cors_headers());
        };
        // Several `Origin` lines are never sent by a browser.
        let origin = if origins.next().is_none() {
            Some(first)
        } else {
            None
        };
        let allow_origin = self.check_origin(origin, parts);
        if parts.method == Method::OPTIONS
            && parts
                .headers
                .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
        {
            return Decision::Preflight(self.preflight(allow_origin, parts));
        }
        match allow_origin {
            Ok(allow_origin) => Decision::Allowed(self.allowed_headers(allow_origin)),
            Err(reason) => Decision::Refused {
                reason,
                headers: ResponseHeaders {
                    vary_origin: true,
                    ..ResponseHeaders::default()
                },
            },
        }
    }

    /// Whether credentialed requests are allowed.
    pub fn allows_credentials(&self) -> bool {
        self.credentials
    }

    /// Checks the origin; on success returns the `Access-Control-Allow-Origin`
    /// value. `origin` is `None` when the request has several `Origin` lines.
    fn check_origin(
        &self,
        origin: Option<&HeaderValue>,
        parts: &Parts,
    ) -> Result<HeaderValue, Refusal> {
        let (set, null) = match &self.origins {
            AllowedOrigins::Public => return Ok(HeaderValue::from_static("*")),
            AllowedOrigins::ReflectAny { null } => (None, *null),
            AllowedOrigins::Listed { set, null } => (Some(set), *null),
        };
        let value = origin.ok_or(Refusal::OriginNotCanonical)?;
        if value == "null" {
            return if null {
                Ok(HeaderValue::from_static("null"))
            } else {
                Err(Refusal::OriginNotAllowed)
            };
        }
        let text = value.to_str().map_err(|_| Refusal::OriginNotCanonical)?;
        // The common case first: an exact configured origin, canonical by
        // construction, so a hit needs no parsing.
        if let Some(rendered) = set.and_then(|set| set.lookup_exact(text)) {
            return Ok(rendered.clone());
        }
        let parsed = Origin::parse(text).ok_or(Refusal::OriginNotCanonical)?;
        match set {
            None => Ok(value.clone()),
            Some(set) if set.lookup_patterns(&parsed, parts) => Ok(value.clone()),
            Some(_) => Err(Refusal::OriginNotAllowed),
        }
    }

    /// The headers of a response to an allowed CORS request.
    fn allowed_headers(&self, allow_origin: HeaderValue) -> ResponseHeaders {
        ResponseHeaders {
            allow_origin: Some(allow_origin),
            allow_credentials: self.credentials,
            expose_headers: self.expose.clone(),
            vary_origin: !matches!(self.origins, AllowedOrigins::Public),
        }
    }

    /// The headers of a response to a non-CORS request: the constant answer
    /// of a public policy (so a cached copy serves browsers too), or
    /// `Vary: Origin`.
    fn not_cors_headers(&self) -> ResponseHeaders {
        match self.origins {
            AllowedOrigins::Public => self.allowed_headers(HeaderValue::from_static("*")),
            _ => ResponseHeaders {
                vary_origin: true,
                ..ResponseHeaders::default()
            },
        }
    }

    /// The answer to a preflight.
    fn preflight(&self, allow_origin: Result<HeaderValue, Refusal>, parts: &Parts) -> Preflight {
        let mut headers = HeaderMap::with_capacity(8);
        if let Some(vary) = &self.preflight_vary {
            headers.insert(header::VARY, vary.clone());
        }
        let allow_origin = match allow_origin {
            Ok(value) => value,
            Err(refusal) => {
                headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
                return Preflight {
                    status: StatusCode::FORBIDDEN,
                    headers,
                    verdict: Err(refusal),
                };
            }
        };
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
        if self.credentials {
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
        let (method_verdict, allow_methods) = self.methods.check(parts);
        if let Some(value) = allow_methods {
            headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, value);
        }
        let (headers_verdict, allow_headers) = self.headers.check(parts);
        if let Some(value) = allow_headers {
            headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, value);
        }
        if let Some(max_age) = &self.max_age {
            headers.insert(header::ACCESS_CONTROL_MAX_AGE, max_age.clone());
        }
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
        Preflight {
            status: self.preflight_status,
            headers,
            verdict: method_verdict.and(headers_verdict),
        }
    }
}

/// Validates the origin configuration and indexes it.
fn compile_origins(builder: &CorsBuilder, problems: &mut Vec<Problem>) -> AllowedOrigins {
    let credentials = builder.credentials;
    let mut null = builder.null_origin;
    let mut set = OriginSet::default();
    let mut star_in_list = false;

    for text in &builder.origins.listed {
        if text == "*" {
            if !star_in_list {
                problems.push(Problem::WildcardInOriginList);
            }
            star_in_list = true;
            continue;
        }
        if text.eq_ignore_ascii_case("null") {
            if builder.null_origin {
                null = true;
            } else {
                problems.push(Problem::NullOriginWithoutOptIn);
            }
            continue;
        }
        match parse_pattern(text) {
            Ok(pattern) => {
                if credentials {
                    check_credentialed_pattern(builder, text, &pattern, problems);
                }
                set.insert(&pattern);
            }
            Err(invalid) => problems.push(Problem::InvalidOrigin(invalid)),
        }
    }

    #[cfg(feature = "regex")]
    compile_regexes(&builder.regexes, &mut set, problems);
    for predicate in &builder.predicates {
        set.push_predicate(predicate.clone());
    }

    let any = builder.origins.any;
    if any && !set.is_empty() && !star_in_list {
        problems.push(Problem::WildcardInOriginList);
    }
    if any {
        if !credentials {
            return AllowedOrigins::Public;
        }
        if !builder.credentials_for_any_origin {
            problems.push(Problem::CredentialsWithAnyOrigin);
        }
        return AllowedOrigins::ReflectAny { null };
    }
    if set.is_empty() && !null && problems.is_empty() {
        problems.push(Problem::NoOriginAllowed);
    }
    AllowedOrigins::Listed { set, null }
}

/// The origin forms refused with credentials unless opted in.
fn check_credentialed_pattern(
    builder: &CorsBuilder,
    text: &str,
    pattern: &OriginPattern,
    problems: &mut Vec<Problem>,
) {
    let host = pattern.host_text();
    if pattern.scheme == "http" && !is_loopback(host) && !builder.credentials_over_http {
        let rest = &text[text.find("://").map_or(0, |i| i + 3)..];
        problems.push(Problem::CredentialsOverHttp {
            origin: text.to_owned(),
            fix: format!("https://{rest}"),
        });
    }
    if let HostPattern::Subdomains(domain) = &pattern.host {
        if is_public_suffix(domain) && !builder.credentials_for_public_suffix_wildcards {
            problems.push(Problem::CredentialsWithPublicSuffixWildcard {
                pattern: text.to_owned(),
                suffix: domain.clone(),
            });
        }
    }
}

/// Whether anyone can register names directly under `domain`, by the
/// Public Suffix List (private section included, so `github.io` is one).
/// `localhost` is not a registry.
fn is_public_suffix(domain: &str) -> bool {
    if domain == "localhost" {
        return false;
    }
    psl::suffix(domain.as_bytes()).is_some_and(|suffix| suffix.as_bytes() == domain.as_bytes())
}

/// Compiles all regexes into one anchored set; reports each that fails.
#[cfg(feature = "regex")]
fn compile_regexes(patterns: &[String], set: &mut OriginSet, problems: &mut Vec<Problem>) {
    let anchored = |p: &String| format!(r"\A(?:{p})\z");
    let mut ok = true;
    for pattern in patterns {
        if let Err(err) = regex::Regex::new(&anchored(pattern)) {
            ok = false;
            problems.push(Problem::InvalidRegex {
                pattern: pattern.clone(),
                message: err.to_string(),
            });
        }
    }
    if !ok || patterns.is_empty() {
        return;
    }
    match regex::RegexSet::new(patterns.iter().map(anchored)) {
        Ok(compiled) => set.set_regexes(compiled),
        Err(err) => problems.push(Problem::InvalidRegex {
            pattern: patterns.join(" | "),
            message: err.to_string(),
        }),
    }
}

/// Validates a configured exposed header, lowercased.
fn normalize_exposed(name: &str) -> Result<String, Problem> {
    let lower = request_headers::parse_name(name, HeaderList::Exposed)?;
    if lower == "set-cookie" || lower == "set-cookie2" {
        return Err(Problem::ExposedSetCookie {
            name: name.to_owned(),
        });
    }
    Ok(lower)
}

impl fmt::Debug for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let origins = match &self.origins {
            AllowedOrigins::Public => "any (*)".to_owned(),
            AllowedOrigins::ReflectAny { null } => format!("any, reflected (null: {null})"),
            AllowedOrigins::Listed { set, null } => format!("{set:?} (null: {null})"),
        };
        f.debug_struct("Policy")
            .field("origins", &origins)
            .field("credentials", &self.credentials)
            .field("methods", &self.methods)
            .field("headers", &self.headers)
            .field("expose", &self.expose)
            .field("max_age", &self.max_age)
            .field("preflight_status", &self.preflight_status)
            .finish()
    }
}

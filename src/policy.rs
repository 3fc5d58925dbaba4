//! [`Policy`]: the compiled, immutable CORS policy. `compile` validates a
//! builder once; `evaluate` decides for one request, from its head alone.

use std::fmt;

use http::header::{self, HeaderMap, HeaderValue};
use http::request::Parts;
use http::StatusCode;

use crate::builder::CorsBuilder;
use crate::decision::{Decision, Preflight, ResponseHeaders};
use crate::error::{ConfigError, HeaderList, Problem};
use crate::head::{Head, Kind, Line};
use crate::method::{self, AllowedMethods};
use crate::origin::AllowedOrigins;
use crate::render;
use crate::request_headers::{self, AllowedHeaders};
use crate::vary;
use crate::Refusal;

/// The longest max-age the layer sends: the most any browser honours.
const MAX_AGE_LIMIT: u64 = 86_400;

/// A compiled CORS policy: validated, with every header value rendered and
/// every origin indexed. Immutable; shared by all clones of its
/// [`CorsLayer`](crate::CorsLayer).
///
/// [`evaluate`](Self::evaluate) is the whole decision of the layer as a pure
/// function, for your own tests.
///
/// ```
/// use http::{header, Request};
/// use tower_cors::{CorsLayer, Decision};
///
/// // Unit-test your own policy without a server.
/// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build()?;
/// let (parts, ()) = Request::get("/")
///     .header(header::ORIGIN, "https://app.example.com")
///     .body(())
///     .unwrap()
///     .into_parts();
/// assert!(matches!(cors.policy().evaluate(&parts), Decision::Allowed(_)));
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
pub struct Policy {
    origins: AllowedOrigins,
    credentials: bool,
    methods: AllowedMethods,
    headers: AllowedHeaders,
    expose: Option<HeaderValue>,
    preflight_status: StatusCode,
    /// Every header of an allowed preflight's answer that does not depend
    /// on the request, rendered once; a preflight clones it and adds
    /// `Access-Control-Allow-Origin` (and any echo).
    preflight_allowed: HeaderMap,
    /// The whole answer to a preflight from a refused origin.
    preflight_refused: HeaderMap,
}

impl Policy {
    /// Validates `builder`, collecting every problem, and compiles it.
    pub(crate) fn compile(builder: &CorsBuilder) -> Result<Policy, ConfigError> {
        let mut problems = Vec::new();
        let credentials = builder.credentials;

        let origins = AllowedOrigins::compile(builder, &mut problems);

        let methods = normalize_all(&builder.methods.listed, method::normalize, &mut problems);
        let allowed = normalize_all(
            &builder.allow_headers.listed,
            request_headers::normalize_allowed,
            &mut problems,
        );
        if builder.expose_headers.any && credentials {
            problems.push(Problem::CredentialsWithAnyExposedHeader);
        }
        let exposed = normalize_all(
            &builder.expose_headers.listed,
            normalize_exposed,
            &mut problems,
        );

        let max_age = builder.max_age.map(|age| age.as_secs());
        if let Some(seconds) = max_age.filter(|&s| s > MAX_AGE_LIMIT) {
            problems.push(Problem::MaxAgeTooLong { seconds });
        }
        if let Some(age) = builder.max_age.filter(|age| age.subsec_nanos() != 0) {
            problems.push(Problem::MaxAgeNotWholeSeconds { max_age: age });
        }

        let preflight_status = builder.preflight_status.unwrap_or(StatusCode::NO_CONTENT);
        if !preflight_status.is_success() {
            problems.push(Problem::PreflightStatusNotSuccess {
                status: preflight_status.as_u16(),
            });
        }
        if let Some(status) = builder.unrepresentable_status {
            problems.push(Problem::PreflightStatusNotSuccess { status });
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
        let max_age = max_age.map(|seconds| render::shared(HeaderValue::from(seconds)));
        Ok(Policy::assemble(
            origins,
            credentials,
            methods,
            headers,
            expose,
            max_age,
            preflight_status,
        ))
    }

    /// The permissive policy: any origin, any method, any request header,
    /// every exposed header, no credentials. Known valid, so it needs no
    /// checking.
    pub(crate) fn permissive() -> Policy {
        Policy::assemble(
            AllowedOrigins::Public,
            false,
            AllowedMethods::new(true, Vec::new(), false),
            AllowedHeaders::new(true, Vec::new(), false),
            Some(HeaderValue::from_static("*")),
            None,
            StatusCode::NO_CONTENT,
        )
    }

    /// Renders the preflight answers from validated parts.
    fn assemble(
        origins: AllowedOrigins,
        credentials: bool,
        methods: AllowedMethods,
        headers: AllowedHeaders,
        expose: Option<HeaderValue>,
        max_age: Option<HeaderValue>,
        preflight_status: StatusCode,
    ) -> Policy {
        let vary = vary::preflight(!origins.is_public(), methods.echoes(), headers.echoes());
        let mut preflight_allowed = HeaderMap::new();
        if let Some(vary) = &vary {
            preflight_allowed.insert(header::VARY, vary.clone());
        }
        // An explicit empty body helps old clients, except on a 204, which
        // must not carry `Content-Length` (RFC 9110, section 8.6).
        let zero = HeaderValue::from_static("0");
        let mut preflight_refused = preflight_allowed.clone();
        preflight_refused.insert(header::CONTENT_LENGTH, zero.clone());
        if preflight_status != StatusCode::NO_CONTENT {
            preflight_allowed.insert(header::CONTENT_LENGTH, zero);
        }
        if credentials {
            preflight_allowed.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
        let rendered = [
            (header::ACCESS_CONTROL_ALLOW_METHODS, methods.rendered()),
            (header::ACCESS_CONTROL_ALLOW_HEADERS, headers.rendered()),
            (header::ACCESS_CONTROL_MAX_AGE, max_age.as_ref()),
        ];
        for (name, value) in rendered {
            if let Some(value) = value {
                preflight_allowed.insert(name, value.clone());
            }
        }
        // Slots for what each request fills in, so that filling a clone
        // replaces in place and never grows it: the origin always, the
        // method and header lists when they are echoed (removed again if
        // there is nothing valid to echo).
        let slots = [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, true),
            (header::ACCESS_CONTROL_ALLOW_METHODS, methods.echoes()),
            (header::ACCESS_CONTROL_ALLOW_HEADERS, headers.echoes()),
        ];
        for (name, needed) in slots {
            if needed {
                preflight_allowed.insert(name, HeaderValue::from_static(""));
            }
        }

        Policy {
            origins,
            credentials,
            methods,
            headers,
            expose,
            preflight_status,
            preflight_allowed,
            preflight_refused,
        }
    }

    /// Decides what the layer does with a request, from its head alone.
    ///
    /// A pure function: no I/O, no body, no allocation for anything but a
    /// preflight's own header map (a reflected origin is the request's own
    /// value, shared by reference count, not copied). This is exactly what
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
        self.decide(Head::from_parts(parts))
    }

    /// Whether the decision may need a request's whole [`Parts`]: only an
    /// origin predicate does. When it is `false`, the service decides from
    /// the request's method and headers without taking the request apart.
    pub(crate) fn reads_parts(&self) -> bool {
        self.origins.has_predicates()
    }

    /// [`evaluate`](Self::evaluate), from what the policy reads of a request.
    pub(crate) fn decide(&self, head: Head<'_>) -> Decision {
        match head.kind() {
            Kind::NotCors => Decision::NotCors(self.not_cors_headers()),
            Kind::Actual { origin } => match self.allow_origin(origin, head.parts) {
                Ok(allow_origin) => Decision::Allowed(self.actual_headers(Some(allow_origin))),
                Err(reason) => Decision::Refused {
                    reason,
                    headers: self.actual_headers(None),
                },
            },
            Kind::Preflight { origin, method } => {
                Decision::Preflight(self.preflight(origin, method, head))
            }
        }
    }

    /// The `Access-Control-Allow-Origin` value for a CORS request whose
    /// `Origin` line is `origin`, or why the origin is refused.
    #[inline]
    pub(crate) fn allow_origin(
        &self,
        origin: Line<'_>,
        parts: Option<&Parts>,
    ) -> Result<HeaderValue, Refusal> {
        self.origins
            .check(origin, parts)
            .map_err(|refusal| self.origins.reason(origin, refusal))
    }

    /// [`allow_origin`](Self::allow_origin), but an origin that a policy
    /// of exact origins refuses unread stays [`Refusal::OriginNotAllowed`]
    /// even when it is not canonical: the service's path, where only
    /// diagnostics read the reason ([`reason`](Self::reason) then).
    #[inline]
    pub(crate) fn allow_origin_unread(
        &self,
        origin: Line<'_>,
        parts: Option<&Parts>,
    ) -> Result<HeaderValue, Refusal> {
        self.origins.check(origin, parts)
    }

    /// The whole reason for a refusal of [`allow_origin_unread`](Self::allow_origin_unread).
    #[cfg(feature = "tracing")]
    pub(crate) fn reason(&self, origin: Line<'_>, refusal: &Refusal) -> Refusal {
        self.origins.reason(origin, refusal.clone())
    }

    /// A sentence that helps fix `refusal` of the request `parts`: a
    /// "did you mean" when a configured origin, method or header is a near
    /// miss (an origin that differs by scheme, port, case or a trailing
    /// slash; a method that differs by case; a header spelled differently),
    /// otherwise what is allowed. The layer logs it with each refusal (the
    /// `tracing` feature); call it to log refusals your own way.
    ///
    /// ```
    /// use http::{header, Request};
    /// use tower_cors::CorsLayer;
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .build()?;
    /// let (parts, ()) = Request::get("/")
    ///     .header(header::ORIGIN, "http://app.example.com")
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// let decision = cors.policy().evaluate(&parts);
    /// let refusal = decision.refusal().expect("refused");
    /// assert_eq!(
    ///     cors.policy().hint(&parts, refusal).as_deref(),
    ///     Some("did you mean `https://app.example.com`? It is allowed; this origin differs by its scheme")
    /// );
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn hint(&self, parts: &Parts, refusal: &Refusal) -> Option<String> {
        self.hint_for(&parts.headers, refusal)
    }

    /// [`hint`](Self::hint), from the request's headers.
    pub(crate) fn hint_for(&self, headers: &HeaderMap, refusal: &Refusal) -> Option<String> {
        match refusal {
            Refusal::OriginNotAllowed | Refusal::OriginNotCanonical => {
                let origin = headers.get(header::ORIGIN)?;
                // No configured origin is longer; reading more would only
                // let a client make the hint cost what it sends.
                if origin.len() > crate::MAX_ORIGIN_LEN {
                    return None;
                }
                self.origins
                    .near_miss(&String::from_utf8_lossy(origin.as_bytes()))
            }
            Refusal::MethodNotAllowed(method) if method.is_truncated() => None,
            Refusal::MethodNotAllowed(method) => self.methods.hint(method.as_str()),
            Refusal::HeaderNotAllowed(name) => {
                self.headers.hint(name.as_str(), !name.is_truncated())
            }
            Refusal::InvalidRequestMethod | Refusal::InvalidRequestHeaders => None,
        }
    }

    /// Whether credentialed requests are allowed.
    ///
    /// ```
    /// use tower_cors::CorsLayer;
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_credentials(true)
    ///     .build()?;
    /// assert!(cors.policy().allows_credentials());
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn allows_credentials(&self) -> bool {
        self.credentials
    }

    /// The headers of the response to an actual CORS request: those of an
    /// allowed one, given its `Access-Control-Allow-Origin` value, or
    /// `Vary: Origin` alone for a refused one.
    #[inline]
    pub(crate) fn actual_headers(&self, allow_origin: Option<HeaderValue>) -> ResponseHeaders {
        match allow_origin {
            Some(allow_origin) => self.allowed_headers(allow_origin),
            None => ResponseHeaders::vary_origin(),
        }
    }

    /// The headers of a response to an allowed CORS request.
    #[inline]
    fn allowed_headers(&self, allow_origin: HeaderValue) -> ResponseHeaders {
        ResponseHeaders {
            allow_origin: Some(allow_origin),
            allow_credentials: self.credentials,
            expose_headers: self.expose.clone(),
            vary_origin: !self.origins.is_public(),
        }
    }

    /// The headers of a response to a non-CORS request: the constant answer
    /// of a public policy (so a cached copy serves browsers too), or
    /// `Vary: Origin`.
    pub(crate) fn not_cors_headers(&self) -> ResponseHeaders {
        if self.origins.is_public() {
            self.allowed_headers(HeaderValue::from_static("*"))
        } else {
            ResponseHeaders::vary_origin()
        }
    }

    /// The answer to the preflight `head`, whose `Origin` and
    /// `Access-Control-Request-Method` lines are `origin` and `method`.
    pub(crate) fn preflight(
        &self,
        origin: Line<'_>,
        method: Line<'_>,
        head: Head<'_>,
    ) -> Preflight {
        let allow_origin = match self.allow_origin(origin, head.parts) {
            Ok(value) => value,
            Err(refusal) => {
                return Preflight {
                    status: StatusCode::FORBIDDEN,
                    headers: self.preflight_refused.clone(),
                    verdict: Err(refusal),
                }
            }
        };
        let mut headers = self.preflight_allowed.clone();
        // The template has a slot for it: filling it costs one probe.
        match headers.get_mut(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
            Some(slot) => *slot = allow_origin,
            None => {
                headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
            }
        }
        let method_verdict = self.methods.check(method, &mut headers);
        let headers_verdict = self.headers.check(head.headers, &mut headers);
        Preflight {
            status: self.preflight_status,
            headers,
            verdict: method_verdict.and(headers_verdict),
        }
    }
}

/// Normalises every name of a configured list, dropping repeats and
/// pushing a problem for each invalid one.
fn normalize_all(
    names: &[String],
    normalize: fn(&str) -> Result<String, Problem>,
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let mut normalized = Vec::with_capacity(names.len());
    for name in names {
        match normalize(name) {
            Ok(n) if !normalized.contains(&n) => normalized.push(n),
            Ok(_) => {}
            Err(problem) => problems.push(problem),
        }
    }
    normalized
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
        f.debug_struct("Policy")
            .field("origins", &self.origins)
            .field("credentials", &self.credentials)
            .field("methods", &self.methods)
            .field("headers", &self.headers)
            .field("expose", &self.expose)
            .field("preflight_status", &self.preflight_status)
            .field("preflight_answer", &self.preflight_allowed)
            .finish()
    }
}

//! [`Policy`]: the compiled, immutable CORS policy. `compile` validates the
//! builder's settings once; `decide` decides for one request, from its
//! head alone, and `evaluate` is that decision with its reason in full.

use std::fmt;

use http::header::{self, HeaderMap, HeaderValue};
use http::request::Parts;
use http::StatusCode;

use crate::decision::{Decision, Preflight, Refusal, ResponseHeaders};
use crate::error::{ConfigError, Problem};
use crate::exposed_headers;
use crate::head::{Head, Kind, Line};
use crate::list::List;
use crate::method::{self, AllowedMethods};
use crate::origin::AllowedOrigins;
use crate::render;
use crate::request_headers::{self, AllowedHeaders};
use crate::settings::Settings;
use crate::vary;

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
    /// Validates `settings`, collecting every problem, and compiles them.
    pub(crate) fn compile(settings: &Settings) -> Result<Policy, ConfigError> {
        let mut problems = Vec::new();
        let credentials = settings.credentials();

        let origins = AllowedOrigins::compile(&settings.origins, &mut problems);

        let methods = normalize_all(&settings.methods.listed, method::normalize, &mut problems);
        any_with_list("allow_methods", &settings.methods, &[], &mut problems);
        let allowed = normalize_all(
            &settings.allow_headers.listed,
            request_headers::normalize_allowed,
            &mut problems,
        );
        // `*` never covers `authorization`: naming it beside `Any` is how
        // to allow it.
        let authorization = ["authorization"];
        any_with_list(
            "allow_headers",
            &settings.allow_headers,
            &authorization,
            &mut problems,
        );
        any_with_list(
            "expose_headers",
            &settings.expose_headers,
            &[],
            &mut problems,
        );
        if settings.expose_headers.any && credentials {
            problems.push(Problem::CredentialsWithAnyExposedHeader);
        }
        let exposed = normalize_all(
            &settings.expose_headers.listed,
            exposed_headers::normalize,
            &mut problems,
        );

        let max_age = settings.max_age.map(|age| age.as_secs());
        if let Some(seconds) = max_age.filter(|&s| s > MAX_AGE_LIMIT) {
            problems.push(Problem::MaxAgeTooLong { seconds });
        }
        if let Some(age) = settings.max_age.filter(|age| age.subsec_nanos() != 0) {
            problems.push(Problem::MaxAgeNotWholeSeconds { max_age: age });
        }

        let preflight_status = settings.preflight_status.unwrap_or(StatusCode::NO_CONTENT);
        if !preflight_status.is_success() {
            problems.push(Problem::PreflightStatusNotSuccess {
                status: preflight_status.as_u16(),
            });
        }
        problems.extend(settings.recorded.iter().cloned());

        if !problems.is_empty() {
            return Err(ConfigError::new(problems));
        }

        let methods = AllowedMethods::new(settings.methods.any, methods, credentials);
        let headers = AllowedHeaders::new(settings.allow_headers.any, allowed, credentials);
        let expose = if settings.expose_headers.any {
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
        let head = Head::from_parts(parts);
        self.explain(head, self.decide(head))
    }

    /// Whether the decision may need a request's whole [`Parts`]: only an
    /// origin predicate does. When it is `false`, the service decides from
    /// the request's method and headers without taking the request apart.
    pub(crate) fn reads_parts(&self) -> bool {
        self.origins.has_predicates()
    }

    /// The decision on `head`: the one step the service takes for every
    /// request, and [`evaluate`](Self::evaluate)'s first.
    ///
    /// A policy of exact origins refuses an origin it does not list
    /// without reading it, as [`Refusal::OriginNotAllowed`]; whether that
    /// origin was canonical at all changes nothing on the wire and is
    /// [`explain`](Self::explain)'s to say.
    #[inline]
    pub(crate) fn decide(&self, head: Head<'_>) -> Decision {
        match head.kind() {
            Kind::NotCors => Decision::NotCors(self.not_cors_headers()),
            Kind::Actual { origin } => match self.origins.check(origin, head.parts) {
                Ok(allow_origin) => Decision::Allowed(self.allowed_headers(allow_origin)),
                Err(reason) => Decision::Refused {
                    reason,
                    headers: ResponseHeaders::vary_origin(),
                },
            },
            Kind::Preflight { origin, method } => {
                Decision::Preflight(self.preflight(origin, method, head))
            }
        }
    }

    /// `decision` on `head` with its reason told in full (see
    /// [`reason`](Self::reason)). Only the reason changes, never what is
    /// sent.
    pub(crate) fn explain(&self, head: Head<'_>, mut decision: Decision) -> Decision {
        let refusal = match &mut decision {
            Decision::Refused { reason, .. } => Some(reason),
            Decision::Preflight(answer) => answer.verdict.as_mut().err(),
            Decision::NotCors(_) | Decision::Allowed(_) => None,
        };
        if let Some(refusal) = refusal {
            *refusal = self.reason(head, refusal);
        }
        decision
    }

    /// The whole reason for `refusal` of `head`: an origin that a policy of
    /// exact origins refused unread is [`Refusal::OriginNotCanonical`] when
    /// it is not canonical.
    pub(crate) fn reason(&self, head: Head<'_>, refusal: &Refusal) -> Refusal {
        match head.kind() {
            Kind::Actual { origin } | Kind::Preflight { origin, .. } => {
                self.origins.reason(origin, refusal.clone())
            }
            Kind::NotCors => refusal.clone(),
        }
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
                if origin.len() > crate::origin::MAX_ORIGIN_LEN {
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
    #[inline(never)]
    fn not_cors_headers(&self) -> ResponseHeaders {
        if self.origins.is_public() {
            self.allowed_headers(HeaderValue::from_static("*"))
        } else {
            ResponseHeaders::vary_origin()
        }
    }

    /// The answer to the preflight `head`, whose `Origin` and
    /// `Access-Control-Request-Method` lines are `origin` and `method`.
    /// Out of line: the other requests' path stays small.
    #[inline(never)]
    fn preflight(&self, origin: Line<'_>, method: Line<'_>, head: Head<'_>) -> Preflight {
        let allow_origin = match self.origins.check(origin, head.parts) {
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

/// Pushes [`Problem::AnyWithList`] when `list` has `Any` and a name
/// (other than the `kept` ones, which `Any` does not cover).
fn any_with_list(setting: &'static str, list: &List, kept: &[&str], problems: &mut Vec<Problem>) {
    if !list.any {
        return;
    }
    let ignored: Vec<String> = list
        .listed
        .iter()
        .filter(|name| !kept.iter().any(|k| name.trim().eq_ignore_ascii_case(k)))
        .map(|name| format!("`{name}`"))
        .collect();
    if !ignored.is_empty() {
        problems.push(Problem::AnyWithList {
            setting,
            listed: ignored.join(", "),
        });
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

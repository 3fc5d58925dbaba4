//! [`CorsService`]: carries out the policy's decision around an inner
//! service.

use std::sync::Arc;
use std::task::{Context, Poll};

use http::{Request, Response};
use tower_service::Service;

use crate::decision::ResponseHeaders;
#[cfg(feature = "tracing")]
use crate::diagnostics;
use crate::future::ResponseFuture;
use crate::head::{Head, Kind, Line};
use crate::policy::Policy;

/// Wraps a service with a CORS policy; made by [`CorsLayer`](crate::CorsLayer).
///
/// Preflights are answered here and never reach the inner service; every
/// other request does, and its response (whatever its status) gets the
/// policy's headers. The error type is the inner service's; an error passes
/// through untouched.
///
/// The inner service's response body must implement [`Default`]: a
/// preflight answer is a response with an empty body of the same type.
/// axum's `Body`, `http_body_util::Full` and `Empty` all do.
///
/// ```
/// use std::convert::Infallible;
/// use http::{Request, Response};
/// use tower::{service_fn, Layer};
/// use tower_cors::CorsLayer;
///
/// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build()?;
/// let handler = service_fn(|_: Request<String>| async {
///     Ok::<_, Infallible>(Response::new(String::new()))
/// });
/// let service = cors.layer(handler); // a CorsService
/// assert!(!service.policy().allows_credentials());
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct CorsService<S> {
    inner: S,
    policy: Arc<Policy>,
}

impl<S> CorsService<S> {
    pub(crate) fn new(inner: S, policy: Arc<Policy>) -> Self {
        CorsService { inner, policy }
    }

    /// The wrapped service.
    ///
    /// ```
    /// use std::convert::Infallible;
    /// use http::{Request, Response};
    /// use tower::{service_fn, Layer};
    /// use tower_cors::CorsLayer;
    ///
    /// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build()?;
    /// let handler = service_fn(|_: Request<String>| async {
    ///     Ok::<_, Infallible>(Response::new(String::new()))
    /// });
    /// let service = cors.layer(handler);
    /// let _inner = service.get_ref();
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The wrapped service, mutably.
    ///
    /// ```
    /// use std::convert::Infallible;
    /// use http::{Request, Response};
    /// use tower::{service_fn, Layer};
    /// use tower_cors::CorsLayer;
    ///
    /// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build()?;
    /// let handler = service_fn(|_: Request<String>| async {
    ///     Ok::<_, Infallible>(Response::new(String::new()))
    /// });
    /// let mut service = cors.layer(handler);
    /// let _inner = service.get_mut();
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// Unwraps the inner service.
    ///
    /// ```
    /// use std::convert::Infallible;
    /// use http::{Request, Response};
    /// use tower::{service_fn, Layer};
    /// use tower_cors::CorsLayer;
    ///
    /// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build()?;
    /// let handler = service_fn(|_: Request<String>| async {
    ///     Ok::<_, Infallible>(Response::new(String::new()))
    /// });
    /// let service = cors.layer(handler);
    /// let _handler = service.into_inner();
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn into_inner(self) -> S {
        self.inner
    }

    /// The policy this service enforces.
    ///
    /// ```
    /// use std::convert::Infallible;
    /// use http::{Request, Response};
    /// use tower::{service_fn, Layer};
    /// use tower_cors::CorsLayer;
    ///
    /// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build()?;
    /// let handler = service_fn(|_: Request<String>| async {
    ///     Ok::<_, Infallible>(Response::new(String::new()))
    /// });
    /// let service = cors.layer(handler);
    /// assert!(!service.policy().allows_credentials());
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn policy(&self) -> &Policy {
        &self.policy
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for CorsService<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: Default,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future, ResBody>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    #[inline]
    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        if self.policy.reads_parts() {
            return self.call_with_parts(request);
        }
        let head = Head::borrowed(request.method(), request.headers());
        match self.respond(head) {
            Ok(headers) => ResponseFuture::inner(self.inner.call(request), headers),
            Err(answer) => ResponseFuture::answered(answer),
        }
    }
}

impl<S> CorsService<S> {
    /// [`call`](Service::call) for a policy with an origin predicate, which
    /// sees the request's `Parts`.
    fn call_with_parts<ReqBody, ResBody>(
        &mut self,
        request: Request<ReqBody>,
    ) -> ResponseFuture<S::Future, ResBody>
    where
        S: Service<Request<ReqBody>, Response = Response<ResBody>>,
        ResBody: Default,
    {
        let (parts, body) = request.into_parts();
        match self.respond(Head::from_parts(&parts)) {
            Ok(headers) => {
                ResponseFuture::inner(self.inner.call(Request::from_parts(parts, body)), headers)
            }
            Err(answer) => ResponseFuture::answered(answer),
        }
    }

    /// The headers the inner service's response gets, or the layer's own
    /// answer to a preflight; each CORS request recorded for diagnostics.
    #[inline]
    fn respond<B: Default>(&self, head: Head<'_>) -> Result<ResponseHeaders, Response<B>> {
        match head.kind() {
            Kind::NotCors => Ok(self.policy.not_cors_headers()),
            Kind::Actual { origin } => {
                let allow_origin = self.policy.allow_origin_unread(origin, head.parts);
                #[cfg(feature = "tracing")]
                diagnostics::record(&self.policy, head, false, allow_origin.as_ref().err());
                Ok(self.policy.actual_headers(allow_origin.ok()))
            }
            Kind::Preflight { origin, method } => Err(self.preflight(head, origin, method)),
        }
    }

    /// The answer to a preflight, recorded for diagnostics.
    #[inline(never)]
    fn preflight<B: Default>(
        &self,
        head: Head<'_>,
        origin: Line<'_>,
        method: Line<'_>,
    ) -> Response<B> {
        let answer = self.policy.preflight(origin, method, head);
        #[cfg(feature = "tracing")]
        diagnostics::record(&self.policy, head, true, answer.refusal());
        answer.into_response()
    }
}

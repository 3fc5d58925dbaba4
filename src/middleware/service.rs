//! [`CorsService`]: carries out the policy's decision around an inner
//! service.

use std::sync::Arc;
use std::task::{Context, Poll};

use http::{Request, Response};
use tower_service::Service;

use super::future::ResponseFuture;
use crate::decision::Decision;
#[cfg(feature = "tracing")]
use crate::diagnostics;
use crate::head::Head;
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
/// let mut service = cors.layer(handler); // a CorsService
/// assert!(!service.policy().allows_credentials());
/// let _inner = service.get_ref();
/// let _inner = service.get_mut();
/// let _handler = service.into_inner();
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
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The wrapped service, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// Unwraps the inner service.
    pub fn into_inner(self) -> S {
        self.inner
    }

    /// The policy this service enforces.
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
        // Decided, recorded and carried out here rather than through
        // `decide` and a helper taking the request: each hand-over moves
        // the decision or the whole head once more, which the common path
        // measurably pays for (`cargo bench --bench instructions`).
        let decision = self.policy.decide(head);
        #[cfg(feature = "tracing")]
        diagnostics::record(&self.policy, head, &decision);
        match decision {
            Decision::Preflight(answer) => ResponseFuture::answered(answer.into_response()),
            Decision::NotCors(headers)
            | Decision::Allowed(headers)
            | Decision::Refused { headers, .. } => {
                ResponseFuture::inner(self.inner.call(request), headers)
            }
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
        match self.decide(Head::from_parts(&parts)) {
            Decision::Preflight(answer) => ResponseFuture::answered(answer.into_response()),
            Decision::NotCors(headers)
            | Decision::Allowed(headers)
            | Decision::Refused { headers, .. } => {
                let request = Request::from_parts(parts, body);
                ResponseFuture::inner(self.inner.call(request), headers)
            }
        }
    }

    /// The policy's decision ([`Policy::evaluate`] takes this very step,
    /// then tells the reason of a refusal in full), recorded for
    /// diagnostics: what [`call`](Service::call) does inline.
    #[inline]
    fn decide(&self, head: Head<'_>) -> Decision {
        let decision = self.policy.decide(head);
        #[cfg(feature = "tracing")]
        diagnostics::record(&self.policy, head, &decision);
        decision
    }
}

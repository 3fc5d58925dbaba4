//! An inner service for the tests (and the fuzz targets) that poll the
//! layer by hand: it answers at once with what its function makes, and
//! counts its calls. It needs only `http` and `tower-service`, which the
//! fuzz crate has too.

#![allow(dead_code)] // each test binary uses a part

use std::convert::Infallible;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use http::{Request, Response};
use tower_cors::Decision;
use tower_service::Service;

/// Answers every request with `respond()`, at once.
#[derive(Clone)]
pub struct Handler {
    respond: fn() -> Response<()>,
    calls: Arc<AtomicUsize>,
}

impl Handler {
    pub fn new(respond: fn() -> Response<()>) -> Self {
        Handler {
            respond,
            calls: Arc::default(),
        }
    }

    /// How many requests reached it (clones share the count).
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::Relaxed)
    }
}

impl Service<Request<()>> for Handler {
    type Response = Response<()>;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Response<()>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<()>) -> Self::Future {
        self.calls.fetch_add(1, Ordering::Relaxed);
        std::future::ready(Ok((self.respond)()))
    }
}

/// What the layer must answer for its `decision` on a request, given what
/// the inner service answers: the preflight answer itself, or `inner` with
/// the decision's headers applied.
pub fn decided<B: Default>(decision: Decision, inner: Response<B>) -> Response<B> {
    match decision {
        Decision::Preflight(answer) => answer.into_response(),
        Decision::NotCors(headers)
        | Decision::Allowed(headers)
        | Decision::Refused { headers, .. } => {
            let mut response = inner;
            headers.apply(response.headers_mut());
            response
        }
        other => panic!("a decision this helper does not know: {other:?}"),
    }
}

struct NoopWake;

impl Wake for NoopWake {
    fn wake(self: Arc<Self>) {}
}

/// A waker that does nothing (the handler's futures are always ready).
pub fn waker() -> Waker {
    Waker::from(Arc::new(NoopWake))
}

/// Polls a future that must be ready at once.
pub fn ready<F: Future>(future: F, cx: &mut Context<'_>) -> F::Output {
    match pin!(future).poll(cx) {
        Poll::Ready(out) => out,
        Poll::Pending => panic!("the handler is always ready"),
    }
}

/// [`ready`] with a waker of its own.
pub fn poll_once<F: Future>(future: F) -> F::Output {
    let waker = waker();
    ready(future, &mut Context::from_waker(&waker))
}

//! [`ResponseFuture`]: the inner service's response, with the CORS headers
//! added; or the layer's own preflight answer.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::Response;
use pin_project_lite::pin_project;

use crate::decision::ResponseHeaders;

pin_project! {
    /// The future of [`CorsService`](crate::CorsService): either the inner
    /// service's future, whose response gets the CORS headers when it is
    /// ready, or the layer's own preflight answer, ready at once. No boxing.
    ///
    /// ```
    /// use std::convert::Infallible;
    /// use http::{header, Request, Response};
    /// use tower::{service_fn, Layer, Service, ServiceExt};
    /// use tower_cors::CorsLayer;
    ///
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build().unwrap();
    /// let mut service = cors.layer(service_fn(|_: Request<String>| async {
    ///     Ok::<_, Infallible>(Response::new(String::from("hi")))
    /// }));
    /// let request = Request::get("/")
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .body(String::new())
    ///     .unwrap();
    /// // `call` returns a `ResponseFuture`.
    /// let response = service.ready().await.unwrap().call(request).await.unwrap();
    /// assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://app.example.com");
    /// # });
    /// ```
    pub struct ResponseFuture<F, B> {
        #[pin]
        state: State<F, B>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<F, B> {
        /// The inner service is working; these headers go on its response.
        Inner {
            #[pin]
            future: F,
            headers: Option<ResponseHeaders>,
        },
        /// The layer answered by itself (a preflight).
        Answered {
            response: Option<Response<B>>,
        },
    }
}

impl<F, B> ResponseFuture<F, B> {
    pub(crate) fn inner(future: F, headers: ResponseHeaders) -> Self {
        ResponseFuture {
            state: State::Inner {
                future,
                headers: Some(headers),
            },
        }
    }

    pub(crate) fn answered(response: Response<B>) -> Self {
        ResponseFuture {
            state: State::Answered {
                response: Some(response),
            },
        }
    }
}

impl<F, B, E> Future for ResponseFuture<F, B>
where
    F: Future<Output = Result<Response<B>, E>>,
{
    type Output = Result<Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Inner { future, headers } => {
                // The headers go on the response where the inner future put
                // it: no move of the response, which hyper's types make
                // large.
                let mut poll = future.poll(cx);
                if let Poll::Ready(Ok(response)) = &mut poll {
                    if let Some(headers) = headers.take() {
                        headers.apply(response.headers_mut());
                    }
                }
                poll
            }
            StateProj::Answered { response } => match response.take() {
                Some(response) => Poll::Ready(Ok(response)),
                // Polled again after completion: stay pending rather than panic.
                None => Poll::Pending,
            },
        }
    }
}

impl<F, B> std::fmt::Debug for ResponseFuture<F, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

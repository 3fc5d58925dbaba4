//! [`Preflight`]: the layer's own answer to a CORS-preflight request.

use http::{HeaderMap, Response, StatusCode};

use super::Refusal;

/// The layer's answer to a CORS-preflight request.
///
/// ```
/// use http::{header, Method, Request, StatusCode};
/// use tower_cors::{CorsLayer, Decision};
///
/// let cors = CorsLayer::builder()
///     .allow_origin("https://app.example.com")
///     .allow_methods([Method::PUT])
///     .build()?;
/// let (parts, ()) = Request::options("/")
///     .header(header::ORIGIN, "https://app.example.com")
///     .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
///     .body(())
///     .unwrap()
///     .into_parts();
/// let Decision::Preflight(answer) = cors.policy().evaluate(&parts) else {
///     panic!("a preflight");
/// };
/// assert_eq!(answer.status(), StatusCode::NO_CONTENT);
/// assert_eq!(answer.headers()[header::ACCESS_CONTROL_ALLOW_METHODS], "PUT");
/// assert!(answer.refusal().is_none());
/// let response: http::Response<()> = answer.into_response();
/// assert_eq!(response.status(), StatusCode::NO_CONTENT);
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Preflight {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) verdict: Result<(), Refusal>,
}

impl Preflight {
    /// The status of the answer: the configured 2xx (204 by default) when
    /// the origin is allowed, 403 when it is not.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers of the answer.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Why the browser will not send the actual request, if it will not.
    ///
    /// When the origin is allowed but the method or a header is not, the
    /// answer is still a 2xx listing what is allowed, so that the browser's
    /// console names the exact culprit; this is the server's own verdict.
    ///
    /// ```
    /// use http::{header, Request, StatusCode};
    /// use tower_cors::{CorsLayer, Decision};
    ///
    /// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build()?;
    /// let (parts, ()) = Request::options("/")
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .header(header::ACCESS_CONTROL_REQUEST_METHOD, "DELETE")
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// let Decision::Preflight(answer) = cors.policy().evaluate(&parts) else {
    ///     panic!("a preflight");
    /// };
    /// // Still a 2xx, so that the browser names the method; refused all the same.
    /// assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    /// assert_eq!(answer.refusal().unwrap().to_string(), "method `DELETE` not allowed");
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn refusal(&self) -> Option<&Refusal> {
        self.verdict.as_ref().err()
    }

    /// Turns the answer into an HTTP response with an empty body.
    ///
    /// ```
    /// use http::{header, Method, Request, StatusCode};
    /// use tower_cors::{CorsLayer, Decision};
    ///
    /// let cors = CorsLayer::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_methods([Method::PUT])
    ///     .build()?;
    /// let (parts, ()) = Request::options("/")
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// let Decision::Preflight(answer) = cors.policy().evaluate(&parts) else {
    ///     panic!("a preflight");
    /// };
    /// let response: http::Response<String> = answer.into_response();
    /// assert_eq!(response.status(), StatusCode::NO_CONTENT);
    /// assert!(response.body().is_empty());
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn into_response<B: Default>(self) -> Response<B> {
        let mut response = Response::new(B::default());
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
    }
}

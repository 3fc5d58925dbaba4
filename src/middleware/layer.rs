//! [`CorsLayer`]: the compiled policy, as a Tower layer.

use std::sync::Arc;

use tower_layer::Layer;

use super::service::CorsService;
use crate::builder::CorsBuilder;
use crate::policy::Policy;

/// A Tower layer that enforces a CORS policy.
///
/// Built by [`CorsLayer::builder`] (validated: a bad configuration is an
/// error, never a panic) or [`CorsLayer::permissive`]. Immutable and cheap to
/// clone: every clone and every service it wraps share one [`Policy`].
///
/// ```
/// use axum::{routing::get, Router};
/// use tower_cors::CorsLayer;
///
/// let cors = CorsLayer::builder()
///     .allow_origin("https://app.example.com")
///     .build()
///     .expect("valid CORS policy");
///
/// let app: Router = Router::new()
///     .route("/api/hello", get(|| async { "hello" }))
///     .layer(cors);
/// ```
#[derive(Debug, Clone)]
pub struct CorsLayer {
    policy: Arc<Policy>,
}

impl CorsLayer {
    /// Starts a policy; see [`CorsBuilder`].
    ///
    /// ```
    /// use tower_cors::CorsLayer;
    ///
    /// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build()?;
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn builder() -> CorsBuilder {
        CorsBuilder::new()
    }

    /// A public API: any origin, any method, any request header (except
    /// `Authorization`, which `*` never covers), every response header
    /// exposed, no credentials. The same as tower-http's `permissive()`.
    ///
    /// ```
    /// use tower_cors::CorsLayer;
    ///
    /// let cors = CorsLayer::permissive();
    /// assert!(!cors.policy().allows_credentials());
    /// ```
    pub fn permissive() -> CorsLayer {
        CorsLayer::from_policy(Policy::permissive())
    }

    pub(crate) fn from_policy(policy: Policy) -> CorsLayer {
        CorsLayer {
            policy: Arc::new(policy),
        }
    }

    /// The compiled policy, to call [`Policy::evaluate`] in tests.
    ///
    /// ```
    /// use http::{header, Request};
    /// use tower_cors::CorsLayer;
    ///
    /// let cors = CorsLayer::builder().allow_origin("https://app.example.com").build()?;
    /// let (parts, ()) = Request::get("/")
    ///     .header(header::ORIGIN, "https://app.example.com")
    ///     .body(())
    ///     .unwrap()
    ///     .into_parts();
    /// assert!(cors.policy().evaluate(&parts).is_allowed());
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn policy(&self) -> &Policy {
        &self.policy
    }
}

impl<S> Layer<S> for CorsLayer {
    type Service = CorsService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CorsService::new(inner, Arc::clone(&self.policy))
    }
}

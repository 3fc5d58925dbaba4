//! Tower middleware that enforces CORS (Cross-Origin Resource Sharing) for
//! axum, hyper and tonic services.
//!
//! - **Safe by construction.** [`CorsLayer::builder`] validates the whole
//!   configuration when you build it and reports every problem at once, each
//!   naming the offending value and the fix. A bad policy is a typed
//!   [`ConfigError`], never a panic and never a silently unsafe layer.
//! - **Exactly right on the wire.** Preflights are answered as the Fetch
//!   Standard says, responses of every status carry the headers, `Vary` is
//!   merged, and the layer is the only author of `Access-Control-*` headers.
//! - **Cheap.** Header values are rendered and origins indexed when the
//!   policy is built; a request only looks up, and an actual request costs
//!   no heap allocation.
//! - **Testable.** [`Policy::evaluate`] is the whole decision as a pure
//!   function of the request head, returning a [`Decision`] with a
//!   [`Refusal`] reason you can assert on.
//!
//! # Quick start
//!
//! ```
//! use std::time::Duration;
//! use axum::{routing::get, Router};
//! use http::{header, Method};
//! use tower_cors::CorsLayer;
//!
//! # fn main() -> Result<(), tower_cors::ConfigError> {
//! let cors = CorsLayer::builder()
//!     .allow_origin(["https://app.example.com", "https://*.preview.example.com"])
//!     .allow_methods([Method::GET, Method::POST, Method::DELETE])
//!     .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
//!     .expose_headers("x-request-id")
//!     .allow_credentials(true)
//!     .max_age(Duration::from_secs(600))
//!     .build()?;
//!
//! let app: Router = Router::new()
//!     .route("/api/hello", get(|| async { "hello" }))
//!     .layer(cors);
//! # Ok(())
//! # }
//! ```
//!
//! # How CORS works, in ten lines
//!
//! A browser lets a page on one origin (`https://app.example.com`) read a
//! response from another (`https://api.example.com`) only if the response
//! says so with `Access-Control-Allow-Origin`. Requests a plain HTML form
//! could send ("simple" GET, HEAD and POST) go straight to your server and
//! the browser hides the response if it is not allowed. Anything else (a
//! DELETE, a JSON body, a custom header) is first asked about with an
//! `OPTIONS` *preflight* carrying `Access-Control-Request-Method` and
//! `-Headers`; only if the answer allows it does the browser send the actual
//! request. Cookies and `Authorization` travel only with
//! `credentials: 'include'` and an answer of
//! `Access-Control-Allow-Credentials: true` for the exact origin.
//!
//! # What the layer does
//!
//! | request | the layer |
//! |---|---|
//! | no `Origin` | calls the inner service; adds `Vary: Origin` (or the constant `*` answer) for caches |
//! | `OPTIONS` with `Origin` and `Access-Control-Request-Method` (a preflight) | answers itself: 204 with the policy's lists, or 403 for a refused origin; the inner service never runs |
//! | any other request with `Origin` | calls the inner service; adds the CORS headers to its response if the origin is allowed, only `Vary` if not |
//!
//! An `OPTIONS` request without `Access-Control-Request-Method` is not a
//! preflight and reaches your own handler.
//!
//! # Choosing origins safely
//!
//! - List exact origins as browsers send them: `https://app.example.com`,
//!   `http://localhost:5173`. No path, no trailing slash, no default port.
//! - `https://*.example.com` allows every subdomain (never `example.com`
//!   itself, never `example.com.evil.net`); `http://localhost:*` allows every
//!   port. Regexes (`CorsBuilder::allow_origin_regex`, the `regex` feature) are anchored for
//!   you; predicates ([`CorsBuilder::allow_origin_predicate`]) see only
//!   canonical origins.
//! - A request whose `Origin` is not in the exact form a browser sends is
//!   refused, never reflected.
//! - `null` is refused unless you call
//!   [`CorsBuilder::dangerously_allow_null_origin`]: any page can send it.
//!
//! # Credentials
//!
//! With [`CorsBuilder::allow_credentials`], `build` refuses any origin,
//! plain-http origins other than loopback, and every pattern under which a
//! stranger can get a host: a wildcard over a public suffix
//! (`https://*.github.io`) or over one the Public Suffix List nests below it
//! (`https://*.amazonaws.com`), and a regex that leaves names under one open
//! or admits IP-address hosts it does not write out, unless you opt in with
//! the `dangerously_*` method the error names. Platforms the list does not
//! know yet can be declared with [`CorsBuilder::treat_as_public_suffixes`]. `*` means "anything" only without credentials, so
//! with credentials "any method" and "any header" are served by echoing
//! what the preflight asked for.
//!
//! # Where to put the layer
//!
//! Put `CorsLayer` **outside** authentication: a preflight never carries
//! cookies or `Authorization`, so an auth layer in front of it would refuse
//! every preflight. In axum, the last `.layer()` call is the outermost.
//! Responses of every status get the CORS headers (a 401 or 500 the page can
//! read). An *error* from the inner service (a timeout, a load-shed) is not a
//! response and passes through untouched: turn errors into responses
//! (axum's `HandleErrorLayer`) *inside* the CORS layer, or the browser shows
//! a CORS error instead of your 503.
//!
//! Different policies for different routes: give each route (or router) its
//! own layer, for instance with axum's `route_layer` or by merging routers
//! that each carry one. Do not nest one `CorsLayer` inside another: the outer
//! one answers every preflight and replaces every `Access-Control-*` header,
//! so the inner policy would never be seen. (With axum's `Router::layer`,
//! axum's method router may add an `Allow` header to the layer's preflight
//! answers; browsers ignore it.)
//!
//! CORS is not CSRF protection: simple requests reach your handlers whatever
//! the policy says; the browser only hides the response.
//!
//! # When a browser says "blocked"
//!
//! With the default `tracing` feature, each refused request logs one `INFO`
//! event, target `tower_cors`, with the fields `origin`, `method`,
//! `requested_method`, `preflight`, `reason` and, when a configured value is
//! a near miss, `hint`: the allowed origin that differs by scheme, port, case
//! or a trailing slash, the wildcard that does not cover its own domain, the
//! method that differs by case, the header spelled nearly the same. Allowed
//! requests log at `TRACE`, the built policy at `DEBUG`. To log your own
//! way, or to assert in tests, the same facts are values:
//! [`Decision::refusal`] (a [`Refusal`], which displays as the reason) and
//! [`Policy::hint`].
//!
//! # From a configuration file
//!
//! With the `serde` feature, `CorsConfig` holds the builder's settings as
//! data, from any serde format or from `CORS_*` environment variables
//! (`CorsConfig::from_env`), and its `build` runs the same validation as
//! [`CorsBuilder::build`].
//!
//! # Cookbook
//!
//! In `examples/cookbook/`, each runnable with `cargo run --example NAME`:
//! `per_route` (different policies per route in axum), `public_api` (a
//! public read-only API with `*`), `spa` (a single-page app with cookies and
//! dev-server origins), `multi_tenant` (tenants' domains through a
//! predicate), `grpc_web` (tonic-web, exposing `grpc-status` and
//! `grpc-message`). Coming from tower-http: `MIGRATING.md` maps every call.
#![forbid(unsafe_code)]
// Request-time code never indexes out of bounds: every index is checked
// (`get`), or allowed where a bound is proven on the spot.
#![cfg_attr(not(test), deny(clippy::indexing_slicing))]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod builder;
#[cfg(feature = "serde")]
mod config;
mod decision;
#[cfg(feature = "tracing")]
mod diagnostics;
mod error;
mod exposed_headers;
mod head;
mod header_name;
mod list;
mod method;
mod middleware;
mod origin;
mod policy;
mod render;
mod request_headers;
mod settings;
mod spelling;
mod token;
mod vary;

pub use builder::{Any, CorsBuilder, HeaderNames, Methods, Origins};
#[cfg(feature = "serde")]
pub use config::CorsConfig;
pub use decision::{Decision, Preflight, Refusal, ResponseHeaders};
pub use error::{ConfigError, HeaderList, InvalidOrigin, Problem};
pub use middleware::{CorsLayer, CorsService, ResponseFuture};
pub use origin::{Origin, MAX_ORIGIN_LEN};
pub use policy::Policy;
pub use request_headers::MAX_REQUEST_HEADERS_LEN;
pub use token::Token;

/// The README's examples, compiled as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

//! The Tower shell: [`CorsLayer`] wraps a service in a [`CorsService`],
//! which runs the policy's decision on each request and carries it out;
//! [`ResponseFuture`] adds the decided headers to the inner response. No
//! CORS logic lives here.

mod future;
mod layer;
mod service;

pub use future::ResponseFuture;
pub use layer::CorsLayer;
pub use service::CorsService;

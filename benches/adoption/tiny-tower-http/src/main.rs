//! tower-http's CorsLayer allowing one origin, wrapped around a service and
//! called once; the origin comes from argv so nothing is constant-folded.

use std::convert::Infallible;
use std::future::{ready, Future, Ready};
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use http::{header, HeaderValue, Request, Response};
use tower_http::cors::CorsLayer;
use tower_layer::Layer;
use tower_service::Service;

struct Hello;

impl Service<Request<String>> for Hello {
    type Response = Response<String>;
    type Error = Infallible;
    type Future = Ready<Result<Response<String>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<String>) -> Self::Future {
        ready(Ok(Response::new("hello".into())))
    }
}

fn main() {
    let origin = std::env::args().nth(1).unwrap_or_else(|| "https://app.example.com".into());
    let cors = CorsLayer::new().allow_origin(HeaderValue::from_static("https://app.example.com"));
    let mut service = cors.layer(Hello);
    let request = Request::get("/").header(header::ORIGIN, origin).body(String::new()).unwrap();
    let mut cx = Context::from_waker(Waker::noop());
    let Poll::Ready(Ok(response)) = pin!(service.call(request)).poll(&mut cx) else {
        panic!("the inner service is always ready");
    };
    println!("{:?}", response.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN));
}

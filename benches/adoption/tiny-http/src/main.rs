//! The floor: build a request from argv and print one of its headers.

use http::{header, Request};

fn main() {
    let origin = std::env::args().nth(1).unwrap_or_else(|| "https://app.example.com".into());
    let request = Request::get("/").header(header::ORIGIN, origin).body(()).unwrap();
    println!("{:?}", request.headers().get(header::ORIGIN));
}

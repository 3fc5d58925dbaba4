//! The floor plus one `tracing` event with fields (no subscriber: the
//! event's callsite, its registration and the dispatch are all compiled in).

use http::{header, Request};

fn main() {
    let origin = std::env::args().nth(1).unwrap_or_else(|| "https://app.example.com".into());
    let request = Request::get("/").header(header::ORIGIN, origin).body(()).unwrap();
    let origin = request.headers().get(header::ORIGIN);
    tracing::warn!(target: "tiny", ?origin, reason = "not allowed", "CORS request refused");
    println!("{origin:?}");
}

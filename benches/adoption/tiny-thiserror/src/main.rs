//! The floor plus one `thiserror` derive, used.

use http::{header, HeaderValue, Request};

#[derive(Debug, thiserror::Error)]
enum Error {
    #[error("bad origin: {0}")]
    Origin(#[from] http::header::InvalidHeaderValue),
}

fn origin(text: &str) -> Result<HeaderValue, Error> {
    Ok(HeaderValue::from_str(text)?)
}

fn main() {
    let text = std::env::args().nth(1).unwrap_or_else(|| "https://app.example.com".into());
    match origin(&text) {
        Ok(origin) => {
            let request = Request::get("/").header(header::ORIGIN, origin).body(()).unwrap();
            println!("{:?}", request.headers().get(header::ORIGIN));
        }
        Err(error) => println!("{error}"),
    }
}

//! The fuzz targets' bodies, shared by `cargo fuzz` (`fuzz_targets/`) and by
//! the stable test suite (`tests/fuzz_stable.rs`, which drives them with
//! proptest). Each takes arbitrary bytes; none may panic except on a broken
//! invariant, which is the bug being looked for.

#![allow(dead_code)] // each fuzz binary uses one target

// The always-ready handler the tests share.
#[path = "../tests/handler/mod.rs"]
mod handler;

use http::{header, HeaderMap, HeaderName, HeaderValue, Method, Request, Response};
use tower_cors::{CorsLayer, Decision, Origin, Refusal};

use handler::{decided, poll_once, Handler};

/// `Origin::parse`: accepts only what it can give back unchanged, in parts
/// that add up to the whole.
pub fn origin(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(origin) = Origin::parse(text) else {
        return;
    };
    assert_eq!(origin.as_str(), text);
    let port = origin.port().map(|p| format!(":{p}")).unwrap_or_default();
    assert_eq!(
        format!("{}://{}{}", origin.scheme(), origin.host(), port),
        text
    );
    assert!(!origin
        .host()
        .bytes()
        .any(|b| b.is_ascii_uppercase() || b == b'/'));
    assert!(text.len() <= tower_cors::MAX_ORIGIN_LEN);
}

/// Pattern compilation: any lines as origins (a line `re:…` as a regular
/// expression), with or without credentials, build or fail with problems
/// that explain themselves; a built policy then judges each line as an
/// `Origin` without panicking.
pub fn pattern(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let lines: Vec<&str> = text.split('\n').take(8).collect();
    let mut builder = CorsLayer::builder().allow_credentials(flags & 1 == 1);
    for line in &lines {
        builder = match line.strip_prefix("re:") {
            Some(regex) => builder.allow_origin_regex(regex),
            None => builder.allow_origin(*line),
        };
    }
    if flags & 2 == 2 {
        builder = builder.dangerously_allow_credentials_for_public_suffix_wildcards(true);
    }
    let layer = match builder.build() {
        Ok(layer) => layer,
        Err(error) => {
            assert!(!error.problems().is_empty());
            assert!(!error.to_string().is_empty());
            return;
        }
    };
    for line in &lines {
        let Ok(value) = HeaderValue::from_str(line) else {
            continue;
        };
        let mut parts = Request::new(()).into_parts().0;
        parts.headers.insert(header::ORIGIN, value);
        let decision = layer.policy().evaluate(&parts);
        if let Decision::Allowed(headers) = &decision {
            let allow = headers
                .allow_origin()
                .expect("an allowed origin is answered");
            assert!(allow == *line || allow == "*");
        }
    }
}

/// `Access-Control-Request-Headers` parsing: lines split on `\n`, against a
/// few policies; an allowed preflight only ever asked for allowed names.
pub fn request_headers(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let allowed = ["content-type", "x-api-key", "authorization"];
    let builder = CorsLayer::builder()
        .allow_origin("https://app.example.com")
        .allow_credentials(which & 1 == 1);
    let layer = match which % 3 {
        0 => builder.allow_headers(allowed),
        1 => builder.allow_headers(tower_cors::Any),
        _ => builder
            .allow_headers(tower_cors::Any)
            .allow_headers("authorization"),
    }
    .build()
    .expect("the fuzzed policies are valid");
    let mut parts = Request::new(()).into_parts().0;
    parts.method = Method::OPTIONS;
    parts.headers.insert(
        header::ORIGIN,
        HeaderValue::from_static("https://app.example.com"),
    );
    parts.headers.insert(
        header::ACCESS_CONTROL_REQUEST_METHOD,
        HeaderValue::from_static("GET"),
    );
    for line in rest.split(|&b| b == b'\n') {
        if let Ok(value) = HeaderValue::from_bytes(line) {
            parts
                .headers
                .append(header::ACCESS_CONTROL_REQUEST_HEADERS, value);
        }
    }
    let decision = layer.policy().evaluate(&parts);
    if which % 3 == 0 && decision.is_allowed() {
        for line in parts
            .headers
            .get_all(header::ACCESS_CONTROL_REQUEST_HEADERS)
        {
            for name in line.as_bytes().split(|&b| b == b',') {
                let name = name.trim_ascii();
                assert!(
                    name.is_empty()
                        || allowed
                            .iter()
                            .any(|a| a.as_bytes().eq_ignore_ascii_case(name)),
                    "allowed {:?}",
                    String::from_utf8_lossy(name)
                );
            }
        }
    }
    if let Some(Refusal::HeaderNotAllowed(name)) = decision.refusal() {
        assert!(!name.to_string().is_empty());
    }
}

/// The whole decision, and the service, on arbitrary request heads: the
/// first byte picks the method and the policy, then `name:value` lines.
pub fn decision(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let method =
        [Method::GET, Method::OPTIONS, Method::POST, Method::PUT][usize::from(which & 3)].clone();
    let builder = CorsLayer::builder()
        .allow_origin(["https://app.example.com", "https://*.example.net"])
        .allow_origin("http://localhost:*")
        .allow_methods([Method::PUT, Method::DELETE])
        .allow_headers(["content-type", "x-api-key"])
        .expose_headers("x-total");
    let layer = match (which >> 2) % 3 {
        0 => builder.allow_credentials(true).build(),
        1 => builder.build(),
        _ => Ok(CorsLayer::permissive()),
    }
    .expect("the fuzzed policies are valid");

    let mut headers = HeaderMap::new();
    for line in rest.split(|&b| b == b'\n').take(32) {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(&line[..colon]),
            HeaderValue::from_bytes(line[colon + 1..].trim_ascii()),
        ) else {
            continue;
        };
        headers.append(name, value);
    }
    let mut request = Request::new(());
    *request.method_mut() = method;
    *request.headers_mut() = headers.clone();

    let (parts, ()) = request.into_parts();
    let decision = layer.policy().evaluate(&parts);
    assert!(!decision.to_string().is_empty());
    let preflight = matches!(decision, Decision::Preflight(_));
    let (response, calls) = serve(&layer, Request::from_parts(parts, ()));
    // The service answers exactly what the sans-IO decision says: the
    // preflight answer without calling the handler, or the handler's
    // response with the decision's headers applied.
    let expected = decided(decision, handler_response());
    assert_eq!(response.status(), expected.status());
    assert_eq!(response.headers(), expected.headers());
    assert_eq!(calls, usize::from(!preflight), "the handler's calls");

    let answer = response.headers();
    let acao: Vec<_> = answer
        .get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .iter()
        .collect();
    assert!(acao.len() <= 1, "two Access-Control-Allow-Origin lines");
    if let Some(allow) = acao.first() {
        if *allow == "*" {
            assert!(!answer.contains_key(header::ACCESS_CONTROL_ALLOW_CREDENTIALS));
        } else {
            let origins: Vec<_> = headers.get_all(header::ORIGIN).iter().collect();
            assert_eq!(origins.as_slice(), [*allow], "reflected something else");
        }
    } else {
        assert!(
            !answer
                .keys()
                .any(|k| k.as_str().starts_with("access-control-")),
            "Access-Control-* without an allowed origin"
        );
    }
}

/// What the fuzzed handler answers: 200 with `x-total`.
fn handler_response() -> Response<()> {
    let mut response = Response::new(());
    response
        .headers_mut()
        .insert("x-total", HeaderValue::from_static("1"));
    response
}

/// Calls `layer` around a handler answering [`handler_response`], polling
/// the (always ready) future once; returns the response and how many
/// requests reached the handler.
fn serve(layer: &CorsLayer, request: Request<()>) -> (Response<()>, usize) {
    use tower_layer::Layer as _;
    use tower_service::Service as _;

    let handler = Handler::new(handler_response);
    let mut service = layer.layer(handler.clone());
    match poll_once(service.call(request)) {
        Ok(response) => (response, handler.calls()),
        Err(never) => match never {},
    }
}

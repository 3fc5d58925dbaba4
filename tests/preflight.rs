//! Preflight details (docs/behaviour.md §3): method case, lenient but bounded
//! parsing of `Access-Control-Request-Headers`, and `Authorization`.

mod common;

use common::*;
use http::header::{self, HeaderValue};
use http::{Method, Request, StatusCode};
use tower_cors::{Any, CorsLayer, Decision, Refusal, MAX_REQUEST_HEADERS_LEN};

const APP: &str = "https://app.example.com";

fn with_methods(methods: &[&str]) -> CorsLayer {
    CorsLayer::builder()
        .allow_origin(APP)
        .allow_methods(methods.to_vec())
        .build()
        .unwrap()
}

fn with_headers(headers: &[&str]) -> CorsLayer {
    CorsLayer::builder()
        .allow_origin(APP)
        .allow_methods(Method::PUT)
        .allow_headers(headers.to_vec())
        .build()
        .unwrap()
}

/// A preflight with the given `Access-Control-Request-Headers` lines, raw
/// bytes allowed.
fn preflight_lines(method: &str, lines: &[&[u8]]) -> Request<String> {
    let mut request = preflight(APP, method, None);
    for line in lines {
        request.headers_mut().append(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_bytes(line).unwrap(),
        );
    }
    request
}

fn answer(layer: &CorsLayer, request: Request<String>) -> tower_cors::Preflight {
    match decide(layer, request) {
        Decision::Preflight(answer) => answer,
        other => panic!("expected a preflight, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------

#[tokio::test]
async fn method_names_are_case_sensitive() {
    let layer = with_methods(&["PATCH"]);
    let refused = answer(&layer, preflight(APP, "patch", None));
    assert!(
        matches!(refused.refusal(), Some(Refusal::MethodNotAllowed(m)) if *m == "patch"),
        "{:?}",
        refused.refusal()
    );
    assert_eq!(
        refused.refusal().unwrap().to_string(),
        "method `patch` not allowed"
    );
    // Still a 2xx listing what is allowed, so the console names the culprit.
    let out = send_ok(&layer, preflight(APP, "patch", None)).await;
    assert!(!out.inner_called());
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(out.header("access-control-allow-origin"), Some(APP));
    assert_eq!(out.header("access-control-allow-methods"), Some("PATCH"));

    assert!(answer(&layer, preflight(APP, "PATCH", None))
        .refusal()
        .is_none());
}

#[tokio::test]
async fn lowercase_patch_is_allowed_when_configured_lowercase() {
    let layer = with_methods(&["patch"]);
    let out = send_ok(&layer, preflight(APP, "patch", None)).await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(out.header("access-control-allow-methods"), Some("patch"));
    assert!(answer(&layer, preflight(APP, "patch", None))
        .refusal()
        .is_none());
    assert!(matches!(
        answer(&layer, preflight(APP, "PATCH", None)).refusal(),
        Some(Refusal::MethodNotAllowed(m)) if *m == "PATCH"
    ));
}

#[tokio::test]
async fn configured_lowercase_delete_allows_delete() {
    let layer = with_methods(&["delete", "put", "options"]);
    for method in ["DELETE", "PUT", "OPTIONS"] {
        let answer = answer(&layer, preflight(APP, method, None));
        assert!(answer.refusal().is_none(), "{method}");
    }
    let out = send_ok(&layer, preflight(APP, "DELETE", None)).await;
    assert_eq!(
        out.header("access-control-allow-methods"),
        Some("DELETE, PUT, OPTIONS")
    );
}

#[test]
fn safelisted_methods_always_pass() {
    let none = CorsLayer::builder().allow_origin(APP).build().unwrap();
    let put = with_methods(&["PUT"]);
    for layer in [&none, &put] {
        for method in ["GET", "HEAD", "POST"] {
            assert!(
                answer(layer, preflight(APP, method, None))
                    .refusal()
                    .is_none(),
                "{method}"
            );
        }
        // Fetch uppercases these itself; a lowercase one is another method.
        assert!(matches!(
            answer(layer, preflight(APP, "get", None)).refusal(),
            Some(Refusal::MethodNotAllowed(m)) if *m == "get"
        ));
    }
}

#[tokio::test]
async fn invalid_or_repeated_request_method() {
    let layer = with_methods(&["PUT"]);
    // Two ACRM lines.
    let mut two = preflight(APP, "PUT", None);
    two.headers_mut().append(
        header::ACCESS_CONTROL_REQUEST_METHOD,
        HeaderValue::from_static("PUT"),
    );
    let mut invalid = vec![two];
    for bad in [
        b"".as_slice(),
        b"PUT, DELETE",
        b"PUT DELETE",
        b"P\xc3\x9cT",
        b"(PUT)",
    ] {
        let mut request = request("OPTIONS", Some(APP), &[]);
        request.headers_mut().insert(
            header::ACCESS_CONTROL_REQUEST_METHOD,
            HeaderValue::from_bytes(bad).unwrap(),
        );
        invalid.push(request);
    }
    for request in invalid {
        let label = format!("{:?}", request.headers());
        let copy = {
            let mut copy = Request::new(String::new());
            *copy.method_mut() = request.method().clone();
            *copy.headers_mut() = request.headers().clone();
            copy
        };
        assert_eq!(
            decide(&layer, copy).refusal(),
            Some(&Refusal::InvalidRequestMethod),
            "{label}"
        );
        let out = send_ok(&layer, request).await;
        assert!(!out.inner_called(), "{label}");
        assert_eq!(out.status(), StatusCode::NO_CONTENT, "{label}");
        assert_eq!(out.header("access-control-allow-origin"), Some(APP));
        assert_eq!(out.header("access-control-allow-methods"), Some("PUT"));
    }
}

#[tokio::test]
async fn any_method_with_credentials_echoes_only_a_valid_method() {
    let layer = CorsLayer::builder()
        .allow_origin(APP)
        .allow_methods(Any)
        .allow_credentials(true)
        .build()
        .unwrap();
    let out = send_ok(&layer, preflight(APP, "patch", None)).await;
    assert_eq!(out.header("access-control-allow-methods"), Some("patch"));
    let vary = out.vary();
    assert!(vary.contains(&"origin".to_owned()), "{vary:?}");
    assert!(
        vary.contains(&"access-control-request-method".to_owned()),
        "{vary:?}"
    );

    let out = send_ok(&layer, preflight(APP, "PUT DELETE", None)).await;
    assert_eq!(out.header("access-control-allow-methods"), None);
    assert_eq!(out.header("access-control-allow-origin"), Some(APP));
    assert_eq!(
        decide(&layer, preflight(APP, "PUT DELETE", None)).refusal(),
        Some(&Refusal::InvalidRequestMethod)
    );
}

#[tokio::test]
async fn any_method_without_credentials_is_star() {
    let layer = CorsLayer::builder()
        .allow_origin(APP)
        .allow_methods(Any)
        .build()
        .unwrap();
    let out = send_ok(&layer, preflight(APP, "PROPFIND", None)).await;
    assert_eq!(out.header("access-control-allow-methods"), Some("*"));
    assert_eq!(out.vary(), ["origin"]);
    assert!(answer(&layer, preflight(APP, "PROPFIND", None))
        .refusal()
        .is_none());
}

// ---------------------------------------------------------------------------
// Request headers
// ---------------------------------------------------------------------------

#[tokio::test]
async fn request_headers_are_parsed_leniently() {
    let layer = with_headers(&["x-a", "x-b", "content-type"]);
    for lines in [
        &[b"x-a,x-b".as_slice()][..],
        &[b"x-a, x-b"],
        &[b"x-a ,\tx-b"],
        &[b"X-A,X-B"],
        &[b"Content-Type, X-A"],
        &[b"x-a", b"x-b"],
        &[b"x-a", b"X-B, content-type"],
        &[b"x-a,", b",x-b"],
        &[b" x-a , x-b "],
        &[b"x-a,x-a,x-a"],
        &[b""],
    ] {
        let label = format!("{lines:?}");
        assert!(
            answer(&layer, preflight_lines("PUT", lines))
                .refusal()
                .is_none(),
            "{label}"
        );
        let out = send_ok(&layer, preflight_lines("PUT", lines)).await;
        assert_eq!(out.status(), StatusCode::NO_CONTENT, "{label}");
        assert_eq!(
            out.header("access-control-allow-headers"),
            Some("x-a, x-b, content-type"),
            "{label}"
        );
    }
}

#[tokio::test]
async fn a_header_not_allowed_is_named() {
    let layer = with_headers(&["x-a"]);
    for (lines, culprit) in [
        (&[b"x-a,x-foo".as_slice()][..], "x-foo"),
        (&[b"x-a", b"X-Foo"], "X-Foo"),
        (&[b"x-foo, x-bar"], "x-foo"),
        (&[b"authorization"], "authorization"),
        (&[b"content-type"], "content-type"),
    ] {
        let preflight = answer(&layer, preflight_lines("PUT", lines));
        assert!(
            matches!(preflight.refusal(), Some(Refusal::HeaderNotAllowed(h)) if *h == culprit),
            "{lines:?}: {:?}",
            preflight.refusal()
        );
        assert_eq!(
            preflight.refusal().unwrap().to_string(),
            format!("request header `{culprit}` not allowed")
        );
        let out = send_ok(&layer, preflight_lines("PUT", lines)).await;
        assert_eq!(out.status(), StatusCode::NO_CONTENT);
        assert_eq!(out.header("access-control-allow-origin"), Some(APP));
        assert_eq!(out.header("access-control-allow-headers"), Some("x-a"));
        assert_eq!(out.header("access-control-allow-methods"), Some("PUT"));
    }
}

#[test]
fn a_long_header_name_is_quoted_cut() {
    let layer = with_headers(&["x-a"]);
    let long = "x".repeat(200);
    let preflight = answer(&layer, preflight_lines("PUT", &[long.as_bytes()]));
    let Some(Refusal::HeaderNotAllowed(token)) = preflight.refusal() else {
        panic!("{:?}", preflight.refusal());
    };
    assert!(token.is_truncated());
    assert_eq!(token.as_str(), &long[..64]);
}

#[tokio::test]
async fn malformed_request_headers_are_refused() {
    let layer = with_headers(&["x-a"]);
    for line in [
        b"x-a;x-b".as_slice(),
        b"x a",
        b"x-a, (x-b)",
        b"x-\xe9",
        b"x-a:1",
    ] {
        assert_eq!(
            answer(&layer, preflight_lines("PUT", &[line])).refusal(),
            Some(&Refusal::InvalidRequestHeaders),
            "{:?}",
            String::from_utf8_lossy(line)
        );
        let out = send_ok(&layer, preflight_lines("PUT", &[line])).await;
        assert_eq!(out.status(), StatusCode::NO_CONTENT);
        assert_eq!(out.header("access-control-allow-headers"), Some("x-a"));
    }
}

#[tokio::test]
async fn hostile_request_headers_are_refused() {
    let layer = with_headers(&["x-a"]);
    let hostile = "a,".repeat(50_000);
    assert_eq!(hostile.len(), 100_000);
    assert_eq!(
        answer(&layer, preflight_lines("PUT", &[hostile.as_bytes()])).refusal(),
        Some(&Refusal::InvalidRequestHeaders)
    );

    let out = send_ok(&layer, preflight_lines("PUT", &[hostile.as_bytes()])).await;
    assert!(!out.inner_called());
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(out.header("access-control-allow-origin"), Some(APP));
    assert_eq!(out.header("access-control-allow-headers"), Some("x-a"));

    // Allowed names, but more bytes than a browser ever sends.
    let long_but_allowed = "x-a,".repeat(MAX_REQUEST_HEADERS_LEN / 4 + 1);
    assert_eq!(
        answer(
            &layer,
            preflight_lines("PUT", &[long_but_allowed.as_bytes()])
        )
        .refusal(),
        Some(&Refusal::InvalidRequestHeaders)
    );
    // Many lines, more bytes than a browser ever sends once joined.
    let many: Vec<&[u8]> = vec![b"x-a"; 3_000];
    assert_eq!(
        answer(&layer, preflight_lines("PUT", &many)).refusal(),
        Some(&Refusal::InvalidRequestHeaders)
    );
    // Just under the byte limit, every name allowed: accepted.
    let under = "x-a,".repeat(MAX_REQUEST_HEADERS_LEN / 4);
    assert!(under.len() <= MAX_REQUEST_HEADERS_LEN);
    assert!(answer(&layer, preflight_lines("PUT", &[under.as_bytes()]))
        .refusal()
        .is_none());
}

/// Names `x-h0`, `x-h1`, … as a proxy might split them: one a line.
fn names(count: usize) -> Vec<String> {
    (0..count).map(|n| format!("x-h{n}")).collect()
}

fn lines(names: &[String]) -> Vec<&[u8]> {
    names.iter().map(|n| n.as_bytes()).collect()
}

#[tokio::test]
async fn a_list_split_one_name_a_line_is_the_one_line_list() {
    // 17 lines, past the 16 an earlier version read: API Gateway and other
    // proxies split a browser's list this way.
    let names = names(17);
    let layer = with_headers(&names.iter().map(String::as_str).collect::<Vec<_>>());
    let all = names.join(", ");
    let one_line = names.join(",");
    let split = lines(&names);
    for request_lines in [&split[..], &[one_line.as_bytes()]] {
        let label = format!("{} lines", request_lines.len());
        assert_eq!(
            answer(&layer, preflight_lines("PUT", request_lines)).refusal(),
            None,
            "{label}"
        );
        let out = send_ok(&layer, preflight_lines("PUT", request_lines)).await;
        assert!(!out.inner_called(), "{label}");
        assert_eq!(out.status(), StatusCode::NO_CONTENT, "{label}");
        assert_eq!(
            out.cors_headers(),
            expected(&[
                ("access-control-allow-origin", APP),
                ("access-control-allow-methods", "PUT"),
                ("access-control-allow-headers", &all),
            ]),
            "{label}"
        );
        assert_eq!(out.vary(), ["origin"], "{label}");
    }
    // The 17th name is read: one not allowed there is named.
    let mut refused = split.clone();
    refused[16] = b"x-other";
    assert!(matches!(
        answer(&layer, preflight_lines("PUT", &refused)).refusal(),
        Some(Refusal::HeaderNotAllowed(h)) if *h == "x-other"
    ));
}

#[tokio::test]
async fn a_split_list_is_echoed_line_by_line_with_credentials() {
    let layer = CorsLayer::builder()
        .allow_origin(APP)
        .allow_headers(Any)
        .allow_credentials(true)
        .build()
        .unwrap();
    for count in [17, 100] {
        let names = names(count);
        let request_lines = lines(&names);
        assert_eq!(
            answer(&layer, preflight_lines("GET", &request_lines)).refusal(),
            None,
            "{count}"
        );
        let out = send_ok(&layer, preflight_lines("GET", &request_lines)).await;
        assert_eq!(out.status(), StatusCode::NO_CONTENT, "{count}");
        assert_eq!(out.header("access-control-allow-origin"), Some(APP));
        assert_eq!(out.header("access-control-allow-credentials"), Some("true"));
        // Echoed as sent, one line for each: the browser joins them into
        // the very list it asked for.
        assert_eq!(out.all("access-control-allow-headers"), names, "{count}");
        assert_eq!(
            out.vary(),
            ["origin", "access-control-request-headers"],
            "{count}"
        );
    }
}

/// Allowed names `x-a`, `x-b`, … repeated, comma-joined, exactly `len`
/// bytes long (the last one padded with white space).
fn list_of_len(len: usize) -> String {
    let mut list = String::new();
    for n in 0.. {
        let name = ["x-a", "X-B", "x-C"][n % 3];
        if list.len() + 1 + name.len() > len {
            break;
        }
        if !list.is_empty() {
            list.push(',');
        }
        list.push_str(name);
    }
    while list.len() < len {
        list.push(' ');
    }
    list
}

#[tokio::test]
async fn the_bound_is_8_kib_over_all_lines() {
    let layer = with_headers(&["x-a", "x-b", "x-c"]);
    let echo = CorsLayer::builder()
        .allow_origin(APP)
        .allow_headers(Any)
        .allow_credentials(true)
        .build()
        .unwrap();
    let exact = list_of_len(MAX_REQUEST_HEADERS_LEN);
    assert_eq!(exact.len(), 8 * 1024);
    let over = list_of_len(MAX_REQUEST_HEADERS_LEN + 1);
    // Split at its commas: the same list, the same bytes once joined.
    let split =
        |list: &str| -> Vec<Vec<u8>> { list.split(',').map(|n| n.as_bytes().to_vec()).collect() };
    // Or in two at the comma nearest the middle.
    let halves = |list: &str| -> Vec<Vec<u8>> {
        let comma = list[4000..].find(',').unwrap() + 4000;
        vec![list[..comma].into(), list[comma + 1..].into()]
    };
    let (exact_halves, over_halves) = (halves(&exact), halves(&over));
    let exact_halves: Vec<&[u8]> = exact_halves.iter().map(Vec::as_slice).collect();
    let over_halves: Vec<&[u8]> = over_halves.iter().map(Vec::as_slice).collect();
    let (exact_lines, over_lines) = (split(&exact), split(&over));
    let exact_lines: Vec<&[u8]> = exact_lines.iter().map(Vec::as_slice).collect();
    let over_lines: Vec<&[u8]> = over_lines.iter().map(Vec::as_slice).collect();
    assert!(exact_lines.len() > 2_000);
    for (label, request_lines) in [
        ("one line", &[exact.as_bytes()][..]),
        ("split", &exact_lines),
        ("halves", &exact_halves),
    ] {
        assert_eq!(
            answer(&layer, preflight_lines("PUT", request_lines)).refusal(),
            None,
            "{label}"
        );
        assert_eq!(
            answer(&echo, preflight_lines("GET", request_lines)).refusal(),
            None,
            "{label}"
        );
    }
    for (label, request_lines) in [
        ("one line", &[over.as_bytes()][..]),
        ("split", &over_lines),
        ("halves", &over_halves),
    ] {
        assert_eq!(
            answer(&layer, preflight_lines("PUT", request_lines)).refusal(),
            Some(&Refusal::InvalidRequestHeaders),
            "{label}"
        );
        let out = send_ok(&layer, preflight_lines("PUT", request_lines)).await;
        assert_eq!(out.status(), StatusCode::NO_CONTENT, "{label}");
        assert_eq!(
            out.header("access-control-allow-headers"),
            Some("x-a, x-b, x-c"),
            "{label}"
        );
        // Refused, so not echoed.
        let echoed = answer(&echo, preflight_lines("GET", request_lines));
        assert_eq!(
            echoed.refusal(),
            Some(&Refusal::InvalidRequestHeaders),
            "{label}"
        );
        assert_eq!(
            echoed.headers().get(header::ACCESS_CONTROL_ALLOW_HEADERS),
            None,
            "{label}"
        );
    }
}

#[test]
fn upper_and_mixed_case_names_are_allowed() {
    // Few names (compared one by one before) and many (hashed before).
    let few = with_headers(&["x-api-key", "content-type"]);
    let many_names: Vec<String> = names(40)
        .into_iter()
        .chain(["x-api-key".to_owned(), "content-type".to_owned()])
        .collect();
    let many = with_headers(&many_names.iter().map(String::as_str).collect::<Vec<_>>());
    for layer in [&few, &many] {
        for line in [
            "X-API-KEY",
            "CONTENT-TYPE,X-API-KEY",
            "Content-Type, X-Api-Key",
            "x-API-key",
            "cOnTeNt-TyPe",
        ] {
            assert_eq!(
                answer(layer, preflight_lines("PUT", &[line.as_bytes()])).refusal(),
                None,
                "{line}"
            );
        }
        assert!(matches!(
            answer(layer, preflight_lines("PUT", &[b"X-API-KEYS"])).refusal(),
            Some(Refusal::HeaderNotAllowed(h)) if *h == "X-API-KEYS"
        ));
    }
    for name in &many_names {
        let upper = name.to_ascii_uppercase();
        assert_eq!(
            answer(&many, preflight_lines("PUT", &[upper.as_bytes()])).refusal(),
            None,
            "{upper}"
        );
    }
    // And `*`: `AUTHORIZATION` is `authorization`, never covered.
    let any = CorsLayer::builder()
        .allow_origin(APP)
        .allow_headers(Any)
        .build()
        .unwrap();
    assert_eq!(
        answer(&any, preflight_lines("GET", &[b"X-API-KEY, CONTENT-TYPE"])).refusal(),
        None
    );
    assert!(matches!(
        answer(&any, preflight_lines("GET", &[b"X-A", b"AuThOrIzAtIoN"])).refusal(),
        Some(Refusal::HeaderNotAllowed(h)) if *h == "AuThOrIzAtIoN"
    ));
}

#[test]
fn hostile_request_headers_with_any_header() {
    for credentials in [false, true] {
        let layer = CorsLayer::builder()
            .allow_origin(APP)
            .allow_headers(Any)
            .allow_credentials(credentials)
            .build()
            .unwrap();
        let hostile = "a,".repeat(50_000);
        let preflight = answer(&layer, preflight_lines("GET", &[hostile.as_bytes()]));
        assert_eq!(preflight.refusal(), Some(&Refusal::InvalidRequestHeaders));
        // With credentials the list would be echoed: never the hostile value.
        let acah = preflight
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_HEADERS)
            .map(|v| v.len())
            .unwrap_or(0);
        assert!(
            acah < 100,
            "credentials={credentials}: ACAH of {acah} bytes"
        );
    }
}

#[tokio::test]
async fn authorization_is_not_covered_by_star() {
    let layer = CorsLayer::builder()
        .allow_origin(APP)
        .allow_headers(Any)
        .build()
        .unwrap();
    for line in ["authorization", "Authorization", "x-a, authorization"] {
        let preflight = answer(&layer, preflight_lines("GET", &[line.as_bytes()]));
        assert!(
            matches!(preflight.refusal(), Some(Refusal::HeaderNotAllowed(h))
                if h.as_str().eq_ignore_ascii_case("authorization")),
            "{line}: {:?}",
            preflight.refusal()
        );
        let out = send_ok(&layer, preflight_lines("GET", &[line.as_bytes()])).await;
        assert_eq!(out.header("access-control-allow-headers"), Some("*"));
    }
    assert!(answer(&layer, preflight_lines("GET", &[b"x-a, x-b"]))
        .refusal()
        .is_none());
}

#[tokio::test]
async fn authorization_listed_with_any_header() {
    let layer = CorsLayer::builder()
        .allow_origin(APP)
        .allow_headers(Any)
        .allow_headers("Authorization")
        .build()
        .unwrap();
    let out = send_ok(&layer, preflight_lines("GET", &[b"authorization, x-a"])).await;
    assert_eq!(
        out.header("access-control-allow-headers"),
        Some("*, authorization")
    );
    assert!(
        answer(&layer, preflight_lines("GET", &[b"Authorization, x-a"]))
            .refusal()
            .is_none()
    );
}

#[tokio::test]
async fn any_header_with_credentials_echoes_including_authorization() {
    let layer = CorsLayer::builder()
        .allow_origin(APP)
        .allow_headers(Any)
        .allow_credentials(true)
        .build()
        .unwrap();
    let out = send_ok(&layer, preflight_lines("GET", &[b"authorization,x-a"])).await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        out.header("access-control-allow-headers"),
        Some("authorization,x-a")
    );
    assert_eq!(out.header("access-control-allow-credentials"), Some("true"));
    assert!(out
        .vary()
        .contains(&"access-control-request-headers".to_owned()));
    assert!(
        answer(&layer, preflight_lines("GET", &[b"authorization,x-a"]))
            .refusal()
            .is_none()
    );

    // Split over several lines: echoed line by line (the browser joins the
    // lines into one list), so echoing allocates nothing per name.
    let out = send_ok(&layer, preflight_lines("GET", &[b"x-a", b"x-b"])).await;
    assert_eq!(out.all("access-control-allow-headers"), ["x-a", "x-b"]);

    // A malformed list is not echoed.
    let out = send_ok(&layer, preflight_lines("GET", &[b"x-a;x-b"])).await;
    assert_eq!(out.header("access-control-allow-headers"), None);
    assert_eq!(out.header("access-control-allow-origin"), Some(APP));
}

#[tokio::test]
async fn refused_origin_preflight_ignores_the_rest() {
    let layer = with_headers(&["x-a"]);
    let mut request = preflight_lines("PUT", &[b"x-a"]);
    request.headers_mut().insert(
        header::ORIGIN,
        HeaderValue::from_static("https://evil.example.net"),
    );
    let out = send_ok(&layer, request).await;
    assert_eq!(out.status(), StatusCode::FORBIDDEN);
    out.assert_no_cors_headers();
    assert_eq!(out.body(), "");
    assert_eq!(out.vary(), ["origin"]);
}

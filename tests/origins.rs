//! Request origins (docs/behaviour.md §2): only the exact canonical origin a
//! browser sends is ever allowed or reflected.

mod common;
mod handler;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use common::*;
use http::header::{self, HeaderValue};
use http::{Request, StatusCode};
use tower_cors::{CorsLayer, Decision, Refusal, MAX_ORIGIN_LEN};

/// Allows `https://example.com` and `https://*.example.com`, with
/// credentials so that every allowed answer reflects the origin.
fn policy() -> CorsLayer {
    CorsLayer::builder()
        .allow_origin(["https://example.com", "https://*.example.com"])
        .allow_methods("PUT")
        .allow_credentials(true)
        .build()
        .unwrap()
}

/// A GET carrying the given `Origin` lines, raw bytes allowed.
fn with_origins(origins: &[&[u8]]) -> Request<String> {
    let mut request = request("GET", None, &[]);
    for origin in origins {
        request
            .headers_mut()
            .append(header::ORIGIN, HeaderValue::from_bytes(origin).unwrap());
    }
    request
}

/// The same origins on a preflight.
fn preflight_with_origins(origins: &[&[u8]]) -> Request<String> {
    let mut request = with_origins(origins);
    *request.method_mut() = http::Method::OPTIONS;
    request.headers_mut().insert(
        header::ACCESS_CONTROL_REQUEST_METHOD,
        HeaderValue::from_static("PUT"),
    );
    request
}

/// Asserts that `origins` are refused for `reason`: by `evaluate`, on an
/// actual request through the service (no `Access-Control-*`, `Vary`,
/// inner called) and on a preflight (403, no `Access-Control-*`).
async fn assert_refused(layer: &CorsLayer, origins: &[&[u8]], reason: Refusal) {
    let label = origins
        .iter()
        .map(|o| {
            String::from_utf8_lossy(o)
                .chars()
                .take(60)
                .collect::<String>()
        })
        .collect::<Vec<_>>();
    let decision = decide(layer, with_origins(origins));
    assert!(
        matches!(&decision, Decision::Refused { reason: r, .. } if *r == reason),
        "{label:?}: {decision:?}"
    );

    let out = send_ok(layer, with_origins(origins)).await;
    assert!(out.inner_called(), "{label:?}");
    out.assert_no_cors_headers();
    assert_eq!(out.vary(), ["origin"], "{label:?}");

    let decision = decide(layer, preflight_with_origins(origins));
    assert_eq!(decision.refusal(), Some(&reason), "{label:?}");
    let out = send_ok(layer, preflight_with_origins(origins)).await;
    assert!(!out.inner_called(), "{label:?}");
    assert_eq!(out.status(), StatusCode::FORBIDDEN, "{label:?}");
    out.assert_no_cors_headers();
    assert_eq!(out.vary(), ["origin"], "{label:?}");
}

/// Asserts that `origin` is allowed and reflected byte for byte.
async fn assert_allowed(layer: &CorsLayer, origin: &str) {
    let out = send_ok(layer, cors("GET", origin)).await;
    assert!(out.inner_called());
    assert_eq!(out.all("access-control-allow-origin"), [origin]);
    assert_eq!(out.header("access-control-allow-credentials"), Some("true"));

    let out = send_ok(layer, preflight(origin, "PUT", None)).await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT, "{origin}");
    assert_eq!(out.all("access-control-allow-origin"), [origin]);
}

#[tokio::test]
async fn true_origins_are_allowed() {
    let layer = policy();
    for origin in [
        "https://example.com",
        "https://a.example.com",
        "https://a.b.c.example.com",
        "https://xn--bcher-kva.example.com",
        "https://a-b_c.example.com",
    ] {
        assert_allowed(&layer, origin).await;
    }
}

#[tokio::test]
async fn lookalike_origins_are_not_allowed() {
    let layer = policy();
    for origin in [
        "https://example.com.evil.net",
        "https://a.example.com.evil.net",
        "https://evil-example.com",
        "https://evilexample.com",
        "https://example.co",
        "https://example.com.",
        "http://example.com",
        "http://a.example.com",
        "wss://example.com",
        "https://example.com:8443",
        "https://a.example.com:8443",
        "https://example.org",
        "null",
    ] {
        let reason = if origin == "https://example.com." {
            Refusal::OriginNotCanonical
        } else {
            Refusal::OriginNotAllowed
        };
        assert_refused(&layer, &[origin.as_bytes()], reason).await;
    }
}

#[tokio::test]
async fn non_canonical_origins_are_never_reflected() {
    let layer = policy();
    let long = format!("https://{}.example.com", "a".repeat(10 * 1024));
    let just_too_long = format!(
        "https://{}.example.com",
        "a".repeat(MAX_ORIGIN_LEN - "https://.example.com".len() + 1)
    );
    for origin in [
        b"https://EXAMPLE.com".as_slice(),
        b"https://Example.com",
        b"HTTPS://example.com",
        b"https://A.example.com",
        b"https://example.com/",
        b"https://example.com/path",
        b"https://example.com?",
        b"https://example.com#",
        b"https://example.com:443",
        b"https://a.example.com:443",
        b"https://example.com:0443",
        b"https://example.com:",
        b"https://user@example.com",
        b"https://caf\xe9.example.com",
        b"https://\xc3\xa9.example.com",
        b" https://example.com",
        b"https://example.com ",
        b"https://example.com\t",
        b"example.com",
        b"https://",
        b"",
        b"https://a..example.com",
        b"https://.example.com",
        b"NULL",
        b"Null",
        long.as_bytes(),
        just_too_long.as_bytes(),
    ] {
        assert_refused(&layer, &[origin], Refusal::OriginNotCanonical).await;
    }
}

#[tokio::test]
async fn two_origin_lines_are_not_canonical() {
    let layer = policy();
    for lines in [
        &[b"https://example.com".as_slice(), b"https://example.com"][..],
        &[b"https://evil.net", b"https://example.com"],
        &[b"https://example.com", b"https://a.example.com"],
    ] {
        assert_refused(&layer, lines, Refusal::OriginNotCanonical).await;
    }
}

#[tokio::test]
async fn a_comma_joined_origin_is_not_canonical() {
    // Also what a proxy folding two lines would produce.
    assert_refused(
        &policy(),
        &[b"https://example.com, https://a.example.com"],
        Refusal::OriginNotCanonical,
    )
    .await;
}

#[tokio::test]
async fn longest_canonical_origin_is_still_looked_up() {
    // Labels of 63 bytes, under MAX_ORIGIN_LEN in total, allowed by the wildcard.
    let label = "a".repeat(63);
    let origin = format!("https://{label}.{label}.{label}.example.com");
    assert!(origin.len() <= MAX_ORIGIN_LEN);
    assert_allowed(&policy(), &origin).await;
}

#[tokio::test]
async fn null_is_allowed_only_with_the_opt_in() {
    let without = policy();
    assert_refused(&without, &[b"null"], Refusal::OriginNotAllowed).await;

    let with = CorsLayer::builder()
        .allow_origin(["https://example.com", "null"])
        .dangerously_allow_null_origin(true)
        .allow_credentials(true)
        .build()
        .unwrap();
    let out = send_ok(&with, cors("GET", "null")).await;
    assert_eq!(out.all("access-control-allow-origin"), ["null"]);
    assert_eq!(out.header("access-control-allow-credentials"), Some("true"));
    assert_eq!(out.vary(), ["origin"]);
    let out = send_ok(&with, preflight("null", "GET", None)).await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(out.all("access-control-allow-origin"), ["null"]);
    // Only the exact bytes.
    assert_refused(&with, &[b"NULL"], Refusal::OriginNotCanonical).await;
    assert_refused(&with, &[b"null", b"null"], Refusal::OriginNotCanonical).await;
}

#[cfg(feature = "regex")]
#[tokio::test]
async fn regexes_are_anchored() {
    let layer = CorsLayer::builder()
        .allow_origin_regex(r"https://[a-z]+\.example\.org")
        .build()
        .unwrap();
    let out = send_ok(&layer, cors("GET", "https://a.example.org")).await;
    assert_eq!(
        out.header("access-control-allow-origin"),
        Some("https://a.example.org")
    );
    for origin in [
        "https://a.example.org.evil.net",
        "xhttps://a.example.org",
        "https://a.example.org:8443",
        "https://a.b.example.org",
        "https://1.example.org",
        "http://a.example.org",
    ] {
        assert_refused(&layer, &[origin.as_bytes()], Refusal::OriginNotAllowed).await;
    }
    // An alternation is anchored as a whole, not only its first branch.
    let layer = CorsLayer::builder()
        .allow_origin_regex(r"https://a\.example\.org|https://b\.example\.org")
        .build()
        .unwrap();
    assert_refused(
        &layer,
        &[b"https://b.example.org.evil.net"],
        Refusal::OriginNotAllowed,
    )
    .await;
    assert_refused(
        &layer,
        &[b"https://evil.net/https://a.example.org"],
        Refusal::OriginNotCanonical,
    )
    .await;
    assert_refused(
        &layer,
        &[b"https://evil-https://a.example.org"],
        Refusal::OriginNotCanonical,
    )
    .await;
}

#[cfg(feature = "regex")]
#[tokio::test]
async fn regexes_only_see_canonical_origins() {
    // A regex that would match the uppercase form is never asked about it.
    let layer = CorsLayer::builder()
        .allow_origin_regex(r"(?i)https://app\.example\.org")
        .build()
        .unwrap();
    assert_refused(
        &layer,
        &[b"https://APP.example.org"],
        Refusal::OriginNotCanonical,
    )
    .await;
    let out = send_ok(&layer, cors("GET", "https://app.example.org")).await;
    assert_eq!(
        out.header("access-control-allow-origin"),
        Some("https://app.example.org")
    );
}

#[tokio::test]
async fn predicate_receives_the_parsed_origin_and_the_request_head() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let layer = CorsLayer::builder()
        .allow_origin("https://example.com")
        .allow_origin_predicate(move |origin, parts| {
            record.lock().unwrap().push((
                origin.as_str().to_owned(),
                origin.scheme().to_owned(),
                origin.host().to_owned(),
                origin.port(),
                origin.is_domain(),
                parts.method.to_string(),
                parts.uri.path().to_owned(),
            ));
            origin.host().ends_with(".partner.example") && parts.uri.path().starts_with("/public/")
        })
        .build()
        .unwrap();

    let request = |path: &str, origin: &str| {
        Request::get(format!("https://api.example.com{path}"))
            .header(header::ORIGIN, origin)
            .body(String::new())
            .unwrap()
    };

    let out = send_ok(
        &layer,
        request("/public/feed", "https://shop.partner.example:8443"),
    )
    .await;
    assert_eq!(
        out.header("access-control-allow-origin"),
        Some("https://shop.partner.example:8443")
    );
    assert_eq!(
        seen.lock().unwrap().pop().unwrap(),
        (
            "https://shop.partner.example:8443".to_owned(),
            "https".to_owned(),
            "shop.partner.example".to_owned(),
            Some(8443),
            true,
            "GET".to_owned(),
            "/public/feed".to_owned(),
        )
    );

    let out = send_ok(
        &layer,
        request("/private/data", "https://shop.partner.example:8443"),
    )
    .await;
    out.assert_no_cors_headers();
    assert_eq!(seen.lock().unwrap().len(), 1);
    assert_eq!(seen.lock().unwrap()[0].6, "/private/data");

    let out = send_ok(&layer, request("/public/feed", "https://[::1]:8080")).await;
    out.assert_no_cors_headers();
    let last = seen.lock().unwrap().pop().unwrap();
    assert_eq!(
        (last.2.as_str(), last.3, last.4),
        ("[::1]", Some(8080), false)
    );
}

#[tokio::test]
async fn predicate_is_not_asked_about_exact_matches_null_or_non_canonical_origins() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let layer = CorsLayer::builder()
        .allow_origin("https://example.com")
        .allow_origin_predicate(move |_, _| {
            counter.fetch_add(1, Ordering::SeqCst);
            true
        })
        .build()
        .unwrap();
    for origin in [
        b"https://example.com".as_slice(),
        b"null",
        b"https://EVIL.net",
        b"https://evil.net/",
        b"https://caf\xe9.net",
    ] {
        let _ = send_ok(&layer, with_origins(&[origin])).await;
    }
    assert_refused(
        &layer,
        &[b"https://a.net", b"https://b.net"],
        Refusal::OriginNotCanonical,
    )
    .await;
    assert_eq!(calls.load(Ordering::SeqCst), 0);

    // A canonical unlisted origin does reach it, and it may allow it.
    let out = send_ok(&layer, cors("GET", "https://evil.net")).await;
    assert_eq!(
        out.header("access-control-allow-origin"),
        Some("https://evil.net")
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn ip_and_port_origins() {
    let layer = CorsLayer::builder()
        .allow_origin(["http://127.0.0.1:3000", "http://[::1]:*"])
        .build()
        .unwrap();
    for origin in ["http://127.0.0.1:3000", "http://[::1]", "http://[::1]:5173"] {
        let out = send_ok(&layer, cors("GET", origin)).await;
        assert_eq!(out.header("access-control-allow-origin"), Some(origin));
    }
    for (origin, reason) in [
        ("http://127.0.0.1:3001", Refusal::OriginNotAllowed),
        ("http://127.0.0.1", Refusal::OriginNotAllowed),
        ("http://127.000.0.1:3000", Refusal::OriginNotCanonical),
        ("http://0x7f.0.0.1:3000", Refusal::OriginNotCanonical),
        ("http://[0:0::1]:5173", Refusal::OriginNotCanonical),
        ("http://[::1]:80", Refusal::OriginNotCanonical),
        ("http://[::2]:5173", Refusal::OriginNotAllowed),
    ] {
        assert_refused(&layer, &[origin.as_bytes()], reason).await;
    }
}

#[test]
fn exact_origin_lookup_does_not_depend_on_list_order_or_size() {
    let many: Vec<String> = (0..5_000)
        .map(|i| format!("https://app{i}.example.com"))
        .collect();
    let layer = CorsLayer::builder().allow_origin(many).build().unwrap();
    for i in [0, 2_500, 4_999] {
        let origin = format!("https://app{i}.example.com");
        let Decision::Allowed(headers) = decide(&layer, cors("GET", &origin)) else {
            panic!("{origin} allowed");
        };
        assert_eq!(headers.allow_origin().unwrap(), origin.as_str());
    }
    assert_eq!(
        decide(&layer, cors("GET", "https://app5000.example.com")).refusal(),
        Some(&Refusal::OriginNotAllowed)
    );
}

/// A policy with a predicate is the one the service hands the request's
/// `Parts` (it splits the request); its responses must still be exactly
/// what `evaluate` decides.
#[tokio::test]
async fn with_a_predicate_the_service_answers_what_evaluate_decides() {
    const APP: &str = "https://app.example.com";
    let layer = CorsLayer::builder()
        .allow_origin(APP)
        .allow_origin_predicate(|origin, parts| {
            origin.host().ends_with(".tenants.example") && parts.uri.path().starts_with("/items")
        })
        .allow_methods([http::Method::PUT])
        .expose_headers("x-request-id")
        .allow_credentials(true)
        .build()
        .unwrap();
    let tenant = "https://acme.tenants.example";
    let requests: [fn(&str) -> Request<String>; 6] = [
        |_| request("GET", None, &[]),
        |tenant| cors("GET", tenant),
        |_| cors("GET", APP),
        |_| cors("GET", "https://evil.example"),
        |tenant| preflight(tenant, "PUT", None),
        |_| preflight("https://evil.example", "PUT", None),
    ];
    for make in requests {
        let label = format!("{:?}", make(tenant).headers());
        let decision = decide(&layer, make(tenant));
        let preflight = matches!(decision, Decision::Preflight(_));
        let out = send(
            &layer,
            make(tenant),
            Inner::default().header("x-request-id", "7"),
        )
        .await;
        let mut inner = http::Response::new(INNER_BODY.to_owned());
        inner
            .headers_mut()
            .insert("x-request-id", HeaderValue::from_static("7"));
        let expected = handler::decided(decision, inner);
        assert_eq!(out.inner_called(), !preflight, "{label}");
        assert_eq!(out.status(), expected.status(), "{label}");
        assert_eq!(out.headers(), expected.headers(), "{label}");
        assert_eq!(out.body(), expected.body(), "{label}");
    }
    // The tenant is allowed through the predicate, on both paths.
    assert_eq!(
        send_ok(&layer, cors("GET", tenant))
            .await
            .header("access-control-allow-origin"),
        Some(tenant)
    );
}

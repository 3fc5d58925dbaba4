//! Decorating the inner service's response (docs/behaviour.md §4 and §5):
//! every status, replacing the inner service's `Access-Control-*` headers,
//! merging `Vary`.

mod common;

use common::*;
use http::{header, StatusCode};
use tower_cors::{Any, CorsLayer};

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example.net";

fn credentials() -> CorsLayer {
    CorsLayer::builder()
        .allow_origin(APP)
        .allow_credentials(true)
        .expose_headers("x-request-id")
        .build()
        .unwrap()
}

fn public() -> CorsLayer {
    CorsLayer::builder().allow_origin(Any).build().unwrap()
}

#[tokio::test]
async fn every_inner_status_is_decorated() {
    let layer = credentials();
    for status in [
        StatusCode::UNAUTHORIZED,
        StatusCode::FORBIDDEN,
        StatusCode::NOT_FOUND,
        StatusCode::INTERNAL_SERVER_ERROR,
        StatusCode::FOUND,
        StatusCode::NOT_MODIFIED,
        StatusCode::CREATED,
        StatusCode::NO_CONTENT,
    ] {
        let out = send(
            &layer,
            cors("GET", APP),
            Inner::status(status).header("location", "/elsewhere"),
        )
        .await;
        assert!(out.inner_called(), "{status}");
        assert_eq!(out.status(), status);
        assert_eq!(out.body(), INNER_BODY, "{status}");
        assert_eq!(
            out.cors_headers(),
            expected(&[
                ("access-control-allow-origin", APP),
                ("access-control-allow-credentials", "true"),
                ("access-control-expose-headers", "x-request-id"),
            ]),
            "{status}"
        );
        assert_eq!(out.vary(), ["origin"], "{status}");
        assert_eq!(out.header("location"), Some("/elsewhere"), "{status}");
    }
}

#[tokio::test]
async fn every_inner_status_gets_the_constant_answer_of_a_public_policy() {
    let layer = public();
    for status in [401, 404, 500, 302] {
        let status = StatusCode::from_u16(status).unwrap();
        let out = send(&layer, cors("DELETE", EVIL), Inner::status(status)).await;
        assert_eq!(out.status(), status);
        assert_eq!(out.header("access-control-allow-origin"), Some("*"));
        assert!(out.vary().is_empty());
    }
}

#[tokio::test]
async fn inner_access_control_headers_are_replaced_never_duplicated() {
    let layer = credentials();
    let inner = Inner::default()
        .header("access-control-allow-origin", "*")
        .header("access-control-allow-origin", "https://other.example")
        .header("access-control-allow-credentials", "false")
        .header("access-control-expose-headers", "x-secret")
        .header("access-control-allow-methods", "GET")
        .header("access-control-max-age", "99999")
        .header("access-control-allow-private-network", "true")
        .header("x-kept", "yes");
    let out = send(&layer, cors("GET", APP), inner).await;
    assert_eq!(out.all("access-control-allow-origin"), [APP]);
    assert_eq!(out.all("access-control-allow-credentials"), ["true"]);
    assert_eq!(out.all("access-control-expose-headers"), ["x-request-id"]);
    assert!(out.all("access-control-allow-methods").is_empty());
    assert!(out.all("access-control-max-age").is_empty());
    assert!(out.all("access-control-allow-private-network").is_empty());
    assert_eq!(out.header("x-kept"), Some("yes"));
}

#[tokio::test]
async fn inner_allow_origin_is_replaced_by_the_public_star() {
    let out = send(
        &public(),
        cors("GET", APP),
        Inner::default().header("access-control-allow-origin", APP),
    )
    .await;
    assert_eq!(out.all("access-control-allow-origin"), ["*"]);
}

#[tokio::test]
async fn inner_access_control_headers_are_removed_on_refused_origin() {
    let inner = Inner::default()
        .header("access-control-allow-origin", EVIL)
        .header("access-control-allow-credentials", "true")
        .header("access-control-expose-headers", "x-secret");
    let out = send(&credentials(), cors("GET", EVIL), inner).await;
    assert!(out.inner_called());
    out.assert_no_cors_headers();
    assert_eq!(out.vary(), ["origin"]);
}

#[tokio::test]
async fn inner_access_control_headers_are_removed_on_non_cors_responses() {
    let inner = Inner::default().header("access-control-allow-origin", "*");
    let out = send(&credentials(), request("GET", None, &[]), inner).await;
    out.assert_no_cors_headers();
    assert_eq!(out.vary(), ["origin"]);
}

#[tokio::test]
async fn inner_vary_is_kept_and_origin_added() {
    let out = send(
        &credentials(),
        cors("GET", APP),
        Inner::default().header("vary", "Accept-Encoding"),
    )
    .await;
    assert_eq!(out.vary(), ["accept-encoding", "origin"]);
    // Kept byte for byte.
    assert_eq!(out.all(header::VARY)[0], "Accept-Encoding");
}

#[tokio::test]
async fn inner_vary_lines_are_all_kept() {
    let out = send(
        &credentials(),
        cors("GET", EVIL),
        Inner::default()
            .header("vary", "accept-encoding")
            .header("vary", "accept-language, cookie"),
    )
    .await;
    assert_eq!(
        out.vary(),
        ["accept-encoding", "accept-language", "cookie", "origin"]
    );
}

#[tokio::test]
async fn inner_vary_origin_is_not_duplicated() {
    for (lines, expected) in [
        (&["origin"][..], &["origin"][..]),
        (&["Origin"], &["origin"]),
        (&["ORIGIN "], &["origin"]),
        (&["accept-encoding, origin"], &["accept-encoding", "origin"]),
        (
            &["accept-encoding", "Origin"],
            &["accept-encoding", "origin"],
        ),
    ] {
        let mut inner = Inner::default();
        for line in lines {
            inner = inner.header("vary", line);
        }
        for request in [
            cors("GET", APP),
            cors("GET", EVIL),
            request("GET", None, &[]),
        ] {
            let out = send(&credentials(), request, inner.clone()).await;
            assert_eq!(out.vary(), expected, "{lines:?}");
            assert_eq!(out.all(header::VARY).len(), lines.len(), "{lines:?}");
        }
    }
}

#[tokio::test]
async fn inner_vary_star_is_left_alone() {
    for line in ["*", "accept-encoding, *"] {
        for request in [
            cors("GET", APP),
            cors("GET", EVIL),
            request("GET", None, &[]),
        ] {
            let out = send(
                &credentials(),
                request,
                Inner::default().header("vary", line),
            )
            .await;
            assert_eq!(out.all(header::VARY), [line]);
        }
    }
}

#[tokio::test]
async fn a_vary_name_containing_origin_is_not_origin() {
    let out = send(
        &credentials(),
        cors("GET", APP),
        Inner::default().header("vary", "x-origin-hint"),
    )
    .await;
    assert_eq!(out.vary(), ["x-origin-hint", "origin"]);
}

#[tokio::test]
async fn public_policy_leaves_inner_vary_untouched() {
    let out = send(
        &public(),
        cors("GET", APP),
        Inner::default().header("vary", "accept-encoding"),
    )
    .await;
    assert_eq!(out.all(header::VARY), ["accept-encoding"]);
}

#[tokio::test]
async fn other_inner_headers_and_body_pass_through() {
    let out = send(
        &credentials(),
        cors("GET", APP),
        Inner::status(StatusCode::NOT_FOUND)
            .header("content-type", "application/json")
            .header("set-cookie", "a=1")
            .header("set-cookie", "b=2"),
    )
    .await;
    assert_eq!(out.header("content-type"), Some("application/json"));
    assert_eq!(out.all("set-cookie"), ["a=1", "b=2"]);
    assert_eq!(out.body(), INNER_BODY);
}

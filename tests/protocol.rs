//! The request × policy table of docs/behaviour.md §1–§5. Every row is checked
//! twice: through `Policy::evaluate` (the kind of decision, its refusal,
//! and for preflights the answer itself) and through the Tower service
//! (status, whether the inner service ran, every `Access-Control-*` line,
//! `Vary`, body).

mod common;

use std::time::Duration;

use common::*;
use http::header::{self, HeaderName};
use http::{Method, Request, StatusCode};
use tower_cors::{Any, CorsLayer, Decision, Refusal};

// ---------------------------------------------------------------------------
// Policies
// ---------------------------------------------------------------------------

const APP: &str = "https://app.example.com";
const PREVIEW: &str = "https://pr-1.preview.example.com";
const EVIL: &str = "https://evil.example.net";

/// Listed origins (one exact, one subdomain wildcard), listed methods and
/// headers, exposed headers, max-age, credentials.
fn listed_credentials() -> CorsLayer {
    CorsLayer::builder()
        .allow_origin([APP, "https://*.preview.example.com"])
        .allow_methods([Method::PUT, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, HeaderName::from_static("x-api-key")])
        .expose_headers(["x-request-id", "x-total-count"])
        .max_age(Duration::from_secs(600))
        .allow_credentials(true)
        .build()
        .unwrap()
}

/// One listed origin, no credentials, no max-age, nothing exposed.
fn listed_plain() -> CorsLayer {
    CorsLayer::builder()
        .allow_origin(APP)
        .allow_methods("PUT")
        .allow_headers("x-api-key")
        .build()
        .unwrap()
}

/// Any origin, method and header without credentials; one exposed header;
/// max-age 0.
fn public() -> CorsLayer {
    CorsLayer::builder()
        .allow_origin(Any)
        .allow_methods(Any)
        .allow_headers(Any)
        .expose_headers("x-request-id")
        .max_age(Duration::ZERO)
        .build()
        .unwrap()
}

/// Any origin and header, `authorization` listed as well.
fn public_with_authorization() -> CorsLayer {
    CorsLayer::builder()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::DELETE])
        .allow_headers(Any)
        .allow_headers(header::AUTHORIZATION)
        .build()
        .unwrap()
}

/// Any origin, every response header exposed (`*`, no credentials).
fn public_expose_any() -> CorsLayer {
    CorsLayer::builder()
        .allow_origin(Any)
        .expose_headers(Any)
        .build()
        .unwrap()
}

/// Credentials with any method and any header: both echoed.
fn echo() -> CorsLayer {
    CorsLayer::builder()
        .allow_origin(APP)
        .allow_methods(Any)
        .allow_headers(Any)
        .allow_credentials(true)
        .build()
        .unwrap()
}

/// A 200 preflight status.
fn status_200() -> CorsLayer {
    CorsLayer::builder()
        .allow_origin(APP)
        .preflight_status(StatusCode::OK)
        .build()
        .unwrap()
}

fn permissive() -> CorsLayer {
    CorsLayer::permissive()
}

/// Any origin with credentials, opted in: every canonical origin reflected.
fn reflect_any() -> CorsLayer {
    CorsLayer::builder()
        .allow_origin(Any)
        .allow_methods(Method::PUT)
        .allow_credentials(true)
        .dangerously_allow_credentials_for_any_origin(true)
        .build()
        .unwrap()
}

// ---------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NotCors,
    Preflight,
    Allowed,
    Refused,
}

/// The expected `Decision::refusal()`.
#[derive(Debug, Clone, Copy)]
enum Why {
    Nothing,
    OriginNotAllowed,
    OriginNotCanonical,
    Method(&'static str),
    Header(&'static str),
}

impl Why {
    fn matches(self, refusal: Option<&Refusal>) -> bool {
        match (self, refusal) {
            (Why::Nothing, None) => true,
            (Why::OriginNotAllowed, Some(Refusal::OriginNotAllowed)) => true,
            (Why::OriginNotCanonical, Some(Refusal::OriginNotCanonical)) => true,
            (Why::Method(m), Some(Refusal::MethodNotAllowed(token))) => *token == m,
            (Why::Header(h), Some(Refusal::HeaderNotAllowed(token))) => *token == h,
            _ => false,
        }
    }
}

struct Row {
    name: &'static str,
    policy: fn() -> CorsLayer,
    request: fn() -> Request<String>,
    kind: Kind,
    why: Why,
    status: u16,
    /// Every `Access-Control-*` line of the response, exactly.
    cors: &'static [(&'static str, &'static str)],
    /// Every `Vary` item, lowercase, in order.
    vary: &'static [&'static str],
}

const ACAO: &str = "access-control-allow-origin";
const ACAC: &str = "access-control-allow-credentials";
const ACAM: &str = "access-control-allow-methods";
const ACAH: &str = "access-control-allow-headers";
const ACEH: &str = "access-control-expose-headers";
const ACMA: &str = "access-control-max-age";
const ORIGIN: &[&str] = &["origin"];
const NO_VARY: &[&str] = &[];
const ECHO_VARY: &[&str] = &[
    "origin",
    "access-control-request-method",
    "access-control-request-headers",
];

/// Checks one row through `evaluate` and through the service; returns
/// what went wrong.
async fn check(row: &Row) -> Vec<String> {
    let mut errors = Vec::new();
    let mut expect = |ok: bool, what: String| {
        if !ok {
            errors.push(format!("[{}] {what}", row.name));
        }
    };
    let layer = (row.policy)();
    let expected_cors = expected(row.cors);

    // The pure decision.
    let decision = decide(&layer, (row.request)());
    let kind = match &decision {
        Decision::NotCors(_) => Kind::NotCors,
        Decision::Preflight(_) => Kind::Preflight,
        Decision::Allowed(_) => Kind::Allowed,
        Decision::Refused { .. } => Kind::Refused,
        _ => unreachable!("unknown decision {decision:?}"),
    };
    expect(
        kind == row.kind,
        format!("decision {kind:?}, expected {:?}", row.kind),
    );
    expect(
        row.why.matches(decision.refusal()),
        format!("refusal {:?}, expected {:?}", decision.refusal(), row.why),
    );
    expect(
        decision.is_allowed() == matches!(row.why, Why::Nothing),
        format!("is_allowed() is {}", decision.is_allowed()),
    );
    if let Decision::Preflight(answer) = &decision {
        expect(
            answer.status().as_u16() == row.status,
            format!("evaluate: preflight status {}", answer.status()),
        );
        let got = cors_headers(answer.headers());
        expect(
            got == expected_cors,
            format!("evaluate: preflight CORS headers {got:?}, expected {expected_cors:?}"),
        );
    }

    // The service.
    let out = send_ok(&layer, (row.request)()).await;
    expect(
        out.status().as_u16() == row.status,
        format!("status {}, expected {}", out.status(), row.status),
    );
    let inner_expected = row.kind != Kind::Preflight;
    expect(
        out.calls == usize::from(inner_expected),
        format!("inner service called {} times", out.calls),
    );
    let got = out.cors_headers();
    expect(
        got == expected_cors,
        format!("CORS headers {got:?}, expected {expected_cors:?}"),
    );
    let vary = out.vary();
    expect(
        vary == row.vary,
        format!("Vary {vary:?}, expected {:?}", row.vary),
    );
    if row.kind == Kind::Preflight {
        expect(
            out.body().is_empty(),
            format!("preflight body {:?}", out.body()),
        );
        // RFC 9110, section 8.6: a 204 carries no `Content-Length`; any
        // other answer says its body is empty.
        let length: &[&str] = if row.status == 204 { &[] } else { &["0"] };
        expect(
            out.all(header::CONTENT_LENGTH) == length,
            format!(
                "preflight Content-Length {:?}, expected {length:?}",
                out.all(header::CONTENT_LENGTH)
            ),
        );
    } else {
        expect(
            out.body() == INNER_BODY,
            format!("body {:?} is not the inner service's", out.body()),
        );
    }
    errors
}

async fn run(rows: &[Row]) {
    let mut errors = Vec::new();
    for row in rows {
        errors.extend(check(row).await);
    }
    assert!(errors.is_empty(), "\n{}", errors.join("\n"));
}

// ---------------------------------------------------------------------------
// Section 1: which request is which
// ---------------------------------------------------------------------------

#[tokio::test]
async fn section_1_request_kinds() {
    run(&[
        Row {
            name: "GET without Origin is not CORS",
            policy: listed_credentials,
            request: || request("GET", None, &[]),
            kind: Kind::NotCors,
            why: Why::Nothing,
            status: 200,
            cors: &[],
            vary: ORIGIN,
        },
        Row {
            name: "OPTIONS without Origin nor ACRM reaches the inner service",
            policy: listed_credentials,
            request: || request("OPTIONS", None, &[]),
            kind: Kind::NotCors,
            why: Why::Nothing,
            status: 200,
            cors: &[],
            vary: ORIGIN,
        },
        Row {
            name: "OPTIONS with ACRM but no Origin is not a preflight",
            policy: listed_credentials,
            request: || request("OPTIONS", None, &[("access-control-request-method", "PUT")]),
            kind: Kind::NotCors,
            why: Why::Nothing,
            status: 200,
            cors: &[],
            vary: ORIGIN,
        },
        Row {
            name: "OPTIONS with Origin but no ACRM is a CORS request",
            policy: listed_credentials,
            request: || cors("OPTIONS", APP),
            kind: Kind::Allowed,
            why: Why::Nothing,
            status: 200,
            cors: &[
                (ACAO, APP),
                (ACAC, "true"),
                (ACEH, "x-request-id, x-total-count"),
            ],
            vary: ORIGIN,
        },
        Row {
            name: "OPTIONS with Origin and ACRM is a preflight",
            policy: listed_credentials,
            request: || preflight(APP, "DELETE", None),
            kind: Kind::Preflight,
            why: Why::Nothing,
            status: 204,
            cors: &[
                (ACAO, APP),
                (ACAC, "true"),
                (ACAM, "PUT, DELETE"),
                (ACAH, "content-type, x-api-key"),
                (ACMA, "600"),
            ],
            vary: ORIGIN,
        },
        Row {
            name: "DELETE with Origin is a CORS request",
            policy: listed_credentials,
            request: || cors("DELETE", APP),
            kind: Kind::Allowed,
            why: Why::Nothing,
            status: 200,
            cors: &[
                (ACAO, APP),
                (ACAC, "true"),
                (ACEH, "x-request-id, x-total-count"),
            ],
            vary: ORIGIN,
        },
        Row {
            name: "lowercase `options` with Origin and ACRM is a CORS request, not a preflight",
            policy: listed_credentials,
            request: || {
                request(
                    "options",
                    Some(APP),
                    &[("access-control-request-method", "PUT")],
                )
            },
            kind: Kind::Allowed,
            why: Why::Nothing,
            status: 200,
            cors: &[
                (ACAO, APP),
                (ACAC, "true"),
                (ACEH, "x-request-id, x-total-count"),
            ],
            vary: ORIGIN,
        },
        Row {
            name: "two Origin lines, each allowed alone, are refused",
            policy: listed_credentials,
            request: || request("GET", Some(APP), &[("origin", APP)]),
            kind: Kind::Refused,
            why: Why::OriginNotCanonical,
            status: 200,
            cors: &[],
            vary: ORIGIN,
        },
        Row {
            name: "GET with ACRM but not OPTIONS is a CORS request",
            policy: listed_plain,
            request: || {
                request(
                    "GET",
                    Some(APP),
                    &[("access-control-request-method", "PUT")],
                )
            },
            kind: Kind::Allowed,
            why: Why::Nothing,
            status: 200,
            cors: &[(ACAO, APP)],
            vary: ORIGIN,
        },
    ])
    .await;
}

// ---------------------------------------------------------------------------
// Section 3: preflight responses
// ---------------------------------------------------------------------------

#[tokio::test]
async fn section_3_allowed_preflights() {
    run(&[
        Row {
            name: "allowed preflight with credentials: every header",
            policy: listed_credentials,
            request: || preflight(APP, "PUT", Some("content-type,x-api-key")),
            kind: Kind::Preflight,
            why: Why::Nothing,
            status: 204,
            cors: &[
                (ACAO, APP),
                (ACAC, "true"),
                (ACAM, "PUT, DELETE"),
                (ACAH, "content-type, x-api-key"),
                (ACMA, "600"),
            ],
            vary: ORIGIN,
        },
        Row {
            name: "subdomain-wildcard origin is reflected",
            policy: listed_credentials,
            request: || preflight(PREVIEW, "DELETE", Some("x-api-key")),
            kind: Kind::Preflight,
            why: Why::Nothing,
            status: 204,
            cors: &[
                (ACAO, PREVIEW),
                (ACAC, "true"),
                (ACAM, "PUT, DELETE"),
                (ACAH, "content-type, x-api-key"),
                (ACMA, "600"),
            ],
            vary: ORIGIN,
        },
        Row {
            name: "without credentials: no ACAC, no max-age",
            policy: listed_plain,
            request: || preflight(APP, "PUT", Some("x-api-key")),
            kind: Kind::Preflight,
            why: Why::Nothing,
            status: 204,
            cors: &[(ACAO, APP), (ACAM, "PUT"), (ACAH, "x-api-key")],
            vary: ORIGIN,
        },
        Row {
            name: "safelisted method passes without being listed",
            policy: listed_plain,
            request: || preflight(APP, "POST", None),
            kind: Kind::Preflight,
            why: Why::Nothing,
            status: 204,
            cors: &[(ACAO, APP), (ACAM, "PUT"), (ACAH, "x-api-key")],
            vary: ORIGIN,
        },
        Row {
            name: "any origin/method/header without credentials: `*` everywhere, no Vary",
            policy: public,
            request: || preflight(APP, "DELETE", Some("x-foo,content-type")),
            kind: Kind::Preflight,
            why: Why::Nothing,
            status: 204,
            cors: &[(ACAO, "*"), (ACAM, "*"), (ACAH, "*"), (ACMA, "0")],
            vary: NO_VARY,
        },
        Row {
            name: "`*` headers never cover authorization",
            policy: public,
            request: || preflight(APP, "DELETE", Some("authorization")),
            kind: Kind::Preflight,
            why: Why::Header("authorization"),
            status: 204,
            cors: &[(ACAO, "*"), (ACAM, "*"), (ACAH, "*"), (ACMA, "0")],
            vary: NO_VARY,
        },
        Row {
            name: "any header plus listed authorization: `*, authorization`",
            policy: public_with_authorization,
            request: || preflight(EVIL, "DELETE", Some("authorization,x-foo")),
            kind: Kind::Preflight,
            why: Why::Nothing,
            status: 204,
            cors: &[
                (ACAO, "*"),
                (ACAM, "GET, DELETE"),
                (ACAH, "*, authorization"),
            ],
            vary: NO_VARY,
        },
        Row {
            name: "permissive preflight",
            policy: permissive,
            request: || preflight(EVIL, "PATCH", Some("x-foo")),
            kind: Kind::Preflight,
            why: Why::Nothing,
            status: 204,
            cors: &[(ACAO, "*"), (ACAM, "*"), (ACAH, "*")],
            vary: NO_VARY,
        },
        Row {
            name: "credentials + any method/header: echoed",
            policy: echo,
            request: || preflight(APP, "PROPFIND", Some("authorization,x-foo")),
            kind: Kind::Preflight,
            why: Why::Nothing,
            status: 204,
            cors: &[
                (ACAO, APP),
                (ACAC, "true"),
                (ACAM, "PROPFIND"),
                (ACAH, "authorization,x-foo"),
            ],
            vary: ECHO_VARY,
        },
        Row {
            name: "credentials + any header, no ACRH: no ACAH",
            policy: echo,
            request: || preflight(APP, "patch", None),
            kind: Kind::Preflight,
            why: Why::Nothing,
            status: 204,
            cors: &[(ACAO, APP), (ACAC, "true"), (ACAM, "patch")],
            vary: ECHO_VARY,
        },
        Row {
            name: "any origin with credentials (opted in): preflight reflects",
            policy: reflect_any,
            request: || preflight(EVIL, "PUT", None),
            kind: Kind::Preflight,
            why: Why::Nothing,
            status: 204,
            cors: &[(ACAO, EVIL), (ACAC, "true"), (ACAM, "PUT")],
            vary: ORIGIN,
        },
        Row {
            name: "preflight_status(200)",
            policy: status_200,
            request: || preflight(APP, "GET", None),
            kind: Kind::Preflight,
            why: Why::Nothing,
            status: 200,
            cors: &[(ACAO, APP)],
            vary: ORIGIN,
        },
    ])
    .await;
}

#[tokio::test]
async fn section_3_failed_preflights() {
    run(&[
        Row {
            name: "refused origin: 403, no Access-Control-*, Vary",
            policy: listed_credentials,
            request: || preflight(EVIL, "PUT", Some("x-api-key")),
            kind: Kind::Preflight,
            why: Why::OriginNotAllowed,
            status: 403,
            cors: &[],
            vary: ORIGIN,
        },
        Row {
            name: "refused origin with echo: 403, Vary names all three",
            policy: echo,
            request: || preflight(EVIL, "PUT", Some("x-api-key")),
            kind: Kind::Preflight,
            why: Why::OriginNotAllowed,
            status: 403,
            cors: &[],
            vary: ECHO_VARY,
        },
        Row {
            name: "refused origin on a 200-status policy is still 403",
            policy: status_200,
            request: || preflight(EVIL, "GET", None),
            kind: Kind::Preflight,
            why: Why::OriginNotAllowed,
            status: 403,
            cors: &[],
            vary: ORIGIN,
        },
        Row {
            name: "method not allowed: 2xx with the full lists",
            policy: listed_credentials,
            request: || preflight(APP, "PATCH", Some("x-api-key")),
            kind: Kind::Preflight,
            why: Why::Method("PATCH"),
            status: 204,
            cors: &[
                (ACAO, APP),
                (ACAC, "true"),
                (ACAM, "PUT, DELETE"),
                (ACAH, "content-type, x-api-key"),
                (ACMA, "600"),
            ],
            vary: ORIGIN,
        },
        Row {
            name: "header not allowed: 2xx with the full lists",
            policy: listed_credentials,
            request: || preflight(APP, "PUT", Some("x-api-key,x-foo")),
            kind: Kind::Preflight,
            why: Why::Header("x-foo"),
            status: 204,
            cors: &[
                (ACAO, APP),
                (ACAC, "true"),
                (ACAM, "PUT, DELETE"),
                (ACAH, "content-type, x-api-key"),
                (ACMA, "600"),
            ],
            vary: ORIGIN,
        },
        Row {
            name: "header not allowed, no credentials",
            policy: listed_plain,
            request: || preflight(APP, "PUT", Some("x-foo")),
            kind: Kind::Preflight,
            why: Why::Header("x-foo"),
            status: 204,
            cors: &[(ACAO, APP), (ACAM, "PUT"), (ACAH, "x-api-key")],
            vary: ORIGIN,
        },
    ])
    .await;
}

// ---------------------------------------------------------------------------
// Section 4: actual responses
// ---------------------------------------------------------------------------

#[tokio::test]
async fn section_4_actual_requests() {
    run(&[
        Row {
            name: "allowed: ACAO, ACAC, ACEH",
            policy: listed_credentials,
            request: || cors("POST", APP),
            kind: Kind::Allowed,
            why: Why::Nothing,
            status: 200,
            cors: &[
                (ACAO, APP),
                (ACAC, "true"),
                (ACEH, "x-request-id, x-total-count"),
            ],
            vary: ORIGIN,
        },
        Row {
            name: "allowed by wildcard: origin reflected",
            policy: listed_credentials,
            request: || cors("GET", PREVIEW),
            kind: Kind::Allowed,
            why: Why::Nothing,
            status: 200,
            cors: &[
                (ACAO, PREVIEW),
                (ACAC, "true"),
                (ACEH, "x-request-id, x-total-count"),
            ],
            vary: ORIGIN,
        },
        Row {
            name: "allowed without credentials or exposed headers: ACAO only",
            policy: listed_plain,
            request: || cors("GET", APP),
            kind: Kind::Allowed,
            why: Why::Nothing,
            status: 200,
            cors: &[(ACAO, APP)],
            vary: ORIGIN,
        },
        Row {
            name: "refused: no Access-Control-* at all, Vary, inner called",
            policy: listed_credentials,
            request: || cors("GET", EVIL),
            kind: Kind::Refused,
            why: Why::OriginNotAllowed,
            status: 200,
            cors: &[],
            vary: ORIGIN,
        },
        Row {
            name: "refused without credentials",
            policy: listed_plain,
            request: || cors("PUT", EVIL),
            kind: Kind::Refused,
            why: Why::OriginNotAllowed,
            status: 200,
            cors: &[],
            vary: ORIGIN,
        },
        Row {
            name: "any origin: `*` and exposed headers, no Vary",
            policy: public,
            request: || cors("GET", EVIL),
            kind: Kind::Allowed,
            why: Why::Nothing,
            status: 200,
            cors: &[(ACAO, "*"), (ACEH, "x-request-id")],
            vary: NO_VARY,
        },
        Row {
            name: "expose Any without credentials: `*`",
            policy: public_expose_any,
            request: || cors("GET", APP),
            kind: Kind::Allowed,
            why: Why::Nothing,
            status: 200,
            cors: &[(ACAO, "*"), (ACEH, "*")],
            vary: NO_VARY,
        },
        Row {
            name: "echo policy actual request: ACAO and ACAC",
            policy: echo,
            request: || cors("PATCH", APP),
            kind: Kind::Allowed,
            why: Why::Nothing,
            status: 200,
            cors: &[(ACAO, APP), (ACAC, "true")],
            vary: ORIGIN,
        },
        Row {
            name: "any origin with credentials (opted in): reflected",
            policy: reflect_any,
            request: || cors("GET", EVIL),
            kind: Kind::Allowed,
            why: Why::Nothing,
            status: 200,
            cors: &[(ACAO, EVIL), (ACAC, "true")],
            vary: ORIGIN,
        },
        Row {
            name: "any origin with credentials: non-canonical origin refused",
            policy: reflect_any,
            request: || cors("GET", "https://Evil.example.net"),
            kind: Kind::Refused,
            why: Why::OriginNotCanonical,
            status: 200,
            cors: &[],
            vary: ORIGIN,
        },
        Row {
            name: "permissive actual request",
            policy: permissive,
            request: || cors("DELETE", EVIL),
            kind: Kind::Allowed,
            why: Why::Nothing,
            status: 200,
            cors: &[(ACAO, "*"), (ACEH, "*")],
            vary: NO_VARY,
        },
    ])
    .await;
}

// ---------------------------------------------------------------------------
// Section 5: non-CORS responses and caches
// ---------------------------------------------------------------------------

#[tokio::test]
async fn section_5_non_cors_requests() {
    run(&[
        Row {
            name: "listed policy: Vary: Origin only",
            policy: listed_credentials,
            request: || request("POST", None, &[]),
            kind: Kind::NotCors,
            why: Why::Nothing,
            status: 200,
            cors: &[],
            vary: ORIGIN,
        },
        Row {
            name: "echo policy: Vary: Origin only",
            policy: echo,
            request: || request("GET", None, &[]),
            kind: Kind::NotCors,
            why: Why::Nothing,
            status: 200,
            cors: &[],
            vary: ORIGIN,
        },
        Row {
            name: "any origin: the constant answer, no Vary",
            policy: public,
            request: || request("GET", None, &[]),
            kind: Kind::NotCors,
            why: Why::Nothing,
            status: 200,
            cors: &[(ACAO, "*"), (ACEH, "x-request-id")],
            vary: NO_VARY,
        },
        Row {
            name: "any origin with credentials: Vary: Origin only",
            policy: reflect_any,
            request: || request("GET", None, &[]),
            kind: Kind::NotCors,
            why: Why::Nothing,
            status: 200,
            cors: &[],
            vary: ORIGIN,
        },
        Row {
            name: "permissive: ACAO `*`",
            policy: permissive,
            request: || request("GET", None, &[]),
            kind: Kind::NotCors,
            why: Why::Nothing,
            status: 200,
            cors: &[(ACAO, "*"), (ACEH, "*")],
            vary: NO_VARY,
        },
    ])
    .await;
}

// ---------------------------------------------------------------------------
// Focused checks of single rows, through the service
// ---------------------------------------------------------------------------

#[tokio::test]
async fn non_preflight_options_reaches_inner_and_gets_its_status() {
    let layer = listed_credentials();
    let out = send(
        &layer,
        request("OPTIONS", None, &[]),
        Inner::status(StatusCode::OK).header("allow", "GET, OPTIONS"),
    )
    .await;
    assert!(out.inner_called());
    assert_eq!(out.header("allow"), Some("GET, OPTIONS"));
    assert_eq!(out.body(), INNER_BODY);
    out.assert_no_cors_headers();

    let out = send(
        &layer,
        cors("OPTIONS", APP),
        Inner::status(StatusCode::METHOD_NOT_ALLOWED),
    )
    .await;
    assert!(out.inner_called());
    assert_eq!(out.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(out.header(ACAO), Some(APP));
}

#[tokio::test]
async fn preflight_is_answered_without_the_inner_service_whatever_it_would_say() {
    let layer = listed_credentials();
    let out = send(
        &layer,
        preflight(APP, "PUT", None),
        Inner::status(StatusCode::INTERNAL_SERVER_ERROR).header("x-inner", "1"),
    )
    .await;
    assert!(!out.inner_called());
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(out.header("x-inner"), None);
    assert_eq!(out.header(header::CONTENT_LENGTH), None);
    assert_eq!(out.body(), "");
}

#[tokio::test]
async fn credentials_header_is_exactly_true_on_preflight_and_actual() {
    let layer = listed_credentials();
    let pre = send_ok(&layer, preflight(APP, "PUT", None)).await;
    let act = send_ok(&layer, cors("GET", APP)).await;
    for out in [pre, act] {
        let raw = out.headers().get(ACAC).unwrap().as_bytes();
        assert_eq!(raw, b"true");
    }
}

#[test]
fn evaluate_exposes_the_response_headers_of_an_allowed_request() {
    let layer = listed_credentials();
    let Decision::Allowed(headers) = decide(&layer, cors("GET", APP)) else {
        panic!("allowed");
    };
    assert_eq!(headers.allow_origin().unwrap(), APP);
    assert!(headers.allow_credentials());
    assert_eq!(
        headers.expose_headers().unwrap(),
        "x-request-id, x-total-count"
    );
    assert!(headers.varies_on_origin());

    let Decision::Refused {
        reason, headers, ..
    } = decide(&layer, cors("GET", EVIL))
    else {
        panic!("refused");
    };
    assert_eq!(reason, Refusal::OriginNotAllowed);
    assert_eq!(headers.allow_origin(), None);
    assert!(!headers.allow_credentials());
    assert_eq!(headers.expose_headers(), None);
    assert!(headers.varies_on_origin());

    let Decision::NotCors(headers) = decide(&public(), request("GET", None, &[])) else {
        panic!("not CORS");
    };
    assert_eq!(headers.allow_origin().unwrap(), "*");
    assert!(!headers.varies_on_origin());
}

#[test]
fn preflight_into_response_matches_the_decision() {
    let layer = listed_credentials();
    let Decision::Preflight(answer) = decide(&layer, preflight(APP, "PATCH", None)) else {
        panic!("preflight");
    };
    assert!(matches!(answer.refusal(), Some(Refusal::MethodNotAllowed(m)) if *m == "PATCH"));
    let response: http::Response<String> = answer.clone().into_response();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.headers(), answer.headers());
    assert_eq!(response.body(), "");
}

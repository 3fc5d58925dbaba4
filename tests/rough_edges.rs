//! Rough edges: places where the crate once answered a reasonable input
//! with a confusing or wrong message. One section per rough edge; each test
//! asserts the exact text a user sees, through the public API.

use http::header;
use tower_cors::{Any, CorsLayer, Problem};

/// The whole error `build()` returns for a policy of the one origin
/// `origin`, as the user reads it.
fn build_error(origin: &str) -> String {
    CorsLayer::builder()
        .allow_origin(origin)
        .build()
        .unwrap_err()
        .to_string()
}

/// Whether a policy of the one origin `origin` builds, so that a suggested
/// fix is checked to be one.
fn builds(origin: &str) -> bool {
    CorsLayer::builder().allow_origin(origin).build().is_ok()
}

// ---------------------------------------------------------------------------
// A fix suggestion keeps the pattern's wildcards. `http://localhost:*/` was
// told to write `http://localhost`, which allows only port 80; a `*.` host
// and a `:*` port must survive the repair.
// ---------------------------------------------------------------------------

#[test]
fn trailing_slash_after_a_port_wildcard_keeps_the_wildcard() {
    assert_eq!(
        build_error("http://localhost:*/"),
        "invalid CORS configuration: origin `http://localhost:*/` has a trailing slash: \
         write `http://localhost:*`"
    );
    assert!(builds("http://localhost:*"));
}

#[test]
fn path_after_a_port_wildcard_keeps_the_wildcard() {
    assert_eq!(
        build_error("http://localhost:*/api"),
        "invalid CORS configuration: origin `http://localhost:*/api` has a path, query or \
         fragment, which an origin never has: write `http://localhost:*`"
    );
}

#[test]
fn trailing_slash_after_a_subdomain_wildcard_keeps_the_wildcard() {
    assert_eq!(
        build_error("https://*.example.com/"),
        "invalid CORS configuration: origin `https://*.example.com/` has a trailing slash: \
         write `https://*.example.com`"
    );
    assert!(builds("https://*.example.com"));
}

#[test]
fn upper_case_pattern_with_a_port_wildcard_is_lowercased_and_keeps_it() {
    assert_eq!(
        build_error("HTTP://LOCALHOST:*/"),
        "invalid CORS configuration: origin `HTTP://LOCALHOST:*/` has a trailing slash: \
         write `http://localhost:*`"
    );
}

#[test]
fn missing_scheme_keeps_both_wildcards() {
    assert_eq!(
        build_error("*.example.com:*"),
        "invalid CORS configuration: origin `*.example.com:*` has no scheme: \
         write `https://*.example.com:*`"
    );
    assert!(builds("https://*.example.com:*"));
}

#[test]
fn ipv6_host_with_a_port_wildcard_keeps_it() {
    assert_eq!(
        build_error("http://[::1]:*/"),
        "invalid CORS configuration: origin `http://[::1]:*/` has a trailing slash: \
         write `http://[::1]:*`"
    );
    assert!(builds("http://[::1]:*"));
}

#[test]
fn default_port_on_a_subdomain_wildcard_keeps_the_wildcard() {
    assert_eq!(
        build_error("https://*.example.com:443"),
        "invalid CORS configuration: origin `https://*.example.com:443` names the scheme's \
         default port, which browsers omit: write `https://*.example.com`"
    );
}

#[test]
fn credentials_over_http_fix_keeps_both_wildcards() {
    let error = CorsLayer::builder()
        .allow_origin("http://*.example.com:*")
        .allow_credentials(true)
        .build()
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "invalid CORS configuration: credentials with `http://*.example.com:*`: plain http can \
         be forged by anyone on the network; write `https://*.example.com:*`, or call \
         `dangerously_allow_credentials_over_http(true)`"
    );
}

// --- `Any` beside a list means one thing everywhere: an error, because the
// list would be ignored. (`authorization` beside `allow_headers(Any)` is
// not ignored: `*` never covers it.)

#[test]
fn any_with_a_list_is_refused_for_every_list() {
    let with = |builder: tower_cors::CorsBuilder| {
        builder
            .allow_origin("https://app.example.com")
            .build()
            .unwrap_err()
            .into_problems()
    };
    let methods = with(CorsLayer::builder().allow_methods(Any).allow_methods("PUT"));
    assert!(
        matches!(
            methods.as_slice(),
            [Problem::AnyWithList { setting: "allow_methods", listed, .. }] if listed == "`PUT`"
        ),
        "{methods:?}"
    );
    let exposed = with(
        CorsLayer::builder()
            .expose_headers(Any)
            .expose_headers(["x-request-id", "x-trace"]),
    );
    assert!(
        matches!(
            exposed.as_slice(),
            [Problem::AnyWithList { setting: "expose_headers", listed, .. }]
                if listed == "`x-request-id`, `x-trace`"
        ),
        "{exposed:?}"
    );
    let allowed = with(
        CorsLayer::builder()
            .allow_headers(Any)
            .allow_headers("x-api-key"),
    );
    assert!(
        matches!(
            allowed.as_slice(),
            [Problem::AnyWithList { setting: "allow_headers", listed, .. }] if listed == "`x-api-key`"
        ),
        "{allowed:?}"
    );
    let origins = CorsLayer::builder()
        .allow_origin(Any)
        .allow_origin("https://app.example.com")
        .build()
        .unwrap_err();
    assert_eq!(origins.problems(), [Problem::AnyOriginWithList]);
    let message = with(
        CorsLayer::builder()
            .expose_headers(Any)
            .expose_headers("x-a"),
    )
    .remove(0);
    assert_eq!(
        message.to_string(),
        "`expose_headers(Any)` together with `x-a`: `Any` already covers them, so the list \
         would be ignored; keep one or the other"
    );
}

#[test]
fn authorization_beside_any_header_still_builds_and_is_allowed() {
    let cors = CorsLayer::builder()
        .allow_origin("https://app.example.com")
        .allow_headers(Any)
        .allow_headers("Authorization")
        .build()
        .unwrap();
    let (parts, ()) = http::Request::options("/")
        .header(header::ORIGIN, "https://app.example.com")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization,x-anything",
        )
        .body(())
        .unwrap()
        .into_parts();
    let decision = cors.policy().evaluate(&parts);
    let tower_cors::Decision::Preflight(answer) = decision else {
        panic!("a preflight: {decision}");
    };
    assert_eq!(answer.refusal(), None);
    assert_eq!(
        answer.headers()[header::ACCESS_CONTROL_ALLOW_HEADERS],
        "*, authorization"
    );
}

// --- The `dangerously_*` opt-ins take a `bool`, as `allow_credentials`
// does: `false` keeps the check, `true` lifts it, the last call wins.

#[test]
fn dangerous_opt_ins_take_a_bool() {
    let null = |allow: bool| {
        CorsLayer::builder()
            .allow_origin("null")
            .dangerously_allow_null_origin(allow)
            .build()
    };
    assert_eq!(
        null(false).unwrap_err().problems(),
        [Problem::NullOriginWithoutOptIn]
    );
    assert!(null(true).is_ok());

    let over_http = |allow: bool| {
        CorsLayer::builder()
            .allow_origin("http://intranet.example.com")
            .allow_credentials(true)
            .dangerously_allow_credentials_over_http(allow)
            .build()
    };
    assert!(matches!(
        over_http(false).unwrap_err().problems(),
        [Problem::CredentialsOverHttp { .. }]
    ));
    assert!(over_http(true).is_ok());

    let any = |allow: bool| {
        CorsLayer::builder()
            .allow_origin(Any)
            .allow_credentials(true)
            .dangerously_allow_credentials_for_any_origin(allow)
            .build()
    };
    assert_eq!(
        any(false).unwrap_err().problems(),
        [Problem::CredentialsWithAnyOrigin]
    );
    assert!(any(true).is_ok());

    let suffix = |allow: bool| {
        CorsLayer::builder()
            .allow_origin("https://*.github.io")
            .allow_credentials(true)
            .dangerously_allow_credentials_for_public_suffix_wildcards(allow)
            .build()
    };
    assert!(matches!(
        suffix(false).unwrap_err().problems(),
        [Problem::CredentialsWithPublicSuffixWildcard { .. }]
    ));
    assert!(suffix(true).is_ok());

    // The last call wins, as with `allow_credentials`.
    let undone = CorsLayer::builder()
        .allow_origin("null")
        .dangerously_allow_null_origin(true)
        .dangerously_allow_null_origin(false)
        .build();
    assert_eq!(
        undone.unwrap_err().problems(),
        [Problem::NullOriginWithoutOptIn]
    );
}

#[cfg(feature = "regex")]
#[test]
fn the_private_address_opt_in_takes_a_bool() {
    let lab = |allow: bool| {
        CorsLayer::builder()
            .allow_origin_regex(r"https://192\.168\.1\.\d{1,3}")
            .allow_credentials(true)
            .dangerously_allow_credentials_for_private_addresses(allow)
            .build()
    };
    assert!(matches!(
        lab(false).unwrap_err().problems(),
        [Problem::CredentialsWithPrivateAddressRegex { .. }]
    ));
    assert!(lab(true).is_ok());
}

// --- `CorsConfig` has one schema in every build: a regex without the
// `regex` feature is a clear problem, not an unknown field.

#[cfg(feature = "serde")]
#[test]
fn a_config_with_regexes_reads_the_same_in_every_build() {
    let config: tower_cors::CorsConfig = serde_json::from_str(
        r#"{ "allow_origins": ["https://app.example.com"],
             "allow_origin_regexes": ["https://pr-[0-9]+\\.preview\\.example\\.com"] }"#,
    )
    .expect("the field is known in every build");
    let built = config.build();
    #[cfg(feature = "regex")]
    assert!(built.is_ok(), "{built:?}");
    #[cfg(not(feature = "regex"))]
    {
        let problems = built.unwrap_err().into_problems();
        assert!(
            matches!(
                problems.as_slice(),
                [Problem::RegexFeatureDisabled { pattern, .. }]
                    if pattern == r"https://pr-[0-9]+\.preview\.example\.com"
            ),
            "{problems:?}"
        );
        assert!(problems[0]
            .to_string()
            .contains("needs the `regex` feature"));
    }
}

#[cfg(all(feature = "serde", not(feature = "regex")))]
#[test]
fn a_config_of_regexes_alone_is_not_told_it_has_no_origin() {
    let config: tower_cors::CorsConfig =
        serde_json::from_str(r#"{ "allow_origin_regexes": ["https://pr-[0-9]+\\.x\\.com"] }"#)
            .expect("the field is known in every build");
    let problems = config.build().unwrap_err().into_problems();
    assert!(
        matches!(problems.as_slice(), [Problem::RegexFeatureDisabled { .. }]),
        "{problems:?}"
    );
}

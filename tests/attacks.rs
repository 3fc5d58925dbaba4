//! The attack catalogue: every known class of CORS-misconfiguration exploit,
//! tried against policies a user would plausibly write. Each row is refused
//! either when the policy is built (the problem named) or when the request
//! arrives (no `Access-Control-Allow-Origin`, and no other
//! `Access-Control-*` header), as docs/behaviour.md §2.5, §3.4 and §4 say.

use http::{header, HeaderValue, Method, Request};
use tower_cors::{Any, CorsBuilder, CorsLayer, Decision, Problem, Refusal};

/// A policy a user might write, and the attacker's `Origin` against it.
struct Attack {
    name: &'static str,
    policy: fn() -> CorsBuilder,
    /// The attacker's `Origin` values, as raw bytes, each sent in a
    /// request of its own.
    origins: &'static [&'static [u8]],
    /// Whether the attack comes as a preflight.
    preflight: bool,
}

fn credentialed(origins: &[&str]) -> CorsBuilder {
    CorsLayer::builder()
        .allow_origin(origins.to_vec())
        .allow_methods([Method::GET, Method::PUT])
        .allow_credentials(true)
}

static REQUEST_TIME: &[Attack] = &[
    Attack {
        name: "suffix confusion: the allowed origin as a prefix of the attacker's host",
        policy: || credentialed(&["https://example.com"]),
        origins: &[b"https://example.com.evil.net"],
        preflight: false,
    },
    Attack {
        name: "prefix confusion: the allowed domain as the attacker's suffix",
        policy: || credentialed(&["https://example.com"]),
        origins: &[b"https://evilexample.com"],
        preflight: true,
    },
    Attack {
        name: "TLD extension",
        policy: || credentialed(&["https://example.com"]),
        origins: &[b"https://example.computer"],
        preflight: false,
    },
    Attack {
        name: "subdomain wildcard vs a lookalike registrable domain",
        policy: || credentialed(&["https://*.example.com"]),
        origins: &[b"https://evil-example.com"],
        preflight: false,
    },
    Attack {
        name: "subdomain wildcard vs the domain as a prefix",
        policy: || credentialed(&["https://*.example.com"]),
        origins: &[b"https://app.example.com.evil.net"],
        preflight: true,
    },
    Attack {
        name: "subdomain wildcard never matches the apex",
        policy: || credentialed(&["https://*.example.com"]),
        origins: &[b"https://example.com"],
        preflight: false,
    },
    Attack {
        name: "regex matched as a substring",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://[a-z]+\.example\.com")
                .allow_credentials(true)
        },
        origins: &[
            b"https://app.example.com.evil.net",
            b"https://evil.net/https://a.example.com",
        ],
        preflight: false,
    },
    Attack {
        name: "null from a sandboxed iframe or a file: page",
        policy: || credentialed(&["https://app.example.com"]),
        origins: &[b"null"],
        preflight: true,
    },
    Attack {
        name: "http downgrade of an https origin",
        policy: || credentialed(&["https://app.example.com"]),
        origins: &[b"http://app.example.com"],
        preflight: false,
    },
    Attack {
        name: "explicit default port",
        policy: || credentialed(&["https://app.example.com"]),
        origins: &[b"https://app.example.com:443"],
        preflight: false,
    },
    Attack {
        name: "case games",
        policy: || credentialed(&["https://app.example.com"]),
        origins: &[b"https://APP.example.com", b"HTTPS://app.example.com"],
        preflight: false,
    },
    Attack {
        name: "trailing slash, path, trailing dot",
        policy: || credentialed(&["https://app.example.com"]),
        origins: &[
            b"https://app.example.com/",
            b"https://app.example.com/x",
            b"https://app.example.com.",
        ],
        preflight: false,
    },
    Attack {
        name: "surrounding white space",
        policy: || credentialed(&["https://app.example.com"]),
        origins: &[b"https://app.example.com\t", b"\thttps://app.example.com"],
        preflight: false,
    },
    Attack {
        name: "two origins in one line",
        policy: || credentialed(&["https://app.example.com"]),
        origins: &[b"https://app.example.com https://evil.net"],
        preflight: false,
    },
    Attack {
        name: "absurdly long Origin",
        policy: || credentialed(&["https://*.example.com"]),
        origins: &[&LONG_ORIGIN],
        preflight: true,
    },
    Attack {
        name: "Unicode lookalike host, raw UTF-8",
        policy: || credentialed(&["https://apple.example.com"]),
        origins: &["https://аpple.example.com".as_bytes()],
        preflight: false,
    },
    Attack {
        name: "Unicode lookalike host, punycode",
        policy: || credentialed(&["https://apple.example.com"]),
        origins: &[b"https://xn--pple-43d.example.com"],
        preflight: false,
    },
    Attack {
        name: "non-UTF-8 bytes",
        policy: || credentialed(&["https://*.example.com"]),
        origins: &[b"https://\xff.example.com"],
        preflight: false,
    },
    Attack {
        name: "port confusion on an exact origin",
        policy: || credentialed(&["http://localhost:3000"]),
        origins: &[b"http://localhost:30000", b"http://localhost"],
        preflight: false,
    },
    Attack {
        name: "a stranger's bucket under an exact bucket origin",
        policy: || credentialed(&["https://acme.s3.amazonaws.com"]),
        origins: &[b"https://attacker.s3.amazonaws.com"],
        preflight: true,
    },
    Attack {
        name: "100 regexes on Unicode classes vs a hostile 63-letter origin",
        policy: || {
            (0..100).fold(CorsLayer::builder(), |b, n| {
                b.allow_origin_regex(format!(r"https://\w+-{n}\.\w+\.example\.com"))
            })
        },
        origins: &[
            b"https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com",
            b"https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-100.x.example.com",
        ],
        preflight: false,
    },
    Attack {
        name: "userinfo trick",
        policy: || credentialed(&["https://app.example.com"]),
        origins: &[b"https://app.example.com@evil.net"],
        preflight: false,
    },
];

/// A 100 KiB origin that is otherwise a match for `https://*.example.com`.
static LONG_ORIGIN: [u8; 100 * 1024] = {
    const N: usize = 100 * 1024;
    let mut b = [b'a'; N];
    let prefix = b"https://";
    let suffix = b".example.com";
    let mut i = 0;
    while i < prefix.len() {
        b[i] = prefix[i];
        i += 1;
    }
    let mut j = 0;
    while j < suffix.len() {
        b[N - suffix.len() + j] = suffix[j];
        j += 1;
    }
    b
};

/// A request carrying each of `origins` as an `Origin` line of its own.
fn attack_request(preflight: bool, origins: &[&[u8]]) -> Request<()> {
    let mut request = Request::new(());
    if preflight {
        *request.method_mut() = Method::OPTIONS;
        request.headers_mut().insert(
            header::ACCESS_CONTROL_REQUEST_METHOD,
            HeaderValue::from_static("PUT"),
        );
    }
    for origin in origins {
        let value = HeaderValue::from_bytes(origin).expect("a header value http accepts");
        request.headers_mut().append(header::ORIGIN, value);
    }
    request
}

/// The answer's headers, after checking that the request was refused.
fn refused_headers(name: &str, layer: &CorsLayer, request: Request<()>) -> http::HeaderMap {
    let (parts, ()) = request.into_parts();
    let decision = layer.policy().evaluate(&parts);
    assert!(
        matches!(
            decision.refusal(),
            Some(Refusal::OriginNotAllowed | Refusal::OriginNotCanonical)
        ),
        "{name}: {decision:?}"
    );
    match decision {
        Decision::Preflight(answer) => {
            assert_eq!(answer.status(), http::StatusCode::FORBIDDEN, "{name}");
            answer.headers().clone()
        }
        Decision::Refused { headers, .. } => {
            let mut map = http::HeaderMap::new();
            headers.apply(&mut map);
            map
        }
        other => panic!("{name}: {other:?}"),
    }
}

fn assert_no_cors_headers(name: &str, headers: &http::HeaderMap) {
    let cors: Vec<_> = headers
        .keys()
        .filter(|k| k.as_str().starts_with("access-control-"))
        .collect();
    assert!(cors.is_empty(), "{name}: sends {cors:?}");
    assert!(
        headers
            .get_all(header::VARY)
            .iter()
            .any(|v| v.to_str().unwrap().contains("Origin")),
        "{name}: no Vary: Origin"
    );
}

#[test]
fn request_time_attacks_are_refused() {
    for attack in REQUEST_TIME {
        let layer = (attack.policy)()
            .build()
            .unwrap_or_else(|e| panic!("{}: the policy should build: {e}", attack.name));
        for origin in attack.origins {
            let name = format!("{}: {}", attack.name, String::from_utf8_lossy(origin));
            let request = attack_request(attack.preflight, &[origin]);
            let headers = refused_headers(&name, &layer, request);
            assert_no_cors_headers(&name, &headers);
        }
    }
}

#[test]
fn two_origin_lines_are_refused_even_when_each_is_allowed() {
    let layer = credentialed(&["https://app.example.com", "https://b.example.com"])
        .build()
        .unwrap();
    let origins: [&[u8]; 2] = [b"https://app.example.com", b"https://b.example.com"];
    for origin in origins {
        let alone = attack_request(false, &[origin]);
        assert!(layer.policy().evaluate(&alone.into_parts().0).is_allowed());
    }
    for preflight in [false, true] {
        let request = attack_request(preflight, &origins);
        let headers = refused_headers("two Origin lines", &layer, request);
        assert_no_cors_headers("two Origin lines", &headers);
    }
}

/// Bytes no `Origin` can carry: `http` refuses them before any layer runs
/// (hyper too, since it builds the same `HeaderValue`).
#[test]
fn crlf_and_nul_cannot_reach_the_layer() {
    for bad in [
        &b"https://app.example.com\r\nAccess-Control-Allow-Origin: *"[..],
        b"https://app.example.com\0.evil.net",
        b"https://app.example.com\n",
    ] {
        assert!(HeaderValue::from_bytes(bad).is_err(), "{bad:?}");
    }
}

/// A configuration a user might write, and the problem `build` must name.
struct Misconfiguration {
    name: &'static str,
    policy: fn() -> CorsBuilder,
    problem: fn(&Problem) -> bool,
}

const BUILD_TIME: &[Misconfiguration] = &[
    Misconfiguration {
        name: "credentials with any origin (reflect everything)",
        policy: || {
            CorsLayer::builder()
                .allow_origin(Any)
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithAnyOrigin),
    },
    Misconfiguration {
        name: "`*` in the origin list",
        policy: || CorsLayer::builder().allow_origin(["https://a.example.com", "*"]),
        problem: |p| matches!(p, Problem::WildcardInOriginList),
    },
    Misconfiguration {
        name: "null without its opt-in",
        policy: || CorsLayer::builder().allow_origin(["https://a.example.com", "null"]),
        problem: |p| matches!(p, Problem::NullOriginWithoutOptIn),
    },
    Misconfiguration {
        name: "credentials over plain http",
        policy: || credentialed(&["http://app.example.com"]),
        problem: |p| matches!(p, Problem::CredentialsOverHttp { .. }),
    },
    Misconfiguration {
        name: "credentialed wildcard over a public suffix: *.github.io",
        policy: || credentialed(&["https://*.github.io"]),
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { .. }),
    },
    Misconfiguration {
        name: "credentialed wildcard over a public suffix: *.co.uk",
        policy: || credentialed(&["https://*.co.uk"]),
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { .. }),
    },
    Misconfiguration {
        name: "credentialed wildcard over a TLD: *.com",
        policy: || credentialed(&["https://*.com"]),
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { .. }),
    },
    Misconfiguration {
        name: "an unescaped dot in a regex",
        policy: || CorsLayer::builder().allow_origin_regex(r"https://app.example\.com"),
        problem: |p| matches!(p, Problem::UnescapedDotInRegex { .. }),
    },
    Misconfiguration {
        name: "a catch-all regex with credentials",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex("https://.*")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithCatchAllRegex { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex over a public suffix, behind a port",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://[a-z0-9-]+\.co\.uk:8443")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { suffix, .. } if suffix == "co.uk"),
    },
    Misconfiguration {
        name: "a credentialed regex over a TLD, with a bounded label",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://[a-z]{2,10}\.com")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { suffix, .. } if suffix == "com"),
    },
    Misconfiguration {
        name: "a credentialed regex over a private public suffix, with a bounded label",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://[a-z]{1,12}\.github\.io")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { suffix, .. } if suffix == "github.io"),
    },
    Misconfiguration {
        name: "a credentialed regex matching any host behind a port",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://[^/]+:\d+")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithCatchAllRegex { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex with an open top-level label",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://[a-z]{1,10}\.[a-z]{2,3}")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithCatchAllRegex { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex that allows http",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https?://app\.example\.com")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithRegexNotHttps { .. }),
    },
    Misconfiguration {
        name: "a credentialed wildcard over nested suffixes: *.amazonaws.com (s3.amazonaws.com)",
        policy: || credentialed(&["https://*.amazonaws.com"]),
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { .. }),
    },
    Misconfiguration {
        name: "a credentialed wildcard over a wildcard rule: *.compute.amazonaws.com",
        policy: || credentialed(&["https://*.compute.amazonaws.com"]),
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { .. }),
    },
    Misconfiguration {
        name: "a credentialed wildcard over nested suffixes: *.windows.net (blob.core.windows.net)",
        policy: || credentialed(&["https://*.windows.net"]),
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { .. }),
    },
    Misconfiguration {
        name: "a credentialed wildcard over nested suffixes: *.core.windows.net",
        policy: || credentialed(&["https://*.core.windows.net"]),
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { .. }),
    },
    Misconfiguration {
        name: "a credentialed wildcard over nested suffixes: *.railway.app (up.railway.app)",
        policy: || credentialed(&["https://*.railway.app"]),
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { .. }),
    },
    Misconfiguration {
        name: "a credentialed wildcard over nested suffixes, behind a port: *.amazonaws.com:*",
        policy: || credentialed(&["https://*.amazonaws.com:*"]),
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { .. }),
    },
    Misconfiguration {
        name: "a credentialed wildcard over an internationalised suffix (punycode)",
        policy: || credentialed(&["https://*.xn--55qx5d.cn"]),
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { .. }),
    },
    Misconfiguration {
        name: "a credentialed wildcard over a suffix the policy declares public",
        policy: || {
            credentialed(&["https://*.github.dev"]).treat_as_public_suffixes(["app.github.dev"])
        },
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { suffix, .. } if suffix == "app.github.dev"),
    },
    Misconfiguration {
        name: "a credentialed regex over any IPv4 address",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://\d{1,3}(\.\d{1,3}){3}")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithIpAddressRegex { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex over digits and dots",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://[0-9.]+")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithIpAddressRegex { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex over IPv4 addresses behind a port",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://(\d+\.){3}\d+:\d+")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithIpAddressRegex { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex over a public /24",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://203\.0\.113\.\d{1,3}")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithIpAddressRegex { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex over an IPv4 host or a named one",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://(app\.example\.com|[0-9.]+)")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithIpAddressRegex { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex over any IPv6 address",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://\[[0-9a-f:]+\]")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithIpAddressRegex { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex over a public IPv6 range",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://\[2001:db8::[0-9a-f]{1,4}\](:\d+)?")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithIpAddressRegex { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex over a private network",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://192\.168\.\d{1,3}\.\d{1,3}")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithPrivateAddressRegex { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex over 10/8 behind a port",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://10(\.\d{1,3}){3}:\d+")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithPrivateAddressRegex { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex over unique-local IPv6",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://\[fd00::[0-9a-f]\]")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithPrivateAddressRegex { .. }),
    },
    Misconfiguration {
        name: "an unescaped dot inside an optional group",
        policy: || CorsLayer::builder().allow_origin_regex(r"https://(www.)?example\.com"),
        problem: |p| matches!(p, Problem::UnescapedDotInRegex { .. }),
    },
    Misconfiguration {
        name: "an unescaped dot inside an alternation",
        policy: || CorsLayer::builder().allow_origin_regex(r"https://(www|shop.)example\.com"),
        problem: |p| matches!(p, Problem::UnescapedDotInRegex { .. }),
    },
    Misconfiguration {
        name: "an unescaped dot after a group",
        policy: || CorsLayer::builder().allow_origin_regex(r"https://(app|api).example\.com"),
        problem: |p| matches!(p, Problem::UnescapedDotInRegex { .. }),
    },
    Misconfiguration {
        name: "an unescaped dot leading an optional label",
        policy: || CorsLayer::builder().allow_origin_regex(r"https://app(.staging)?\.example\.com"),
        problem: |p| matches!(p, Problem::UnescapedDotInRegex { .. }),
    },
    Misconfiguration {
        name: "an unescaped dot in a repeated group",
        policy: || CorsLayer::builder().allow_origin_regex(r"https://(a.)+example\.com"),
        problem: |p| matches!(p, Problem::UnescapedDotInRegex { .. }),
    },
    Misconfiguration {
        name: "a regex whose DFA explodes (refused quickly, naming the pattern)",
        policy: || {
            CorsLayer::builder().allow_origin_regex(r"https://[a-z]{0,300}x[a-z]{30}\.example\.com")
        },
        problem: |p| matches!(p, Problem::RegexTooComplex { pattern, .. } if pattern == r"https://[a-z]{0,300}x[a-z]{30}\.example\.com"),
    },
    Misconfiguration {
        name: "a credentialed regex whose optional dot joins two names",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://www\.?example\.com")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex of small classes in a row",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://[a-d][a-d][a-d][a-d]\.vercel\.app")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex of a class spelled as one-letter alternatives",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://(a|b|c|d)(a|b|c|d)\.com")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex of public addresses from small classes",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://[1-4]\.[1-4]\.[1-4]\.[1-4]")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithIpAddressRegex { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex whose label a class joins",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://(www\W)?example\.com")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { .. }),
    },
    Misconfiguration {
        name: "a credentialed regex whose names a repetition composes",
        policy: || {
            CorsLayer::builder()
                .allow_origin_regex(r"https://(ex|am|ple){1,4}\.com")
                .allow_credentials(true)
        },
        problem: |p| matches!(p, Problem::CredentialsWithPublicSuffixWildcard { .. }),
    },
    Misconfiguration {
        name: "an origin with a path (the prefix-match habit)",
        policy: || CorsLayer::builder().allow_origin("https://app.example.com/"),
        problem: |p| matches!(p, Problem::InvalidOrigin(_)),
    },
    Misconfiguration {
        name: "a non-ASCII host",
        policy: || CorsLayer::builder().allow_origin("https://аpple.example.com"),
        problem: |p| matches!(p, Problem::InvalidOrigin(_)),
    },
    Misconfiguration {
        name: "a wildcard in the middle of a host",
        policy: || CorsLayer::builder().allow_origin("https://app.*.example.com"),
        problem: |p| matches!(p, Problem::InvalidOrigin(_)),
    },
    Misconfiguration {
        name: "credentials with `*` exposed headers",
        policy: || credentialed(&["https://app.example.com"]).expose_headers(Any),
        problem: |p| matches!(p, Problem::CredentialsWithAnyExposedHeader),
    },
    Misconfiguration {
        name: "exposing Set-Cookie",
        policy: || {
            CorsLayer::builder()
                .allow_origin("https://app.example.com")
                .expose_headers("set-cookie")
        },
        problem: |p| matches!(p, Problem::ExposedSetCookie { .. }),
    },
    Misconfiguration {
        name: "allowing Cookie as a request header",
        policy: || {
            CorsLayer::builder()
                .allow_origin("https://app.example.com")
                .allow_headers("cookie")
        },
        problem: |p| matches!(p, Problem::ForbiddenRequestHeader { .. }),
    },
];

#[test]
fn build_time_attacks_do_not_build() {
    for case in BUILD_TIME {
        let error = match (case.policy)().build() {
            Ok(_) => panic!("{}: built", case.name),
            Err(e) => e,
        };
        assert!(
            error.problems().iter().any(case.problem),
            "{}: {:?}",
            case.name,
            error.problems()
        );
    }
}

/// The dangerous forms build only with their opt-ins, and then still
/// refuse what the opt-in does not cover.
#[test]
fn opt_ins_open_only_what_they_name() {
    let layer = credentialed(&["https://*.github.io"])
        .dangerously_allow_credentials_for_public_suffix_wildcards(true)
        .build()
        .unwrap();
    let allowed = |layer: &CorsLayer, origin: &'static str| {
        let request = Request::get("/")
            .header(header::ORIGIN, origin)
            .body(())
            .unwrap();
        layer
            .policy()
            .evaluate(&request.into_parts().0)
            .is_allowed()
    };
    assert!(allowed(&layer, "https://someone.github.io"));
    assert!(!allowed(&layer, "null"));
    assert!(!allowed(&layer, "http://someone.github.io"));

    let layer = credentialed(&["https://app.example.com"])
        .dangerously_allow_null_origin(true)
        .build()
        .unwrap();
    assert!(allowed(&layer, "null"));
    assert!(!allowed(&layer, "https://evil.net"));
}

/// The same nested-suffix wildcard arriving through configuration data is
/// refused the same way.
#[test]
fn nested_suffix_wildcards_are_refused_from_every_source() {
    for (builder, source) in [
        (credentialed(&["https://*.amazonaws.com"]), "builder"),
        (
            CorsLayer::builder()
                .allow_origin(vec!["https://*.amazonaws.com".to_owned()])
                .allow_credentials(true),
            "origin list",
        ),
    ] {
        let error = builder.build().expect_err(source);
        assert!(
            matches!(
                error.problems(),
                [Problem::CredentialsWithPublicSuffixWildcard { suffix, .. }] if suffix.ends_with(".amazonaws.com")
            ),
            "{source}: {error}"
        );
    }
    // The owner's own names under such a domain stay fine.
    assert!(credentialed(&["https://*.acme.s3.amazonaws.com"])
        .build()
        .is_ok());
    assert!(credentialed(&["https://*.acme.example.com"])
        .build()
        .is_ok());
}

/// Regexes that name their hosts build with credentials: loopback, written-
/// out addresses, private ones with their opt-in.
#[test]
fn address_regexes_that_name_their_hosts_build() {
    for pattern in [
        r"https://127\.0\.0\.1:\d+",
        r"https://\[::1\]:\d+",
        r"https://(localhost|127\.0\.0\.1|\[::1\]):\d{4}",
        r"https://203\.0\.113\.7(:8443)?",
    ] {
        let built = CorsLayer::builder()
            .allow_origin_regex(pattern)
            .allow_credentials(true)
            .build();
        assert!(built.is_ok(), "{pattern}: {:?}", built.err());
    }
    let lan = CorsLayer::builder()
        .allow_origin_regex(r"https://192\.168\.1\.\d{1,3}")
        .allow_credentials(true)
        .dangerously_allow_credentials_for_private_addresses(true)
        .build()
        .unwrap();
    let request = attack_request(false, &[b"https://192.168.1.20"]);
    assert!(lan.policy().evaluate(&request.into_parts().0).is_allowed());
    // The private opt-in does not admit public addresses.
    let error = CorsLayer::builder()
        .allow_origin_regex(r"https://[0-9.]+")
        .allow_credentials(true)
        .dangerously_allow_credentials_for_private_addresses(true)
        .build()
        .unwrap_err();
    assert!(matches!(
        error.problems(),
        [Problem::CredentialsWithIpAddressRegex { .. }]
    ));
}

/// A proxy that splits `Access-Control-Request-Headers` one name a line
/// sends the same request as the one-line list: allowed (and echoed under
/// a credentialed any-header policy), however many lines; only the bytes
/// are bounded.
#[test]
fn split_request_header_lists_are_the_same_request() {
    let names: Vec<String> = (0..40).map(|n| format!("x-h{n}")).collect();
    for lines in [17, 20, 40] {
        for policy in [
            credentialed(&["https://app.example.com"]).allow_headers(Any),
            credentialed(&["https://app.example.com"]).allow_headers(names.clone()),
        ] {
            let layer = policy.build().unwrap();
            let mut request = attack_request(true, &[b"https://app.example.com"]);
            for name in &names[..lines] {
                request.headers_mut().append(
                    header::ACCESS_CONTROL_REQUEST_HEADERS,
                    HeaderValue::from_str(name).unwrap(),
                );
            }
            let (parts, ()) = request.into_parts();
            let Decision::Preflight(answer) = layer.policy().evaluate(&parts) else {
                panic!("{lines} lines: not a preflight");
            };
            assert_eq!(answer.refusal(), None, "{lines} lines");
            assert_eq!(answer.status(), http::StatusCode::NO_CONTENT);
            let allowed: Vec<&str> = answer
                .headers()
                .get_all(header::ACCESS_CONTROL_ALLOW_HEADERS)
                .iter()
                .flat_map(|v| v.to_str().unwrap().split(','))
                .map(str::trim)
                .collect();
            for name in &names[..lines] {
                assert!(
                    allowed.contains(&name.as_str()),
                    "{lines} lines: {name} in {allowed:?}"
                );
            }
        }
    }
}

//! The regex module's tables: what each pattern means at request time,
//! and what the credential checks find in it.

use regex_syntax::hir::{Hir, Look};
use regex_syntax::ParserBuilder;

use super::addresses::{addresses, Addresses};
use super::automaton::ascii_only;
use super::names::{names, Names};
use super::spelling::Spelling;
use super::walk::Walk;
use super::{compile, Budget, CredentialOptIns, Regexes};
use crate::error::Problem;
use crate::origin::public_suffix::Suffixes;
use crate::origin::Origin;

const NO_SUFFIXES: Suffixes<'static> = Suffixes::new(&[]);

/// What `compile` reports for `patterns`, with credentials when `creds`.
fn problems_with(patterns: &[&str], creds: Option<CredentialOptIns>) -> Vec<Problem> {
    let patterns: Vec<String> = patterns.iter().map(|p| (*p).to_owned()).collect();
    let mut found = Vec::new();
    compile(&patterns, creds, NO_SUFFIXES, &mut found);
    found
}

fn creds(pattern: &str) -> Vec<Problem> {
    problems_with(&[pattern], Some(CredentialOptIns::default()))
}

fn plain(pattern: &str) -> Vec<Problem> {
    problems_with(&[pattern], None)
}

fn compiled(patterns: &[&str]) -> Regexes {
    let owned: Vec<String> = patterns.iter().map(|p| (*p).to_owned()).collect();
    let mut found = Vec::new();
    let regexes = compile(&owned, None, NO_SUFFIXES, &mut found);
    assert!(found.is_empty(), "{found:?}");
    match regexes {
        Some(regexes) => regexes,
        None => panic!("{patterns:?} did not compile"),
    }
}

/// Whether `regexes` allow `origin`, which must be canonical.
fn allows(regexes: &Regexes, origin: &str) -> bool {
    match Origin::parse(origin) {
        Some(origin) => regexes.is_match(&origin),
        None => panic!("{origin} is not canonical"),
    }
}

/// What a pattern means: the whole origin, case-insensitively.
fn meaning(pattern: &str) -> regex::Regex {
    match regex::Regex::new(&format!("(?i)^(?:{pattern})$")) {
        Ok(regex) => regex,
        Err(e) => panic!("{pattern}: {e}"),
    }
}

/// The walk and the spelling of `pattern`.
fn read(pattern: &str) -> (Walk, Spelling) {
    let hir = ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .unwrap();
    let whole = Hir::concat(vec![Hir::look(Look::Start), hir, Hir::look(Look::End)]);
    let ascii = ascii_only(&whole);
    let mut budget = Budget::new();
    let walk = Walk::new(&ascii, &mut budget).unwrap();
    (walk, Spelling::new(&ascii, &mut budget).unwrap())
}

fn names_of(pattern: &str) -> Names {
    let (walk, spelling) = read(pattern);
    names(&walk, &spelling, NO_SUFFIXES, &mut Budget::new()).unwrap()
}

fn addresses_of(pattern: &str) -> Addresses {
    let (walk, spelling) = read(pattern);
    addresses(&walk, &spelling, &mut Budget::new()).unwrap()
}

fn under(suffix: &str) -> Names {
    Names::AnyUnder(suffix.to_owned())
}

#[test]
fn a_pattern_cannot_break_out_of_its_anchors() {
    let found = plain(r"https://app\.example\.com)|(\.example\.com");
    assert!(
        matches!(found[..], [Problem::InvalidRegex { .. }]),
        "{found:?}"
    );
    // A trailing `(?x)` comment cannot swallow the anchors either.
    let set = compiled(&[r"(?x)https://a\.com # the app"]);
    assert!(allows(&set, "https://a.com"));
    assert!(!allows(&set, "https://a.com.evil.net"));
    assert!(!allows(&set, "xhttps://a.com"));
}

#[test]
fn credentials_need_https_regexes() {
    for unsafe_pattern in [
        r"https?://[a-z]+\.example\.com",
        r"http://[a-z]+\.example\.com",
        r"[a-z]+://example\.com",
        r"https://a\.example\.com|http://b\.example\.com",
        r".*\.example\.com",
        // Case folding: `ſ` matches `s` and the Kelvin sign matches `k`.
        r"http://ſevil\.com",
        r"http://K[a-z.]*\.example\.com",
        r"(?:https://a\.example\.com|http://ſ[a-z.]*\.example\.com)",
        r"https://app\.example\.com|http://\[::1\]:3000",
    ] {
        let found = creds(unsafe_pattern);
        assert!(
            matches!(found[..], [Problem::CredentialsWithRegexNotHttps { .. }]),
            "{unsafe_pattern}: {found:?}"
        );
        let opted_in = CredentialOptIns {
            over_http: true,
            ..CredentialOptIns::default()
        };
        assert!(
            problems_with(&[unsafe_pattern], Some(opted_in)).is_empty(),
            "{unsafe_pattern}"
        );
    }
    for safe in [
        r"https://[a-z]+\.example\.com",
        r"^https://(a|b)\.example\.com$",
        r"(?i)HTTPS://app\.example\.com",
        r"https://a\.example\.com|https://b\.example\.com",
        r"https://localhost:3000|https://127\.0\.0\.1:3000",
    ] {
        assert!(creds(safe).is_empty(), "{safe}: {:?}", creds(safe));
    }
}

#[test]
fn credentials_refuse_catch_all_regexes() {
    for catch_all in [
        r"https://.*",
        r"https://[^/]+",
        r"https://[a-z.-]+",
        r"https://.*[^d]",
    ] {
        let found = creds(catch_all);
        assert!(
            found
                .iter()
                .any(|p| matches!(p, Problem::CredentialsWithCatchAllRegex { .. })),
            "{catch_all}: {found:?}"
        );
        let opted_in = CredentialOptIns {
            any_origin: true,
            ..CredentialOptIns::default()
        };
        assert!(
            problems_with(&[catch_all], Some(opted_in)).is_empty(),
            "{catch_all}"
        );
    }
    // Without credentials a broad regex is the user's choice.
    assert!(plain(".*").is_empty());
}

#[test]
fn credentials_refuse_regexes_over_a_public_suffix() {
    for (pattern, suffix) in [
        (r"https://[a-z0-9-]+\.vercel\.app", "vercel.app"),
        (r"https://.*\.github\.io", "github.io"),
        (r"https://[a-z]+\.com", "com"),
        (r"https://[a-z]+\.(com|net|org)", ""),
        (r"https://[a-z]+\.co\.uk", "co.uk"),
    ] {
        match &creds(pattern)[..] {
            [Problem::CredentialsWithPublicSuffixWildcard { suffix: s, .. }] => {
                assert!(suffix.is_empty() || s == suffix, "{pattern}: {s}")
            }
            other => panic!("{pattern}: {other:?}"),
        }
        let opted_in = CredentialOptIns {
            public_suffix_wildcards: true,
            ..CredentialOptIns::default()
        };
        assert!(
            problems_with(&[pattern], Some(opted_in)).is_empty(),
            "{pattern}"
        );
    }
    for own in [
        r"https://[a-z0-9-]+\.preview\.example\.com",
        r"https://app\.example\.co\.uk",
    ] {
        assert!(creds(own).is_empty(), "{own}");
    }
}

#[test]
fn a_dot_between_name_characters_is_refused() {
    for (pattern, around) in [
        (r"https://app.example\.com", "ps://app.example"),
        (r"https://[a-z]+\.example.com", r".example.com"),
        (r"https://a\.b.c", r"s://a\.b.c"),
        (
            r"https://app.(example|example-staging)\.com",
            "ps://app.(exampl",
        ),
        (r"https://app.[a-z]+\.com", r"ps://app.[a-z]+\"),
        // Inside groups, optional parts and alternations.
        (r"https://(www.)?example\.com", r"s://(www.)?examp"),
        (r"https://(www|shop.)example\.com", r"www|shop.)exampl"),
        (r"https://(a|b).example\.com", r"://(a|b).example"),
        (r"https://app(.staging)?\.example\.com", r"s://app(.staging"),
        (r"https://(?:x)(?:.)(?:y)\.com", r"(?:x)(?:.)(?:y)\"),
    ] {
        match &plain(pattern)[..] {
            [Problem::UnescapedDotInRegex { around: a, .. }] => {
                assert_eq!(a, around, "{pattern}")
            }
            other => panic!("{pattern}: {other:?}"),
        }
    }
    // Past the dots one automaton judges, the rest are judged too.
    let harmless = vec![":.:"; 40].join("|");
    let many = format!(r"https://x\.com({harmless})?|https://(www.)?example\.com");
    assert!(
        matches!(&plain(&many)[..], [Problem::UnescapedDotInRegex { around, .. }] if around.contains("(www.)")),
        "{:?}",
        plain(&many)
    );
    for fine in [
        r"https://[^/]+\.example\.com|https://x\.com:.:",
        r"https://\S+\.example\.com|https://x\.com(:.:)?",
        r"https://app\.example\.com",
        r"https://.*\.example\.com",
        r"https://[a-z.]+\.example\.com",
        r"https://[.a]x\.example\.com",
        r"https://.{1,20}\.example\.com",
        r"https://(.)+\.example\.com",
        r"https://.*-preview\.example\.com",
        r"https://(.*\.)?example\.com",
        r"https://app.*\.example\.com",
        r"https://\\.\.example\.com",
        r"https://x\.com:.",
    ] {
        assert!(plain(fine).is_empty(), "{fine}: {:?}", plain(fine));
    }
}

const ORIGINS: [&str; 19] = [
    "https://app.example.com",
    "https://app.example.com:8443",
    "https://pr-12.preview.example.com",
    "https://pr-.preview.example.com",
    "https://a.b.preview.example.com",
    "http://app.example.com",
    "https://app.example.co",
    "https://app.example.com.evil.net",
    "https://evil.net",
    "ftp://app.example.com",
    "https://x.r7.example.com",
    "https://x.r77.example.com",
    "https://localhost:3000",
    "https://l.example.com",
    "ftp://files.example.com",
    "https://files.example.com",
    "http://files.example.com",
    "http://localhost:3000",
    "http://localhost",
];

#[test]
fn the_dfa_means_what_each_pattern_means() {
    let patterns = [
        r"https://app\.example\.com(:8443)?",
        r"https://pr-[0-9]+\.preview\.example\.com",
        r"https://[a-z0-9-]+\.r7\.example\.com",
        r"HTTPS://localhost:\d{2,5}",
        r"^https://(l|m)\.example\.com$",
        r"(ftp|https)://files\.example\.com",
        r"http://localhost:[0-9]+",
        r"https://\bapp\b\.example\.com",
        r"https://\w+\.r7\.example\.com",
    ];
    let regexes = compiled(&patterns);
    assert_eq!(regexes.dfas(), 1);
    assert_eq!(regexes.len(), patterns.len());
    let meanings: Vec<regex::Regex> = patterns.iter().map(|p| meaning(p)).collect();
    for origin in ORIGINS {
        let expected = meanings.iter().any(|m| m.is_match(origin));
        assert_eq!(allows(&regexes, origin), expected, "{origin}");
    }
    assert!(allows(&regexes, "https://pr-12.preview.example.com"));
    assert!(!allows(&regexes, "https://app.example.com.evil.net"));
}

#[test]
fn a_regex_too_complex_for_a_bounded_dfa_is_refused() {
    // Forwards, the DFA must remember which of the last 30 letters could
    // be the `x`: far past the bound.
    let pattern = r"https://[a-z]{0,300}x[a-z]{30}\.example\.com";
    match &plain(pattern)[..] {
        [Problem::RegexTooComplex { pattern: p, .. }] => assert_eq!(p, pattern),
        other => panic!("{other:?}"),
    }
    // The message names the pattern the user wrote, nothing else.
    let text = plain(pattern)[0].to_string();
    assert!(text.contains(pattern) && !text.contains('|'), "{text}");
}

#[test]
fn unicode_classes_match_as_ascii() {
    // `\w` is Unicode (hundreds of thousands of characters); an origin is
    // ASCII, so the DFA only needs the ASCII part of it.
    let patterns: Vec<String> = (0..100)
        .map(|n| format!(r"https://\w+-{n}\.\w+\.example\.com"))
        .collect();
    let refs: Vec<&str> = patterns.iter().map(String::as_str).collect();
    let regexes = compiled(&refs);
    assert!(regexes.dfas() <= 2, "{}", regexes.dfas());
    assert!(allows(&regexes, "https://a_b-7.x.example.com"));
    assert!(!allows(&regexes, "https://a-100.x.example.com"));
}

#[test]
fn uppercase_in_a_pattern_still_matches() {
    let set = compiled(&[r"https://App\.example\.com"]);
    assert!(allows(&set, "https://app.example.com"));
}

#[test]
fn names_spelled_out_are_named() {
    for pattern in [
        r"https://app\.example\.com",
        r"https://[a-z0-9-]+\.example\.com",
        r"https://(.*\.)?example\.com(:\d+)?",
        r"https://(app|admin)\.example\.(com|org|co\.uk)",
        r"https://pr-[0-9]+\.preview\.example\.com:8443",
        r"https://localhost:\d+",
        r"https://192\.168\.1\.[0-9]{1,3}",
        r"https://shop\.example\.(com|de|fr|it|es|nl|be|at|ch|pl|se|dk|no|fi|ie|pt|gr)",
        r"https://(acme|acme-staging)\.vercel\.app",
        r"https://acme\.s3\.amazonaws\.com",
        r"https://[a-z0-9-]+\.amazonaws\.com",
        r"https://.*\.example\.com",
        r"https://acme(-staging|-dev)?\.vercel\.app",
        r"https://(www|shop)\.acme(-group)?\.com",
        r"https://(www\.)?acme(us|eu)\.com",
        r"https://\w+\.example\.com",
        r"https://[a-z]+\.test(:\d+)?",
        r"https://[a-z0-9-]+\.internal",
        r"https://[a-z]+\.home\.arpa",
        r"https://[a-z0-9][a-z0-9.-]{0,251}[a-z0-9]\.(alpha|beta)\.com",
        r"https://(x|y)\.example\.com",
        r"https://(alpha|beta)\.com",
        r"https://(a|b)\.com",
        r"https://[a-z0-9][a-z0-9.-]{0,251}[a-z0-9]\.(a|b)\.com",
        r"https://(www\.)?example\.(com|org)",
        r"https://(www\.)?(api\.)?example\.com",
    ] {
        assert_eq!(names_of(pattern), Names::Named, "{pattern}");
    }
}

#[test]
fn names_anyone_can_register_are_found() {
    for (pattern, expected) in [
        (r"https://[a-z]{2,10}\.com", under("com")),
        (r"https://[a-z0-9-]+\.co\.uk:8443", under("co.uk")),
        (r"https://[a-z0-9-]+\.co\.uk(:\d+)?", under("co.uk")),
        (r"https://[a-z]{1,12}\.github\.io", under("github.io")),
        (r"https://(www\.)?[a-z]+\.vercel\.app", under("vercel.app")),
        (r"https://[0-9]+\.com", under("com")),
        (r"https://[a-z]{1,10}\.[a-z]{2,3}", Names::AnyDomain),
        (r"https://[^/]+:\d+", Names::AnyDomain),
        (r"https://.+", Names::AnyDomain),
        (r"https://example\.[a-z]+", Names::AnyDomain),
        (r"https://[a-z]\.com", under("com")),
        (r"https://_[a-z0-9-]+\.[a-z0-9-]+\.com", under("com")),
        (
            r"(?x)https://acme-[a-z]\.vercel\.app # the quick brown fox jumps over the lazy dog",
            under("vercel.app"),
        ),
        (
            r"(?x)https://[a-z]\.(com|io) # the quick brown fox jumps over the lazy dog",
            under("com"),
        ),
        (r"https://acme-[a-z0-9]\.vercel\.app", under("vercel.app")),
        (r"https://\w+\.\w+\.com", under("com")),
        (r"https://\w{1,12}\.com", under("com")),
        (r"https://myapp-\w{1,40}\.vercel\.app", under("vercel.app")),
        (
            r"https://([a-z0-9-]+\.herokuapp\.com|\w{3}\.example\.com)",
            under("herokuapp.com"),
        ),
        (
            r"https://[a-z0-9-]+\.s3\.amazonaws\.com",
            under("s3.amazonaws.com"),
        ),
        (
            r"https://[a-z0-9-]+\.up\.railway\.app",
            under("up.railway.app"),
        ),
        (
            r"https://[a-z0-9-]+\.blob\.core\.windows\.net",
            under("blob.core.windows.net"),
        ),
        (
            r"https://[a-z0-9-]+\.compute\.amazonaws\.com",
            under("a.compute.amazonaws.com"),
        ),
    ] {
        assert_eq!(names_of(pattern), expected, "{pattern}");
    }
    // A class, a repetition or a comment never writes part of a name.
    for (pattern, expected) in [
        (r"https://(www\W)?example\.com", under("com")),
        (r"https://(www[.-])?example\.com", under("com")),
        (r"https://(dev|staging|prod)[-.]example\.com", under("com")),
        (r"https://(www\W)?example\.co\.uk", under("co.uk")),
        (r"https://(www\W)?example\.github\.io", under("github.io")),
        (r"https://[a-z]+\.(www\W)?example\.com", under("com")),
        (r"https://(ex|am|ple){1,4}\.com", under("com")),
        (r"https://(?:ht|tp|ps){2}\.com", under("com")),
        (
            r"(?x)https://[a-d]{4}\.io  # aabacadbbcbdccdda",
            under("io"),
        ),
        (r"https://(api|www)\W?example\.com(:\d+)?", under("com")),
        // Small classes in a row are hundreds of names, not a list.
        (r"https://[a-d][a-d][a-d][a-d]\.xyz", under("xyz")),
        (
            r"https://[a-d][a-d][a-d][a-d]\.vercel\.app",
            under("vercel.app"),
        ),
        (r"https://(a|b|c|d)(a|b|c|d)\.com", under("com")),
        (r"https://[a-d][a-d]\.[a-d][a-d]", Names::AnyDomain),
        // A dot that may be left out joins no written labels.
        (r"https://www\.?example\.com", under("com")),
        (r"https://(api|www)\.?example\.com", under("com")),
        (r"https://(dev|staging)?\.?example\.com", under("com")),
        (r"https://www-?\.?example\.com", under("com")),
    ] {
        assert_eq!(names_of(pattern), expected, "{pattern}");
    }
    // Public suffixes under a domain that leaves its names open, found in
    // the list rather than read one by one.
    for (pattern, domain) in [
        (r"https://.*\.amazonaws\.com", ".amazonaws.com"),
        (r"https://.*\.windows\.net", ".windows.net"),
        (r"https://([a-z0-9-]+\.)+railway\.app", ".railway.app"),
    ] {
        match names_of(pattern) {
            Names::AnyUnder(suffix) => assert!(suffix.ends_with(domain), "{pattern}: {suffix}"),
            other => panic!("{pattern}: {other:?}"),
        }
    }
    // Spelled out, but more than `CHOICES` names in all, spread over two
    // ports so that neither has that many.
    let list = |prefix: char| {
        (0..130)
            .map(|n| format!("{prefix}{n}"))
            .collect::<Vec<_>>()
            .join("|")
    };
    let pattern = format!(r"https://(({})\.com|({})\.com:1)", list('n'), list('m'));
    assert_eq!(names_of(&pattern), under("com"));
    let pattern = format!(r"https://({})\.com(:1)?", list('n'));
    assert_eq!(names_of(&pattern), Names::Named);
}

#[test]
fn declared_suffixes_are_public_to_regexes_too() {
    let declared = ["app.github.dev".to_owned()];
    let patterns = [r"https://[a-z0-9-]+\.app\.github\.dev".to_owned()];
    let mut found = Vec::new();
    compile(
        &patterns,
        Some(CredentialOptIns::default()),
        Suffixes::new(&declared),
        &mut found,
    );
    assert!(
        matches!(&found[..], [Problem::CredentialsWithPublicSuffixWildcard { suffix, .. }] if suffix == "app.github.dev"),
        "{found:?}"
    );
    assert!(creds(&patterns[0]).is_empty());
}

#[test]
fn addresses_a_stranger_can_hold_are_found() {
    let public = |p: &str| matches!(addresses_of(p), Addresses::Public(_));
    let private = |p: &str| matches!(addresses_of(p), Addresses::Private(_));
    for pattern in [
        r"https://\d{1,3}(\.\d{1,3}){3}",
        r"https://[0-9.]+",
        r"https://[0-9.]+:\d+",
        r"https://(\d+\.){3}\d+(:8443)?",
        r"https://1\.2\.3\.[0-9]+",
        r"https://8\.8\.\d+\.\d+",
        r"https://\[[0-9a-f:]+\]",
        r"https://\[2001:db8::[0-9a-f]{1,4}\]",
        r"https://[a-z0-9.\[\]:]+",
        r"https://(app\.example\.com|\d+\.\d+\.\d+\.\d+)",
    ] {
        assert!(public(pattern), "{pattern}: {:?}", addresses_of(pattern));
    }
    for pattern in [
        r"https://192\.168\.1\.[0-9]{1,3}",
        r"https://10\.\d{1,3}\.\d{1,3}\.\d{1,3}",
        r"https://172\.(1[6-9]|2\d|3[01])\.\d+\.\d+:\d+",
        r"https://\[fd00::[0-9a-f]\]",
    ] {
        assert!(private(pattern), "{pattern}: {:?}", addresses_of(pattern));
    }
    for pattern in [
        r"https://127\.0\.0\.1:\d+",
        r"https://127\.\d+\.\d+\.\d+",
        r"https://\[::1\]:\d+",
        r"https://203\.0\.113\.7(:\d+)?",
        r"https://(203\.0\.113\.7|198\.51\.100\.1)",
        r"https://\[2001:db8::1\]",
        r"https://app\.example\.com",
        r"https://[a-z]+\.example\.com",
        r"https://\d+\.example\.com",
    ] {
        assert_eq!(addresses_of(pattern), Addresses::Own, "{pattern}");
    }
    // Writing an address twice, or on several ports, or in a comment,
    // covers nothing else.
    for pattern in [
        r"https://(203\.0\.113\.5|203\.0\.113\.5:8443)|https://198\.51\.100\.[1-9]",
        r"https://(203\.0\.113\.5|203\.0\.113\.5|203\.0\.113\.5)|https://198\.51\.100\.[1-9]",
        r"https://(203\.0\.113\.5|203\.0\.113\.5:8443|203\.0\.113\.[0-9])",
        r"(?x) https://1\.2\.3\.[0-9] # 1.2.3.4 1.2.3.4 1.2.3.4",
    ] {
        assert!(public(pattern), "{pattern}: {:?}", addresses_of(pattern));
    }
    let ports = (8001..=8017)
        .map(|port| format!(r"203\.0\.113\.5:{port}"))
        .collect::<Vec<_>>()
        .join("|");
    let pattern = format!(r"https://({ports})|https://198\.51\.100\.\d{{1,3}}");
    assert!(public(&pattern), "{:?}", addresses_of(&pattern));
    // Alternatives write addresses out too, and a required port the
    // pattern leaves open does not unwrite them; a class (a one-character
    // alternation parses as one) writes none.
    for pattern in [
        r"https://203\.0\.113\.(5|16)",
        r"https://\[2001:db8::(1|a2)\]",
        r"https://8\.8\.8\.8:\d+",
        r"https://\[2001:db8::1\]:\d+",
    ] {
        assert_eq!(addresses_of(pattern), Addresses::Own, "{pattern}");
    }
    for pattern in [
        r"https://203\.0\.113\.(5|6)",
        r"https://[1-4]\.[1-4]\.[1-4]\.[1-4]",
        r"https://(1|2|3|4)\.1\.1\.1",
        r"https://\[2001:db8::[1-4][1-4]?\]",
        r"https://1\.1\.1\.1\.?1",
    ] {
        assert!(public(pattern), "{pattern}: {:?}", addresses_of(pattern));
    }
    // An example the user can check.
    assert_eq!(
        addresses_of(r"https://8\.8\.8\.[0-9]"),
        Addresses::Public("8.8.8.0".to_owned())
    );
}

#[test]
fn credentialed_address_regexes_need_their_opt_ins() {
    assert!(matches!(
        &creds(r"https://\d{1,3}(\.\d{1,3}){3}")[..],
        [Problem::CredentialsWithIpAddressRegex { .. }]
    ));
    let lan = r"https://192\.168\.0\.\d{1,3}";
    assert!(matches!(
        &creds(lan)[..],
        [Problem::CredentialsWithPrivateAddressRegex { .. }]
    ));
    let private = CredentialOptIns {
        private_addresses: true,
        ..CredentialOptIns::default()
    };
    assert!(problems_with(&[lan], Some(private)).is_empty());
    // The private opt-in never admits public addresses.
    assert!(matches!(
        &problems_with(&[r"https://[0-9.]+"], Some(private))[..],
        [Problem::CredentialsWithIpAddressRegex { .. }]
    ));
    assert!(creds(r"https://127\.0\.0\.1:\d+").is_empty());
}

//! Regular-expression origins: each checked on its own, then anchored and
//! compiled into one `RegexSet`. With credentials, each must provably start
//! with `https://` and must not match an origin nobody configured.

use regex::{RegexSet, RegexSetBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use crate::builder::CorsBuilder;
use crate::error::Problem;

/// An origin no one owns (`.invalid` is reserved): a regex that matches it
/// matches far more than its author meant.
const CANARY: &str = "https://tower-cors-canary.invalid";

/// Compiles the builder's regexes into one set matched against whole,
/// lowercase origins; pushes a problem for each that is invalid or, with
/// credentials, unsafe. `None` when there are none, or any failed.
pub(crate) fn compile(builder: &CorsBuilder, problems: &mut Vec<Problem>) -> Option<RegexSet> {
    let patterns = &builder.regexes;
    let before = problems.len();
    for pattern in patterns {
        // Checked alone first: a pattern with an unbalanced `)` could
        // otherwise close the anchoring group and match a part of an origin.
        match regex_syntax::Parser::new().parse(pattern) {
            Ok(hir) if builder.credentials && !builder.credentials_over_http => {
                if !starts_with_https(&hir) {
                    problems.push(Problem::CredentialsWithRegexNotHttps {
                        pattern: pattern.clone(),
                    });
                }
            }
            Ok(_) => {}
            Err(err) => problems.push(Problem::InvalidRegex {
                pattern: pattern.clone(),
                message: err.to_string(),
            }),
        }
    }
    if patterns.is_empty() || problems.len() > before {
        return None;
    }
    let anchored = patterns.iter().map(|p| format!(r"\A(?:{p})\z"));
    // Origins reaching the set are lowercase; case-insensitivity keeps an
    // uppercase letter in a pattern from silently never matching.
    let set = match RegexSetBuilder::new(anchored)
        .case_insensitive(true)
        .build()
    {
        Ok(set) => set,
        Err(err) => {
            // Valid alone, invalid anchored: a `(?x)` comment at the end
            // swallowed the closing group.
            problems.push(Problem::InvalidRegex {
                pattern: patterns.join(" | "),
                message: err.to_string(),
            });
            return None;
        }
    };
    if builder.credentials && !builder.credentials_for_any_origin {
        for i in set.matches(CANARY).iter() {
            problems.push(Problem::CredentialsWithCatchAllRegex {
                pattern: patterns[i].clone(),
            });
        }
    }
    (problems.len() == before).then_some(set)
}

/// Whether every origin the expression can match starts with `https://`
/// (in any case), judged by its literal prefixes of 8 bytes. A prefix with
/// a non-ASCII byte (case folding turns `s` into `ſ` too) can never match a
/// canonical origin, which is ASCII, and is passed over.
fn starts_with_https(hir: &regex_syntax::hir::Hir) -> bool {
    let prefixes = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_literal_len(8)
        .limit_total(1024)
        .extract(hir);
    match prefixes.literals() {
        Some(literals) => literals.iter().all(|literal| {
            let bytes = literal.as_bytes();
            !bytes.is_ascii() || (bytes.len() >= 8 && bytes[..8].eq_ignore_ascii_case(b"https://"))
        }),
        // Infinitely many prefixes: `.*`, a class at the start, ….
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CorsLayer;

    fn problems(builder: CorsBuilder) -> Vec<Problem> {
        let mut problems = Vec::new();
        compile(&builder, &mut problems);
        problems
    }

    #[test]
    fn a_pattern_cannot_break_out_of_its_anchors() {
        let found = problems(
            CorsLayer::builder().allow_origin_regex(r"https://app\.example\.com)|(\.example\.com"),
        );
        assert!(
            matches!(found[..], [Problem::InvalidRegex { .. }]),
            "{found:?}"
        );
    }

    #[test]
    fn credentials_need_https_regexes() {
        let creds = || CorsLayer::builder().allow_credentials(true);
        for unsafe_pattern in [
            r"https?://[a-z]+\.example\.com",
            r"http://[a-z]+\.example\.com",
            r"[a-z]+://example\.com",
            r"https://a\.example\.com|http://b\.example\.com",
            r".*\.example\.com",
        ] {
            let found = problems(creds().allow_origin_regex(unsafe_pattern));
            assert!(
                matches!(found[..], [Problem::CredentialsWithRegexNotHttps { .. }]),
                "{unsafe_pattern}: {found:?}"
            );
            let opted_in = creds()
                .allow_origin_regex(unsafe_pattern)
                .dangerously_allow_credentials_over_http();
            assert!(problems(opted_in).is_empty(), "{unsafe_pattern}");
        }
        for safe in [
            r"https://[a-z]+\.example\.com",
            r"^https://(a|b)\.example\.com$",
            r"(?i)HTTPS://app\.example\.com",
            r"https://a\.example\.com|https://b\.example\.com",
        ] {
            assert!(
                problems(creds().allow_origin_regex(safe)).is_empty(),
                "{safe}"
            );
        }
    }

    #[test]
    fn credentials_refuse_catch_all_regexes() {
        for catch_all in [r"https://.*", r"https://[^/]+", r"https://[a-z.-]+"] {
            let builder = CorsLayer::builder()
                .allow_credentials(true)
                .allow_origin_regex(catch_all);
            let found = problems(builder.clone());
            assert!(
                matches!(found[..], [Problem::CredentialsWithCatchAllRegex { .. }]),
                "{catch_all}: {found:?}"
            );
            let opted_in = builder.dangerously_allow_credentials_for_any_origin();
            assert!(problems(opted_in).is_empty(), "{catch_all}");
        }
        // Without credentials a broad regex is the user's choice.
        assert!(problems(CorsLayer::builder().allow_origin_regex(".*")).is_empty());
    }

    #[test]
    fn uppercase_in_a_pattern_still_matches() {
        let mut found = Vec::new();
        let builder = CorsLayer::builder().allow_origin_regex(r"https://App\.example\.com");
        let set = compile(&builder, &mut found).unwrap();
        assert!(set.is_match("https://app.example.com"));
    }
}

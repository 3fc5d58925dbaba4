//! Regular-expression origins. Each pattern is parsed exactly as it will
//! run (case-insensitively), anchored on the parsed tree rather than in its
//! text (so no pattern can close the anchoring group), and all are compiled
//! together: into one fully built DFA when it stays small, otherwise into a
//! `RegexSet`. With credentials, each must provably start with `https://`,
//! and must not match an origin nobody owns or one directly under a public
//! suffix.

use regex::{Regex, RegexSet, RegexSetBuilder};
use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::{primitives::StateID, start};
use regex_automata::Anchored;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, Look};
use regex_syntax::ParserBuilder;

use super::host::is_public_suffix;
use super::reach::{ascii_only, is_https_only, reach, Reach};
use super::Origin;
use crate::builder::CorsBuilder;
use crate::error::Problem;

/// Origins no one configures on purpose (`.invalid` is reserved; the
/// others stand for "any domain"): a regex that matches one matches far more
/// than its author meant.
const CATCH_ALL_CANARIES: [&str; 3] = [
    "https://towercorscanary.invalid",
    "https://towercorscanary.com",
    "https://a.b",
];

/// The most memory the DFA may take while it is determinised, before it is
/// minimised (100 regexes of the usual shape take about 700 KiB, and
/// 17 KiB once minimised). Beyond it the set is matched by a `RegexSet`.
/// The limit also bounds the build's time: about 0.2 s, once, for a DFA
/// near it (600 such regexes), or for one abandoned there.
const DFA_SIZE_LIMIT: usize = 4 << 20;

/// The compiled regular expressions, matched against whole canonical
/// origins.
pub(crate) struct Regexes {
    count: usize,
    engine: Engine,
}

enum Engine {
    /// All the expressions as one anchored, minimised DFA: one table
    /// lookup per byte of the origin. (Boxed: the DFA's own fields take
    /// 800 bytes.)
    Dfa(Box<Dfa>),
    /// Expressions a DFA cannot run (a Unicode word boundary) or that
    /// would make it too large: the `regex` crate's lazy DFA.
    Set(RegexSet),
}

/// The DFA, with the states it is in at the start of an origin and after
/// `https://` and `http://`: an origin with one of those schemes (the
/// parser has read it already) is walked from past it.
struct Dfa {
    dfa: dense::DFA<Vec<u32>>,
    start: StateID,
    after_https: StateID,
    after_http: StateID,
}

impl Dfa {
    fn is_match(&self, origin: &Origin<'_>) -> bool {
        let text = origin.as_str().as_bytes();
        let (state, skipped) = match origin.scheme() {
            "https" => (self.after_https, "https://".len()),
            "http" => (self.after_http, "http://".len()),
            _ => (self.start, 0),
        };
        self.walk(state, text.get(skipped..).unwrap_or_default())
    }

    /// Whether the DFA, in `state`, matches at the end of `bytes`.
    fn walk(&self, mut state: StateID, bytes: &[u8]) -> bool {
        for &byte in bytes {
            if self.dfa.is_dead_state(state) {
                return false;
            }
            state = self.dfa.next_state(state, byte);
        }
        // Every expression ends in `\z`, so a match can only end at the
        // end of the origin: the state past it says.
        self.dfa.is_match_state(self.dfa.next_eoi_state(state))
    }
}

impl Regexes {
    /// Whether any expression matches the whole of the canonical `origin`.
    pub(crate) fn is_match(&self, origin: &Origin<'_>) -> bool {
        match &self.engine {
            Engine::Dfa(dfa) => dfa.is_match(origin),
            Engine::Set(set) => set.is_match(origin.as_str()),
        }
    }

    /// How many expressions there are.
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// Whether they run as one DFA.
    #[cfg(test)]
    fn is_dfa(&self) -> bool {
        matches!(self.engine, Engine::Dfa(_))
    }
}

/// Compiles the builder's regexes, to be matched against whole, lowercase
/// origins; pushes a problem for each that is invalid or, with
/// credentials, unsafe. `None` when there are none, or any failed.
pub(crate) fn compile(builder: &CorsBuilder, problems: &mut Vec<Problem>) -> Option<Regexes> {
    let before = problems.len();
    let mut anchored = Vec::with_capacity(builder.regexes.len());
    let mut trees = Vec::with_capacity(builder.regexes.len());
    for pattern in &builder.regexes {
        // Origins reaching the set are lowercase; case-insensitivity keeps an
        // uppercase letter in a pattern from silently never matching.
        let parsed = ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(pattern);
        let hir = match parsed {
            Ok(hir) => hir,
            Err(err) => {
                problems.push(Problem::InvalidRegex {
                    pattern: pattern.clone(),
                    message: err.to_string(),
                });
                continue;
            }
        };
        if let Some(around) = unescaped_domain_dot(pattern) {
            problems.push(Problem::UnescapedDotInRegex {
                pattern: pattern.clone(),
                around,
            });
            continue;
        }
        let whole = Hir::concat(vec![Hir::look(Look::Start), hir, Hir::look(Look::End)]);
        let rendered = whole.to_string();
        if builder.credentials {
            check_credentialed(builder, pattern, &whole, &rendered, problems);
        }
        anchored.push(rendered);
        trees.push(whole);
    }
    if anchored.is_empty() || problems.len() > before {
        return None;
    }
    // The set is built in any case: it is what judges that the patterns
    // compile at all, so the problems do not depend on which engine runs.
    let set = match RegexSetBuilder::new(&anchored).build() {
        Ok(set) => set,
        Err(err) => {
            problems.push(Problem::InvalidRegex {
                pattern: builder.regexes.join(" | "),
                message: err.to_string(),
            });
            return None;
        }
    };
    let engine = match dfa(trees) {
        Some(dfa) => Engine::Dfa(Box::new(dfa)),
        None => Engine::Set(set),
    };
    Some(Regexes {
        count: anchored.len(),
        engine,
    })
}

/// One anchored, minimised DFA for the alternation of `trees`, if it can
/// be built within [`DFA_SIZE_LIMIT`].
fn dfa(trees: Vec<Hir>) -> Option<Dfa> {
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .which_captures(WhichCaptures::None)
                .nfa_size_limit(Some(DFA_SIZE_LIMIT)),
        )
        .build_from_hir(&Hir::alternation(trees))
        .ok()?;
    let dfa = dense::Builder::new()
        .configure(
            dense::Config::new()
                .start_kind(StartKind::Anchored)
                .minimize(true)
                .determinize_size_limit(Some(DFA_SIZE_LIMIT))
                .dfa_size_limit(Some(DFA_SIZE_LIMIT)),
        )
        .build_from_nfa(&nfa)
        .ok()?;
    let start = dfa
        .start_state(&start::Config::new().anchored(Anchored::Yes))
        .ok()?;
    let after = |prefix: &[u8]| {
        prefix
            .iter()
            .fold(start, |state, &byte| dfa.next_state(state, byte))
    };
    let (after_https, after_http) = (after(b"https://"), after(b"http://"));
    Some(Dfa {
        dfa,
        start,
        after_https,
        after_http,
    })
}

/// The checks of a regex used with credentials, on the anchored tree and
/// its rendering.
fn check_credentialed(
    builder: &CorsBuilder,
    pattern: &str,
    whole: &Hir,
    rendered: &str,
    problems: &mut Vec<Problem>,
) {
    // The automata are built from the ASCII part of the expression, all an
    // origin can hold. They are exact; the literal prefixes stand in when
    // one is too large, and judge an expression they cannot bound as not
    // https.
    let ascii = ascii_only(whole);
    let https = is_https_only(&ascii).unwrap_or_else(|| starts_with_https(whole));
    if !builder.credentials_over_http && !https {
        problems.push(Problem::CredentialsWithRegexNotHttps {
            pattern: pattern.to_owned(),
        });
    }
    // The automaton says which names the expression leaves open; the
    // sample origins below are a second opinion.
    match reach(pattern, &ascii) {
        Some(Reach::AnyUnder(suffix)) => {
            if !builder.credentials_for_public_suffix_wildcards {
                problems.push(Problem::CredentialsWithPublicSuffixWildcard {
                    pattern: pattern.to_owned(),
                    suffix,
                });
            }
            return;
        }
        Some(Reach::AnyDomain) => {
            if !builder.credentials_for_any_origin {
                problems.push(Problem::CredentialsWithCatchAllRegex {
                    pattern: pattern.to_owned(),
                });
            }
            return;
        }
        Some(Reach::Named) => {}
        None => {
            // Too large to read: refused, rather than trusted to samples.
            if !builder.credentials_for_any_origin {
                problems.push(Problem::CredentialsWithUncheckableRegex {
                    pattern: pattern.to_owned(),
                });
            }
            return;
        }
    }
    let Ok(regex) = Regex::new(rendered) else {
        // Reported when the set is built.
        return;
    };
    // The more precise finding first: "any name under `com`" rather than
    // "matches a made-up origin".
    if let Some(suffix) = public_suffix_matched(&regex, whole) {
        if !builder.credentials_for_public_suffix_wildcards {
            problems.push(Problem::CredentialsWithPublicSuffixWildcard {
                pattern: pattern.to_owned(),
                suffix,
            });
        }
        return;
    }
    if !builder.credentials_for_any_origin
        && CATCH_ALL_CANARIES
            .iter()
            .any(|canary| regex.is_match(canary))
    {
        problems.push(Problem::CredentialsWithCatchAllRegex {
            pattern: pattern.to_owned(),
        });
    }
}

/// A public suffix the regex allows any name directly under: for each
/// domain its literal suffixes end in (`.vercel.app` gives `vercel.app`
/// and `app`) that is a public suffix, whether it matches
/// `https://towercorscanary.` followed by it.
fn public_suffix_matched(regex: &Regex, whole: &Hir) -> Option<String> {
    let suffixes = Extractor::new()
        .kind(ExtractKind::Suffix)
        .limit_literal_len(64)
        .limit_total(1024)
        .extract(whole);
    let literals = suffixes.literals()?;
    literals
        .iter()
        .filter_map(|literal| std::str::from_utf8(literal.as_bytes()).ok())
        .filter(|text| text.is_ascii())
        .flat_map(|text| {
            let text = text.to_ascii_lowercase();
            text.match_indices('.')
                .map(|(dot, _)| text[dot + 1..].to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|domain| !domain.is_empty() && is_public_suffix(domain))
        .find(|domain| regex.is_match(&format!("https://towercorscanary.{domain}")))
}

/// The text around the first `.` that is neither escaped nor in a class
/// and is followed by a letter, a digit, a group or a class, as in
/// `app.example` or `app.(example|example-staging)`: in an origin
/// regex that is a domain's dot written as "any character", the most common
/// regex mistake (`https://app.example.com` also matches
/// `https://appxexample.com`). A valid pattern is assumed.
fn unescaped_domain_dot(pattern: &str) -> Option<String> {
    let bytes = pattern.as_bytes();
    let (mut escaped, mut in_class) = (false, false);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'.' if !in_class
                && bytes.get(i + 1).is_some_and(|&next| {
                    next.is_ascii_alphanumeric() || matches!(next, b'(' | b'[')
                }) =>
            {
                let start = pattern[..i]
                    .char_indices()
                    .rev()
                    .nth(7)
                    .map_or(0, |(at, _)| at);
                let end = pattern[i + 1..]
                    .char_indices()
                    .nth(7)
                    .map_or(pattern.len(), |(at, _)| i + 1 + at);
                return Some(pattern[start..end].to_owned());
            }
            _ => {}
        }
    }
    None
}

/// Whether every origin the expression can match starts with `https://`
/// (in any case), judged by its literal prefixes of 8 bytes. A prefix with
/// a non-ASCII byte (case folding turns `s` into `ſ` too) can never match a
/// canonical origin, which is ASCII, and is passed over.
fn starts_with_https(hir: &Hir) -> bool {
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

    /// Whether `regexes` allow `origin`, which must be canonical.
    fn allows(regexes: &Regexes, origin: &str) -> bool {
        match Origin::parse(origin) {
            Some(origin) => regexes.is_match(&origin),
            None => panic!("{origin} is not canonical"),
        }
    }

    fn problems(builder: CorsBuilder) -> Vec<Problem> {
        let mut problems = Vec::new();
        compile(&builder, &mut problems);
        problems
    }

    fn creds() -> CorsBuilder {
        CorsLayer::builder().allow_credentials(true)
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
        // A trailing `(?x)` comment cannot swallow the anchors either.
        let mut found = Vec::new();
        let builder = CorsLayer::builder().allow_origin_regex(r"(?x)https://a\.com # the app");
        let set = compile(&builder, &mut found).unwrap();
        assert!(found.is_empty());
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
            // Case folding multiplies the literal prefixes past what they
            // can bound; the automaton reads them exactly.
            r"https://localhost:3000|https://127\.0\.0\.1:3000",
        ] {
            assert!(
                problems(creds().allow_origin_regex(safe)).is_empty(),
                "{safe}"
            );
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
            let builder = creds().allow_origin_regex(catch_all);
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

    /// A regex whose reversed automaton passes its memory bound cannot be
    /// shown to name its domains: with credentials it is refused, not left
    /// to sample origins.
    #[test]
    fn credentials_refuse_regexes_too_large_to_read() {
        // Read backwards, the DFA must remember which of the last 20 letters
        // could be the `a`: about a million states.
        let pattern = r"https://[ab]{20}a[ab]*\.example\.com";
        let builder = creds().allow_origin_regex(pattern);
        let found = problems(builder.clone());
        assert!(
            matches!(found[..], [Problem::CredentialsWithUncheckableRegex { .. }]),
            "{found:?}"
        );
        let opted_in = builder.dangerously_allow_credentials_for_any_origin();
        assert!(problems(opted_in).is_empty());
        assert!(problems(CorsLayer::builder().allow_origin_regex(pattern)).is_empty());
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
            let builder = creds().allow_origin_regex(pattern);
            let found = problems(builder.clone());
            match &found[..] {
                [Problem::CredentialsWithPublicSuffixWildcard { suffix: s, .. }] => {
                    assert!(suffix.is_empty() || s == suffix, "{pattern}: {s}")
                }
                other => panic!("{pattern}: {other:?}"),
            }
            let opted_in = builder.dangerously_allow_credentials_for_public_suffix_wildcards();
            assert!(problems(opted_in).is_empty(), "{pattern}");
        }
        for own in [
            r"https://[a-z0-9-]+\.preview\.example\.com",
            r"https://app\.example\.co\.uk",
        ] {
            assert!(
                problems(creds().allow_origin_regex(own)).is_empty(),
                "{own}"
            );
        }
    }

    #[test]
    fn an_unescaped_domain_dot_is_refused() {
        for (pattern, around) in [
            (r"https://app.example\.com", "ps://app.example"),
            (r"https://[a-z]+\.example.com", r".example.com"),
            (r"https://a\.b.c", r"s://a\.b.c"),
            (
                r"https://app.(example|example-staging)\.com",
                "ps://app.(exampl",
            ),
            (r"https://app.[a-z]+\.com", r"ps://app.[a-z]+\"),
        ] {
            match &problems(CorsLayer::builder().allow_origin_regex(pattern))[..] {
                [Problem::UnescapedDotInRegex { around: a, .. }] => assert_eq!(a, around),
                other => panic!("{pattern}: {other:?}"),
            }
        }
        for fine in [
            r"https://app\.example\.com",
            r"https://.*\.example\.com",
            r"https://[a-z.]+\.example\.com",
            r"https://[.a]x\.example\.com",
            r"https://.{1,20}\.example\.com",
            r"https://\\.\.example\.com",
        ] {
            assert!(
                problems(CorsLayer::builder().allow_origin_regex(fine)).is_empty(),
                "{fine}"
            );
        }
    }

    /// What a pattern means: the whole origin, case-insensitively.
    fn meaning(pattern: &str) -> Regex {
        match Regex::new(&format!("(?i)^(?:{pattern})$")) {
            Ok(regex) => regex,
            Err(e) => panic!("{pattern}: {e}"),
        }
    }

    fn compiled(patterns: &[&str]) -> Regexes {
        let builder = patterns
            .iter()
            .fold(CorsLayer::builder(), |b, p| b.allow_origin_regex(*p));
        let mut found = Vec::new();
        let regexes = compile(&builder, &mut found);
        assert!(found.is_empty(), "{found:?}");
        match regexes {
            Some(regexes) => regexes,
            None => panic!("{patterns:?} did not compile"),
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
        ];
        let regexes = compiled(&patterns);
        assert!(regexes.is_dfa());
        assert_eq!(regexes.len(), patterns.len());
        let meanings: Vec<Regex> = patterns.iter().map(|p| meaning(p)).collect();
        for origin in ORIGINS {
            let expected = meanings.iter().any(|m| m.is_match(origin));
            assert_eq!(allows(&regexes, origin), expected, "{origin}");
        }
        assert!(allows(&regexes, "https://pr-12.preview.example.com"));
        assert!(!allows(&regexes, "https://app.example.com.evil.net"));
    }

    #[test]
    fn what_a_dfa_cannot_run_falls_back_to_the_set() {
        // A Unicode word boundary has no DFA.
        let regexes = compiled(&[r"https://\bapp\b\.example\.com"]);
        assert!(!regexes.is_dfa());
        assert!(allows(&regexes, "https://app.example.com"));
        assert!(!allows(&regexes, "https://xapp.example.com"));
        // Nor does a set whose DFA would outgrow the limit.
        let regexes = compiled(&[r"https://[a-z]{0,300}x[a-z]{30}\.example\.com"]);
        assert!(!regexes.is_dfa());
        let long = format!("https://{}x{}.example.com", "a".repeat(20), "b".repeat(30));
        assert!(allows(&regexes, &long));
        assert!(!allows(&regexes, "https://ax.example.com"));
    }

    #[test]
    fn uppercase_in_a_pattern_still_matches() {
        let mut found = Vec::new();
        let builder = CorsLayer::builder().allow_origin_regex(r"https://App\.example\.com");
        let set = compile(&builder, &mut found).unwrap();
        assert!(allows(&set, "https://app.example.com"));
    }
}

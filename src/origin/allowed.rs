//! [`AllowedOrigins`]: the origin half of a policy. Compiled from the
//! settings with every origin check of docs/behaviour.md §2 and §6; asked, per request,
//! for the `Access-Control-Allow-Origin` value.

use std::fmt;

use http::request::Parts;
use http::HeaderValue;

use super::host::{normalize_host, HostKind};
use super::pattern::repair;
use super::public_suffix::Suffixes;
use super::settings::{CredentialOptIns, OriginSettings};
use super::MAX_ORIGIN_LEN;
use super::{is_loopback, parse_pattern, HostPattern, Origin, OriginPattern, OriginSet};
use crate::decision::Refusal;
use crate::error::Problem;
use crate::head::Line;

/// Which origins are allowed, compiled.
pub(crate) enum AllowedOrigins {
    /// Any origin without credentials: `*`, the same answer for everyone.
    Public,
    /// Any canonical origin, reflected (credentials and the dangerous
    /// opt-in).
    ReflectAny { null: bool },
    /// The configured origins, patterns, regexes and predicates.
    Listed { set: OriginSet, null: bool },
}

impl AllowedOrigins {
    /// Validates the origin configuration, pushing every problem, and
    /// indexes it.
    pub(crate) fn compile(
        settings: &OriginSettings,
        problems: &mut Vec<Problem>,
    ) -> AllowedOrigins {
        let credentials = settings.credentials;
        let opt_ins = settings.opt_ins;
        let mut null = settings.null;
        let mut set = OriginSet::default();
        let mut star_in_list = false;
        let declared = declared_suffixes(&settings.public_suffixes, problems);
        let suffixes = Suffixes::new(&declared);

        for text in &settings.allowed.listed {
            if text == "*" {
                if !star_in_list {
                    problems.push(Problem::WildcardInOriginList);
                }
                star_in_list = true;
                continue;
            }
            if text.eq_ignore_ascii_case("null") {
                if settings.null {
                    null = true;
                } else {
                    problems.push(Problem::NullOriginWithoutOptIn);
                }
                continue;
            }
            match parse_pattern(text) {
                Ok(pattern) => {
                    if credentials {
                        check_credentialed_pattern(opt_ins, suffixes, text, &pattern, problems);
                    }
                    set.insert(&pattern);
                }
                Err(invalid) => problems.push(Problem::InvalidOrigin(invalid)),
            }
        }

        #[cfg(feature = "regex")]
        if !settings.regexes.is_empty() {
            let opt_ins = credentials.then_some(opt_ins);
            if let Some(regexes) =
                super::regex::compile(&settings.regexes, opt_ins, suffixes, problems)
            {
                set.set_regexes(regexes);
            }
        }
        #[cfg(all(feature = "serde", not(feature = "regex")))]
        for pattern in &settings.regexes {
            problems.push(Problem::RegexFeatureDisabled {
                pattern: pattern.clone(),
            });
        }
        for predicate in &settings.predicates {
            set.push_predicate(predicate.clone());
        }

        let any = settings.allowed.any;
        if any && !set.is_empty() {
            problems.push(Problem::AnyOriginWithList);
        }
        if any {
            if !credentials {
                return AllowedOrigins::Public;
            }
            if !opt_ins.any_origin {
                problems.push(Problem::CredentialsWithAnyOrigin);
            }
            return AllowedOrigins::ReflectAny { null };
        }
        if set.is_empty() && !null && problems.is_empty() {
            problems.push(Problem::NoOriginAllowed);
        }
        AllowedOrigins::Listed { set, null }
    }

    /// Whether the answer is the same for every origin (`*`).
    pub(crate) fn is_public(&self) -> bool {
        matches!(self, AllowedOrigins::Public)
    }

    /// Whether any origin predicate is configured.
    pub(crate) fn has_predicates(&self) -> bool {
        match self {
            AllowedOrigins::Listed { set, .. } => set.has_predicates(),
            _ => false,
        }
    }

    /// Checks a request's origin; on success returns the
    /// `Access-Control-Allow-Origin` value. Work is bounded by
    /// [`MAX_ORIGIN_LEN`]. Allocates nothing itself: an exact origin's value
    /// is rendered at build time, and a reflected origin is the request's
    /// own value, cloned by reference count (hyper's values are shared
    /// already; one built unshared, as `HeaderValue::from_str` builds them,
    /// costs `bytes` one allocation on its first clone).
    ///
    /// When only exact origins are configured, an origin that is not one
    /// of them byte for byte is refused at once, unread, as
    /// [`Refusal::OriginNotAllowed`]; [`reason`](Self::reason) tells
    /// whether it was canonical at all, for those who read the reason.
    pub(crate) fn check(
        &self,
        origin: Line<'_>,
        parts: Option<&Parts>,
    ) -> Result<HeaderValue, Refusal> {
        let (set, null) = match self {
            AllowedOrigins::Public => return Ok(HeaderValue::from_static("*")),
            AllowedOrigins::ReflectAny { null } => (None, *null),
            AllowedOrigins::Listed { set, null } => (Some(set), *null),
        };
        let value = origin.one().ok_or(Refusal::OriginNotCanonical)?;
        if value.len() > MAX_ORIGIN_LEN {
            return Err(Refusal::OriginNotCanonical);
        }
        if value == "null" {
            return if null {
                Ok(HeaderValue::from_static("null"))
            } else {
                Err(Refusal::OriginNotAllowed)
            };
        }
        // The common case first: an exact configured origin, canonical by
        // construction, so a hit needs no validation and no parsing.
        if let Some(set) = set {
            if let Some(rendered) = set.lookup_exact(value.as_bytes()) {
                return Ok(rendered.clone());
            }
            if set.is_exact_only() {
                return Err(Refusal::OriginNotAllowed);
            }
        }
        let text = value.to_str().map_err(|_| Refusal::OriginNotCanonical)?;
        let parsed = Origin::parse(text).ok_or(Refusal::OriginNotCanonical)?;
        match set {
            None => Ok(value.clone()),
            Some(set) if set.lookup_patterns(&parsed, parts) => Ok(value.clone()),
            Some(_) => Err(Refusal::OriginNotAllowed),
        }
    }

    /// The whole reason for a refusal `check` gave `origin`: an origin it
    /// refused unread is told apart as not canonical when it is not.
    pub(crate) fn reason(&self, origin: Line<'_>, refusal: Refusal) -> Refusal {
        let unread = matches!(self, AllowedOrigins::Listed { set, .. } if set.is_exact_only());
        match origin {
            Line::One(value)
                if unread && refusal == Refusal::OriginNotAllowed && value != "null" =>
            {
                let canonical = value.to_str().ok().and_then(Origin::parse).is_some();
                if canonical {
                    refusal
                } else {
                    Refusal::OriginNotCanonical
                }
            }
            _ => refusal,
        }
    }

    /// The "did you mean" for a refused `origin`: a configured origin it
    /// nearly is, or the wildcard that does not cover it.
    pub(crate) fn near_miss(&self, origin: &str) -> Option<String> {
        match self {
            AllowedOrigins::Listed { set, .. } => set.near_miss(origin),
            AllowedOrigins::Public | AllowedOrigins::ReflectAny { .. } => None,
        }
    }
}

impl fmt::Debug for AllowedOrigins {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllowedOrigins::Public => f.write_str("any (*)"),
            AllowedOrigins::ReflectAny { null } => write!(f, "any, reflected (null: {null})"),
            AllowedOrigins::Listed { set, null } => write!(f, "{set:?} (null: {null})"),
        }
    }
}

/// The suffixes a policy declares public, validated as canonical domain
/// names (lowercased, without a leading `*.` or trailing dot).
fn declared_suffixes(declared: &[String], problems: &mut Vec<Problem>) -> Vec<String> {
    let mut valid = Vec::with_capacity(declared.len());
    for text in declared {
        let lower = text.trim().to_ascii_lowercase();
        let name = lower.strip_prefix("*.").unwrap_or(&lower);
        let name = name.strip_suffix('.').unwrap_or(name);
        match normalize_host(name) {
            Ok((name, HostKind::Domain)) => valid.push(name),
            Ok(_) => problems.push(Problem::InvalidPublicSuffix {
                suffix: text.clone(),
                why: "an IP address",
            }),
            Err(why) => problems.push(Problem::InvalidPublicSuffix {
                suffix: text.clone(),
                why,
            }),
        }
    }
    valid
}

/// The origin forms refused with credentials unless opted in.
fn check_credentialed_pattern(
    opt_ins: CredentialOptIns,
    suffixes: Suffixes<'_>,
    text: &str,
    pattern: &OriginPattern,
    problems: &mut Vec<Problem>,
) {
    let host = pattern.host_text();
    if pattern.scheme == "http" && !is_loopback(host) && !opt_ins.over_http {
        let rest = &text[text.find("://").map_or(0, |i| i + 3)..];
        problems.push(Problem::CredentialsOverHttp {
            origin: text.to_owned(),
            fix: repair(&format!("https://{rest}")),
        });
    }
    if let HostPattern::Subdomains(domain) = &pattern.host {
        if opt_ins.public_suffix_wildcards {
            return;
        }
        if let Some(suffix) = suffixes.public_at_or_below(domain) {
            problems.push(Problem::CredentialsWithPublicSuffixWildcard {
                pattern: text.to_owned(),
                suffix,
            });
        }
    }
}

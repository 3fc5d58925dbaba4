//! [`OriginSettings`]: what the origin half of a policy is compiled from,
//! as the builder records it.

use super::Predicate;
use crate::list::List;

/// The origins a policy allows, as configured: nothing checked yet.
#[derive(Clone, Default)]
pub(crate) struct OriginSettings {
    /// Origins and origin patterns, as written, or [`Any`](crate::Any).
    pub(crate) allowed: List,
    /// Regular expressions, as written (the `regex` feature).
    pub(crate) regexes: Vec<String>,
    pub(crate) predicates: Vec<Predicate>,
    /// Whether the `null` origin may be allowed.
    pub(crate) null: bool,
    /// Whether the policy allows credentials.
    pub(crate) credentials: bool,
    pub(crate) opt_ins: CredentialOptIns,
    /// Domains to treat as public suffixes besides the list's, as written.
    pub(crate) public_suffixes: Vec<String>,
}

/// The `dangerously_*` opt-ins that let a credentialed origin through a
/// safety check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CredentialOptIns {
    pub(crate) any_origin: bool,
    pub(crate) over_http: bool,
    pub(crate) public_suffix_wildcards: bool,
    pub(crate) private_addresses: bool,
}

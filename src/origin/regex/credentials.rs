//! The checks a regex must pass to be used with credentials: it matches
//! only `https://` origins, and no host it admits can be a stranger's (a
//! name under a public suffix it does not spell out, or an IP address it
//! does not write out). Each is read on the pattern's own automaton.

use regex_syntax::hir::Hir;

use super::addresses::{addresses, Addresses};
use super::automaton::Automaton;
use super::names::{names, Names};
use super::spelling::Spelling;
use super::walk::Walk;
use super::{Budget, CredentialOptIns};
use crate::error::Problem;
use crate::origin::public_suffix::Suffixes;

/// Pushes a problem for each way `pattern` (its anchored tree cut down to
/// ASCII, `ascii`, and that tree's forward DFA) could let a stranger's
/// site read credentialed responses, unless its opt-in is set.
pub(super) fn check(
    pattern: &str,
    ascii: &Hir,
    forward: &Automaton,
    suffixes: Suffixes<'_>,
    opt_ins: CredentialOptIns,
    budget: &mut Budget,
    problems: &mut Vec<Problem>,
) {
    let owned = || pattern.to_owned();
    if !opt_ins.over_http && !is_https_only(forward) {
        problems.push(Problem::CredentialsWithRegexNotHttps { pattern: owned() });
    }
    if budget.is_spent() {
        // Reported once, for the pattern that spent it.
        return;
    }
    let walk = Walk::new(ascii, budget);
    let spelling = walk.as_ref().and_then(|_| Spelling::new(ascii, budget));
    let verdict = walk.zip(spelling).and_then(|(walk, spelling)| {
        let names = names(&walk, &spelling, suffixes, budget)?;
        let addresses = addresses(&walk, &spelling, budget)?;
        Some((names, addresses))
    });
    let Some((names, addresses)) = verdict else {
        if budget.is_spent() || budget.is_built_out() {
            problems.push(Problem::RegexAnalysisOverBudget { pattern: owned() });
        } else if !opt_ins.any_origin {
            problems.push(Problem::CredentialsWithUncheckableRegex { pattern: owned() });
        }
        return;
    };
    match names {
        Names::AnyUnder(suffix) if !opt_ins.public_suffix_wildcards => {
            problems.push(Problem::CredentialsWithPublicSuffixWildcard {
                pattern: owned(),
                suffix,
            });
        }
        Names::AnyDomain if !opt_ins.any_origin => {
            problems.push(Problem::CredentialsWithCatchAllRegex { pattern: owned() });
        }
        _ => {}
    }
    match addresses {
        Addresses::Public(example) if !opt_ins.any_origin => {
            problems.push(Problem::CredentialsWithIpAddressRegex {
                pattern: owned(),
                example,
            });
        }
        Addresses::Private(example) if !opt_ins.private_addresses && !opt_ins.any_origin => {
            problems.push(Problem::CredentialsWithPrivateAddressRegex {
                pattern: owned(),
                example,
            });
        }
        _ => {}
    }
}

/// Whether every origin `forward` matches starts with `https://`: past
/// each byte of `https://`, no other byte a canonical (lowercase) origin
/// can hold leads to a match.
fn is_https_only(forward: &Automaton) -> bool {
    let bytes: Vec<u8> = (0x21..=0x7e)
        .filter(|byte: &u8| !byte.is_ascii_uppercase())
        .collect();
    let live = forward.live_states(&bytes);
    let mut state = forward.start;
    for &expected in b"https://" {
        let strays = bytes
            .iter()
            .filter(|&&byte| byte != expected)
            .any(|&byte| live.contains(&forward.next(state, byte)));
        if strays {
            return false;
        }
        state = forward.next(state, expected);
    }
    true
}

//! Which domain names a credentialed regex lets a stranger choose.
//!
//! The host is read backwards on the reversed DFA ([`Walk`]), one label at
//! a time: the top-level label, then the label before it, and so on. Where
//! the suffix read so far is empty or a public suffix, anyone can register
//! the next label, so every name the expression allows there must be
//! written out in it ([`Spelling`]), and there may be at most [`CHOICES`]
//! of them (counted over every port). Under a registrable domain the walk
//! goes on only to the public suffixes the list puts below it
//! (`s3.amazonaws.com` under `amazonaws.com`); the rest is its owner's.

use regex_automata::util::primitives::StateID;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::spelling::Spelling;
use super::walk::Walk;
use super::Budget;
use crate::origin::public_suffix::Suffixes;

/// More names than this where anyone can register one are not a list of
/// names someone owns, even spelled out (71 country sites are; a thousand
/// brands in one expression are a generated list).
pub(super) const CHOICES: usize = 256;

/// The positions explored at most (a label read under a suffix is one).
/// Past this the expression spans more suffixes than a list of names would.
const POSITIONS: usize = 4096;

/// What the expression lets a stranger choose among domain names.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Names {
    /// Nothing: every registrable domain it matches is one of a few it
    /// spells out.
    Named,
    /// Any name directly under this public suffix.
    AnyUnder(String),
    /// Domains under suffixes it does not spell out: the top-level label,
    /// or too many public suffixes, are left open.
    AnyDomain,
}

/// The walk, for an expression that writes out what `spelling` says.
/// `None` past the budget.
pub(super) fn names(
    walk: &Walk,
    spelling: &Spelling,
    suffixes: Suffixes<'_>,
    budget: &mut Budget,
) -> Option<Names> {
    // (state before the label, read backwards; the suffix after it). A
    // position is open (anyone can register the next label) or sits on a
    // registrable domain with public suffixes below it.
    let mut positions: Vec<(StateID, String)> = walk
        .host_ends()
        .into_iter()
        .map(|state| (state, String::new()))
        .collect();
    let mut seen: HashSet<(StateID, String)> = positions.iter().cloned().collect();
    // The names allowed under each open suffix, over every position (one
    // per port, say) that has it.
    let mut named: HashMap<String, HashSet<String>> = HashMap::default();
    let mut at = 0;
    while let Some((state, suffix)) = positions.get(at).cloned() {
        at += 1;
        if at > POSITIONS {
            return Some(Names::AnyDomain);
        }
        let mut push = |state: StateID, name: String| {
            if seen.insert((state, name.clone())) {
                positions.push((state, name));
            }
        };
        let open = suffix.is_empty() || suffixes.is_public_suffix(&suffix);
        if !open {
            // A registrable domain: its own names are its owner's, but a
            // wildcard rule makes each name under it public, and other
            // rules name public suffixes further below.
            if suffixes.public_at_or_below(&suffix).is_none() {
                continue;
            }
            if suffixes.is_wildcard_domain(&suffix) {
                let labels = walk.labels(state, CHOICES, budget)?;
                if labels.len() > CHOICES {
                    let first = labels.first().map(|(label, _)| label.as_str());
                    return Some(Names::AnyUnder(format!(
                        "{}.{suffix}",
                        first.unwrap_or("*")
                    )));
                }
                for (label, end) in labels {
                    let before = walk.next(end, b'.');
                    if walk.is_live(before) {
                        push(before, format!("{label}.{suffix}"));
                    }
                }
            }
            for stem in suffixes.below(&suffix) {
                let extra = &stem[..stem.len() - suffix.len() - 1];
                budget.spend(extra.len())?;
                let Some(end) = walk.read(state, extra.bytes().rev()) else {
                    continue;
                };
                let before = walk.next(end, b'.');
                if walk.is_live(before) {
                    push(before, stem.to_owned());
                }
            }
            continue;
        }
        let mut labels = walk.labels(state, CHOICES, budget)?;
        if suffix.is_empty() {
            // A top-level label of digits only makes an IPv4 address:
            // `addresses` judges those.
            labels.retain(|(label, _)| !label.bytes().all(|b| b.is_ascii_digit()));
        }
        let here = named.entry(suffix.clone()).or_default();
        here.extend(labels.iter().map(|(label, _)| label.clone()));
        let wide = labels.len() > CHOICES || here.len() > CHOICES;
        let mut made_up = false;
        if !wide {
            for (label, _) in &labels {
                if !spelling.writes_label(label, budget)? {
                    made_up = true;
                    break;
                }
            }
        }
        if wide || made_up {
            return Some(if suffix.is_empty() {
                Names::AnyDomain
            } else {
                Names::AnyUnder(suffix)
            });
        }
        for (label, end) in labels {
            let before = walk.next(end, b'.');
            if walk.is_live(before) {
                let longer = if suffix.is_empty() {
                    label
                } else {
                    format!("{label}.{suffix}")
                };
                push(before, longer);
            }
        }
    }
    Some(Names::Named)
}

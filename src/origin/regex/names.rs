//! Which domain names a credentialed regex lets a stranger choose.
//!
//! The host is read backwards on the reversed DFA ([`Walk`]), one label at
//! a time: the top-level label, then the label before it, and so on. Where
//! the suffix read so far is empty or a public suffix, anyone can register
//! the next label, so every name the expression allows there must be
//! spelled out in it, and there may be at most [`CHOICES`] of them (counted
//! over every port). Under a registrable domain the walk goes on only as
//! deep as a public suffix can sit there (`s3.amazonaws.com` under
//! `amazonaws.com`); what is left of it otherwise belongs to its owner.

use regex_automata::util::primitives::StateID;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

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

/// How many labels deep a public suffix can sit: the walk goes no further
/// under a registrable domain.
const DEPTH: usize = 8;

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

/// The walk, for an expression whose text, as [`spelled`], is `spelled`.
/// `None` past the budget.
pub(super) fn names(
    walk: &Walk,
    spelled: &str,
    suffixes: Suffixes<'_>,
    budget: &mut Budget,
) -> Option<Names> {
    // (state before the label, read backwards; the suffix after it;
    // labels read under the last public suffix)
    let mut positions: Vec<(StateID, String, usize)> = walk
        .host_ends()
        .into_iter()
        .map(|state| (state, String::new(), 0))
        .collect();
    let mut seen: HashSet<(StateID, String)> = positions
        .iter()
        .map(|(state, suffix, _)| (*state, suffix.clone()))
        .collect();
    // The names allowed under each open suffix, over every position (one
    // per port, say) that has it.
    let mut named: HashMap<String, HashSet<String>> = HashMap::default();
    let mut at = 0;
    while let Some((state, suffix, depth)) = positions.get(at).cloned() {
        at += 1;
        if at > POSITIONS {
            return Some(Names::AnyDomain);
        }
        let mut labels = walk.labels(state, CHOICES, budget)?;
        if suffix.is_empty() {
            // A top-level label of digits only makes an IPv4 address:
            // `addresses` judges those.
            labels.retain(|(label, _)| !label.bytes().all(|b| b.is_ascii_digit()));
        }
        let open = suffix.is_empty() || suffixes.is_public_suffix(&suffix);
        let wide = labels.len() > CHOICES;
        if open {
            let here = named.entry(suffix.clone()).or_default();
            here.extend(labels.iter().map(|(label, _)| label.clone()));
            let made_up = labels.iter().any(|(label, _)| !is_spelled(label, spelled));
            if wide || here.len() > CHOICES || made_up {
                return Some(if suffix.is_empty() {
                    Names::AnyDomain
                } else {
                    Names::AnyUnder(suffix)
                });
            }
        } else if wide {
            // Any name under a registrable domain is its owner's, unless
            // the names there are public suffixes themselves (a wildcard
            // rule, such as `*.compute.amazonaws.com`).
            let public = labels
                .iter()
                .map(|(label, _)| format!("{label}.{suffix}"))
                .find(|name| suffixes.is_public_suffix(name));
            if let Some(public) = public {
                return Some(Names::AnyUnder(public));
            }
            // The names are too many to read one by one: look for the
            // public suffixes the list puts under this domain instead
            // (`.*\.amazonaws\.com` reaches `s3.amazonaws.com`).
            for stem in suffixes.below(&suffix) {
                let extra = &stem[..stem.len() - suffix.len() - 1];
                let Some(end) = walk.read(state, extra.bytes().rev()) else {
                    continue;
                };
                let before = walk.next(end, b'.');
                if walk.is_live(before) && seen.insert((before, stem.to_owned())) {
                    positions.push((before, stem.to_owned(), 0));
                }
            }
            continue;
        } else if depth >= DEPTH {
            continue;
        }
        for (label, end) in labels {
            let longer = if suffix.is_empty() {
                label
            } else {
                format!("{label}.{suffix}")
            };
            let before = walk.next(end, b'.');
            if !walk.is_live(before) {
                continue;
            }
            let depth = if suffixes.is_public_suffix(&longer) {
                0
            } else {
                depth + 1
            };
            if seen.insert((before, longer.clone())) {
                positions.push((before, longer, depth));
            }
        }
    }
    Some(Names::Named)
}

/// The text a pattern spells its names in: lowercase, with the two
/// characters that match an ASCII letter case-insensitively (`ſ`, the
/// Kelvin sign) written as that letter.
pub(super) fn spelled(pattern: &str) -> String {
    pattern
        .chars()
        .map(|c| match c {
            '\u{17f}' => 's',
            '\u{212a}' => 'k',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Whether `label` is written in the pattern's text `spelled`: as a word of
/// its own (`a` in `(a|b)`), or with every part between hyphens at least
/// two characters long and written whole or as pieces of two or more
/// characters (`acme-staging` in `acme(-staging|-dev)?`, `acmeus` in
/// `acme(us|eu)`). Not `acme-7` in `acme-[a-z0-9]`, nor `q` because a
/// comment holds the letter.
pub(super) fn is_spelled(label: &str, spelled: &str) -> bool {
    let is_label_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    let as_word = spelled.match_indices(label).any(|(at, _)| {
        let before = at.checked_sub(1).and_then(|i| spelled.as_bytes().get(i));
        let after = spelled.as_bytes().get(at + label.len());
        !before.is_some_and(|&b| is_label_byte(b)) && !after.is_some_and(|&b| is_label_byte(b))
    });
    as_word
        || label
            .split('-')
            .filter(|part| !part.is_empty())
            .all(|part| part.len() >= 2 && (spelled.contains(part) || in_pieces(part, spelled)))
}

/// Whether `part` is a run of pieces of `spelled`, each at least two bytes
/// long.
fn in_pieces(part: &str, spelled: &str) -> bool {
    // `ends[i]`: the first `i` bytes of `part` are such a run.
    let mut ends = vec![false; part.len() + 1];
    ends[0] = true;
    for end in 2..=part.len() {
        ends[end] = (0..=end - 2).any(|start| {
            ends[start]
                && part
                    .get(start..end)
                    .is_some_and(|piece| spelled.contains(piece))
        });
    }
    ends[part.len()]
}

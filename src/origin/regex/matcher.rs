//! The regexes as they run at request time: fully built DFAs over ASCII,
//! one table lookup per byte of the origin. Every configured regex is in
//! one of them, so a request costs at most one pass over its origin per
//! DFA, and there are at most [`MAX_DFAS`] of them: bounded whatever the
//! patterns are.

use regex_automata::util::primitives::StateID;
use regex_syntax::hir::Hir;

use super::automaton::{Automaton, Direction};
use super::Budget;
use crate::origin::Origin;

/// The most memory one regex's DFA may take. A pattern past it
/// (`[a-z]{0,300}x[a-z]{30}` must remember 30 positions) is refused as too
/// complex, never matched by a slower engine.
pub(super) const REGEX_LIMIT: usize = 1 << 20;

/// The most memory the DFA of several regexes together may take before
/// they are split into smaller groups.
const GROUP_LIMIT: usize = 4 << 20;

/// Up to this many regexes, a DFA of them all is minimised (a union of
/// tenant patterns shrinks about fortyfold, and stays in cache).
const MINIMIZE_UP_TO: usize = 128;

/// The most DFAs a policy's regexes may need: past it, the policy is
/// refused as too complex to match cheaply.
pub(super) const MAX_DFAS: usize = 16;

/// The compiled regular expressions, matched against whole canonical
/// origins.
pub(crate) struct Regexes {
    count: usize,
    dfas: Vec<Dfa>,
}

/// One DFA, with the states it is in at the start of an origin and after
/// `https://` and `http://`: an origin with one of those schemes (the
/// parser has read it already) is walked from past it.
struct Dfa {
    automaton: Automaton,
    after_https: StateID,
    after_http: StateID,
}

impl Dfa {
    fn new(automaton: Automaton) -> Dfa {
        let after_https = automaton.walk(automaton.start, b"https://");
        let after_http = automaton.walk(automaton.start, b"http://");
        Dfa {
            automaton,
            after_https,
            after_http,
        }
    }

    fn is_match(&self, origin: &Origin<'_>) -> bool {
        let text = origin.as_str().as_bytes();
        let (mut state, skipped) = match origin.scheme() {
            "https" => (self.after_https, "https://".len()),
            "http" => (self.after_http, "http://".len()),
            _ => (self.automaton.start, 0),
        };
        let dfa = &self.automaton.dfa;
        for &byte in text.get(skipped..).unwrap_or_default() {
            if regex_automata::dfa::Automaton::is_dead_state(dfa, state) {
                return false;
            }
            state = self.automaton.next(state, byte);
        }
        // Every expression ends in `\z`, so a match can only end at the
        // end of the origin: the state past it says.
        self.automaton.matches_at_end(state)
    }
}

impl Regexes {
    /// Groups the regexes into as few DFAs as fit [`GROUP_LIMIT`], given
    /// each one's own DFA (`alone`, built within [`REGEX_LIMIT`]). A union
    /// may take at most twice what its members take alone (plus a little),
    /// so that one that will not fit gives up early. `None` when they need
    /// more than [`MAX_DFAS`], or the budget runs out.
    pub(super) fn group(
        trees: Vec<Hir>,
        alone: Vec<Automaton>,
        budget: &mut Budget,
    ) -> Option<Regexes> {
        let count = trees.len();
        let mut dfas = Vec::new();
        let mut pending: Vec<(Vec<Hir>, Vec<Automaton>)> = vec![(trees, alone)];
        while let Some((trees, mut alone)) = pending.pop() {
            let parts: usize = alone.iter().map(Automaton::memory_usage).sum();
            let mut union = || {
                Automaton::build(
                    &Hir::alternation(trees.clone()),
                    Direction::Forward,
                    GROUP_LIMIT.min(2 * parts + (64 << 10)),
                    trees.len() <= MINIMIZE_UP_TO,
                    budget,
                )
            };
            if trees.len() == 1 {
                dfas.push(Dfa::new(alone.pop()?));
            } else if let Some(union) = union() {
                dfas.push(Dfa::new(union));
            } else {
                let half = trees.len() / 2;
                let (mut trees, mut alone) = (trees, alone);
                let later = (trees.split_off(half), alone.split_off(half));
                pending.push(later);
                pending.push((trees, alone));
            }
            if dfas.len() + pending.len() > MAX_DFAS {
                return None;
            }
        }
        Some(Regexes { count, dfas })
    }

    /// Whether any expression matches the whole of the canonical `origin`.
    pub(crate) fn is_match(&self, origin: &Origin<'_>) -> bool {
        self.dfas.iter().any(|dfa| dfa.is_match(origin))
    }

    /// How many expressions there are.
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// How many DFAs run them.
    #[cfg(test)]
    pub(super) fn dfas(&self) -> usize {
        self.dfas.len()
    }
}

//! The one way the crate turns a regex's syntax tree into an automaton:
//! an anchored dense DFA over ASCII, forwards (what runs at request time,
//! and what the https check reads) or backwards (what the credential
//! analysis reads host first). Every DFA is built under a memory bound, so
//! building costs bounded time; one that passes it is `None`.

use regex_automata::dfa::{dense, Automaton as _, StartKind};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::{primitives::StateID, start};
use regex_automata::Anchored;
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Repetition,
};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::Budget;

/// Which way an automaton reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Forward,
    Reverse,
}

/// An anchored DFA and the state it starts in.
pub(super) struct Automaton {
    pub(super) dfa: dense::DFA<Vec<u32>>,
    pub(super) start: StateID,
}

impl Automaton {
    /// Builds the DFA of `hir` ([`ascii_only`] already applied), within
    /// `limit` bytes (and what is left of the policy's `budget`) while it is
    /// determinised and once built; minimised when `minimize` is set. The
    /// budget is charged what was built, or the whole bound on failure.
    pub(super) fn build(
        hir: &Hir,
        direction: Direction,
        limit: usize,
        minimize: bool,
        budget: &mut Budget,
    ) -> Option<Automaton> {
        let limit = budget.bound(limit)?;
        let built = Self::build_within(hir, direction, limit, minimize);
        budget.charge(built.as_ref().map_or(limit, |a| a.dfa.memory_usage()));
        built
    }

    fn build_within(
        hir: &Hir,
        direction: Direction,
        limit: usize,
        minimize: bool,
    ) -> Option<Automaton> {
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .reverse(direction == Direction::Reverse)
                    .which_captures(WhichCaptures::None)
                    .nfa_size_limit(Some(limit)),
            )
            .build_from_hir(hir)
            .ok()?;
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .start_kind(StartKind::Anchored)
                    // Origins are ASCII: a Unicode `\b` only has to work on
                    // the bytes fed here (the DFA gives up on any other).
                    .unicode_word_boundary(true)
                    .minimize(minimize)
                    .determinize_size_limit(Some(limit))
                    .dfa_size_limit(Some(limit)),
            )
            .build_from_nfa(&nfa)
            .ok()?;
        let start = dfa
            .start_state(&start::Config::new().anchored(Anchored::Yes))
            .ok()?;
        Some(Automaton { dfa, start })
    }

    /// The bytes the DFA holds.
    pub(super) fn memory_usage(&self) -> usize {
        self.dfa.memory_usage()
    }

    /// The state after `byte`.
    pub(super) fn next(&self, state: StateID, byte: u8) -> StateID {
        self.dfa.next_state(state, byte)
    }

    /// The state after `bytes`.
    pub(super) fn walk(&self, state: StateID, bytes: &[u8]) -> StateID {
        bytes.iter().fold(state, |at, &byte| self.next(at, byte))
    }

    /// Whether the input read so far, ending here, is a match.
    pub(super) fn matches_at_end(&self, state: StateID) -> bool {
        self.dfa.is_match_state(self.dfa.next_eoi_state(state))
    }

    /// The states reachable from the start on `bytes` from which `bytes`
    /// still lead to a match at the end of the input.
    pub(super) fn live_states(&self, bytes: &[u8]) -> HashSet<StateID> {
        let usable =
            |state: StateID| !self.dfa.is_dead_state(state) && !self.dfa.is_quit_state(state);
        let mut states = vec![self.start];
        let mut seen: HashSet<StateID> = states.iter().copied().collect();
        let mut at = 0;
        while let Some(&state) = states.get(at) {
            at += 1;
            if !usable(state) {
                continue;
            }
            for &byte in bytes {
                let next = self.next(state, byte);
                if seen.insert(next) {
                    states.push(next);
                }
            }
        }
        states.retain(|&s| usable(s));
        let matching = states.iter().copied().filter(|&s| self.matches_at_end(s));
        self.distances(&states, bytes, matching)
            .into_keys()
            .collect()
    }

    /// For each of `states` from which `bytes` lead to one of `targets`,
    /// the fewest bytes it takes (0 for a target): one breadth-first sweep
    /// backwards over the transitions.
    pub(super) fn distances(
        &self,
        states: &[StateID],
        bytes: &[u8],
        targets: impl Iterator<Item = StateID>,
    ) -> HashMap<StateID, usize> {
        let mut into: HashMap<StateID, Vec<StateID>> = HashMap::default();
        for &state in states {
            for &byte in bytes {
                into.entry(self.next(state, byte)).or_default().push(state);
            }
        }
        let mut queue: Vec<StateID> = targets.collect();
        let mut distance: HashMap<StateID, usize> = queue.iter().map(|&s| (s, 0)).collect();
        let mut at = 0;
        while let Some(&state) = queue.get(at) {
            at += 1;
            let further = distance.get(&state).map_or(0, |d| d + 1);
            for &before in into.get(&state).map_or(&[][..], Vec::as_slice) {
                if let std::collections::hash_map::Entry::Vacant(entry) = distance.entry(before) {
                    entry.insert(further);
                    queue.push(before);
                }
            }
        }
        distance
    }
}

/// `hir` with every class cut down to its ASCII members. An origin is
/// ASCII, so this changes no match, and a Unicode class such as `\w` would
/// multiply the DFA's states.
pub(super) fn ascii_only(hir: &Hir) -> Hir {
    classes_within(hir, 0, 0x7f)
}

/// `hir` with every class cut down to the bytes `low..=high` (literals are
/// left as they are).
pub(super) fn classes_within(hir: &Hir, low: u8, high: u8) -> Hir {
    let within = |sub: &Hir| classes_within(sub, low, high);
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassUnicode::new([ClassUnicodeRange::new(
                char::from(low),
                char::from(high),
            )]));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassBytes::new([ClassBytesRange::new(low, high)]));
            Hir::class(Class::Bytes(class))
        }
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(within(&repetition.sub)),
            ..repetition.clone()
        }),
        HirKind::Capture(capture) => Hir::capture(Capture {
            sub: Box::new(within(&capture.sub)),
            ..capture.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(within).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(within).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => hir.clone(),
    }
}

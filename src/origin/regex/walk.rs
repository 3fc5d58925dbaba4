//! A regex's hosts read the way the credential analysis needs them: its
//! DFA reversed, walked from the end of the origin (past an optional port)
//! towards the scheme, one label or one address at a time.

use regex_automata::dfa::Automaton as _;
use regex_automata::util::primitives::StateID;
use regex_syntax::hir::Hir;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::automaton::{Automaton, Direction};
use super::Budget;

/// The DFA's memory bound for the analysis; past it, no answer.
const LIMIT: usize = 1 << 20;

/// The bytes of a label of a canonical (lowercase) host.
pub(super) const LABEL: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789-_";

/// Every byte a canonical origin is made of.
const ORIGIN: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789-_.:/[]";

/// A byte no origin holds: in a pattern's spelling it stands for what the
/// pattern does not write out (a class, a repetition).
pub(super) const GAP: u8 = 0;

/// A byte no origin holds: in a pattern's spelling it stands where an
/// optional part holding a dot was left out, a label boundary.
pub(super) const BOUNDARY: u8 = 1;

/// [`ORIGIN`], the gap and the boundary.
pub(super) const ORIGIN_AND_GAP: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789-_.:/[]\0\x01";

/// The reversed expression's DFA, with what the analysis needs of each
/// state reachable on origin bytes.
pub(super) struct Walk {
    automaton: Automaton,
    /// States from which the rest of an origin (read backwards) can reach a
    /// match.
    live: HashSet<StateID>,
    /// For a live state, the fewest label bytes that lead to the end of a
    /// label (a state after which `.` or the `//` of the scheme can come).
    to_label_end: HashMap<StateID, usize>,
    /// Whether a port may also be a [`GAP`] (a spelling's `:\d+`).
    gaps: bool,
}

impl Walk {
    /// The walk over `ascii`, an anchored expression cut down to ASCII;
    /// `None` when its reversed DFA is too large to read.
    pub(super) fn new(ascii: &Hir, budget: &mut Budget) -> Option<Walk> {
        Walk::build(ascii, false, budget)
    }

    /// The walk over a pattern's spelling, whose gaps count as origin
    /// bytes (a port written `:\d+` is a gap after `:`).
    pub(super) fn with_gaps(spelling: &Hir, budget: &mut Budget) -> Option<Walk> {
        Walk::build(spelling, true, budget)
    }

    fn build(hir: &Hir, gaps: bool, budget: &mut Budget) -> Option<Walk> {
        let automaton = Automaton::build(hir, Direction::Reverse, LIMIT, false, budget)?;
        let live = automaton.live_states(if gaps { ORIGIN_AND_GAP } else { ORIGIN });
        let mut walk = Walk {
            automaton,
            live,
            to_label_end: HashMap::default(),
            gaps,
        };
        let states: Vec<StateID> = walk.live.iter().copied().collect();
        let ends = states.iter().copied().filter(|&s| walk.is_label_end(s));
        walk.to_label_end = walk.automaton.distances(&states, LABEL, ends);
        Some(walk)
    }

    pub(super) fn next(&self, state: StateID, byte: u8) -> StateID {
        self.automaton.next(state, byte)
    }

    /// The state after `bytes`, read in the order given, if it is live.
    pub(super) fn read(&self, state: StateID, bytes: impl Iterator<Item = u8>) -> Option<StateID> {
        let mut at = state;
        for byte in bytes {
            at = self.next(at, byte);
            if !self.is_live(at) {
                return None;
            }
        }
        Some(at)
    }

    pub(super) fn is_live(&self, state: StateID) -> bool {
        self.live.contains(&state)
    }

    /// Whether the host can start at `state` (read backwards, the `//` of
    /// the scheme comes next).
    pub(super) fn is_host_start(&self, state: StateID) -> bool {
        self.is_live(self.next(state, b'/'))
    }

    /// Whether a label can end at `state`: a `.` (another label) or the
    /// scheme's `//` comes next, read backwards.
    fn is_label_end(&self, state: StateID) -> bool {
        self.is_live(self.next(state, b'.')) || self.is_host_start(state)
    }

    /// The states a host can end in (read backwards, where it starts): the
    /// end of the origin, or past a port of up to five digits and its `:`.
    pub(super) fn host_ends(&self) -> Vec<StateID> {
        let start = self.automaton.start;
        let mut ends = vec![start];
        let mut digits = vec![start];
        if self.gaps {
            // A port the spelling does not write (`:\d+`): gaps, then `:`.
            let mut gaps = start;
            for _ in 0..8 {
                gaps = self.next(gaps, GAP);
                let host = self.next(gaps, b':');
                if self.is_live(host) && !ends.contains(&host) {
                    ends.push(host);
                }
            }
        }
        for _ in 0..5 {
            let mut next: Vec<StateID> = Vec::new();
            for &state in &digits {
                for byte in b'0'..=b'9' {
                    let after = self.next(state, byte);
                    if self.is_live(after) && !next.contains(&after) {
                        next.push(after);
                    }
                }
            }
            for &state in &next {
                let host = self.next(state, b':');
                if self.is_live(host) && !ends.contains(&host) {
                    ends.push(host);
                }
            }
            digits = next;
        }
        ends.retain(|&state| self.is_live(state));
        ends
    }

    /// The labels readable (backwards) from `state`, each with the state
    /// after it; at most `cap + 1` of them. `None` past the budget.
    pub(super) fn labels(
        &self,
        state: StateID,
        cap: usize,
        budget: &mut Budget,
    ) -> Option<Vec<(String, StateID)>> {
        let mut found = Vec::new();
        let mut reversed = Vec::new();
        let ends = |walk: &Walk, at: StateID| walk.to_label_end.get(&at).copied();
        self.collect(
            state,
            &Search {
                alphabet: LABEL,
                longest: 63,
                cap,
                to_end: &ends,
            },
            &mut reversed,
            &mut found,
            budget,
        )?;
        Some(found)
    }

    /// The strings over `search.alphabet` readable (backwards) from
    /// `state` that end where `search.to_end` says 0, depth first.
    pub(super) fn collect(
        &self,
        state: StateID,
        search: &Search<'_>,
        reversed: &mut Vec<u8>,
        found: &mut Vec<(String, StateID)>,
        budget: &mut Budget,
    ) -> Option<()> {
        for &byte in search.alphabet {
            if found.len() > search.cap {
                return Some(());
            }
            budget.spend(1)?;
            let next = self.next(state, byte);
            if self.automaton.dfa.is_dead_state(next) {
                continue;
            }
            let Some(distance) = (search.to_end)(self, next) else {
                continue;
            };
            let length = reversed.len() + 1;
            if length + distance > search.longest {
                continue;
            }
            reversed.push(byte);
            if distance == 0 {
                let text = reversed.iter().rev().map(|&b| char::from(b)).collect();
                found.push((text, next));
            }
            if length < search.longest {
                self.collect(next, search, reversed, found, budget)?;
            }
            reversed.pop();
        }
        Some(())
    }
}

/// What [`Walk::collect`] looks for.
pub(super) struct Search<'a> {
    /// The bytes a string is made of.
    pub(super) alphabet: &'a [u8],
    /// Its most bytes.
    pub(super) longest: usize,
    /// How many strings are enough to stop.
    pub(super) cap: usize,
    /// For a state, how many more bytes at least until a string can end
    /// there (0: it can end here); `None` when none can.
    pub(super) to_end: &'a dyn Fn(&Walk, StateID) -> Option<usize>,
}

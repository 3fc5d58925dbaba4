//! What a pattern writes out: the strings it matches using only its
//! literal characters. A name or an address counts as the user's own only
//! if the pattern spells it this way, never if a class, a repetition or a
//! comment supplies part of it: `acme(-staging)?\.vercel\.app` writes
//! `acme` and `acme-staging`; `(www\W)?example\.com` writes `example`,
//! never `www-example`; `(ex|am){1,4}\.com` writes no name at all.
//!
//! The spelling is an automaton too: the pattern with every class of more
//! than one character (after case folding), and every repetition that can
//! repeat, replaced by a gap byte that no host holds, so that a label next
//! to one is never written out; and an optional part that holds a dot,
//! left out, replaced by a boundary byte, so that skipping the dot never
//! writes the joined label.

use regex_automata::util::primitives::StateID;
use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange, Hir, HirKind, Repetition};
use rustc_hash::FxHashSet as HashSet;

use super::automaton::{Automaton, Direction};
use super::walk::{Walk, BOUNDARY, GAP, ORIGIN_AND_GAP};
use super::Budget;

/// The memory bound of the spelling's automata.
const LIMIT: usize = 1 << 20;

/// A pattern's spelling, forwards (to ask whether it writes a label) and
/// reversed (to list the addresses it writes).
pub(super) struct Spelling {
    forward: Automaton,
    live: HashSet<StateID>,
    reversed: Walk,
}

impl Spelling {
    /// The spelling of `ascii`, an anchored expression cut down to ASCII;
    /// `None` when its automata pass their bound.
    pub(super) fn new(ascii: &Hir, budget: &mut Budget) -> Option<Spelling> {
        let literal = written(ascii);
        let forward = Automaton::build(&literal, Direction::Forward, LIMIT, false, budget)?;
        let live = forward.live_states(ORIGIN_AND_GAP);
        let reversed = Walk::with_gaps(&literal, budget)?;
        Some(Spelling {
            forward,
            live,
            reversed,
        })
    }

    /// Whether the pattern writes `label` out as a whole label of a host:
    /// after `.` or `//`, before `.`, `:` or the end. `None` past the
    /// budget.
    pub(super) fn writes_label(&self, label: &str, budget: &mut Budget) -> Option<bool> {
        budget.spend(self.live.len() * (label.len() + 2))?;
        let is_live = |state: StateID| self.live.contains(&state);
        let written = self.live.iter().any(|&state| {
            [b'.', b'/', BOUNDARY].iter().any(|&before| {
                let start = self.forward.next(state, before);
                let end = label.bytes().try_fold(start, |at, byte| {
                    is_live(at).then(|| self.forward.next(at, byte))
                });
                end.is_some_and(|end| {
                    is_live(end)
                        && (is_live(self.forward.next(end, b'.'))
                            || is_live(self.forward.next(end, b':'))
                            || is_live(self.forward.next(end, BOUNDARY))
                            || self.forward.matches_at_end(end))
                })
            })
        });
        Some(written)
    }

    /// The reversed automaton of what the pattern writes, to read its
    /// hosts.
    pub(super) fn walk(&self) -> &Walk {
        &self.reversed
    }
}

/// The most members a class may have and still be a short list of names.
const FEW: usize = 4;

/// A class's members, ASCII, lowercased, once each.
fn members(class: &Class) -> Vec<u8> {
    let mut bytes: Vec<u8> = match class {
        Class::Unicode(class) => class
            .iter()
            .flat_map(|range| range.start()..=range.end())
            .filter_map(|c| u8::try_from(c).ok())
            .collect(),
        Class::Bytes(class) => class
            .iter()
            .flat_map(|range| range.start()..=range.end())
            .collect(),
    };
    bytes.iter_mut().for_each(u8::make_ascii_lowercase);
    bytes.sort_unstable();
    bytes.dedup();
    bytes
}

/// `hir` as a short list of one-character names: a class (maybe in a
/// group) of at most [`FEW`] letters or digits, at least one a letter.
fn short_list(hir: &Hir) -> Option<Hir> {
    let class = match hir.kind() {
        HirKind::Class(class) => class,
        HirKind::Capture(capture) => match capture.sub.kind() {
            HirKind::Class(class) => class,
            _ => return None,
        },
        _ => return None,
    };
    let bytes = members(class);
    let short = (2..=FEW).contains(&bytes.len())
        && bytes.iter().all(u8::is_ascii_alphanumeric)
        && bytes.iter().any(u8::is_ascii_alphabetic);
    short.then(|| {
        Hir::class(Class::Bytes(ClassBytes::new(
            bytes.iter().map(|&b| ClassBytesRange::new(b, b)),
        )))
    })
}

/// The first byte `hir` always starts with, if it is a literal.
fn first_byte(hir: &Hir) -> Option<u8> {
    match hir.kind() {
        HirKind::Literal(literal) => literal.0.first().copied(),
        HirKind::Capture(capture) => first_byte(&capture.sub),
        HirKind::Concat(subs) => subs.first().and_then(first_byte),
        _ => None,
    }
}

/// The last byte `hir` always ends with, if it is a literal.
fn last_byte(hir: &Hir) -> Option<u8> {
    match hir.kind() {
        HirKind::Literal(literal) => literal.0.last().copied(),
        HirKind::Capture(capture) => last_byte(&capture.sub),
        HirKind::Concat(subs) => subs.last().and_then(last_byte),
        _ => None,
    }
}

/// Whether `hir` can match a literal `.`.
fn writes_dot(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Literal(literal) => literal.0.contains(&b'.'),
        HirKind::Repetition(repetition) => writes_dot(&repetition.sub),
        HirKind::Capture(capture) => writes_dot(&capture.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(writes_dot),
        HirKind::Class(_) | HirKind::Empty | HirKind::Look(_) => false,
    }
}

/// `hir` (cut down to ASCII) matching only what it writes out: a class is
/// kept only when it is one character (in either case), a repetition only
/// as "once" or "optional" (an optional part that holds a dot is a
/// [`BOUNDARY`] when left out); any other class is a [`GAP`], and a
/// repetition of more is a gap followed by one round.
fn written(hir: &Hir) -> Hir {
    let gap = || Hir::literal([GAP]);
    match hir.kind() {
        HirKind::Class(class) => match members(class)[..] {
            [one] => Hir::literal([one]),
            // A class writes nothing, not even a short one, unless it is
            // a whole label by itself (see `Concat`): a few letters in a
            // row of classes are hundreds of names.
            _ => gap(),
        },
        HirKind::Repetition(repetition) => match repetition.max {
            // Optional, and holding a dot: left out, it would join the
            // labels on either side into one nobody wrote (`www\.?example`
            // is not `wwwexample`), so its absence is a label boundary.
            Some(1) if repetition.min == 0 && writes_dot(&repetition.sub) => {
                Hir::alternation(vec![written(&repetition.sub), Hir::literal([BOUNDARY])])
            }
            Some(1) => Hir::repetition(Repetition {
                sub: Box::new(written(&repetition.sub)),
                ..repetition.clone()
            }),
            // Repeated: what the last round writes, after a gap for the
            // rounds before it (`([a-z]+\.)+example` still writes
            // `.example`).
            _ => {
                let repeated = Hir::concat(vec![gap(), written(&repetition.sub)]);
                if repetition.min == 0 {
                    Hir::alternation(vec![Hir::empty(), repeated])
                } else {
                    repeated
                }
            }
        },
        HirKind::Capture(capture) => written(&capture.sub),
        HirKind::Concat(subs) => Hir::concat(
            subs.iter()
                .enumerate()
                .map(|(at, sub)| {
                    let before = at.checked_sub(1).and_then(|i| subs.get(i));
                    let label_start = before
                        .and_then(last_byte)
                        .is_some_and(|c| c == b'.' || c == b'/');
                    let label_end = subs
                        .get(at + 1)
                        .and_then(first_byte)
                        .is_some_and(|c| c == b'.' || c == b':');
                    match short_list(sub) {
                        // A whole label of a few letters (`(a|b)`, which
                        // the parser reads as `[ab]`, between two dots) is
                        // a short list of names, written as a class.
                        Some(list) if label_start && label_end => list,
                        _ => written(sub),
                    }
                })
                .collect(),
        ),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(written).collect()),
        HirKind::Literal(literal) => Hir::literal(literal.0.to_ascii_lowercase()),
        HirKind::Empty | HirKind::Look(_) => hir.clone(),
    }
}

//! The most common regex mistake in an origin pattern: a domain's dot
//! written `.`, which matches any character (`https://(www.)?example\.com`
//! also matches `https://wwwxexample.com`, which anyone can register).
//!
//! Each `.` of the pattern is judged by what it can stand between in a
//! matched origin, read on the automaton: the pattern is rebuilt with that
//! dot as a marker byte, and the dot is a mistake when some match has a
//! label character on both sides of the marker. Repeated dots are judged
//! the same way: `.*\.example\.com` never has a lone dot between two
//! name characters, `www.?example\.com` and `www.+example\.com` do.

use regex_syntax::ast::{self, Ast};
use regex_syntax::hir::{Hir, Look};
use regex_syntax::ParserBuilder;

use super::automaton::{classes_within, Automaton, Direction};
use super::walk::LABEL;
use super::Budget;

/// The DFA's memory bound for the lint: past it the pattern is too large
/// to judge here, and the matcher reports it.
const LIMIT: usize = 1 << 20;

/// The first marker byte; dot `i` becomes byte `FIRST + i`.
const FIRST: u8 = 0x01;

/// The most dots judged on one automaton (one marker byte each, below the
/// bytes an origin holds); a pattern with more takes several.
const MOST: usize = 30;

/// The text around the first `.` of `pattern` that stands for a domain's
/// dot, if any. `pattern` has parsed already.
pub(super) fn unescaped_dot(pattern: &str, budget: &mut Budget) -> Option<String> {
    let Ok(parsed) = ast::parse::Parser::new().parse(pattern) else {
        return None;
    };
    let mut dots = Vec::new();
    collect_dots(&parsed, &mut dots);
    dots.sort_unstable();
    // A batch of dots per automaton, one marker byte each.
    dots.chunks(MOST)
        .find_map(|batch| first_joining(pattern, batch, budget))
        .map(|at| around(pattern, at))
}

/// The first of `dots` (byte offsets into `pattern`, at most [`MOST`])
/// that a match can have a label character on both sides of.
fn first_joining(pattern: &str, dots: &[usize], budget: &mut Budget) -> Option<usize> {
    // Each dot becomes its own marker byte, from the end so that the
    // earlier offsets stay right.
    let mut marked = pattern.to_owned();
    for (i, &at) in dots.iter().enumerate().rev() {
        marked.replace_range(at..at + 1, &format!(r"\x{:02X}", FIRST + i as u8));
    }
    let hir = ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(&marked)
        .ok()?;
    let whole = Hir::concat(vec![Hir::look(Look::Start), hir, Hir::look(Look::End)]);
    // No class may match a marker: an origin holds no control byte, and a
    // dot of another batch, or `[^/]`, must not stand in for this one.
    let printable = classes_within(&whole, 0x20, 0x7f);
    let automaton = Automaton::build(&printable, Direction::Forward, LIMIT, false, budget)?;
    let markers: Vec<u8> = (0..dots.len()).map(|i| FIRST + i as u8).collect();
    let alphabet: Vec<u8> = (0x21..=0x7e)
        .filter(|b: &u8| !b.is_ascii_uppercase())
        .chain(markers.iter().copied())
        .collect();
    let live = automaton.live_states(&alphabet);
    let is_live = |state| live.contains(&state);
    let joins = |marker: u8| {
        live.iter().any(|&state| {
            LABEL.iter().any(|&before| {
                let at = automaton.next(state, before);
                let past = automaton.next(at, marker);
                is_live(at)
                    && is_live(past)
                    && LABEL
                        .iter()
                        .any(|&after| is_live(automaton.next(past, after)))
            })
        })
    };
    let (index, _) = markers.iter().enumerate().find(|(_, &m)| joins(m))?;
    dots.get(index).copied()
}

/// The byte offsets of the dots (`.` meaning any character) in `ast`.
fn collect_dots(ast: &Ast, dots: &mut Vec<usize>) {
    match ast {
        Ast::Dot(span) => dots.push(span.start.offset),
        Ast::Repetition(repetition) => collect_dots(&repetition.ast, dots),
        Ast::Group(group) => collect_dots(&group.ast, dots),
        Ast::Concat(concat) => concat.asts.iter().for_each(|ast| collect_dots(ast, dots)),
        Ast::Alternation(alternation) => alternation
            .asts
            .iter()
            .for_each(|ast| collect_dots(ast, dots)),
        _ => {}
    }
}

/// Up to eight characters either side of the byte at `at`.
fn around(pattern: &str, at: usize) -> String {
    let start = pattern[..at]
        .char_indices()
        .rev()
        .nth(7)
        .map_or(0, |(i, _)| i);
    let end = pattern[at + 1..]
        .char_indices()
        .nth(7)
        .map_or(pattern.len(), |(i, _)| at + 1 + i);
    pattern[start..end].to_owned()
}

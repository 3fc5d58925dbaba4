//! Regular-expression origins (the `regex` feature).
//!
//! Each pattern is parsed exactly as it will run (case-insensitively),
//! anchored on its syntax tree rather than in its text (so no pattern can
//! close the anchoring group), and cut down to ASCII, all an origin can
//! hold. From that one tree come every automaton the crate reads
//! ([`automaton`]): the lint for a domain's dot written `.` ([`lint`]), the
//! credential analysis ([`credentials`]: https only, no stranger's names
//! ([`names`]) or addresses ([`addresses`]), read host first on the
//! reversed DFA ([`walk`]) and held against what the pattern writes out
//! ([`spelling`])), and the DFAs that run at request time ([`matcher`]).
//!
//! Every step is bounded: each DFA by its memory, the credential analysis
//! by one budget for the whole policy. A pattern past a bound is refused
//! with a problem that says so; none is ever matched by a slower engine.

mod addresses;
mod automaton;
mod credentials;
mod lint;
mod matcher;
mod names;
mod spelling;
mod walk;

pub(crate) use matcher::Regexes;

use regex_syntax::hir::{Hir, Look};
use regex_syntax::ParserBuilder;

use automaton::{ascii_only, Automaton, Direction};
use matcher::REGEX_LIMIT;

use super::public_suffix::Suffixes;
use super::settings::CredentialOptIns;
use crate::error::Problem;

/// The transitions the credential analysis of one policy's regexes may
/// follow in all: past it, the pattern being read is refused.
const ANALYSIS_STEPS: usize = 4_000_000;

/// The bytes of automata one policy's regexes may build in all, the
/// attempts that passed their bound included: what keeps a policy of many
/// hard patterns from spinning for seconds before it is refused.
const BUILD_BYTES: usize = 6 << 20;

/// What building one policy's regexes may still spend: transitions
/// followed by the credential analysis, and bytes of automata built.
pub(super) struct Budget {
    steps: usize,
    bytes: usize,
}

impl Budget {
    fn new() -> Budget {
        Budget {
            steps: ANALYSIS_STEPS,
            bytes: BUILD_BYTES,
        }
    }

    /// Takes `steps` from the budget; `None` once it is spent.
    pub(super) fn spend(&mut self, steps: usize) -> Option<()> {
        self.steps = self.steps.saturating_sub(steps);
        (self.steps > 0).then_some(())
    }

    /// Whether the analysis has spent its steps.
    fn is_spent(&self) -> bool {
        self.steps == 0
    }

    /// The bound for an automaton that may take `limit` bytes: `limit`, or
    /// what is left; `None` when nothing is.
    pub(super) fn bound(&self, limit: usize) -> Option<usize> {
        (self.bytes > 0).then(|| limit.min(self.bytes))
    }

    /// Takes `bytes` of automata from the budget.
    pub(super) fn charge(&mut self, bytes: usize) {
        self.bytes = self.bytes.saturating_sub(bytes);
    }

    /// Whether the automata have spent their bytes.
    fn is_built_out(&self) -> bool {
        self.bytes == 0
    }
}

/// Compiles `patterns`, to be matched against whole canonical origins;
/// with credentials (`credentials` is their opt-ins), each must also pass
/// the credential checks. Pushes a problem for each pattern that fails;
/// `None` when there are none, or any failed.
pub(crate) fn compile(
    patterns: &[String],
    credentials: Option<CredentialOptIns>,
    suffixes: Suffixes<'_>,
    problems: &mut Vec<Problem>,
) -> Option<Regexes> {
    let before = problems.len();
    let mut budget = Budget::new();
    let mut trees = Vec::with_capacity(patterns.len());
    let mut alone = Vec::with_capacity(patterns.len());
    for pattern in patterns {
        // Origins reaching the set are lowercase; case-insensitivity keeps
        // an uppercase letter in a pattern from silently never matching.
        let parsed = ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(pattern);
        let hir = match parsed {
            Ok(hir) => hir,
            Err(err) => {
                problems.push(Problem::InvalidRegex {
                    pattern: pattern.clone(),
                    message: err.to_string(),
                });
                continue;
            }
        };
        if let Some(around) = lint::unescaped_dot(pattern, &mut budget) {
            problems.push(Problem::UnescapedDotInRegex {
                pattern: pattern.clone(),
                around,
            });
            continue;
        }
        let whole = Hir::concat(vec![Hir::look(Look::Start), hir, Hir::look(Look::End)]);
        let ascii = ascii_only(&whole);
        let forward = Automaton::build(&ascii, Direction::Forward, REGEX_LIMIT, false, &mut budget);
        let Some(forward) = forward else {
            problems.push(if budget.is_built_out() {
                Problem::RegexesTooComplex {
                    count: patterns.len(),
                }
            } else {
                Problem::RegexTooComplex {
                    pattern: pattern.clone(),
                    limit_kib: REGEX_LIMIT >> 10,
                }
            });
            if budget.is_built_out() {
                break;
            }
            continue;
        };
        if let Some(opt_ins) = credentials {
            credentials::check(
                pattern,
                &ascii,
                &forward,
                suffixes,
                opt_ins,
                &mut budget,
                problems,
            );
        }
        trees.push(ascii);
        alone.push(forward);
    }
    if trees.is_empty() || problems.len() > before {
        return None;
    }
    let regexes = Regexes::group(trees, alone, &mut budget);
    if regexes.is_none() {
        problems.push(Problem::RegexesTooComplex {
            count: patterns.len(),
        });
    }
    regexes
}

#[cfg(test)]
mod tests;

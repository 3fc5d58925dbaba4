//! What a regular-expression origin lets an attacker choose, decided on the
//! expression's automaton rather than on sample origins.
//!
//! With credentials, a regex must not match names that anyone can register:
//! any name directly under a public suffix (`[a-z]{2,10}\.com`,
//! `[a-z0-9-]+\.co\.uk:8443`), or names under suffixes it leaves open (a
//! top-level domain written as a class). Sample origins miss expressions
//! that bound a label's length or require a port; the automaton does not.
//!
//! The host is read backwards, one label at a time, on a DFA of the reversed
//! expression (its classes cut down to ASCII, all an origin can hold): past
//! an optional port, the top-level label, then the label before it, and so
//! on. Where the suffix read so far is empty or a public suffix, anyone can
//! register the next label, so every name the expression allows there must
//! be spelled out in it, and there may be at most [`CHOICES`] of them
//! (counted over every port). Under a registrable domain the walk goes on
//! only as deep as a public suffix can sit there (`s3.amazonaws.com` under
//! `amazonaws.com`); what is left of it otherwise belongs to its owner.

use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::{primitives::StateID, start};
use regex_automata::Anchored;
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Repetition,
};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::host::is_public_suffix;

/// More names than this where anyone can register one are not a list of
/// names someone owns, even spelled out (71 country sites are; a thousand
/// brands in one expression are a generated list).
const CHOICES: usize = 256;

/// The positions explored at most (a label read under a suffix is one).
/// Past this the expression spans more suffixes than a list of names would.
const POSITIONS: usize = 4096;

/// How many labels deep a public suffix can sit: the walk goes no further
/// under a registrable domain.
const DEPTH: usize = 8;

/// The DFA's transitions followed at most while labels are counted, so that
/// a pathological expression costs a bounded build. Past this the analysis
/// gives no answer, and a credentialed expression is refused.
const STEPS: usize = 4_000_000;

/// The DFAs' memory bound; past it, no answer either.
const DFA_LIMIT: usize = 1 << 20;

/// The longest label a host may have.
const MAX_LABEL: usize = 63;

/// The bytes of a label of a canonical (lowercase) host.
const LABEL: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789-_";

/// Every byte a canonical origin with a domain is made of.
const ORIGIN: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789-_.:/";

/// Public suffixes under registrable domains, one per line (`*.` for a
/// wildcard rule), from the Public Suffix List; see the file's header.
const NESTED_SUFFIXES: &str = include_str!("nested_suffixes.txt");

/// The public suffixes (or, for a wildcard rule, the domain it covers) that
/// sit under the registrable domain `domain`.
fn nested_under(domain: &str) -> impl Iterator<Item = &'static str> + '_ {
    NESTED_SUFFIXES
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| line.strip_prefix("*.").unwrap_or(line))
        .filter(move |stem| {
            stem.len() > domain.len() + 1
                && stem.ends_with(domain)
                && stem.as_bytes()[stem.len() - domain.len() - 1] == b'.'
        })
}

/// Whether `label` is written in the pattern's text `spelled`: as a word of
/// its own (`a` in `(a|b)`), or with every part between hyphens at least
/// two characters long and written whole or as pieces of two or more
/// characters (`acme-staging` in `acme(-staging|-dev)?`, `acmeus` in
/// `acme(us|eu)`). Not `acme-7` in `acme-[a-z0-9]`, nor `q` because a
/// comment holds the letter.
fn is_spelled(label: &str, spelled: &str) -> bool {
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

/// What the expression lets an attacker choose.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Nothing: every registrable domain it matches is one of a few it
    /// spells out.
    Named,
    /// Any name directly under this public suffix.
    AnyUnder(String),
    /// Domains under suffixes it does not spell out: the top-level label,
    /// or too many public suffixes, are left open.
    AnyDomain,
}

/// What `ascii` ([`ascii_only`] of `pattern`, anchored at both ends,
/// case-insensitive) lets an attacker choose, or `None` when its automaton
/// is too large to tell.
pub(crate) fn reach(pattern: &str, ascii: &Hir) -> Option<Reach> {
    let walk = Walk::new(ascii)?;
    walk.reach(&spelled(pattern))
}

/// The text a pattern spells its names in: lowercase, with the two
/// characters that match an ASCII letter case-insensitively (`ſ`, the
/// Kelvin sign) written as that letter.
fn spelled(pattern: &str) -> String {
    pattern
        .chars()
        .map(|c| match c {
            '\u{17f}' => 's',
            '\u{212a}' => 'k',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// `hir` with every class cut down to its ASCII members. An origin is
/// ASCII, so this changes no match, and a Unicode class such as `\w`
/// would multiply the DFA's states.
pub(crate) fn ascii_only(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7f')]));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassBytes::new([ClassBytesRange::new(0, 0x7f)]));
            Hir::class(Class::Bytes(class))
        }
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            sub: Box::new(ascii_only(&repetition.sub)),
            ..repetition.clone()
        }),
        HirKind::Capture(capture) => Hir::capture(Capture {
            sub: Box::new(ascii_only(&capture.sub)),
            ..capture.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(ascii_only).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(ascii_only).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => hir.clone(),
    }
}

/// Whether every origin `ascii` ([`ascii_only`] of an anchored expression)
/// matches starts with `https://`, read off its automaton: past each byte
/// of `https://`, no other byte a canonical (lowercase) origin can hold
/// leads to a match. `None` when the automaton is too large to tell.
pub(crate) fn is_https_only(ascii: &Hir) -> Option<bool> {
    let bytes: Vec<u8> = (0x21..=0x7e)
        .filter(|byte: &u8| !byte.is_ascii_uppercase())
        .collect();
    let (dfa, start) = build(ascii, false)?;
    let live = live_states(&dfa, start, &bytes);
    let mut state = start;
    for &expected in b"https://" {
        let strays = bytes
            .iter()
            .filter(|&&byte| byte != expected)
            .any(|&byte| live.contains(&dfa.next_state(state, byte)));
        if strays {
            return Some(false);
        }
        state = dfa.next_state(state, expected);
    }
    Some(true)
}

/// An anchored DFA for `hir`, read forwards or (`reverse`) backwards, and
/// its start state; `None` past [`DFA_LIMIT`].
fn build(hir: &Hir, reverse: bool) -> Option<(dense::DFA<Vec<u32>>, StateID)> {
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .reverse(reverse)
                .which_captures(WhichCaptures::None)
                .nfa_size_limit(Some(DFA_LIMIT)),
        )
        .build_from_hir(hir)
        .ok()?;
    let dfa = dense::Builder::new()
        .configure(
            dense::Config::new()
                .start_kind(StartKind::Anchored)
                // Origins are ASCII: a Unicode `\b` only has to work on
                // the bytes fed here.
                .unicode_word_boundary(true)
                .determinize_size_limit(Some(DFA_LIMIT))
                .dfa_size_limit(Some(DFA_LIMIT)),
        )
        .build_from_nfa(&nfa)
        .ok()?;
    let start = dfa
        .start_state(&start::Config::new().anchored(Anchored::Yes))
        .ok()?;
    Some((dfa, start))
}

/// The states reachable from `start` on `bytes` that can still reach a
/// match at the end of the input on them.
fn live_states(dfa: &dense::DFA<Vec<u32>>, start: StateID, bytes: &[u8]) -> HashSet<StateID> {
    let usable = |state: StateID| !dfa.is_dead_state(state) && !dfa.is_quit_state(state);
    let mut states = vec![start];
    let mut seen: HashSet<StateID> = states.iter().copied().collect();
    let mut at = 0;
    while let Some(&state) = states.get(at) {
        at += 1;
        if !usable(state) {
            continue;
        }
        for &byte in bytes {
            let next = dfa.next_state(state, byte);
            if seen.insert(next) {
                states.push(next);
            }
        }
    }
    states.retain(|&s| usable(s));
    let matching = states
        .iter()
        .copied()
        .filter(|&s| dfa.is_match_state(dfa.next_eoi_state(s)));
    distances(dfa, &states, bytes, matching)
        .into_keys()
        .collect()
}

/// For each of `states` from which `bytes` lead to one of `targets`, the
/// fewest bytes it takes (0 for a target): one breadth-first sweep
/// backwards over the transitions.
fn distances(
    dfa: &dense::DFA<Vec<u32>>,
    states: &[StateID],
    bytes: &[u8],
    targets: impl Iterator<Item = StateID>,
) -> HashMap<StateID, usize> {
    let mut into: HashMap<StateID, Vec<StateID>> = HashMap::default();
    for &state in states {
        for &byte in bytes {
            into.entry(dfa.next_state(state, byte))
                .or_default()
                .push(state);
        }
    }
    let mut queue: Vec<StateID> = targets.collect();
    let mut distance: HashMap<StateID, usize> = queue.iter().map(|&s| (s, 0)).collect();
    let mut at = 0;
    while let Some(&state) = queue.get(at) {
        at += 1;
        let further = distance[&state] + 1;
        for &before in into.get(&state).map_or(&[][..], Vec::as_slice) {
            if let std::collections::hash_map::Entry::Vacant(entry) = distance.entry(before) {
                entry.insert(further);
                queue.push(before);
            }
        }
    }
    distance
}

/// The reversed expression's DFA, with what the analysis needs of each
/// state reachable on origin bytes.
struct Walk {
    dfa: dense::DFA<Vec<u32>>,
    start: StateID,
    /// States from which the rest of an origin (read backwards) can reach a
    /// match.
    live: HashSet<StateID>,
    /// For a live state, the fewest label bytes that lead to the end of a
    /// label (a state after which `.` or the `//` of the scheme can come).
    to_label_end: HashMap<StateID, usize>,
}

impl Walk {
    fn new(whole: &Hir) -> Option<Walk> {
        let (dfa, start) = build(whole, true)?;
        let mut walk = Walk {
            dfa,
            start,
            live: HashSet::default(),
            to_label_end: HashMap::default(),
        };
        walk.index();
        Some(walk)
    }

    fn next(&self, state: StateID, byte: u8) -> StateID {
        self.dfa.next_state(state, byte)
    }

    fn is_live(&self, state: StateID) -> bool {
        self.live.contains(&state)
    }

    /// Whether a label can end at `state`: a `.` (another label) or a `/`
    /// (the end of the scheme's `//`) comes next, read backwards.
    fn is_label_end(&self, state: StateID) -> bool {
        self.is_live(self.next(state, b'.')) || self.is_live(self.next(state, b'/'))
    }

    /// Finds the states reachable on origin bytes, which of them are live,
    /// and how far each is from the end of a label.
    fn index(&mut self) {
        self.live = live_states(&self.dfa, self.start, ORIGIN);
        let states: Vec<StateID> = self.live.iter().copied().collect();
        let ends = states.iter().copied().filter(|&s| self.is_label_end(s));
        self.to_label_end = distances(&self.dfa, &states, LABEL, ends);
    }

    /// The states a host can start from (read backwards): the end of the
    /// origin, or past a port of up to five digits and its `:`.
    fn host_ends(&self) -> Vec<StateID> {
        let mut ends = vec![self.start];
        let mut digits = vec![self.start];
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

    /// The walk, for an expression whose lowercase text is `spelled`.
    fn reach(&self, spelled: &str) -> Option<Reach> {
        let mut steps = 0;
        // (state before the label, read backwards; the suffix after it;
        // labels read under the last public suffix)
        let mut positions: Vec<(StateID, String, usize)> = self
            .host_ends()
            .into_iter()
            .map(|state| (state, String::new(), 0))
            .collect();
        let mut seen: HashSet<(StateID, String)> = positions
            .iter()
            .map(|(state, suffix, _)| (*state, suffix.clone()))
            .collect();
        // The names allowed under each open suffix, over every position
        // (one per port, say) that has it.
        let mut names: HashMap<String, HashSet<String>> = HashMap::default();
        let mut at = 0;
        while let Some((state, suffix, depth)) = positions.get(at).cloned() {
            at += 1;
            if at > POSITIONS {
                return Some(Reach::AnyDomain);
            }
            let mut labels = self.labels(state, &mut steps)?;
            if suffix.is_empty() {
                // A top-level label of digits only makes an IPv4 address,
                // which no one registers under a suffix.
                labels.retain(|(label, _)| !label.bytes().all(|b| b.is_ascii_digit()));
            }
            let open = suffix.is_empty() || is_public_suffix(&suffix);
            let wide = labels.len() > CHOICES;
            if open {
                let named = names.entry(suffix.clone()).or_default();
                named.extend(labels.iter().map(|(label, _)| label.clone()));
                let made_up = labels.iter().any(|(label, _)| !is_spelled(label, spelled));
                if wide || named.len() > CHOICES || made_up {
                    return Some(if suffix.is_empty() {
                        Reach::AnyDomain
                    } else {
                        Reach::AnyUnder(suffix)
                    });
                }
            } else if wide {
                // Any name under a registrable domain is its owner's,
                // unless the names there are public suffixes themselves
                // (a wildcard rule, such as `*.compute.amazonaws.com`).
                let public = labels
                    .iter()
                    .map(|(label, _)| format!("{label}.{suffix}"))
                    .find(|name| is_public_suffix(name));
                if let Some(public) = public {
                    return Some(Reach::AnyUnder(public));
                }
                // The names are too many to read one by one: look for the
                // public suffixes the list puts under this domain instead
                // (`.*\.amazonaws\.com` reaches `s3.amazonaws.com`).
                for stem in nested_under(&suffix) {
                    let extra = &stem[..stem.len() - suffix.len() - 1];
                    let end = extra.bytes().rev().try_fold(state, |at, byte| {
                        let next = self.next(at, byte);
                        self.is_live(next).then_some(next)
                    });
                    let Some(end) = end else {
                        continue;
                    };
                    let before = self.next(end, b'.');
                    if self.is_live(before) && seen.insert((before, stem.to_owned())) {
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
                let before = self.next(end, b'.');
                if !self.is_live(before) {
                    continue;
                }
                let depth = if is_public_suffix(&longer) {
                    0
                } else {
                    depth + 1
                };
                if seen.insert((before, longer.clone())) {
                    positions.push((before, longer, depth));
                }
            }
        }
        Some(Reach::Named)
    }

    /// The labels readable (backwards) from `state`, each with the state
    /// after it; at most `CHOICES + 1` of them. `None` past the step
    /// budget.
    fn labels(&self, state: StateID, steps: &mut usize) -> Option<Vec<(String, StateID)>> {
        let mut found = Vec::new();
        let mut reversed = Vec::new();
        self.collect(state, &mut reversed, &mut found, steps)?;
        Some(found)
    }

    fn collect(
        &self,
        state: StateID,
        reversed: &mut Vec<u8>,
        found: &mut Vec<(String, StateID)>,
        steps: &mut usize,
    ) -> Option<()> {
        for &byte in LABEL {
            if found.len() > CHOICES {
                return Some(());
            }
            *steps += 1;
            if *steps > STEPS {
                return None;
            }
            let next = self.next(state, byte);
            let Some(&distance) = self.to_label_end.get(&next) else {
                continue;
            };
            let length = reversed.len() + 1;
            if length + distance > MAX_LABEL {
                continue;
            }
            reversed.push(byte);
            if distance == 0 {
                let label = reversed.iter().rev().map(|&b| char::from(b)).collect();
                found.push((label, next));
            }
            if length < MAX_LABEL {
                self.collect(next, reversed, found, steps)?;
            }
            reversed.pop();
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use regex_syntax::hir::Look;
    use regex_syntax::ParserBuilder;

    use super::*;

    fn of(pattern: &str) -> Reach {
        let hir = ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(pattern)
            .unwrap();
        let whole = Hir::concat(vec![Hir::look(Look::Start), hir, Hir::look(Look::End)]);
        reach(pattern, &ascii_only(&whole)).unwrap()
    }

    fn under(suffix: &str) -> Reach {
        Reach::AnyUnder(suffix.to_owned())
    }

    #[test]
    fn names_spelled_out_are_named() {
        for pattern in [
            r"https://app\.example\.com",
            r"https://[a-z0-9-]+\.example\.com",
            r"https://(.*\.)?example\.com(:\d+)?",
            r"https://(app|admin)\.example\.(com|org|co\.uk)",
            r"https://pr-[0-9]+\.preview\.example\.com:8443",
            r"https://localhost:\d+",
            r"https://192\.168\.1\.[0-9]{1,3}",
            r"https://shop\.example\.(com|de|fr|it|es|nl|be|at|ch|pl|se|dk|no|fi|ie|pt|gr)",
            r"https://(acme|acme-staging)\.vercel\.app",
            r"https://acme\.s3\.amazonaws\.com",
            r"https://[a-z0-9-]+\.amazonaws\.com",
            r"https://.*\.example\.com",
            r"https://acme(-staging|-dev)?\.vercel\.app",
            r"https://(www|shop)\.acme(-group)?\.com",
            r"https://(www\.)?acme(us|eu)\.com",
            r"https://\w+\.example\.com",
            r"https://[a-z]+\.test(:\d+)?",
            r"https://[a-z0-9-]+\.internal",
            r"https://[a-z]+\.home\.arpa",
        ] {
            assert_eq!(of(pattern), Reach::Named, "{pattern}");
        }
    }

    #[test]
    fn names_anyone_can_register_are_found() {
        for (pattern, expected) in [
            (r"https://[a-z]{2,10}\.com", under("com")),
            (r"https://[a-z0-9-]+\.co\.uk:8443", under("co.uk")),
            (r"https://[a-z0-9-]+\.co\.uk(:\d+)?", under("co.uk")),
            (r"https://[a-z]{1,12}\.github\.io", under("github.io")),
            (r"https://(www\.)?[a-z]+\.vercel\.app", under("vercel.app")),
            (r"https://[0-9]+\.com", under("com")),
            (r"https://[a-z]{1,10}\.[a-z]{2,3}", Reach::AnyDomain),
            (r"https://[^/]+:\d+", Reach::AnyDomain),
            (r"https://.+", Reach::AnyDomain),
            (r"https://example\.[a-z]+", Reach::AnyDomain),
            (r"https://[a-z]\.com", under("com")),
            (r"https://_[a-z0-9-]+\.[a-z0-9-]+\.com", under("com")),
            (
                r"(?x)https://acme-[a-z]\.vercel\.app # the quick brown fox jumps over the lazy dog",
                under("vercel.app"),
            ),
            (
                r"(?x)https://[a-z]\.(com|io) # the quick brown fox jumps over the lazy dog",
                under("com"),
            ),
            (r"https://acme-[a-z0-9]\.vercel\.app", under("vercel.app")),
            (r"https://\w+\.\w+\.com", under("com")),
            (r"https://\w{1,12}\.com", under("com")),
            (r"https://myapp-\w{1,40}\.vercel\.app", under("vercel.app")),
            (
                r"https://([a-z0-9-]+\.herokuapp\.com|\w{3}\.example\.com)",
                under("herokuapp.com"),
            ),
            (
                r"https://[a-z0-9-]+\.s3\.amazonaws\.com",
                under("s3.amazonaws.com"),
            ),
            (
                r"https://[a-z0-9-]+\.up\.railway\.app",
                under("up.railway.app"),
            ),
            (
                r"https://[a-z0-9-]+\.blob\.core\.windows\.net",
                under("blob.core.windows.net"),
            ),
            (
                r"https://[a-z0-9-]+\.compute\.amazonaws\.com",
                under("a.compute.amazonaws.com"),
            ),
        ] {
            assert_eq!(of(pattern), expected, "{pattern}");
        }
        // Public suffixes under a domain that leaves its names open, found
        // in the list rather than read one by one.
        for (pattern, domain) in [
            (r"https://.*\.amazonaws\.com", ".amazonaws.com"),
            (r"https://.*\.windows\.net", ".windows.net"),
            (r"https://([a-z0-9-]+\.)+railway\.app", ".railway.app"),
        ] {
            match of(pattern) {
                Reach::AnyUnder(suffix) => assert!(suffix.ends_with(domain), "{pattern}: {suffix}"),
                other => panic!("{pattern}: {other:?}"),
            }
        }
        // Spelled out, but more than `CHOICES` names in all, spread over
        // two ports so that neither has that many.
        let list = |prefix: char| {
            (0..130)
                .map(|n| format!("{prefix}{n}"))
                .collect::<Vec<_>>()
                .join("|")
        };
        let pattern = format!(r"https://(({})\.com|({})\.com:1)", list('n'), list('m'));
        assert_eq!(of(&pattern), under("com"));
        let pattern = format!(r"https://({})\.com(:1)?", list('n'));
        assert_eq!(of(&pattern), Reach::Named);
    }
}

#[cfg(test)]
mod list {
    use super::*;

    /// Every line of the list agrees with the psl crate: a public suffix
    /// (for `*.`, every name under the domain is one) under a domain that is
    /// not one.
    #[test]
    fn the_nested_suffixes_agree_with_the_public_suffix_list() {
        let mut lines = 0;
        for line in NESTED_SUFFIXES.lines().filter(|l| !l.starts_with('#')) {
            lines += 1;
            let (public, stem) = match line.strip_prefix("*.") {
                Some(stem) => (format!("towercorsprobe.{stem}"), stem),
                None => (line.to_owned(), line),
            };
            assert!(is_public_suffix(&public), "{line}: {public} is not public");
            let parents: Vec<&str> = stem
                .match_indices('.')
                .map(|(at, _)| &stem[at + 1..])
                .collect();
            let under_registrable = std::iter::once(stem)
                .filter(|_| line.starts_with("*."))
                .chain(parents)
                .any(|parent| !is_public_suffix(parent));
            assert!(under_registrable, "{line}: every parent is public");
        }
        assert!(lines > 1000, "{lines} lines");
    }
}

//! Which IP-address hosts a credentialed regex admits. Anyone can rent a
//! public address and get a certificate for it, so an address the pattern
//! does not write out is a stranger's; private-network addresses belong to
//! whoever is on that network. Loopback is always the user's own.
//!
//! IPv4 hosts are read on the reversed DFA one octet at a time, all 256
//! values at each step, counting how many addresses reach each state, so a
//! pattern such as `\d{1,3}(\.\d{1,3}){3}` costs four sweeps, not 2³²
//! strings. IPv6 hosts are listed (there is no octet structure to sweep),
//! up to [`CHOICES`] of them.

use std::net::Ipv6Addr;

use regex_automata::util::primitives::StateID;
use rustc_hash::FxHashMap as HashMap;

use rustc_hash::FxHashSet as HashSet;

use super::names::CHOICES;
use super::spelling::Spelling;
use super::walk::{Search, Walk};
use super::Budget;
use crate::origin::host::{canonical_host_kind, canonical_ipv6, HostKind};

/// The bytes inside an IPv6 host's brackets.
const IPV6: &[u8] = b"0123456789abcdef:";

/// The longest IPv6 address, compressed, without brackets.
const IPV6_LEN: usize = 39;

/// What a regex admits among IP-address hosts that it does not write out.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Addresses {
    /// None, or only loopback ones.
    Own,
    /// Private-network ones, such as this one.
    Private(String),
    /// Public ones, such as this one.
    Public(String),
}

/// Where an address is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Range {
    Loopback,
    Private,
    Public,
}

/// The range of the IPv4 address `a.b.…`: loopback (127/8), private
/// (10/8, 172.16/12, 192.168/16, link-local 169.254/16, shared 100.64/10,
/// "this network" 0/8) or public.
fn ipv4_range(a: u8, b: u8) -> Range {
    match (a, b) {
        (127, _) => Range::Loopback,
        (0 | 10, _) | (172, 16..=31) | (192, 168) | (169, 254) | (100, 64..=127) => Range::Private,
        _ => Range::Public,
    }
}

/// The range of an IPv6 address: loopback (`::1`), private (unique local
/// fc00::/7, link-local fe80::/10) or public.
fn ipv6_range(address: Ipv6Addr) -> Range {
    let first = address.segments()[0];
    if address == Ipv6Addr::LOCALHOST {
        Range::Loopback
    } else if first & 0xfe00 == 0xfc00 || first & 0xffc0 == 0xfe80 {
        Range::Private
    } else {
        Range::Public
    }
}

/// The most addresses read off a pattern's spelling: more than a list of
/// addresses someone owns.
const WRITTEN: usize = 1024;

/// The IP-address hosts `walk` admits that the pattern does not write out
/// (`spelling`). `None` past the budget.
pub(super) fn addresses(
    walk: &Walk,
    spelling: &Spelling,
    budget: &mut Budget,
) -> Option<Addresses> {
    let written_v4 = listed(spelling.walk(), false, WRITTEN, budget)?;
    let written_v6 = listed(spelling.walk(), true, WRITTEN, budget)?;
    let v4 = ipv4(walk, &written_v4, budget)?;
    let v6 = ipv6(walk, &written_v6, budget)?;
    // The worse of the two.
    Some(match (v4, v6) {
        (public @ Addresses::Public(_), _) | (_, public @ Addresses::Public(_)) => public,
        (private @ Addresses::Private(_), _) | (_, private @ Addresses::Private(_)) => private,
        _ => Addresses::Own,
    })
}

/// A state reached by some addresses' last octets: how many, and one of
/// them (its text, read so far).
#[derive(Clone)]
struct Reached {
    count: u64,
    example: String,
}

/// The hosts `walk` admits that are made of IPv4 bytes (digits and dots),
/// or (`v6`) of the bytes inside an IPv6 host's brackets, then without
/// them; at most `cap + 1`, each once.
fn listed(walk: &Walk, v6: bool, cap: usize, budget: &mut Budget) -> Option<HashSet<String>> {
    let to_end_v4 = |walk: &Walk, state: StateID| {
        if walk.is_host_start(state) {
            Some(0)
        } else {
            walk.is_live(state).then_some(1)
        }
    };
    let to_end_v6 = |walk: &Walk, state: StateID| {
        let open = walk.next(state, b'[');
        if walk.is_live(open) && walk.is_host_start(open) {
            Some(0)
        } else {
            walk.is_live(state).then_some(1)
        }
    };
    let search = if v6 {
        Search {
            alphabet: IPV6,
            longest: IPV6_LEN,
            cap,
            to_end: &to_end_v6,
        }
    } else {
        Search {
            alphabet: b"0123456789.",
            longest: 15,
            cap,
            to_end: &to_end_v4,
        }
    };
    let mut found = Vec::new();
    for start in walk.host_ends() {
        let inside = if v6 { walk.next(start, b']') } else { start };
        if walk.is_live(inside) {
            walk.collect(inside, &search, &mut Vec::new(), &mut found, budget)?;
        }
        if found.len() > cap {
            break;
        }
    }
    Some(found.into_iter().map(|(host, _)| host).collect())
}

fn ipv4(walk: &Walk, written: &HashSet<String>, budget: &mut Budget) -> Option<Addresses> {
    let octets: Vec<String> = (0..=255u8).map(|n| n.to_string()).collect();
    let starts = walk.host_ends();
    // The fourth and third octets: states, each with its addresses so far.
    let mut frontier: HashMap<StateID, Reached> = starts
        .iter()
        .map(|&s| {
            (
                s,
                Reached {
                    count: 1,
                    example: String::new(),
                },
            )
        })
        .collect();
    // Accumulate into a map from states, summing counts (distinct strings
    // reach a deterministic automaton's states along distinct paths).
    let step = |frontier: &HashMap<StateID, Reached>,
                budget: &mut Budget|
     -> Option<HashMap<StateID, Vec<(u8, Reached)>>> {
        let mut next: HashMap<StateID, Vec<(u8, Reached)>> = HashMap::default();
        for (&state, reached) in frontier {
            for (value, text) in octets.iter().enumerate() {
                budget.spend(text.len() + 1)?;
                let Some(end) = walk.read(state, text.bytes().rev()) else {
                    continue;
                };
                let dot = walk.next(end, b'.');
                if walk.is_live(dot) {
                    let example = if reached.example.is_empty() {
                        text.clone()
                    } else {
                        format!("{text}.{}", reached.example)
                    };
                    let value = u8::try_from(value).unwrap_or(u8::MAX);
                    next.entry(dot).or_default().push((
                        value,
                        Reached {
                            count: reached.count,
                            example,
                        },
                    ));
                }
            }
        }
        Some(next)
    };
    let merge = |by_state: HashMap<StateID, Vec<(u8, Reached)>>| -> HashMap<StateID, Reached> {
        by_state
            .into_iter()
            .filter_map(|(state, all)| {
                let example = all.first()?.1.example.clone();
                let count = all.iter().map(|(_, r)| r.count).sum();
                Some((state, Reached { count, example }))
            })
            .collect()
    };
    frontier = merge(step(&frontier, budget)?);
    frontier = merge(step(&frontier, budget)?);
    // The second octet, kept apart: with the first it decides the range.
    let seconds = step(&frontier, budget)?;
    let mut counts: HashMap<Range, (u64, Vec<String>)> = HashMap::default();
    for (state, all) in &seconds {
        for (first, text) in octets.iter().enumerate() {
            budget.spend(text.len())?;
            let Some(end) = walk.read(*state, text.bytes().rev()) else {
                continue;
            };
            if !walk.is_host_start(end) {
                continue;
            }
            let first = u8::try_from(first).unwrap_or(u8::MAX);
            for (second, reached) in all {
                let (count, examples) = counts.entry(ipv4_range(first, *second)).or_default();
                *count += reached.count;
                if examples.len() < 4 {
                    examples.push(format!("{text}.{}", reached.example));
                }
            }
        }
    }
    // Addresses the pattern writes out are named, like exact origins: take
    // them off their range's count, once per port they are admitted on.
    let written_ipv4 = written
        .iter()
        .filter(|host| canonical_host_kind(host) == Ok(HostKind::Ipv4));
    for address in written_ipv4 {
        let reversed = address.bytes().rev();
        let admitted = starts
            .iter()
            .filter(|&&start| {
                walk.read(start, reversed.clone())
                    .is_some_and(|end| walk.is_host_start(end))
            })
            .count();
        let mut octets = address.split('.').filter_map(|o| o.parse::<u8>().ok());
        let (Some(a), Some(b)) = (octets.next(), octets.next()) else {
            continue;
        };
        if let Some((count, _)) = counts.get_mut(&ipv4_range(a, b)) {
            *count = count.saturating_sub(admitted as u64);
        }
    }
    let unwritten = |range: Range| {
        counts
            .get(&range)
            .filter(|(count, _)| *count > 0)
            .map(|(_, examples)| {
                examples
                    .iter()
                    .find(|e| !written.contains(*e))
                    .or(examples.first())
                    .cloned()
                    .unwrap_or_default()
            })
    };
    Some(if let Some(example) = unwritten(Range::Public) {
        Addresses::Public(example)
    } else if let Some(example) = unwritten(Range::Private) {
        Addresses::Private(example)
    } else {
        Addresses::Own
    })
}

fn ipv6(walk: &Walk, written: &HashSet<String>, budget: &mut Budget) -> Option<Addresses> {
    let found = listed(walk, true, CHOICES, budget)?;
    let mut hosts: Vec<&String> = found.iter().collect();
    hosts.sort_unstable();
    if found.len() > CHOICES {
        let example = hosts.first().map(|host| format!("[{host}]"));
        return Some(Addresses::Public(example.unwrap_or_default()));
    }
    let mut worst = Addresses::Own;
    for host in hosts {
        // Only the form a browser sends: any other spelling never matches.
        let Ok(address) = canonical_ipv6(host) else {
            continue;
        };
        if written.contains(host) {
            continue;
        }
        let bracketed = format!("[{host}]");
        match ipv6_range(address) {
            Range::Loopback => {}
            Range::Private => {
                if worst == Addresses::Own {
                    worst = Addresses::Private(bracketed);
                }
            }
            Range::Public => return Some(Addresses::Public(bracketed)),
        }
    }
    Some(worst)
}

//! [`NameTable`]: the configured request-header names, indexed for the
//! parser: a requested name is found without hashing its bytes one by one.

use rustc_hash::FxHashMap as HashMap;

/// The configured names, keyed by their first and last 8 bytes (read as
/// words and lowercased a word at a time) and their length: one hash probe
/// per requested name, whatever the number of names, and bytes compared
/// one by one only past the first and last 8 (names over 16 bytes). The
/// keys come from the configuration, so a request can only probe the map.
/// Up to [`SCAN_LIMIT`] names, comparing the few keys costs less than
/// hashing one.
#[derive(Debug, Clone, Default)]
pub(super) struct NameTable {
    /// Key → the indexes of the configured names with that key (one,
    /// unless names over 16 bytes share both ends).
    keys: HashMap<Key, Vec<usize>>,
    /// The same keys in a list, when there are at most [`SCAN_LIMIT`].
    few: Option<Vec<Key>>,
}

/// Up to this many configured names, a requested name's key is compared
/// with each of theirs instead of hashed.
const SCAN_LIMIT: usize = 8;

/// A name's first 8 bytes, its last 8 and its length: the whole name up
/// to 16 bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(super) struct Key {
    /// The first 8 bytes, lowercase, zero-padded, little-endian.
    head: u64,
    /// The last 8 bytes likewise when there are more than 8; else 0.
    tail: u64,
    pub(super) len: usize,
}

impl Key {
    /// The key of the name `start..end` of `line` (a token, or a
    /// configured name: ASCII, as [`lower_word`] needs). Its first 8 bytes
    /// are read as one word when the line holds 8 from `start` (the bytes
    /// past the name masked off before they are lowercased), else byte by
    /// byte.
    #[inline(always)]
    pub(super) fn read(line: &[u8], start: usize, end: usize) -> Self {
        let len = end - start;
        let head = match line.get(start..).and_then(<[u8]>::first_chunk::<8>) {
            Some(first) => {
                let past = 8 * (8 - len.min(8)) as u32;
                u64::from_le_bytes(*first) & u64::MAX.checked_shr(past).unwrap_or(0)
            }
            None => word(line.get(start..end).unwrap_or_default()),
        };
        let tail = if len > 8 {
            line.get(..end)
                .and_then(<[u8]>::last_chunk::<8>)
                .map_or(0, |last| lower_word(u64::from_le_bytes(*last)))
        } else {
            0
        };
        Key {
            head: lower_word(head),
            tail,
            len,
        }
    }
}

impl NameTable {
    pub(super) fn new(names: &[Box<[u8]>]) -> Self {
        let mut keys: HashMap<Key, Vec<usize>> = HashMap::default();
        for (index, name) in names.iter().enumerate() {
            keys.entry(Key::read(name, 0, name.len()))
                .or_default()
                .push(index);
        }
        let few = (names.len() <= SCAN_LIMIT).then(|| keys.keys().copied().collect());
        NameTable { keys, few }
    }

    /// Whether the name of key `key` at `start` in `line` is one of
    /// `names` (the list the table was built from), ignoring ASCII case.
    #[inline(always)]
    pub(super) fn contains(
        &self,
        names: &[Box<[u8]>],
        key: Key,
        line: &[u8],
        start: usize,
    ) -> bool {
        if let Some(few) = &self.few {
            if !few.contains(&key) {
                return false;
            }
            if key.len <= 16 {
                return true;
            }
        }
        match self.keys.get(&key) {
            None => false,
            Some(_) if key.len <= 16 => true,
            Some(indexes) => {
                let name = line
                    .get(start..start.saturating_add(key.len))
                    .unwrap_or_default();
                indexes
                    .iter()
                    .any(|&i| middle_matches(names.get(i).map(|n| &**n), name))
            }
        }
    }
}

/// Whether bytes 8 to `len - 8` of a configured name and of the token
/// `name`, both over 16 bytes, match, ignoring case (their first and last 8
/// already do): a word at a time.
fn middle_matches(listed: Option<&[u8]>, name: &[u8]) -> bool {
    let len = name.len();
    let Some(listed) = listed.filter(|l| l.len() == len && len > 16) else {
        return false;
    };
    let at = |bytes: &[u8], i: usize| {
        bytes
            .get(i..)
            .and_then(<[u8]>::first_chunk::<8>)
            .map(|w| u64::from_le_bytes(*w))
    };
    // Words from byte 8 on, the last one from at least `len - 16`, so that
    // it covers byte `len - 9`; none past the end.
    let mut i = 8;
    loop {
        match (at(listed, i), at(name, i)) {
            (Some(l), Some(n)) if l == lower_word(n) => {}
            _ => return false,
        }
        if i >= len - 16 {
            return true;
        }
        i += 8;
    }
}

/// The first 8 bytes of `bytes` as a little-endian word, zero-padded.
pub(super) fn word(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(first) => u64::from_le_bytes(*first),
        // In registers: bytes stored one by one and then loaded as a word
        // stall the load (store forwarding fails).
        None => bytes.iter().rev().fold(0, |w, &b| w << 8 | u64::from(b)),
    }
}

/// `word` with its ASCII capitals lowercased, all 8 bytes at once. Every
/// byte must be ASCII (below 0x80), or a carry could spill into the next.
pub(super) fn lower_word(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // A byte's top bit: whether it is at least `A`, and whether above `Z`.
    let from_a = word.wrapping_add(ONES * u64::from(0x80 - b'A'));
    let past_z = word.wrapping_add(ONES * u64::from(0x7f - b'Z'));
    let capital = from_a & !past_z & (ONES * 0x80);
    word | (capital >> 2)
}

//! "Did you mean": whether a name is a near miss of a configured one, for
//! the hints of refused requests.

use crate::token::Token;

/// Whether two lowercase names are the same but for `-`/`_`, or close
/// enough to be a typo (one edit from 4 bytes, two from 8), and not
/// identical. Short names are too alike to guess between (`x-a`, `x-b`).
pub(crate) fn close_spelling(a: &str, b: &str) -> bool {
    let strip = |s: &str| s.replace(['-', '_'], "");
    let edits = match a.len().min(b.len()) {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    };
    a != b
        && (strip(a) == strip(b)
            || (edits > 0 && edit_distance(a.as_bytes(), b.as_bytes()) <= edits))
}

/// Levenshtein distance; used only on short configured names, for hints.
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    // One side is a name a refusal quotes, so no longer than a `Token`;
    // the other is within two bytes of it or not compared.
    if a.len().abs_diff(b.len()) > 2 || a.len().min(b.len()) > Token::CAPACITY {
        return usize::MAX;
    }
    // One row of the table at a time: `previous[j]` is the distance from
    // the first `i` bytes of `a` to the first `j` of `b`.
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut current = Vec::with_capacity(previous.len());
        let mut left = i + 1;
        current.push(left);
        for (&y, pair) in b.iter().zip(previous.windows(2)) {
            if let [diagonal, up] = pair {
                left = (diagonal + usize::from(x != y)).min(left + 1).min(up + 1);
            }
            current.push(left);
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance(b"kitten", b"sitting"), 3);
        assert_eq!(edit_distance(b"", b"ab"), 2);
        assert_eq!(edit_distance(b"same", b"same"), 0);
        assert_eq!(edit_distance(b"a", b"abcd"), usize::MAX);
    }

    #[test]
    fn near_misses() {
        assert!(close_spelling("x-request-id", "x_request_id"));
        assert!(close_spelling("content-type", "contnet-type"));
        assert!(close_spelling("x-api-key", "x-api-kez"));
        assert!(!close_spelling("x-a", "x-b"));
        assert!(!close_spelling("x-api-key", "x-api-key"));
        assert!(!close_spelling("content-type", "authorization"));
    }
}

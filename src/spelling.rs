//! "Did you mean": whether a name is a near miss of a configured one, for
//! the hints of refused requests.

use crate::request_headers::MAX_ALLOWED_NAME_LEN;

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
    if a.len().abs_diff(b.len()) > 2
        || a.len() > MAX_ALLOWED_NAME_LEN
        || b.len() > MAX_ALLOWED_NAME_LEN
    {
        return usize::MAX;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(x != y);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

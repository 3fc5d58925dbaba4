//! Merging into `Vary`: keep what the inner service said, add a name only
//! when no `Vary` line already holds it, and leave `Vary: *` alone.

use http::header::{HeaderMap, HeaderValue, VARY};

/// Adds `value` (a single field name, `name` in lowercase) to `Vary`,
/// unless a `Vary` line already lists it (compared case-insensitively) or
/// says `*`. Appends a line of its own, so nothing is copied or allocated.
pub(crate) fn merge(headers: &mut HeaderMap, name: &str, value: HeaderValue) {
    if !already_varies(headers, name) {
        headers.append(VARY, value);
    }
}

/// Whether any `Vary` line lists `name` or `*`.
fn already_varies(headers: &HeaderMap, name: &str) -> bool {
    headers.get_all(VARY).iter().any(|line| {
        line.as_bytes().split(|&b| b == b',').any(|item| {
            let item = item.trim_ascii();
            item == b"*" || item.eq_ignore_ascii_case(name.as_bytes())
        })
    })
}

/// The `Vary` of a preflight answer, from which request headers it
/// depends on; a static value, so cloning it into each answer costs no
/// reference count.
pub(crate) fn preflight(origin: bool, method: bool, headers: bool) -> Option<HeaderValue> {
    let text = match (origin, method, headers) {
        (false, false, false) => return None,
        (true, false, false) => "Origin",
        (true, true, false) => "Origin, Access-Control-Request-Method",
        (true, false, true) => "Origin, Access-Control-Request-Headers",
        (true, true, true) => {
            "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
        }
        (false, true, false) => "Access-Control-Request-Method",
        (false, false, true) => "Access-Control-Request-Headers",
        (false, true, true) => "Access-Control-Request-Method, Access-Control-Request-Headers",
    };
    Some(HeaderValue::from_static(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vary_lines(headers: &HeaderMap) -> Vec<&str> {
        headers
            .get_all(VARY)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect()
    }

    fn merged(lines: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append(VARY, HeaderValue::from_static(line));
        }
        merge(&mut headers, "origin", HeaderValue::from_static("Origin"));
        headers
    }

    #[test]
    fn adds_when_absent() {
        assert_eq!(vary_lines(&merged(&[])), ["Origin"]);
        assert_eq!(
            vary_lines(&merged(&["Accept-Encoding"])),
            ["Accept-Encoding", "Origin"]
        );
    }

    #[test]
    fn never_repeats_a_name() {
        assert_eq!(vary_lines(&merged(&["origin"])), ["origin"]);
        assert_eq!(
            vary_lines(&merged(&["accept-encoding", "Accept, ORIGIN "])),
            ["accept-encoding", "Accept, ORIGIN "]
        );
        assert_eq!(vary_lines(&merged(&["accept,origin"])), ["accept,origin"]);
    }

    #[test]
    fn leaves_star_alone() {
        assert_eq!(vary_lines(&merged(&["*"])), ["*"]);
        assert_eq!(vary_lines(&merged(&["accept, *"])), ["accept, *"]);
    }

    #[test]
    fn a_name_that_only_contains_origin_is_not_origin() {
        assert_eq!(
            vary_lines(&merged(&["x-origin-hint"])),
            ["x-origin-hint", "Origin"]
        );
    }
}

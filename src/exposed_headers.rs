//! Exposed headers: the response headers a page's script may read, as
//! configured.

use crate::error::{HeaderList, Problem};
use crate::header_name::parse_name;

/// Validates a configured exposed header, lowercased. `Set-Cookie` is
/// never readable by a script, so naming it is a mistake.
pub(crate) fn normalize(name: &str) -> Result<String, Problem> {
    let lower = parse_name(name, HeaderList::Exposed)?;
    if lower == "set-cookie" || lower == "set-cookie2" {
        return Err(Problem::ExposedSetCookie {
            name: name.to_owned(),
        });
    }
    Ok(lower)
}

//! Configured header names: the validation both lists (allowed request
//! headers, exposed response headers) share.

use http::HeaderName;

use crate::error::{HeaderList, Problem};

/// Parses a header name of either list, lowercased; refuses the names of
/// the CORS protocol itself.
pub(crate) fn parse_name(name: &str, list: HeaderList) -> Result<String, Problem> {
    let parsed =
        HeaderName::from_bytes(name.as_bytes()).map_err(|_| Problem::InvalidHeaderName {
            name: name.to_owned(),
            list,
        })?;
    let lower = parsed.as_str();
    if lower == "*" {
        return Err(Problem::WildcardInHeaderList { list });
    }
    if lower.starts_with("access-control-") {
        return Err(Problem::CorsProtocolHeader {
            name: name.to_owned(),
            list,
        });
    }
    Ok(lower.to_owned())
}

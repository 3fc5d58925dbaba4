//! [`Settings`]: what a policy is compiled from, as the builder (and
//! `CorsConfig`, through it) records it. Plain data, nothing checked:
//! [`Policy::compile`](crate::Policy) validates it all at once.

use std::time::Duration;

use http::StatusCode;

use crate::error::Problem;
use crate::list::List;
use crate::origin::OriginSettings;

/// Everything a policy is compiled from.
#[derive(Clone, Default)]
pub(crate) struct Settings {
    pub(crate) origins: OriginSettings,
    pub(crate) methods: List,
    pub(crate) allow_headers: List,
    pub(crate) expose_headers: List,
    pub(crate) max_age: Option<Duration>,
    pub(crate) preflight_status: Option<StatusCode>,
    /// Problems found while the settings were recorded, before any check
    /// (a preflight status in data that is no HTTP status at all), reported
    /// with the rest, last.
    pub(crate) recorded: Vec<Problem>,
}

impl Settings {
    /// Whether the policy allows credentials.
    pub(crate) fn credentials(&self) -> bool {
        self.origins.credentials
    }
}

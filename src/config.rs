//! [`CorsConfig`] (the `serde` feature): the builder's settings as plain
//! data, for configuration files and the environment. Converting it runs the
//! same validation as [`CorsBuilder::build`] and fails with the same
//! [`ConfigError`].

use std::time::Duration;

use http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::builder::{Any, CorsBuilder, HeaderNames, Methods, Origins};
use crate::error::{ConfigError, Problem};
use crate::middleware::CorsLayer;

/// A CORS policy as data: deserialize it from TOML, JSON, YAML or any serde
/// format, or read it from the environment with [`from_env`](Self::from_env).
///
/// Every field is optional and means what the [`CorsBuilder`] method of the
/// same name means. In the four lists, `["*"]` alone stands for [`Any`];
/// `*` among other values is the same error as in the builder. Unknown
/// fields are an error, so a typo does not silently loosen or tighten the
/// policy.
///
/// ```
/// use tower_cors::CorsConfig;
///
/// let config: CorsConfig = serde_json::from_str(r#"{
///     "allow_origins": ["https://app.example.com", "https://*.preview.example.com"],
///     "allow_methods": ["GET", "POST", "DELETE"],
///     "allow_headers": ["content-type", "authorization"],
///     "allow_credentials": true,
///     "max_age_secs": 600
/// }"#).unwrap();
/// let cors = config.build()?;
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CorsConfig {
    /// Allowed origins and origin patterns (`https://*.example.com`,
    /// `http://localhost:*`), or `["*"]`.
    pub allow_origins: Vec<String>,
    /// Regular expressions over the whole origin. They need the `regex`
    /// feature: without it, a regex here is
    /// [`Problem::RegexFeatureDisabled`], so that one file means the same
    /// policy, or a clear error, in every build.
    pub allow_origin_regexes: Vec<String>,
    /// Allowed methods, or `["*"]`.
    pub allow_methods: Vec<String>,
    /// Allowed request headers, or `["*"]`.
    pub allow_headers: Vec<String>,
    /// Response headers scripts may read, or `["*"]`.
    pub expose_headers: Vec<String>,
    /// Preflight cache lifetime, in seconds.
    pub max_age_secs: Option<u64>,
    /// Whether credentialed requests may read responses.
    pub allow_credentials: bool,
    /// The status of a successful preflight answer (204 if absent).
    pub preflight_status: Option<u16>,
    /// [`CorsBuilder::dangerously_allow_null_origin`].
    pub dangerously_allow_null_origin: bool,
    /// [`CorsBuilder::dangerously_allow_credentials_for_any_origin`].
    pub dangerously_allow_credentials_for_any_origin: bool,
    /// [`CorsBuilder::dangerously_allow_credentials_over_http`].
    pub dangerously_allow_credentials_over_http: bool,
    /// [`CorsBuilder::dangerously_allow_credentials_for_public_suffix_wildcards`].
    pub dangerously_allow_credentials_for_public_suffix_wildcards: bool,
    /// [`CorsBuilder::dangerously_allow_credentials_for_private_addresses`].
    pub dangerously_allow_credentials_for_private_addresses: bool,
    /// [`CorsBuilder::treat_as_public_suffixes`]: more domains anyone can
    /// get a name under (`app.github.dev`).
    pub treat_as_public_suffixes: Vec<String>,
}

/// The environment variables [`CorsConfig::from_env`] reads.
const VARIABLES: [&str; 6] = [
    "CORS_ALLOWED_ORIGINS",
    "CORS_ALLOWED_METHODS",
    "CORS_ALLOWED_HEADERS",
    "CORS_EXPOSED_HEADERS",
    "CORS_MAX_AGE",
    "CORS_ALLOW_CREDENTIALS",
];

impl CorsConfig {
    /// The builder these settings describe, to add what data cannot say
    /// (a predicate) before building.
    ///
    /// ```
    /// use tower_cors::CorsConfig;
    ///
    /// let config = CorsConfig {
    ///     allow_origins: vec!["https://app.example.com".into()],
    ///     ..CorsConfig::default()
    /// };
    /// // Add what data cannot say, then build.
    /// let cors = config
    ///     .builder()
    ///     .allow_origin_predicate(|origin, _| origin.host().ends_with(".tenants.example.com"))
    ///     .build()?;
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn builder(&self) -> CorsBuilder {
        let mut b = CorsLayer::builder()
            .allow_origin(list::<Origins>(&self.allow_origins))
            .allow_methods(list::<Methods>(&self.allow_methods))
            .allow_headers(list::<HeaderNames>(&self.allow_headers))
            .expose_headers(list::<HeaderNames>(&self.expose_headers))
            .allow_credentials(self.allow_credentials)
            .dangerously_allow_null_origin(self.dangerously_allow_null_origin)
            .dangerously_allow_credentials_for_any_origin(
                self.dangerously_allow_credentials_for_any_origin,
            )
            .dangerously_allow_credentials_over_http(self.dangerously_allow_credentials_over_http)
            .dangerously_allow_credentials_for_public_suffix_wildcards(
                self.dangerously_allow_credentials_for_public_suffix_wildcards,
            )
            .dangerously_allow_credentials_for_private_addresses(
                self.dangerously_allow_credentials_for_private_addresses,
            )
            .treat_as_public_suffixes(self.treat_as_public_suffixes.iter().cloned());
        for pattern in &self.allow_origin_regexes {
            b = b.push_regex(pattern.clone());
        }
        if let Some(seconds) = self.max_age_secs {
            b = b.max_age(Duration::from_secs(seconds));
        }
        if let Some(status) = self.preflight_status {
            b = match StatusCode::from_u16(status) {
                Ok(status) => b.preflight_status(status),
                // No HTTP status at all: `build` reports it with the rest.
                Err(_) => b.report(Problem::PreflightStatusNotSuccess { status }),
            };
        }
        b
    }

    /// Validates and compiles the policy: the same checks, and the same
    /// [`ConfigError`], as [`CorsBuilder::build`].
    ///
    /// ```
    /// use tower_cors::{CorsConfig, Problem};
    ///
    /// let config = CorsConfig {
    ///     allow_origins: vec!["https://app.example.com/".into()],
    ///     ..CorsConfig::default()
    /// };
    /// let err = config.build().unwrap_err();
    /// assert!(matches!(err.problems(), [Problem::InvalidOrigin(_)]));
    /// ```
    pub fn build(&self) -> Result<CorsLayer, ConfigError> {
        self.builder().build()
    }

    /// Reads the common environment form:
    ///
    /// | variable | meaning |
    /// |---|---|
    /// | `CORS_ALLOWED_ORIGINS` | comma-separated origins and patterns, or `*` |
    /// | `CORS_ALLOWED_METHODS` | comma-separated methods, or `*` |
    /// | `CORS_ALLOWED_HEADERS` | comma-separated request headers, or `*` |
    /// | `CORS_EXPOSED_HEADERS` | comma-separated response headers, or `*` |
    /// | `CORS_MAX_AGE` | seconds |
    /// | `CORS_ALLOW_CREDENTIALS` | `true` or `false` |
    ///
    /// Unset variables leave their setting empty. A value that does not
    /// parse is a [`Problem::InvalidEnvironmentVariable`]; the policy itself
    /// is checked by [`build`](Self::build).
    ///
    /// ```
    /// use tower_cors::CorsConfig;
    ///
    /// // With CORS_ALLOWED_ORIGINS="https://app.example.com" in the environment:
    /// let config = CorsConfig::from_env()?;
    /// if !config.allow_origins.is_empty() {
    ///     let cors = config.build()?;
    /// }
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn from_env() -> Result<CorsConfig, ConfigError> {
        let mut vars = Vec::new();
        let mut problems = Vec::new();
        for name in VARIABLES {
            match std::env::var(name) {
                Ok(value) => vars.push((name, value)),
                Err(std::env::VarError::NotPresent) => {}
                Err(std::env::VarError::NotUnicode(value)) => {
                    problems.push(invalid(name, &value.to_string_lossy(), "valid UTF-8"));
                }
            }
        }
        match Self::from_vars(vars) {
            Ok(config) if problems.is_empty() => Ok(config),
            Ok(_) => Err(ConfigError::new(problems)),
            Err(error) => {
                problems.extend(error.into_problems());
                Err(ConfigError::new(problems))
            }
        }
    }

    /// [`from_env`](Self::from_env) over any list of `(name, value)` pairs,
    /// for tests and for other sources of variables. Names other than the
    /// six above are ignored.
    ///
    /// ```
    /// use tower_cors::CorsConfig;
    ///
    /// let config = CorsConfig::from_vars([
    ///     ("CORS_ALLOWED_ORIGINS", "https://a.example.com, https://*.b.example.com"),
    ///     ("CORS_ALLOW_CREDENTIALS", "true"),
    /// ])?;
    /// assert_eq!(config.allow_origins, ["https://a.example.com", "https://*.b.example.com"]);
    /// let cors = config.build()?;
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn from_vars<I, K, V>(vars: I) -> Result<CorsConfig, ConfigError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut config = CorsConfig::default();
        let mut problems = Vec::new();
        for (name, value) in vars {
            let (name, value) = (name.as_ref(), value.as_ref());
            match name {
                "CORS_ALLOWED_ORIGINS" => config.allow_origins = split(value),
                "CORS_ALLOWED_METHODS" => config.allow_methods = split(value),
                "CORS_ALLOWED_HEADERS" => config.allow_headers = split(value),
                "CORS_EXPOSED_HEADERS" => config.expose_headers = split(value),
                "CORS_MAX_AGE" => match value.trim().parse() {
                    Ok(seconds) => config.max_age_secs = Some(seconds),
                    Err(_) => problems.push(invalid(name, value, "a number of seconds")),
                },
                "CORS_ALLOW_CREDENTIALS" => match value.trim() {
                    v if v.eq_ignore_ascii_case("true") => config.allow_credentials = true,
                    v if v.eq_ignore_ascii_case("false") => config.allow_credentials = false,
                    _ => problems.push(invalid(name, value, "`true` or `false`")),
                },
                _ => {}
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigError::new(problems))
        }
    }
}

impl TryFrom<CorsConfig> for CorsLayer {
    type Error = ConfigError;

    fn try_from(config: CorsConfig) -> Result<CorsLayer, ConfigError> {
        config.build()
    }
}

/// A list of the file: `["*"]` alone is [`Any`].
fn list<T: From<Any> + From<Vec<String>>>(items: &[String]) -> T {
    match items {
        [only] if only.trim() == "*" => T::from(Any),
        _ => T::from(items.to_vec()),
    }
}

/// A comma-separated list, trimmed, without empty items.
fn split(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

fn invalid(name: &str, value: &str, expected: &'static str) -> Problem {
    Problem::InvalidEnvironmentVariable {
        name: name.to_owned(),
        value: value.to_owned(),
        expected,
    }
}

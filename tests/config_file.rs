//! `CorsConfig` (the `serde` feature): the policy from files and from the
//! environment, checked exactly as the builder checks it.

use http::{header, Method, Request};
use tower_cors::{ConfigError, CorsConfig, CorsLayer, Problem};

fn preflight_methods(cors: &CorsLayer, origin: &str) -> Option<String> {
    let (parts, ()) = Request::options("/")
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "DELETE")
        .body(())
        .unwrap()
        .into_parts();
    match cors.policy().evaluate(&parts) {
        tower_cors::Decision::Preflight(answer) if answer.refusal().is_none() => answer
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_METHODS)
            .map(|v| v.to_str().unwrap().to_owned()),
        _ => None,
    }
}

#[test]
fn toml_json_and_the_builder_agree() {
    let toml: CorsConfig = toml::from_str(
        r#"
        allow_origins = ["https://app.example.com", "https://*.preview.example.com"]
        allow_methods = ["GET", "delete"]
        allow_headers = ["content-type"]
        allow_credentials = true
        max_age_secs = 600
        "#,
    )
    .unwrap();
    let json: CorsConfig = serde_json::from_str(
        r#"{
            "allow_origins": ["https://app.example.com", "https://*.preview.example.com"],
            "allow_methods": ["GET", "delete"],
            "allow_headers": ["content-type"],
            "allow_credentials": true,
            "max_age_secs": 600
        }"#,
    )
    .unwrap();
    assert_eq!(toml, json);
    let from_file = toml.build().unwrap();
    let by_hand = CorsLayer::builder()
        .allow_origin(["https://app.example.com", "https://*.preview.example.com"])
        .allow_methods([Method::GET, Method::DELETE])
        .allow_headers("content-type")
        .allow_credentials(true)
        .max_age(std::time::Duration::from_secs(600))
        .build()
        .unwrap();
    assert_eq!(format!("{from_file:?}"), format!("{by_hand:?}"));
    for origin in [
        "https://app.example.com",
        "https://pr-1.preview.example.com",
    ] {
        assert_eq!(
            preflight_methods(&from_file, origin).as_deref(),
            Some("GET, DELETE")
        );
    }
    assert_eq!(
        preflight_methods(&from_file, "https://evil.example.com"),
        None
    );
}

#[test]
fn a_lone_star_means_any() {
    let config: CorsConfig = serde_json::from_str(
        r#"{"allow_origins": ["*"], "allow_methods": ["*"], "allow_headers": ["*"]}"#,
    )
    .unwrap();
    let cors = config.build().unwrap();
    let (parts, ()) = Request::options("/")
        .header(header::ORIGIN, "https://anyone.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PATCH")
        .body(())
        .unwrap()
        .into_parts();
    let tower_cors::Decision::Preflight(answer) = cors.policy().evaluate(&parts) else {
        panic!("a preflight");
    };
    assert_eq!(answer.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert_eq!(answer.headers()[header::ACCESS_CONTROL_ALLOW_METHODS], "*");
    assert_eq!(answer.headers()[header::ACCESS_CONTROL_ALLOW_HEADERS], "*");
}

#[test]
fn a_bad_file_fails_with_the_builders_problems() {
    let config: CorsConfig = toml::from_str(
        r#"
        allow_origins = ["https://app.example.com/", "*"]
        allow_methods = ["TRACE"]
        allow_credentials = true
        preflight_status = 302
        "#,
    )
    .unwrap();
    let error = config.build().unwrap_err();
    let builder_error = config.builder().build().unwrap_err();
    assert_eq!(error, builder_error);
    assert!(matches!(error.problems()[0], Problem::InvalidOrigin(_)));
    assert!(error
        .problems()
        .iter()
        .any(|p| matches!(p, Problem::WildcardInOriginList)));
    assert!(error
        .problems()
        .iter()
        .any(|p| matches!(p, Problem::ForbiddenMethod { .. })));
    assert!(error
        .problems()
        .iter()
        .any(|p| matches!(p, Problem::PreflightStatusNotSuccess { status: 302, .. })));
    assert!(error
        .to_string()
        .contains("write `https://app.example.com`"));
}

#[test]
fn a_status_that_is_no_status_is_reported_with_the_rest() {
    let config = CorsConfig {
        allow_origins: vec!["https://app.example.com".into()],
        preflight_status: Some(1000),
        ..CorsConfig::default()
    };
    let problems = config.build().unwrap_err().into_problems();
    assert!(
        matches!(
            problems.as_slice(),
            [Problem::PreflightStatusNotSuccess { status: 1000, .. }]
        ),
        "{problems:?}"
    );
}

#[test]
fn unknown_fields_are_refused() {
    let error =
        toml::from_str::<CorsConfig>(r#"allowed_origins = ["https://a.example.com"]"#).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("unknown field `allowed_origins`"),
        "{error}"
    );
}

#[test]
fn the_environment_form() {
    let config = CorsConfig::from_vars([
        (
            "CORS_ALLOWED_ORIGINS",
            " https://a.example.com, https://*.b.example.com ,",
        ),
        ("CORS_ALLOWED_METHODS", "GET,PUT,DELETE"),
        ("CORS_ALLOWED_HEADERS", "*"),
        ("CORS_EXPOSED_HEADERS", "x-request-id"),
        ("CORS_MAX_AGE", "600"),
        ("CORS_ALLOW_CREDENTIALS", "TRUE"),
        ("PATH", "/usr/bin"),
    ])
    .unwrap();
    assert_eq!(
        config,
        CorsConfig {
            allow_origins: vec![
                "https://a.example.com".into(),
                "https://*.b.example.com".into()
            ],
            allow_methods: vec!["GET".into(), "PUT".into(), "DELETE".into()],
            allow_headers: vec!["*".into()],
            expose_headers: vec!["x-request-id".into()],
            max_age_secs: Some(600),
            allow_credentials: true,
            ..CorsConfig::default()
        }
    );
    let cors: CorsLayer = config.try_into().unwrap();
    assert_eq!(
        preflight_methods(&cors, "https://x.b.example.com").as_deref(),
        Some("GET, PUT, DELETE")
    );
}

#[test]
fn bad_environment_values_are_named() {
    let error: ConfigError = CorsConfig::from_vars([
        ("CORS_MAX_AGE", "ten minutes"),
        ("CORS_ALLOW_CREDENTIALS", "yes"),
    ])
    .unwrap_err();
    let [Problem::InvalidEnvironmentVariable {
        name: first,
        value: first_value,
        expected: first_expected,
        ..
    }, Problem::InvalidEnvironmentVariable {
        name: second,
        value: second_value,
        expected: second_expected,
        ..
    }] = error.problems()
    else {
        panic!("{error}");
    };
    assert_eq!(
        (first.as_str(), first_value.as_str(), *first_expected),
        ("CORS_MAX_AGE", "ten minutes", "a number of seconds")
    );
    assert_eq!(
        (second.as_str(), second_value.as_str(), *second_expected),
        ("CORS_ALLOW_CREDENTIALS", "yes", "`true` or `false`")
    );
    assert!(error
        .to_string()
        .contains("environment variable CORS_MAX_AGE=\"ten minutes\" is not a number of seconds"));
}

#[test]
fn a_config_round_trips() {
    let config = CorsConfig {
        allow_origins: vec!["https://a.example.com".into()],
        max_age_secs: Some(60),
        ..CorsConfig::default()
    };
    let text = toml::to_string(&config).unwrap();
    assert_eq!(toml::from_str::<CorsConfig>(&text).unwrap(), config);
}

/// The one test of this binary that touches the process environment.
#[cfg(unix)]
#[test]
fn from_env_reads_the_process_environment() {
    use std::os::unix::ffi::OsStrExt;

    std::env::set_var("CORS_ALLOWED_ORIGINS", "https://a.example.com");
    std::env::set_var("CORS_MAX_AGE", "60");
    let config = CorsConfig::from_env().unwrap();
    assert_eq!(config.allow_origins, ["https://a.example.com"]);
    assert_eq!(config.max_age_secs, Some(60));

    std::env::set_var(
        "CORS_ALLOW_CREDENTIALS",
        std::ffi::OsStr::from_bytes(b"tr\xffue"),
    );
    let problems = CorsConfig::from_env().unwrap_err().into_problems();
    assert!(matches!(
        problems.as_slice(),
        [Problem::InvalidEnvironmentVariable { name, expected: "valid UTF-8", .. }]
            if name == "CORS_ALLOW_CREDENTIALS"
    ));
    for name in [
        "CORS_ALLOWED_ORIGINS",
        "CORS_MAX_AGE",
        "CORS_ALLOW_CREDENTIALS",
    ] {
        std::env::remove_var(name);
    }
}

/// A credentialed wildcard spanning a nested public suffix is refused from
/// a file and from `CORS_*` variables alike, and a file can declare the
/// suffixes the list lacks.
#[test]
fn nested_public_suffixes_are_refused_from_files_and_the_environment() {
    let nested = |error: ConfigError| {
        matches!(
            error.problems(),
            [Problem::CredentialsWithPublicSuffixWildcard { suffix, .. }] if suffix.ends_with(".amazonaws.com")
        )
    };
    let file: CorsConfig = toml::from_str(
        r#"
        allow_origins = ["https://*.amazonaws.com"]
        allow_credentials = true
        "#,
    )
    .unwrap();
    assert!(nested(file.build().unwrap_err()));
    let vars = CorsConfig::from_vars([
        ("CORS_ALLOWED_ORIGINS", "https://*.amazonaws.com"),
        ("CORS_ALLOW_CREDENTIALS", "true"),
    ])
    .unwrap();
    assert!(nested(vars.build().unwrap_err()));

    let declared: CorsConfig = toml::from_str(
        r#"
        allow_origins = ["https://*.loca.lt"]
        allow_credentials = true
        treat_as_public_suffixes = ["loca.lt"]
        "#,
    )
    .unwrap();
    assert!(matches!(
        declared.build().unwrap_err().problems(),
        [Problem::CredentialsWithPublicSuffixWildcard { suffix, .. }] if suffix == "loca.lt"
    ));
    let bad: CorsConfig = toml::from_str(r#"treat_as_public_suffixes = ["not a domain"]"#).unwrap();
    assert!(bad
        .build()
        .unwrap_err()
        .problems()
        .iter()
        .any(|p| matches!(p, Problem::InvalidPublicSuffix { .. })));
}

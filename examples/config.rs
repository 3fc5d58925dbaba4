//! The policy from a configuration file, overridden by the environment.
//!
//! ```sh
//! cargo run --example config --features serde
//! CORS_ALLOWED_ORIGINS="https://a.example.com, https://*.b.example.com" \
//!     cargo run --example config --features serde
//! CORS_MAX_AGE=soon cargo run --example config --features serde   # the error
//! ```
//!
//! It prints the policy it would serve with and the answer to one
//! preflight, or every problem with the configuration.

use http::{header, Method, Request};
use tower_cors::{CorsConfig, CorsLayer};

fn main() {
    match load() {
        Ok(cors) => {
            println!("{:#?}", cors.policy());
            let (parts, ()) = Request::options("/items")
                .header(header::ORIGIN, "https://app.example.com")
                .header(
                    header::ACCESS_CONTROL_REQUEST_METHOD,
                    Method::DELETE.as_str(),
                )
                .body(())
                .expect("a valid request")
                .into_parts();
            println!("{:?}", cors.policy().evaluate(&parts));
        }
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
}

/// `examples/cors.toml`, with any `CORS_*` variable taking its field's place.
fn load() -> Result<CorsLayer, Box<dyn std::error::Error>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/cors.toml");
    let mut config: CorsConfig = toml::from_str(&std::fs::read_to_string(path)?)?;
    let env = CorsConfig::from_env()?;
    if !env.allow_origins.is_empty() {
        config.allow_origins = env.allow_origins;
    }
    if env.max_age_secs.is_some() {
        config.max_age_secs = env.max_age_secs;
    }
    Ok(config.build()?)
}

//! Why a browser blocks a response, named by the step of the Fetch
//! Standard's CORS check that failed, and how each engine words it.

use crate::engine::Engine;
use crate::page::Reason;

/// The step of the CORS check (or of the preflight) that failed.
#[derive(Debug, Clone, Copy)]
pub enum Blocked<'a> {
    /// The response has no `Access-Control-Allow-Origin`.
    MissingAllowOrigin,
    /// The preflight's answer has no `Access-Control-Allow-Origin`.
    PreflightMissingAllowOrigin,
    /// The preflight's answer does not allow this method.
    MethodNotAllowed(&'a str),
    /// The preflight's answer does not allow this request header.
    HeaderNotAllowed(&'a str),
    /// A credentialed response without `Access-Control-Allow-Credentials:
    /// true`.
    MissingAllowCredentials,
    /// A credentialed request's preflight answer without
    /// `Access-Control-Allow-Credentials: true`.
    PreflightMissingAllowCredentials,
    /// A credentialed response with `Access-Control-Allow-Origin: *`.
    WildcardOriginWithCredentials,
}

impl<'a> Blocked<'a> {
    /// The reason `engine` gives, or `None` for an engine that gives none to
    /// a driver (WebKit).
    pub fn reason(self, engine: Engine) -> Option<Reason> {
        match engine {
            Engine::Chromium => {
                let (kind, parameter) = self.chromium();
                Some(Reason::Chromium {
                    kind: kind.to_owned(),
                    parameter: parameter.to_owned(),
                })
            }
            Engine::Firefox => Some(Reason::Firefox(self.firefox())),
            Engine::Webkit => None,
        }
    }

    /// DevTools' `CorsError` kind and failed parameter.
    fn chromium(self) -> (&'static str, &'a str) {
        match self {
            Blocked::MissingAllowOrigin => ("MissingAllowOriginHeader", ""),
            Blocked::PreflightMissingAllowOrigin => ("PreflightMissingAllowOriginHeader", ""),
            Blocked::MethodNotAllowed(method) => ("MethodDisallowedByPreflightResponse", method),
            Blocked::HeaderNotAllowed(name) => ("HeaderDisallowedByPreflightResponse", name),
            Blocked::MissingAllowCredentials => ("InvalidAllowCredentials", ""),
            Blocked::PreflightMissingAllowCredentials => ("PreflightInvalidAllowCredentials", ""),
            Blocked::WildcardOriginWithCredentials => ("WildcardOriginNotAllowed", ""),
        }
    }

    /// The "(Reason: …)" of Firefox's console message.
    fn firefox(self) -> String {
        match self {
            Blocked::MissingAllowOrigin | Blocked::PreflightMissingAllowOrigin => {
                "CORS header ‘Access-Control-Allow-Origin’ missing".to_owned()
            }
            Blocked::MethodNotAllowed(_) => {
                "Did not find method in CORS header ‘Access-Control-Allow-Methods’".to_owned()
            }
            Blocked::HeaderNotAllowed(name) => format!(
                "header ‘{name}’ is not allowed according to header \
                 ‘Access-Control-Allow-Headers’ from CORS preflight response"
            ),
            Blocked::MissingAllowCredentials | Blocked::PreflightMissingAllowCredentials => {
                "expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’".to_owned()
            }
            Blocked::WildcardOriginWithCredentials => {
                "Credential is not supported if the CORS header \
                 ‘Access-Control-Allow-Origin’ is ‘*’"
                    .to_owned()
            }
        }
    }
}

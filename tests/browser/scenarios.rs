//! The scenarios: each checks what JavaScript saw (and, when Chromium
//! failed the request, the reason it gave) and which requests reached the
//! server. Where engines differ, a scenario asserts each engine's own
//! behaviour, named by `page.engine()`.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::json;
use tower_cors::{Any, CorsBuilder, CorsLayer, Problem};

use std::future::Future;
use std::pin::Pin;

use crate::api::Api;
use crate::blocked::Blocked;
use crate::engine::Engine;
use crate::lab::Session;
use crate::page::Seen;
use crate::{Outcome, Scenario};

macro_rules! scenarios {
    ($($name:ident $(on $host:expr)?),* $(,)?) => {
        /// Every scenario: its name, the host its page is served from, and
        /// the scenario itself.
        pub const ALL: &[(&str, &str, Scenario)] = &[$(
            (stringify!($name), page_host!($($host)?), {
                fn boxed<'a>(page: &'a Session<'_>) -> Pending<'a> {
                    Box::pin($name(page))
                }
                boxed
            }),
        )*];
    };
}

macro_rules! page_host {
    () => {
        "127.0.0.1"
    };
    ($host:expr) => {
        $host
    };
}

/// A running scenario.
type Pending<'a> = Pin<Box<dyn Future<Output = Outcome> + 'a>>;

/// The host of pages on a subdomain: every engine resolves names under
/// `localhost` to the loopback address without asking DNS.
const APP_HOST: &str = "app.localhost";

scenarios![
    control_without_layer_fetch_fails,
    simple_get_from_allowed_origin,
    simple_get_from_refused_origin,
    delete_after_allowed_preflight,
    delete_not_allowed_never_sent,
    custom_header_allowed,
    custom_header_not_allowed,
    authorization_not_covered_by_any_header,
    authorization_listed_explicitly,
    response_header_readable_only_when_exposed,
    max_age_caches_preflight,
    max_age_zero_preflights_every_time,
    credentials_login_flow,
    credentials_without_allow_credentials_fail,
    subdomain_wildcard_admits_page on APP_HOST,
    port_wildcard_admits_page,
    regex_admits_page on APP_HOST,
    non_matching_patterns_refuse_page on APP_HOST,
    null_origin_refused_by_default,
    null_origin_allowed_when_opted_in,
    method_names_are_case_sensitive,
    inner_error_statuses_readable,
    preflight_status_204_and_200_accepted,
    beginner_walkthrough,
    credentialed_preflight_without_allow_credentials_fails,
    redirect_across_origins_sends_null_origin,
    head_and_json_post_need_preflight,
    handler_vary_is_kept,
    handler_wildcard_origin_replaced_for_credentials,
    exposed_headers_with_credentials_are_literal,
    fetch_metadata_cross_site on APP_HOST,
    fetch_metadata_same_site,
];

/// An API behind a policy that allows the page's origin, and whatever
/// `configure` adds.
async fn api(
    page: &Session<'_>,
    configure: impl FnOnce(CorsBuilder) -> CorsBuilder,
) -> Result<Api, String> {
    Api::start(configure(CorsLayer::builder().allow_origin(page.origin()))).await
}

/// The `fetch()` init of a request with one method.
fn method(name: &str) -> serde_json::Value {
    json!({ "method": name })
}

/// Asserts a failed fetch: a `TypeError` in JavaScript with the engine's
/// message.
#[track_caller]
fn assert_failed(page: &Session<'_>, seen: &Seen) {
    assert!(
        seen.is_type_error(),
        "expected a TypeError, JS saw {seen:?}"
    );
    assert_eq!(
        seen.message.as_deref(),
        Some(page.engine().failed_fetch_message()),
        "the engine's message, in {seen:?}"
    );
}

/// Asserts a failed fetch and the reason the engine gave, where it gives
/// one.
#[track_caller]
fn assert_blocked(page: &Session<'_>, seen: &Seen, blocked: Blocked<'_>) {
    assert_failed(page, seen);
    assert_eq!(
        seen.reason,
        blocked.reason(page.engine()),
        "the engine's reason, in {seen:?}"
    );
}

/// Asserts a readable response with this status and body.
#[track_caller]
fn assert_read(seen: &Seen, status: u16, body: &str) {
    assert!(
        seen.resolved(),
        "expected a readable response, JS saw {seen:?}"
    );
    assert_eq!(seen.status, Some(status), "{seen:?}");
    assert_eq!(seen.body, body, "{seen:?}");
}

/// 1. Without the layer the browser refuses to show the response, although
///    the server answered it.
async fn control_without_layer_fetch_fails(page: &Session<'_>) -> Outcome {
    let api = Api::start_without_cors().await?;
    let seen = page.fetch(&api.url("/data"), json!({}), &[]).await?;
    assert_blocked(page, &seen, Blocked::MissingAllowOrigin);
    assert_eq!(api.arrivals(), ["GET /data -> 200"]);
    Ok(())
}

/// 2. A simple GET from an allowed origin is readable.
async fn simple_get_from_allowed_origin(page: &Session<'_>) -> Outcome {
    let api = api(page, |cors| cors).await?;
    let seen = page.fetch(&api.url("/data"), json!({}), &[]).await?;
    assert_read(&seen, 200, "GET /data");
    assert_eq!(api.arrivals(), ["GET /data -> 200"]);
    Ok(())
}

/// 2. A simple GET from a refused origin reaches the server (nothing asks
///    first) but JavaScript gets a TypeError.
async fn simple_get_from_refused_origin(page: &Session<'_>) -> Outcome {
    let api = Api::start(CorsLayer::builder().allow_origin("https://app.example.com")).await?;
    let seen = page.fetch(&api.url("/data"), json!({}), &[]).await?;
    assert_blocked(page, &seen, Blocked::MissingAllowOrigin);
    assert_eq!(api.arrivals(), ["GET /data -> 200"]);
    Ok(())
}

/// 3. DELETE needs a preflight: OPTIONS arrives first, then the DELETE.
async fn delete_after_allowed_preflight(page: &Session<'_>) -> Outcome {
    let api = api(page, |cors| cors.allow_methods("DELETE")).await?;
    let seen = page.fetch(&api.url("/data"), method("DELETE"), &[]).await?;
    assert_read(&seen, 200, "DELETE /data");
    assert_eq!(
        api.arrivals(),
        ["OPTIONS /data -> 204", "DELETE /data -> 200"]
    );
    Ok(())
}

/// 3. A method the policy does not allow: the preflight is answered, the
///    DELETE never reaches the server.
async fn delete_not_allowed_never_sent(page: &Session<'_>) -> Outcome {
    let api = api(page, |cors| cors.allow_methods("PUT")).await?;
    let seen = page.fetch(&api.url("/data"), method("DELETE"), &[]).await?;
    assert_blocked(page, &seen, Blocked::MethodNotAllowed("DELETE"));
    assert_eq!(api.arrivals(), ["OPTIONS /data -> 204"]);
    Ok(())
}

/// 4. A listed custom request header passes the preflight.
async fn custom_header_allowed(page: &Session<'_>) -> Outcome {
    let api = api(page, |cors| cors.allow_headers("x-request-id")).await?;
    let init = json!({ "headers": { "X-Request-Id": "7" } });
    let seen = page.fetch(&api.url("/data"), init, &[]).await?;
    assert_read(&seen, 200, "GET /data");
    assert_eq!(api.arrivals(), ["OPTIONS /data -> 204", "GET /data -> 200"]);
    Ok(())
}

/// 4. An unlisted custom request header: Chromium names it, and the request
///    never reaches the server.
async fn custom_header_not_allowed(page: &Session<'_>) -> Outcome {
    let api = api(page, |cors| cors.allow_headers("x-request-id")).await?;
    let init = json!({ "headers": { "X-Request-Id": "7", "X-Debug": "1" } });
    let seen = page.fetch(&api.url("/data"), init, &[]).await?;
    assert_blocked(page, &seen, Blocked::HeaderNotAllowed("x-debug"));
    assert_eq!(api.arrivals(), ["OPTIONS /data -> 204"]);
    Ok(())
}

/// 5. "Any header" without credentials is `*`, and the standard says `*`
///    never covers `Authorization`. Chromium obeys (launched with the
///    standard behaviour switched on); Firefox ESR and WebKitGTK let `*`
///    cover it. The layer is right under both: it sends `*` only where the
///    policy said any header.
async fn authorization_not_covered_by_any_header(page: &Session<'_>) -> Outcome {
    let api = api(page, |cors| cors.allow_headers(Any)).await?;
    let custom = json!({ "headers": { "X-Anything": "1" } });
    let seen = page.fetch(&api.url("/custom"), custom, &[]).await?;
    assert_read(&seen, 200, "GET /custom");
    let bearer = json!({ "headers": { "Authorization": "Bearer t0k3n" } });
    let seen = page.fetch(&api.url("/private"), bearer, &[]).await?;
    let mut expected = vec![
        "OPTIONS /custom -> 204",
        "GET /custom -> 200",
        "OPTIONS /private -> 204",
    ];
    match page.engine() {
        Engine::Chromium => assert_blocked(page, &seen, Blocked::HeaderNotAllowed("authorization")),
        Engine::Firefox | Engine::Webkit => {
            assert_read(&seen, 200, "GET /private");
            expected.push("GET /private -> 200");
        }
    }
    assert_eq!(api.arrivals(), expected);
    Ok(())
}

/// 5. `Authorization` listed explicitly passes, alone or beside "any header".
async fn authorization_listed_explicitly(page: &Session<'_>) -> Outcome {
    let bearer = json!({ "headers": { "Authorization": "Bearer t0k3n" } });
    for builder in [
        CorsLayer::builder().allow_headers("authorization"),
        CorsLayer::builder()
            .allow_headers(Any)
            .allow_headers("authorization"),
    ] {
        let api = Api::start(builder.allow_origin(page.origin())).await?;
        let seen = page
            .fetch(&api.url("/private"), bearer.clone(), &[])
            .await?;
        assert_read(&seen, 200, "GET /private");
        assert_eq!(
            api.arrivals(),
            ["OPTIONS /private -> 204", "GET /private -> 200"]
        );
    }
    Ok(())
}

/// 6. A non-safelisted response header is readable only once exposed; a
///    safelisted one always is.
async fn response_header_readable_only_when_exposed(page: &Session<'_>) -> Outcome {
    let read = ["x-total", "content-type"];
    let hidden = api(page, |cors| cors).await?;
    let seen = page.fetch(&hidden.url("/data"), json!({}), &read).await?;
    assert_read(&seen, 200, "GET /data");
    assert_eq!(seen.header("x-total"), None);
    assert_eq!(
        seen.header("content-type"),
        Some("text/plain; charset=utf-8")
    );

    let exposed = api(page, |cors| cors.expose_headers("x-total")).await?;
    let seen = page.fetch(&exposed.url("/data"), json!({}), &read).await?;
    assert_eq!(seen.header("x-total"), Some("42"));
    assert_eq!(
        seen.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    Ok(())
}

/// 7. Within max-age later DELETEs send no new preflight. Chromium and
///    WebKit preflight once; Firefox ESR preflighted the first few requests
///    to a new API origin again and served the rest from its cache.
async fn max_age_caches_preflight(page: &Session<'_>) -> Outcome {
    let api = api(page, |cors| {
        cors.allow_methods("DELETE")
            .max_age(Duration::from_secs(600))
    })
    .await?;
    deletes_use_cached_preflight(page, &api).await
}

/// How many DELETEs [`deletes_use_cached_preflight`] sends.
const CACHED_DELETES: usize = 5;

/// The most of them Firefox ESR preflighted before it used its cache.
const FIREFOX_UNCACHED_PREFLIGHTS: usize = 3;

/// Sends [`CACHED_DELETES`] DELETEs to an API whose preflight may be
/// cached, and asserts the engine's preflight cache served them.
async fn deletes_use_cached_preflight(page: &Session<'_>, api: &Api) -> Outcome {
    for _ in 0..CACHED_DELETES {
        let seen = page.fetch(&api.url("/data"), method("DELETE"), &[]).await?;
        assert_read(&seen, 200, "DELETE /data");
    }
    // Chromium and WebKit: one preflight, then the cache. Firefox ESR: the
    // first DELETEs to a new origin preflighted again (two or three, in the
    // default context and in a user context alike), then the cache.
    let arrivals = api.arrivals();
    let preflights = arrivals.iter().filter(|l| l.starts_with("OPTIONS")).count();
    let uncached = match page.engine() {
        Engine::Chromium | Engine::Webkit => 1,
        Engine::Firefox => {
            assert!(
                (1..=FIREFOX_UNCACHED_PREFLIGHTS).contains(&preflights),
                "{arrivals:?}"
            );
            preflights
        }
    };
    let mut expected = Vec::new();
    for n in 0..CACHED_DELETES {
        if n < uncached {
            expected.push("OPTIONS /data -> 204");
        }
        expected.push("DELETE /data -> 200");
    }
    assert_eq!(arrivals, expected);
    Ok(())
}

/// 7. With max-age 0 every DELETE is preflighted again.
async fn max_age_zero_preflights_every_time(page: &Session<'_>) -> Outcome {
    let api = api(page, |cors| {
        cors.allow_methods("DELETE").max_age(Duration::ZERO)
    })
    .await?;
    for _ in 0..2 {
        let seen = page.fetch(&api.url("/data"), method("DELETE"), &[]).await?;
        assert_read(&seen, 200, "DELETE /data");
    }
    assert_eq!(
        api.arrivals(),
        [
            "OPTIONS /data -> 204",
            "DELETE /data -> 200",
            "OPTIONS /data -> 204",
            "DELETE /data -> 200"
        ]
    );
    Ok(())
}

/// The log-in flow of a single-page app: a credentialed POST lets the API set
/// an HttpOnly cookie, a credentialed GET sends it back.
async fn login(page: &Session<'_>, api: &Api) -> Result<[Seen; 2], String> {
    let credentialed = |verb: &str| json!({ "method": verb, "credentials": "include" });
    let login = page
        .fetch(&api.url("/login"), credentialed("POST"), &[])
        .await?;
    let me = page
        .fetch(&api.url("/me"), credentialed("GET"), &[])
        .await?;
    Ok([login, me])
}

/// 8. With credentials allowed the cookie set by the API comes back to it.
async fn credentials_login_flow(page: &Session<'_>) -> Outcome {
    let api = api(page, |cors| cors.allow_credentials(true)).await?;
    let [login, me] = login(page, &api).await?;
    assert_read(&login, 200, "logged in");
    assert_read(&me, 200, "s3cret");
    assert_eq!(api.arrivals(), ["POST /login -> 200", "GET /me -> 200"]);
    assert_eq!(api.cookie(0), None);
    assert_eq!(api.cookie(1).as_deref(), Some("session=s3cret"));
    Ok(())
}

/// 8. Without `allow_credentials` a credentialed fetch fails in the browser.
async fn credentials_without_allow_credentials_fail(page: &Session<'_>) -> Outcome {
    let api = api(page, |cors| cors).await?;
    let [login, me] = login(page, &api).await?;
    assert_blocked(page, &login, Blocked::MissingAllowCredentials);
    assert_blocked(page, &me, Blocked::MissingAllowCredentials);
    assert_eq!(api.arrivals(), ["POST /login -> 200", "GET /me -> 200"]);
    Ok(())
}

/// A GET and a preflighted DELETE from the page to an API behind `builder`.
async fn get_and_delete(
    page: &Session<'_>,
    builder: CorsBuilder,
) -> Result<(Seen, Seen, Api), String> {
    let api = Api::start(builder.allow_methods("DELETE")).await?;
    let get = page.fetch(&api.url("/data"), json!({}), &[]).await?;
    let delete = page.fetch(&api.url("/data"), method("DELETE"), &[]).await?;
    Ok((get, delete, api))
}

/// 9. `http://*.localhost:*` admits `http://app.localhost:<port>`.
async fn subdomain_wildcard_admits_page(page: &Session<'_>) -> Outcome {
    let builder = CorsLayer::builder().allow_origin("http://*.localhost:*");
    let (get, delete, api) = get_and_delete(page, builder).await?;
    assert_read(&get, 200, "GET /data");
    assert_read(&delete, 200, "DELETE /data");
    assert_eq!(
        api.arrivals(),
        [
            "GET /data -> 200",
            "OPTIONS /data -> 204",
            "DELETE /data -> 200"
        ]
    );
    Ok(())
}

/// 9. `http://127.0.0.1:*` admits the page on its ephemeral port.
async fn port_wildcard_admits_page(page: &Session<'_>) -> Outcome {
    let builder = CorsLayer::builder().allow_origin("http://127.0.0.1:*");
    let (get, delete, api) = get_and_delete(page, builder).await?;
    assert_read(&get, 200, "GET /data");
    assert_read(&delete, 200, "DELETE /data");
    assert_eq!(
        api.arrivals(),
        [
            "GET /data -> 200",
            "OPTIONS /data -> 204",
            "DELETE /data -> 200"
        ]
    );
    Ok(())
}

/// 9. A regular expression admits the page's origin.
async fn regex_admits_page(page: &Session<'_>) -> Outcome {
    let builder = CorsLayer::builder().allow_origin_regex(r"^http://[a-z]+\.localhost:\d+$");
    let (get, delete, api) = get_and_delete(page, builder).await?;
    assert_read(&get, 200, "GET /data");
    assert_read(&delete, 200, "DELETE /data");
    assert_eq!(
        api.arrivals(),
        [
            "GET /data -> 200",
            "OPTIONS /data -> 204",
            "DELETE /data -> 200"
        ]
    );
    Ok(())
}

/// 9. Patterns that do not match the page refuse it: the GET is unreadable
///    and the DELETE never leaves the browser.
async fn non_matching_patterns_refuse_page(page: &Session<'_>) -> Outcome {
    let builder = CorsLayer::builder()
        .allow_origin(["http://*.example.test:*", "http://127.0.0.1:*"])
        .allow_origin_regex(r"^http://api\.localhost:\d+$");
    let (get, delete, api) = get_and_delete(page, builder).await?;
    assert_blocked(page, &get, Blocked::MissingAllowOrigin);
    assert_blocked(page, &delete, Blocked::PreflightMissingAllowOrigin);
    assert_eq!(api.arrivals(), ["GET /data -> 200", "OPTIONS /data -> 403"]);
    Ok(())
}

/// 10. A sandboxed iframe sends `Origin: null`, refused without the opt-in.
async fn null_origin_refused_by_default(page: &Session<'_>) -> Outcome {
    let api = api(page, |cors| cors).await?;
    let seen = page.fetch_from_null(&api.url("/data"), json!({})).await?;
    match page.engine() {
        Engine::Firefox | Engine::Webkit => {
            assert_blocked(page, &seen, Blocked::MissingAllowOrigin)
        }
        // The sandboxed frame is a target of its own in Chromium, whose
        // network events the page's listener does not see.
        Engine::Chromium => {
            assert_failed(page, &seen);
            assert_eq!(seen.reason, None, "{seen:?}");
        }
    }
    assert_eq!(api.arrivals(), ["GET /data -> 200"]);
    assert_eq!(api.header(0, "origin").as_deref(), Some("null"));
    Ok(())
}

/// 10. With `dangerously_allow_null_origin` the sandboxed iframe can read it.
async fn null_origin_allowed_when_opted_in(page: &Session<'_>) -> Outcome {
    let api = api(page, |cors| cors.dangerously_allow_null_origin(true)).await?;
    let seen = page.fetch_from_null(&api.url("/data"), json!({})).await?;
    assert_read(&seen, 200, "GET /data");
    assert_eq!(api.arrivals(), ["GET /data -> 200"]);
    assert_eq!(api.header(0, "origin").as_deref(), Some("null"));
    Ok(())
}

/// 11. Fetch upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT:
///     `patch` stays `patch`, and `PATCH` in the list does not allow it.
///     The configuration normalises the same six, so `delete` means DELETE.
async fn method_names_are_case_sensitive(page: &Session<'_>) -> Outcome {
    let upper = api(page, |cors| cors.allow_methods("PATCH")).await?;
    let seen = page
        .fetch(&upper.url("/data"), method("PATCH"), &[])
        .await?;
    assert_read(&seen, 200, "PATCH /data");
    let seen = page
        .fetch(&upper.url("/data"), method("patch"), &[])
        .await?;
    assert_blocked(page, &seen, Blocked::MethodNotAllowed("patch"));
    assert_eq!(
        upper.arrivals(),
        [
            "OPTIONS /data -> 204",
            "PATCH /data -> 200",
            "OPTIONS /data -> 204"
        ]
    );

    let lower = api(page, |cors| cors.allow_methods(["patch", "delete"])).await?;
    let seen = page
        .fetch(&lower.url("/data"), method("patch"), &[])
        .await?;
    assert_read(&seen, 200, "patch /data");
    let seen = page
        .fetch(&lower.url("/data"), method("delete"), &[])
        .await?;
    assert_read(&seen, 200, "DELETE /data");
    Ok(())
}

/// 12. Error statuses of the inner service keep their CORS headers, so
///     JavaScript sees the real status instead of a CORS error.
async fn inner_error_statuses_readable(page: &Session<'_>) -> Outcome {
    let api = api(page, |cors| cors.allow_credentials(true)).await?;
    for status in [401, 404, 500] {
        let init = json!({ "credentials": "include" });
        let seen = page
            .fetch(&api.url(&format!("/status/{status}")), init, &[])
            .await?;
        assert_read(&seen, status, &format!("status {status}"));
    }
    assert_eq!(
        api.arrivals(),
        [
            "GET /status/401 -> 401",
            "GET /status/404 -> 404",
            "GET /status/500 -> 500"
        ]
    );
    Ok(())
}

/// 13. The default 204 and a configured 200 both pass as preflight answers.
async fn preflight_status_204_and_200_accepted(page: &Session<'_>) -> Outcome {
    for (status, line) in [
        (None, "OPTIONS /data -> 204"),
        (Some(StatusCode::OK), "OPTIONS /data -> 200"),
    ] {
        let mut builder = CorsLayer::builder()
            .allow_origin(page.origin())
            .allow_methods("DELETE");
        if let Some(status) = status {
            builder = builder.preflight_status(status);
        }
        let api = Api::start(builder).await?;
        let seen = page.fetch(&api.url("/data"), method("DELETE"), &[]).await?;
        assert_read(&seen, 200, "DELETE /data");
        assert_eq!(api.arrivals(), [line, "DELETE /data -> 200"]);
    }
    Ok(())
}

/// 14. The walk-through of a CORS tutorial, one step at a time, each step's
///     outcome as the tutorial predicts it.
async fn beginner_walkthrough(page: &Session<'_>) -> Outcome {
    let delete = method("DELETE");
    let with_header = json!({ "headers": { "X-Request-Id": "7" } });

    // No CORS at all: the response exists but JavaScript may not read it.
    let api = Api::start_without_cors().await?;
    let seen = page.fetch(&api.url("/data"), json!({}), &[]).await?;
    assert_blocked(page, &seen, Blocked::MissingAllowOrigin);
    assert_eq!(api.arrivals(), ["GET /data -> 200"]);

    // Any origin (`*`): simple requests work...
    let star = CorsLayer::builder().allow_origin(Any);
    let api = Api::start(star.clone()).await?;
    let seen = page.fetch(&api.url("/data"), json!({}), &[]).await?;
    assert_read(&seen, 200, "GET /data");
    // ...but a DELETE is blocked until DELETE is an allowed method,
    let seen = page.fetch(&api.url("/data"), delete.clone(), &[]).await?;
    assert_blocked(page, &seen, Blocked::MethodNotAllowed("DELETE"));
    assert_eq!(api.arrivals(), ["GET /data -> 200", "OPTIONS /data -> 204"]);
    let methods = star.allow_methods(["GET", "POST", "DELETE"]);
    let api = Api::start(methods.clone()).await?;
    let seen = page.fetch(&api.url("/data"), delete.clone(), &[]).await?;
    assert_read(&seen, 200, "DELETE /data");

    // a custom request header is blocked until allowed,
    let seen = page
        .fetch(&api.url("/headers"), with_header.clone(), &[])
        .await?;
    assert_blocked(page, &seen, Blocked::HeaderNotAllowed("x-request-id"));
    assert_eq!(
        api.arrivals(),
        [
            "OPTIONS /data -> 204",
            "DELETE /data -> 200",
            "OPTIONS /headers -> 204"
        ]
    );
    let headers = methods.allow_headers("x-request-id");
    let api = Api::start(headers.clone()).await?;
    let seen = page.fetch(&api.url("/data"), with_header, &[]).await?;
    assert_read(&seen, 200, "GET /data");

    // a custom response header stays hidden until exposed,
    let seen = page
        .fetch(&api.url("/total"), json!({}), &["x-total"])
        .await?;
    assert_read(&seen, 200, "GET /total");
    assert_eq!(seen.header("x-total"), None);
    assert_eq!(
        api.arrivals(),
        [
            "OPTIONS /data -> 204",
            "GET /data -> 200",
            "GET /total -> 200"
        ]
    );
    let exposed = headers.expose_headers("x-total");
    let api = Api::start(exposed.clone()).await?;
    let seen = page
        .fetch(&api.url("/data"), json!({}), &["x-total"])
        .await?;
    assert_read(&seen, 200, "GET /data");
    assert_eq!(seen.header("x-total"), Some("42"));

    // a preflight is cached for max-age seconds,
    let cached = exposed.max_age(Duration::from_secs(600));
    let api = Api::start(cached.clone()).await?;
    deletes_use_cached_preflight(page, &api).await?;

    // and cookies need credentials, which `*` cannot carry: the browser
    // refuses `*` for a credentialed request, and the builder refuses
    // credentials with any origin...
    let api = Api::start(cached.clone()).await?;
    let seen = page
        .fetch(&api.url("/me"), json!({ "credentials": "include" }), &[])
        .await?;
    assert_blocked(page, &seen, Blocked::WildcardOriginWithCredentials);
    assert_eq!(api.arrivals(), ["GET /me -> 200"]);
    let refused = cached.clone().allow_credentials(true).build();
    let problems = refused.err().map(|e| e.into_problems()).unwrap_or_default();
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, Problem::CredentialsWithAnyOrigin)),
        "{problems:?}"
    );
    // ...so name the origin and allow credentials: the log-in works.
    let named = CorsLayer::builder()
        .allow_origin(page.origin())
        .allow_credentials(true)
        .allow_methods(["GET", "POST", "DELETE"]);
    let api = Api::start(named).await?;
    let [login, me] = login(page, &api).await?;
    assert_read(&login, 200, "logged in");
    assert_read(&me, 200, "s3cret");
    assert_eq!(api.arrivals(), ["POST /login -> 200", "GET /me -> 200"]);
    Ok(())
}

/// 8. A credentialed request that needs a preflight fails when the
///    preflight's answer lacks `Access-Control-Allow-Credentials`, and the
///    actual request never leaves the browser; with credentials allowed the
///    same request passes.
async fn credentialed_preflight_without_allow_credentials_fails(page: &Session<'_>) -> Outcome {
    let init = json!({ "method": "DELETE", "credentials": "include" });
    let refused = api(page, |cors| cors.allow_methods("DELETE")).await?;
    let seen = page.fetch(&refused.url("/data"), init.clone(), &[]).await?;
    assert_blocked(page, &seen, Blocked::PreflightMissingAllowCredentials);
    assert_eq!(refused.arrivals(), ["OPTIONS /data -> 204"]);

    let allowed = api(page, |cors| {
        cors.allow_methods("DELETE").allow_credentials(true)
    })
    .await?;
    let seen = page.fetch(&allowed.url("/data"), init, &[]).await?;
    assert_read(&seen, 200, "DELETE /data");
    assert_eq!(
        allowed.arrivals(),
        ["OPTIONS /data -> 204", "DELETE /data -> 200"]
    );
    Ok(())
}

/// 2. After a redirect to another origin the browser sends `Origin: null`
///    on the next hop (the request's origin is tainted), so only a policy
///    that allows `null` lets JavaScript read the answer.
async fn redirect_across_origins_sends_null_origin(page: &Session<'_>) -> Outcome {
    let redirector = api(page, |cors| cors).await?;
    let named = api(page, |cors| cors).await?;
    let null = api(page, |cors| cors.dangerously_allow_null_origin(true)).await?;
    let via = |target: &Api| redirector.url(&format!("/redirect?{}", target.url("/data")));

    let seen = page.fetch(&via(&named), json!({}), &[]).await?;
    assert_blocked(page, &seen, Blocked::MissingAllowOrigin);
    assert_eq!(named.arrivals(), ["GET /data -> 200"]);
    assert_eq!(named.header(0, "origin").as_deref(), Some("null"));

    let seen = page.fetch(&via(&null), json!({}), &[]).await?;
    assert_read(&seen, 200, "GET /data");
    assert_eq!(null.arrivals(), ["GET /data -> 200"]);
    assert_eq!(null.header(0, "origin").as_deref(), Some("null"));

    assert_eq!(
        redirector.arrivals(),
        ["GET /redirect -> 307", "GET /redirect -> 307"]
    );
    assert_eq!(
        redirector.header(0, "origin").as_deref(),
        Some(page.origin())
    );
    Ok(())
}

/// 3. A `Content-Type` of `application/json` is not safelisted: a `HEAD` or
///    a `POST` that sends it needs a preflight, which passes only when the
///    policy allows the header.
async fn head_and_json_post_need_preflight(page: &Session<'_>) -> Outcome {
    let json_type = json!({ "Content-Type": "application/json" });
    let head = json!({ "method": "HEAD", "headers": json_type });
    let post = json!({ "method": "POST", "headers": json_type, "body": "{\"n\":1}" });

    let allowed = api(page, |cors| cors.allow_headers("content-type")).await?;
    let seen = page.fetch(&allowed.url("/head"), head.clone(), &[]).await?;
    assert_read(&seen, 200, "");
    let seen = page.fetch(&allowed.url("/post"), post.clone(), &[]).await?;
    assert_read(&seen, 200, "POST /post");
    assert_eq!(
        allowed.arrivals(),
        [
            "OPTIONS /head -> 204",
            "HEAD /head -> 200",
            "OPTIONS /post -> 204",
            "POST /post -> 200"
        ]
    );

    let refused = api(page, |cors| cors).await?;
    for (init, path) in [(head, "/head"), (post, "/post")] {
        let seen = page.fetch(&refused.url(path), init, &[]).await?;
        assert_blocked(page, &seen, Blocked::HeaderNotAllowed("content-type"));
    }
    assert_eq!(
        refused.arrivals(),
        ["OPTIONS /head -> 204", "OPTIONS /post -> 204"]
    );
    Ok(())
}

/// 12. The handler's own `Vary` survives: the layer adds `Origin` to it
///     instead of replacing it.
async fn handler_vary_is_kept(page: &Session<'_>) -> Outcome {
    let api = api(page, |cors| cors.expose_headers("vary")).await?;
    let seen = page.fetch(&api.url("/vary"), json!({}), &["vary"]).await?;
    assert_read(&seen, 200, "GET /vary");
    assert_eq!(
        seen.header("vary"),
        Some("Accept-Encoding, Origin"),
        "{seen:?}"
    );
    assert_eq!(api.arrivals(), ["GET /vary -> 200"]);
    Ok(())
}

/// 8. A handler that sets its own `Access-Control-Allow-Origin: *` would
///    fail every credentialed request; behind a credentialed policy the
///    layer replaces it with the request's origin, and the request works.
async fn handler_wildcard_origin_replaced_for_credentials(page: &Session<'_>) -> Outcome {
    let init = json!({ "credentials": "include" });
    let bare = Api::start_without_cors().await?;
    let seen = page.fetch(&bare.url("/star"), init.clone(), &[]).await?;
    assert_blocked(page, &seen, Blocked::WildcardOriginWithCredentials);
    assert_eq!(bare.arrivals(), ["GET /star -> 200"]);

    let api = api(page, |cors| cors.allow_credentials(true)).await?;
    let seen = page.fetch(&api.url("/star"), init, &[]).await?;
    assert_read(&seen, 200, "GET /star");
    assert_eq!(api.arrivals(), ["GET /star -> 200"]);
    Ok(())
}

/// 6. With credentials, `Access-Control-Expose-Headers: *` names a header
///    called `*`, exposing nothing: the browser shows the same response's
///    `x-total` to a plain fetch and hides it from a credentialed one. So a
///    credentialed policy must list what it exposes; "any" does not build.
async fn exposed_headers_with_credentials_are_literal(page: &Session<'_>) -> Outcome {
    let read = ["x-total"];
    let credentialed = json!({ "credentials": "include" });
    let bare = Api::start_without_cors().await?;
    let url = bare.url("/credentialed-star");
    let seen = page.fetch(&url, json!({}), &read).await?;
    assert_read(&seen, 200, "GET /credentialed-star");
    assert_eq!(seen.header("x-total"), Some("42"));
    let seen = page.fetch(&url, credentialed.clone(), &read).await?;
    assert_read(&seen, 200, "GET /credentialed-star");
    assert_eq!(seen.header("x-total"), None);

    let refused = CorsLayer::builder()
        .allow_origin(page.origin())
        .allow_credentials(true)
        .expose_headers(Any)
        .build();
    let problems = refused.err().map(|e| e.into_problems()).unwrap_or_default();
    assert!(
        problems
            .iter()
            .any(|p| matches!(p, Problem::CredentialsWithAnyExposedHeader)),
        "{problems:?}"
    );

    let listed = api(page, |cors| {
        cors.allow_credentials(true).expose_headers("x-total")
    })
    .await?;
    let seen = page
        .fetch(&listed.url("/data"), credentialed, &read)
        .await?;
    assert_read(&seen, 200, "GET /data");
    assert_eq!(seen.header("x-total"), Some("42"));
    assert_eq!(listed.arrivals(), ["GET /data -> 200"]);
    assert_eq!(listed.cookie(0), None);
    assert_eq!(
        bare.arrivals(),
        [
            "GET /credentialed-star -> 200",
            "GET /credentialed-star -> 200"
        ]
    );
    Ok(())
}

/// Fetch metadata, which cross-origin request protection reads: every
/// engine sends `Sec-Fetch-Site` with a `fetch()` to a potentially
/// trustworthy URL (`127.0.0.1` is one), on the preflight too.
async fn assert_fetch_metadata(page: &Session<'_>, site: &str) -> Outcome {
    let api = api(page, |cors| cors.allow_methods("DELETE")).await?;
    let seen = page.fetch(&api.url("/data"), json!({}), &[]).await?;
    assert_read(&seen, 200, "GET /data");
    let seen = page.fetch(&api.url("/data"), method("DELETE"), &[]).await?;
    assert_read(&seen, 200, "DELETE /data");
    assert_eq!(
        api.arrivals(),
        [
            "GET /data -> 200",
            "OPTIONS /data -> 204",
            "DELETE /data -> 200"
        ]
    );
    for n in 0..3 {
        let metadata =
            ["sec-fetch-site", "sec-fetch-mode", "sec-fetch-dest"].map(|name| api.header(n, name));
        let expected = [site, "cors", "empty"].map(|v| Some(v.to_owned()));
        assert_eq!(metadata, expected, "request {n}: {:?}", api.arrivals());
    }
    Ok(())
}

/// From `app.localhost` to `127.0.0.1`: `Sec-Fetch-Site: cross-site`.
async fn fetch_metadata_cross_site(page: &Session<'_>) -> Outcome {
    assert_fetch_metadata(page, "cross-site").await
}

/// From `127.0.0.1:A` to `127.0.0.1:B`: the site ignores the port, so
/// `Sec-Fetch-Site: same-site`.
async fn fetch_metadata_same_site(page: &Session<'_>) -> Outcome {
    assert_fetch_metadata(page, "same-site").await
}

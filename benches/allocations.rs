//! Heap allocations and bytes per request, for each contender and scenario,
//! counted by a global allocator (counts are deterministic, so one call
//! after a warm-up tells the truth).
//!
//! ```text
//! cargo bench --features regex --bench allocations
//! ```
//!
//! Prints a Markdown table: what the no-op path allocates (the handler's own
//! response), and what each CORS layer allocates on top of it. Copying the
//! request happens before counting starts.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use http::Response;
use tower::{Layer, Service};

use common::{noop, request, serve, tower_cors, tower_http, Handler, Scenario};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; it only
// counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations and bytes of one call (the request copy is made first).
fn count<S>(service: &mut S, scenario: &Scenario) -> (usize, usize)
where
    S: Service<http::Request<()>, Response = Response<()>, Error = std::convert::Infallible>,
{
    // Warm up: lazily initialised state is not per-request cost.
    drop(serve(service, request(&scenario.request)));
    let req = request(&scenario.request);
    let (n, bytes) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        BYTES.load(Ordering::Relaxed),
    );
    let response = serve(service, req);
    let counted = (
        ALLOCATIONS.load(Ordering::Relaxed) - n,
        BYTES.load(Ordering::Relaxed) - bytes,
    );
    drop(response);
    counted
}

fn main() {
    println!("| scenario | no-op | tower-http | tower-cors |");
    println!("|---|---|---|---|");
    for scenario in common::scenarios() {
        let (base, base_bytes) = count(&mut noop(), &scenario);
        let (http, http_bytes) = count(&mut tower_http(scenario.shape).layer(Handler), &scenario);
        let (ours, our_bytes) = count(&mut tower_cors(scenario.shape).layer(Handler), &scenario);
        println!(
            "| {} | {base} ({base_bytes} B) | {http} ({http_bytes} B) | {ours} ({our_bytes} B) |",
            scenario.name
        );
        common::check_verdict(&scenario);
        // The targets: nothing on top of the handler's own allocations for
        // an actual request; a preflight (answered without the handler) at
        // most what its response's header map needs.
        if scenario.request.method == http::Method::OPTIONS {
            assert!(ours <= 2, "{}: {ours} allocations", scenario.name);
        } else {
            assert_eq!(ours, base, "{}: the layer allocated", scenario.name);
        }
    }
    println!();
    println!("Allocations per request (bytes requested); the no-op column is the handler's own response.");
}

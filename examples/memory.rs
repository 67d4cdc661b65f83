//! Heap bytes an engine reading holds, and the peak while reading (a
//! counting allocator; for checking memory while optimising).
//!
//! `cargo run --release --example memory -- FILE`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn mb(n: usize) -> String {
    format!("{:.1} MB", n as f64 / 1e6)
}

fn main() {
    let path = std::env::args().nth(1).expect("a file to read");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let engine = foil::engine::Engine::default();
    engine.analyze("warm up: 1. How many? OUR RESPONSE: 2");
    let base = NOW.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let reading = engine.analyze(&text);
    println!(
        "{} bytes read: the reading holds {}, peak {} while reading",
        text.len(),
        mb(NOW.load(Ordering::Relaxed) - base),
        mb(PEAK.load(Ordering::Relaxed) - base)
    );
    drop(reading);
}

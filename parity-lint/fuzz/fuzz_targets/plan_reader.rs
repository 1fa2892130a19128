#![no_main]
//! Any bytes: the reader answers Ok or an error; on Ok, pairing, region
//! detection and the engine run without panicking.

use libfuzzer_sys::fuzz_target;
use parity_lint::plan::{detect_region, find_pair, snapshot_of, Document};

fuzz_target!(|data: &[u8]| {
    let Ok(mut doc) = Document::parse(data) else { return };
    let _ = find_pair(&doc);
    let mut snapshot = snapshot_of(&mut doc);
    let _ = detect_region(&doc, None, &snapshot);
    snapshot.region = None;
    let other = snapshot.clone();
    let _ = parity_lint::check(snapshot, other, &parity_lint::Config::default());
});

#![no_main]
//! CIDR parsing, containment and offsets on arbitrary text.

use libfuzzer_sys::fuzz_target;
use parity_lint::cidr::Cidr;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.splitn(2, ' ');
    let a = parts.next().and_then(|s| s.parse::<Cidr>().ok());
    let b = parts.next().and_then(|s| s.parse::<Cidr>().ok());
    if let (Some(a), Some(b)) = (a, b) {
        let _ = a.overlaps(b);
        if let Some(offset) = b.offset_in(a) {
            assert!(a.contains(b), "offset without containment: {offset}");
        }
    }
});

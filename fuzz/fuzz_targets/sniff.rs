//! The input sniffer must never panic on any bytes.
#![no_main]

use keysmith::{Expected, Origin};
use keysmith::input::{Input, sniff};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = sniff(&Input::from_bytes(Origin::Stdin, data), Expected::Anything);
});

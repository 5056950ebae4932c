//! PKCS#12 parsing (modern and legacy) must never panic.
#![no_main]

use keysmith::cert::pkcs12;
use keysmith::input::Input;
use keysmith::{Origin, Secret};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = Input::from_bytes(Origin::Stdin, data);
    let _ = pkcs12::open(&input, Some(&Secret::new("correct horse")));
    let _ = pkcs12::open(&input, None);
});

//! The auth-response parser and token status must never panic.
#![no_main]

use keysmith::input::Input;
use keysmith::time::Timestamp;
use keysmith::{Origin, token};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = Input::from_bytes(Origin::Stdin, data);
    let options = token::Options {
        now: Timestamp::from_unix(1_790_000_000),
        received_at: Some(Timestamp::from_unix(1_790_000_000)),
        skew: 60,
    };
    let _ = token::status(&input, &options);
});

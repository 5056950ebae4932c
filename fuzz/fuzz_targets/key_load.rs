//! Key loading (every form, encrypted included) must never panic.
#![no_main]

use keysmith::input::Input;
use keysmith::{Origin, Secret, key};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = Input::from_bytes(Origin::Stdin, data);
    let pass = Secret::new("correct horse");
    if let Ok(loaded) = key::load(&input, Some(&pass)) {
        let _ = loaded.key.public_key().fingerprint();
    }
    let _ = key::inspect(&input, Some(&pass));
});

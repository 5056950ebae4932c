//! JWT decode and verify (RSA key and HMAC secret) must never panic.
#![no_main]

use std::sync::OnceLock;

use keysmith::input::Input;
use keysmith::jwt::{self, Verifier, VerifyingKey};
use keysmith::time::Timestamp;
use keysmith::{Origin, Secret};
use libfuzzer_sys::fuzz_target;

fn rsa() -> &'static Verifier {
    static V: OnceLock<Verifier> = OnceLock::new();
    V.get_or_init(|| {
        let pem = include_bytes!("../../testdata/rsa2048-spki.pem");
        Verifier::from_input(&Input::from_bytes(Origin::Stdin, &pem[..]), None)
            .expect("fixture key loads")
    })
}

fn hmac() -> &'static Verifier {
    static V: OnceLock<Verifier> = OnceLock::new();
    V.get_or_init(|| {
        Verifier::new(
            VerifyingKey::hmac(
                &Secret::new("TESTJWT"),
                keysmith::codec::SecretEncoding::Utf8,
                &Origin::Stdin,
            )
            .expect("secret"),
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let now = Timestamp::from_unix(1_790_000_000);
    if let Ok(token) = jwt::decode(text, &Origin::Stdin) {
        let _ = token.report(now);
    }
    let _ = rsa().verify(text, now);
    let _ = hmac().verify(text, now);
});

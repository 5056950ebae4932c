//! Certificate and bundle loading, summaries, thumbprints and keys must never panic.
#![no_main]

use keysmith::cert::{self, HashAlgorithm, CertificateSummary, Thumbprint};
use keysmith::input::Input;
use keysmith::time::Timestamp;
use keysmith::{Origin, Secret};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = Input::from_bytes(Origin::Stdin, data);
    if let Ok(loaded) = cert::load(&input, Some(&Secret::new("correct horse"))) {
        for c in &loaded.certificates {
            let _ = c.thumbprint(HashAlgorithm::Sha1);
            let _ = CertificateSummary::new(c, Timestamp::from_unix(1_800_000_000));
            if let Ok(pem) = c.to_pem() {
                let _ = cert::load_verifying_key(&Input::from_bytes(Origin::Stdin, pem), None);
            }
        }
    }
    let _ = cert::load_verifying_key(&input, None);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Thumbprint::parse(text, Origin::Argument("--expect"));
    }
});

//! keygen, pubkey, convert, inspect (keys), b64, payload, completions.

use crate::util::*;

#[test]
fn keygen_refuses_small_bits() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["keygen", "--bits", "1024"]);
    assert_error(
        &out,
        "argument --bits: RSA key size must be 2048, 3072 or 4096 bits",
    );
}

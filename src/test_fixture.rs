//! The unit tests' access to `testdata/` (compiled for tests only): every
//! fixture there is made by openssl or python, as `testdata/README.md` records.
//! A missing fixture fails the test that asked for it.

use crate::input::Input;

/// The path of `testdata/{name}`.
pub(crate) fn path(name: &str) -> String {
    format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The bytes of `testdata/{name}`.
pub(crate) fn bytes(name: &str) -> Vec<u8> {
    let path = path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `testdata/{name}` read as an [`Input`] (its origin is the path).
pub(crate) fn input(name: &str) -> Input {
    let path = path(name);
    Input::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

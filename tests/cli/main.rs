//! Integration tests: the real `keysmith` binary, one module per area.

mod util;

mod b64;
mod completions;
mod inputs;
mod inspect;
mod keys;
mod payload;

//! Integration tests: the real `keysmith` binary, one module per area.

mod util;

mod jwt;
mod keys;

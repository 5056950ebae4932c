//! Integration tests: the real `keysmith` binary, one module per area.

mod util;

mod cert;
mod keys;

//! Integration tests: the real `keysmith` binary, one module per area.

mod util;

mod cert;
mod check;
mod keys;
mod pkcs12;

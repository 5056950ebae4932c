//! Integration tests: the real `keysmith` binary, one module per area.

mod util;

mod b64;
mod cert;
mod check;
mod completions;
mod convert;
mod escape;
mod inputs;
mod inspect;
mod interop;
mod jose;
mod jwk_input;
mod jwt;
mod jwt_strict;
mod keygen;
mod legacy;
mod payload;
mod pkcs12;
mod pkcs12_create;
mod pubkey;
mod readme;
mod secrets;
mod sign;
mod token;
mod token_get;
mod token_helper;
mod x509;
mod x509_curves;

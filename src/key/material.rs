//! What key or certificate material an input holds, told without decrypting or
//! validating anything: so that callers can refuse to print a private key or to
//! take one as an HMAC secret.

use super::der_label;
use crate::error::Expected;
use crate::input::{self, Input};

/// Key or certificate material an input holds, as [`material`] tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Material {
    /// A private key of any algorithm, encrypted or not.
    PrivateKey,
    /// A public key of any algorithm.
    PublicKey,
    /// An X.509 certificate.
    Certificate,
}

/// Whether the input holds a key or a certificate, seen through the one input
/// sniffer: PEM blocks by label (any algorithm), bare DER (also Base64 of PEM or
/// DER) by the structure that parses. A private key anywhere in the input wins;
/// a PKCS#12 file (DER or Base64) counts as a private key.
/// `None` for anything else: text, a JWT, bytes that are no such structure.
///
/// This never decrypts or validates a key; it only says what the bytes are, so
/// that callers can refuse to print a private key to a terminal or to take a key
/// as an HMAC secret.
///
/// # Example
/// ```
/// use keysmith::input::Input;
/// use keysmith::key::{self, Material};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let input = Input::read(format!("{dir}/testdata/rsa2048-pkcs8.der"))?;
/// assert_eq!(key::material(&input), Some(Material::PrivateKey));
/// let input = Input::read(format!("{dir}/testdata/msg-hello.txt"))?;
/// assert_eq!(key::material(&input), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn material(input: &Input) -> Option<Material> {
    let Ok(input::Sniffed::Blocks { blocks, .. }) = input::sniff(input, Expected::Anything) else {
        return None;
    };
    let mut found = None;
    for block in &blocks {
        // A PKCS#12 file is there to carry a private key: treated as one,
        // without decrypting it to see whether it does.
        if crate::cert::is_pkcs12_block(block) {
            return Some(Material::PrivateKey);
        }
        let label = match block.label.as_deref() {
            Some(label) => label,
            None => match der_label(&block.der) {
                Some(label) => label,
                None => continue,
            },
        };
        let kind = if label.ends_with("PRIVATE KEY") {
            return Some(Material::PrivateKey);
        } else if label.ends_with("PUBLIC KEY") {
            Material::PublicKey
        } else if label.ends_with("CERTIFICATE") {
            Material::Certificate
        } else {
            continue;
        };
        found.get_or_insert(kind);
    }
    found
}

//! What `inspect` is looking at: a key, certificates (PEM, DER or PKCS#12) or
//! a JWT, told from the input's shape without decrypting or fully parsing it.
//!
//! It refuses nothing: input that is none of these is classed as a key, whose
//! loader then says what it found instead.
//!
//! [`material`] tells, just as cheaply, whether an input holds a private key,
//! a public key or a certificate, so that callers can refuse to print a private
//! key or to take one as an HMAC secret.

use crate::cert::{self, Container};
use crate::error::Expected;
use crate::input::{self, Input, Sniffed};
use crate::key;

/// What an input holds, as far as describing it goes.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// An RSA key, or anything that is none of the others.
    Key,
    /// One or more certificates, in this container.
    Certificates(Container),
    /// A compact JWT.
    Jwt,
    /// A PKCS#10 certificate signing request.
    CertificateRequest,
}

/// Classifies `input` for describing it.
///
/// # Example
/// ```
/// use keysmith::cert::Container;
/// use keysmith::input::Input;
/// use keysmith::inspect::{Subject, classify};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let p12 = Input::read(format!("{dir}/testdata/client.p12"))?;
/// assert_eq!(classify(&p12), Subject::Certificates(Container::Pkcs12));
/// let key = Input::read(format!("{dir}/testdata/rsa2048-pkcs8.pem"))?;
/// assert_eq!(classify(&key), Subject::Key);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn classify(input: &Input) -> Subject {
    match input::sniff(input, Expected::Anything) {
        Ok(Sniffed::Jwt) => Subject::Jwt,
        Ok(sniffed) if cert::is_request(&sniffed) => Subject::CertificateRequest,
        Ok(sniffed) => cert::detect(&sniffed).map_or(Subject::Key, Subject::Certificates),
        Err(_) => Subject::Key,
    }
}

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
/// use keysmith::inspect::{self, Material};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let input = Input::read(format!("{dir}/testdata/rsa2048-pkcs8.der"))?;
/// assert_eq!(inspect::material(&input), Some(Material::PrivateKey));
/// let input = Input::read(format!("{dir}/testdata/msg-hello.txt"))?;
/// assert_eq!(inspect::material(&input), None);
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
        if cert::is_pkcs12_block(block) {
            return Some(Material::PrivateKey);
        }
        let label = match block.label.as_deref() {
            Some(label) => label,
            None => match key::der_label(&block.der) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Origin;

    fn fixture(name: &str) -> Input {
        Input::read(format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// Issue 11: the library, not the binary, tells what `inspect` describes.
    #[test]
    fn issue_11_classify_tells_keys_certificates_and_tokens_apart() {
        assert_eq!(classify(&fixture("rsa2048-spki.pem")), Subject::Key);
        assert_eq!(
            classify(&fixture("csr-rsa2048.pem")),
            Subject::CertificateRequest
        );
        assert_eq!(
            classify(&fixture("bundle-3certs.pem")),
            Subject::Certificates(Container::Pem)
        );
        assert_eq!(classify(&fixture("jwt-rs256-valid.txt")), Subject::Jwt);
        let nothing = Input::from_bytes(Origin::Stdin, b"".to_vec());
        assert_eq!(classify(&nothing), Subject::Key);
    }
}

//! What `inspect` is looking at: a key, certificates (PEM, DER or PKCS#12) or
//! a JWT, told from the input's shape without decrypting or fully parsing it.
//!
//! It refuses nothing: input that is none of these is classed as a key, whose
//! loader then says what it found instead.

use crate::cert::{self, Container};
use crate::error::Expected;
use crate::input::{self, Input, Sniffed};

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

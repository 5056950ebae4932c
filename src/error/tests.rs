use super::*;

#[test]
fn error_messages_name_origin_and_expectation() {
    let err = Error::unexpected(
        &Origin::Path("k.pem".into()),
        Expected::PrivateKey,
        InputError::Certificate,
    );
    assert_eq!(
        err.to_string(),
        "k.pem: expected a private key, found a certificate"
    );
    let err = Error::Exists {
        path: "private_key.pem".into(),
    };
    assert_eq!(err.to_string(), "private_key.pem already exists");
}

// Issue 10: a file name, variable name or PEM label cannot add a line or
// an escape sequence to an error message.
#[test]
fn issue_10_error_messages_escape_input_values() {
    let err = Error::unexpected(
        &Origin::Path("k\n\u{1b}[2K.pem".into()),
        Expected::PrivateKey,
        InputError::PemLabel("EVIL\r\u{202e}".to_owned()),
    );
    assert_eq!(
        err.to_string(),
        r"k\n\u001b[2K.pem: expected a private key, found a PEM block labelled 'EVIL\r\u202e'"
    );
    let err = Error::Invalid {
        origin: Origin::Env("X\u{1b}]0;t\u{7}".to_owned()),
        reason: Invalid::EmptySecret,
    };
    assert_eq!(
        err.to_string(),
        r"environment variable X\u001b]0;t\u0007: the secret is empty"
    );
    let err = Error::Exists {
        path: "a\rb".into(),
    };
    assert_eq!(err.to_string(), r"a\rb already exists");
    let err = Error::Write {
        path: "a\tb".into(),
        source: std::io::Error::other("disk full"),
    };
    assert_eq!(err.to_string(), r"cannot write a\tb: disk full");
}

/// Issue 11: the library names no flag and gives no command-line advice;
/// the caller's origin is the only name in a message.
#[test]
fn issue_11_messages_name_no_flag() {
    let origin = Origin::Argument("size");
    let errors = [
        Error::Exists {
            path: "k.pem".into(),
        },
        Error::encrypted(&Origin::Stdin, Expected::PrivateKey, Encrypted::PrivateKey),
        Error::encrypted(&Origin::Stdin, Expected::Pkcs12, Encrypted::Pkcs12),
        Error::Invalid {
            origin: Origin::Stdin,
            reason: Invalid::SecretLooksLikeKey,
        },
        Error::Invalid {
            origin: Origin::Stdin,
            reason: Invalid::PrivateKeyRefused,
        },
        Error::Invalid {
            origin: origin.clone(),
            reason: Invalid::KeyBits,
        },
    ];
    for err in errors {
        let text = err.to_string();
        assert!(!text.contains("--"), "{text}");
        assert!(!text.contains("keysmith "), "{text}");
    }
    assert_eq!(
        crate::key::Bits::new(1024, &origin)
            .unwrap_err()
            .to_string(),
        "argument size: RSA key size must be 2048, 3072 or 4096 bits"
    );
}

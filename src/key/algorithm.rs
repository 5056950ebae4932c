//! [`KeyAlgorithm`]: what kind of key an `AlgorithmIdentifier` names, from the
//! one OID table keysmith keeps (keys, certificates and PKCS#12 bags all read it).
//!
//! keysmith handles RSA, EC (P-256/P-384/P-521) and Ed25519 keys; the other members exist so that reports and errors
//! can say what was found instead. An OID not in the table is kept as text.

use serde::Serialize;

/// The algorithm of a public or private key, by its OID.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyAlgorithm {
    /// RSA (`rsaEncryption`, 1.2.840.113549.1.1.1).
    Rsa,
    /// An elliptic-curve key (`id-ecPublicKey`, 1.2.840.10045.2.1).
    Ec,
    /// Ed25519 (1.3.101.112).
    Ed25519,
    /// Ed448 (1.3.101.113).
    Ed448,
    /// X25519 (1.3.101.110).
    X25519,
    /// X448 (1.3.101.111).
    X448,
    /// DSA (1.2.840.10040.4.1).
    Dsa,
    /// Any other algorithm, by its dotted OID.
    Other(String),
}

/// The table: OID, algorithm, report name.
const TABLE: [(&str, KeyAlgorithm, &str); 7] = [
    ("1.2.840.113549.1.1.1", KeyAlgorithm::Rsa, "rsa"),
    ("1.2.840.10045.2.1", KeyAlgorithm::Ec, "ec"),
    ("1.3.101.112", KeyAlgorithm::Ed25519, "ed25519"),
    ("1.3.101.113", KeyAlgorithm::Ed448, "ed448"),
    ("1.3.101.110", KeyAlgorithm::X25519, "x25519"),
    ("1.3.101.111", KeyAlgorithm::X448, "x448"),
    ("1.2.840.10040.4.1", KeyAlgorithm::Dsa, "dsa"),
];

impl KeyAlgorithm {
    /// The algorithm a dotted OID names.
    pub(crate) fn from_oid(oid: &str) -> KeyAlgorithm {
        TABLE.iter().find(|(o, _, _)| *o == oid).map_or_else(
            || KeyAlgorithm::Other(oid.to_owned()),
            |(_, a, _)| a.clone(),
        )
    }

    /// The dotted OID.
    pub(crate) fn oid(&self) -> &str {
        match self {
            KeyAlgorithm::Other(oid) => oid,
            known => TABLE
                .iter()
                .find(|(_, a, _)| a == known)
                .map_or("", |(o, _, _)| o),
        }
    }

    /// The name reports use: `rsa`, `ec`, `ed25519`, `ed448`, `x25519`, `x448`,
    /// `dsa`, or the OID.
    pub fn name(&self) -> &str {
        match self {
            KeyAlgorithm::Other(oid) => oid,
            known => TABLE
                .iter()
                .find(|(_, a, _)| a == known)
                .map_or("", |(_, _, n)| n),
        }
    }

    /// An Edwards-curve key (Ed25519, Ed448, X25519, X448).
    pub(crate) fn is_edwards(&self) -> bool {
        matches!(
            self,
            KeyAlgorithm::Ed25519 | KeyAlgorithm::Ed448 | KeyAlgorithm::X25519 | KeyAlgorithm::X448
        )
    }
}

impl std::fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for KeyAlgorithm {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oids_and_names_round_trip() {
        for (oid, algorithm, name) in TABLE {
            assert_eq!(KeyAlgorithm::from_oid(oid), algorithm);
            assert_eq!((algorithm.oid(), algorithm.name()), (oid, name));
        }
        let other = KeyAlgorithm::from_oid("1.2.840.10045.3.1.7");
        assert_eq!(other, KeyAlgorithm::Other("1.2.840.10045.3.1.7".to_owned()));
        assert_eq!(
            (other.oid(), other.name()),
            ("1.2.840.10045.3.1.7", "1.2.840.10045.3.1.7")
        );
        assert_eq!(
            serde_json::to_string(&KeyAlgorithm::Ec).ok().as_deref(),
            Some("\"ec\"")
        );
    }
}

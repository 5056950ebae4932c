//! Distinguished names as RFC 4514 strings, and the quick path to a subject.
//!
//! [`subject_der`] walks only the outer TLVs of a certificate (with `der`'s
//! reader) to reach the subject, so listing thumbprints of a large bundle never
//! pays for a full X.509 parse. [`rfc4514`] renders a parsed `x509-parser` name
//! the way `openssl x509 -nameopt RFC2253` does: last RDN first, `,` between
//! RDNs, `+` inside one, short attribute names, special characters escaped,
//! values that are not strings as `#` + hex of their DER.

use der::{Reader, SliceReader, Tag, TagNumber};
use x509_parser::der_parser::asn1_rs::{self, ToDer};
use x509_parser::x509::{AttributeTypeAndValue, X509Name};

/// The DER of the subject `Name` of a certificate, checking the certificate's
/// outer structure on the way: `SEQUENCE { tbsCertificate SEQUENCE { [0]?,
/// serial INTEGER, signature SEQUENCE, issuer SEQUENCE, validity SEQUENCE,
/// subject SEQUENCE, … }, signatureAlgorithm SEQUENCE, signature BIT STRING }`,
/// with nothing after it. `None` when the bytes are not shaped like that.
pub(crate) fn subject_der(der: &[u8]) -> Option<&[u8]> {
    let mut reader = SliceReader::new(der).ok()?;
    let subject = reader
        .sequence(|cert| {
            let subject = cert.sequence(|tbs| {
                if Tag::peek(tbs)?
                    == (Tag::ContextSpecific {
                        constructed: true,
                        number: TagNumber(0),
                    })
                {
                    tbs.tlv_bytes()?;
                }
                expect(tbs, Tag::Integer)?;
                expect(tbs, Tag::Sequence)?;
                expect(tbs, Tag::Sequence)?;
                expect(tbs, Tag::Sequence)?;
                let subject = expect(tbs, Tag::Sequence)?;
                tbs.read_slice(tbs.remaining_len())?;
                Ok::<_, der::Error>(subject)
            })?;
            expect(cert, Tag::Sequence)?;
            expect(cert, Tag::BitString)?;
            Ok::<_, der::Error>(subject)
        })
        .ok()?;
    reader.is_finished().then_some(subject)
}

/// The next TLV, which must carry `tag`.
fn expect<'a>(reader: &mut SliceReader<'a>, tag: Tag) -> der::Result<&'a [u8]> {
    Tag::peek(reader)?.assert_eq(tag)?;
    reader.tlv_bytes()
}

/// Short names for attribute types: RFC 4514 §3's list, then the ones
/// OpenSSL also abbreviates when it prints RFC 2253 names.
fn short_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.6" => "C",
        "2.5.4.9" => "STREET",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.12" => "title",
        "2.5.4.15" => "businessCategory",
        "2.5.4.17" => "postalCode",
        "2.5.4.42" => "GN",
        "2.5.4.43" => "initials",
        "2.5.4.44" => "generationQualifier",
        "2.5.4.46" => "dnQualifier",
        "2.5.4.65" => "pseudonym",
        "2.5.4.97" => "organizationIdentifier",
        "1.2.840.113549.1.9.1" => "emailAddress",
        "1.3.6.1.4.1.311.60.2.1.1" => "jurisdictionL",
        "1.3.6.1.4.1.311.60.2.1.2" => "jurisdictionST",
        "1.3.6.1.4.1.311.60.2.1.3" => "jurisdictionC",
        _ => return None,
    })
}

/// A name as an RFC 4514 string (`CN=client.example.com,O=Example Client Ltd,C=GB`).
pub(crate) fn rfc4514(name: &X509Name<'_>) -> String {
    let mut out = String::new();
    let rdns: Vec<_> = name.iter_rdn().collect();
    for (i, rdn) in rdns.iter().rev().enumerate() {
        if i > 0 {
            out.push(',');
        }
        for (j, attribute) in rdn.iter().enumerate() {
            if j > 0 {
                out.push('+');
            }
            push_attribute(&mut out, attribute);
        }
    }
    out
}

fn push_attribute(out: &mut String, attribute: &AttributeTypeAndValue<'_>) {
    let oid = attribute.attr_type().to_id_string();
    let named = short_name(&oid);
    out.push_str(named.unwrap_or(&oid));
    out.push('=');
    match (named, string_value(attribute)) {
        (Some(_), Some(text)) => escape_into(out, &text),
        _ => {
            // RFC 4514 §2.4: unknown types and non-string values as #hex of the DER.
            out.push('#');
            let der = attribute.attr_value().to_der_vec().unwrap_or_default();
            out.push_str(&crate::encode::hex_upper(&der));
        }
    }
}

fn string_value(attribute: &AttributeTypeAndValue<'_>) -> Option<String> {
    let value = attribute.attr_value();
    match value.tag() {
        asn1_rs::Tag::Utf8String
        | asn1_rs::Tag::PrintableString
        | asn1_rs::Tag::Ia5String
        | asn1_rs::Tag::NumericString
        | asn1_rs::Tag::VisibleString => std::str::from_utf8(value.data).ok().map(str::to_owned),
        // TeletexString in real certificates is Latin-1 in practice.
        asn1_rs::Tag::T61String => Some(value.data.iter().map(|&b| char::from(b)).collect()),
        asn1_rs::Tag::BmpString => {
            let units: Vec<u16> = value
                .data
                .chunks(2)
                .map(|p| match p {
                    [hi, lo] => Some(u16::from_be_bytes([*hi, *lo])),
                    _ => None,
                })
                .collect::<Option<_>>()?;
            String::from_utf16(&units).ok()
        }
        asn1_rs::Tag::UniversalString => value
            .data
            .chunks(4)
            .map(|p| match p {
                [a, b, c, d] => char::from_u32(u32::from_be_bytes([*a, *b, *c, *d])),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// RFC 4514 §2.4 escaping.
fn escape_into(out: &mut String, value: &str) {
    let last = value.chars().count().saturating_sub(1);
    for (i, c) in value.chars().enumerate() {
        match c {
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || i == last => out.push_str("\\ "),
            '\0' => out.push_str("\\00"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use x509_parser::prelude::FromDer;

    fn subject_of(pem_name: &str) -> String {
        let path = format!("{}/testdata/{pem_name}", env!("CARGO_MANIFEST_DIR"));
        let pem = std::fs::read(path).unwrap();
        let (_, der) = pem_rfc7468::decode_vec(&pem).unwrap();
        let subject = subject_der(&der).unwrap();
        let (_, name) = X509Name::from_der(subject).unwrap();
        rfc4514(&name)
    }

    #[test]
    fn subject_der_renders_rfc4514_like_openssl() {
        assert_eq!(
            subject_of("client.pem"),
            "CN=client.example.com,O=Example Client Ltd,C=GB"
        );
        assert_eq!(subject_of("selfsigned.pem"), "CN=selfsigned.example.com");
        assert_eq!(subject_of("ec-cert.pem"), "CN=ec.example.com");
    }

    #[test]
    fn subject_der_refuses_keys_and_trailing_bytes() {
        let spki = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata/rsa2048-spki.der"
        ))
        .unwrap();
        assert!(subject_der(&spki).is_none());
        let mut der =
            std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/client.der")).unwrap();
        assert!(subject_der(&der).is_some());
        der.push(0);
        assert!(subject_der(&der).is_none());
        assert!(subject_der(&[]).is_none());
    }

    #[test]
    fn escape_follows_rfc4514() {
        let mut out = String::new();
        escape_into(&mut out, "#a, b+c ");
        assert_eq!(out, "\\#a\\, b\\+c\\ ");
    }
}

//! Distinguished names as RFC 4514 strings, and the quick path to a subject.
//!
//! [`subject_der`] walks only the outer TLVs of a certificate (with `der`'s
//! reader) to reach the subject, so listing thumbprints of a large bundle never
//! pays for a full X.509 parse. [`rfc4514`] renders a parsed `x509-parser` name
//! the way `openssl x509 -nameopt RFC2253` does: last RDN first, `,` between
//! RDNs, `+` inside one, short attribute names, special characters escaped,
//! values that are not strings as `#` + hex of their DER.

use der::asn1::ObjectIdentifier;
use der::{Decode, Header, Reader, SliceReader, Tag, TagNumber};
use x509_parser::der_parser::asn1_rs::{self, ToDer};
use x509_parser::prelude::FromDer;
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
pub(crate) const SHORT_NAMES: [(ObjectIdentifier, &str); 24] = [
    (ObjectIdentifier::new_unwrap("2.5.4.3"), "CN"),
    (ObjectIdentifier::new_unwrap("2.5.4.7"), "L"),
    (ObjectIdentifier::new_unwrap("2.5.4.8"), "ST"),
    (ObjectIdentifier::new_unwrap("2.5.4.10"), "O"),
    (ObjectIdentifier::new_unwrap("2.5.4.11"), "OU"),
    (ObjectIdentifier::new_unwrap("2.5.4.6"), "C"),
    (ObjectIdentifier::new_unwrap("2.5.4.9"), "STREET"),
    (
        ObjectIdentifier::new_unwrap("0.9.2342.19200300.100.1.25"),
        "DC",
    ),
    (
        ObjectIdentifier::new_unwrap("0.9.2342.19200300.100.1.1"),
        "UID",
    ),
    (ObjectIdentifier::new_unwrap("2.5.4.4"), "SN"),
    (ObjectIdentifier::new_unwrap("2.5.4.5"), "serialNumber"),
    (ObjectIdentifier::new_unwrap("2.5.4.12"), "title"),
    (ObjectIdentifier::new_unwrap("2.5.4.15"), "businessCategory"),
    (ObjectIdentifier::new_unwrap("2.5.4.17"), "postalCode"),
    (ObjectIdentifier::new_unwrap("2.5.4.42"), "GN"),
    (ObjectIdentifier::new_unwrap("2.5.4.43"), "initials"),
    (
        ObjectIdentifier::new_unwrap("2.5.4.44"),
        "generationQualifier",
    ),
    (ObjectIdentifier::new_unwrap("2.5.4.46"), "dnQualifier"),
    (ObjectIdentifier::new_unwrap("2.5.4.65"), "pseudonym"),
    (
        ObjectIdentifier::new_unwrap("2.5.4.97"),
        "organizationIdentifier",
    ),
    (
        ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.1"),
        "emailAddress",
    ),
    (
        ObjectIdentifier::new_unwrap("1.3.6.1.4.1.311.60.2.1.1"),
        "jurisdictionL",
    ),
    (
        ObjectIdentifier::new_unwrap("1.3.6.1.4.1.311.60.2.1.2"),
        "jurisdictionST",
    ),
    (
        ObjectIdentifier::new_unwrap("1.3.6.1.4.1.311.60.2.1.3"),
        "jurisdictionC",
    ),
];

fn short_name(oid: &str) -> Option<&'static str> {
    SHORT_NAMES
        .iter()
        .find(|(o, _)| o.to_string() == oid)
        .map(|(_, n)| *n)
}

/// The RFC 4514 string of a DER `Name`; `None` when it does not parse.
pub(crate) fn rfc4514_der(name_der: &[u8]) -> Option<String> {
    let mut out = String::new();
    rfc4514_der_into(name_der, &mut out).then_some(out)
}

/// Appends the RFC 4514 string of a DER `Name` to `out`; `false` (and `out`
/// unchanged) when it does not parse.
///
/// The common case is read with `der`'s reader straight into `out` (no
/// allocation per attribute); names `der` cannot walk (a UniversalString
/// value) go through `x509-parser`.
pub(crate) fn rfc4514_der_into(name_der: &[u8], out: &mut String) -> bool {
    let start = out.len();
    if rfc4514_fast(name_der, out).is_ok() {
        return true;
    }
    out.truncate(start);
    match X509Name::from_der(name_der) {
        Ok(([], name)) => {
            out.push_str(&rfc4514(&name));
            true
        }
        _ => false,
    }
}

/// Reads `tag`'s header and runs `f` on its contents.
fn nested<'a, T>(
    reader: &mut SliceReader<'a>,
    tag: Tag,
    f: impl FnOnce(&mut SliceReader<'a>) -> der::Result<T>,
) -> der::Result<T> {
    let header = Header::decode(reader)?;
    header.tag().assert_eq(tag)?;
    reader.read_nested(header.length(), f)
}

/// The contents of a TLV that must carry `tag`.
fn contents<'a>(reader: &mut SliceReader<'a>, tag: Tag) -> der::Result<&'a [u8]> {
    let header = Header::decode(reader)?;
    header.tag().assert_eq(tag)?;
    reader.read_slice(header.length())
}

fn rfc4514_fast(name_der: &[u8], out: &mut String) -> der::Result<()> {
    let mut reader = SliceReader::new(name_der)?;
    // RFC 4514 writes the RDNs last first: find them, then write them backwards.
    let mut rdns: Vec<&[u8]> = Vec::with_capacity(8);
    nested(&mut reader, Tag::Sequence, |names| {
        while !names.is_finished() {
            rdns.push(contents(names, Tag::Set)?);
        }
        Ok(())
    })?;
    if !reader.is_finished() {
        return Err(der::ErrorKind::TrailingData {
            decoded: reader.position(),
            remaining: reader.remaining_len(),
        }
        .into());
    }
    for (i, rdn) in rdns.iter().rev().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let mut set = SliceReader::new(rdn)?;
        let mut first = true;
        while !set.is_finished() {
            nested(&mut set, Tag::Sequence, |pair| {
                let oid = contents(pair, Tag::ObjectIdentifier)?;
                let value = pair.tlv_bytes()?;
                if !first {
                    out.push('+');
                }
                first = false;
                push_pair(out, oid, value)
            })?;
        }
    }
    Ok(())
}

/// Writes `type=value`; `oid` is the OBJECT IDENTIFIER's contents.
fn push_pair(out: &mut String, oid: &[u8], value_tlv: &[u8]) -> der::Result<()> {
    let named = SHORT_NAMES
        .iter()
        .find(|(o, _)| o.as_bytes() == oid)
        .map(|(_, n)| *n);
    let mut value = SliceReader::new(value_tlv)?;
    let header = Header::decode(&mut value)?;
    let content = value.read_slice(header.length())?;
    let text = match header.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::NumericString
        | Tag::VisibleString => std::str::from_utf8(content)
            .ok()
            .map(std::borrow::Cow::Borrowed),
        Tag::TeletexString => Some(
            content
                .iter()
                .map(|&b| char::from(b))
                .collect::<String>()
                .into(),
        ),
        Tag::BmpString => bmp(content).map(std::borrow::Cow::Owned),
        _ => None,
    };
    match (named, text) {
        (Some(name), Some(text)) => {
            out.push_str(name);
            out.push('=');
            escape_into(out, &text);
        }
        (named, _) => {
            match named {
                Some(name) => out.push_str(name),
                None => out.push_str(
                    &ObjectIdentifier::from_bytes(oid)
                        .map_err(|_| der::Error::from(der::ErrorKind::OidMalformed))?
                        .to_string(),
                ),
            }
            out.push_str("=#");
            out.push_str(&crate::codec::hex_upper(value_tlv));
        }
    }
    Ok(())
}

fn bmp(content: &[u8]) -> Option<String> {
    let units: Vec<u16> = content
        .chunks(2)
        .map(|p| match p {
            [hi, lo] => Some(u16::from_be_bytes([*hi, *lo])),
            _ => None,
        })
        .collect::<Option<_>>()?;
    String::from_utf16(&units).ok()
}

/// A parsed name as an RFC 4514 string (`CN=client.example.com,O=Example Client Ltd,C=GB`).
fn rfc4514(name: &X509Name<'_>) -> String {
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
            out.push_str(&crate::codec::hex_upper(&der));
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
        asn1_rs::Tag::BmpString => bmp(value.data),
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
    // Every character that needs escaping is ASCII: look at bytes.
    let special = |b: &u8| matches!(b, b'"' | b'+' | b',' | b';' | b'<' | b'>' | b'\\' | 0);
    let plain = !value.as_bytes().iter().any(special)
        && !value.starts_with(['#', ' '])
        && !value.ends_with(' ');
    if plain {
        out.push_str(value);
        return;
    }
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

    fn subject_of(pem_name: &str) -> String {
        let pem = crate::test_fixture::bytes(pem_name);
        let (_, der) = pem_rfc7468::decode_vec(&pem).unwrap();
        let subject = subject_der(&der).unwrap();
        let fast = rfc4514_der(subject).unwrap();
        let (_, name) = X509Name::from_der(subject).unwrap();
        assert_eq!(rfc4514(&name), fast);
        fast
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

//! One login or refresh request to a token endpoint.
//!
//! [`Client`] is built from a [`Profile`]: ureq over rustls (ring), trusting the
//! system's root certificates plus the profile's `ca_file`, presenting the
//! client certificate of a PKCS#12 file or a PEM certificate and key (decrypted
//! in memory, never written anywhere), honouring `HTTPS_PROXY`/`NO_PROXY`,
//! following no redirect, and giving up after the profile's timeout.
//! [`Client::send`] makes one request (retried once only when no response
//! arrived at all) and reads the answer with the `token status` rules.
//!
//! Invariants: certificates are always verified; an error or refusal message
//! never holds the request's body, a header value, a password or a token.

use std::sync::Arc;

use serde_json::Value as Json;
use ureq::tls::{Certificate, ClientCert, PrivateKey, RootCerts, TlsConfig, TlsProvider};
use ureq::{Agent, Proxy};
use zeroize::Zeroizing;

use super::Response;
use super::cache::Clock;
use super::profile::{Body, Identity, Profile, Request};
use super::variables::Variables;
use crate::cert::{HashAlgorithm, pkcs12};
use crate::error::{HttpError, Origin, Result};
use crate::input::Input;
use crate::time::Timestamp;

/// At most this many characters of a partner's refusal message are shown.
const MESSAGE_LIMIT: usize = 300;

/// At most this many bytes of an answer are read.
const ANSWER_LIMIT: u64 = 1 << 20;

/// What the endpoint answered.
#[derive(Debug)]
pub(crate) enum Answer {
    /// A token (HTTP 2xx), with the moment the answer arrived.
    Token {
        /// The parsed answer.
        response: Response,
        /// When it arrived (what a relative `expires_in` counts from).
        received_at: Timestamp,
    },
    /// HTTP 400, 401 or 403: the partner refused the credentials.
    Refused {
        /// The HTTP status.
        status: u16,
        /// The partner's own message, escaped and shortened.
        message: Option<String>,
    },
}

/// Makes the requests of one profile.
pub(crate) struct Client {
    agent: Agent,
    /// SHA-1 of the client certificate's DER, for `expect_thumbprint`.
    thumbprint: Option<Vec<u8>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `profile`: loads the trusted roots and the client certificate.
    ///
    /// # Errors
    /// An unreadable `ca_file`, client certificate or key; a wrong passphrase.
    pub(crate) fn new(profile: &Profile, variables: &dyn Variables) -> Result<Client> {
        let mut roots: Vec<Certificate<'static>> = rustls_native_certs::load_native_certs()
            .certs
            .iter()
            .map(|c| Certificate::from_der(c.as_ref()).to_owned())
            .collect();
        if let Some(ca) = &profile.ca_file {
            let input = Input::read(ca)?;
            let found = pem_certificates(input.bytes());
            if found.is_empty() {
                return Err(crate::Error::unexpected(
                    input.origin(),
                    crate::Expected::Certificate,
                    crate::InputError::Unrecognised,
                ));
            }
            roots.extend(found);
        }
        let (client_cert, thumbprint) = match &profile.identity {
            None => (None, None),
            Some(identity) => {
                let (cert, thumbprint) = client_identity(identity, variables)?;
                (Some(cert), Some(thumbprint))
            }
        };
        let tls = TlsConfig::builder()
            .provider(TlsProvider::Rustls)
            .root_certs(RootCerts::Specific(Arc::new(roots)))
            .client_cert(client_cert)
            .build();
        let config = Agent::config_builder()
            .tls_config(tls)
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_global(Some(profile.timeout))
            .proxy(Proxy::try_from_env())
            .build();
        Ok(Client {
            agent: config.into(),
            thumbprint,
        })
    }

    /// SHA-1 of the client certificate, when there is one.
    pub(crate) fn client_thumbprint(&self) -> Option<&[u8]> {
        self.thumbprint.as_deref()
    }

    /// Sends `request` (with the profile's Basic credentials) and reads the answer.
    ///
    /// # Errors
    /// [`HttpError::Unreachable`] for network, TLS and timeout failures and
    /// 5xx answers; [`HttpError::Redirect`] for a 3xx; [`HttpError::Status`]
    /// for other unexpected statuses; [`HttpError::Answer`] when a 2xx answer
    /// holds no token; errors resolving the request's values.
    pub(crate) fn send(
        &self,
        profile: &Profile,
        request: &Request,
        refresh_token: Option<&str>,
        clock: &dyn Clock,
        variables: &dyn Variables,
    ) -> Result<Answer> {
        let mut secrets: Vec<Zeroizing<String>> = Vec::new();
        let mut headers: Vec<(String, Zeroizing<String>)> = Vec::new();
        for (name, value) in &request.headers {
            let v = text(&value.resolve(refresh_token, variables)?);
            secrets.push(v.clone());
            headers.push((name.clone(), v));
        }
        if let Some(basic) = &profile.basic {
            let password = basic.password.read(variables)?;
            secrets.push(Zeroizing::new(
                String::from_utf8_lossy(password.expose()).into_owned(),
            ));
            let header = crate::partner::basic_auth(
                &basic.user,
                &password,
                &Origin::Argument("the profile's basic.user"),
            )?;
            headers.push((
                "Authorization".to_owned(),
                Zeroizing::new(header.to_string()),
            ));
        }
        if let Some(t) = refresh_token {
            secrets.push(Zeroizing::new(t.to_owned()));
        }
        let body = match &request.body {
            None => None,
            Some(Body::Json(fields)) | Some(Body::Form(fields)) => {
                let mut resolved = Vec::new();
                for (k, v) in fields {
                    let value = v.resolve(refresh_token, variables)?;
                    collect_strings(&value, &mut secrets);
                    resolved.push((k.clone(), value));
                }
                Some(match &request.body {
                    Some(Body::Form(_)) => {
                        let pairs: Vec<(String, Zeroizing<String>)> =
                            resolved.iter().map(|(k, v)| (k.clone(), text(v))).collect();
                        Payload::Form(pairs)
                    }
                    _ => {
                        let map: serde_json::Map<String, Json> = resolved
                            .iter()
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect();
                        Payload::Json(Zeroizing::new(
                            serde_json::to_vec(&Json::Object(map)).unwrap_or_default(),
                        ))
                    }
                })
            }
        };
        let mut attempt = 0;
        let mut response = loop {
            attempt += 1;
            match self.once(request, &headers, body.as_ref()) {
                Ok(r) => break r,
                // Retry once, and only when nothing came back at all.
                Err(ureq::Error::ConnectionFailed | ureq::Error::Io(_)) if attempt == 1 => {}
                Err(e) => {
                    return Err(HttpError::Unreachable {
                        url: request.url.clone(),
                        reason: failure_reason(&e, self.thumbprint.is_some()),
                    }
                    .into());
                }
            }
        };
        let received_at = clock.now();
        let status = response.status().as_u16();
        if (300..400).contains(&status) {
            let location = response
                .headers()
                .get("location")
                .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned());
            return Err(HttpError::Redirect {
                url: request.url.clone(),
                status,
                location,
            }
            .into());
        }
        let bytes = response
            .body_mut()
            .with_config()
            .limit(ANSWER_LIMIT)
            .read_to_vec()
            .map_err(|e| HttpError::Unreachable {
                url: request.url.clone(),
                reason: e.to_string(),
            })?;
        let bytes = Zeroizing::new(bytes);
        match status {
            200..=299 => {
                let input = Input::from_bytes(
                    Origin::Argument("the token endpoint's answer"),
                    bytes.to_vec(),
                );
                let response = Response::parse(&input).map_err(|error| HttpError::Answer {
                    url: request.url.clone(),
                    error: Box::new(error),
                })?;
                Ok(Answer::Token {
                    response,
                    received_at,
                })
            }
            400 | 401 | 403 => Ok(Answer::Refused {
                status,
                message: refusal_message(&bytes, &secrets),
            }),
            500..=599 => Err(HttpError::Unreachable {
                url: request.url.clone(),
                reason: format!("HTTP {status}"),
            }
            .into()),
            _ => Err(HttpError::Status {
                url: request.url.clone(),
                status,
            }
            .into()),
        }
    }

    fn once(
        &self,
        request: &Request,
        headers: &[(String, Zeroizing<String>)],
        body: Option<&Payload>,
    ) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
        let method = request.method().to_ascii_uppercase();
        let with_body = |mut b: ureq::RequestBuilder<ureq::typestate::WithBody>| {
            for (k, v) in headers {
                b = b.header(k.as_str(), v.as_str());
            }
            match body {
                None => b.send_empty(),
                Some(Payload::Json(bytes)) => b
                    .header("Content-Type", "application/json")
                    .send(bytes.as_slice()),
                Some(Payload::Form(pairs)) => {
                    b.send_form(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                }
            }
        };
        let url = request.url.as_str();
        match method.as_str() {
            "POST" => with_body(self.agent.post(url)),
            "PUT" => with_body(self.agent.put(url)),
            "PATCH" => with_body(self.agent.patch(url)),
            _ => {
                let mut b = match method.as_str() {
                    "DELETE" => self.agent.delete(url),
                    _ => self.agent.get(url),
                };
                if body.is_some() {
                    return with_body(b.force_send_body());
                }
                for (k, v) in headers {
                    b = b.header(k.as_str(), v.as_str());
                }
                b.call()
            }
        }
    }
}

enum Payload {
    Json(Zeroizing<Vec<u8>>),
    Form(Vec<(String, Zeroizing<String>)>),
}

/// A header or form value: a string as it is, anything else as JSON text.
fn text(value: &Json) -> Zeroizing<String> {
    Zeroizing::new(match value {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    })
}

fn collect_strings(value: &Json, out: &mut Vec<Zeroizing<String>>) {
    match value {
        Json::String(s) => out.push(Zeroizing::new(s.clone())),
        Json::Array(a) => a.iter().for_each(|v| collect_strings(v, out)),
        Json::Object(o) => o.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

/// The partner's message from the usual error shapes: `error` +
/// `error_description` (RFC 6749), `errors[].code` + `errors[].message` (or
/// `.message.message`), `message` — escaped, at most 300 characters, and with
/// anything the request sent cut out.
fn refusal_message(body: &[u8], secrets: &[Zeroizing<String>]) -> Option<String> {
    let json: Json = serde_json::from_slice(body).ok()?;
    let object = json.as_object()?;
    let object = match object.get("data").and_then(Json::as_object) {
        Some(data) if !object.contains_key("error") && !object.contains_key("message") => data,
        _ => object,
    };
    let str_of = |v: Option<&Json>| v.and_then(Json::as_str).map(str::to_owned);
    let mut parts: Vec<String> = Vec::new();
    if let Some(e) = str_of(object.get("error")) {
        parts.push(e);
    } else if let Some(Json::Object(e)) = object.get("error") {
        parts.extend(str_of(e.get("code")));
        parts.extend(str_of(e.get("message")));
    }
    parts.extend(str_of(object.get("error_description")));
    if let Some(Json::Array(errors)) = object.get("errors") {
        for e in errors.iter().filter_map(Json::as_object) {
            let code = str_of(e.get("code"));
            let message = match e.get("message") {
                Some(Json::Object(m)) => str_of(m.get("message")),
                m => str_of(m),
            };
            let line = [code, message].into_iter().flatten().collect::<Vec<_>>();
            if !line.is_empty() {
                parts.push(line.join(": "));
            }
        }
    }
    if parts.is_empty() {
        parts.extend(str_of(object.get("message")));
    }
    if parts.is_empty() {
        return None;
    }
    let mut message = parts.join(": ");
    for secret in secrets {
        if secret.len() >= 4 && message.contains(secret.as_str()) {
            message = message.replace(secret.as_str(), "[redacted]");
        }
    }
    let escaped = crate::text::escape(&message).into_owned();
    Some(if escaped.chars().count() > MESSAGE_LIMIT {
        let mut cut: String = escaped.chars().take(MESSAGE_LIMIT - 1).collect();
        cut.push('…');
        cut
    } else {
        escaped
    })
}

/// What went wrong with a request that got no answer: the TLS failures users
/// meet most (a client certificate the server requires or refuses, a server
/// certificate that is not trusted or not for this host) said plainly, followed
/// by what the TLS or network library said.
fn failure_reason(error: &ureq::Error, has_client_cert: bool) -> String {
    let mut said = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        let text = e.to_string();
        if !said.contains(&text) {
            said = format!("{said}: {text}");
        }
        source = e.source();
    }
    let plain = if said.contains("CertificateRequired")
        || (!has_client_cert && said.contains("fatal alert: HandshakeFailure"))
    {
        if has_client_cert {
            Some("the server did not accept the client certificate")
        } else {
            Some(
                "the server requires a client certificate and the profile gives none \
                 (client_pkcs12, or client_cert and client_key)",
            )
        }
    } else if has_client_cert
        && [
            "BadCertificate",
            "UnknownCA",
            "CertificateUnknown",
            "AccessDenied",
        ]
        .iter()
        .any(|alert| said.contains(&format!("fatal alert: {alert}")))
    {
        Some("the server did not accept the client certificate")
    } else if said.contains("UnknownIssuer") {
        Some(
            "the server's certificate is not issued by a trusted authority (system roots or ca_file)",
        )
    } else if said.contains("not valid for name") || said.contains("NotValidForName") {
        Some("the server's certificate is not valid for this host name")
    } else {
        None
    };
    match plain {
        Some(p) => format!("{p} ({said})"),
        None => said,
    }
}

fn pem_certificates(bytes: &[u8]) -> Vec<Certificate<'static>> {
    ureq::tls::parse_pem(bytes)
        .filter_map(|item| match item {
            Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
            _ => None,
        })
        .collect()
}

/// The client certificate chain and key, and the leaf's SHA-1 thumbprint.
fn client_identity(
    identity: &Identity,
    variables: &dyn Variables,
) -> Result<(ClientCert, Vec<u8>)> {
    match identity {
        Identity::Pkcs12 { path, passphrase } => {
            let passphrase = passphrase.as_ref().map(|p| p.read(variables)).transpose()?;
            let input = Input::read(path)?;
            let contents = pkcs12::open(&input, passphrase.as_ref())?;
            let key = contents.keys.first().ok_or_else(|| {
                crate::Error::unexpected(
                    input.origin(),
                    crate::Expected::PrivateKey,
                    crate::InputError::Empty,
                )
            })?;
            let leaf = contents.certificates.first().ok_or_else(|| {
                crate::Error::unexpected(
                    input.origin(),
                    crate::Expected::Certificate,
                    crate::InputError::Empty,
                )
            })?;
            let thumbprint = sha1(leaf.as_der());
            let chain: Vec<Certificate<'static>> = contents
                .certificates
                .iter()
                .map(|c| Certificate::from_der(c.as_der()).to_owned())
                .collect();
            let pem = key.to_pem()?;
            let key = PrivateKey::from_pem(pem.as_bytes()).map_err(|e| HttpError::Tls {
                reason: e.to_string(),
            })?;
            Ok((ClientCert::new_with_certs(&chain, key), thumbprint))
        }
        Identity::Pem {
            cert,
            key,
            passphrase,
        } => {
            let input = Input::read(cert)?;
            let chain = pem_certificates(input.bytes());
            let Some(leaf) = chain.first() else {
                return Err(crate::Error::unexpected(
                    input.origin(),
                    crate::Expected::Certificate,
                    crate::InputError::Unrecognised,
                ));
            };
            let thumbprint = sha1(leaf.der());
            let passphrase = passphrase.as_ref().map(|p| p.read(variables)).transpose()?;
            let key_input = Input::read(key)?;
            let private = crate::key::load_rsa_private(&key_input, passphrase.as_ref())?.key;
            let pem = crate::key::encode_rsa_private(
                &private,
                &crate::key::PrivateFormat::Pkcs8,
                crate::input::Encoding::Pem,
            )?;
            let key = PrivateKey::from_pem(&pem).map_err(|e| HttpError::Tls {
                reason: e.to_string(),
            })?;
            Ok((ClientCert::new_with_certs(&chain, key), thumbprint))
        }
    }
}

fn sha1(der: &[u8]) -> Vec<u8> {
    let cert = crate::cert::Certificate::from_der(der, Origin::Argument("client certificate"));
    match cert {
        Ok(c) => c.thumbprint(HashAlgorithm::Sha1).as_bytes().to_vec(),
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_12_refusal_messages_from_common_shapes() {
        let m = |b: &str| refusal_message(b.as_bytes(), &[]);
        assert_eq!(
            m(r#"{"error":"invalid_client","error_description":"bad client"}"#).as_deref(),
            Some("invalid_client: bad client")
        );
        assert_eq!(
            m(r#"{"errors":[{"code":"E1","message":{"message":"nope"}}]}"#).as_deref(),
            Some("E1: nope")
        );
        assert_eq!(
            m(r#"{"message":"a\nb\u001b"}"#).as_deref(),
            Some(r"a\nb\u001b")
        );
        assert_eq!(m("not json"), None);
        let long = format!(r#"{{"message":"{}"}}"#, "x".repeat(1000));
        assert_eq!(m(&long).unwrap().chars().count(), 300);
        let secret = [Zeroizing::new("hunter22".to_owned())];
        assert_eq!(
            refusal_message(br#"{"message":"bad password hunter22"}"#, &secret).as_deref(),
            Some("bad password [redacted]")
        );
    }
}

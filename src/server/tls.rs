//! The TLS listener's certificates: the server's own, and the client certificates it requires
//! (chained to `[server] client_ca`, checked by rustls' WebPKI verifier). What a client
//! certificate names is read here; which principal that is, is `core::binding`'s business.

use std::path::Path;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};
use tokio_rustls::rustls;
use tokio_rustls::rustls::client::danger::HandshakeSignatureValid;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, UnixTime};
use tokio_rustls::rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use tokio_rustls::rustls::{DigitallySignedStruct, DistinguishedName, SignatureScheme};

use crate::core::{Error, Result};

/// The cryptography pim's TLS uses, on both sides.
pub fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The certificates of a PEM file (`what` names the option that gave it, for errors).
pub fn load_certs(path: &Path, what: &str) -> Result<Vec<CertificateDer<'static>>> {
    let shown = path.display();
    let bytes = std::fs::read(path)
        .map_err(|e| Error::invalid(format!("cannot read {what} {shown}: {e}")))?;
    let certs = CertificateDer::pem_slice_iter(&bytes)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::invalid(format!("{what} {shown} is not PEM: {e}")))?;
    if certs.is_empty() {
        return Err(Error::invalid_with_hint(
            format!("{what} {shown} holds no certificate"),
            "give a PEM file with a `-----BEGIN CERTIFICATE-----` block",
        ));
    }
    Ok(certs)
}

/// The private key of a PEM file.
pub fn load_key(path: &Path, what: &str) -> Result<PrivateKeyDer<'static>> {
    let shown = path.display();
    let bytes = std::fs::read(path)
        .map_err(|e| Error::invalid(format!("cannot read {what} {shown}: {e}")))?;
    PrivateKeyDer::from_pem_slice(&bytes).map_err(|e| {
        Error::invalid_with_hint(
            format!("{what} {shown} holds no private key: {e}"),
            "give a PEM file with a `-----BEGIN PRIVATE KEY-----` block",
        )
    })
}

/// A certificate's SHA-256 fingerprint over its DER encoding, as `--cert-fingerprint` takes it
/// (64 lower-case hex digits).
pub fn fingerprint(der: &[u8]) -> String {
    hex::encode(Sha256::digest(der))
}

/// The name a certificate gives its holder: the subject's common name, else the first DNS or URI
/// subject alternative name. Empty when it has none (or is not a certificate).
pub fn names(der: &[u8]) -> Vec<String> {
    use x509_parser::prelude::*;
    let Ok((_, cert)) = X509Certificate::from_der(der) else {
        return Vec::new();
    };
    if let Some(cn) = cert
        .subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .filter(|cn| !cn.is_empty())
    {
        return vec![cn.to_string()];
    }
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for name in &san.value.general_names {
            match name {
                GeneralName::DNSName(n) | GeneralName::URI(n) if !n.is_empty() => {
                    return vec![n.to_string()];
                }
                _ => {}
            }
        }
    }
    Vec::new()
}

/// A client certificate the handshake refused: its fingerprint and names, for the audit.
#[derive(Clone, Debug)]
pub struct Presented {
    pub fingerprint: String,
    pub names: Vec<String>,
}

/// rustls' WebPKI verifier, which keeps the certificate a client presented so that a refusal
/// can be audited with it. One per connection.
#[derive(Debug)]
struct Keeping {
    inner: Arc<dyn ClientCertVerifier>,
    seen: Arc<Mutex<Option<Presented>>>,
}

impl ClientCertVerifier for Keeping {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        true
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        self.inner.root_hint_subjects()
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> std::result::Result<ClientCertVerified, rustls::Error> {
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(Presented {
                fingerprint: fingerprint(end_entity),
                names: names(end_entity),
            });
        }
        self.inner
            .verify_client_cert(end_entity, intermediates, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// The server side of TLS: its certificate and key, and the client CA.
pub struct ServerTls {
    certified: Arc<rustls::sign::CertifiedKey>,
    verifier: Arc<dyn ClientCertVerifier>,
}

impl ServerTls {
    /// Reads the server's certificate chain and key and the client CA (errors name the files).
    pub fn load(cert: &Path, key: &Path, client_ca: &Path) -> Result<ServerTls> {
        let provider = provider();
        let chain = load_certs(cert, "the server certificate (--tls-cert)")?;
        let key = load_key(key, "the server key (--tls-key)")?;
        let certified =
            rustls::sign::CertifiedKey::from_der(chain, key, &provider).map_err(|e| {
                Error::invalid_with_hint(
                    format!("the server certificate and key do not go together: {e}"),
                    "give the key the certificate was made for (--tls-cert, --tls-key)",
                )
            })?;
        let mut roots = rustls::RootCertStore::empty();
        for ca in load_certs(client_ca, "the client CA (--client-ca)")? {
            roots.add(ca).map_err(|e| {
                Error::invalid(format!(
                    "the client CA {} is not a usable CA certificate: {e}",
                    client_ca.display()
                ))
            })?;
        }
        let verifier =
            rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| Error::invalid(format!("cannot use the client CA: {e}")))?;
        Ok(ServerTls {
            certified: Arc::new(certified),
            verifier,
        })
    }

    /// A config for one connection, whose verifier keeps the client's certificate in `seen`.
    /// Sessions are never resumed: every connection presents and proves its certificate.
    pub fn config(&self, seen: Arc<Mutex<Option<Presented>>>) -> Result<Arc<rustls::ServerConfig>> {
        let verifier = Arc::new(Keeping {
            inner: self.verifier.clone(),
            seen,
        });
        let mut config = rustls::ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::invalid(format!("cannot set up TLS: {e}")))?
            .with_client_cert_verifier(verifier)
            .with_cert_resolver(Arc::new(rustls::sign::SingleCertAndKey::from(
                self.certified.clone(),
            )));
        config.session_storage = Arc::new(rustls::server::NoServerSessionStorage {});
        config.send_tls13_tickets = 0;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }
}

/// Why the handshake refused a client certificate, in words for the caller and the audit.
pub fn refusal(e: &rustls::Error) -> Option<String> {
    use rustls::CertificateError as C;
    let why = match e {
        rustls::Error::NoCertificatesPresented => "no client certificate was presented".into(),
        rustls::Error::InvalidCertificate(c) => match c {
            C::Expired | C::ExpiredContext { .. } => "the client certificate has expired".into(),
            C::NotValidYet | C::NotValidYetContext { .. } => {
                "the client certificate is not valid yet".into()
            }
            // Another CA of the same name shows as a signature that does not verify.
            C::UnknownIssuer | C::BadSignature => {
                "the client certificate is not issued by the server's client CA".into()
            }
            C::BadEncoding => "the client certificate is malformed".into(),
            C::Revoked => "the client certificate is revoked".into(),
            other => format!("the client certificate is not accepted: {other:?}"),
        },
        _ => return None,
    };
    Some(why)
}

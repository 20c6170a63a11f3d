//! TLS to PostgreSQL, with rustls: libpq's `sslmode` values and `sslrootcert`, read from the URL.
//!
//! - `disable`: no TLS.
//! - `prefer` (the default) and `require`: TLS when the server offers it (`require`: or no
//!   connection); the server's certificate is checked against `sslrootcert` when one is given
//!   (as libpq does with a root certificate file), else not at all: encryption, not
//!   authentication of the server.
//! - `verify-ca`: TLS, and the server's certificate must chain to `sslrootcert`.
//! - `verify-full`: as `verify-ca`, and the certificate must name the host pim connects to.

use std::path::PathBuf;
use std::sync::Arc;

use tokio_postgres_rustls::MakeRustlsConnect;
use tokio_rustls::rustls;
use tokio_rustls::rustls::client::WebPkiServerVerifier;
use tokio_rustls::rustls::client::danger::{
    HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier,
};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use tokio_rustls::rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};

use super::{Result, StoreError};

/// How the server's certificate is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// What a URL asks of TLS.
#[derive(Debug)]
pub struct Wish {
    pub mode: Mode,
    pub root: Option<PathBuf>,
}

/// Splits the TLS options the client library does not know (`verify-ca`, `verify-full`,
/// `sslrootcert`) out of `url`: the URL to give the library, and what it asks of TLS.
/// `location` is the URL as messages show it.
pub fn split(url: &str, location: &str) -> Result<(String, Wish)> {
    let mut wish = Wish {
        mode: Mode::Prefer,
        root: None,
    };
    let Some((base, query)) = url.split_once('?') else {
        return Ok((url.to_string(), wish));
    };
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "sslmode" => {
                wish.mode = match value {
                    "disable" => Mode::Disable,
                    "prefer" => Mode::Prefer,
                    "require" => Mode::Require,
                    "verify-ca" => Mode::VerifyCa,
                    "verify-full" => Mode::VerifyFull,
                    "allow" => {
                        return Err(StoreError::BadUrl(format!(
                            "{location}: sslmode=allow is not supported; use prefer, require, verify-ca or verify-full"
                        )));
                    }
                    other => {
                        return Err(StoreError::BadUrl(format!(
                            "invalid PostgreSQL URL {location}: unknown sslmode '{other}' (disable, prefer, require, verify-ca or verify-full)"
                        )));
                    }
                };
                // The library knows only these three; the checks beyond are pim's.
                let lib = match wish.mode {
                    Mode::Disable => "disable",
                    Mode::Prefer => "prefer",
                    _ => "require",
                };
                kept.push(format!("sslmode={lib}"));
            }
            "sslrootcert" => wish.root = Some(PathBuf::from(percent_decode(value))),
            _ => kept.push(pair.to_string()),
        }
    }
    if matches!(wish.mode, Mode::VerifyCa | Mode::VerifyFull) && wish.root.is_none() {
        return Err(StoreError::BadUrl(format!(
            "{location}: sslmode={} needs sslrootcert=PATH, the CA certificate (PEM) the server's certificate must chain to",
            if wish.mode == Mode::VerifyCa {
                "verify-ca"
            } else {
                "verify-full"
            }
        )));
    }
    let url = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok((url, wish))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The connector for `wish`.
pub fn connector(wish: &Wish, location: &str) -> Result<MakeRustlsConnect> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let bad = |message: String| StoreError::BadUrl(format!("{location}: {message}"));
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| bad(format!("TLS: {e}")))?;
    let config = match &wish.root {
        None => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Unchecked(provider)))
            .with_no_client_auth(),
        Some(path) => {
            let shown = path.display();
            let bytes = std::fs::read(path)
                .map_err(|e| bad(format!("cannot read sslrootcert {shown}: {e}")))?;
            let mut roots = rustls::RootCertStore::empty();
            for cert in CertificateDer::pem_slice_iter(&bytes) {
                let cert = cert.map_err(|e| bad(format!("sslrootcert {shown} is not PEM: {e}")))?;
                roots
                    .add(cert)
                    .map_err(|e| bad(format!("sslrootcert {shown}: {e}")))?;
            }
            if roots.is_empty() {
                return Err(bad(format!("sslrootcert {shown} holds no certificate")));
            }
            let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| bad(format!("sslrootcert {shown}: {e}")))?;
            let verifier: Arc<dyn ServerCertVerifier> = if wish.mode == Mode::VerifyFull {
                webpki
            } else {
                Arc::new(AnyName(webpki))
            };
            builder
                .dangerous()
                .with_custom_certificate_verifier(verifier)
                .with_no_client_auth()
        }
    };
    Ok(MakeRustlsConnect::new(config))
}

/// `prefer` and `require` without a root certificate: any certificate, as libpq takes it; the
/// handshake's signatures are still checked.
#[derive(Debug)]
struct Unchecked(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `verify-ca`: the chain must lead to the root certificate; the name in it is not checked.
#[derive(Debug)]
struct AnyName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_modes_the_client_library_lacks_are_taken_out_of_the_url() {
        let (url, w) = split(
            "postgres://pim@db/pim?sslmode=verify-full&sslrootcert=%2Fetc%2Fpim%2Fca.pem&connect_timeout=5",
            "db",
        )
        .unwrap();
        assert_eq!(
            url,
            "postgres://pim@db/pim?sslmode=require&connect_timeout=5"
        );
        assert_eq!(w.mode, Mode::VerifyFull);
        assert_eq!(w.root, Some(PathBuf::from("/etc/pim/ca.pem")));
        let (url, w) = split("postgres://pim@db/pim", "db").unwrap();
        assert_eq!(
            (url.as_str(), w.mode),
            ("postgres://pim@db/pim", Mode::Prefer)
        );
        assert!(split("postgres://db/pim?sslmode=verify-ca", "db").is_err());
        assert!(split("postgres://db/pim?sslmode=bogus", "db").is_err());
    }
}

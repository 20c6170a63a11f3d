//! A small certificate authority for teams without a PKI of their own (rcgen): `pim serve ca
//! init` makes the CA and the server's certificate, `pim cert issue` a client certificate per
//! principal. Neither touches the database. Keys are written 0600 and never overwritten.
//!
//! Validity is counted from the real clock, whatever `PIM_NOW` says: TLS checks certificates
//! against the real clock.

use std::io::Write;
use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};
use serde::Serialize;

use crate::core::{Error, Result};

/// Certificates start to be valid a few minutes before they are made, for clocks a little behind.
const SKEW_SECS: i64 = 300;
const DAY: i64 = 86_400;

/// What `pim serve ca init` made.
#[derive(Serialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct CaReport {
    pub ca_cert: PathBuf,
    pub ca_key: PathBuf,
    pub server_cert: PathBuf,
    pub server_key: PathBuf,
    /// The CA's subject common name.
    pub name: String,
    /// The names the server certificate is valid for.
    pub sans: Vec<String>,
    /// Unix seconds.
    pub not_after: i64,
    /// The CA certificate's SHA-256 fingerprint.
    pub ca_fingerprint: String,
}

/// What `pim cert issue` made.
#[derive(Serialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Issued {
    pub principal: String,
    pub cert: PathBuf,
    pub key: PathBuf,
    /// The SHA-256 fingerprint, as `pim principal update NAME --cert-fingerprint` takes it.
    pub fingerprint: String,
    /// Unix seconds.
    pub not_before: i64,
    pub not_after: i64,
}

fn time(secs: i64) -> Result<time::OffsetDateTime> {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .map_err(|_| Error::invalid(format!("{secs} is out of a certificate's time range")))
}

fn cert_error(what: &str, e: rcgen::Error) -> Error {
    Error::invalid(format!("cannot make {what}: {e}"))
}

/// Writes a new file (never an existing one) with `mode`.
fn write_new(path: &Path, text: &str, mode: u32) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(|e| Error::invalid(format!("cannot write {}: {e}", path.display())))?;
    f.write_all(text.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|e| Error::invalid(format!("cannot write {}: {e}", path.display())))
}

/// Refuses when any of `paths` exists: nothing is half-replaced.
fn refuse_existing(paths: &[&Path], hint: &str) -> Result<()> {
    for p in paths {
        if p.exists() {
            return Err(Error::invalid_with_hint(
                format!("{} already exists: refusing to overwrite it", p.display()),
                hint,
            ));
        }
    }
    Ok(())
}

fn san(name: &str) -> Result<SanType> {
    if let Ok(ip) = name.parse::<std::net::IpAddr>() {
        return Ok(SanType::IpAddress(ip));
    }
    let dns = name.to_string().try_into().map_err(|_| {
        Error::invalid(format!(
            "'{name}' is neither a host name nor an IP address (--san)"
        ))
    })?;
    Ok(SanType::DnsName(dns))
}

fn serial(params: &mut CertificateParams) {
    let mut bytes = *uuid::Uuid::new_v4().as_bytes();
    // A positive serial number.
    bytes[0] &= 0x7f;
    params.serial_number = Some(rcgen::SerialNumber::from_slice(&bytes));
}

fn check_days(days: i64) -> Result<()> {
    if !(1..=36_500).contains(&days) {
        return Err(Error::invalid(format!(
            "--days {days} is not a number of days between 1 and 36500"
        )));
    }
    Ok(())
}

/// `pim serve ca init`: DIR/ca.pem, ca.key, server.pem and server.key; `now` is the real clock.
pub fn init(dir: &Path, name: &str, sans: &[String], days: i64, now: i64) -> Result<CaReport> {
    check_days(days)?;
    if sans.is_empty() {
        return Err(Error::invalid(
            "the server certificate needs at least one name (--san)",
        ));
    }
    let sans_typed = sans.iter().map(|s| san(s)).collect::<Result<Vec<_>>>()?;
    let report = CaReport {
        ca_cert: dir.join("ca.pem"),
        ca_key: dir.join("ca.key"),
        server_cert: dir.join("server.pem"),
        server_key: dir.join("server.key"),
        name: name.to_string(),
        sans: sans.to_vec(),
        not_after: now + days * DAY,
        ca_fingerprint: String::new(),
    };
    refuse_existing(
        &[
            &report.ca_cert,
            &report.ca_key,
            &report.server_cert,
            &report.server_key,
        ],
        "choose another --dir, or remove the old CA's files first (clients it issued stop working)",
    )?;
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::invalid(format!("cannot create {}: {e}", dir.display())))?;

    let ca_key = KeyPair::generate().map_err(|e| cert_error("the CA key", e))?;
    let mut ca = CertificateParams::default();
    ca.distinguished_name = rcgen::DistinguishedName::new();
    ca.distinguished_name.push(DnType::CommonName, name);
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    ca.not_before = time(now - SKEW_SECS)?;
    ca.not_after = time(report.not_after)?;
    serial(&mut ca);
    let ca_cert = ca
        .self_signed(&ca_key)
        .map_err(|e| cert_error("the CA certificate", e))?;
    let issuer = Issuer::new(ca, ca_key);

    let server_key = KeyPair::generate().map_err(|e| cert_error("the server key", e))?;
    let mut server = CertificateParams::default();
    server.distinguished_name = rcgen::DistinguishedName::new();
    server.distinguished_name.push(DnType::CommonName, &sans[0]);
    server.subject_alt_names = sans_typed;
    server.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    server.use_authority_key_identifier_extension = true;
    server.not_before = time(now - SKEW_SECS)?;
    server.not_after = time(report.not_after)?;
    serial(&mut server);
    let server_cert = server
        .signed_by(&server_key, &issuer)
        .map_err(|e| cert_error("the server certificate", e))?;

    write_new(&report.ca_key, &issuer.key().serialize_pem(), 0o600)?;
    write_new(&report.ca_cert, &ca_cert.pem(), 0o644)?;
    write_new(&report.server_key, &server_key.serialize_pem(), 0o600)?;
    write_new(&report.server_cert, &server_cert.pem(), 0o644)?;
    Ok(CaReport {
        ca_fingerprint: super::tls::fingerprint(ca_cert.der()),
        ..report
    })
}

/// When an issued certificate ends: `--days` from now, or `--not-after`.
pub enum Until {
    Days(i64),
    At(i64),
}

/// `pim cert issue`: OUT/NAME.pem and OUT/NAME.key, CN=NAME, for client authentication, signed
/// by the CA in `ca_dir`; `now` is the real clock.
pub fn issue(principal: &str, ca_dir: &Path, out: &Path, until: Until, now: i64) -> Result<Issued> {
    if principal.is_empty()
        || principal.contains('/')
        || principal.starts_with('.')
        || principal.chars().any(char::is_control)
    {
        return Err(Error::invalid(format!(
            "'{principal}' cannot name a certificate file: use the principal's name"
        )));
    }
    let not_after = match until {
        Until::Days(d) => {
            check_days(d)?;
            now + d * DAY
        }
        Until::At(t) => t,
    };
    // A certificate that ends before it starts is not one: an end in the past starts a day
    // earlier (tests make expired certificates that way).
    let not_before = (now - SKEW_SECS).min(not_after - DAY);
    let issued = Issued {
        principal: principal.to_string(),
        cert: out.join(format!("{principal}.pem")),
        key: out.join(format!("{principal}.key")),
        fingerprint: String::new(),
        not_before,
        not_after,
    };
    refuse_existing(
        &[&issued.cert, &issued.key],
        "choose another --out, or remove the old files first",
    )?;
    let ca_pem_path = ca_dir.join("ca.pem");
    let ca_key_path = ca_dir.join("ca.key");
    let ca_pem = std::fs::read_to_string(&ca_pem_path).map_err(|e| {
        Error::invalid_with_hint(
            format!(
                "cannot read the CA certificate {}: {e}",
                ca_pem_path.display()
            ),
            "make a CA first: `pim serve ca init --dir DIR`, then pass --ca-dir DIR",
        )
    })?;
    let ca_key_pem = std::fs::read_to_string(&ca_key_path).map_err(|e| {
        Error::invalid(format!(
            "cannot read the CA key {}: {e}",
            ca_key_path.display()
        ))
    })?;
    let ca_key = KeyPair::from_pem(&ca_key_pem).map_err(|e| {
        Error::invalid(format!(
            "{} is not a private key: {e}",
            ca_key_path.display()
        ))
    })?;
    let issuer = Issuer::from_ca_cert_pem(&ca_pem, ca_key).map_err(|e| {
        Error::invalid(format!(
            "{} is not a CA certificate: {e}",
            ca_pem_path.display()
        ))
    })?;
    let key = KeyPair::generate().map_err(|e| cert_error("the key", e))?;
    let mut params = CertificateParams::default();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(DnType::CommonName, principal);
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    params.use_authority_key_identifier_extension = true;
    params.not_before = time(not_before)?;
    params.not_after = time(not_after)?;
    serial(&mut params);
    let cert = params
        .signed_by(&key, &issuer)
        .map_err(|e| cert_error("the certificate", e))?;
    std::fs::create_dir_all(out)
        .map_err(|e| Error::invalid(format!("cannot create {}: {e}", out.display())))?;
    write_new(&issued.key, &key.serialize_pem(), 0o600)?;
    write_new(&issued.cert, &cert.pem(), 0o644)?;
    Ok(Issued {
        fingerprint: super::tls::fingerprint(cert.der()),
        ..issued
    })
}

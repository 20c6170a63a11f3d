//! A real SMTP server on loopback for the notification tests, in a thread of the test: enough of
//! RFC 5321 for a mail client (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), AUTH PLAIN and LOGIN
//! (RFC 4954) and STARTTLS (RFC 3207) by rustls with the test CA's server certificate in
//! tests/fixtures (smtp-ca.pem, smtp-server.pem, smtp-server.key: a throwaway CA and a certificate
//! for 127.0.0.1, valid until 2126, trusted by nothing but these tests).
//!
//! With STARTTLS on, the server refuses mail before the handshake; with a login, it refuses mail
//! before AUTH. It records each message it accepts with the login that sent it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// One message as received: the login that sent it, the envelope and the raw message.
#[derive(Clone, Debug)]
pub struct Mail {
    pub login: Option<String>,
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

impl Mail {
    /// The Subject header, unfolded (RFC 5322 folds long headers onto continuation lines).
    pub fn subject(&self) -> String {
        let mut lines = self
            .data
            .lines()
            .skip_while(|l| !l.starts_with("Subject: "));
        let mut s = match lines.next() {
            Some(l) => l["Subject: ".len()..].to_string(),
            None => return String::new(),
        };
        for l in lines.take_while(|l| l.starts_with([' ', '\t'])) {
            s.push_str(l);
        }
        s
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// What the server asks of its clients.
#[derive(Clone)]
struct Rules {
    login: Option<(String, String)>,
    tls: Option<Arc<rustls::ServerConfig>>,
}

/// The server: listening until dropped, one thread per connection.
pub struct SmtpSink {
    pub port: u16,
    mails: Arc<Mutex<Vec<Mail>>>,
    stop: Arc<AtomicBool>,
}

impl SmtpSink {
    /// Plain SMTP without authentication on `port` (0: a free one).
    pub fn start(port: u16) -> SmtpSink {
        SmtpSink::start_with(port, None, false)
    }

    /// With `login`, AUTH with that user and password is required before mail; with `tls`,
    /// STARTTLS is offered and required (the certificate for 127.0.0.1 from the test CA).
    pub fn start_with(port: u16, login: Option<(&str, &str)>, tls: bool) -> SmtpSink {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind the SMTP sink");
        let port = listener.local_addr().unwrap().port();
        let rules = Rules {
            login: login.map(|(u, p)| (u.to_string(), p.to_string())),
            tls: tls.then(server_config),
        };
        let mails = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (got, stopped) = (mails.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (rules, got) = (rules.clone(), got.clone());
                std::thread::spawn(move || {
                    // A client that hangs cannot keep the thread for ever.
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
                    let _ = Session::new(rules, got).serve(stream);
                });
            }
        });
        SmtpSink { port, mails, stop }
    }

    pub fn mails(&self) -> Vec<Mail> {
        self.mails.lock().unwrap().clone()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        // Wake the accept loop so that it sees the flag and closes the port.
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn server_config() -> Arc<rustls::ServerConfig> {
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(fixture("smtp-server.pem"))
            .expect("read smtp-server.pem")
            .collect::<Result<_, _>>()
            .expect("certificates in smtp-server.pem");
    let key = PrivateKeyDer::from_pem_file(fixture("smtp-server.key")).expect("smtp-server.key");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .expect("the server certificate and key"),
    )
}

/// A byte stream, plain or TLS.
trait Stream: Read + Write + Send {}
impl<T: Read + Write + Send> Stream for T {}

/// One connection's state.
struct Session {
    rules: Rules,
    mails: Arc<Mutex<Vec<Mail>>>,
    secured: bool,
    login: Option<String>,
    from: Option<String>,
    to: Vec<String>,
}

enum Next {
    Go,
    Quit,
    StartTls,
}

impl Session {
    fn new(rules: Rules, mails: Arc<Mutex<Vec<Mail>>>) -> Session {
        Session {
            rules,
            mails,
            secured: false,
            login: None,
            from: None,
            to: Vec::new(),
        }
    }

    fn serve(mut self, tcp: TcpStream) -> std::io::Result<()> {
        let mut io: BufReader<Box<dyn Stream>> = BufReader::new(Box::new(tcp.try_clone()?));
        reply(&mut io, "220 pim-test-smtp ESMTP")?;
        while let Some(line) = read_line(&mut io)? {
            match self.command(&mut io, &line)? {
                Next::Go => {}
                Next::Quit => break,
                Next::StartTls => {
                    let config = self.rules.tls.clone().expect("STARTTLS only when offered");
                    let conn = rustls::ServerConnection::new(config)
                        .map_err(|e| std::io::Error::other(e.to_string()))?;
                    // The handshake happens on first use; a client that rejects the certificate
                    // ends the connection there.
                    let tls = rustls::StreamOwned::new(conn, tcp.try_clone()?);
                    io = BufReader::new(Box::new(tls));
                    // RFC 3207 §4.2: the client starts again from EHLO.
                    self.secured = true;
                    self.reset();
                }
            }
        }
        let _ = tcp.shutdown(Shutdown::Both);
        Ok(())
    }

    fn reset(&mut self) {
        self.from = None;
        self.to.clear();
    }

    fn command(
        &mut self,
        io: &mut BufReader<Box<dyn Stream>>,
        line: &str,
    ) -> std::io::Result<Next> {
        let (verb, rest) = line.split_once(' ').unwrap_or((line, ""));
        let offer_tls = self.rules.tls.is_some() && !self.secured;
        let verb = verb.to_ascii_uppercase();
        if offer_tls
            && !["EHLO", "HELO", "STARTTLS", "NOOP", "RSET", "QUIT"].contains(&verb.as_str())
        {
            reply(io, "530 5.7.0 Must issue a STARTTLS command first")?;
            return Ok(Next::Go);
        }
        match verb.as_str() {
            "EHLO" => {
                self.reset();
                let mut lines = vec!["pim-test-smtp".to_string()];
                if offer_tls {
                    lines.push("STARTTLS".into());
                }
                if self.rules.login.is_some() && !offer_tls {
                    lines.push("AUTH PLAIN LOGIN".into());
                }
                lines.push("8BITMIME".into());
                let last = lines.len() - 1;
                for (i, l) in lines.iter().enumerate() {
                    let sep = if i == last { ' ' } else { '-' };
                    reply(io, &format!("250{sep}{l}"))?;
                }
            }
            "HELO" => {
                self.reset();
                reply(io, "250 pim-test-smtp")?;
            }
            "STARTTLS" if offer_tls => {
                reply(io, "220 2.0.0 Ready to start TLS")?;
                return Ok(Next::StartTls);
            }
            "AUTH" if self.rules.login.is_some() => {
                let (mechanism, initial) = rest.split_once(' ').unwrap_or((rest, ""));
                let given = match mechanism.to_ascii_uppercase().as_str() {
                    "PLAIN" => {
                        let text = if initial.is_empty() {
                            reply(io, "334 ")?;
                            read_line(io)?.unwrap_or_default()
                        } else {
                            initial.to_string()
                        };
                        let raw = decode(&text);
                        let mut parts = raw.split('\0').skip(1);
                        match (parts.next(), parts.next()) {
                            (Some(u), Some(p)) => Some((u.to_string(), p.to_string())),
                            _ => None,
                        }
                    }
                    "LOGIN" => {
                        let user = if initial.is_empty() {
                            reply(io, "334 VXNlcm5hbWU6")?;
                            read_line(io)?.unwrap_or_default()
                        } else {
                            initial.to_string()
                        };
                        reply(io, "334 UGFzc3dvcmQ6")?;
                        let password = read_line(io)?.unwrap_or_default();
                        Some((decode(&user), decode(&password)))
                    }
                    _ => {
                        reply(io, "504 5.5.4 Unrecognized authentication type")?;
                        return Ok(Next::Go);
                    }
                };
                if given.is_some() && given == self.rules.login {
                    self.login = given.map(|(u, _)| u);
                    reply(io, "235 2.7.0 Authentication successful")?;
                } else {
                    reply(io, "535 5.7.8 Authentication credentials invalid")?;
                }
            }
            "MAIL" => {
                if self.rules.login.is_some() && self.login.is_none() {
                    reply(io, "530 5.7.0 Authentication required")?;
                } else {
                    self.reset();
                    self.from = Some(address(rest, "FROM:"));
                    reply(io, "250 2.1.0 OK")?;
                }
            }
            "RCPT" if self.from.is_some() => {
                self.to.push(address(rest, "TO:"));
                reply(io, "250 2.1.5 OK")?;
            }
            "DATA" if self.from.is_some() && !self.to.is_empty() => {
                reply(io, "354 End data with <CR><LF>.<CR><LF>")?;
                let mut data = String::new();
                loop {
                    let Some(l) = read_line(io)? else {
                        return Ok(Next::Quit);
                    };
                    if l == "." {
                        break;
                    }
                    // RFC 5321 §4.5.2: a leading dot was doubled by the client.
                    data.push_str(l.strip_prefix('.').unwrap_or(&l));
                    data.push_str("\r\n");
                }
                self.mails.lock().unwrap().push(Mail {
                    login: self.login.clone(),
                    from: self.from.take().unwrap_or_default(),
                    to: std::mem::take(&mut self.to),
                    data,
                });
                reply(io, "250 2.0.0 OK")?;
            }
            "RSET" => {
                self.reset();
                reply(io, "250 2.0.0 OK")?;
            }
            "NOOP" => reply(io, "250 2.0.0 OK")?,
            "QUIT" => {
                reply(io, "221 2.0.0 Bye")?;
                return Ok(Next::Quit);
            }
            "RCPT" | "DATA" => reply(io, "503 5.5.1 Bad sequence of commands")?,
            _ => reply(io, "500 5.5.2 Command not recognized")?,
        }
        Ok(Next::Go)
    }
}

fn reply(io: &mut BufReader<Box<dyn Stream>>, line: &str) -> std::io::Result<()> {
    let w = io.get_mut();
    w.write_all(line.as_bytes())?;
    w.write_all(b"\r\n")?;
    w.flush()
}

/// One line without its CRLF; None at the end of the stream.
fn read_line(io: &mut BufReader<Box<dyn Stream>>) -> std::io::Result<Option<String>> {
    let mut buf = Vec::new();
    if io.read_until(b'\n', &mut buf)? == 0 {
        return Ok(None);
    }
    while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        buf.pop();
    }
    Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
}

fn decode(text: &str) -> String {
    STANDARD
        .decode(text.trim())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// The address in `FROM:<a@b> SIZE=…` or `TO:<a@b>`.
fn address(rest: &str, keyword: &str) -> String {
    let rest = rest.trim();
    let rest = if rest.len() >= keyword.len() && rest[..keyword.len()].eq_ignore_ascii_case(keyword)
    {
        &rest[keyword.len()..]
    } else {
        rest
    };
    let rest = rest.trim_start();
    match (rest.find('<'), rest.find('>')) {
        (Some(a), Some(b)) if a < b => rest[a + 1..b].to_string(),
        _ => rest.split(' ').next().unwrap_or("").to_string(),
    }
}

//! A load generator for `pim serve` (benchmarks, not tests): concurrent clients over the Unix
//! socket, each with its own kept-alive connection, timing every request.
//!
//!   serve_load SOCKET CLIENTS SECONDS BODY_JSON
//!       every client posts BODY_JSON again and again for SECONDS; prints requests/s, p50, p99
//!   serve_load --as-uids SOCKET CLIENTS UID_BASE COUNT BODY_JSON
//!       (root only) COUNT requests, request i made by uid UID_BASE + i on its own connection,
//!       CLIENTS worker processes at once; BODY_JSON is sent as is
//!
//! Every answer must be HTTP 200, or the run fails.

use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;

fn request(body: &str) -> hyper::Request<Full<Bytes>> {
    hyper::Request::post("/v1/op")
        .header(hyper::header::HOST, "pim")
        .header(hyper::header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("a request")
}

/// One client: a connection kept alive, requests until the deadline; the latency of each.
fn client(socket: &str, body: &str, until: Instant) -> Vec<Duration> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let stream = tokio::net::UnixStream::connect(socket)
            .await
            .expect("connect");
        let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .expect("handshake");
        tokio::spawn(conn);
        let mut lat = Vec::new();
        while Instant::now() < until {
            let t = Instant::now();
            let r = sender.send_request(request(body)).await.expect("send");
            let status = r.status();
            let bytes = r.into_body().collect().await.expect("body").to_bytes();
            assert!(
                status.is_success(),
                "{status}: {}",
                String::from_utf8_lossy(&bytes)
            );
            lat.push(t.elapsed());
        }
        lat
    })
}

/// One request on a new connection, as the current effective uid.
fn once(rt: &tokio::runtime::Runtime, socket: &str, body: &str) -> Duration {
    rt.block_on(async {
        let t = Instant::now();
        let stream = tokio::net::UnixStream::connect(socket)
            .await
            .expect("connect");
        let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .expect("handshake");
        tokio::spawn(conn);
        let r = sender.send_request(request(body)).await.expect("send");
        let status = r.status();
        let bytes = r.into_body().collect().await.expect("body").to_bytes();
        assert!(
            status.is_success(),
            "{status}: {}",
            String::from_utf8_lossy(&bytes)
        );
        t.elapsed()
    })
}

fn report(what: &str, mut lat: Vec<Duration>, wall: Duration) {
    lat.sort();
    let n = lat.len();
    let pct = |p: f64| lat[((n as f64 * p) as usize).min(n - 1)].as_secs_f64() * 1000.0;
    println!(
        "{what}: {n} requests in {:.2} s = {:.0} requests/s; p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        wall.as_secs_f64(),
        n as f64 / wall.as_secs_f64(),
        pct(0.50),
        pct(0.99),
        lat[n - 1].as_secs_f64() * 1000.0
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--worker") => {
            // --worker SOCKET UID_BASE FROM STEP COUNT BODY: requests FROM, FROM+STEP, … < COUNT;
            // prints one latency in microseconds per line.
            let socket = &args[1];
            let base: u32 = args[2].parse().expect("uid base");
            let from: u32 = args[3].parse().expect("from");
            let step: u32 = args[4].parse().expect("step");
            let count: u32 = args[5].parse().expect("count");
            let body = &args[6];
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            let mut i = from;
            while i < count {
                // SAFETY: seteuid has no memory preconditions; this process has one thread.
                assert_eq!(unsafe { libc::seteuid(base + i) }, 0, "seteuid");
                let d = once(&rt, socket, &body.replace("{i}", &format!("{i:03}")));
                assert_eq!(unsafe { libc::seteuid(0) }, 0, "seteuid back");
                println!("{}", d.as_micros());
                i += step;
            }
        }
        Some("--as-uids") => {
            let socket = &args[1];
            let clients: u32 = args[2].parse().expect("clients");
            let base = &args[3];
            let count: u32 = args[4].parse().expect("count");
            let body = &args[5];
            let me = std::env::current_exe().expect("own path");
            let started = Instant::now();
            let children: Vec<_> = (0..clients)
                .map(|c| {
                    std::process::Command::new(&me)
                        .args([
                            "--worker",
                            socket,
                            base,
                            &c.to_string(),
                            &clients.to_string(),
                        ])
                        .arg(count.to_string())
                        .arg(body)
                        .stdout(std::process::Stdio::piped())
                        .spawn()
                        .expect("worker")
                })
                .collect();
            let mut lat = Vec::new();
            for ch in children {
                let out = ch.wait_with_output().expect("worker output");
                assert!(out.status.success(), "a worker failed");
                for l in String::from_utf8_lossy(&out.stdout).lines() {
                    lat.push(Duration::from_micros(l.parse().expect("micros")));
                }
            }
            report(
                &format!("{count} requests by {count} uids, {clients} at once"),
                lat,
                started.elapsed(),
            );
        }
        _ => {
            let socket = args
                .first()
                .expect("usage: serve_load SOCKET CLIENTS SECONDS BODY");
            let clients: usize = args[1].parse().expect("clients");
            let secs: f64 = args[2].parse().expect("seconds");
            let body = args[3].clone();
            let started = Instant::now();
            let until = started + Duration::from_secs_f64(secs);
            let threads: Vec<_> = (0..clients)
                .map(|_| {
                    let s = socket.clone();
                    let b = body.clone();
                    std::thread::spawn(move || client(&s, &b, until))
                })
                .collect();
            let lat: Vec<Duration> = threads
                .into_iter()
                .flat_map(|t| t.join().expect("client"))
                .collect();
            report(&format!("{clients} clients"), lat, started.elapsed());
        }
    }
}

//! SIGTERM drains in-flight requests: the real binary is started, a skill call is left half
//! sent, the process is told to stop, and the call must still be answered before it exits.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap()
}

fn wait_until_healthy(port: u16) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
            let _ =
                stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            let mut reply = String::new();
            let _ = stream.read_to_string(&mut reply);
            if reply.starts_with("HTTP/1.1 200") {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("server did not become healthy");
}

#[test]
fn sigterm_drains_a_request_in_flight_then_exits_cleanly() {
    let dir = std::env::temp_dir().join(format!("junggye-shutdown-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_junggye"))
        .current_dir(&dir)
        .env("APP__SERVER__PORT", port.to_string())
        .env("APP__SERVER__WORKERS", "1")
        .env("APP__DEALS__ENABLED", "false")
        .env("APP__LOG__FILTER", "warn")
        .env_remove("APP_ENV")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    wait_until_healthy(port);

    let body = br#"{"userRequest":{"user":{"id":"draining-user"}}}"#;
    let (head, tail) = body.split_at(10);
    let mut call = TcpStream::connect(("127.0.0.1", port)).unwrap();
    call.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        call,
        "POST /skill/home HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    call.write_all(head).unwrap();
    std::thread::sleep(Duration::from_millis(200));

    let pid = server.0.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    // Longer than a forced stop would wait, well inside the configured grace period (10 s).
    std::thread::sleep(Duration::from_millis(1500));

    // The half-sent call is still served after SIGTERM.
    call.write_all(tail).unwrap();
    let mut reply = String::new();
    call.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains("\"version\":\"2.0\""), "{reply}");

    // Then the process exits on its own, successfully, well inside the shutdown timeout.
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "still running");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "no longer accepting"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

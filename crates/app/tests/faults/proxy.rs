//! A TCP proxy in front of a real server (MariaDB, Redis) that the test can take down and bring
//! back on the same port, so the app under test sees the backend die and return without the
//! shared server itself ever being touched.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// What the proxy does with connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Pipes every connection to the server.
    Up,
    /// Like a stopped server: every piped connection is closed and the port refuses new ones.
    Refused,
    /// Like a dead host behind a firewall: piped connections go silent (nothing is forwarded,
    /// nothing is closed) and new ones are accepted but never answered.
    Blackhole,
}

/// The proxy; dropping it stops it.
pub struct Proxy {
    addr: SocketAddr,
    mode: watch::Sender<Mode>,
    task: JoinHandle<()>,
    /// Connections piped so far (to check the app really went through the proxy).
    pub accepted: Arc<Mutex<u64>>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `target`.
    pub async fn start(target: SocketAddr) -> Self {
        let listener = bind(SocketAddr::from(([127, 0, 0, 1], 0))).await;
        let addr = listener.local_addr().unwrap();
        let (mode, watch_mode) = watch::channel(Mode::Up);
        let accepted = Arc::new(Mutex::new(0));
        let task = tokio::spawn(serve(listener, addr, target, watch_mode, accepted.clone()));
        Self {
            addr,
            mode,
            task,
            accepted,
        }
    }

    /// The port the app should connect to.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Switches mode; takes effect at once for every connection.
    pub fn set(&self, mode: Mode) {
        self.mode.send_replace(mode);
    }
}

async fn bind(addr: SocketAddr) -> TcpListener {
    // The same port must be taken again after `Refused`, while closed connections linger.
    for _ in 0..100 {
        let socket = TcpSocket::new_v4().unwrap();
        socket.set_reuseaddr(true).unwrap();
        if socket.bind(addr).is_ok() {
            return socket.listen(128).unwrap();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("proxy cannot bind {addr} again");
}

async fn serve(
    listener: TcpListener,
    addr: SocketAddr,
    target: SocketAddr,
    mut mode: watch::Receiver<Mode>,
    accepted: Arc<Mutex<u64>>,
) {
    let mut listener = Some(listener);
    // Connections accepted while blackholed, held open and unanswered.
    let mut held: Vec<TcpStream> = Vec::new();
    loop {
        let current = *mode.borrow_and_update();
        match (current, listener.is_some()) {
            (Mode::Refused, true) => {
                held.clear();
                listener = None;
            }
            (Mode::Up | Mode::Blackhole, false) => listener = Some(bind(addr).await),
            _ => {}
        }
        if current == Mode::Up {
            held.clear();
        }
        let Some(open) = &listener else {
            if mode.changed().await.is_err() {
                return;
            }
            continue;
        };
        tokio::select! {
            changed = mode.changed() => if changed.is_err() { return },
            conn = open.accept() => {
                let Ok((client, _)) = conn else { continue };
                match current {
                    Mode::Up => {
                        *accepted.lock().unwrap() += 1;
                        tokio::spawn(pipe(client, target, mode.clone()));
                    }
                    Mode::Blackhole => held.push(client),
                    Mode::Refused => {}
                }
            }
        }
    }
}

/// Copies both ways until either side closes or the mode leaves `Up`: `Refused` closes both
/// sockets, `Blackhole` keeps them open but forwards nothing until the mode changes again
/// (then they are closed: a partition that heals resets what was cut off).
async fn pipe(mut client: TcpStream, target: SocketAddr, mut mode: watch::Receiver<Mode>) {
    let Ok(mut server) = TcpStream::connect(target).await else {
        return;
    };
    tokio::select! {
        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => return,
        _ = mode.wait_for(|m| *m != Mode::Up) => {}
    }
    if *mode.borrow() == Mode::Blackhole {
        let _ = mode.wait_for(|m| *m != Mode::Blackhole).await;
    }
}

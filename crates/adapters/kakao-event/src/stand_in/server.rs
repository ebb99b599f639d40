//! The stand-in on a port of its own, for tests.

use std::net::TcpListener;

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpServer};

use super::configure;
use super::state::StandIn;

impl StandIn {
    /// Serves this stand-in on `127.0.0.1` at a free port, on a task of the current Tokio
    /// runtime; returns its base URL (`http://127.0.0.1:{port}`) and the handle that stops it.
    /// Dropping the handle does not stop it: the runtime's end does.
    ///
    /// # Errors
    /// When no port can be bound.
    ///
    /// # Panics
    /// Outside a Tokio runtime.
    pub fn start(&self) -> std::io::Result<(String, ServerHandle)> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let state = self.clone();
        let server = HttpServer::new(move || {
            let state = state.clone();
            App::new().configure(move |cfg| configure(cfg, state))
        })
        .listen(listener)?
        .workers(1)
        .disable_signals()
        .shutdown_timeout(1)
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Ok((base_url, handle))
    }
}

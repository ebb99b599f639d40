//! The baseline for scripts/bench-deals.sh: a bare actix-web server answering every POST with
//! the same bytes the app's /skill/deals sent, so the benchmark shows what the app's own work
//! (guards, payload parsing, rate limit, deadline task, cache read, reply building, skill log)
//! costs on top of actix itself.
//!
//! Usage: `bare_reply PORT BODY_FILE [WORKERS]`

use std::sync::Arc;

use actix_web::{App, HttpResponse, HttpServer, web};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(port), Some(body_file)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: bare_reply PORT BODY_FILE [WORKERS]");
        std::process::exit(2);
    };
    let port: u16 = port.parse().map_err(std::io::Error::other)?;
    let workers: usize = match args.get(3) {
        Some(workers) => workers.parse().map_err(std::io::Error::other)?,
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let body: Arc<[u8]> = std::fs::read(body_file)?.into();
    HttpServer::new(move || {
        let body = Arc::clone(&body);
        // The request body is read (and dropped), as the app reads it: a handler that leaves it
        // unread makes actix close the connection instead of keeping it alive.
        App::new().default_service(web::to(move |_request: web::Bytes| {
            let body = Arc::clone(&body);
            async move {
                HttpResponse::Ok()
                    .content_type("application/json; charset=utf-8")
                    .body(body.to_vec())
            }
        }))
    })
    .workers(workers)
    .bind(("127.0.0.1", port))?
    .run()
    .await
}

//! SIGTERM stops the background work cleanly: the real binary runs with the deal refresher
//! crawling a slow local board and both order jobs on 1 s timers; after SIGTERM no new crawl
//! request is made, each loop logs that it stopped, and the process exits 0 promptly.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

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

/// The deal board serving the crawler's fixture pages, each slowly (so that a crawl is always
/// under way), noting when each request arrived.
struct SlowBoard(Arc<Mutex<Vec<Instant>>>);

impl Respond for SlowBoard {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.0.lock().unwrap().push(Instant::now());
        let page = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "page")
            .map(|(_, v)| format!("list/page{v}.html"));
        let id = request.url.path().rsplit('/').next().unwrap_or_default();
        let name = page.unwrap_or_else(|| format!("detail/{id}.html"));
        let fixture = std::fs::read_to_string(format!(
            "{}/../adapters/crawler/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ));
        fixture
            .map_or_else(
                |_| ResponseTemplate::new(404),
                |body| ResponseTemplate::new(200).set_body_raw(body, "text/html; charset=utf-8"),
            )
            .set_delay(Duration::from_millis(300))
    }
}

/// Log lines (JSON, one event each) read from the child's stdout as they come.
fn collect_logs(child: &mut Child) -> Arc<Mutex<Vec<Value>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let out = BufReader::new(child.stdout.take().unwrap());
    let sink = Arc::clone(&lines);
    std::thread::spawn(move || {
        for line in out.lines().map_while(Result::ok) {
            if let Ok(event) = serde_json::from_str::<Value>(&line) {
                sink.lock().unwrap().push(event);
            }
        }
    });
    lines
}

fn logged(lines: &Mutex<Vec<Value>>, message: &str, job: Option<&str>) -> Option<usize> {
    lines
        .lock()
        .unwrap()
        .iter()
        .position(|e| e["message"] == message && job.is_none_or(|j| e["job"] == j))
}

async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < Duration::from_secs(20), "{what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn sigterm_stops_the_refresher_and_the_order_jobs_then_exits_cleanly() {
    let requests = Arc::new(Mutex::new(Vec::new()));
    let board = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(SlowBoard(Arc::clone(&requests)))
        .mount(&board)
        .await;
    let dir = std::env::temp_dir().join(format!("junggye-shutdown-jobs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_junggye"))
        .current_dir(&dir)
        .env("APP__SERVER__PORT", port.to_string())
        .env("APP__SERVER__WORKERS", "1")
        .env("APP__DEALS__ENABLED", "true")
        .env(
            "APP__DEALS__SOURCE_URL",
            format!("{}/bbs/qb_saleinfo", board.uri()),
        )
        .env("APP__DEALS__REFRESH_SECS", "1")
        .env("APP__DEALS__REQUEST_GAP_MS", "20")
        .env("APP__ORDERS__TIMER_INTERVAL_SECS", "1")
        .env("APP__ORDERS__RECONCILE_INTERVAL_SECS", "1")
        .env("APP__LOG__FORMAT", "json")
        .env("APP__LOG__FILTER", "info,sqlx=warn,sea_orm=warn")
        .env_remove("RUST_LOG")
        .env_remove("APP_ENV")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let logs = collect_logs(&mut child);
    let mut server = Server(child);

    // Everything is running: both jobs started and the refresher has been crawling a while.
    for job in ["escrow timers", "payment reconciliation"] {
        wait_for(&format!("{job} never started"), || {
            logged(&logs, "order job started", Some(job)).is_some()
        })
        .await;
    }
    wait_for("the refresher never crawled", || {
        requests.lock().unwrap().len() >= 3
    })
    .await;
    let health = reqwest::get(format!("http://127.0.0.1:{port}/healthz"))
        .await
        .unwrap();
    assert_eq!(health.status(), 200);

    let sigterm = Instant::now();
    let pid = server.0.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = loop {
        if let Some(status) = server.0.try_wait().unwrap() {
            break status;
        }
        // Well inside the 10 s grace period and the 5 s each task is waited for: nothing
        // had to be given up on.
        assert!(
            sigterm.elapsed() < Duration::from_secs(3),
            "still running 3 s after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(status.success(), "{status:?}");
    // Give the reader thread the last lines.
    tokio::time::sleep(Duration::from_millis(200)).await;

    // The crawl under way was abandoned: nothing reached the board after SIGTERM beyond a
    // request already being sent.
    let late: Vec<_> = requests
        .lock()
        .unwrap()
        .iter()
        .filter(|at| **at > sigterm + Duration::from_millis(100))
        .map(|at| at.duration_since(sigterm))
        .collect();
    assert!(late.is_empty(), "crawl requests after SIGTERM: {late:?}");

    // Each background loop said it stopped, before the app's last word.
    let last = logged(&logs, "stopped", None).expect("no final \"stopped\" log");
    for (message, job) in [
        ("hot deal refresher stopped", None),
        ("order job stopped", Some("escrow timers")),
        ("order job stopped", Some("payment reconciliation")),
    ] {
        let at = logged(&logs, message, job)
            .unwrap_or_else(|| panic!("no {message:?} {job:?} log: {:?}", logs.lock().unwrap()));
        assert!(at < last, "{message} {job:?} logged after \"stopped\"");
    }
    assert!(
        logged(
            &logs,
            "a background task did not finish within 5 s of shutdown",
            None
        )
        .is_none()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

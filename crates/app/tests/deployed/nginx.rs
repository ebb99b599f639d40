//! The shipped `deploy/nginx.conf` under the real nginx (Debian's package), in front of the
//! real app on loopback.
//!
//! The test rewrites only what cannot work outside the production host: listen ports, the
//! upstream address, certificate paths (a self-signed pair made with `openssl`), and the pid,
//! temp and web-root paths. Each rewrite must match the shipped file, so a change there that the
//! test no longer covers fails here instead of passing untested. Everything else (locations,
//! limits, timeouts, fallbacks, headers) is exactly what production loads.
//!
//! nginx comes from `scripts/services.sh` (`TEST_NGINX_BIN`) or the PATH. Under
//! `JUNGGYE_REQUIRE_SERVICES=1` (scripts/test.sh) a missing nginx or openssl is a failure;
//! otherwise the tests print why they are skipped.

use std::collections::HashMap;
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use config::Environment;
use junggye::config::Settings;
use junggye::startup::Application;
use junggye_mysql::testing::TestDb;
use serde_json::{Value, json};

pub(crate) const SECRET: &str = "nginx-test-skill-secret-0123456789";
pub(crate) const BOT_ID: &str = "5f00000000000000000000ng";

/// The shipped file, read at run time so an edit is tested without a rebuild of this test.
pub(crate) fn shipped_config() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/nginx.conf");
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// `Some(path)` of the nginx binary, or `None` after printing why the test is skipped.
pub(crate) fn nginx_binary() -> Option<PathBuf> {
    let required = std::env::var("JUNGGYE_REQUIRE_SERVICES").as_deref() == Ok("1");
    let from_env = std::env::var_os("TEST_NGINX_BIN").map(PathBuf::from);
    let found = from_env.filter(|p| p.is_file()).or_else(|| {
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path)
            .chain(["/usr/sbin", "/usr/local/sbin", "/sbin"].map(PathBuf::from))
            .map(|dir| dir.join("nginx"))
            .find(|candidate| candidate.is_file())
    });
    let openssl = Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    match (found, openssl) {
        (Some(nginx), true) => Some(nginx),
        (nginx, _) => {
            let missing = if nginx.is_none() { "nginx" } else { "openssl" };
            assert!(
                !required,
                "JUNGGYE_REQUIRE_SERVICES=1 but {missing} is not installed (scripts/services.sh installs nginx)"
            );
            eprintln!(
                "SKIPPED: {missing} not found (set TEST_NGINX_BIN or install the Debian package; scripts/test.sh does)"
            );
            None
        }
    }
}

/// A port nothing listens on right now.
pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Ports the rewritten config listens on.
pub(crate) struct Ports {
    /// Stands for 80: the HTTPS redirect.
    pub(crate) redirect: u16,
    /// Stands for 443.
    pub(crate) tls: u16,
    /// Stands for 8080: the plain-HTTP site.
    pub(crate) plain: u16,
}

/// A scratch directory for one nginx, removed on drop.
pub(crate) struct Scratch(pub(crate) PathBuf);

impl Scratch {
    pub(crate) fn new(tag: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = std::env::temp_dir().join(format!(
            "junggye-nginx-{tag}-{}-{nanos}",
            std::process::id()
        ));
        for sub in ["tls", "cache", "www/images", "acme"] {
            fs::create_dir_all(dir.join(sub)).unwrap();
        }
        // When the test runs as root, nginx's workers run as an unprivileged user: the
        // directories above are created 0755 (umask permitting) so they can read the web root.
        Self(dir)
    }

    pub(crate) fn path(&self, rel: &str) -> String {
        self.0.join(rel).display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The shipped config with the host-specific parts pointed at `scratch`, `ports` and the app.
pub(crate) fn rewritten_config(scratch: &Scratch, ports: &Ports, app_port: u16) -> String {
    let mut config = shipped_config();
    let rewrites = [
        (
            "listen 80;",
            format!("listen 127.0.0.1:{};", ports.redirect),
        ),
        (
            "listen 443 ssl;",
            format!("listen 127.0.0.1:{} ssl;", ports.tls),
        ),
        ("listen 8080;", format!("listen 127.0.0.1:{};", ports.plain)),
        ("server app:8080 ", format!("server 127.0.0.1:{app_port} ")),
        ("/etc/nginx/tls/", format!("{}/", scratch.path("tls"))),
        ("/var/cache/nginx/", format!("{}/", scratch.path("cache"))),
        ("/var/run/nginx.pid", scratch.path("nginx.pid")),
        (
            "root /srv/junggye;",
            format!("root {};", scratch.path("www")),
        ),
        (
            "root /var/www/acme;",
            format!("root {};", scratch.path("acme")),
        ),
    ];
    for (from, to) in rewrites {
        assert!(
            config.contains(from),
            "deploy/nginx.conf no longer contains {from:?}: update crates/app/tests/deployed/nginx.rs"
        );
        config = config.replace(from, &to);
    }
    config
}

/// A self-signed certificate at the paths the shipped config names.
pub(crate) fn make_certificate(scratch: &Scratch) {
    let output = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
        ])
        .args([
            "-keyout",
            &scratch.path("tls/privkey.pem"),
            "-out",
            &scratch.path("tls/fullchain.pem"),
        ])
        .output()
        .expect("running openssl");
    assert!(
        output.status.success(),
        "openssl: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Writes the config and runs `nginx -t` on it; returns the config path.
pub(crate) fn check_config(nginx: &Path, scratch: &Scratch, config: &str) -> PathBuf {
    let path = scratch.0.join("nginx.conf");
    fs::write(&path, config).unwrap();
    let output = Command::new(nginx)
        .arg("-t")
        .args(["-e", "stderr", "-c"])
        .arg(&path)
        .output()
        .expect("running nginx -t");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "nginx -t failed:\n{stderr}");
    assert!(stderr.contains("test is successful"), "{stderr}");
    // Warnings mean something in the shipped file is sloppy (e.g. a duplicate type).
    assert!(!stderr.contains("[warn]"), "nginx -t warned:\n{stderr}");
    path
}

/// A running nginx, stopped (SIGTERM to the master we started, then wait) on drop.
pub(crate) struct Nginx {
    child: Child,
    log: PathBuf,
}

impl Nginx {
    pub(crate) fn start(nginx: &Path, scratch: &Scratch, config: &Path, ports: &Ports) -> Self {
        let log = scratch.0.join("nginx.log");
        let out = fs::File::create(&log).unwrap();
        let child = Command::new(nginx)
            .args(["-e", "stderr", "-g", "daemon off;", "-c"])
            .arg(config)
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("starting nginx");
        let mut nginx = Self { child, log };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = nginx.child.try_wait().unwrap() {
                panic!("nginx exited with {status}:\n{}", nginx.log_text());
            }
            if [ports.plain, ports.tls, ports.redirect]
                .iter()
                .all(|p| std::net::TcpStream::connect(("127.0.0.1", *p)).is_ok())
            {
                return nginx;
            }
            assert!(
                Instant::now() < deadline,
                "nginx did not listen within 10 s:\n{}",
                nginx.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub(crate) fn log_text(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM to the master only (it stops its workers); SIGKILL would orphan them.
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if std::thread::panicking() {
            eprintln!("--- nginx log ---\n{}", self.log_text());
        }
    }
}

/// Starts the app on a loopback port, on a fresh SQLite database; returns its port.
async fn spawn_app(db: &TestDb) -> u16 {
    let vars: HashMap<String, String> = [
        ("APP__SERVER__HOST", "127.0.0.1"),
        ("APP__SERVER__PORT", "0"),
        ("APP__SERVER__WORKERS", "1"),
        ("APP__KAKAO__SKILL_SECRET", SECRET),
        ("APP__KAKAO__BOT_IDS", BOT_ID),
        ("APP__LOG__FILTER", "warn"),
        ("APP__DATABASE__URL", db.url.as_str()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let env = Environment::with_prefix("APP").source(Some(vars));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
    let settings = Settings::load_from("test", &dir, env).expect("test settings");
    let app = Application::build_with_db(settings, db.db.clone()).expect("app builds");
    let port = app.port();
    tokio::spawn(app.run_until_stopped());
    port
}

/// A SkillPayload as Open Builder sends it.
pub(crate) fn payload(user: &str) -> Value {
    json!({
        "intent": {"id": "i", "name": "블록"},
        "userRequest": {
            "timezone": "Asia/Seoul", "utterance": "처음으로", "lang": "ko",
            "params": {"surface": "Kakaotalk.plusfriend"},
            "block": {"id": "b", "name": "블록"},
            "user": {"id": user, "type": "botUserKey", "properties": {"botUserKey": user}}
        },
        "bot": {"id": BOT_ID, "name": "중계나라"},
        "action": {"name": "skill", "id": "s", "params": {}, "detailParams": {}, "clientExtra": {}},
        "contexts": []
    })
}

pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .danger_accept_invalid_certs(true)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// `nginx -t` on the shipped file (only host-specific paths and ports rewritten).
#[test]
fn shipped_config_passes_nginx_t() {
    let Some(nginx_bin) = nginx_binary() else {
        return;
    };
    let scratch = Scratch::new("syntax");
    make_certificate(&scratch);
    let ports = Ports {
        redirect: free_port(),
        tls: free_port(),
        plain: free_port(),
    };
    check_config(
        &nginx_bin,
        &scratch,
        &rewritten_config(&scratch, &ports, free_port()),
    );
}

/// Every proxied route the shipped config defines, plus the TLS listener and the redirect,
/// driven through nginx in front of the running app.
#[tokio::test]
async fn skill_admin_and_operations_calls_pass_through_nginx() {
    let Some(nginx_bin) = nginx_binary() else {
        return;
    };
    let db = TestDb::sqlite().await;
    let app_port = spawn_app(&db).await;
    let scratch = Scratch::new("proxy");
    make_certificate(&scratch);
    let ports = Ports {
        redirect: free_port(),
        tls: free_port(),
        plain: free_port(),
    };
    let config = check_config(
        &nginx_bin,
        &scratch,
        &rewritten_config(&scratch, &ports, app_port),
    );
    let nginx = Nginx::start(&nginx_bin, &scratch, &config, &ports);
    let base = format!("http://127.0.0.1:{}", ports.plain);
    let client = client();

    // A skill call with the secret: the app's Kakao reply, unchanged.
    let response = client
        .post(format!("{base}/skill/home"))
        .header("X-Skill-Secret", SECRET)
        .header("Content-Type", "application/json")
        .body(payload("nginx-user").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let reply: Value = response.json().await.unwrap();
    assert_eq!(reply["version"], "2.0", "{reply}");
    assert!(
        reply["template"]["outputs"]
            .as_array()
            .is_some_and(|o| !o.is_empty()),
        "{reply}"
    );
    // Not nginx's own fallback: that one is only for a dead app.
    assert!(
        !reply.to_string().contains("서버가 잠시 응답하지 않습니다"),
        "{reply}"
    );

    // Without the secret: the app's 401 passes through untouched.
    let response = client
        .post(format!("{base}/skill/home"))
        .body(payload("nginx-user").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);

    // Over the 64 KiB cap: nginx refuses it itself, with JSON like the app's.
    let response = client
        .post(format!("{base}/skill/home"))
        .header("X-Skill-Secret", SECRET)
        .body(vec![b' '; 70_000])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "payload_too_large");

    // Exactly 64 KiB is still the app's to judge (it is not JSON, so 400 from the app).
    let response = client
        .post(format!("{base}/skill/home"))
        .header("X-Skill-Secret", SECRET)
        .body(vec![b'x'; 64 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        400,
        "the 64 KiB caps of nginx and the app differ"
    );

    // A validation skill.
    let response = client
        .post(format!("{base}/skill/validate/phone"))
        .header("X-Skill-Secret", SECRET)
        .body(
            json!({"bot": {"id": BOT_ID}, "utterance": "010-1234-5678", "params": {},
                   "user": {"id": "nginx-user", "type": "botUserKey"},
                   "value": {"origin": "010-1234-5678", "resolved": "010-1234-5678"}})
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "SUCCESS", "{body}");

    // Operations endpoints.
    let response = client.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let response = client.get(format!("{base}/metrics")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(text.contains(r#"route="/skill/home""#), "{text}");
    // The oversized body above never reached the app: nginx refused it itself.
    assert!(
        !text.contains(r#"status="413""#),
        "the app saw the 70 KB body:\n{text}"
    );
    // /metrics only from the host itself and private networks: 127.0.0.2 is neither.
    let outsider = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    let response = outsider
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);

    // Admin: a wrong password reaches the app and gets its JSON 401 through nginx (nginx's own
    // pages are HTML), and so does a guarded route without a token.
    let response = client
        .post(format!("{base}/admin/login"))
        .json(&json!({"username": "nobody", "password": "wrong-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let body: Value = response
        .json()
        .await
        .expect("the app's JSON, not an nginx page");
    assert_eq!(body["error"], "unauthorized", "{body}");
    let response = client
        .get(format!("{base}/admin/members"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.expect("the app's JSON");
    assert_eq!(body["error"], "unauthorized", "{body}");

    // Photos: from disk when present, else from the app (its JSON 404, not nginx's page).
    fs::write(scratch.0.join("www/images/p.jpg"), b"\xff\xd8jpeg").unwrap();
    let response = client
        .get(format!("{base}/images/p.jpg"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"\xff\xd8jpeg");
    let response = client
        .get(format!("{base}/images/missing.jpg"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let body = response.text().await.unwrap();
    assert!(
        !body.contains("<center>nginx</center>"),
        "nginx answered instead of the app: {body}"
    );

    // HTTPS listener (self-signed here) and the plain-HTTP redirect.
    let response = client
        .get(format!("https://127.0.0.1:{}/healthz", ports.tls))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("strict-transport-security"));
    let response = client
        .get(format!(
            "http://127.0.0.1:{}/skill/home?x=1",
            ports.redirect
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 301);
    let location = response.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with("https://127.0.0.1") && location.ends_with("/skill/home?x=1"),
        "{location}"
    );

    drop(nginx);
    db.cleanup().await;
}

/// With the app down, nginx still answers Kakao within its timeout, in Kakao's format.
#[tokio::test]
async fn nginx_answers_kakao_itself_when_the_app_is_down() {
    let Some(nginx_bin) = nginx_binary() else {
        return;
    };
    let scratch = Scratch::new("down");
    make_certificate(&scratch);
    let ports = Ports {
        redirect: free_port(),
        tls: free_port(),
        plain: free_port(),
    };
    // Nothing listens on the upstream port.
    let dead = free_port();
    let config = check_config(
        &nginx_bin,
        &scratch,
        &rewritten_config(&scratch, &ports, dead),
    );
    let _nginx = Nginx::start(&nginx_bin, &scratch, &config, &ports);
    let base = format!("http://127.0.0.1:{}", ports.plain);
    let client = client();

    let started = Instant::now();
    let response = client
        .post(format!("{base}/skill/home"))
        .header("X-Skill-Secret", SECRET)
        .body(payload("nginx-user").to_string())
        .send()
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "Kakao gives up after 5 s"
    );
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "{:?}",
        response.headers()
    );
    let reply: Value = response.json().await.unwrap();
    assert_eq!(reply["version"], "2.0");
    assert!(
        reply["template"]["outputs"][0]["simpleText"]["text"].is_string(),
        "{reply}"
    );
    assert_eq!(
        reply["template"]["quickReplies"][0]["messageText"],
        "처음으로"
    );

    let response = client
        .post(format!("{base}/skill/validate/phone"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ERROR", "{body}");

    // Other routes keep their plain gateway error: only Kakao needs a 200.
    let response = client.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 502);
}

/// An app that accepts the connection and then says nothing: nginx gives up at 4.8 s and still
/// answers before Kakao's 5 s timeout, in Kakao's format.
#[tokio::test]
async fn nginx_answers_kakao_before_its_5_s_timeout_when_the_app_stalls() {
    let Some(nginx_bin) = nginx_binary() else {
        return;
    };
    let stalled = TcpListener::bind("127.0.0.1:0").unwrap();
    let stalled_port = stalled.local_addr().unwrap().port();
    // Holds every connection open without reading or answering, until the test process ends.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in stalled.incoming() {
            held.push(stream);
        }
    });
    let scratch = Scratch::new("stall");
    make_certificate(&scratch);
    let ports = Ports {
        redirect: free_port(),
        tls: free_port(),
        plain: free_port(),
    };
    let config = check_config(
        &nginx_bin,
        &scratch,
        &rewritten_config(&scratch, &ports, stalled_port),
    );
    let _nginx = Nginx::start(&nginx_bin, &scratch, &config, &ports);

    let started = Instant::now();
    let response = client()
        .post(format!("http://127.0.0.1:{}/skill/home", ports.plain))
        .header("X-Skill-Secret", SECRET)
        .body(payload("nginx-user").to_string())
        .send()
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(response.status(), 200);
    let reply: Value = response.json().await.unwrap();
    assert_eq!(reply["version"], "2.0", "{reply}");
    // It waited for the app (the app's own 4.5 s deadline comes first when the app is alive)...
    assert!(
        elapsed >= Duration::from_millis(4500),
        "gave up after {elapsed:?}"
    );
    // ...but answered before Kakao stops waiting.
    assert!(
        elapsed < Duration::from_secs(5),
        "answered after {elapsed:?}"
    );
}

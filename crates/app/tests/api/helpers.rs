#![expect(
    clippy::expect_used,
    reason = "test helpers: a panic is the failure report"
)]

use std::collections::HashMap;
use std::path::Path;

use config::Environment;
use junggye::config::Settings;
use junggye::startup::Application;
use junggye_mysql::testing::TestDb;
use serde_json::{Value, json};

pub const SECRET: &str = "test-skill-secret-0123456789abcdef";
pub const BOT_ID: &str = "5f0000000000000000000001";

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub backend: String,
    db: Option<TestDb>,
    url: String,
    running: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// Settings as the embedded default gives them, isolated from the host's environment.
pub fn test_settings(overrides: &[(&str, &str)]) -> Settings {
    let mut vars: HashMap<String, String> = HashMap::from([
        ("APP__SERVER__PORT".into(), "0".into()),
        ("APP__SERVER__WORKERS".into(), "2".into()),
        ("APP__KAKAO__SKILL_SECRET".into(), SECRET.into()),
        ("APP__KAKAO__BOT_IDS".into(), BOT_ID.into()),
        ("APP__LOG__FILTER".into(), "warn".into()),
    ]);
    for (key, value) in overrides {
        vars.insert((*key).into(), (*value).into());
    }
    let env = Environment::with_prefix("APP").source(Some(vars));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
    Settings::load_from("test", &dir, env).expect("test settings")
}

impl TestApp {
    pub async fn spawn(db: TestDb) -> Self {
        Self::spawn_with(db, &[]).await
    }

    pub async fn spawn_with(db: TestDb, overrides: &[(&str, &str)]) -> Self {
        let mut with_url = vec![("APP__DATABASE__URL", db.url.as_str())];
        with_url.extend_from_slice(overrides);
        let settings = test_settings(&with_url);
        let backend = db.backend().to_owned();
        let app = Application::build_with_db(settings, db.db.clone()).expect("app builds");
        let address = format!("http://127.0.0.1:{}", app.port());
        let running = tokio::spawn(app.run_until_stopped());
        Self {
            address,
            client: reqwest::Client::new(),
            backend,
            url: db.url.clone(),
            db: Some(db),
            running,
        }
    }

    /// A second app instance on this instance's database (as a second server behind the
    /// load balancer): own process state and caches, shared database.
    pub fn second_instance(&self) -> Self {
        let db = self
            .db
            .as_ref()
            .expect("the first instance holds the database");
        let settings = test_settings(&[("APP__DATABASE__URL", db.url.as_str())]);
        let app = Application::build_with_db(settings, db.db.clone()).expect("app builds");
        let address = format!("http://127.0.0.1:{}", app.port());
        let running = tokio::spawn(app.run_until_stopped());
        Self {
            address,
            client: reqwest::Client::new(),
            backend: self.backend.clone(),
            url: db.url.clone(),
            db: None,
            running,
        }
    }

    /// The database URL this instance runs on (for another instance on the same database).
    /// An app whose photo fetcher may reach `cdn` (the local stand-in for Kakao's image host)
    /// and stores photos in a fresh directory of its own, returned for the test to look into
    /// and remove.
    pub async fn spawn_with_photos(
        db: TestDb,
        cdn: &wiremock::MockServer,
        tag: &str,
    ) -> (Self, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!(
            "junggye-{tag}-{}-{}",
            std::process::id(),
            chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
        ));
        let allowed = cdn.address().to_string();
        let dir_str = dir.display().to_string();
        let app = Self::spawn_with(
            db,
            &[
                ("APP__IMAGES__ALLOWED_HOSTS", allowed.as_str()),
                ("APP__IMAGES__DIR", dir_str.as_str()),
            ],
        )
        .await;
        (app, dir)
    }

    pub fn database_url(&self) -> String {
        self.url.clone()
    }

    /// Stops this instance's background jobs as a crash or a restart would (its `Background`
    /// is dropped with the aborted run; requests already routed may still be answered).
    pub fn stop_jobs(&self) {
        self.running.abort();
    }

    /// Drops the test database (MariaDB) once the test is done with it.
    pub async fn cleanup(mut self) {
        if let Some(db) = self.db.take() {
            db.cleanup().await;
        }
    }

    /// Posts a raw body to a skill route with the right secret.
    pub async fn post_raw(&self, route: &str, body: impl Into<reqwest::Body>) -> reqwest::Response {
        self.client
            .post(format!("{}{route}", self.address))
            .header("X-Skill-Secret", SECRET)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Calls a skill as Kakao would and returns the parsed reply (asserting HTTP 200).
    pub async fn skill(&self, route: &str, payload: &Value) -> Reply {
        let response = self.post_raw(route, payload.to_string()).await;
        assert_eq!(response.status(), 200, "[{}] {route}", self.backend);
        let json: Value = response.json().await.expect("json reply");
        assert_within_kakao_limits(&json);
        Reply(json)
    }
}

/// A Kakao SkillPayload shaped like the ones Open Builder sends.
pub fn payload(user: &str, params: Value, extra: Value) -> Value {
    let detail: serde_json::Map<String, Value> = params
        .as_object()
        .map(|p| {
            p.iter()
                .map(|(k, v)| (k.clone(), json!({"origin": v, "value": v, "groupName": ""})))
                .collect()
        })
        .unwrap_or_default();
    json!({
        "intent": {"id": "intent-id", "name": "블록 이름", "extra": {"reason": {"code": 1, "message": "OK"}}},
        "userRequest": {
            "timezone": "Asia/Seoul",
            "params": {"ignoreMe": "true", "surface": "Kakaotalk.plusfriend"},
            "block": {"id": "block-id", "name": "블록 이름"},
            "utterance": "발화 내용",
            "lang": "ko",
            "user": {
                "id": user,
                "type": "botUserKey",
                "properties": {"botUserKey": user, "plusfriendUserKey": format!("pf-{user}"), "isFriend": true}
            }
        },
        "bot": {"id": BOT_ID, "name": "중계나라"},
        "action": {
            "name": "skill", "id": "skill-id",
            "params": params,
            "detailParams": detail,
            "clientExtra": extra
        },
        "contexts": []
    })
}

/// A parsed SkillResponse with accessors for assertions.
pub struct Reply(pub Value);

impl Reply {
    /// Every text a person would read in the reply, joined.
    pub fn text(&self) -> String {
        let mut out = Vec::new();
        collect_text(&self.0["template"]["outputs"], &mut out);
        out.join("\n")
    }

    /// Quick-reply labels.
    pub fn quick_replies(&self) -> Vec<String> {
        self.0["template"]["quickReplies"]
            .as_array()
            .map(|qs| {
                qs.iter()
                    .filter_map(|q| q["label"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn quick_reply(&self, label: &str) -> Value {
        self.0["template"]["quickReplies"]
            .as_array()
            .and_then(|qs| qs.iter().find(|q| q["label"] == label).cloned())
            .unwrap_or_else(|| panic!("no quick reply {label:?} in {}", self.0))
    }
}

fn collect_text(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("text" | "title" | "description", Value::String(s)) => out.push(s.clone()),
                    _ => collect_text(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_text(v, out)),
        _ => {}
    }
}

/// The limits every reply must respect (docs/kakao-protocol.md, limits), checked on the wire JSON.
pub fn assert_within_kakao_limits(reply: &Value) {
    assert_eq!(reply["version"], "2.0", "{reply}");
    let outputs = reply["template"]["outputs"].as_array().expect("outputs");
    assert!((1..=3).contains(&outputs.len()), "outputs: {reply}");
    let quick = reply["template"]["quickReplies"]
        .as_array()
        .map_or(0, Vec::len);
    assert!(quick <= 10, "quick replies: {reply}");
    for output in outputs {
        if let Some(text) = output["simpleText"]["text"].as_str() {
            let n = text.chars().count();
            assert!((1..=1000).contains(&n), "simpleText {n} chars");
        }
        if let Some(card) = output.get("textCard") {
            let n = card["description"]
                .as_str()
                .map_or(0, |d| d.chars().count());
            assert!(n <= 400, "textCard description {n} chars");
        }
    }
}

//! What every fault test needs: settings pointing at proxies, the app started the way `main`
//! starts it, a fake deal board, seeded listings, skill load with every reply recorded, and
//! polling of `/readyz`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use config::Environment;
use junggye::config::Settings;
use junggye::startup::Application;
use junggye_members::{MemberRepository, UserKey};
use junggye_mysql::{SeaMemberRepository, SeaProductRepository};
use junggye_products::images::StoredImage;
use junggye_products::{
    Category, Description, ListingDraft, Location, MemberId, NewProduct, OpenChatUrl, Price,
    ProductName, ProductRepository,
};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const SECRET: &str = "faults-skill-secret-0123456789abcdef";
const BOT_ID: &str = "5f0000000000000000000009";
/// Kakao's window is 5 s; the app promises 4.5 s. The slack covers the HTTP round trip on a
/// loaded two-core test machine.
pub const REPLY_BUDGET: Duration = Duration::from_millis(4500 + 400);
/// Every friendly fallback (deadline, unexpected error, cache unreadable) says this.
pub const TRY_AGAIN: &str = "잠시 후 다시";

/// Counts panics anywhere in this process (the app runs in it), from the moment it is called.
pub fn count_panics() -> Arc<AtomicUsize> {
    let panics = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&panics);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        counter.fetch_add(1, Ordering::SeqCst);
        previous(info);
    }));
    panics
}

/// A required service's URL; `None` (after saying why) when it is not configured and the run
/// does not require services.
pub fn service_url(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.trim().is_empty() => Some(url.trim().to_owned()),
        _ => {
            assert!(
                std::env::var("JUNGGYE_REQUIRE_SERVICES").as_deref() != Ok("1"),
                "{var} is required under scripts/test.sh (JUNGGYE_REQUIRE_SERVICES=1)"
            );
            eprintln!("skipping fault test: {var} not set");
            None
        }
    }
}

/// `host:port` of a service URL, resolved for the proxy to dial.
pub fn socket_of(url: &str) -> SocketAddr {
    let parsed = url::Url::parse(url).unwrap();
    let host = parsed.host_str().unwrap();
    let port = parsed
        .port_or_known_default()
        .unwrap_or(match parsed.scheme() {
            "mysql" => 3306,
            _ => 6379,
        });
    std::net::ToSocketAddrs::to_socket_addrs(&(host, port))
        .unwrap()
        .next()
        .unwrap()
}

/// `url` with its host and port swapped for the proxy's (and its path for `path`, if given).
pub fn via_proxy(url: &str, port: u16, path: Option<&str>) -> String {
    let mut parsed = url::Url::parse(url).unwrap();
    parsed.set_host(Some("127.0.0.1")).unwrap();
    parsed.set_port(Some(port)).unwrap();
    if let Some(path) = path {
        parsed.set_path(path);
    }
    parsed.to_string()
}

/// Settings as `main` would load them for `APP_ENV=test`, with these overrides.
pub fn settings(overrides: &[(&str, &str)]) -> Settings {
    let mut vars: HashMap<String, String> = HashMap::from([
        ("APP__SERVER__PORT".into(), "0".into()),
        ("APP__SERVER__WORKERS".into(), "2".into()),
        ("APP__KAKAO__SKILL_SECRET".into(), SECRET.into()),
        ("APP__KAKAO__BOT_IDS".into(), BOT_ID.into()),
        ("APP__KAKAO__RATE_LIMIT_PER_MIN".into(), "100000".into()),
        ("APP__LOG__FILTER".into(), "warn".into()),
        ("APP__DEALS__REQUEST_GAP_MS".into(), "5".into()),
    ]);
    for (key, value) in overrides {
        vars.insert((*key).into(), (*value).into());
    }
    let env = Environment::with_prefix("APP").source(Some(vars));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
    Settings::load_from("test", &dir, env).unwrap()
}

/// The app started as `main` starts it (connect, migrate, bind); its address.
pub async fn start_app(settings: Settings) -> String {
    let app = Application::build(settings).await.unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    address
}

fn fixture(name: &str) -> Option<String> {
    std::fs::read_to_string(format!(
        "{}/../adapters/crawler/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .ok()
}

struct Details;

impl Respond for Details {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let id = request.url.path().rsplit('/').next().unwrap_or_default();
        fixture(&format!("detail/{id}.html")).map_or_else(
            || ResponseTemplate::new(404),
            |body| ResponseTemplate::new(200).set_body_raw(body, "text/html; charset=utf-8"),
        )
    }
}

/// A deal board serving the crawler's fixture pages; the source URL to configure.
pub async fn board() -> (MockServer, String) {
    let server = MockServer::start().await;
    for page in 1..=3 {
        Mock::given(method("GET"))
            .and(path("/bbs/qb_saleinfo"))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_raw(
                fixture(&format!("list/page{page}.html")).unwrap(),
                "text/html; charset=utf-8",
            ))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path_regex(r"^/bbs/qb_saleinfo/views/\d+$"))
        .respond_with(Details)
        .mount(&server)
        .await;
    let source = format!("{}/bbs/qb_saleinfo", server.uri());
    (server, source)
}

/// Listings to read during the load: one seller, `n` bicycles; their ids.
pub async fn seed_listings(db: &DatabaseConnection, app: &str, n: usize) -> Vec<i64> {
    let client = reqwest::Client::new();
    let joined = skill(
        &client,
        app,
        "/skill/members/join",
        &payload(
            "fault-seller",
            json!({"name": "판매자", "phone": "010-1234-5678"}),
            json!({}),
        ),
    )
    .await;
    assert!(joined.1.contains("회원가입이 완료"), "{}", joined.1);
    let seller = SeaMemberRepository::new(db.clone())
        .find_by_user_key(&UserKey::parse("fault-seller").unwrap())
        .await
        .unwrap()
        .unwrap()
        .id
        .0;
    let repo = SeaProductRepository::new(db.clone());
    let mut ids = Vec::new();
    for i in 0..n {
        let created = repo
            .create(&NewProduct {
                seller: MemberId(seller),
                draft: ListingDraft {
                    name: ProductName::parse(&format!("접이식 자전거 {i}")).unwrap(),
                    price: Price::parse("15,000원").unwrap(),
                    description: Description::parse("상태 좋아요").unwrap(),
                    location: Location::parse("강남역").unwrap(),
                    open_chat_url: OpenChatUrl::parse("https://open.kakao.com/o/sAbC").unwrap(),
                    category: Category::Sports,
                },
                photos: vec![StoredImage {
                    key: "a.jpg".into(),
                    content_type: "image/jpeg".into(),
                    size: 10,
                }],
                created_at: chrono::Utc::now(),
            })
            .await
            .unwrap();
        ids.push(created.id.0);
    }
    ids
}

/// A Kakao SkillPayload as Open Builder sends it.
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
        "intent": {"id": "intent-id", "name": "블록 이름"},
        "userRequest": {
            "timezone": "Asia/Seoul",
            "params": {"surface": "Kakaotalk.plusfriend"},
            "block": {"id": "block-id", "name": "블록 이름"},
            "utterance": "발화 내용",
            "lang": "ko",
            "user": {"id": user, "type": "botUserKey", "properties": {"botUserKey": user}}
        },
        "bot": {"id": BOT_ID, "name": "중계나라"},
        "action": {"name": "skill", "id": "skill-id", "params": params, "detailParams": detail, "clientExtra": extra},
        "contexts": []
    })
}

/// One skill call: HTTP status (0 when no answer came at all), every text in the reply, and
/// the reply.
pub async fn skill(
    client: &reqwest::Client,
    app: &str,
    route: &str,
    body: &Value,
) -> (u16, String, Value) {
    let sent = client
        .post(format!("{app}{route}"))
        .header("X-Skill-Secret", SECRET)
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .timeout(Duration::from_secs(10))
        .send()
        .await;
    let Ok(response) = sent else {
        return (0, String::new(), Value::Null);
    };
    let status = response.status().as_u16();
    let reply: Value = response.json().await.unwrap_or(Value::Null);
    let mut texts = Vec::new();
    collect_text(&reply["template"]["outputs"], &mut texts);
    (status, texts.join("\n"), reply)
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

/// The skills the load drives, each with what a successful reply shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Home,
    Latest,
    Search,
    Detail,
    Deals,
    /// A write: a new member joins.
    Join,
}

impl Op {
    pub const ALL: [Self; 6] = [
        Self::Home,
        Self::Latest,
        Self::Search,
        Self::Detail,
        Self::Deals,
        Self::Join,
    ];

    /// Whether `text` is this skill's normal answer.
    pub fn succeeded(self, text: &str) -> bool {
        match self {
            Self::Home => !text.is_empty() && !text.contains(TRY_AGAIN),
            Self::Latest | Self::Search | Self::Detail => text.contains("접이식 자전거"),
            Self::Deals => text.starts_with("🔥"),
            Self::Join => text.contains("회원가입이 완료"),
        }
    }
}

/// One recorded call.
#[derive(Debug, Clone)]
pub struct Call {
    pub op: Op,
    pub user: String,
    /// When it was sent, since the load started.
    pub sent: Duration,
    pub took: Duration,
    pub status: u16,
    pub text: String,
    pub reply: Value,
}

impl Call {
    pub fn ok(&self) -> bool {
        self.status == 200 && self.op.succeeded(&self.text)
    }

    /// HTTP 200, a Kakao reply, and either the normal answer or a friendly Korean "try again".
    pub fn acceptable(&self) -> bool {
        self.status == 200
            && self.reply["version"] == "2.0"
            && self.reply["template"]["outputs"]
                .as_array()
                .is_some_and(|o| !o.is_empty())
            && (self.op.succeeded(&self.text) || self.text.contains(TRY_AGAIN))
    }
}

/// Concurrent skill load until stopped: `tasks` loops, each going round [`Op::ALL`].
pub struct Load {
    pub started: Instant,
    stop: Arc<AtomicBool>,
    calls: Arc<Mutex<Vec<Call>>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Load {
    pub fn start(app: &str, tasks: usize, products: &[i64]) -> Self {
        let started = Instant::now();
        let stop = Arc::new(AtomicBool::new(false));
        let calls = Arc::new(Mutex::new(Vec::new()));
        let client = reqwest::Client::new();
        let handles = (0..tasks)
            .map(|task| {
                let (stop, calls, client) = (stop.clone(), calls.clone(), client.clone());
                let (app, products) = (app.to_owned(), products.to_vec());
                tokio::spawn(async move {
                    let mut n = 0_usize;
                    while !stop.load(Ordering::SeqCst) {
                        let op = Op::ALL[(task + n) % Op::ALL.len()];
                        let reader = format!("fault-reader-{task}");
                        let (user, route) = match op {
                            Op::Home => (reader, "/skill/home"),
                            Op::Latest => (reader, "/skill/products/latest"),
                            Op::Search => (reader, "/skill/products/search"),
                            Op::Detail => (reader, "/skill/products/detail"),
                            Op::Deals => (reader, "/skill/deals"),
                            Op::Join => (format!("fault-joiner-{task}-{n}"), "/skill/members/join"),
                        };
                        let (params, extra) = match op {
                            Op::Search => (json!({"keyword": "자전거"}), json!({})),
                            Op::Detail => (
                                json!({}),
                                json!({"product_id": products[n % products.len()]}),
                            ),
                            Op::Join => (
                                json!({"name": format!("가입{task}x{n}"), "phone": "010-2345-6789"}),
                                json!({}),
                            ),
                            _ => (json!({}), json!({})),
                        };
                        let sent = started.elapsed();
                        let at = Instant::now();
                        let (status, text, reply) =
                            skill(&client, &app, route, &payload(&user, params, extra)).await;
                        calls.lock().unwrap().push(Call {
                            op,
                            user,
                            sent,
                            took: at.elapsed(),
                            status,
                            text,
                            reply,
                        });
                        n += 1;
                    }
                })
            })
            .collect();
        Self {
            started,
            stop,
            calls,
            tasks: handles,
        }
    }

    /// Now, on the load's clock.
    pub fn now(&self) -> Duration {
        self.started.elapsed()
    }

    /// Stops the loops (each finishes its call in flight) and returns every call.
    pub async fn stop(self) -> Vec<Call> {
        self.stop.store(true, Ordering::SeqCst);
        for task in self.tasks {
            task.await.unwrap();
        }
        self.calls.lock().unwrap().clone()
    }
}

/// `/readyz`: status (0 without an answer), the body, and how long it took.
pub async fn readyz(app: &str) -> (u16, Value, Duration) {
    let at = Instant::now();
    let res = reqwest::Client::new()
        .get(format!("{app}/readyz"))
        .timeout(Duration::from_secs(10))
        .send()
        .await;
    match res {
        Ok(res) => {
            let status = res.status().as_u16();
            (
                status,
                res.json().await.unwrap_or(Value::Null),
                at.elapsed(),
            )
        }
        Err(_) => (0, Value::Null, at.elapsed()),
    }
}

/// Polls `/readyz` until it answers `want`; how long that took. Each answer must come within
/// 1.5 s (the probe itself must never hang), and `within` bounds the wait.
pub async fn await_ready(app: &str, want: u16, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let (status, body, took) = readyz(app).await;
        assert!(
            took < Duration::from_millis(1500),
            "/readyz took {took:?} ({status} {body})"
        );
        if status == want {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < within,
            "/readyz still {status} {body} after {within:?}, want {want}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every call answered in time with a Kakao reply; the failing ones with a friendly one.
pub fn assert_all_acceptable(calls: &[Call]) {
    assert!(!calls.is_empty());
    for call in calls {
        assert!(
            call.took < REPLY_BUDGET,
            "{:?} by {} took {:?} (sent at {:?}): {}",
            call.op,
            call.user,
            call.took,
            call.sent,
            call.reply
        );
        assert!(
            call.acceptable(),
            "{:?} by {} (sent at {:?}, took {:?}): HTTP {} {}",
            call.op,
            call.user,
            call.sent,
            call.took,
            call.status,
            call.reply
        );
    }
}

/// Calls sent in `[from, to)` on the load's clock.
pub fn between(calls: &[Call], from: Duration, to: Duration) -> Vec<Call> {
    calls
        .iter()
        .filter(|c| c.sent >= from && c.sent < to)
        .cloned()
        .collect()
}

/// Calls answered before `to` on the load's clock.
pub fn answered_before(calls: &[Call], to: Duration) -> Vec<Call> {
    calls
        .iter()
        .filter(|c| c.sent + c.took < to)
        .cloned()
        .collect()
}

/// A short, readable tally per skill: ok / fallback.
pub fn tally(calls: &[Call]) -> String {
    Op::ALL
        .iter()
        .map(|op| {
            let of: Vec<_> = calls.iter().filter(|c| c.op == *op).collect();
            let ok = of.iter().filter(|c| c.ok()).count();
            let slowest = of.iter().map(|c| c.took).max().unwrap_or_default();
            format!("{op:?} {ok}/{} ok, slowest {slowest:?}", of.len())
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One outage under load, on the load's clock: what `/readyz` said during it, every call, and
/// when each phase began.
pub struct Outage {
    pub readyz_during: Value,
    pub calls: Vec<Call>,
    pub down_at: Duration,
    pub noticed: Duration,
    pub up_at: Duration,
    pub green_at: Duration,
    pub end: Duration,
}

/// With the app serving `products` and its deals warm: 16 users of load, `fault` on the proxy
/// until `/readyz` is red plus 4 s, the proxy back up until `/readyz` is green plus 3 s. Checks
/// what holds for every outage: red (503) during it, green again by itself, the app really went
/// through the proxy, every reply within the budget and acceptable, all well before the fault.
pub async fn outage_under_load(
    app: &str,
    products: &[i64],
    proxy: &crate::proxy::Proxy,
    fault: crate::proxy::Mode,
) -> Outage {
    let load = Load::start(app, 16, products);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let down_at = load.now();
    proxy.set(fault);
    let noticed = await_ready(app, 503, Duration::from_secs(5)).await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let (status, readyz_during, _) = readyz(app).await;
    assert_eq!(status, 503, "{readyz_during}");
    let up_at = load.now();
    proxy.set(crate::proxy::Mode::Up);
    let recovered = await_ready(app, 200, Duration::from_secs(8)).await;
    let green_at = load.now();
    tokio::time::sleep(Duration::from_millis(3000)).await;
    let end = load.now();
    let calls = load.stop().await;
    eprintln!(
        "{fault:?}: red after {noticed:?}, green {recovered:?} after the proxy came back; {} calls: {}",
        calls.len(),
        tally(&calls)
    );
    assert!(
        *proxy.accepted.lock().unwrap() > 0,
        "the app bypassed the proxy"
    );
    assert_all_acceptable(&calls);
    let before = answered_before(&calls, down_at);
    assert!(before.iter().all(|c| c.ok()), "healthy: {}", tally(&before));
    Outage {
        readyz_during,
        calls,
        down_at,
        noticed,
        up_at,
        green_at,
        end,
    }
}

/// After a short settling time past green, every skill works again: recovered without a
/// restart.
pub fn assert_recovered(outage: &Outage) {
    let after = between(
        &outage.calls,
        outage.green_at + Duration::from_millis(500),
        outage.end,
    );
    for op in Op::ALL {
        let of: Vec<_> = after.iter().filter(|c| c.op == op).collect();
        assert!(
            !of.is_empty() && of.iter().all(|c| c.ok()),
            "{op:?} after recovery: {}",
            tally(&after)
        );
    }
}

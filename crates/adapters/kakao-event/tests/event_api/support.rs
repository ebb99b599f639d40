#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use junggye_kakao_event::stand_in::{StandIn, StandInConfig, configure};
use junggye_kakao_event::{EventApiClient, EventApiConfig};
use junggye_notifications::{NotificationId, PushRecipient};
use serde_json::{Value, json};

pub const KEY: &str = "rest-api-key-for-tests";
pub const EVENT: &str = "notification";
pub const BOT: &str = "667e5382f2b2f84cb555091c";
pub const SKILL_SECRET: &str = "skill-secret-for-tests";

/// A running stand-in; the server stops with the test's runtime.
pub struct Kakao {
    pub stand_in: StandIn,
    pub base_url: String,
    _server: ServerHandle,
}

impl Kakao {
    pub fn start(config: StandInConfig) -> Self {
        let stand_in = StandIn::new(config);
        let (base_url, server) = stand_in.start().unwrap();
        Self {
            stand_in,
            base_url,
            _server: server,
        }
    }

    /// Any bot, no skill.
    pub fn plain() -> Self {
        Self::start(StandInConfig::new(KEY, EVENT))
    }

    pub fn client(&self) -> EventApiClient {
        self.client_as(BOT, KEY, Duration::from_secs(5))
    }

    pub fn client_as(&self, bot_id: &str, key: &str, timeout: Duration) -> EventApiClient {
        client(&self.base_url, bot_id, key, timeout)
    }
}

pub fn client(base_url: &str, bot_id: &str, key: &str, timeout: Duration) -> EventApiClient {
    EventApiClient::new(&EventApiConfig {
        base_url: base_url.to_owned(),
        bot_id: bot_id.to_owned(),
        rest_api_key: key.into(),
        timeout,
    })
    .unwrap()
}

/// One recipient per key, notifications numbered from 1.
pub fn recipients(keys: &[&str]) -> Vec<PushRecipient> {
    (1..)
        .zip(keys)
        .map(|(id, key)| PushRecipient {
            user_key: (*key).to_owned(),
            notification: NotificationId(id),
        })
        .collect()
}

pub fn keys(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| (*k).to_owned()).collect()
}

/// `stand_in` mounted with `configure` under `prefix` of an app of its own, as the playground
/// would; returns the app's base URL.
pub fn serve_in_scope(stand_in: StandIn, prefix: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = HttpServer::new(move || {
        let stand_in = stand_in.clone();
        App::new().service(web::scope(prefix).configure(move |cfg| configure(cfg, stand_in)))
    })
    .listen(listener)
    .unwrap()
    .workers(1)
    .disable_signals()
    .run();
    tokio::spawn(server);
    url
}

/// An event block's skill: refuses calls without [`SKILL_SECRET`], answers HTTP 500 for the
/// user `broken`, an empty reply for `quiet`, and otherwise a simpleText naming the
/// notification id and bot id it was given. Returns its URL.
pub fn skill_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://{}/skill/events/notification",
        listener.local_addr().unwrap()
    );
    let server =
        HttpServer::new(|| App::new().route("/skill/events/notification", web::post().to(skill)))
            .listen(listener)
            .unwrap()
            .workers(1)
            .disable_signals()
            .run();
    tokio::spawn(server);
    url
}

async fn skill(req: HttpRequest, payload: web::Json<Value>) -> HttpResponse {
    let secret = req.headers().get("X-Skill-Secret").map(|v| v.as_bytes());
    if secret != Some(SKILL_SECRET.as_bytes()) {
        return HttpResponse::Unauthorized().finish();
    }
    let user = &payload["userRequest"]["user"];
    match user["id"].as_str().unwrap_or_default() {
        "broken" => HttpResponse::InternalServerError().finish(),
        "quiet" => {
            HttpResponse::Ok().json(json!({ "version": "2.0", "template": { "outputs": [] } }))
        }
        _ => {
            let text = format!(
                "알림 {} to {}",
                user["properties"]["notification_id"]
                    .as_str()
                    .unwrap_or("?"),
                payload["bot"]["id"].as_str().unwrap_or("?"),
            );
            HttpResponse::Ok().json(json!({
                "version": "2.0",
                "template": { "outputs": [ { "simpleText": { "text": text } } ] },
            }))
        }
    }
}

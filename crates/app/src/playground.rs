//! The chat playground (`playground.enabled`): a page that plays Open Builder in a browser,
//! the scenario it reads, a forwarder to the skills and a small photo upload area.
//!
//! Nothing here is mounted while the playground is disabled, so every route answers 404.

mod uploads;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{StatusCode, Uri};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use junggye_kakao_skill::Blocks;
use junggye_products::images::MAX_PHOTO_BYTES;
use serde_json::json;
use url::Url;

use crate::config::{Settings, non_empty};
use uploads::Uploads;

const PAGE: &str = include_str!("playground/index.html");
/// Inline script and style only, no other origin; images may come from any CDN the bot links.
const PAGE_CSP: &str = "default-src 'none'; script-src 'unsafe-inline'; \
    style-src 'unsafe-inline'; img-src * data: blob:; connect-src 'self'; base-uri 'none'; \
    form-action 'none'; frame-ancestors 'none'";
const FORWARD_PREFIX: &str = "/playground/skill/";

/// What the playground routes share.
pub struct Playground {
    /// The skill secret the forwarder adds, so the page never needs to know it.
    secret: Option<HeaderValue>,
    /// `GET /playground/scenario.json`, rendered once.
    scenario: serde_json::Value,
    uploads: Uploads,
}

impl Playground {
    /// The playground state when enabled, `None` otherwise.
    ///
    /// # Errors
    /// A skill secret that cannot be sent as a header.
    pub fn build(settings: &Settings, blocks: &Blocks) -> anyhow::Result<Option<Self>> {
        if !settings.playground.enabled {
            return Ok(None);
        }
        let secret = non_empty(&settings.kakao.skill_secret)
            .map(|s| HeaderValue::from_str(&s))
            .transpose()?;
        let blocks: Vec<_> = blocks
            .specs()
            .iter()
            .map(|(name, spec)| {
                json!({
                    "name": name,
                    "id": spec.id.as_deref().unwrap_or(name),
                    "route": spec.route,
                    "description": spec.description,
                    "utterances": spec.utterances,
                    "slots": spec.slots,
                })
            })
            .collect();
        // bot.id is no secret: Kakao sends it in every payload; the page needs an allowed one.
        let bot_id = settings
            .kakao
            .bot_ids
            .first()
            .cloned()
            .unwrap_or_else(|| "playground".into());
        Ok(Some(Self {
            secret,
            scenario: json!({ "bot_id": bot_id, "blocks": blocks }),
            uploads: Uploads::default(),
        }))
    }
}

/// Hosts the photo fetcher must accept while the playground is on (docs/contract.md): the public
/// address and the bound port on loopback, where the page's uploads are served.
#[must_use]
pub fn own_hosts(settings: &Settings, port: u16) -> Vec<String> {
    if !settings.playground.enabled {
        return Vec::new();
    }
    let mut hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    let host = settings.server.host.as_str();
    if !matches!(host, "0.0.0.0" | "::" | "127.0.0.1" | "localhost") {
        hosts.push(format!("{host}:{port}"));
    }
    if let Ok(url) = Url::parse(&settings.public_base_url)
        && let Some(host) = url.host_str()
    {
        hosts.push(match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        });
    }
    hosts
}

/// Mounts the playground routes when `state` is present.
pub fn configure(cfg: &mut web::ServiceConfig, state: Option<web::Data<Playground>>) {
    let Some(state) = state else { return };
    // App-wide, not on the scope: the forwarder reads it before routing.
    cfg.app_data(state);
    cfg.service(
        web::scope("/playground")
            .app_data(web::PayloadConfig::new(MAX_PHOTO_BYTES))
            .route("", web::get().to(page))
            .route("/", web::get().to(page))
            .route("/scenario.json", web::get().to(scenario))
            .route("/upload", web::post().to(upload))
            .route("/files/{name}", web::get().to(file)),
    );
}

/// Rewrites `POST /playground/skill/{tail}` to `/skill/{tail}` with the configured secret before
/// routing, so the call passes every other skill check and lands in the skill log like any other.
/// Does nothing unless the playground state is registered on the app.
///
/// # Errors
/// Those of the wrapped service.
pub async fn forward(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let enabled = req.app_data::<web::Data<Playground>>().cloned();
    if let Some(playground) = enabled
        // JSON only: another site's page can only send JSON after a CORS preflight, which we
        // never answer, so it cannot drive the skills through a visitor's browser.
        && has_content_type(req.headers(), "application/json")
        && let Some(tail) = req.path().strip_prefix(FORWARD_PREFIX)
        // Route characters only: no `..`, no query, nothing outside `/skill`.
        && !tail.is_empty()
        && !tail.contains("..")
        && tail.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_/".contains(&b))
        && let Ok(uri) = format!("/skill/{tail}").parse::<Uri>()
    {
        req.match_info_mut().get_mut().update(&uri);
        req.head_mut().uri = uri;
        let name = HeaderName::from_static("x-skill-secret");
        match &playground.secret {
            Some(secret) => {
                req.headers_mut().insert(name, secret.clone());
            }
            None => {
                req.headers_mut().remove(name);
            }
        }
    }
    next.call(req).await
}

async fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, PAGE_CSP))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(PAGE)
}

async fn scenario(state: web::Data<Playground>) -> HttpResponse {
    HttpResponse::Ok().json(&state.scenario)
}

/// `POST /playground/upload`: the raw photo as the body (the page sends the `File` as is).
async fn upload(req: HttpRequest, body: web::Bytes, state: web::Data<Playground>) -> HttpResponse {
    // As for the forwarder: `image/*` needs a CORS preflight, so other sites cannot upload.
    if !has_content_type(req.headers(), "image/") {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the photo as the body with its image/* content type",
        );
    }
    let Some(name) = state.uploads.put(body) else {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "only JPEG, PNG, WebP and GIF photos are accepted",
        );
    };
    // The address the browser used: the fetcher reaches the app the same way (own_hosts).
    let info = req.connection_info();
    let url = format!(
        "{}://{}/playground/files/{name}",
        info.scheme(),
        info.host()
    );
    HttpResponse::Created().json(json!({ "name": name, "url": url }))
}

async fn file(name: web::Path<String>, state: web::Data<Playground>) -> HttpResponse {
    match state.uploads.get(&name) {
        Some(upload) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, upload.kind.content_type()))
            .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .insert_header((header::CACHE_CONTROL, "private, max-age=3600"))
            .body(upload.bytes),
        None => error(StatusCode::NOT_FOUND, "not_found", "no such file"),
    }
}

/// Whether the request's content type starts with `prefix` (case-insensitive).
fn has_content_type(headers: &header::HeaderMap, prefix: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with(prefix))
}

fn error(status: StatusCode, code: &str, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({ "error": code, "message": message }))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use config::Environment;

    use super::*;

    fn settings(vars: &[(&str, &str)]) -> Settings {
        let source: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let env = Environment::with_prefix("APP").source(Some(source));
        match Settings::load_from("test", std::path::Path::new("/nonexistent"), env) {
            Ok(settings) => settings,
            Err(error) => panic!("{error:?}"),
        }
    }

    #[test]
    fn own_address_is_a_photo_host_only_while_enabled() {
        let on = settings(&[("APP__PUBLIC_BASE_URL", "https://bot.example.com")]);
        assert_eq!(
            own_hosts(&on, 41234),
            vec!["127.0.0.1:41234", "localhost:41234", "bot.example.com"]
        );
        let lan = settings(&[
            ("APP__SERVER__HOST", "192.168.0.7"),
            ("APP__PUBLIC_BASE_URL", "http://192.168.0.7:8080"),
        ]);
        assert!(own_hosts(&lan, 8080).contains(&"192.168.0.7:8080".to_owned()));
        let off = settings(&[("APP__PLAYGROUND__ENABLED", "false")]);
        assert!(own_hosts(&off, 8080).is_empty());
    }
}

//! Notifications wiring: the push gateway chosen by `notify.backend`, the notification service
//! shared by the skills, the admin API and the orders, and the dispatcher job.

use std::sync::Arc;
use std::time::Duration;

use actix_web::{HttpResponse, web};
use anyhow::{Context as _, bail};
use async_trait::async_trait;
use junggye_domain_common::{Clock, SystemClock};
use junggye_kakao_event::stand_in::{self, SkillHook, StandIn, StandInConfig};
use junggye_kakao_event::{EventApiClient, EventApiConfig};
use junggye_mysql::SeaNotificationRepository;
use junggye_notifications::{
    NotificationConfig, NotificationService, PushError, PushGateway, PushRecipient, QuietHours,
    RecipientResult, TaskId,
};
use rand::RngCore as _;
use sea_orm::DatabaseConnection;
use secrecy::SecretString;
use serde::Deserialize;

use crate::background::{Background, Job};
use crate::config::{Settings, non_empty};

/// Where the stand-in Event API is mounted (`notify.backend = "stand-in"`).
pub const STAND_IN_PREFIX: &str = "/playground/kakao-event";

pub struct Notifications {
    pub service: Arc<NotificationService>,
    /// The stand-in, when it is the push backend: mounted at [`STAND_IN_PREFIX`], its
    /// mailboxes read by the playground.
    pub stand_in: Option<StandIn>,
    dispatch_every: Duration,
}

/// `notify.backend = "inbox"`: nothing is queued for push, so nothing reaches this.
struct NoPush;

#[async_trait]
impl PushGateway for NoPush {
    async fn send(&self, _: &str, _: &[PushRecipient]) -> Result<TaskId, PushError> {
        Err(PushError::NotSent(anyhow::anyhow!(
            "notify.backend is \"inbox\""
        )))
    }

    async fn task(
        &self,
        _: &TaskId,
        _: &[String],
    ) -> Result<Vec<(String, RecipientResult)>, PushError> {
        Err(PushError::NotSent(anyhow::anyhow!(
            "notify.backend is \"inbox\""
        )))
    }
}

impl Notifications {
    /// `port`: the app's own, where the stand-in calls the event block's skill back.
    ///
    /// # Errors
    /// An unknown backend, the stand-in in production, `kakao` without its bot id or key, or
    /// bad quiet hours.
    pub fn build(settings: &Settings, db: &DatabaseConnection, port: u16) -> anyhow::Result<Self> {
        let notify = &settings.notify;
        let kakao = &settings.kakao;
        let event_name = kakao.event_name.trim().to_owned();
        let (gateway, stand_in, push): (Arc<dyn PushGateway>, _, _) = match notify.backend.as_str()
        {
            "inbox" => (Arc::new(NoPush), None, false),
            "kakao" => {
                let Some(key) = non_empty(&kakao.rest_api_key) else {
                    bail!("notify.backend = \"kakao\" needs kakao.rest_api_key");
                };
                if kakao.event_bot_id.trim().is_empty() {
                    bail!("notify.backend = \"kakao\" needs kakao.event_bot_id");
                }
                let client = EventApiClient::new(&EventApiConfig {
                    base_url: kakao.event_api_base.clone(),
                    bot_id: kakao.event_bot_id.trim().to_owned(),
                    rest_api_key: SecretString::from(key),
                    timeout: EventApiConfig::DEFAULT_TIMEOUT,
                })
                .context("kakao.event_api_base")?;
                (Arc::new(client), None, true)
            }
            "stand-in" => {
                if settings.is_production() {
                    bail!("notify.backend = \"stand-in\" is for development, not production");
                }
                let (client, stand_in) = stand_in_gateway(settings, port, &event_name)?;
                tracing::warn!(
                    "notify.backend = \"stand-in\": pushes go to a local Event API, not to Kakao"
                );
                (Arc::new(client), Some(stand_in), true)
            }
            other => {
                bail!("notify.backend must be \"inbox\", \"kakao\" or \"stand-in\", not {other:?}")
            }
        };
        let quiet_hours = QuietHours::parse(&notify.quiet_hours)
            .map_err(|e| anyhow::anyhow!("notify.quiet_hours: {e}"))?;
        let config = NotificationConfig {
            push,
            quiet_hours,
            daily_push_cap: notify.daily_push_cap,
            event_name,
            keyword_fold_window: chrono::Duration::minutes(i64::from(
                settings.alerts.min_interval_mins,
            )),
            ..NotificationConfig::default()
        };
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        Ok(Self {
            service: Arc::new(NotificationService::new(
                Arc::new(SeaNotificationRepository::new(db.clone())),
                gateway,
                clock,
                config,
            )),
            stand_in,
            dispatch_every: Duration::from_millis(notify.dispatch_interval_ms.max(100)),
        })
    }

    /// Starts the dispatcher: decides what the outboxes wrote, sends what is due, reads task
    /// results. Several instances may run it at once (claims are leased).
    pub fn start_dispatcher(&self, background: &mut Background) {
        let service = Arc::clone(&self.service);
        background.every(
            Job {
                kind: "notification job",
                name: "push dispatcher",
            },
            self.dispatch_every,
            move || {
                let service = Arc::clone(&service);
                async move {
                    let report = service.dispatch_due(chrono::Utc::now()).await?;
                    if report.calls > 0 || report.given_up > 0 {
                        tracing::info!(?report, "pushes dispatched");
                    }
                    Ok::<(), junggye_notifications::NotificationError>(())
                }
            },
        );
    }
}

/// A stand-in mounted in this app, and a client pointed at it. Its key is random: it only
/// has to match between the two.
fn stand_in_gateway(
    settings: &Settings,
    port: u16,
    event_name: &str,
) -> anyhow::Result<(EventApiClient, StandIn)> {
    let mut bytes = [0_u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let own = format!("http://127.0.0.1:{port}");
    let mut hook = SkillHook::new(format!("{own}/skill/events/notification"));
    hook.secret_header =
        non_empty(&settings.kakao.skill_secret).map(|s| ("X-Skill-Secret".to_owned(), s));
    let mut config = StandInConfig::new(key.clone(), event_name);
    config.skill = Some(hook);
    let bot_id = settings
        .kakao
        .bot_ids
        .first()
        .cloned()
        .unwrap_or_else(|| "playground".into());
    let client = EventApiClient::new(&EventApiConfig {
        base_url: format!("{own}{STAND_IN_PREFIX}"),
        bot_id,
        rest_api_key: SecretString::from(key),
        timeout: EventApiConfig::DEFAULT_TIMEOUT,
    })?;
    Ok((client, StandIn::new(config)))
}

/// Mounts the stand-in and the playground's push mailbox, when the stand-in is the backend.
pub fn configure(cfg: &mut web::ServiceConfig, stand_in: Option<StandIn>) {
    let Some(stand_in) = stand_in else {
        return;
    };
    let mailbox = web::Data::new(stand_in.clone());
    cfg.service(web::scope(STAND_IN_PREFIX).configure(move |c| stand_in::configure(c, stand_in)))
        .service(
            web::resource("/playground/pushes")
                .app_data(mailbox)
                .route(web::get().to(pushes)),
        );
}

#[derive(Deserialize)]
struct PushQuery {
    user: String,
}

/// `GET /playground/pushes?user=KEY`: the bot messages pushed to that user since the last
/// call (the event block's replies), for the playground to show as they arrive.
async fn pushes(query: web::Query<PushQuery>, stand_in: web::Data<StandIn>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(stand_in.mailbox_drain(query.user.trim()))
}

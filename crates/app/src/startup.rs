//! Builds every adapter from settings and wires them into one actix-web server.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpResponse, HttpServer, web};
use anyhow::Context;
use junggye_kakao_skill::{Blocks, SkillConfig, SkillLogQueue, SkillState};
use junggye_mysql::{SeaJobTurns, SeaSkillLogRepository, SqliteReads};
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;

use crate::background::Background;
use crate::config::{EMBEDDED_SCENARIO, Settings, non_empty};
use crate::deals::Deals;
use crate::health::{self, Readiness};
use crate::metrics::{self, Metrics};
use crate::services::Services;

/// How long shutdown waits, in all, for the background jobs once requests have drained.
const BACKGROUND_JOIN_TIMEOUT: Duration = Duration::from_secs(5);

/// A built, bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    background: Background,
}

impl Application {
    /// Connects to the database, applies migrations and binds the listener.
    ///
    /// # Errors
    /// Configuration, database or bind failures, with context.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        tracing::info!(
            environment = %settings.environment,
            database = %settings.database_url_for_logs(),
            "starting junggye"
        );
        let db = junggye_mysql::connect(settings.database.url.expose_secret())
            .await
            .context("connecting to the database")?;
        junggye_mysql::migrate(&db)
            .await
            .context("applying database migrations")?;
        Self::build_with_db(settings, db)
    }

    /// Wires the app on an already migrated database: `db` must be a pool on
    /// `settings.database.url` (the SQLite read model opens that file itself).
    ///
    /// # Errors
    /// Scenario or bind failures.
    pub fn build_with_db(settings: Settings, db: DatabaseConnection) -> anyhow::Result<Self> {
        let blocks = load_scenario(&settings)?;
        // Bound first: while the playground is enabled its own port is an allowed photo host.
        let listener = TcpListener::bind((settings.server.host.as_str(), settings.server.port))
            .with_context(|| {
                format!("binding {}:{}", settings.server.host, settings.server.port)
            })?;
        let port = listener.local_addr()?.port();
        let playground =
            crate::playground::Playground::build(&settings, &blocks)?.map(web::Data::new);
        let notifications = crate::notifications::Notifications::build(&settings, &db, port)?;
        let services = Services::build(
            &db,
            SqliteReads::for_url(settings.database.url.expose_secret()),
            Arc::clone(&notifications.service),
            &settings.alerts,
            &settings.reports,
            &settings.products,
        );
        let deals = Deals::build(&settings, services.alerts.notifier.clone())?;
        let images = crate::images::Images::build(
            &settings,
            &db,
            &crate::playground::own_hosts(&settings, port),
        )?;
        let image_serving = web::Data::new(crate::images::ImageServing(Arc::clone(&images.store)));
        let orders = crate::orders::Orders::build(&settings, &db)?;
        let pay_state = web::Data::new(orders.pay_state(&settings, Arc::clone(&services.members)));
        let dev_gateway = orders.dev.clone().map(web::Data::from);
        let mut skill_state = SkillState::new(
            services.skill(&images, &orders, &deals, &notifications),
            blocks,
            SkillConfig {
                skill_secret: non_empty(&settings.kakao.skill_secret),
                bot_ids: settings.kakao.bot_ids.clone(),
                rate_limit_per_min: settings.kakao.rate_limit_per_min,
                deadline: Duration::from_millis(settings.kakao.deadline_ms),
                ..SkillConfig::default()
            },
        );
        if let Some(redis) = &deals.redis {
            skill_state = skill_state.with_shared_call_budget(Arc::new(
                crate::call_budget::RedisSkillBudget::new(redis.clone()),
            ));
        }
        let skill_state = web::Data::new(skill_state);
        if skill_state.config.skill_secret.is_none() {
            tracing::warn!("kakao.skill_secret is empty: skill calls are not authenticated");
        }

        let metrics = Metrics::new();
        metrics.read_pushes_from(Arc::clone(&notifications.service));
        let skill_logs = Arc::new(SeaSkillLogRepository::new(db.clone()));
        let (log_queue, log_writer) = SkillLogQueue::new(
            settings.skill_log.queue_capacity,
            settings.skill_log.queue_max_bytes,
            skill_logs.clone(),
            metrics.skill_logs_dropped.clone(),
        );
        let log_writer = log_writer.with_max_bytes_per_sec(settings.skill_log.max_bytes_per_sec);
        // Every instance on this database ticks; each periodic run happens on one of them.
        let instance = format!("{}-{:08x}", std::process::id(), rand::random::<u32>());
        tracing::info!(%instance, "this instance's name in job_turns");
        let mut background = Background::shared(Arc::new(SeaJobTurns::new(db.clone())), &instance);
        // Not stopped by the token: it must still write the logs of the requests drained after
        // shutdown begins. It ends once the server drops the last queue handle.
        background.spawn("skill log writer", |_| log_writer.run());
        deals.start_refresher(&mut background);
        orders.start_jobs(&mut background);
        notifications.start_dispatcher(&mut background);
        images.start_cleanup(&mut background);
        crate::skill_log_retention::start(
            &mut background,
            skill_logs,
            settings.skill_log.retention_days,
        );
        crate::listing_care::start(
            &mut background,
            Arc::new(junggye_mysql::SeaProductRepository::new(db.clone())),
            settings.products.stale_days,
        );
        let metrics = web::Data::new(metrics);
        let log_queue = web::Data::new(log_queue);
        let admin = crate::admin::state(
            &settings,
            services.admin(&db, &images, &orders, &notifications),
        )?;
        let stand_in = notifications.stand_in.clone();
        let readiness = web::Data::new(Readiness {
            db,
            deals: Arc::new(deals),
        });

        let mut server = HttpServer::new(move || {
            App::new()
                .wrap(from_fn(crate::playground::forward))
                .wrap(from_fn(metrics::track))
                .app_data(metrics.clone())
                .app_data(readiness.clone())
                .app_data(log_queue.clone())
                .route("/healthz", web::get().to(health::healthz))
                .route("/readyz", web::get().to(health::readyz))
                .route("/metrics", web::get().to(metrics::render))
                .app_data(image_serving.clone())
                .route("/images/{key}", web::get().to(crate::images::serve))
                .configure(|cfg| junggye_kakao_skill::configure(cfg, skill_state.clone()))
                .configure(|cfg| {
                    crate::orders::configure(cfg, pay_state.clone(), dev_gateway.clone());
                })
                .configure(|cfg| junggye_admin_http::configure(cfg, admin.clone()))
                // Before the playground's scope, which would answer 404 for these paths.
                .configure(|cfg| crate::notifications::configure(cfg, stand_in.clone()))
                .configure(|cfg| crate::playground::configure(cfg, playground.clone()))
                .default_service(web::to(not_found))
        })
        .listen(listener)?
        .shutdown_timeout(settings.server.shutdown_timeout_secs)
        // `run_until_stopped` handles SIGTERM/SIGINT: background loops stop when shutdown
        // begins, not only once every request has drained.
        .disable_signals();
        if settings.server.workers > 0 {
            server = server.workers(settings.server.workers);
        }
        tracing::info!(port, "listening");
        Ok(Self {
            port,
            server: server.run(),
            background,
        })
    }

    /// The bound port (useful with port 0).
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM/SIGINT, drains in-flight requests, then flushes background work.
    ///
    /// # Errors
    /// Server I/O errors.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let handle = self.server.handle();
        let server = self.server;
        let background = self.background;
        tokio::pin!(server);
        tokio::select! {
            served = &mut server => {
                background.stop();
                served?;
            }
            () = shutdown_signal() => {
                tracing::info!("shutdown signal: stopping background work, draining requests");
                // No crawl or job run starts once shutdown has begun; in-flight requests are
                // still answered (up to `server.shutdown_timeout_secs`).
                background.stop();
                // The server future carries out the stop, so it is polled alongside.
                let ((), served) = tokio::join!(handle.stop(true), &mut server);
                served?;
            }
        }
        background.join(BACKGROUND_JOIN_TIMEOUT).await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Resolves on SIGTERM or SIGINT (Ctrl-C); never when no handler can be installed.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

fn load_scenario(settings: &Settings) -> anyhow::Result<Blocks> {
    let path = &settings.kakao.scenario_path;
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            tracing::info!(path = %path.display(), "scenario file not found; using the built-in one");
            EMBEDDED_SCENARIO.to_owned()
        }
        Err(error) => {
            return Err(error).with_context(|| format!("reading {}", path.display()));
        }
    };
    Blocks::from_toml(&text).with_context(|| format!("scenario {}", path.display()))
}

async fn not_found() -> HttpResponse {
    HttpResponse::NotFound().json(serde_json::json!({
        "error": "not_found",
        "message": "no such route",
    }))
}

//! Orders wiring: the payment gateway chosen by `kakaopay.backend`, the order service, pay
//! links, the dev gateway's stand-in page, price offers, and the order jobs (escrow timers,
//! payment reconciliation, offer expiry).

use std::sync::Arc;
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use anyhow::{Context as _, bail};
use junggye_domain_common::SystemClock;
use junggye_kakao_skill::pay::{self, PageLink, PayLinks, PayState};
use junggye_kakaopay::{DevGateway, KakaoPayConfig, KakaoPayGateway};
use junggye_members::MemberService;
use junggye_mysql::{
    SeaBlockRepository, SeaListingGateway, SeaOfferRepository, SeaOrderRepository,
};
use junggye_orders::{
    GatewayPaymentState, OfferConfig, OfferService, OrderConfig, OrderService, PaymentGateway,
    RandomOrderNumbers,
};
use rand::RngCore as _;
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;

use crate::background::{Background, Job};
use crate::config::Settings;

/// Orders, built from settings.
pub struct Orders {
    /// Order use cases (skills, pay routes, jobs).
    pub service: Arc<OrderService>,
    /// Price offers (skills, admin, the expiry job).
    pub offers: Arc<OfferService>,
    pub links: Arc<PayLinks>,
    /// The dev gateway, when it is the one in use: its page is served at `/pay/dev/{tid}`.
    pub dev: Option<Arc<DevGateway>>,
    timer_every: Duration,
    reconcile_every: Duration,
}

impl Orders {
    /// Builds the gateway named by `kakaopay.backend` and the order service over `db`.
    ///
    /// # Errors
    /// An unknown backend, the dev gateway in production, or a Kakao Pay client that cannot
    /// be built.
    pub fn build(settings: &Settings, db: &DatabaseConnection) -> anyhow::Result<Self> {
        let base = settings.public_base_url.trim_end_matches('/').to_owned();
        let (gateway, dev): (Arc<dyn PaymentGateway>, _) = match settings.kakaopay.backend.as_str()
        {
            "dev" => {
                let dev = Arc::new(
                    DevGateway::new(format!("{base}/pay/dev"), settings.is_production())
                        .context("kakaopay.backend")?,
                );
                tracing::warn!(
                    "kakaopay.backend = \"dev\": payments are simulated, no money moves"
                );
                (dev.clone(), Some(dev))
            }
            "kakaopay" => {
                let gateway = KakaoPayGateway::new(KakaoPayConfig {
                    api_base: settings.kakaopay.api_base.clone(),
                    secret_key: settings.kakaopay.secret_key.expose_secret().to_owned(),
                    cid: settings.kakaopay.cid.clone(),
                    timeout: KakaoPayConfig::DEFAULT_TIMEOUT,
                })?;
                (Arc::new(gateway), None)
            }
            other => bail!("kakaopay.backend must be \"dev\" or \"kakaopay\", not {other:?}"),
        };
        let mut config = OrderConfig::new(base.clone());
        config.auto_confirm_after = chrono::Duration::days(settings.orders.auto_confirm_days);
        config.auto_cancel_after = chrono::Duration::days(settings.orders.auto_cancel_days);
        if !(0.0..=1.0).contains(&settings.offers.min_ratio) || settings.offers.ttl_hours < 1 {
            bail!("offers.min_ratio must be within 0..=1 and offers.ttl_hours at least 1");
        }
        let offers = OfferService::new(
            Arc::new(SeaOfferRepository::new(db.clone())),
            Arc::new(SeaListingGateway::new(db.clone())),
            Arc::new(SystemClock),
            OfferConfig {
                min_ratio: settings.offers.min_ratio,
                ttl: chrono::Duration::hours(settings.offers.ttl_hours),
                ..OfferConfig::default()
            },
        )
        .with_blocks(Arc::new(SeaBlockRepository::new(db.clone())));
        let service = OrderService::new(
            Arc::new(SeaOrderRepository::new(db.clone())),
            Arc::new(SeaListingGateway::new(db.clone())),
            gateway,
            Arc::new(SystemClock),
            Arc::new(RandomOrderNumbers),
            config,
        )
        .with_blocks(Arc::new(SeaBlockRepository::new(db.clone())));
        let links = PayLinks::new(
            &base,
            &link_secret(settings)?,
            Duration::from_secs(settings.kakaopay.link_ttl_secs),
        );
        Ok(Self {
            service: Arc::new(service),
            offers: Arc::new(offers),
            links: Arc::new(links),
            dev,
            timer_every: Duration::from_secs(settings.orders.timer_interval_secs.max(1)),
            reconcile_every: Duration::from_secs(settings.orders.reconcile_interval_secs.max(1)),
        })
    }

    #[must_use]
    pub fn pay_state(&self, settings: &Settings, members: Arc<MemberService>) -> PayState {
        PayState {
            orders: Arc::clone(&self.service),
            members,
            links: Arc::clone(&self.links),
            channel_url: settings.kakao.channel_url.clone(),
            runtime: tokio::runtime::Handle::try_current().ok(),
        }
    }

    /// Starts the escrow timers, the payment reconciliation and the offer expiry among
    /// `background`'s jobs.
    pub fn start_jobs(&self, background: &mut Background) {
        let timers = Arc::clone(&self.service);
        background.every(
            Job {
                kind: "order job",
                name: "escrow timers",
            },
            self.timer_every,
            move || {
                let service = Arc::clone(&timers);
                async move { service.run_escrow_timers().await.map(|_| ()) }
            },
        );
        let reconcile = Arc::clone(&self.service);
        background.every(
            Job {
                kind: "order job",
                name: "payment reconciliation",
            },
            self.reconcile_every,
            move || {
                let service = Arc::clone(&reconcile);
                async move {
                    let report = service.reconcile_payments().await?;
                    if report != junggye_orders::ReconcileReport::default() {
                        tracing::info!(?report, "payments reconciled");
                    }
                    Ok::<(), junggye_orders::OrderError>(())
                }
            },
        );
        // Every instance runs it: each expiry is a compare-and-set, so one of them makes it.
        let offers = Arc::clone(&self.offers);
        background.every(
            Job {
                kind: "order job",
                name: "offer expiry",
            },
            self.timer_every,
            move || {
                let offers = Arc::clone(&offers);
                async move { offers.expire_due().await.map(|_| ()) }
            },
        );
    }
}

/// Shortest accepted `kakaopay.link_secret`: an HMAC-SHA256 key as long as its hash.
const MIN_LINK_SECRET_BYTES: usize = 32;

/// The pay-link key: `kakaopay.link_secret`, else one derived from `admin.jwt_secret` (a
/// different key, so an admin token can never verify as a pay link or the reverse), else a
/// random one (links then die with the process; production always has a JWT secret).
fn link_secret(settings: &Settings) -> anyhow::Result<Vec<u8>> {
    let own = settings.kakaopay.link_secret.expose_secret().trim();
    if !own.is_empty() {
        if own.len() < MIN_LINK_SECRET_BYTES {
            bail!("kakaopay.link_secret must be at least {MIN_LINK_SECRET_BYTES} bytes");
        }
        return Ok(own.as_bytes().to_vec());
    }
    let jwt = settings.admin.jwt_secret.expose_secret().trim();
    if !jwt.is_empty() {
        return Ok(format!("junggye-pay-link\u{0}{jwt}").into_bytes());
    }
    if settings.is_production() {
        bail!("pay links need kakaopay.link_secret or admin.jwt_secret in production");
    }
    tracing::warn!("no kakaopay.link_secret nor admin.jwt_secret: pay links use a random key");
    let mut random = vec![0_u8; 32];
    rand::rng().fill_bytes(&mut random);
    Ok(random)
}

/// Mounts `/pay/...`: the pay routes, and the dev gateway's page when it is in use.
pub fn configure(
    cfg: &mut web::ServiceConfig,
    state: web::Data<PayState>,
    dev: Option<web::Data<DevGateway>>,
) {
    if let Some(dev) = dev {
        cfg.app_data(dev)
            .route("/pay/dev/{tid}", web::get().to(dev_page));
    }
    pay::configure(cfg, state);
}

/// `GET /pay/dev/{tid}`: the dev gateway's stand-in for Kakao Pay's payment page.
async fn dev_page(tid: web::Path<String>, dev: web::Data<DevGateway>) -> HttpResponse {
    const BANNER: &str = "테스트 결제 — 실제 결제가 아닙니다";
    let Some(session) = dev.session(&tid) else {
        return pay::respond(
            StatusCode::NOT_FOUND,
            pay::render(
                "결제를 찾을 수 없습니다",
                "만료되었거나 없는 결제입니다.",
                &[],
                Some(BANNER),
            ),
        );
    };
    let amount = session.amount.0;
    let (message, links) = match session.state {
        GatewayPaymentState::InProgress => (
            format!("{}\n{amount}원 (테스트)", session.item_name),
            vec![
                PageLink {
                    label: "결제하기 (테스트)".into(),
                    href: format!("{}?pg_token=dev", session.approval_url),
                },
                PageLink {
                    label: "결제 취소".into(),
                    href: session.cancel_url.clone(),
                },
                PageLink {
                    label: "결제 실패 시험".into(),
                    href: session.fail_url.clone(),
                },
            ],
        ),
        GatewayPaymentState::Paid => ("결제 상태: 승인됨".to_owned(), Vec::new()),
        GatewayPaymentState::Cancelled => ("결제 상태: 취소(환불)됨".to_owned(), Vec::new()),
        _ => ("결제 상태: 종료됨".to_owned(), Vec::new()),
    };
    pay::respond(
        StatusCode::OK,
        pay::render("카카오페이 결제 (테스트)", &message, &links, Some(BANNER)),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use config::Environment;

    use super::*;

    fn settings(environment: &str, vars: &[(&str, &str)]) -> Settings {
        let source: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let env = Environment::with_prefix("APP").source(Some(source));
        match Settings::load_from(environment, std::path::Path::new("/nonexistent"), env) {
            Ok(settings) => settings,
            Err(error) => panic!("{error:?}"),
        }
    }

    async fn db() -> DatabaseConnection {
        match sea_orm::Database::connect("sqlite::memory:").await {
            Ok(db) => db,
            Err(error) => panic!("{error}"),
        }
    }

    #[tokio::test]
    async fn dev_backend_serves_its_page_outside_production_only() {
        let built = Orders::build(&settings("development", &[]), &db().await);
        assert!(built.is_ok_and(|o| o.dev.is_some()));
        let production = settings(
            "production",
            &[("APP__ADMIN__JWT_SECRET", "0123456789abcdef0123456789abcdef")],
        );
        let refused = Orders::build(&production, &db().await)
            .err()
            .map(|e| format!("{e:#}"));
        assert!(refused.is_some_and(|e| e.contains("refused in production")));
    }

    #[tokio::test]
    async fn kakaopay_backend_and_unknown_backends() {
        let kakaopay = settings("development", &[("APP__KAKAOPAY__BACKEND", "kakaopay")]);
        assert!(Orders::build(&kakaopay, &db().await).is_ok_and(|o| o.dev.is_none()));
        let unknown = settings("development", &[("APP__KAKAOPAY__BACKEND", "paypal")]);
        assert!(Orders::build(&unknown, &db().await).is_err());
    }

    #[test]
    fn link_secret_is_long_enough_and_never_random_in_production() {
        let short = settings("development", &[("APP__KAKAOPAY__LINK_SECRET", "short")]);
        assert!(link_secret(&short).is_err());
        let derived = settings(
            "development",
            &[("APP__ADMIN__JWT_SECRET", "0123456789abcdef0123456789abcdef")],
        );
        let key = link_secret(&derived).unwrap_or_default();
        assert_ne!(key, b"0123456789abcdef0123456789abcdef".to_vec());
        assert_eq!(
            key,
            link_secret(&derived).unwrap_or_default(),
            "derived keys are stable"
        );
        assert!(link_secret(&settings("production", &[])).is_err());
    }
}

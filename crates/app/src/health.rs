//! Liveness and readiness.

use std::sync::Arc;
use std::time::Duration;

use actix_web::{HttpResponse, web};
use sea_orm::DatabaseConnection;
use serde_json::json;

use crate::deals::Deals;

/// A dependency that must answer for the app to be ready.
pub struct Readiness {
    pub db: DatabaseConnection,
    /// The deal cache (Redis when configured; the in-process cache is always up).
    pub deals: Arc<Deals>,
}

/// Each check gets this long; readiness probes must answer quickly even when a backend hangs.
const CHECK_TIMEOUT: Duration = Duration::from_secs(1);

/// `GET /healthz`: the process answers.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// `GET /readyz`: the database and the cache answer (checked concurrently).
pub async fn readyz(readiness: web::Data<Readiness>) -> HttpResponse {
    let (database, cache) = tokio::join!(
        tokio::time::timeout(CHECK_TIMEOUT, junggye_mysql::ping(&readiness.db)),
        tokio::time::timeout(CHECK_TIMEOUT, readiness.deals.ping_cache()),
    );
    let database = matches!(database, Ok(Ok(())));
    let cache = matches!(cache, Ok(Ok(())));
    let state = |up: bool| if up { "ok" } else { "down" };
    let ready = database && cache;
    let body = json!({
        "status": if ready { "ok" } else { "unavailable" },
        "checks": { "database": state(database), "cache": state(cache) },
    });
    if ready {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

//! Liveness and readiness.

use std::time::Duration;

use actix_web::{HttpResponse, web};
use sea_orm::DatabaseConnection;
use serde_json::json;

/// A dependency that must answer for the app to be ready.
pub struct Readiness {
    /// The database.
    pub db: DatabaseConnection,
}

/// Each check gets this long; readiness probes must answer quickly even when a backend hangs.
const CHECK_TIMEOUT: Duration = Duration::from_secs(1);

/// `GET /healthz`: the process answers.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// `GET /readyz`: the database (and later the cache) answer.
pub async fn readyz(readiness: web::Data<Readiness>) -> HttpResponse {
    let database = matches!(
        tokio::time::timeout(CHECK_TIMEOUT, junggye_mysql::ping(&readiness.db)).await,
        Ok(Ok(()))
    );
    let body = json!({
        "status": if database { "ok" } else { "unavailable" },
        "checks": { "database": if database { "ok" } else { "down" } },
    });
    if database {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

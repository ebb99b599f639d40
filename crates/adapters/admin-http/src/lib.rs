//! Inbound admin HTTP API: JWT guard, handlers, DTOs, OpenAPI (docs/contract.md, admin API).
//!
//! `POST /admin/login`, `/admin/openapi.json` and `/admin/docs` are open; every other `/admin/*`
//! route sits behind [`guard::require_admin`], which checks the bearer token and that its admin
//! account still exists and is enabled.

mod client_ip;
mod error;
mod guard;
mod handlers;
mod hasher;
mod jwt;
mod login_limit;
mod openapi;
mod paging;
mod state;

use actix_web::middleware::from_fn;
use actix_web::web;
use utoipa::OpenApi as _;
use utoipa_swagger_ui::SwaggerUi;

pub use client_ip::TrustedProxies;
pub use error::ApiError;
pub use hasher::Argon2Hasher;
pub use jwt::{Claims, ISSUER, JwtKeys, MIN_SECRET_BYTES};
pub use openapi::ApiDoc;
pub use state::{AdminServices, AdminState};

/// Largest JSON body the admin API reads; its requests are small forms.
const JSON_LIMIT: usize = 64 * 1024;

/// Mounts `/admin` on an actix app (register it before the app's default service).
pub fn configure(cfg: &mut web::ServiceConfig, state: web::Data<AdminState>) {
    // Swagger UI registers absolute paths, so it goes next to the scope, not inside it; and
    // before it, because the scope would otherwise claim every /admin path.
    cfg.service(SwaggerUi::new("/admin/docs/{_:.*}").url("/admin/openapi.json", ApiDoc::openapi()));
    cfg.service(
        web::scope("/admin")
            .app_data(state)
            .app_data(error::json_config(JSON_LIMIT))
            .app_data(error::query_config())
            .app_data(error::path_config())
            .route("/login", web::post().to(handlers::auth::login))
            .route("/openapi.json", web::get().to(openapi::document))
            .service(
                web::scope("")
                    .wrap(from_fn(guard::require_admin))
                    .configure(handlers::members::routes)
                    .configure(handlers::products::routes)
                    .configure(handlers::notices::routes)
                    .configure(handlers::orders::routes)
                    .configure(handlers::notifications::routes)
                    .configure(handlers::skill_logs::routes)
                    .configure(handlers::stats::routes)
                    .configure(handlers::offers::routes)
                    .configure(handlers::reviews::routes)
                    .configure(handlers::audit::routes)
                    .configure(handlers::reports::routes),
            ),
    );
}

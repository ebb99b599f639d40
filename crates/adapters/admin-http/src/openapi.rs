//! The OpenAPI 3 document, generated from the handlers' annotations.

use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::error::ErrorBody;
use crate::handlers::audit::{AuditDto, AuditPage};
use crate::handlers::auth::{LoginRequest, TokenResponse};
use crate::handlers::members::{CreateMember, MemberDto, MemberPage, UpdateMember};
use crate::handlers::notices::{ButtonDto, CreateNotice, NoticeDto, NoticePage, UpdateNotice};
use crate::handlers::notifications::{NotificationDto, NotificationPage};
use crate::handlers::offers::OfferDto;
use crate::handlers::orders::{CancelResult, OrderDto, OrderPage, PaymentDto};
use crate::handlers::products::{PriceInput, ProductDto, ProductPage, UpdateProduct};
use crate::handlers::reports::{ReportDto, ReportPage, ResolveReport};
use crate::handlers::reviews::{ReviewDto, ReviewPage};
use crate::handlers::skill_logs::{SkillLogDto, SkillLogPage};
use crate::handlers::stats::{PaymentTotalDto, RouteLatencyDto, StatsDto};
use crate::handlers::{
    audit, auth, members, notices, notifications, offers, orders, products, reports, reviews,
    skill_logs, stats,
};

/// The admin API description served at `/admin/openapi.json`.
#[derive(OpenApi)]
#[openapi(
    info(title = "junggye admin API", description = "Administration of the 중계나라 marketplace (docs/contract.md)."),
    paths(
        auth::login,
        members::list, members::create, members::get, members::update,
        members::suspend, members::unsuspend, members::withdraw,
        products::list, products::get, products::update, products::delete,
        notices::list, notices::create, notices::get, notices::update, notices::delete,
        orders::list, orders::get, orders::cancel, orders::complete,
        notifications::list, notifications::retry,
        skill_logs::list,
        stats::stats,
        offers::list,
        reviews::list, reviews::delete,
        audit::list,
        reports::list, reports::resolve,
    ),
    components(schemas(
        ErrorBody, LoginRequest, TokenResponse,
        MemberDto, MemberPage, CreateMember, UpdateMember,
        ProductDto, ProductPage, UpdateProduct, PriceInput,
        NoticeDto, NoticePage, CreateNotice, UpdateNotice, ButtonDto,
        OrderDto, OrderPage, PaymentDto, CancelResult,
        NotificationDto, NotificationPage,
        OfferDto,
        SkillLogDto, SkillLogPage,
        StatsDto, PaymentTotalDto, RouteLatencyDto,
        ReviewDto, ReviewPage,
        AuditDto, AuditPage,
        ReportDto, ReportPage, ResolveReport,
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Log in for a bearer token"),
        (name = "members", description = "Members of the marketplace"),
        (name = "products", description = "Listings"),
        (name = "notices", description = "Notices shown in the bot"),
        (name = "orders", description = "Orders and their payments"),
        (name = "notifications", description = "Notifications and their pushes"),
        (name = "skill-logs", description = "Every Kakao skill call"),
        (name = "stats", description = "Operating statistics"),
        (name = "reviews", description = "Reviews after trades (they move 매너온도)"),
        (name = "audit", description = "Who made which admin change when"),
        (name = "reports", description = "Reports of listings and members, and their decisions"),
    )
)]
pub struct ApiDoc;

/// Declares the `bearer` scheme the protected paths name.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// `GET /admin/openapi.json`.
pub(crate) async fn document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}

//! `/admin/members`: list, create by hand, view, edit, suspend, withdraw.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use junggye_members::{
    Grade, JoinRequest, Member, MemberFilter, MemberId, MemberStatus, MemberUpdate,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::paging;
use crate::state::AdminState;

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/members")
            .route(web::get().to(list))
            .route(web::post().to(create)),
    )
    .service(
        web::resource("/members/{id}")
            .route(web::get().to(get))
            .route(web::patch().to(update))
            .route(web::delete().to(withdraw)),
    )
    .route("/members/{id}/suspend", web::post().to(suspend))
    .route("/members/{id}/unsuspend", web::post().to(unsuspend));
}

/// A member as admins see it (full phone number included).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MemberDto {
    pub id: i64,
    /// Kakao `botUserKey`.
    pub user_key: String,
    /// Kakao `plusfriendUserKey`.
    pub plusfriend_user_key: Option<String>,
    pub nickname: String,
    /// Phone, `010-1234-5678`.
    pub phone: String,
    /// `bronze` | `silver` | `platinum` | `diamond`.
    pub grade: String,
    /// `active` | `suspended` | `withdrawn`.
    pub status: String,
    pub completed_trades: u32,
    /// Image-store key of the profile picture.
    pub profile_image: Option<String>,
    /// When the member (last) joined.
    pub joined_at: DateTime<Utc>,
}

impl From<Member> for MemberDto {
    fn from(m: Member) -> Self {
        Self {
            id: m.id.0,
            user_key: m.user_key.as_str().to_owned(),
            plusfriend_user_key: m.plusfriend_user_key,
            nickname: m.nickname.as_str().to_owned(),
            phone: m.phone.formatted(),
            grade: m.grade.code().to_owned(),
            status: m.status.code().to_owned(),
            completed_trades: m.completed_trades,
            profile_image: m.profile_image,
            joined_at: m.joined_at,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MemberPage {
    /// Members, newest first.
    pub items: Vec<MemberDto>,
    /// 0-based page number.
    pub page: u32,
    pub size: u32,
    pub has_more: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct MemberQuery {
    /// Part of the nickname, user key or phone digits.
    pub q: Option<String>,
    /// `active` | `suspended` | `withdrawn`.
    pub status: Option<String>,
    /// 0-based page (default 0).
    pub page: Option<u32>,
    /// Page size, 1..=100 (default 20).
    pub size: Option<u32>,
}

/// A member created by hand.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateMember {
    /// Kakao `botUserKey` of the user.
    pub user_key: String,
    /// Nickname (2–20 characters).
    pub nickname: String,
    /// Korean mobile number.
    pub phone: String,
}

/// An edit; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateMember {
    pub nickname: Option<String>,
    pub phone: Option<String>,
    /// New grade: `bronze` | `silver` | `platinum` | `diamond`.
    pub grade: Option<String>,
}

/// Lists or searches members.
#[utoipa::path(get, path = "/admin/members", tag = "members", params(MemberQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = MemberPage),
        (status = 400, description = "Malformed query", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 422, description = "Out-of-range page size or unknown status", body = ErrorBody),
    ))]
pub(crate) async fn list(
    state: web::Data<AdminState>,
    query: web::Query<MemberQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let page = paging::page(query.page, query.size)?;
    let status = query
        .status
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            MemberStatus::from_code(s).ok_or_else(|| {
                ApiError::invalid("status", "status must be active, suspended or withdrawn")
            })
        })
        .transpose()?;
    let filter = MemberFilter {
        query: query.q.filter(|q| !q.trim().is_empty()),
        status,
    };
    let found = state.members.list(&filter, page).await?;
    Ok(HttpResponse::Ok().json(MemberPage {
        items: found.items.into_iter().map(MemberDto::from).collect(),
        page: page.number(),
        size: page.size(),
        has_more: found.has_more,
    }))
}

/// Registers a member by hand, with the same checks as joining over the bot.
#[utoipa::path(post, path = "/admin/members", tag = "members", request_body = CreateMember,
    security(("bearer" = [])),
    responses(
        (status = 201, body = MemberDto),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 409, description = "Already a member", body = ErrorBody),
        (status = 422, description = "Invalid user key, nickname or phone", body = ErrorBody),
    ))]
pub(crate) async fn create(
    state: web::Data<AdminState>,
    body: web::Json<CreateMember>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let member = state
        .members
        .join(JoinRequest {
            user_key: body.user_key,
            plusfriend_user_key: None,
            name: body.nickname,
            phone: body.phone,
        })
        .await?;
    Ok(HttpResponse::Created().json(MemberDto::from(member)))
}

/// One member, withdrawn ones included.
#[utoipa::path(get, path = "/admin/members/{id}", tag = "members",
    params(("id" = i64, Path, description = "Member id")),
    security(("bearer" = [])),
    responses((status = 200, body = MemberDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let member = state.members.get(MemberId(id.into_inner())).await?;
    Ok(HttpResponse::Ok().json(MemberDto::from(member)))
}

/// Edits nickname, phone and/or grade.
#[utoipa::path(patch, path = "/admin/members/{id}", tag = "members", request_body = UpdateMember,
    params(("id" = i64, Path, description = "Member id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = MemberDto),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "Missing or withdrawn member", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub(crate) async fn update(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    body: web::Json<UpdateMember>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let grade = body
        .grade
        .as_deref()
        .map(|g| {
            Grade::from_code(g).ok_or_else(|| {
                ApiError::invalid("grade", "grade must be bronze, silver, platinum or diamond")
            })
        })
        .transpose()?;
    let member = state
        .members
        .update(
            MemberId(id.into_inner()),
            MemberUpdate {
                nickname: body.nickname,
                phone: body.phone,
                grade,
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(MemberDto::from(member)))
}

/// Suspends a member: they can still read over the bot, but every write is refused.
#[utoipa::path(post, path = "/admin/members/{id}/suspend", tag = "members",
    params(("id" = i64, Path, description = "Member id")),
    security(("bearer" = [])),
    responses((status = 200, body = MemberDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn suspend(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let member = state
        .members
        .set_suspended(MemberId(id.into_inner()), true)
        .await?;
    Ok(HttpResponse::Ok().json(MemberDto::from(member)))
}

/// Lifts a suspension.
#[utoipa::path(post, path = "/admin/members/{id}/unsuspend", tag = "members",
    params(("id" = i64, Path, description = "Member id")),
    security(("bearer" = [])),
    responses((status = 200, body = MemberDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn unsuspend(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let member = state
        .members
        .set_suspended(MemberId(id.into_inner()), false)
        .await?;
    Ok(HttpResponse::Ok().json(MemberDto::from(member)))
}

/// Withdraws a member with the bot's rules: refused while trades are open; listings and
/// photos go with them.
#[utoipa::path(delete, path = "/admin/members/{id}", tag = "members",
    params(("id" = i64, Path, description = "Member id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 401, body = ErrorBody),
        (status = 404, description = "Missing or already withdrawn", body = ErrorBody),
        (status = 409, description = "Open trades", body = ErrorBody),
    ))]
pub(crate) async fn withdraw(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    state
        .withdrawals
        .withdraw_by_id(MemberId(id.into_inner()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

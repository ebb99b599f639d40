//! `/admin/notices`: the notices the bot shows (pinned and published ones).

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use junggye_products::notices::{
    Notice, NoticeButton, NoticeDraft, NoticeError, NoticeId, NoticeKind, NoticeStatus,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::guard::AdminUser;
use crate::paging;
use crate::state::AdminState;

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/notices")
            .route(web::get().to(list))
            .route(web::post().to(create)),
    )
    .service(
        web::resource("/notices/{id}")
            .route(web::get().to(get))
            .route(web::patch().to(update))
            .route(web::delete().to(delete)),
    );
}

impl From<NoticeError> for ApiError {
    fn from(error: NoticeError) -> Self {
        match error {
            NoticeError::NotFound => Self::NotFound("notice not found".into()),
            // The domain's message names the field in Korean; it is shown as is.
            NoticeError::Invalid(message) => Self::invalid("notice", message),
            NoticeError::Unexpected(cause) => Self::Unexpected(cause),
        }
    }
}

/// A link button under a notice.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ButtonDto {
    /// Label, 1–14 characters.
    pub label: String,
    /// `http(s)://` link.
    pub url: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NoticeDto {
    pub id: i64,
    /// `basic_card` (needs `image_url`) | `text_card`.
    pub kind: String,
    /// Title, 1–50 characters.
    pub title: String,
    /// Body, 1–5000 characters.
    pub body: String,
    /// Image of a basic card.
    pub image_url: Option<String>,
    /// Up to 3 buttons.
    pub buttons: Vec<ButtonDto>,
    /// `pinned` | `published` | `hidden`; the bot shows the first two.
    pub status: String,
    /// Admin who wrote it.
    pub author: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Notice> for NoticeDto {
    fn from(n: Notice) -> Self {
        let d = n.draft;
        Self {
            id: n.id.0,
            kind: d.kind.code().to_owned(),
            title: d.title,
            body: d.body,
            image_url: d.image_url,
            buttons: d
                .buttons
                .into_iter()
                .map(|b| ButtonDto {
                    label: b.label,
                    url: b.url,
                })
                .collect(),
            status: d.status.code().to_owned(),
            author: d.author,
            created_at: n.created_at,
            updated_at: n.updated_at,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NoticePage {
    /// Notices, newest first.
    pub items: Vec<NoticeDto>,
    /// 0-based page number.
    pub page: u32,
    pub size: u32,
    pub has_more: bool,
}

/// Paging of the notice list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct NoticeQuery {
    /// 0-based page (default 0).
    pub page: Option<u32>,
    /// Page size, 1..=100 (default 20).
    pub size: Option<u32>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateNotice {
    /// `basic_card` | `text_card`.
    pub kind: String,
    pub title: String,
    pub body: String,
    /// Image (required for `basic_card`).
    pub image_url: Option<String>,
    /// Buttons (default none).
    #[serde(default)]
    pub buttons: Vec<ButtonDto>,
    /// `pinned` | `published` (default) | `hidden`.
    pub status: Option<String>,
}

/// An edit; absent fields stay as they are (`image_url: null` keeps the image too).
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateNotice {
    pub kind: Option<String>,
    pub title: Option<String>,
    pub body: Option<String>,
    /// New image; `""` removes it.
    pub image_url: Option<String>,
    /// New buttons, replacing all of them.
    pub buttons: Option<Vec<ButtonDto>>,
    pub status: Option<String>,
}

fn kind(raw: &str) -> Result<NoticeKind, ApiError> {
    NoticeKind::parse(raw)
        .ok_or_else(|| ApiError::invalid("kind", "kind must be basic_card or text_card"))
}

fn status(raw: &str) -> Result<NoticeStatus, ApiError> {
    NoticeStatus::parse(raw)
        .ok_or_else(|| ApiError::invalid("status", "status must be pinned, published or hidden"))
}

fn buttons(dtos: Vec<ButtonDto>) -> Vec<NoticeButton> {
    dtos.into_iter()
        .map(|b| NoticeButton {
            label: b.label,
            url: b.url,
        })
        .collect()
}

/// Every notice but deleted ones, newest first.
#[utoipa::path(get, path = "/admin/notices", tag = "notices", params(NoticeQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = NoticePage),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 422, description = "Out-of-range paging", body = ErrorBody),
    ))]
pub(crate) async fn list(
    state: web::Data<AdminState>,
    query: web::Query<NoticeQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = paging::page(query.page, query.size)?;
    let found = state.notices.all(page).await?;
    Ok(HttpResponse::Ok().json(NoticePage {
        items: found.items.into_iter().map(NoticeDto::from).collect(),
        page: page.number(),
        size: page.size(),
        has_more: found.has_more,
    }))
}

/// Writes a notice; pinned and published ones show in the bot at once.
#[utoipa::path(post, path = "/admin/notices", tag = "notices", request_body = CreateNotice,
    security(("bearer" = [])),
    responses(
        (status = 201, body = NoticeDto),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 422, description = "A field breaks a rule", body = ErrorBody),
    ))]
pub(crate) async fn create(
    state: web::Data<AdminState>,
    admin: web::ReqData<AdminUser>,
    body: web::Json<CreateNotice>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let draft = NoticeDraft {
        kind: kind(&body.kind)?,
        title: body.title,
        body: body.body,
        image_url: body.image_url,
        buttons: buttons(body.buttons),
        status: body
            .status
            .as_deref()
            .map(status)
            .transpose()?
            .unwrap_or(NoticeStatus::Published),
        author: Some(admin.into_inner().0.username),
    };
    let notice = state.notices.create(draft).await?;
    Ok(HttpResponse::Created().json(NoticeDto::from(notice)))
}

/// One notice, hidden ones included.
#[utoipa::path(get, path = "/admin/notices/{id}", tag = "notices",
    params(("id" = i64, Path, description = "Notice id")),
    security(("bearer" = [])),
    responses((status = 200, body = NoticeDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let notice = state.notices.get(NoticeId(id.into_inner())).await?;
    Ok(HttpResponse::Ok().json(NoticeDto::from(notice)))
}

/// Edits a notice (validated as a whole after the change).
#[utoipa::path(patch, path = "/admin/notices/{id}", tag = "notices", request_body = UpdateNotice,
    params(("id" = i64, Path, description = "Notice id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = NoticeDto),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub(crate) async fn update(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    body: web::Json<UpdateNotice>,
) -> Result<HttpResponse, ApiError> {
    let notices = &state.notices;
    let id = NoticeId(id.into_inner());
    let body = body.into_inner();
    let mut draft = notices.get(id).await?.draft;
    if let Some(raw) = body.kind.as_deref() {
        draft.kind = kind(raw)?;
    }
    if let Some(raw) = body.status.as_deref() {
        draft.status = status(raw)?;
    }
    if let Some(title) = body.title {
        draft.title = title;
    }
    if let Some(text) = body.body {
        draft.body = text;
    }
    if let Some(url) = body.image_url {
        // The domain turns a blank URL into none.
        draft.image_url = Some(url);
    }
    if let Some(list) = body.buttons {
        draft.buttons = buttons(list);
    }
    let notice = notices.update(id, draft).await?;
    Ok(HttpResponse::Ok().json(NoticeDto::from(notice)))
}

/// Deletes a notice (soft); the bot stops showing it at once.
#[utoipa::path(delete, path = "/admin/notices/{id}", tag = "notices",
    params(("id" = i64, Path, description = "Notice id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = ErrorBody),
        (status = 404, description = "Missing or already deleted", body = ErrorBody),
    ))]
pub(crate) async fn delete(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    state.notices.delete(NoticeId(id.into_inner())).await?;
    Ok(HttpResponse::NoContent().finish())
}

//! `/admin/products`: list/search listings, view one with its photos, change status or
//! fields, soft delete.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use junggye_products::{
    AdminFilter, Category, Keyword, ListingForm, MemberId, Product, ProductError, ProductId,
    ProductStatus,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::paging;
use crate::state::{AdminServices, AdminState};

pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/products", web::get().to(list)).service(
        web::resource("/products/{id}")
            .route(web::get().to(get))
            .route(web::patch().to(update))
            .route(web::delete().to(delete)),
    );
}

impl From<ProductError> for ApiError {
    fn from(error: ProductError) -> Self {
        match error {
            ProductError::NotFound => Self::NotFound("product not found".into()),
            ProductError::InvalidTransition { from, to } => Self::Conflict {
                code: "invalid_transition",
                message: format!("a listing cannot go from {} to {}", from.code(), to.code()),
            },
            ProductError::Conflict => Self::Conflict {
                code: "concurrent_change",
                message: "the listing changed meanwhile; read it again".into(),
            },
            // Admins are never owners, nor do they like, edit as owners or bump listings: no
            // admin use case returns these.
            ProductError::NotOwner
            | ProductError::OwnListing
            | ProductError::NotEditable(_)
            | ProductError::NotBumpable(_)
            | ProductError::BumpTooSoon { .. } => {
                Self::Unexpected(anyhow::anyhow!("member-only refusal on admin: {error}"))
            }
            ProductError::Invalid(v) => Self::invalid(v.field, v.message),
            ProductError::Unexpected(cause) => Self::Unexpected(cause),
        }
    }
}

/// A listing as admins see it, whatever its status.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProductDto {
    pub id: i64,
    pub seller_id: i64,
    pub seller_nickname: String,
    /// Name (1–30 characters).
    pub name: String,
    /// Price in won.
    pub price: i64,
    pub description: String,
    /// Meeting place.
    pub location: String,
    /// Kakao open-chat link.
    pub open_chat_url: String,
    /// Category code, e.g. `digital`.
    pub category: String,
    /// `on_sale` | `reserved` | `hidden` | `pending` | `sold` | `deleted`.
    pub status: String,
    /// URLs of the photos, in display order (none once deleted).
    pub photo_urls: Vec<String>,
    /// Bumped on every change.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    /// Fraud flags its text raises (`outside_messenger`, `bank_account`, `phone_number`); the
    /// detail shows members a caution for each.
    pub cautions: Vec<String>,
    /// Out of public view because enough members reported it; cleared when an admin resolves
    /// its reports (`/admin/reports`).
    #[serde(default)]
    pub under_review: bool,
}

impl ProductDto {
    fn new(product: Product, catalog: &AdminServices) -> Self {
        let draft = product.draft;
        let cautions = junggye_products::cautions(draft.name.as_str(), draft.description.as_str())
            .into_iter()
            .map(|c| c.code().to_owned())
            .collect();
        Self {
            cautions,
            under_review: product.under_review,
            id: product.id.0,
            seller_id: product.seller.id.0,
            seller_nickname: product.seller.nickname,
            name: draft.name.as_str().to_owned(),
            price: draft.price.won(),
            description: draft.description.as_str().to_owned(),
            location: draft.location.as_str().to_owned(),
            open_chat_url: draft.open_chat_url.as_str().to_owned(),
            category: draft.category.code().to_owned(),
            status: product.status.code().to_owned(),
            photo_urls: product
                .photos
                .iter()
                .map(|key| catalog.images.public_url(key))
                .collect(),
            version: product.version,
            created_at: product.created_at,
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProductPage {
    /// Listings, newest first.
    pub items: Vec<ProductDto>,
    /// 0-based page number.
    pub page: u32,
    pub size: u32,
    pub has_more: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ProductQuery {
    /// Exactly this status; without it, every status but `deleted`.
    pub status: Option<String>,
    /// Category code (or Korean label).
    pub category: Option<String>,
    /// Part of the name.
    pub q: Option<String>,
    /// Seller's member id.
    pub seller: Option<i64>,
    /// 0-based page (default 0).
    pub page: Option<u32>,
    /// Page size, 1..=100 (default 20).
    pub size: Option<u32>,
}

/// A price given as a number of won or as the bot accepts it (`"1.5만"`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum PriceInput {
    Won(i64),
    /// Text such as `15,000원`.
    Text(String),
}

/// A change; absent fields stay as they are. Fields follow the sellers' rules.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateProduct {
    /// New status: any but `pending`, which only orders set.
    pub status: Option<String>,
    pub name: Option<String>,
    pub price: Option<PriceInput>,
    pub description: Option<String>,
    /// New meeting place.
    pub location: Option<String>,
    pub open_chat_url: Option<String>,
    /// New category code.
    pub category: Option<String>,
}

fn parse_status(raw: &str) -> Result<ProductStatus, ApiError> {
    ProductStatus::from_code(raw).ok_or_else(|| {
        ApiError::invalid(
            "status",
            "status must be on_sale, reserved, hidden, pending, sold or deleted",
        )
    })
}

/// Lists or searches listings.
#[utoipa::path(get, path = "/admin/products", tag = "products", params(ProductQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = ProductPage),
        (status = 400, description = "Malformed query", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 422, description = "Out-of-range paging, unknown status or category, bad keyword", body = ErrorBody),
    ))]
pub(crate) async fn list(
    state: web::Data<AdminState>,
    query: web::Query<ProductQuery>,
) -> Result<HttpResponse, ApiError> {
    let catalog: &AdminServices = &state;
    let query = query.into_inner();
    let page = paging::page(query.page, query.size)?;
    let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let filter = AdminFilter {
        status: non_empty(query.status)
            .map(|s| parse_status(&s))
            .transpose()?,
        category: non_empty(query.category)
            .map(|c| {
                Category::parse(&c).ok_or_else(|| ApiError::invalid("category", "unknown category"))
            })
            .transpose()?,
        keyword: non_empty(query.q)
            .map(|q| Keyword::parse(&q).map_err(|v| ApiError::invalid("q", v.message)))
            .transpose()?,
        seller: query.seller.map(MemberId),
    };
    let found = catalog.products.admin_list(&filter, page).await?;
    Ok(HttpResponse::Ok().json(ProductPage {
        items: found
            .items
            .into_iter()
            .map(|p| ProductDto::new(p, catalog))
            .collect(),
        page: page.number(),
        size: page.size(),
        has_more: found.has_more,
    }))
}

/// One listing, deleted ones included.
#[utoipa::path(get, path = "/admin/products/{id}", tag = "products",
    params(("id" = i64, Path, description = "Listing id")),
    security(("bearer" = [])),
    responses((status = 200, body = ProductDto), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let catalog: &AdminServices = &state;
    let product = catalog
        .products
        .admin_get(ProductId(id.into_inner()))
        .await?;
    Ok(HttpResponse::Ok().json(ProductDto::new(product, catalog)))
}

/// Changes the status and/or fields of a listing.
#[utoipa::path(patch, path = "/admin/products/{id}", tag = "products", request_body = UpdateProduct,
    params(("id" = i64, Path, description = "Listing id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = ProductDto),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "Missing (or, for field edits, deleted) listing", body = ErrorBody),
        (status = 409, description = "Transition not allowed (out of pending or deleted, sold back on sale) or a concurrent change", body = ErrorBody),
        (status = 422, description = "Invalid field, unknown status, or pending", body = ErrorBody),
    ))]
pub(crate) async fn update(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
    body: web::Json<UpdateProduct>,
) -> Result<HttpResponse, ApiError> {
    let catalog: &AdminServices = &state;
    let id = ProductId(id.into_inner());
    let body = body.into_inner();
    let status = body.status.as_deref().map(parse_status).transpose()?;
    let form = ListingForm {
        name: body.name,
        price: body.price.map(|p| match p {
            PriceInput::Won(won) => won.to_string(),
            PriceInput::Text(text) => text,
        }),
        description: body.description,
        location: body.location,
        open_chat_url: body.open_chat_url,
        category: body.category,
    };
    let mut product = catalog.products.admin_get(id).await?;
    if let Some(to) = status {
        // Refused transitions are caught before any field is written: a PATCH applies whole
        // or not at all (short of a concurrent change between the two writes).
        if to == ProductStatus::Pending {
            return Err(ApiError::invalid("status", "pending is set only by orders"));
        }
        if !product.status.admin_may_change_to(to) {
            return Err(ProductError::InvalidTransition {
                from: product.status,
                to,
            }
            .into());
        }
    }
    if form != ListingForm::default() {
        product = catalog.products.admin_edit(id, &form).await?;
    }
    if let Some(to) = status {
        product = catalog.products.admin_change_status(id, to).await?;
    }
    Ok(HttpResponse::Ok().json(ProductDto::new(product, catalog)))
}

/// Soft-deletes a listing: it leaves the bot at once; its photos are removed by the cleanup.
#[utoipa::path(delete, path = "/admin/products/{id}", tag = "products",
    params(("id" = i64, Path, description = "Listing id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = ErrorBody),
        (status = 404, description = "Missing or already deleted", body = ErrorBody),
        (status = 409, description = "An order holds the listing (pending)", body = ErrorBody),
    ))]
pub(crate) async fn delete(
    state: web::Data<AdminState>,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let catalog: &AdminServices = &state;
    catalog
        .products
        .admin_delete(ProductId(id.into_inner()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

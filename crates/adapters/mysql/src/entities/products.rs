//! `products`: listings. Deleting one is a status change (`deleted` + `deleted_at`).

use chrono::NaiveDateTime;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    /// Database id; newer listings have larger ids (keyset paging relies on it).
    #[sea_orm(primary_key)]
    pub id: i64,
    pub seller_id: i64,
    /// Name (at most 30 characters).
    pub name: String,
    /// Price in won.
    pub price: i64,
    /// Description (at most 400 characters).
    pub description: String,
    /// Where to meet.
    pub location: String,
    /// Kakao open-chat URL.
    pub open_chat_url: String,
    /// Category code (`digital`, `books`, ...).
    pub category: String,
    /// `on_sale` | `reserved` | `hidden` | `pending` | `sold` | `deleted`.
    pub status: String,
    /// Who bought it, once sold through an order.
    pub buyer_id: Option<i64>,
    /// Bumped on every status change, for optimistic concurrency.
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    /// Taken out of public view by reports until an admin decides (docs/safety.md).
    pub under_review: bool,
    /// Newest-first sort key, UTC microseconds: registration, or the last bump (migration 17).
    pub listed_micros: i64,
    /// The last bump (끌올), for the cooldown.
    pub bumped_at: Option<NaiveDateTime>,
    /// Registration, bump or owner edit: the stale-reminder clock.
    pub touched_at: Option<NaiveDateTime>,
    /// When the seller was last asked whether it is still on sale (`listing_stale`).
    pub stale_reminded_at: Option<NaiveDateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::members::Entity",
        from = "Column::SellerId",
        to = "super::members::Column::Id"
    )]
    Seller,
    /// The buyer, once sold.
    #[sea_orm(
        belongs_to = "super::members::Entity",
        from = "Column::BuyerId",
        to = "super::members::Column::Id"
    )]
    Buyer,
    #[sea_orm(has_many = "super::product_images::Entity")]
    Images,
}

impl Related<super::product_images::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Images.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

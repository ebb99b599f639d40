//! `orders`: one purchase of one listing through Kakao Pay (or the dev gateway).

use chrono::NaiveDateTime;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Random public number; Kakao Pay's `partner_order_id`.
    #[sea_orm(unique)]
    pub order_no: String,
    pub product_id: i64,
    pub buyer_id: i64,
    /// The seller (copied from the listing when ordering).
    pub seller_id: i64,
    /// Amount in won, fixed when ordering.
    pub amount: i64,
    pub item_name: String,
    /// `awaiting_payment` | `paid` | `shipped` | `purchase_confirmed` | `completed` | `cancelled`.
    pub status: String,
    /// `product_id` while paid/shipped/purchase_confirmed, else NULL; unique, so the database
    /// allows one open order per listing. Every status change must keep it in step.
    #[sea_orm(unique)]
    pub open_product_id: Option<i64>,
    /// Parcel tracking number, set by the seller.
    pub tracking_number: Option<String>,
    /// Why the order was cancelled (a code).
    pub cancel_reason: Option<String>,
    pub paid_at: Option<NaiveDateTime>,
    /// Tracking number first entered.
    pub shipped_at: Option<NaiveDateTime>,
    /// Buyer confirmed receipt.
    pub buyer_confirmed_at: Option<NaiveDateTime>,
    pub seller_confirmed_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
    /// Order cancelled (and refunded).
    pub cancelled_at: Option<NaiveDateTime>,
    /// The buyer was told of the automatic purchase confirmation (`auto_confirm_soon`).
    pub confirm_reminded_at: Option<NaiveDateTime>,
    /// The accepted price offer this order pays (its price is the amount).
    pub offer_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::products::Entity",
        from = "Column::ProductId",
        to = "super::products::Column::Id"
    )]
    Product,
    #[sea_orm(
        belongs_to = "super::members::Entity",
        from = "Column::BuyerId",
        to = "super::members::Column::Id"
    )]
    Buyer,
    #[sea_orm(
        belongs_to = "super::members::Entity",
        from = "Column::SellerId",
        to = "super::members::Column::Id"
    )]
    Seller,
    /// Payment attempts.
    #[sea_orm(has_many = "super::payments::Entity")]
    Payments,
}

impl Related<super::payments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Payments.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

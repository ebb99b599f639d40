//! `payments`: a payment attempt for an order, as the gateway reported it.

use chrono::NaiveDateTime;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub order_id: i64,
    /// `dev` | `kakaopay`.
    pub backend: String,
    /// Gateway transaction id (from ready).
    #[sea_orm(unique)]
    pub tid: Option<String>,
    pub redirect_url: Option<String>,
    /// Secret part of the redirect URLs (random hex); none on payments made before it existed.
    pub redirect_key: Option<String>,
    /// Gateway approval id (from approve).
    pub aid: Option<String>,
    /// Merchant code.
    pub cid: String,
    /// Total in won.
    pub amount: i64,
    /// Tax-free part in won.
    pub tax_free_amount: i64,
    /// VAT in won, when reported.
    pub vat_amount: Option<i64>,
    /// `ready` | `approving` | `approved` | `cancel_requested` | `cancelled` | `failed`.
    pub status: String,
    /// `CARD` | `MONEY`, as the gateway reported it.
    pub payment_method_type: Option<String>,
    /// The approve response's `card_info` as JSON.
    pub card_info: Option<String>,
    pub approved_at: Option<NaiveDateTime>,
    pub cancelled_at: Option<NaiveDateTime>,
    /// Gateway error code of a failure.
    pub failure_code: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::orders::Entity",
        from = "Column::OrderId",
        to = "super::orders::Column::Id"
    )]
    Order,
}

impl Related<super::orders::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Order.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

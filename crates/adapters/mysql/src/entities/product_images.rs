//! `product_images`: the photos of a listing, in display order.

use chrono::NaiveDateTime;
use sea_orm::entity::prelude::*;

/// A photo row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "product_images")]
pub struct Model {
    /// Database id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The listing.
    pub product_id: i64,
    /// 0-based display order.
    pub position: i16,
    /// Image-store key.
    pub storage_key: String,
    /// MIME type (`image/jpeg`, ...).
    pub content_type: String,
    /// Object size.
    pub size_bytes: i32,
    /// Row creation.
    pub created_at: NaiveDateTime,
    /// Set when the listing is deleted: the cleanup job then removes the object and the row.
    pub deleted_at: Option<NaiveDateTime>,
}

/// Foreign keys of `product_images`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The listing.
    #[sea_orm(
        belongs_to = "super::products::Entity",
        from = "Column::ProductId",
        to = "super::products::Column::Id"
    )]
    Product,
}

impl Related<super::products::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

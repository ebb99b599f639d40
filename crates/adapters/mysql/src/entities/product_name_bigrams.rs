//! `product_name_bigrams`: every 2-character lower-cased window of each listing name.

use sea_orm::entity::prelude::*;

/// One (gram, listing) pair.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "product_name_bigrams")]
pub struct Model {
    /// The window (1 character for 1-character names); compared byte for byte.
    #[sea_orm(primary_key, auto_increment = false)]
    pub gram: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub product_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::products::Entity",
        from = "Column::ProductId",
        to = "super::products::Column::Id"
    )]
    Product,
}

impl ActiveModelBehavior for ActiveModel {}

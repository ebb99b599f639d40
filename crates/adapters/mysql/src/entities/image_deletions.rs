//! `image_deletions`: image-store objects a cleanup job must delete (then it deletes the row).

use chrono::NaiveDateTime;
use sea_orm::entity::prelude::*;

/// An object waiting for deletion.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "image_deletions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub storage_key: String,
    /// When the object was given up.
    pub created_at: NaiveDateTime,
}

/// No relations: the owning row may be gone.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

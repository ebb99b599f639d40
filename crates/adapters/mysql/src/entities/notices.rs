//! `notices`: announcements shown in the bot.

use chrono::NaiveDateTime;
use sea_orm::entity::prelude::*;

/// A notice row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notices")]
pub struct Model {
    /// Database id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `basic_card` | `text_card`.
    pub kind: String,
    /// Title (at most 50 characters).
    pub title: String,
    /// Body text.
    pub body: String,
    /// Optional image URL.
    pub image_url: Option<String>,
    /// Kakao buttons as JSON.
    pub buttons: Option<String>,
    /// `pinned` | `published` | `hidden`.
    pub status: String,
    /// Admin who wrote it.
    pub author: Option<String>,
    /// Row creation.
    pub created_at: NaiveDateTime,
    /// Last change.
    pub updated_at: NaiveDateTime,
    /// Soft deletion.
    pub deleted_at: Option<NaiveDateTime>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

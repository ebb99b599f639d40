//! `notices`: announcements shown in the bot.

use chrono::NaiveDateTime;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `basic_card` | `text_card`.
    pub kind: String,
    /// Title (at most 50 characters).
    pub title: String,
    pub body: String,
    pub image_url: Option<String>,
    /// Kakao buttons as JSON.
    pub buttons: Option<String>,
    /// `pinned` | `published` | `hidden`.
    pub status: String,
    /// Admin who wrote it.
    pub author: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Soft deletion.
    pub deleted_at: Option<NaiveDateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

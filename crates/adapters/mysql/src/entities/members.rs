//! `members`: one row per Kakao user key; withdrawal keeps the row (status `withdrawn`).

use chrono::NaiveDateTime;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "members")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Kakao `botUserKey` (unique, compared byte for byte).
    #[sea_orm(unique)]
    pub user_key: String,
    /// Kakao `plusfriendUserKey`.
    pub plusfriend_user_key: Option<String>,
    pub nickname: String,
    /// Digits only.
    pub phone: String,
    /// Image-store key of the profile picture.
    pub profile_image: Option<String>,
    /// `bronze` | `silver` | `platinum` | `diamond`.
    pub grade: String,
    /// `active` | `suspended` | `withdrawn`.
    pub status: String,
    /// Completed trades as buyer or seller.
    pub completed_trades: i32,
    /// When the member (last) joined.
    pub joined_at: NaiveDateTime,
    /// When the member withdrew, while withdrawn.
    pub withdrawn_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// 매너온도 in tenths of a degree (`junggye_members::manner_score`, recomputed by
    /// `crate::trust` whenever the member's trade history changes).
    pub manner_tenths: i32,
}

/// Relations are declared where the foreign key lives (products, orders).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

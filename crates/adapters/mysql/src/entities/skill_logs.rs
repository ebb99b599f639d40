//! `skill_logs`: one row per skill call.

use chrono::NaiveDateTime;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "skill_logs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `userRequest.user.id`, when present.
    pub user_key: Option<String>,
    /// Route, e.g. `/skill/members/join`.
    pub route: String,
    /// HTTP status sent.
    pub status: i16,
    /// Milliseconds from request to reply.
    pub latency_ms: i32,
    /// Request body (bounded by the caller; `mediumtext` on MySQL).
    pub request_body: String,
    pub response_body: String,
    /// When the request arrived.
    pub created_at: NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

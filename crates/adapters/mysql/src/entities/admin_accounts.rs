//! `admin_accounts`: logins for the admin API.

use chrono::NaiveDateTime;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "admin_accounts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Login name (unique, compared exactly).
    #[sea_orm(unique)]
    pub username: String,
    /// argon2 PHC string.
    pub password_hash: String,
    /// A disabled account cannot log in.
    pub disabled: bool,
    /// `admin` or `viewer` (junggye_members::AdminRole).
    pub role: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Last successful login.
    pub last_login_at: Option<NaiveDateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! [`AdminRepository`] on sea-orm.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_members::{
    AdminAccount, AdminError, AdminId, AdminRepository, AdminRole, AdminUsername,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, DatabaseConnection, DbErr,
    EntityTrait as _, QueryFilter as _, SqlErr,
};

use crate::entities::admin_accounts;
use crate::time::{from_db, to_db};

/// Admin accounts in the `admin_accounts` table.
#[derive(Debug, Clone)]
pub struct SeaAdminRepository {
    db: DatabaseConnection,
}

impl SeaAdminRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn unexpected(err: DbErr, what: &'static str) -> AdminError {
    AdminError::Unexpected(anyhow::Error::new(err).context(what))
}

fn to_account(row: admin_accounts::Model) -> AdminAccount {
    AdminAccount {
        id: AdminId(row.id),
        username: row.username,
        // An unreadable role grants the least: reading.
        role: AdminRole::from_code(&row.role).unwrap_or(AdminRole::Viewer),
        password_hash: row.password_hash,
        disabled: row.disabled,
        created_at: from_db(row.created_at),
        last_login_at: row.last_login_at.map(from_db),
    }
}

#[async_trait]
impl AdminRepository for SeaAdminRepository {
    async fn find_by_username(&self, username: &str) -> Result<Option<AdminAccount>, AdminError> {
        Ok(admin_accounts::Entity::find()
            .filter(admin_accounts::Column::Username.eq(username))
            .one(&self.db)
            .await
            .map_err(|e| unexpected(e, "loading an admin by username"))?
            .map(to_account))
    }

    async fn find_by_id(&self, id: AdminId) -> Result<Option<AdminAccount>, AdminError> {
        Ok(admin_accounts::Entity::find_by_id(id.0)
            .one(&self.db)
            .await
            .map_err(|e| unexpected(e, "loading an admin by id"))?
            .map(to_account))
    }

    async fn insert(
        &self,
        username: &AdminUsername,
        password_hash: &str,
        role: AdminRole,
        at: DateTime<Utc>,
    ) -> Result<AdminAccount, AdminError> {
        let at = to_db(at);
        let row = admin_accounts::ActiveModel {
            username: Set(username.as_str().to_owned()),
            password_hash: Set(password_hash.to_owned()),
            disabled: Set(false),
            role: Set(role.code().to_owned()),
            created_at: Set(at),
            updated_at: Set(at),
            last_login_at: Set(None),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => AdminError::Duplicate,
            _ => unexpected(e, "inserting an admin"),
        })?;
        Ok(to_account(row))
    }

    async fn record_login(&self, id: AdminId, at: DateTime<Utc>) -> Result<(), AdminError> {
        admin_accounts::Entity::update_many()
            .col_expr(admin_accounts::Column::LastLoginAt, Expr::value(to_db(at)))
            .filter(admin_accounts::Column::Id.eq(id.0))
            .exec(&self.db)
            .await
            .map_err(|e| unexpected(e, "recording an admin login"))?;
        Ok(())
    }
}

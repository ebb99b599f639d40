//! [`AuditLog`] in `admin_audit`.

use anyhow::Context as _;
use async_trait::async_trait;
use junggye_domain_common::{Page, Paged};
use junggye_members::{AuditEntry, AuditLog, AuditRecord};
use sea_orm::{ConnectionTrait as _, DatabaseConnection, Statement, Value};

use crate::time::{from_db, to_db};

#[derive(Debug, Clone)]
pub struct SeaAuditLog {
    db: DatabaseConnection,
}

impl SeaAuditLog {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl AuditLog for SeaAuditLog {
    async fn record(&self, record: &AuditRecord) -> anyhow::Result<()> {
        let record = record.clone().fitted();
        self.db
            .execute_raw(Statement::from_sql_and_values(
                self.db.get_database_backend(),
                "INSERT INTO admin_audit (username, action, target, detail, created_at) \
                 VALUES (?, ?, ?, ?, ?)",
                [
                    record.username.into(),
                    record.action.into(),
                    record.target.into(),
                    record.outcome.into(),
                    to_db(record.at).into(),
                ],
            ))
            .await
            .context("recording an admin action")?;
        Ok(())
    }

    async fn list(
        &self,
        username: Option<String>,
        page: Page,
    ) -> anyhow::Result<Paged<AuditEntry>> {
        let mut sql = String::from(
            "SELECT id, username, action, target, detail, created_at FROM admin_audit",
        );
        let mut values: Vec<Value> = Vec::new();
        if let Some(name) = username {
            sql.push_str(" WHERE username = ?");
            values.push(name.into());
        }
        sql.push_str(" ORDER BY id DESC LIMIT ? OFFSET ?");
        values.push((i64::from(page.size()) + 1).into());
        values.push(i64::try_from(page.offset()).unwrap_or(i64::MAX).into());
        let rows = self
            .db
            .query_all_raw(Statement::from_sql_and_values(
                self.db.get_database_backend(),
                sql,
                values,
            ))
            .await
            .context("listing admin actions")?;
        let entries = rows
            .into_iter()
            .map(|row| {
                Ok(AuditEntry {
                    id: row.try_get("", "id")?,
                    record: AuditRecord {
                        username: row.try_get("", "username")?,
                        action: row.try_get("", "action")?,
                        target: row
                            .try_get::<Option<String>>("", "target")?
                            .unwrap_or_default(),
                        outcome: row
                            .try_get::<Option<String>>("", "detail")?
                            .unwrap_or_default(),
                        at: from_db(row.try_get("", "created_at")?),
                    },
                })
            })
            .collect::<Result<Vec<_>, sea_orm::DbErr>>()
            .context("reading admin actions")?;
        Ok(Paged::from_overfetch(entries, page.size()))
    }
}

//! [`SkillLogQuery`] on sea-orm: the admin API's view of skill calls.

use anyhow::Context as _;
use async_trait::async_trait;
use junggye_domain_common::reports::{SkillLogFilter, SkillLogQuery, SkillLogRecord};
use junggye_domain_common::{Page, Paged};
use sea_orm::{
    ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _,
};

use crate::entities::skill_logs;
use crate::time::{from_db, to_db};

/// Reads the `skill_logs` table.
#[derive(Debug, Clone)]
pub struct SeaSkillLogQuery {
    db: DatabaseConnection,
}

impl SeaSkillLogQuery {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn to_record(row: skill_logs::Model) -> SkillLogRecord {
    SkillLogRecord {
        id: row.id,
        user_key: row.user_key,
        route: row.route,
        status: u16::try_from(row.status).unwrap_or(0),
        latency_ms: u32::try_from(row.latency_ms).unwrap_or(0),
        request_body: row.request_body,
        response_body: row.response_body,
        created_at: from_db(row.created_at),
    }
}

#[async_trait]
impl SkillLogQuery for SeaSkillLogQuery {
    async fn find(
        &self,
        filter: &SkillLogFilter,
        page: Page,
    ) -> anyhow::Result<Paged<SkillLogRecord>> {
        let mut query = skill_logs::Entity::find();
        if let Some(user) = &filter.user_key {
            query = query.filter(skill_logs::Column::UserKey.eq(user.as_str()));
        }
        if let Some(route) = &filter.route {
            query = query.filter(skill_logs::Column::Route.eq(route.as_str()));
        }
        if let Some(from) = filter.from {
            query = query.filter(skill_logs::Column::CreatedAt.gte(to_db(from)));
        }
        if let Some(to) = filter.to {
            query = query.filter(skill_logs::Column::CreatedAt.lt(to_db(to)));
        }
        let rows = query
            .order_by_desc(skill_logs::Column::Id)
            .offset(page.offset())
            .limit(u64::from(page.size()) + 1)
            .all(&self.db)
            .await
            .context("querying skill logs")?;
        Ok(Paged::from_overfetch(
            rows.into_iter().map(to_record).collect(),
            page.size(),
        ))
    }
}

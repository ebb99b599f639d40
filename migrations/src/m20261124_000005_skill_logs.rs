//! Every skill call, for support and latency statistics.

use sea_orm_migration::prelude::*;

use crate::schema::{drop, id, index, key_string, long_text, string, table, utc};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum SkillLogs {
    Table,
    Id,
    UserKey,
    Route,
    Status,
    LatencyMs,
    RequestBody,
    ResponseBody,
    CreatedAt,
}

#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait impls must repeat the trait's elided `&SchemaManager` exactly"
)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                table(manager, SkillLogs::Table)
                    .col(id(SkillLogs::Id))
                    .col(key_string(manager, SkillLogs::UserKey, 70).null())
                    .col(string(SkillLogs::Route, 64))
                    .col(ColumnDef::new(SkillLogs::Status).small_integer().not_null())
                    .col(ColumnDef::new(SkillLogs::LatencyMs).integer().not_null())
                    .col(long_text(manager, SkillLogs::RequestBody))
                    .col(long_text(manager, SkillLogs::ResponseBody))
                    .col(utc(manager, SkillLogs::CreatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("idx_skill_logs_created_at", vec![SkillLogs::CreatedAt]),
            (
                "idx_skill_logs_user_key_created_at",
                vec![SkillLogs::UserKey, SkillLogs::CreatedAt],
            ),
            (
                "idx_skill_logs_route_created_at",
                vec![SkillLogs::Route, SkillLogs::CreatedAt],
            ),
        ] {
            manager
                .create_index(index(name, SkillLogs::Table, cols))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(drop(SkillLogs::Table)).await
    }
}

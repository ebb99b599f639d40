//! The bot speaks first: the notifications inbox and push outbox, push preferences, likes,
//! keyword alerts, blocks (read by the alert matcher), and the auto-confirm reminder's mark.

use sea_orm_migration::prelude::*;

use crate::schema::{
    bigint, code, drop, id, index, key_string, long_text, table, unique, utc, utc_null,
};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    MemberId,
    Kind,
    Payload,
    FoldKey,
    CreatedAt,
    ReadAt,
    PushState,
    PushAt,
    LeaseUntil,
    Failures,
    TaskId,
    CheckAt,
    SentAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum NotificationMutes {
    Table,
    MemberId,
    GroupCode,
}

#[derive(DeriveIden)]
enum Likes {
    Table,
    Id,
    MemberId,
    ProductId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum KeywordAlerts {
    Table,
    Id,
    MemberId,
    Keyword,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Blocks {
    Table,
    Id,
    BlockerId,
    BlockedId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    ConfirmRemindedAt,
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
                table(manager, Notifications::Table)
                    .col(id(Notifications::Id))
                    .col(bigint(Notifications::MemberId))
                    .col(code(Notifications::Kind, 32, None))
                    .col(long_text(manager, Notifications::Payload))
                    .col(key_string(manager, Notifications::FoldKey, 100).null())
                    .col(utc(manager, Notifications::CreatedAt))
                    .col(utc_null(manager, Notifications::ReadAt))
                    .col(code(Notifications::PushState, 16, Some("undecided")))
                    .col(utc_null(manager, Notifications::PushAt))
                    .col(utc_null(manager, Notifications::LeaseUntil))
                    .col(
                        ColumnDef::new(Notifications::Failures)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(key_string(manager, Notifications::TaskId, 64).null())
                    .col(utc_null(manager, Notifications::CheckAt))
                    .col(utc_null(manager, Notifications::SentAt))
                    .col(utc(manager, Notifications::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            // The inbox page and the unread count.
            (
                "idx_notifications_member_id",
                vec![Notifications::MemberId, Notifications::Id],
            ),
            (
                "idx_notifications_member_read",
                vec![Notifications::MemberId, Notifications::ReadAt],
            ),
            // The dispatcher: due pushes by state, results by task, the daily cap by member.
            (
                "idx_notifications_push",
                vec![Notifications::PushState, Notifications::PushAt],
            ),
            ("idx_notifications_task", vec![Notifications::TaskId]),
            (
                "idx_notifications_member_push_at",
                vec![Notifications::MemberId, Notifications::PushAt],
            ),
            (
                "idx_notifications_fold",
                vec![
                    Notifications::MemberId,
                    Notifications::FoldKey,
                    Notifications::CreatedAt,
                ],
            ),
        ] {
            manager
                .create_index(index(name, Notifications::Table, cols))
                .await?;
        }

        manager
            .create_table(
                table(manager, NotificationMutes::Table)
                    .col(bigint(NotificationMutes::MemberId))
                    .col(code(NotificationMutes::GroupCode, 16, None))
                    .primary_key(
                        Index::create()
                            .col(NotificationMutes::MemberId)
                            .col(NotificationMutes::GroupCode),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                table(manager, Likes::Table)
                    .col(id(Likes::Id))
                    .col(bigint(Likes::MemberId))
                    .col(bigint(Likes::ProductId))
                    .col(utc(manager, Likes::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_likes_member_product",
                Likes::Table,
                [Likes::MemberId, Likes::ProductId],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_likes_member_id",
                Likes::Table,
                [Likes::MemberId, Likes::Id],
            ))
            .await?;
        manager
            .create_index(index("idx_likes_product", Likes::Table, [Likes::ProductId]))
            .await?;

        manager
            .create_table(
                table(manager, KeywordAlerts::Table)
                    .col(id(KeywordAlerts::Id))
                    .col(bigint(KeywordAlerts::MemberId))
                    // Lower-cased; matched by exact, byte-for-byte lookup of a listing name's
                    // substrings, so the binary collation.
                    .col(key_string(manager, KeywordAlerts::Keyword, 80).not_null())
                    .col(utc(manager, KeywordAlerts::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_keyword_alerts_member_keyword",
                KeywordAlerts::Table,
                [KeywordAlerts::MemberId, KeywordAlerts::Keyword],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_keyword_alerts_keyword",
                KeywordAlerts::Table,
                [KeywordAlerts::Keyword],
            ))
            .await?;

        manager
            .create_table(
                table(manager, Blocks::Table)
                    .col(id(Blocks::Id))
                    .col(bigint(Blocks::BlockerId))
                    .col(bigint(Blocks::BlockedId))
                    .col(utc(manager, Blocks::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_blocks_pair",
                Blocks::Table,
                [Blocks::BlockerId, Blocks::BlockedId],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_blocks_blocked",
                Blocks::Table,
                [Blocks::BlockedId],
            ))
            .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .add_column(utc_null(manager, Orders::ConfirmRemindedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .drop_column(Orders::ConfirmRemindedAt)
                    .to_owned(),
            )
            .await?;
        for name in [
            Blocks::Table.into_iden(),
            KeywordAlerts::Table.into_iden(),
            Likes::Table.into_iden(),
            NotificationMutes::Table.into_iden(),
            Notifications::Table.into_iden(),
        ] {
            manager.drop_table(drop(name)).await?;
        }
        Ok(())
    }
}

//! [`NoticeRepository`] on sea-orm.

use anyhow::anyhow;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_domain_common::{Page, Paged};
use junggye_products::notices::{
    Notice, NoticeButton, NoticeDraft, NoticeError, NoticeId, NoticeKind, NoticeRepository,
    NoticeStatus,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, DatabaseConnection,
    DatabaseTransaction, DbErr, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _, Select,
};
use serde::{Deserialize, Serialize};

use crate::entities::notices;
use crate::time::{from_db, to_db};

/// Notices in the `notices` table; deletion is soft (`deleted_at`).
#[derive(Debug, Clone)]
pub struct SeaNoticeRepository {
    db: DatabaseConnection,
}

impl SeaNoticeRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

/// The stored shape of a button (JSON text column).
#[derive(Serialize, Deserialize)]
struct ButtonRow {
    label: String,
    url: String,
}

fn unexpected(err: DbErr, what: &'static str) -> NoticeError {
    NoticeError::Unexpected(anyhow::Error::new(err).context(what))
}

fn to_notice(row: notices::Model) -> Result<Notice, NoticeError> {
    let id = row.id;
    let bad =
        |field: &str| NoticeError::Unexpected(anyhow!("stored notice {id} has an invalid {field}"));
    let buttons = match row.buttons.as_deref().filter(|b| !b.trim().is_empty()) {
        None => Vec::new(),
        Some(text) => serde_json::from_str::<Vec<ButtonRow>>(text)
            .map_err(|_| bad("buttons"))?
            .into_iter()
            .map(|b| NoticeButton {
                label: b.label,
                url: b.url,
            })
            .collect(),
    };
    Ok(Notice {
        id: NoticeId(row.id),
        draft: NoticeDraft {
            kind: NoticeKind::parse(&row.kind).ok_or_else(|| bad("kind"))?,
            title: row.title,
            body: row.body,
            image_url: row.image_url,
            buttons,
            status: NoticeStatus::parse(&row.status).ok_or_else(|| bad("status"))?,
            author: row.author,
        },
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
    })
}

fn buttons_json(draft: &NoticeDraft) -> Result<Option<String>, NoticeError> {
    if draft.buttons.is_empty() {
        return Ok(None);
    }
    let rows: Vec<ButtonRow> = draft
        .buttons
        .iter()
        .map(|b| ButtonRow {
            label: b.label.clone(),
            url: b.url.clone(),
        })
        .collect();
    serde_json::to_string(&rows)
        .map(Some)
        .map_err(|e| NoticeError::Unexpected(anyhow::Error::new(e).context("encoding buttons")))
}

fn live() -> Select<notices::Entity> {
    notices::Entity::find().filter(notices::Column::DeletedAt.is_null())
}

fn visible() -> Select<notices::Entity> {
    live().filter(
        notices::Column::Status
            .is_in([NoticeStatus::Pinned.code(), NoticeStatus::Published.code()]),
    )
}

/// Notices are cached with the listings (same catalog version), so a notice write bumps it.
async fn commit(txn: DatabaseTransaction) -> Result<(), NoticeError> {
    txn.commit()
        .await
        .map_err(|e| unexpected(e, "committing a notice change"))
}

impl SeaNoticeRepository {
    async fn begin_catalog_write(&self) -> Result<DatabaseTransaction, NoticeError> {
        crate::catalog::begin_write(&self.db)
            .await
            .map_err(|e| unexpected(e, "starting a notice change"))
    }
}

async fn page_of(
    db: &DatabaseConnection,
    query: Select<notices::Entity>,
    page: Page,
) -> Result<Paged<Notice>, NoticeError> {
    let rows = query
        .order_by_desc(notices::Column::CreatedAt)
        .order_by_desc(notices::Column::Id)
        .offset(page.offset())
        .limit(u64::from(page.size()) + 1)
        .all(db)
        .await
        .map_err(|e| unexpected(e, "listing notices"))?;
    let notices = rows
        .into_iter()
        .map(to_notice)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Paged::from_overfetch(notices, page.size()))
}

#[async_trait]
impl NoticeRepository for SeaNoticeRepository {
    async fn list_visible(&self, page: Page) -> Result<Paged<Notice>, NoticeError> {
        // Among the two visible codes, "pinned" sorts before "published": ascending status
        // puts pinned notices first and follows the (status, id) index.
        let query = visible().order_by_asc(notices::Column::Status);
        page_of(&self.db, query, page).await
    }

    async fn find_visible(&self, id: NoticeId) -> Result<Option<Notice>, NoticeError> {
        visible()
            .filter(notices::Column::Id.eq(id.0))
            .one(&self.db)
            .await
            .map_err(|e| unexpected(e, "reading a notice"))?
            .map(to_notice)
            .transpose()
    }

    async fn list_all(&self, page: Page) -> Result<Paged<Notice>, NoticeError> {
        page_of(&self.db, live(), page).await
    }

    async fn find(&self, id: NoticeId) -> Result<Option<Notice>, NoticeError> {
        live()
            .filter(notices::Column::Id.eq(id.0))
            .one(&self.db)
            .await
            .map_err(|e| unexpected(e, "reading a notice"))?
            .map(to_notice)
            .transpose()
    }

    async fn create(&self, draft: &NoticeDraft, at: DateTime<Utc>) -> Result<Notice, NoticeError> {
        let at = to_db(at);
        let txn = self.begin_catalog_write().await?;
        let row = notices::ActiveModel {
            kind: Set(draft.kind.code().to_owned()),
            title: Set(draft.title.clone()),
            body: Set(draft.body.clone()),
            image_url: Set(draft.image_url.clone()),
            buttons: Set(buttons_json(draft)?),
            status: Set(draft.status.code().to_owned()),
            author: Set(draft.author.clone()),
            created_at: Set(at),
            updated_at: Set(at),
            deleted_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| unexpected(e, "inserting a notice"))?;
        commit(txn).await?;
        to_notice(row)
    }

    async fn update(
        &self,
        id: NoticeId,
        draft: &NoticeDraft,
        at: DateTime<Utc>,
    ) -> Result<Notice, NoticeError> {
        let txn = self.begin_catalog_write().await?;
        let res = notices::Entity::update_many()
            .col_expr(notices::Column::Kind, Expr::value(draft.kind.code()))
            .col_expr(notices::Column::Title, Expr::value(draft.title.clone()))
            .col_expr(notices::Column::Body, Expr::value(draft.body.clone()))
            .col_expr(
                notices::Column::ImageUrl,
                Expr::value(draft.image_url.clone()),
            )
            .col_expr(notices::Column::Buttons, Expr::value(buttons_json(draft)?))
            .col_expr(notices::Column::Status, Expr::value(draft.status.code()))
            .col_expr(notices::Column::Author, Expr::value(draft.author.clone()))
            .col_expr(notices::Column::UpdatedAt, Expr::value(to_db(at)))
            .filter(notices::Column::Id.eq(id.0))
            .filter(notices::Column::DeletedAt.is_null())
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "updating a notice"))?;
        if res.rows_affected == 0 {
            return Err(NoticeError::NotFound);
        }
        commit(txn).await?;
        self.find(id).await?.ok_or(NoticeError::NotFound)
    }

    async fn delete(&self, id: NoticeId, at: DateTime<Utc>) -> Result<(), NoticeError> {
        let txn = self.begin_catalog_write().await?;
        let res = notices::Entity::update_many()
            .col_expr(notices::Column::DeletedAt, Expr::value(to_db(at)))
            .filter(notices::Column::Id.eq(id.0))
            .filter(notices::Column::DeletedAt.is_null())
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "deleting a notice"))?;
        if res.rows_affected == 0 {
            return Err(NoticeError::NotFound);
        }
        commit(txn).await
    }
}

//! [`LikeRepository`] on sea-orm: the `likes` table of migration 13, plain SQL on both backends.
//! Liked pages load their cards with the listing pages' one statement
//! ([`SeaProductRepository::cards`]).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_domain_common::{Page, Paged};
use junggye_products::likes::LikeRepository;
use junggye_products::{MemberId, Product, ProductError, ProductId, ProductStatus};
use sea_orm::{
    ColumnTrait as _, ConnectionTrait as _, DatabaseConnection, DbErr, EntityTrait as _,
    QueryFilter as _, QueryTrait as _, Statement, Value,
};

use crate::entities::products;
use crate::pair_toggle;
use crate::products::SeaProductRepository;

/// Likes in `likes`; the liked listings' cards through the product repository.
#[derive(Debug, Clone)]
pub struct SeaLikeRepository {
    db: DatabaseConnection,
    products: SeaProductRepository,
}

impl SeaLikeRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            products: SeaProductRepository::new(db.clone()),
            db,
        }
    }

    fn stmt(&self, sql: &str, values: Vec<Value>) -> Statement {
        Statement::from_sql_and_values(self.db.get_database_backend(), sql, values)
    }

    async fn column_i64(&self, sql: &str, values: Vec<Value>) -> Result<Vec<i64>, DbErr> {
        self.db
            .query_all_raw(self.stmt(sql, values))
            .await?
            .iter()
            .map(|row| row.try_get_by_index::<i64>(0))
            .collect()
    }
}

fn unexpected(err: DbErr, what: &'static str) -> ProductError {
    ProductError::Unexpected(anyhow::Error::new(err).context(what))
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

#[async_trait]
impl LikeRepository for SeaLikeRepository {
    async fn toggle(
        &self,
        member: MemberId,
        product: ProductId,
        at: DateTime<Utc>,
    ) -> Result<bool, ProductError> {
        pair_toggle::toggle(
            &self.db,
            "likes",
            ["member_id", "product_id"],
            [member.0, product.0],
            at,
        )
        .await
        .map_err(|e| unexpected(e, "toggling a like"))
    }

    async fn is_liked(&self, member: MemberId, product: ProductId) -> Result<bool, ProductError> {
        let found = self
            .column_i64(
                "SELECT id FROM likes WHERE member_id = ? AND product_id = ?",
                vec![member.0.into(), product.0.into()],
            )
            .await
            .map_err(|e| unexpected(e, "reading a like"))?;
        Ok(!found.is_empty())
    }

    async fn liked(
        &self,
        member: MemberId,
        statuses: &[ProductStatus],
        page: Page,
    ) -> Result<Paged<Product>, ProductError> {
        if statuses.is_empty() {
            return Ok(Paged {
                items: Vec::new(),
                has_more: false,
            });
        }
        let mut values: Vec<Value> = vec![member.0.into()];
        values.extend(statuses.iter().map(|s| Value::from(s.code())));
        values.push(false.into());
        values.push(member.0.into());
        values.push((u64::from(page.size()) + 1).into());
        values.push(page.offset().into());
        // The member's likes walk (member_id, id) backwards; the join only drops listings
        // gone from view: out of status, under review, or of a seller the member blocked.
        let ids = self
            .column_i64(
                &format!(
                    "SELECT l.product_id FROM likes l JOIN products p ON p.id = l.product_id \
                     WHERE l.member_id = ? AND p.status IN ({}) AND p.under_review = ? \
                     AND p.seller_id NOT IN (SELECT blocked_id FROM blocks WHERE blocker_id = ?) \
                     ORDER BY l.id DESC LIMIT ? OFFSET ?",
                    placeholders(statuses.len())
                ),
                values,
            )
            .await
            .map_err(|e| unexpected(e, "reading liked listings"))?;
        let page_ids = Paged::from_overfetch(ids, page.size());
        if page_ids.items.is_empty() {
            return Ok(Paged {
                items: Vec::new(),
                has_more: false,
            });
        }
        let inner = products::Entity::find()
            .filter(products::Column::Id.is_in(page_ids.items.clone()))
            .into_query();
        let mut cards = self.products.cards(&inner).await?;
        // Cards come in listing order; the page is in like order.
        cards.sort_by_key(|card| {
            page_ids
                .items
                .iter()
                .position(|id| *id == card.id.0)
                .unwrap_or(usize::MAX)
        });
        Ok(Paged {
            items: cards,
            has_more: page_ids.has_more,
        })
    }

    async fn count(&self, product: ProductId) -> Result<u64, ProductError> {
        let counted = self
            .column_i64(
                "SELECT COUNT(*) FROM likes WHERE product_id = ?",
                vec![product.0.into()],
            )
            .await
            .map_err(|e| unexpected(e, "counting likes"))?;
        Ok(counted
            .first()
            .map_or(0, |n| u64::try_from(*n).unwrap_or_default()))
    }

    async fn likers(&self, product: ProductId) -> Result<Vec<MemberId>, ProductError> {
        Ok(self
            .column_i64(
                "SELECT member_id FROM likes WHERE product_id = ? ORDER BY id",
                vec![product.0.into()],
            )
            .await
            .map_err(|e| unexpected(e, "reading a listing's likers"))?
            .into_iter()
            .map(MemberId)
            .collect())
    }
}

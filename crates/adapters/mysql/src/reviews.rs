//! Reviews and open-chat trades on either backend, in plain SQL with `?` placeholders. Every
//! write that changes a member's trade history recomputes their 매너온도 ([`crate::trust`])
//! in its own transaction, which also bumps the catalog version: cards show the score.

mod sale;

use anyhow::anyhow;
use async_trait::async_trait;
use chrono::NaiveDateTime;
use junggye_domain_common::{Page, Paged};
use junggye_members::{MemberId, MemberStatus, Rating};
use junggye_notifications::NewNotification;
use junggye_orders::{
    Liker, NewReview, OpenChatSale, OrderId, OrderStatus, ProductId, ReceivedReviews, Review,
    ReviewError, ReviewFilter, ReviewId, ReviewRepository, Trade,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, QueryResult, SqlErr, Statement, Value};

use crate::{from_db, to_db};

#[derive(Debug, Clone)]
pub struct SeaReviewRepository {
    db: DatabaseConnection,
}

impl SeaReviewRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

pub(crate) fn unexpected(err: impl Into<anyhow::Error>, what: &'static str) -> ReviewError {
    ReviewError::Unexpected(err.into().context(what))
}

pub(crate) fn stmt<C: ConnectionTrait>(db: &C, sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(db.get_database_backend(), sql, values)
}

const REVIEW_COLUMNS: &str = "r.id, r.order_id, r.reviewer_id, r.reviewee_id, r.rating, \
     r.text, r.created_at, m.nickname AS reviewer_nickname";
const REVIEW_FROM: &str = "FROM reviews r LEFT JOIN members m ON m.id = r.reviewer_id";

fn to_review(row: &QueryResult) -> Result<Review, ReviewError> {
    let read = |e: DbErr| unexpected(e, "reading a review");
    let code: String = row.try_get("", "rating").map_err(read)?;
    let created_at: NaiveDateTime = row.try_get("", "created_at").map_err(read)?;
    Ok(Review {
        id: ReviewId(row.try_get("", "id").map_err(read)?),
        order: OrderId(row.try_get("", "order_id").map_err(read)?),
        reviewer: MemberId(row.try_get("", "reviewer_id").map_err(read)?),
        reviewer_nickname: row
            .try_get::<Option<String>>("", "reviewer_nickname")
            .map_err(read)?
            .unwrap_or_default(),
        reviewee: MemberId(row.try_get("", "reviewee_id").map_err(read)?),
        rating: Rating::from_code(&code)
            .ok_or_else(|| ReviewError::Unexpected(anyhow!("stored rating {code:?}")))?,
        text: row.try_get("", "text").map_err(read)?,
        created_at: from_db(created_at),
    })
}

async fn reviews<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<Review>, ReviewError> {
    db.query_all_raw(stmt(db, sql, values))
        .await
        .map_err(|e| unexpected(e, "listing reviews"))?
        .iter()
        .map(to_review)
        .collect()
}

#[async_trait]
impl ReviewRepository for SeaReviewRepository {
    async fn trade(&self, order: OrderId) -> Result<Option<Trade>, ReviewError> {
        let row = self
            .db
            .query_one_raw(stmt(
                &self.db,
                "SELECT id, product_id, item_name, buyer_id, seller_id, status \
                 FROM orders WHERE id = ?",
                vec![order.0.into()],
            ))
            .await
            .map_err(|e| unexpected(e, "loading a trade"))?;
        let Some(row) = row else { return Ok(None) };
        let read = |e: DbErr| unexpected(e, "reading a trade");
        let status: String = row.try_get("", "status").map_err(read)?;
        Ok(Some(Trade {
            order,
            product: ProductId(row.try_get("", "product_id").map_err(read)?),
            item_name: row.try_get("", "item_name").map_err(read)?,
            buyer: MemberId(row.try_get("", "buyer_id").map_err(read)?),
            seller: MemberId(row.try_get("", "seller_id").map_err(read)?),
            completed: OrderStatus::from_code(&status) == Some(OrderStatus::Completed),
        }))
    }

    async fn insert(
        &self,
        review: &NewReview,
        outbox: &[NewNotification],
    ) -> Result<ReviewId, ReviewError> {
        let at = to_db(review.at);
        let txn = crate::catalog::begin_write(&self.db)
            .await
            .map_err(|e| unexpected(e, "starting a review insert"))?;
        let res = txn
            .execute_raw(stmt(
                &txn,
                "INSERT INTO reviews (order_id, reviewer_id, reviewee_id, rating, text, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?)",
                vec![
                    review.order.0.into(),
                    review.reviewer.0.into(),
                    review.reviewee.0.into(),
                    review.rating.code().into(),
                    review.text.as_ref().map(|t| t.as_str().to_owned()).into(),
                    at.into(),
                ],
            ))
            .await;
        let id = match res {
            Ok(res) => i64::try_from(res.last_insert_id())
                .map_err(|e| unexpected(e, "reading a review id"))?,
            // The unique (order, reviewer) key settles a double tap; dropping txn rolls back.
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(ReviewError::AlreadyReviewed);
            }
            Err(e) => return Err(unexpected(e, "inserting a review")),
        };
        crate::trust::recompute(&txn, review.reviewee.0)
            .await
            .map_err(|e| unexpected(e, "recomputing a score"))?;
        crate::notifications::write_notifications(&txn, outbox, at)
            .await
            .map_err(|e| unexpected(e, "storing a review's notification"))?;
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing a review"))?;
        Ok(ReviewId(id))
    }

    async fn received(&self, member: MemberId, limit: u32) -> Result<ReceivedReviews, ReviewError> {
        let total: i64 = self
            .db
            .query_one_raw(stmt(
                &self.db,
                "SELECT COUNT(*) AS n FROM reviews WHERE reviewee_id = ?",
                vec![member.0.into()],
            ))
            .await
            .map_err(|e| unexpected(e, "counting reviews"))?
            .map(|row| row.try_get("", "n"))
            .transpose()
            .map_err(|e| unexpected(e, "counting reviews"))?
            .unwrap_or(0);
        let latest = reviews(
            &self.db,
            &format!(
                "SELECT {REVIEW_COLUMNS} {REVIEW_FROM} WHERE r.reviewee_id = ? \
                 ORDER BY r.id DESC LIMIT ?"
            ),
            vec![member.0.into(), i64::from(limit).into()],
        )
        .await?;
        Ok(ReceivedReviews {
            total: u32::try_from(total).unwrap_or(u32::MAX),
            latest,
        })
    }

    async fn list(&self, filter: ReviewFilter, page: Page) -> Result<Paged<Review>, ReviewError> {
        let mut conditions = vec!["1 = 1"];
        let mut values: Vec<Value> = Vec::new();
        if let Some(member) = filter.member {
            conditions.push("(r.reviewer_id = ? OR r.reviewee_id = ?)");
            values.extend([member.0.into(), member.0.into()]);
        }
        if let Some(order) = filter.order {
            conditions.push("r.order_id = ?");
            values.push(order.0.into());
        }
        values.push((i64::from(page.size()) + 1).into());
        values.push(i64::try_from(page.offset()).unwrap_or(i64::MAX).into());
        let rows = reviews(
            &self.db,
            &format!(
                "SELECT {REVIEW_COLUMNS} {REVIEW_FROM} WHERE {} \
                 ORDER BY r.id DESC LIMIT ? OFFSET ?",
                conditions.join(" AND ")
            ),
            values,
        )
        .await?;
        Ok(Paged::from_overfetch(rows, page.size()))
    }

    async fn delete(&self, id: ReviewId) -> Result<bool, ReviewError> {
        let txn = crate::catalog::begin_write(&self.db)
            .await
            .map_err(|e| unexpected(e, "starting a review deletion"))?;
        let reviewee: Option<i64> = txn
            .query_one_raw(stmt(
                &txn,
                "SELECT reviewee_id FROM reviews WHERE id = ?",
                vec![id.0.into()],
            ))
            .await
            .map_err(|e| unexpected(e, "finding a review"))?
            .map(|row| row.try_get("", "reviewee_id"))
            .transpose()
            .map_err(|e| unexpected(e, "finding a review"))?;
        let Some(reviewee) = reviewee else {
            return Ok(false);
        };
        txn.execute_raw(stmt(
            &txn,
            "DELETE FROM reviews WHERE id = ?",
            vec![id.0.into()],
        ))
        .await
        .map_err(|e| unexpected(e, "deleting a review"))?;
        crate::trust::recompute(&txn, reviewee)
            .await
            .map_err(|e| unexpected(e, "recomputing a score"))?;
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing a review deletion"))?;
        Ok(true)
    }

    async fn likers(&self, product: ProductId) -> Result<Vec<Liker>, ReviewError> {
        let rows = self
            .db
            .query_all_raw(stmt(
                &self.db,
                "SELECT l.member_id, m.nickname FROM likes l \
                 JOIN members m ON m.id = l.member_id \
                 WHERE l.product_id = ? AND m.status = ? ORDER BY l.id",
                vec![product.0.into(), MemberStatus::Active.code().into()],
            ))
            .await
            .map_err(|e| unexpected(e, "listing likers"))?;
        rows.iter()
            .map(|row| {
                let read = |e: DbErr| unexpected(e, "reading a liker");
                Ok(Liker {
                    id: MemberId(row.try_get("", "member_id").map_err(read)?),
                    nickname: row.try_get("", "nickname").map_err(read)?,
                })
            })
            .collect()
    }

    async fn record_open_chat_sale(
        &self,
        sale: &OpenChatSale,
    ) -> Result<Option<OrderId>, ReviewError> {
        sale::record(&self.db, sale).await
    }
}

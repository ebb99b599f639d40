//! [`WithdrawalRepository`] on sea-orm: the orders domain's withdrawal plan applied to
//! `members`, `products`, `product_images` and `image_deletions` in one transaction.

use async_trait::async_trait;
use junggye_members::{MemberError, MemberId, MemberStatus, OpenTrades};
use junggye_orders::{OrderStatus, WithdrawalPlan, WithdrawalRepository};
use sea_orm::sea_query::{Expr, ExprTrait as _, Query};
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait as _, ConnectionTrait, DbErr,
    EntityTrait as _, QueryFilter as _, QuerySelect as _,
};

use crate::entities::{image_deletions, members, orders, product_images, products};
use crate::members::{SeaMemberRepository, lock_live_member, unexpected};
use crate::time::now_db;

/// Orders in `statuses` on each side. With `lock`, the reads are locking reads on MySQL (they see the
/// latest committed orders and hold off new ones for this member until commit).
async fn count_open_trades<C: ConnectionTrait>(
    db: &C,
    id: MemberId,
    statuses: &[OrderStatus],
    lock: bool,
) -> Result<OpenTrades, DbErr> {
    let count = |side: orders::Column| {
        let mut query = orders::Entity::find()
            .select_only()
            .column_as(orders::Column::Id.count(), "n")
            .filter(side.eq(id.0))
            .filter(orders::Column::Status.is_in(statuses.iter().map(|s| s.code())));
        if lock {
            query = query.lock_exclusive();
        }
        query.into_tuple::<i64>().one(db)
    };
    let as_buyer = count(orders::Column::BuyerId).await?.unwrap_or(0);
    let as_seller = count(orders::Column::SellerId).await?.unwrap_or(0);
    Ok(OpenTrades {
        as_buyer: u32::try_from(as_buyer).unwrap_or(u32::MAX),
        as_seller: u32::try_from(as_seller).unwrap_or(u32::MAX),
    })
}

#[async_trait]
impl WithdrawalRepository for SeaMemberRepository {
    async fn open_trades(
        &self,
        id: MemberId,
        statuses: &'static [OrderStatus],
    ) -> Result<OpenTrades, MemberError> {
        count_open_trades(&self.db, id, statuses, false)
            .await
            .map_err(|e| unexpected(e, "counting open trades"))
    }

    async fn withdraw(&self, plan: &WithdrawalPlan) -> Result<(), MemberError> {
        let id = plan.member;
        let txn = crate::catalog::begin_write(&self.db)
            .await
            .map_err(|e| unexpected(e, "starting a withdrawal"))?;
        let at = now_db();
        // Dropping `txn` without commit rolls back, so every early return changes nothing.
        if !lock_live_member(&txn, id, at)
            .await
            .map_err(|e| unexpected(e, "locking a withdrawing member"))?
        {
            return Err(MemberError::NotFound);
        }
        let open = count_open_trades(&txn, id, plan.blocking_orders, true)
            .await
            .map_err(|e| unexpected(e, "re-checking open trades"))?;
        if !open.is_empty() {
            return Err(MemberError::OpenTrades(open));
        }

        products::Entity::update_many()
            .col_expr(
                products::Column::Status,
                Expr::value(plan.listings.to.code()),
            )
            .col_expr(products::Column::DeletedAt, Expr::value(at))
            .col_expr(products::Column::UpdatedAt, Expr::value(at))
            .col_expr(
                products::Column::Version,
                Expr::col(products::Column::Version).add(1),
            )
            .filter(products::Column::SellerId.eq(id.0))
            .filter(products::Column::Status.is_in(plan.listings.from.iter().map(|s| s.code())))
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "deleting a withdrawing member's listings"))?;

        // Photos of every deleted listing of the member: the ones just deleted, and any an
        // earlier deletion left unmarked.
        product_images::Entity::update_many()
            .col_expr(product_images::Column::DeletedAt, Expr::value(at))
            .filter(product_images::Column::DeletedAt.is_null())
            .filter(
                product_images::Column::ProductId.in_subquery(
                    Query::select()
                        .column(products::Column::Id)
                        .from(products::Entity)
                        .and_where(products::Column::SellerId.eq(id.0))
                        .and_where(products::Column::Status.eq(plan.listings.to.code()))
                        .to_owned(),
                ),
            )
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "marking a withdrawing member's photos"))?;

        let profile_image = members::Entity::find_by_id(id.0)
            .one(&txn)
            .await
            .map_err(|e| unexpected(e, "reading a withdrawing member"))?
            .and_then(|row| row.profile_image);
        if let Some(key) = profile_image {
            // The member row forgets the key (a re-join starts without a picture); the queue
            // row keeps it until the cleanup job has deleted the object.
            image_deletions::ActiveModel {
                storage_key: Set(key),
                created_at: Set(at),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(|e| unexpected(e, "queueing a profile image for deletion"))?;
        }

        members::Entity::update_many()
            .col_expr(
                members::Column::Status,
                Expr::value(MemberStatus::Withdrawn.code()),
            )
            .col_expr(members::Column::WithdrawnAt, Expr::value(at))
            .col_expr(members::Column::ProfileImage, Expr::value(None::<String>))
            .col_expr(members::Column::UpdatedAt, Expr::value(at))
            .filter(members::Column::Id.eq(id.0))
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "marking a member withdrawn"))?;

        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing a withdrawal"))
    }
}

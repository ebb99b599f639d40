//! The admin list of [`super::SeaOrderRepository`].

use junggye_domain_common::{Page, Paged};
use junggye_orders::{Order, OrderError, OrderStatus};
use sea_orm::{
    ColumnTrait as _, EntityTrait as _, QueryFilter as _, QueryOrder as _, QuerySelect as _,
};

use super::{SeaOrderRepository, load_many, unexpected};
use crate::entities::orders;

impl SeaOrderRepository {
    pub(super) async fn admin_page(
        &self,
        status: Option<OrderStatus>,
        page: Page,
    ) -> Result<Paged<Order>, OrderError> {
        let mut query = orders::Entity::find();
        if let Some(status) = status {
            query = query.filter(orders::Column::Status.eq(status.code()));
        }
        let rows = query
            .order_by_desc(orders::Column::Id)
            .offset(page.offset())
            // One more row than asked proves a next page without a COUNT(*).
            .limit(u64::from(page.size()) + 1)
            .all(&self.db)
            .await
            .map_err(|e| unexpected(e, "listing orders for admins"))?;
        Ok(Paged::from_overfetch(
            load_many(&self.db, rows).await?,
            page.size(),
        ))
    }
}

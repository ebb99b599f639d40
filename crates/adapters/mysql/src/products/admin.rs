//! The admin side of [`super::SeaProductRepository`]: the filtered offset list and field edits.

use junggye_domain_common::{Page, Paged};
use junggye_products::{
    AdminFilter, ListingDraft, Product, ProductError, ProductId, ProductStatus,
};
use sea_orm::{
    ColumnTrait as _, Condition, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _, QueryTrait as _,
};

use super::{SeaProductRepository, search};
use crate::entities::products;

impl SeaProductRepository {
    pub(super) async fn admin_page(
        &self,
        filter: &AdminFilter,
        page: Page,
    ) -> Result<Paged<Product>, ProductError> {
        let mut cond = Condition::all();
        cond = match filter.status {
            Some(status) => cond.add(products::Column::Status.eq(status.code())),
            None => cond.add(products::Column::Status.ne(ProductStatus::Deleted.code())),
        };
        if let Some(category) = filter.category {
            cond = cond.add(products::Column::Category.eq(category.code()));
        }
        if let Some(seller) = filter.seller {
            cond = cond.add(products::Column::SellerId.eq(seller.0));
        }
        if let Some(keyword) = &filter.keyword {
            cond = cond.add(search::condition(keyword.as_str(), None));
        }
        let inner = products::Entity::find()
            .filter(cond)
            .order_by_desc(products::Column::Id)
            .offset(page.offset())
            // One more row than asked proves a next page without a COUNT(*).
            .limit(u64::from(page.size()) + 1)
            .into_query();
        Ok(Paged::from_overfetch(
            self.cards(&inner).await?,
            page.size(),
        ))
    }

    pub(super) async fn replace_fields(
        &self,
        id: ProductId,
        version: i32,
        draft: &ListingDraft,
    ) -> Result<Product, ProductError> {
        // An admin's correction is not the seller's care: the stale clock keeps running.
        self.write_fields(id, version, draft, None).await
    }
}

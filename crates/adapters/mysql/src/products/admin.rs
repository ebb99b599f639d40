//! The admin side of [`super::SeaProductRepository`]: the filtered offset list and field edits.

use junggye_domain_common::{Page, Paged};
use junggye_products::{
    AdminFilter, ListingDraft, Product, ProductError, ProductId, ProductStatus,
};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ColumnTrait as _, Condition, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    QuerySelect as _, QueryTrait as _,
};

use super::{SeaProductRepository, search, unexpected};
use crate::entities::products;
use crate::time::now_db;
use junggye_products::ProductRepository as _;

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
        let txn = crate::catalog::begin_write(&self.db)
            .await
            .map_err(|e| unexpected(e, "starting a listing edit"))?;
        // The version check makes an edit and a racing status change serial, as there.
        let res = products::Entity::update_many()
            .col_expr(products::Column::Name, Expr::value(draft.name.as_str()))
            .col_expr(products::Column::Price, Expr::value(draft.price.won()))
            .col_expr(
                products::Column::Description,
                Expr::value(draft.description.as_str()),
            )
            .col_expr(
                products::Column::Location,
                Expr::value(draft.location.as_str()),
            )
            .col_expr(
                products::Column::OpenChatUrl,
                Expr::value(draft.open_chat_url.as_str()),
            )
            .col_expr(
                products::Column::Category,
                Expr::value(draft.category.code()),
            )
            .col_expr(products::Column::UpdatedAt, Expr::value(now_db()))
            .col_expr(
                products::Column::Version,
                Expr::col(products::Column::Version).add(1),
            )
            .filter(products::Column::Id.eq(id.0))
            .filter(products::Column::Version.eq(version))
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "editing a listing"))?;
        if res.rows_affected == 0 {
            let exists = products::Entity::find_by_id(id.0)
                .one(&txn)
                .await
                .map_err(|e| unexpected(e, "re-reading a listing"))?
                .is_some();
            return Err(if exists {
                ProductError::Conflict
            } else {
                ProductError::NotFound
            });
        }
        // Same transaction: search never finds a listing under a name it no longer has.
        search::index_name(&txn, id.0, draft.name.as_str())
            .await
            .map_err(|e| unexpected(e, "re-indexing a listing name"))?;
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing a listing edit"))?;
        self.find(id).await?.ok_or(ProductError::NotFound)
    }
}

//! Field edits (the admin's and the owner's, with photos) and bumps (끌올).

use chrono::{DateTime, Utc};
use junggye_products::{
    ListingDraft, ListingEdit, Product, ProductError, ProductId, ProductRepository as _,
};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseTransaction, EntityTrait as _,
    QueryFilter as _,
};

use super::{SeaProductRepository, photo_rows, search, unexpected};
use crate::entities::{product_images, products};
use crate::time::{now_db, to_db};

/// `Conflict` when the listing exists (its version moved on), else `NotFound`.
async fn missed(txn: &DatabaseTransaction, id: ProductId) -> ProductError {
    match products::Entity::find_by_id(id.0).one(txn).await {
        Ok(Some(_)) => ProductError::Conflict,
        Ok(None) => ProductError::NotFound,
        Err(e) => unexpected(e, "re-reading a listing"),
    }
}

impl SeaProductRepository {
    /// Replaces the fields of a listing still at `version`; with `care`, the owner's edit, also
    /// its photos (when given) and the stale clock.
    pub(super) async fn write_fields(
        &self,
        id: ProductId,
        version: i32,
        draft: &ListingDraft,
        care: Option<&ListingEdit>,
    ) -> Result<Product, ProductError> {
        let txn = crate::catalog::begin_write(&self.db)
            .await
            .map_err(|e| unexpected(e, "starting a listing edit"))?;
        let at = care.map_or_else(now_db, |edit| to_db(edit.at));
        let mut update = products::Entity::update_many()
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
            .col_expr(products::Column::UpdatedAt, Expr::value(at))
            .col_expr(
                products::Column::Version,
                Expr::col(products::Column::Version).add(1),
            );
        if care.is_some() {
            update = update
                .col_expr(products::Column::TouchedAt, Expr::value(at))
                .col_expr(
                    products::Column::StaleRemindedAt,
                    Expr::value(Option::<chrono::NaiveDateTime>::None),
                );
        }
        // The version check makes an edit and a racing status change serial, as there.
        let res = update
            .filter(products::Column::Id.eq(id.0))
            .filter(products::Column::Version.eq(version))
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "editing a listing"))?;
        if res.rows_affected == 0 {
            return Err(missed(&txn, id).await);
        }
        if let Some(photos) = care.and_then(|edit| edit.photos.as_ref()) {
            // The cleanup job removes marked photos from the image store, then the rows.
            product_images::Entity::update_many()
                .col_expr(product_images::Column::DeletedAt, Expr::value(at))
                .filter(product_images::Column::ProductId.eq(id.0))
                .filter(product_images::Column::DeletedAt.is_null())
                .exec(&txn)
                .await
                .map_err(|e| unexpected(e, "retiring a listing's photos"))?;
            for photo in photo_rows(photos, id.0, at) {
                photo
                    .insert(&txn)
                    .await
                    .map_err(|e| unexpected(e, "inserting a listing photo"))?;
            }
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

    pub(super) async fn owner_edit(
        &self,
        id: ProductId,
        version: i32,
        edit: &ListingEdit,
    ) -> Result<Product, ProductError> {
        self.write_fields(id, version, &edit.draft, Some(edit))
            .await
    }

    pub(super) async fn bump_to_top(
        &self,
        id: ProductId,
        version: i32,
        at: DateTime<Utc>,
    ) -> Result<Product, ProductError> {
        let txn = crate::catalog::begin_write(&self.db)
            .await
            .map_err(|e| unexpected(e, "starting a bump"))?;
        let stamp = to_db(at);
        let res = products::Entity::update_many()
            .col_expr(
                products::Column::ListedMicros,
                Expr::value(at.timestamp_micros()),
            )
            .col_expr(products::Column::BumpedAt, Expr::value(stamp))
            .col_expr(products::Column::TouchedAt, Expr::value(stamp))
            .col_expr(
                products::Column::StaleRemindedAt,
                Expr::value(Option::<chrono::NaiveDateTime>::None),
            )
            .col_expr(products::Column::UpdatedAt, Expr::value(stamp))
            .col_expr(
                products::Column::Version,
                Expr::col(products::Column::Version).add(1),
            )
            .filter(products::Column::Id.eq(id.0))
            .filter(products::Column::Version.eq(version))
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "bumping a listing"))?;
        if res.rows_affected == 0 {
            return Err(missed(&txn, id).await);
        }
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing a bump"))?;
        self.find(id).await?.ok_or(ProductError::NotFound)
    }
}

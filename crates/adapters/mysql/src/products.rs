//! [`ProductRepository`] on sea-orm: listings, their photos and the search index.

mod admin;
mod bulk;
mod care;
mod pages;
mod search;
mod stale;
mod visibility;

use anyhow::anyhow;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDateTime, Utc};
use junggye_domain_common::{Page, Paged};
use junggye_members::MannerScore;
use junggye_products::{
    AdminFilter, Category, Cursor, Description, ListFilter, ListOrder, ListingDraft, ListingEdit,
    ListingPhoto, Location, MemberId, NewProduct, OpenChatUrl, Price, Product, ProductError,
    ProductId, ProductName, ProductRepository, ProductStatus, SellerProfile, SortKey, Visibility,
};
use sea_orm::sea_query::{
    Expr, ExprTrait as _, MysqlQueryBuilder, SelectStatement, SqliteQueryBuilder,
};
use sea_orm::{
    ActiveModelTrait as _, ActiveValue, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait as _,
    DatabaseConnection, DbBackend, DbErr, EntityTrait as _, FromQueryResult, QueryFilter as _,
    QueryTrait as _, Statement,
};

use crate::entities::{product_images, products};
use crate::listing_query::{cards_sql, split_photos};
use crate::time::{from_db, now_db, to_db};

pub use bulk::SeaBulkListings;
pub use pages::{order_sql, page_query};

/// Listings in `products`, photos in `product_images`, search grams in `product_name_bigrams`.
#[derive(Debug, Clone)]
pub struct SeaProductRepository {
    db: DatabaseConnection,
}

impl SeaProductRepository {
    /// A repository on this pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn unexpected(err: DbErr, what: &'static str) -> ProductError {
    ProductError::Unexpected(anyhow::Error::new(err).context(what))
}

/// The row of a new listing: on sale, version 0. `id` is `NotSet` for the database to pick.
fn listing_row(new: &NewProduct, id: ActiveValue<i64>) -> products::ActiveModel {
    let at = to_db(new.created_at);
    let draft = &new.draft;
    products::ActiveModel {
        id,
        seller_id: Set(new.seller.0),
        name: Set(draft.name.as_str().to_owned()),
        price: Set(draft.price.won()),
        description: Set(draft.description.as_str().to_owned()),
        location: Set(draft.location.as_str().to_owned()),
        open_chat_url: Set(draft.open_chat_url.as_str().to_owned()),
        category: Set(draft.category.code().to_owned()),
        status: Set(ProductStatus::OnSale.code().to_owned()),
        buyer_id: Set(None),
        version: Set(0),
        created_at: Set(at),
        updated_at: Set(at),
        deleted_at: Set(None),
        under_review: Set(false),
        listed_micros: Set(new.created_at.timestamp_micros()),
        bumped_at: Set(None),
        touched_at: Set(Some(at)),
        stale_reminded_at: Set(None),
    }
}

/// Photo rows of a listing, in upload order.
fn photo_rows(
    photos: &[ListingPhoto],
    product_id: i64,
    at: NaiveDateTime,
) -> impl Iterator<Item = product_images::ActiveModel> + '_ {
    photos
        .iter()
        .enumerate()
        .map(move |(position, photo)| product_images::ActiveModel {
            id: NotSet,
            product_id: Set(product_id),
            position: Set(i16::try_from(position).unwrap_or(i16::MAX)),
            storage_key: Set(photo.key.clone()),
            content_type: Set(photo.content_type.clone()),
            size_bytes: Set(i32::try_from(photo.size).unwrap_or(i32::MAX)),
            created_at: Set(at),
            deleted_at: Set(None),
        })
}

fn listed_codes() -> [&'static str; 2] {
    ProductStatus::LISTED.map(ProductStatus::code)
}

/// A stored row that fails the domain's checks is a bug or a bad manual edit: reported, not
/// patched.
pub(crate) fn to_product(
    row: products::Model,
    seller: Option<SellerProfile>,
    photos: Vec<String>,
) -> Result<Product, ProductError> {
    let id = row.id;
    let bad = |field: &str| {
        ProductError::Unexpected(anyhow!("stored product {id} has an invalid {field}"))
    };
    let seller = seller.ok_or_else(|| bad("seller"))?;
    Ok(Product {
        id: ProductId(row.id),
        seller,
        draft: ListingDraft {
            name: ProductName::parse(&row.name).map_err(|_| bad("name"))?,
            price: Price::from_won(row.price).map_err(|_| bad("price"))?,
            description: Description::parse(&row.description).map_err(|_| bad("description"))?,
            location: Location::parse(&row.location).map_err(|_| bad("location"))?,
            open_chat_url: OpenChatUrl::parse(&row.open_chat_url)
                .map_err(|_| bad("open_chat_url"))?,
            category: Category::parse(&row.category).ok_or_else(|| bad("category"))?,
        },
        status: ProductStatus::from_code(&row.status).ok_or_else(|| bad("status"))?,
        photos,
        version: row.version,
        created_at: from_db(row.created_at),
        under_review: row.under_review,
        listed_at: DateTime::from_timestamp_micros(row.listed_micros)
            .ok_or_else(|| bad("listed_micros"))?,
        bumped_at: row.bumped_at.map(from_db),
    })
}

impl SeaProductRepository {
    /// The cards of the listings `inner` selects, newest (largest id) first.
    pub(crate) async fn cards(
        &self,
        inner: &SelectStatement,
    ) -> Result<Vec<Product>, ProductError> {
        self.cards_in(inner, SortKey::IdDesc).await
    }

    /// The cards of the listings `inner` selects, in `key` order, in one statement
    /// ([`cards_sql`]).
    pub(crate) async fn cards_in(
        &self,
        inner: &SelectStatement,
        key: SortKey,
    ) -> Result<Vec<Product>, ProductError> {
        let backend = self.db.get_database_backend();
        let (inner_sql, values) = match backend {
            DbBackend::Sqlite => inner.build(SqliteQueryBuilder),
            _ => inner.build(MysqlQueryBuilder),
        };
        let statement =
            Statement::from_sql_and_values(backend, cards_sql(backend, &inner_sql, key), values);
        CardRow::find_by_statement(statement)
            .all(&self.db)
            .await
            .map_err(|e| unexpected(e, "loading listing cards"))?
            .into_iter()
            .map(CardRow::into_product)
            .collect()
    }
}

/// A row of [`cards_sql`].
#[derive(Debug, FromQueryResult)]
struct CardRow {
    id: i64,
    seller_id: i64,
    name: String,
    price: i64,
    description: String,
    location: String,
    open_chat_url: String,
    category: String,
    status: String,
    buyer_id: Option<i64>,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    listed_micros: i64,
    bumped_at: Option<NaiveDateTime>,
    touched_at: Option<NaiveDateTime>,
    stale_reminded_at: Option<NaiveDateTime>,
    seller_nickname: Option<String>,
    seller_profile_image: Option<String>,
    photo_keys: Option<String>,
    seller_manner_tenths: Option<i32>,
    under_review: bool,
}

impl CardRow {
    fn into_product(self) -> Result<Product, ProductError> {
        let seller = self.seller_nickname.map(|nickname| SellerProfile {
            id: MemberId(self.seller_id),
            nickname,
            profile_image: self.seller_profile_image,
            manner: MannerScore::from_tenths(i64::from(
                self.seller_manner_tenths
                    .unwrap_or(MannerScore::START.tenths()),
            )),
        });
        let row = products::Model {
            id: self.id,
            seller_id: self.seller_id,
            name: self.name,
            price: self.price,
            description: self.description,
            location: self.location,
            open_chat_url: self.open_chat_url,
            category: self.category,
            status: self.status,
            buyer_id: self.buyer_id,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
            deleted_at: self.deleted_at,
            under_review: self.under_review,
            listed_micros: self.listed_micros,
            bumped_at: self.bumped_at,
            touched_at: self.touched_at,
            stale_reminded_at: self.stale_reminded_at,
        };
        to_product(row, seller, split_photos(self.photo_keys))
    }
}

#[async_trait]
impl ProductRepository for SeaProductRepository {
    async fn create(&self, new: &NewProduct) -> Result<Product, ProductError> {
        let txn = crate::catalog::begin_write(&self.db)
            .await
            .map_err(|e| unexpected(e, "starting a listing insert"))?;
        let row = listing_row(new, NotSet)
            .insert(&txn)
            .await
            .map_err(|e| unexpected(e, "inserting a listing"))?;
        for photo in photo_rows(&new.photos, row.id, to_db(new.created_at)) {
            photo
                .insert(&txn)
                .await
                .map_err(|e| unexpected(e, "inserting a listing photo"))?;
        }
        // Same transaction: a listing is never searchable without its photos or vice versa.
        search::index_name(&txn, row.id, new.draft.name.as_str())
            .await
            .map_err(|e| unexpected(e, "indexing a listing name"))?;
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing a listing insert"))?;
        self.find(ProductId(row.id))
            .await?
            .ok_or_else(|| ProductError::Unexpected(anyhow!("a new listing vanished")))
    }

    async fn find(&self, id: ProductId) -> Result<Option<Product>, ProductError> {
        let inner = products::Entity::find_by_id(id.0).into_query();
        Ok(self.cards(&inner).await?.into_iter().next())
    }

    async fn list(
        &self,
        filter: &ListFilter,
        order: &ListOrder,
        before: Option<Cursor>,
        limit: u32,
        visibility: &Visibility,
    ) -> Result<Vec<Product>, ProductError> {
        self.cards_in(
            &page_query(filter, order, before, limit, visibility),
            SortKey::of(filter, order.sort),
        )
        .await
    }

    async fn change_status(
        &self,
        id: ProductId,
        version: i32,
        to: ProductStatus,
    ) -> Result<Product, ProductError> {
        let txn = crate::catalog::begin_write(&self.db)
            .await
            .map_err(|e| unexpected(e, "starting a status change"))?;
        let at = now_db();
        let mut update = products::Entity::update_many()
            .col_expr(products::Column::Status, Expr::value(to.code()))
            .col_expr(products::Column::UpdatedAt, Expr::value(at))
            .col_expr(
                products::Column::Version,
                Expr::col(products::Column::Version).add(1),
            );
        if to == ProductStatus::Deleted {
            update = update.col_expr(products::Column::DeletedAt, Expr::value(at));
        }
        // The version check makes two racing changes serial: only one still sees `version`.
        let res = update
            .filter(products::Column::Id.eq(id.0))
            .filter(products::Column::Version.eq(version))
            .exec(&txn)
            .await
            .map_err(|e| unexpected(e, "changing a listing status"))?;
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
        if to == ProductStatus::Deleted {
            // The cleanup job removes marked photos from the image store, then the rows.
            product_images::Entity::update_many()
                .col_expr(product_images::Column::DeletedAt, Expr::value(at))
                .filter(product_images::Column::ProductId.eq(id.0))
                .filter(product_images::Column::DeletedAt.is_null())
                .exec(&txn)
                .await
                .map_err(|e| unexpected(e, "marking a deleted listing's photos"))?;
        }
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing a status change"))?;
        self.find(id).await?.ok_or(ProductError::NotFound)
    }

    async fn admin_list(
        &self,
        filter: &AdminFilter,
        page: Page,
    ) -> Result<Paged<Product>, ProductError> {
        self.admin_page(filter, page).await
    }

    async fn update_fields(
        &self,
        id: ProductId,
        version: i32,
        draft: &ListingDraft,
    ) -> Result<Product, ProductError> {
        self.replace_fields(id, version, draft).await
    }

    async fn edit(
        &self,
        id: ProductId,
        version: i32,
        edit: &ListingEdit,
    ) -> Result<Product, ProductError> {
        self.owner_edit(id, version, edit).await
    }

    async fn bump(
        &self,
        id: ProductId,
        version: i32,
        at: DateTime<Utc>,
    ) -> Result<Product, ProductError> {
        self.bump_to_top(id, version, at).await
    }
}

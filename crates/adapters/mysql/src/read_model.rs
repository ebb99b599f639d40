//! The listing and member ports with their hot reads on the SQLite read model
//! ([`SqliteReads`]) and everything else on sea-orm: two adapters of one port, chosen by the
//! app for a file-backed SQLite database.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_domain_common::{Page, Paged};
use junggye_members::blocks::{BlockError, BlockRepository};
use junggye_members::{
    Grade, MannerScore, Member, MemberError, MemberFilter, MemberId, MemberRepository,
    MemberStatus, NewMember, Nickname, PhoneNumber, UserKey,
};
use junggye_products::{
    AdminFilter, Cursor, ListFilter, ListOrder, ListingDraft, ListingEdit, NewProduct, Product,
    ProductError, ProductId, ProductRepository, ProductStatus, SellerProfile, SortKey, Visibility,
};
use rusqlite::types::Value as SqlValue;
use sea_orm::{EntityTrait as _, QueryTrait as _};

use crate::entities::products;
use crate::members::to_member;
use crate::products::{page_query, to_product};
use crate::sqlite_reads::{ListingRow, MemberKey, SqliteReads};
use crate::{SeaBlockRepository, SeaMemberRepository, SeaProductRepository};

/// Listings: pages and single listings from the read model, writes and the admin list on
/// sea-orm (a write's own re-read included, so it never races the read model).
#[derive(Debug, Clone)]
pub struct ReadModelProductRepository {
    reads: SqliteReads,
    sea: SeaProductRepository,
}

impl ReadModelProductRepository {
    #[must_use]
    pub fn new(reads: SqliteReads, sea: SeaProductRepository) -> Self {
        Self { reads, sea }
    }

    fn products(&self, rows: Vec<ListingRow>) -> Result<Vec<Product>, ProductError> {
        rows.into_iter()
            .map(|row| {
                let seller = row
                    .seller
                    .map(|(nickname, profile_image, manner)| SellerProfile {
                        id: MemberId(row.product.seller_id),
                        nickname,
                        profile_image,
                        manner: MannerScore::from_tenths(i64::from(manner)),
                    });
                to_product(row.product, seller, row.photos)
            })
            .collect()
    }
}

fn unexpected(err: anyhow::Error, what: &'static str) -> ProductError {
    ProductError::Unexpected(err.context(what))
}

#[async_trait]
impl ProductRepository for ReadModelProductRepository {
    async fn create(&self, product: &NewProduct) -> Result<Product, ProductError> {
        self.sea.create(product).await
    }

    async fn find(&self, id: ProductId) -> Result<Option<Product>, ProductError> {
        let query = products::Entity::find_by_id(id.0).into_query();
        let rows = self
            .reads
            .listings(&query, SortKey::IdDesc)
            .map_err(|e| unexpected(e, "loading a listing"))?;
        Ok(self.products(rows)?.into_iter().next())
    }

    async fn list(
        &self,
        filter: &ListFilter,
        order: &ListOrder,
        before: Option<Cursor>,
        limit: u32,
        visibility: &Visibility,
    ) -> Result<Vec<Product>, ProductError> {
        let rows = self
            .reads
            .listings(
                &page_query(filter, order, before, limit, visibility),
                SortKey::of(filter, order.sort),
            )
            .map_err(|e| unexpected(e, "listing products"))?;
        self.products(rows)
    }

    async fn change_status(
        &self,
        id: ProductId,
        version: i32,
        to: ProductStatus,
    ) -> Result<Product, ProductError> {
        self.sea.change_status(id, version, to).await
    }

    async fn admin_list(
        &self,
        filter: &AdminFilter,
        page: Page,
    ) -> Result<Paged<Product>, ProductError> {
        self.sea.admin_list(filter, page).await
    }

    async fn update_fields(
        &self,
        id: ProductId,
        version: i32,
        draft: &ListingDraft,
    ) -> Result<Product, ProductError> {
        self.sea.update_fields(id, version, draft).await
    }

    async fn edit(
        &self,
        id: ProductId,
        version: i32,
        edit: &ListingEdit,
    ) -> Result<Product, ProductError> {
        self.sea.edit(id, version, edit).await
    }

    async fn bump(
        &self,
        id: ProductId,
        version: i32,
        at: DateTime<Utc>,
    ) -> Result<Product, ProductError> {
        self.sea.bump(id, version, at).await
    }
}

/// Members: the lookup every skill call makes from the read model, the rest on sea-orm.
#[derive(Debug, Clone)]
pub struct ReadModelMemberRepository {
    reads: SqliteReads,
    sea: SeaMemberRepository,
}

impl ReadModelMemberRepository {
    #[must_use]
    pub fn new(reads: SqliteReads, sea: SeaMemberRepository) -> Self {
        Self { reads, sea }
    }

    fn member(&self, key: MemberKey, value: SqlValue) -> Result<Option<Member>, MemberError> {
        self.reads
            .member(key, value)
            .map_err(|e| MemberError::Unexpected(e.context("loading a member")))?
            .map(to_member)
            .transpose()
    }
}

#[async_trait]
impl MemberRepository for ReadModelMemberRepository {
    async fn find_by_user_key(&self, key: &UserKey) -> Result<Option<Member>, MemberError> {
        self.member(MemberKey::UserKey, SqlValue::Text(key.as_str().to_owned()))
    }

    async fn find_by_id(&self, id: MemberId) -> Result<Option<Member>, MemberError> {
        self.member(MemberKey::Id, SqlValue::Integer(id.0))
    }

    async fn join(&self, member: &NewMember) -> Result<Member, MemberError> {
        self.sea.join(member).await
    }

    async fn update_phone(&self, id: MemberId, phone: &PhoneNumber) -> Result<(), MemberError> {
        self.sea.update_phone(id, phone).await
    }

    async fn update_profile_image(
        &self,
        id: MemberId,
        image: Option<String>,
    ) -> Result<Option<String>, MemberError> {
        self.sea.update_profile_image(id, image).await
    }

    async fn list(&self, filter: &MemberFilter, page: Page) -> Result<Paged<Member>, MemberError> {
        self.sea.list(filter, page).await
    }

    async fn set_status(&self, id: MemberId, status: MemberStatus) -> Result<(), MemberError> {
        self.sea.set_status(id, status).await
    }

    async fn set_grade(&self, id: MemberId, grade: Grade) -> Result<(), MemberError> {
        self.sea.set_grade(id, grade).await
    }

    async fn update_nickname(&self, id: MemberId, nickname: &Nickname) -> Result<(), MemberError> {
        self.sea.update_nickname(id, nickname).await
    }
}

/// Blocks: the viewer's blocked members (read on every page a member browses) from the read
/// model, the toggle and the either-way check on sea-orm.
#[derive(Debug, Clone)]
pub struct ReadModelBlockRepository {
    reads: SqliteReads,
    sea: SeaBlockRepository,
}

impl ReadModelBlockRepository {
    #[must_use]
    pub fn new(reads: SqliteReads, sea: SeaBlockRepository) -> Self {
        Self { reads, sea }
    }
}

#[async_trait]
impl BlockRepository for ReadModelBlockRepository {
    async fn toggle(
        &self,
        blocker: MemberId,
        blocked: MemberId,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool, BlockError> {
        self.sea.toggle(blocker, blocked, at).await
    }

    async fn blocked_by(&self, blocker: MemberId) -> Result<Vec<MemberId>, BlockError> {
        Ok(self
            .reads
            .blocked_by(blocker.0)
            .map_err(|e| BlockError::Unexpected(e.context("reading blocks")))?
            .into_iter()
            .map(MemberId)
            .collect())
    }

    async fn either_way(&self, a: MemberId, b: MemberId) -> Result<bool, BlockError> {
        self.sea.either_way(a, b).await
    }
}

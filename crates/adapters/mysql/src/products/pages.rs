//! The statement of one list page, in any order the products domain names ([`SortKey`]).
//!
//! Browse lists (latest, category) run one branch per listed status, each an index range on
//! `(status, key, id)` or `(category, status, key, id)` (migration 17) that stops after
//! `limit` rows, and merge the two small branches. A single `status IN (…)` cannot be read in
//! key order from such an index, so both backends would sort every listed row (SQLite's "USE
//! TEMP B-TREE FOR ORDER BY") to show ten.

use junggye_products::{Cursor, ListFilter, ListOrder, ProductStatus, SortKey, Visibility};
use sea_orm::sea_query::extension::mysql::{IndexHintScope, MySqlSelectStatementExt as _};
use sea_orm::sea_query::{
    Alias, Asterisk, Condition, Expr, ExprTrait as _, Order, Query, SelectStatement, UnionType,
};
use sea_orm::{ColumnTrait as _, EntityTrait as _, QueryFilter as _, QueryOrder as _};
use sea_orm::{QuerySelect as _, QueryTrait as _};

use super::{listed_codes, search, visibility};
use crate::entities::products;

/// The column a [`SortKey`] orders by, and the direction.
fn key_column(key: SortKey) -> (products::Column, Order) {
    match key {
        SortKey::ListedDesc => (products::Column::ListedMicros, Order::Desc),
        SortKey::IdDesc => (products::Column::Id, Order::Desc),
        SortKey::PriceAsc => (products::Column::Price, Order::Asc),
        SortKey::PriceDesc => (products::Column::Price, Order::Desc),
    }
}

/// The `ORDER BY` of a page's rows, for the statement around it (`p` is the page's alias).
#[must_use]
pub fn order_sql(key: SortKey) -> &'static str {
    match key {
        SortKey::ListedDesc => "p.listed_micros DESC, p.id DESC",
        SortKey::IdDesc => "p.id DESC",
        SortKey::PriceAsc => "p.price ASC, p.id ASC",
        SortKey::PriceDesc => "p.price DESC, p.id DESC",
    }
}

/// Strictly after `cursor` in `key` order. Written as `key <= k AND (key < k OR id < i)`
/// rather than a row comparison so that the first part is an index range on every backend.
fn after(key: SortKey, cursor: Cursor) -> Condition {
    let (column, order) = key_column(key);
    let col = Expr::col((products::Entity, column));
    let id = Expr::col((products::Entity, products::Column::Id));
    if key == SortKey::IdDesc {
        return Condition::all().add(id.lt(cursor.id.0));
    }
    match order {
        Order::Asc => Condition::all().add(col.clone().gte(cursor.key)).add(
            Condition::any()
                .add(col.gt(cursor.key))
                .add(id.gt(cursor.id.0)),
        ),
        _ => Condition::all().add(col.clone().lte(cursor.key)).add(
            Condition::any()
                .add(col.lt(cursor.key))
                .add(id.lt(cursor.id.0)),
        ),
    }
}

/// The price bounds. Under a price order they are the index range itself; under any other they
/// are a filter on `0 + price`, an expression no index serves, so the planner walks the order's
/// index and stops after a page instead of taking the price range and sorting all of it
/// (SQLite did: 9 ms instead of 0.1 for a category's newest in 5만~20만 among 100,000 listings,
/// docs/benchmarks.md).
fn price_range(order: &ListOrder) -> Condition {
    let key = SortKey::of(&ListFilter::Latest, order.sort);
    let column = Expr::col((products::Entity, products::Column::Price));
    let price = if matches!(key, SortKey::PriceAsc | SortKey::PriceDesc) {
        column
    } else {
        Expr::value(0_i64).add(column)
    };
    let mut cond = Condition::all();
    if let Some(min) = order.price.min() {
        cond = cond.add(price.clone().gte(min));
    }
    if let Some(max) = order.price.max() {
        cond = cond.add(price.lte(max));
    }
    cond
}

fn ordered(query: &mut SelectStatement, key: SortKey) {
    let (column, order) = key_column(key);
    query
        .order_by((products::Entity, column), order.clone())
        .order_by((products::Entity, products::Column::Id), order);
}

/// One page's rows, as one statement for either read path (sea-orm, or the SQLite read
/// model). Search in its newest order walks the name index ([`search::newest_matches`])
/// unless the keyword is too short for it. What `visibility` leaves out is one separate
/// condition ([`visibility::condition`]) added to every shape.
#[must_use]
pub fn page_query(
    filter: &ListFilter,
    order: &ListOrder,
    before: Option<Cursor>,
    limit: u32,
    visibility: &Visibility,
) -> SelectStatement {
    let key = SortKey::of(filter, order.sort);
    let limit = u64::from(limit);
    let shown = visibility::condition(visibility);
    match filter {
        ListFilter::Latest => by_status(None, order, key, before, limit, &shown),
        ListFilter::Category(category) => {
            by_status(Some(category.code()), order, key, before, limit, &shown)
        }
        ListFilter::Search(keyword) => {
            if key == SortKey::IdDesc
                && let Some(mut query) =
                    search::newest_matches(keyword.as_str(), before.map(|c| c.id.0), limit)
            {
                query.cond_where(price_range(order));
                query.cond_where(shown);
                return query;
            }
            let mut cond = Condition::all()
                .add(products::Column::Status.is_in(listed_codes()))
                .add(search::condition(keyword.as_str(), None))
                .add(price_range(order))
                .add(shown);
            if let Some(cursor) = before {
                cond = cond.add(after(key, cursor));
            }
            let mut query = products::Entity::find().filter(cond).into_query();
            ordered(&mut query, key);
            query.limit(limit);
            query
        }
        ListFilter::Seller(seller, status) => {
            let mut cond = Condition::all()
                .add(products::Column::SellerId.eq(seller.0))
                .add(products::Column::Status.eq(status.code()))
                .add(shown);
            if let Some(cursor) = before {
                cond = cond.add(after(SortKey::IdDesc, cursor));
            }
            products::Entity::find()
                .filter(cond)
                .order_by_desc(products::Column::Id)
                .limit(limit)
                .into_query()
        }
    }
}

/// The migration-17 index a browse branch walks.
fn index_of(by_category: bool, key: SortKey) -> &'static str {
    match (by_category, key) {
        (false, SortKey::PriceAsc | SortKey::PriceDesc) => "idx_products_status_price",
        (true, SortKey::PriceAsc | SortKey::PriceDesc) => "idx_products_category_status_price",
        (false, _) => "idx_products_status_listed",
        (true, _) => "idx_products_category_status_listed",
    }
}

/// Latest or one category: a branch per listed status, merged.
fn by_status(
    category: Option<&str>,
    order: &ListOrder,
    key: SortKey,
    before: Option<Cursor>,
    limit: u64,
    shown: &Condition,
) -> SelectStatement {
    let branch = |status: ProductStatus| {
        let mut cond = Condition::all()
            .add(products::Column::Status.eq(status.code()))
            .add(shown.clone());
        if let Some(category) = category {
            cond = cond.add(products::Column::Category.eq(category));
        }
        cond = cond.add(price_range(order));
        if let Some(cursor) = before {
            cond = cond.add(after(key, cursor));
        }
        let mut query = products::Entity::find().filter(cond).into_query();
        ordered(&mut query, key);
        query.limit(limit);
        // MariaDB otherwise reads `status = ?` as a ref and walks a descending price order from
        // the top, past every listing above the range (120 ms instead of 0.4 for 1만~5만 among
        // 100,000 listings, docs/benchmarks.md). SQLite builds no hint; its planner gets there
        // with the `0 + price` filter of [`price_range`].
        query.force_index(
            Alias::new(index_of(category.is_some(), key)),
            IndexHintScope::All,
        );
        // Wrapped: a compound select allows ORDER BY and LIMIT only at its end.
        let mut wrapped = Query::select();
        wrapped
            .column(Asterisk)
            .from_subquery(query, Alias::new(format!("b_{}", status.code())));
        wrapped
    };
    let mut statuses = ProductStatus::LISTED.into_iter();
    let mut merged = match statuses.next() {
        Some(first) => branch(first),
        None => Query::select(),
    };
    for status in statuses {
        merged.union(UnionType::All, branch(status));
    }
    let (column, direction) = key_column(key);
    merged
        .order_by(column, direction.clone())
        .order_by(products::Column::Id, direction)
        .limit(limit);
    merged
}

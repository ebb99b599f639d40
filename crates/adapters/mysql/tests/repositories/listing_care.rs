//! Bumps, edits, sorted and price-bounded pages, and the stale reminder, on both backends.

#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use junggye_members::{MemberId, MemberRepository};
use junggye_mysql::entities::product_images;
use junggye_mysql::testing::{TestDb, backends};
use junggye_mysql::{SeaBulkListings, SeaMemberRepository, SeaProductRepository};
use junggye_notifications::{ListingRef, NewNotification, Payload};
use junggye_products::images::StoredImage;
use junggye_products::stale::{StaleListingStore, stale_notice};
use junggye_products::{
    Category, Cursor, Description, ListFilter, ListOrder, ListingDraft, ListingEdit, Location,
    NewProduct, OpenChatUrl, Price, PriceRange, Product, ProductId, ProductName, ProductRepository,
    Sort, SortKey, Visibility,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};

use crate::helpers::{new_member, t0};

async fn seller(db: &TestDb, key: &str) -> MemberId {
    SeaMemberRepository::new(db.db.clone())
        .join(&new_member(key, "판매자", "010-1234-5678"))
        .await
        .unwrap()
        .id
}

fn draft(name: &str, won: i64, category: Category) -> ListingDraft {
    ListingDraft {
        name: ProductName::parse(name).unwrap(),
        price: Price::from_won(won).unwrap(),
        description: Description::parse("설명").unwrap(),
        location: Location::parse("강남역").unwrap(),
        open_chat_url: OpenChatUrl::parse("https://open.kakao.com/o/abc").unwrap(),
        category,
    }
}

fn photo(key: &str) -> StoredImage {
    StoredImage {
        key: key.into(),
        content_type: "image/jpeg".into(),
        size: 100,
    }
}

fn at(seconds: i64) -> DateTime<Utc> {
    t0() + Duration::seconds(seconds)
}

/// `n` listings registered a second apart, prices cycling so several share one.
async fn listings(db: &TestDb, owner: MemberId, n: i64) -> Vec<ProductId> {
    let rows: Vec<NewProduct> = (0..n)
        .map(|i| NewProduct {
            seller: owner,
            draft: draft(
                &format!("상품 {i:03}"),
                1_000 * (1 + i % 7),
                if i % 2 == 0 {
                    Category::Digital
                } else {
                    Category::Books
                },
            ),
            photos: vec![photo(&format!("p{i}.jpg"))],
            created_at: at(i),
        })
        .collect();
    SeaBulkListings::new(db.db.clone())
        .insert(&rows)
        .await
        .unwrap();
    let repo = SeaProductRepository::new(db.db.clone());
    let mut ids: Vec<ProductId> = repo
        .list(
            &ListFilter::Latest,
            &ListOrder::default(),
            None,
            1_000,
            &Visibility::default(),
        )
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    ids.reverse();
    ids
}

async fn page(
    repo: &SeaProductRepository,
    filter: &ListFilter,
    order: &ListOrder,
    before: Option<Cursor>,
    size: u32,
) -> (Vec<Product>, Option<Cursor>) {
    let items = repo
        .list(filter, order, before, size, &Visibility::default())
        .await
        .unwrap();
    let key = SortKey::of(filter, order.sort);
    let next = items.last().map(|p| Cursor::after(p, key));
    (items, next)
}

#[tokio::test]
async fn paging_stays_exact_while_listings_are_bumped_between_pages() {
    for db in backends().await {
        let b = db.backend();
        let repo = SeaProductRepository::new(db.db.clone());
        let owner = seller(&db, "bump").await;
        let ids = listings(&db, owner, 45).await;
        let mut clock = 1_000;
        for filter in [ListFilter::Latest, ListFilter::Category(Category::Books)] {
            let order = ListOrder::default();
            let everything: Vec<ProductId> = repo
                .list(&filter, &order, None, 100, &Visibility::default())
                .await
                .unwrap()
                .iter()
                .map(|p| p.id)
                .collect();
            let mut seen: Vec<ProductId> = Vec::new();
            let mut bumped: HashSet<ProductId> = HashSet::new();
            let mut cursor = None;
            for round in 0.. {
                let (items, next) = page(&repo, &filter, &order, cursor, 5).await;
                if items.is_empty() {
                    break;
                }
                seen.extend(items.iter().map(|p| p.id));
                // Between pages: bump one listing already shown and one not yet shown.
                let shown = items[0].id;
                let unseen = everything
                    .iter()
                    .rev()
                    .find(|id| !seen.contains(id) && !bumped.contains(id))
                    .copied();
                for id in [Some(shown), unseen].into_iter().flatten() {
                    let current = repo.find(id).await.unwrap().unwrap();
                    clock += 1;
                    repo.bump(id, current.version, at(clock)).await.unwrap();
                    bumped.insert(id);
                }
                cursor = next;
                assert!(round < 50, "[{b}] paging never ends");
            }
            let unique: HashSet<ProductId> = seen.iter().copied().collect();
            assert_eq!(
                unique.len(),
                seen.len(),
                "[{b}] {filter:?} repeated: {seen:?}"
            );
            for id in &everything {
                assert!(
                    seen.contains(id) || bumped.contains(id),
                    "[{b}] {filter:?} skipped {id:?}, which was never bumped"
                );
            }
            // A fresh first page starts with the newest bump.
            let (first, _) = page(&repo, &filter, &order, None, 1).await;
            let newest = repo.find(first[0].id).await.unwrap().unwrap();
            assert!(newest.bumped_at.is_some(), "[{b}] {filter:?}");
            assert!(ids.contains(&newest.id));
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn price_orders_page_exactly_within_the_range() {
    for db in backends().await {
        let b = db.backend();
        let repo = SeaProductRepository::new(db.db.clone());
        let owner = seller(&db, "price").await;
        listings(&db, owner, 40).await;
        for filter in [ListFilter::Latest, ListFilter::Category(Category::Digital)] {
            for sort in [Sort::PriceAsc, Sort::PriceDesc, Sort::Newest] {
                let order = ListOrder {
                    sort,
                    price: PriceRange::new(Some(2_000), Some(5_000)).unwrap(),
                };
                let all = repo
                    .list(&filter, &order, None, 1_000, &Visibility::default())
                    .await
                    .unwrap();
                let mut want: Vec<(i64, i64)> =
                    all.iter().map(|p| (p.draft.price.won(), p.id.0)).collect();
                match sort {
                    Sort::PriceAsc => want.sort_unstable(),
                    Sort::PriceDesc => want.sort_unstable_by(|a, c| c.cmp(a)),
                    Sort::Newest => {}
                }
                assert!(
                    want.iter().all(|(won, _)| (2_000..=5_000).contains(won)),
                    "[{b}] {want:?}"
                );
                let got: Vec<(i64, i64)> =
                    all.iter().map(|p| (p.draft.price.won(), p.id.0)).collect();
                assert_eq!(got, want, "[{b}] {filter:?} {sort:?} one page");
                assert!(want.len() > 6, "[{b}] {filter:?}: {}", want.len());
                // Three at a time: the same sequence, equal prices split across pages included.
                let mut paged = Vec::new();
                let mut cursor = None;
                loop {
                    let (items, next) = page(&repo, &filter, &order, cursor, 3).await;
                    if items.is_empty() {
                        break;
                    }
                    paged.extend(items.iter().map(|p| (p.draft.price.won(), p.id.0)));
                    cursor = next;
                }
                assert_eq!(paged, want, "[{b}] {filter:?} {sort:?} paged");
            }
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn an_owner_edit_replaces_photos_and_restarts_the_stale_clock() {
    for db in backends().await {
        let b = db.backend();
        let repo = SeaProductRepository::new(db.db.clone());
        let owner = seller(&db, "edit").await;
        let listing = repo
            .create(&NewProduct {
                seller: owner,
                draft: draft("아이패드 미니", 300_000, Category::Digital),
                photos: vec![photo("old-1.jpg"), photo("old-2.jpg")],
                created_at: at(0),
            })
            .await
            .unwrap();
        let cutoff = at(100);
        let due = repo.due(cutoff, 10).await.unwrap();
        assert_eq!(due.len(), 1, "[{b}]");
        let edited = repo
            .edit(
                listing.id,
                listing.version,
                &ListingEdit {
                    draft: draft("아이패드 미니 6", 250_000, Category::Digital),
                    photos: Some(vec![photo("new-1.jpg")]),
                    at: at(200),
                },
            )
            .await
            .unwrap();
        assert_eq!(edited.photos, ["new-1.jpg"], "[{b}]");
        assert_eq!(edited.draft.price.won(), 250_000);
        assert_eq!(edited.version, listing.version + 1);
        // The listing keeps its place in the newest-first order: an edit is not a bump.
        assert_eq!(edited.listed_at, listing.listed_at, "[{b}]");
        let retired = product_images::Entity::find()
            .filter(product_images::Column::ProductId.eq(listing.id.0))
            .filter(product_images::Column::DeletedAt.is_not_null())
            .all(&db.db)
            .await
            .unwrap();
        assert_eq!(retired.len(), 2, "[{b}] old photos queued for removal");
        assert!(repo.due(cutoff, 10).await.unwrap().is_empty(), "[{b}]");
        // A stale version is a conflict, not a lost update.
        let err = repo
            .edit(
                listing.id,
                listing.version,
                &ListingEdit {
                    draft: draft("덮어쓰기", 1, Category::Digital),
                    photos: None,
                    at: at(300),
                },
            )
            .await
            .unwrap_err();
        assert!(
            matches!(err, junggye_products::ProductError::Conflict),
            "[{b}]"
        );
        db.cleanup().await;
    }
}

async fn stale_notifications(db: &TestDb, member: MemberId) -> i64 {
    let row = db
        .db
        .query_one_raw(Statement::from_string(
            db.db.get_database_backend(),
            format!(
                "SELECT COUNT(*) AS n FROM notifications WHERE member_id = {} AND kind = 'listing_stale'",
                member.0
            ),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

#[tokio::test]
async fn the_stale_reminder_is_stored_with_its_record_once_per_period_and_a_bump_resets_it() {
    for db in backends().await {
        let b = db.backend();
        let repo = SeaProductRepository::new(db.db.clone());
        let owner = seller(&db, "stale").await;
        let old = repo
            .create(&NewProduct {
                seller: owner,
                draft: draft("오래된 자전거", 90_000, Category::Etc),
                photos: Vec::new(),
                created_at: at(0),
            })
            .await
            .unwrap();
        let fresh = repo
            .create(&NewProduct {
                seller: owner,
                draft: draft("새 자전거", 90_000, Category::Etc),
                photos: Vec::new(),
                created_at: at(500),
            })
            .await
            .unwrap();
        let cutoff = at(100);
        let due = repo.due(cutoff, 10).await.unwrap();
        assert_eq!(
            due.iter().map(|l| l.id).collect::<Vec<_>>(),
            [old.id],
            "[{b}]"
        );
        let notice = stale_notice(&due[0], 30);
        assert!(repo.remind(old.id, cutoff, at(150), &notice).await.unwrap());
        assert_eq!(stale_notifications(&db, owner).await, 1, "[{b}]");
        // Once per period: the same cutoff finds nothing and a second write is refused.
        assert!(repo.due(cutoff, 10).await.unwrap().is_empty(), "[{b}]");
        assert!(!repo.remind(old.id, cutoff, at(160), &notice).await.unwrap());
        assert_eq!(stale_notifications(&db, owner).await, 1, "[{b}]");
        // The next period asks again.
        assert_eq!(repo.due(at(400), 10).await.unwrap().len(), 1, "[{b}]");
        // A bump restarts the clock; the fresh listing is never due before its time.
        let old = repo.find(old.id).await.unwrap().unwrap();
        repo.bump(old.id, old.version, at(450)).await.unwrap();
        assert!(repo.due(at(400), 10).await.unwrap().is_empty(), "[{b}]");
        let never = NewNotification {
            member: owner,
            payload: Payload::ListingStale {
                listing: ListingRef {
                    product: fresh.id,
                    name: "새 자전거".into(),
                },
                idle_days: 30,
            },
        };
        assert!(
            !repo
                .remind(fresh.id, at(400), at(410), &never)
                .await
                .unwrap()
        );
        assert_eq!(stale_notifications(&db, owner).await, 1, "[{b}]");
        db.cleanup().await;
    }
}

/// Every browse order reads its page from an index range: no full scan of `products` and no
/// sort of the listed rows (only of the two branches' few rows when they are merged).
#[tokio::test]
async fn every_sort_walks_an_index() {
    use junggye_mysql::plans::{cards_sql, page_query};
    use sea_orm::sea_query::{MysqlQueryBuilder, SqliteQueryBuilder};

    for db in backends().await {
        let repo = SeaProductRepository::new(db.db.clone());
        let owner = seller(&db, "plans").await;
        listings(&db, owner, 300).await;
        let backend = db.db.get_database_backend();
        if db.is_mysql() {
            db.db
                .execute_unprepared("ANALYZE TABLE products")
                .await
                .unwrap();
        } else {
            db.db.execute_unprepared("ANALYZE").await.unwrap();
        }
        let ranges = [
            PriceRange::ANY,
            PriceRange::new(Some(2_000), Some(4_000)).unwrap(),
        ];
        for filter in [ListFilter::Latest, ListFilter::Category(Category::Digital)] {
            for sort in Sort::ALL {
                for price in ranges {
                    let order = ListOrder { sort, price };
                    let key = SortKey::of(&filter, sort);
                    // A later page's statement: the first page's has no keyset bound.
                    let (_, cursor) = page(&repo, &filter, &order, None, 5).await;
                    let cursor = cursor.unwrap();
                    let inner =
                        page_query(&filter, &order, Some(cursor), 11, &Visibility::default());
                    let (inner_sql, values) = if db.is_mysql() {
                        inner.build(MysqlQueryBuilder)
                    } else {
                        inner.build(SqliteQueryBuilder)
                    };
                    let explain = if db.is_mysql() {
                        "EXPLAIN"
                    } else {
                        "EXPLAIN QUERY PLAN"
                    };
                    let plan = db
                        .db
                        .query_all_raw(Statement::from_sql_and_values(
                            backend,
                            format!("{explain} {}", cards_sql(backend, &inner_sql, key)),
                            values,
                        ))
                        .await
                        .unwrap();
                    let lines: Vec<String> = plan
                        .iter()
                        .map(|row| {
                            if db.is_mysql() {
                                let get = |c: &str| -> String {
                                    row.try_get::<Option<String>>("", c)
                                        .ok()
                                        .flatten()
                                        .unwrap_or_default()
                                };
                                format!(
                                    "{} {} {} {}",
                                    get("table"),
                                    get("type"),
                                    get("key"),
                                    get("Extra")
                                )
                            } else {
                                row.try_get::<String>("", "detail").unwrap_or_default()
                            }
                        })
                        .collect();
                    eprintln!("[{}] {filter:?} {order:?}: {lines:?}", db.backend());
                    let products: Vec<&String> = lines
                        .iter()
                        .filter(|l| l.starts_with("products ") || l.contains(" products "))
                        .collect();
                    assert_eq!(products.len(), 2, "[{}] {lines:?}", db.backend());
                    for line in products {
                        let wanted = match key {
                            SortKey::PriceAsc | SortKey::PriceDesc => "_price",
                            _ => "_listed",
                        };
                        // MySQL: a range on the whole index prefix, not a `ref` on the
                        // status that walks a descending order from the far end.
                        let ok = line.contains(wanted)
                            && (!db.is_mysql() || line.contains(" range "))
                            && !line.contains("filesort")
                            && !line.starts_with("SCAN products")
                            && !line.contains(" ALL ");
                        assert!(ok, "[{}] {filter:?} {order:?}: {line}", db.backend());
                    }
                }
            }
        }
        // Search by price: the name index finds the candidates by key, and only the matches
        // are sorted (a price order cannot come from the name index).
        for sort in [Sort::PriceAsc, Sort::PriceDesc] {
            let filter = ListFilter::Search(junggye_products::Keyword::parse("상품").unwrap());
            let order = ListOrder {
                sort,
                price: PriceRange::ANY,
            };
            let inner = page_query(&filter, &order, None, 11, &Visibility::default());
            let (inner_sql, values) = if db.is_mysql() {
                inner.build(MysqlQueryBuilder)
            } else {
                inner.build(SqliteQueryBuilder)
            };
            let explain = if db.is_mysql() {
                "EXPLAIN"
            } else {
                "EXPLAIN QUERY PLAN"
            };
            let plan = db
                .db
                .query_all_raw(Statement::from_sql_and_values(
                    backend,
                    format!("{explain} {inner_sql}"),
                    values,
                ))
                .await
                .unwrap();
            let lines: Vec<String> = plan
                .iter()
                .map(|row| {
                    if db.is_mysql() {
                        let get = |c: &str| -> String {
                            row.try_get::<Option<String>>("", c)
                                .ok()
                                .flatten()
                                .unwrap_or_default()
                        };
                        format!("{} {} {}", get("table"), get("type"), get("key"))
                    } else {
                        row.try_get::<String>("", "detail").unwrap_or_default()
                    }
                })
                .collect();
            eprintln!("[{}] search {sort:?}: {lines:?}", db.backend());
            assert!(
                !lines
                    .iter()
                    .any(|l| l == "products ALL " || l == "SCAN products"),
                "[{}] search {sort:?} scans products: {lines:?}",
                db.backend()
            );
        }
        db.cleanup().await;
    }
}

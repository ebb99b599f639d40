#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

use junggye_members::{MemberId, MemberRepository};
use junggye_mysql::entities::{product_images, product_name_bigrams};
use junggye_mysql::testing::{TestDb, backends};
use junggye_mysql::{
    SeaBulkListings, SeaImageDeletionQueue, SeaMemberRepository, SeaProductRepository,
};
use junggye_products::images::{ImageDeletionQueue, StoredImage};
use junggye_products::{
    Category, Cursor, Description, Keyword, ListFilter, ListOrder, ListingDraft, Location,
    NewProduct, OpenChatUrl, Price, ProductError, ProductId, ProductName, ProductRepository,
    ProductStatus, Sort, SortKey, Visibility,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};

use crate::helpers::{new_member, t0};

async fn seller(db: &TestDb, key: &str) -> MemberId {
    let member = SeaMemberRepository::new(db.db.clone())
        .join(&new_member(key, &format!("판매자{key}"), "010-1234-5678"))
        .await
        .unwrap();
    let MemberId(id) = member.id;
    MemberId(id)
}

fn listing(seller: MemberId, name: &str, category: Category, photos: usize) -> NewProduct {
    NewProduct {
        seller,
        draft: ListingDraft {
            name: ProductName::parse(name).unwrap(),
            price: Price::parse("15,000").unwrap(),
            description: Description::parse("설명").unwrap(),
            location: Location::parse("강남역").unwrap(),
            open_chat_url: OpenChatUrl::parse("https://open.kakao.com/o/abc").unwrap(),
            category,
        },
        photos: (0..photos)
            .map(|i| StoredImage {
                key: format!("photo-{name}-{i}.jpg"),
                content_type: "image/jpeg".into(),
                size: 100,
            })
            .collect(),
        created_at: t0(),
    }
}

async fn add(repo: &SeaProductRepository, seller: MemberId, name: &str) -> ProductId {
    repo.create(&listing(seller, name, Category::Digital, 1))
        .await
        .unwrap()
        .id
}

/// The cursor after the last listing of a default-ordered page.
fn next(filter: &ListFilter, page: &[junggye_products::Product]) -> Option<Cursor> {
    let key = SortKey::of(filter, Sort::Newest);
    page.last().map(|p| Cursor::after(p, key))
}

async fn search(repo: &SeaProductRepository, keyword: &str) -> Vec<String> {
    let filter = ListFilter::Search(Keyword::parse(keyword).unwrap());
    repo.list(
        &filter,
        &ListOrder::default(),
        None,
        50,
        &Visibility::default(),
    )
    .await
    .unwrap()
    .into_iter()
    .map(|p| p.draft.name.as_str().to_owned())
    .collect()
}

#[tokio::test]
async fn create_stores_fields_photos_and_seller_profile() {
    for db in backends().await {
        let repo = SeaProductRepository::new(db.db.clone());
        let owner = seller(&db, "s1").await;
        let saved = repo
            .create(&listing(owner, "맥북 프로 14", Category::Digital, 3))
            .await
            .unwrap();
        assert_eq!(saved.status, ProductStatus::OnSale, "{}", db.backend());
        assert_eq!(saved.seller.id, owner);
        assert_eq!(saved.seller.nickname, "판매자s1");
        assert_eq!(saved.draft.price.won(), 15_000);
        assert_eq!(saved.photos.len(), 3);
        assert_eq!(saved.photos[0], "photo-맥북 프로 14-0.jpg");
        assert_eq!(saved.created_at, t0());
        assert_eq!(repo.find(saved.id).await.unwrap(), Some(saved));
        assert_eq!(repo.find(ProductId(999_999)).await.unwrap(), None);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn search_finds_korean_and_mixed_text_anywhere_in_the_name() {
    for db in backends().await {
        let repo = SeaProductRepository::new(db.db.clone());
        let owner = seller(&db, "s1").await;
        for name in [
            "맥북 프로 14",
            "중고 맥북에어",
            "아이폰 15 프로",
            "아이폰 14",
            "iPhone 15 Pro Max",
            "갤럭시 북",
            "북유럽 식탁",
        ] {
            add(&repo, owner, name).await;
        }
        let b = db.backend();
        assert_eq!(
            search(&repo, "맥북").await,
            ["중고 맥북에어", "맥북 프로 14"],
            "{b}"
        );
        assert_eq!(search(&repo, "아이폰 15").await, ["아이폰 15 프로"], "{b}");
        assert_eq!(
            search(&repo, "IPHONE 15").await,
            ["iPhone 15 Pro Max"],
            "{b}"
        );
        assert_eq!(search(&repo, "pro").await, ["iPhone 15 Pro Max"], "{b}");
        // Windows present in the wrong order do not match: 북 then 맥 is not 맥북.
        assert!(search(&repo, "북맥").await.is_empty(), "{b}");
        // One-character keywords, anywhere including the last character.
        assert_eq!(search(&repo, "북").await.len(), 4, "{b}");
        assert_eq!(
            search(&repo, "4").await,
            ["아이폰 14", "맥북 프로 14"],
            "{b}"
        );
        assert!(search(&repo, "삼성").await.is_empty(), "{b}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn search_pages_newest_first_past_many_index_hits_that_are_not_matches() {
    for db in backends().await {
        let repo = SeaProductRepository::new(db.db.clone());
        let bulk = SeaBulkListings::new(db.db.clone());
        let owner = seller(&db, "s1").await;
        let b = db.backend();
        // Oldest first: 15 real matches, then 450 names holding both windows of 아이폰 (아이,
        // 이폰) but not the word, newer than all of them. The index walk must go past all of
        // them to fill a page, and page on from its cursor.
        let mut names: Vec<String> = (0..15).map(|n| format!("아이폰 {n:02}")).collect();
        names.extend((0..450).map(|n| format!("아이 패드와 이폰 {n}")));
        let listings: Vec<NewProduct> = names
            .iter()
            .map(|name| listing(owner, name, Category::Digital, 0))
            .collect();
        bulk.insert(&listings).await.unwrap();
        let filter = ListFilter::Search(Keyword::parse("아이폰").unwrap());
        let first = repo
            .list(
                &filter,
                &ListOrder::default(),
                None,
                10,
                &Visibility::default(),
            )
            .await
            .unwrap();
        let names_of = |page: &[junggye_products::Product]| -> Vec<String> {
            page.iter()
                .map(|p| p.draft.name.as_str().to_owned())
                .collect()
        };
        let want_first: Vec<String> = (5..15).rev().map(|n| format!("아이폰 {n:02}")).collect();
        assert_eq!(names_of(&first), want_first, "{b}");
        let cursor = next(&filter, &first);
        let second = repo
            .list(
                &filter,
                &ListOrder::default(),
                cursor,
                10,
                &Visibility::default(),
            )
            .await
            .unwrap();
        let want_second: Vec<String> = (0..5).rev().map(|n| format!("아이폰 {n:02}")).collect();
        assert_eq!(names_of(&second), want_second, "{b}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn percent_and_underscore_are_literal() {
    for db in backends().await {
        let repo = SeaProductRepository::new(db.db.clone());
        let owner = seller(&db, "s1").await;
        for name in [
            "50% 할인 쿠폰",
            "500 할인 쿠폰",
            "a_b 케이블",
            "axb 케이블",
            "느낌표!가방",
        ] {
            add(&repo, owner, name).await;
        }
        let b = db.backend();
        assert_eq!(search(&repo, "50%").await, ["50% 할인 쿠폰"], "{b}");
        assert_eq!(search(&repo, "%").await, ["50% 할인 쿠폰"], "{b}");
        assert_eq!(search(&repo, "a_b").await, ["a_b 케이블"], "{b}");
        assert_eq!(search(&repo, "_").await, ["a_b 케이블"], "{b}");
        assert_eq!(search(&repo, "표!가").await, ["느낌표!가방"], "{b}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn lists_show_only_listed_statuses_and_seller_lists_filter_by_status() {
    for db in backends().await {
        let repo = SeaProductRepository::new(db.db.clone());
        let owner = seller(&db, "s1").await;
        let mut ids = Vec::new();
        for status in [
            ProductStatus::OnSale,
            ProductStatus::Reserved,
            ProductStatus::Hidden,
            ProductStatus::Sold,
            ProductStatus::Deleted,
        ] {
            let id = add(&repo, owner, &format!("맥북 {}", status.code())).await;
            if status != ProductStatus::OnSale {
                repo.change_status(id, 0, status).await.unwrap();
            }
            ids.push((id, status));
        }
        let b = db.backend();
        let names = |ps: Vec<junggye_products::Product>| {
            ps.into_iter().map(|p| p.status).collect::<Vec<_>>()
        };
        let listed = [ProductStatus::Reserved, ProductStatus::OnSale];
        assert_eq!(
            names(
                repo.list(
                    &ListFilter::Latest,
                    &ListOrder::default(),
                    None,
                    50,
                    &Visibility::default()
                )
                .await
                .unwrap()
            ),
            listed,
            "{b}"
        );
        assert_eq!(
            names(
                repo.list(
                    &ListFilter::Category(Category::Digital),
                    &ListOrder::default(),
                    None,
                    50,
                    &Visibility::default()
                )
                .await
                .unwrap()
            ),
            listed,
            "{b}"
        );
        assert!(
            repo.list(
                &ListFilter::Category(Category::Books),
                &ListOrder::default(),
                None,
                50,
                &Visibility::default()
            )
            .await
            .unwrap()
            .is_empty()
        );
        assert_eq!(search(&repo, "맥북").await.len(), 2, "{b}");
        for (id, status) in ids {
            let mine = repo
                .list(
                    &ListFilter::Seller(owner, status),
                    &ListOrder::default(),
                    None,
                    50,
                    &Visibility::default(),
                )
                .await
                .unwrap();
            assert_eq!(mine.len(), 1, "{b} {status:?}");
            assert_eq!(mine[0].id, id);
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn keyset_pages_stay_stable_when_listings_arrive_between_pages() {
    for db in backends().await {
        let repo = SeaProductRepository::new(db.db.clone());
        let owner = seller(&db, "s1").await;
        for i in 0..25 {
            add(&repo, owner, &format!("아이폰 {i}")).await;
        }
        for filter in [
            ListFilter::Latest,
            ListFilter::Search(Keyword::parse("아이폰").unwrap()),
        ] {
            let all: Vec<ProductId> = repo
                .list(
                    &filter,
                    &ListOrder::default(),
                    None,
                    100,
                    &Visibility::default(),
                )
                .await
                .unwrap()
                .into_iter()
                .map(|p| p.id)
                .collect();
            assert!(all.len() >= 25);
            let first = repo
                .list(
                    &filter,
                    &ListOrder::default(),
                    None,
                    10,
                    &Visibility::default(),
                )
                .await
                .unwrap();
            // New listings arrive between the pages: the next page must neither repeat nor skip.
            add(&repo, owner, "아이폰 새로 등록").await;
            let cursor = next(&filter, &first);
            let second = repo
                .list(
                    &filter,
                    &ListOrder::default(),
                    cursor,
                    10,
                    &Visibility::default(),
                )
                .await
                .unwrap();
            let third = repo
                .list(
                    &filter,
                    &ListOrder::default(),
                    next(&filter, &second),
                    10,
                    &Visibility::default(),
                )
                .await
                .unwrap();
            let seen: Vec<ProductId> = first
                .iter()
                .chain(&second)
                .chain(&third)
                .map(|p| p.id)
                .collect();
            assert_eq!(seen, all[..seen.len()], "{} {filter:?}", db.backend());
            assert!(seen.len() >= 25, "{}", db.backend());
        }
        db.cleanup().await;
    }
}

#[tokio::test]
async fn status_change_checks_the_version_and_deletion_marks_photos() {
    for db in backends().await {
        let repo = SeaProductRepository::new(db.db.clone());
        let owner = seller(&db, "s1").await;
        let id = add(&repo, owner, "맥북").await;
        let b = db.backend();
        let reserved = repo
            .change_status(id, 0, ProductStatus::Reserved)
            .await
            .unwrap();
        assert_eq!(
            (reserved.status, reserved.version),
            (ProductStatus::Reserved, 1),
            "{b}"
        );
        // A writer that read version 0 lost the race.
        assert!(matches!(
            repo.change_status(id, 0, ProductStatus::Hidden).await,
            Err(ProductError::Conflict)
        ));
        assert!(matches!(
            repo.change_status(ProductId(999_999), 0, ProductStatus::Hidden)
                .await,
            Err(ProductError::NotFound)
        ));
        let deleted = repo
            .change_status(id, 1, ProductStatus::Deleted)
            .await
            .unwrap();
        assert_eq!(deleted.status, ProductStatus::Deleted, "{b}");
        assert!(deleted.photos.is_empty(), "{b}");
        let marked = product_images::Entity::find()
            .filter(product_images::Column::ProductId.eq(id.0))
            .all(&db.db)
            .await
            .unwrap();
        assert!(marked.iter().all(|i| i.deleted_at.is_some()), "{b}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_deleted_listings_photo_that_another_listing_shows_is_forgotten_not_deleted() {
    for db in backends().await {
        let repo = SeaProductRepository::new(db.db.clone());
        let owner = seller(&db, "s1").await;
        let b = db.backend();
        // Same name, same generated keys: the two listings share their photos, as demo ones do.
        let shared = listing(owner, "자전거", Category::Sports, 2);
        let gone = repo.create(&shared).await.unwrap();
        let kept = repo.create(&shared).await.unwrap();
        let alone = repo
            .create(&listing(owner, "책상", Category::Furniture, 1))
            .await
            .unwrap();
        for id in [gone.id, alone.id] {
            repo.change_status(id, 0, ProductStatus::Deleted)
                .await
                .unwrap();
        }
        let queue = SeaImageDeletionQueue::new(db.db.clone());
        let mut pending: Vec<(String, bool)> = queue
            .pending(50)
            .await
            .unwrap()
            .into_iter()
            .map(|p| (p.key, p.still_used))
            .collect();
        pending.sort();
        assert_eq!(
            pending,
            vec![
                ("photo-자전거-0.jpg".to_owned(), true),
                ("photo-자전거-1.jpg".to_owned(), true),
                ("photo-책상-0.jpg".to_owned(), false),
            ],
            "{b}"
        );
        let still_shown = repo.find(kept.id).await.unwrap().unwrap().photos;
        assert_eq!(still_shown.len(), 2, "{b}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn bigram_lookup_uses_the_primary_key() {
    for db in backends().await {
        let repo = SeaProductRepository::new(db.db.clone());
        let owner = seller(&db, "s1").await;
        add(&repo, owner, "맥북 프로").await;
        let grams = product_name_bigrams::Entity::find()
            .all(&db.db)
            .await
            .unwrap()
            .len();
        assert_eq!(grams, 5, "{}", db.backend());
        let backend = db.db.get_database_backend();
        let plan_sql = if db.is_mysql() {
            "EXPLAIN SELECT product_id FROM product_name_bigrams WHERE gram IN ('맥북', '북 ') GROUP BY product_id"
        } else {
            "EXPLAIN QUERY PLAN SELECT product_id FROM product_name_bigrams WHERE gram IN ('맥북', '북 ') GROUP BY product_id"
        };
        let plan = db
            .db
            .query_all_raw(Statement::from_string(backend, plan_sql))
            .await
            .unwrap();
        // SQLite: `SEARCH product_name_bigrams USING ... INDEX ...`; MySQL/MariaDB: key PRIMARY.
        let column = if db.is_mysql() { "key" } else { "detail" };
        let text: Vec<String> = plan
            .iter()
            .filter_map(|row| row.try_get::<Option<String>>("", column).ok().flatten())
            .collect();
        let text = text.join(" | ");
        let uses_index = if db.is_mysql() {
            text.contains("PRIMARY")
        } else {
            text.contains("USING") && text.contains("INDEX")
        };
        eprintln!("[{}] bigram plan: {text}", db.backend());
        assert!(uses_index, "{}: {text}", db.backend());
        db.cleanup().await;
    }
}

/// The card statement around a page must keep the page's index walk: joining the sellers into
/// the listing query once made SQLite scan and sort the whole table (0.1 → 87 ms a page).
#[tokio::test]
async fn a_page_of_cards_walks_an_index_not_the_table() {
    use junggye_mysql::plans::{cards_sql, page_query};
    use sea_orm::sea_query::{MysqlQueryBuilder, SqliteQueryBuilder};

    for db in backends().await {
        let repo = SeaProductRepository::new(db.db.clone());
        let owner = seller(&db, "plan").await;
        for i in 0..30 {
            add(&repo, owner, &format!("플랜 상품 {i}")).await;
        }
        let backend = db.db.get_database_backend();
        for filter in [
            ListFilter::Latest,
            ListFilter::Category(Category::Digital),
            ListFilter::Seller(owner, ProductStatus::OnSale),
        ] {
            let from = Cursor {
                key: i64::MAX,
                id: ProductId(20),
            };
            let inner = page_query(
                &filter,
                &ListOrder::default(),
                Some(from),
                11,
                &Visibility::default(),
            );
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
                    format!(
                        "{explain} {}",
                        cards_sql(backend, &inner_sql, SortKey::of(&filter, Sort::Newest))
                    ),
                    values,
                ))
                .await
                .unwrap();
            let lines: Vec<String> = plan
                .iter()
                .map(|row| {
                    if db.is_mysql() {
                        let table: Option<String> = row.try_get("", "table").unwrap_or_default();
                        let kind: Option<String> = row.try_get("", "type").unwrap_or_default();
                        let key: Option<String> = row.try_get("", "key").unwrap_or_default();
                        format!("{table:?} {kind:?} {key:?}")
                    } else {
                        row.try_get::<String>("", "detail").unwrap_or_default()
                    }
                })
                .collect();
            eprintln!("[{}] {filter:?}: {lines:?}", db.backend());
            let full_scan = lines.iter().any(|line| {
                if db.is_mysql() {
                    line.starts_with("Some(\"products\")") && line.contains("Some(\"ALL\")")
                } else {
                    line.starts_with("SCAN products") && !line.contains("INDEX")
                }
            });
            assert!(
                !full_scan,
                "[{}] {filter:?} scans products: {lines:?}",
                db.backend()
            );
        }
        db.cleanup().await;
    }
}

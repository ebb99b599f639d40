//! `junggye seed`: the demo set as the bot shows it (latest, search, detail photos served as real
//! PNGs, notices), reruns that add nothing, and bulk listings found through the search index.

use std::collections::BTreeSet;
use std::path::PathBuf;

use junggye::seed::{SeedOptions, SeedSummary};
use junggye_mysql::SeaProductRepository;
use junggye_mysql::entities::{product_images, product_name_bigrams, products};
use junggye_mysql::testing::backends;
use junggye_products::{Keyword, ListFilter, ProductRepository};
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, payload, test_settings};

const BUYER: &str = "demo-buyer-1";
const IPHONE: &str = "아이폰 13 미니 128GB 미드나이트";
const DEMO: SeedOptions = SeedOptions {
    demo: true,
    listings: 0,
};

fn image_dir(test: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "junggye-seed-{test}-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ))
}

fn cards(reply: &Reply) -> Vec<Value> {
    reply.0["template"]["outputs"][0]["carousel"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn find_i64(value: &Value, key: &str) -> Option<i64> {
    match value {
        Value::Object(map) => map
            .get(key)
            .and_then(Value::as_i64)
            .or_else(|| map.values().find_map(|v| find_i64(v, key))),
        Value::Array(items) => items.iter().find_map(|v| find_i64(v, key)),
        _ => None,
    }
}

fn image_keys(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::String(s) => {
            if let Some((_, key)) = s.rsplit_once("/images/") {
                out.insert(key.to_owned());
            }
        }
        Value::Object(map) => map.values().for_each(|v| image_keys(v, out)),
        Value::Array(items) => items.iter().for_each(|v| image_keys(v, out)),
        _ => {}
    }
}

fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.filter_map(Result::ok).count())
}

#[tokio::test]
async fn demo_seed_shows_listings_photos_and_notices_and_a_rerun_adds_nothing() {
    for db in backends().await {
        let b = db.backend();
        let dir = image_dir("demo");
        let dir_str = dir.display().to_string();
        let overrides = [("APP__IMAGES__DIR", dir_str.as_str())];
        let settings = test_settings(&overrides);
        let conn = db.db.clone();

        let first = junggye::seed::run(&settings, &conn, &DEMO).await.unwrap();
        assert_eq!(first.members_created, 5, "[{b}] {first:?}");
        assert!(first.listings_created >= 30, "[{b}] {first:?}");
        assert_eq!(first.notices_created, 3, "[{b}] {first:?}");
        assert!(
            first.photos_stored > first.listings_created,
            "[{b}] {first:?}"
        );
        assert_eq!(files_in(&dir), first.photos_stored, "[{b}]");

        let app = TestApp::spawn_with(db, &overrides).await;
        // Latest: a full page of demo listings, newest (the last seeded) first.
        let latest = app
            .skill(
                "/skill/products/latest",
                &payload(BUYER, json!({}), json!({})),
            )
            .await;
        let listed = cards(&latest);
        assert_eq!(listed.len(), 10, "[{b}] {}", latest.0);
        assert_eq!(listed[0]["title"], "반려견 이동장 M사이즈", "[{b}]");

        // Korean search finds the iPhone.
        let found = app
            .skill(
                "/skill/products/search",
                &payload(BUYER, json!({"keyword": "아이폰"}), json!({})),
            )
            .await;
        let hits = cards(&found);
        assert_eq!(hits.len(), 1, "[{b}] {}", found.0);
        assert_eq!(hits[0]["title"], IPHONE, "[{b}]");
        let id = find_i64(&hits[0], "product_id").unwrap();

        // Its detail shows three photos, each served as a real PNG.
        let detail = app
            .skill(
                "/skill/products/detail",
                &payload(BUYER, json!({}), json!({"product_id": id})),
            )
            .await;
        let mut keys = BTreeSet::new();
        image_keys(&detail.0, &mut keys);
        assert_eq!(keys.len(), 3, "[{b}] {}", detail.0);
        for key in &keys {
            let response = app
                .client
                .get(format!("{}/images/{key}", app.address))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "[{b}] {key}");
            assert_eq!(response.headers()["content-type"], "image/png", "[{b}]");
            let bytes = response.bytes().await.unwrap();
            let info = png::Decoder::new(std::io::Cursor::new(bytes))
                .read_info()
                .unwrap()
                .info()
                .clone();
            assert!(info.width >= 100 && info.height >= 100, "[{b}] {key}");
        }

        // The pinned notice is listed first.
        let notices = app
            .skill("/skill/notices", &payload(BUYER, json!({}), json!({})))
            .await;
        let text = notices.text();
        let pinned = text.find("중계나라에 오신 것을 환영합니다");
        let other = text.find("안전거래 수칙");
        assert!(pinned.is_some() && pinned < other, "[{b}] {}", notices.0);

        // A demo member is a member: the seller sees their own listing's owner menu.
        let mine = app
            .skill(
                "/skill/products/detail",
                &payload("demo-seller-2", json!({}), json!({"product_id": id})),
            )
            .await;
        assert!(
            mine.quick_replies().contains(&"판매완료".to_owned()),
            "[{b}] {}",
            mine.0
        );

        // Again: everything is recognised, nothing is added.
        let again = junggye::seed::run(&settings, &conn, &DEMO).await.unwrap();
        assert_eq!(
            again,
            SeedSummary {
                members_existing: 5,
                listings_existing: first.listings_created,
                notices_existing: 3,
                ..SeedSummary::default()
            },
            "[{b}]"
        );
        assert_eq!(files_in(&dir), first.photos_stored, "[{b}]");
        let total = products::Entity::find().count(&conn).await.unwrap();
        assert_eq!(total, first.listings_created as u64, "[{b}]");

        app.cleanup().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[tokio::test]
async fn bulk_listings_are_found_through_the_search_index() {
    for db in backends().await {
        let b = db.backend();
        let dir = image_dir("bulk");
        let dir_str = dir.display().to_string();
        let overrides = [("APP__IMAGES__DIR", dir_str.as_str())];
        let settings = test_settings(&overrides);
        let conn = db.db.clone();
        let bulk = |n| SeedOptions {
            demo: false,
            listings: n,
        };

        let first = junggye::seed::run(&settings, &conn, &bulk(500))
            .await
            .unwrap();
        assert_eq!(first.synthetic_listings, 500, "[{b}] {first:?}");
        // One shared photo per category, not one per listing.
        assert_eq!(first.photos_stored, 10, "[{b}] {first:?}");
        // A second run continues the ids instead of colliding with the first.
        let second = junggye::seed::run(&settings, &conn, &bulk(120))
            .await
            .unwrap();
        assert_eq!(second.synthetic_listings, 120, "[{b}]");
        assert_eq!(second.members_existing, 8, "[{b}]");
        assert_eq!(
            products::Entity::find().count(&conn).await.unwrap(),
            620,
            "[{b}]"
        );
        assert_eq!(
            product_images::Entity::find().count(&conn).await.unwrap(),
            620,
            "[{b}]"
        );

        // Search goes through the bigram index: it finds exactly the names holding the word.
        let repo = SeaProductRepository::new(conn.clone());
        for word in ["아이폰", "자전거", "폰", "갤럭시 S24"] {
            let expected = products::Entity::find()
                .filter(products::Column::Name.contains(word))
                .count(&conn)
                .await
                .unwrap();
            let found = repo
                .list(
                    &ListFilter::Search(Keyword::parse(word).unwrap()),
                    &junggye_products::ListOrder::default(),
                    None,
                    1000,
                    &junggye_products::Visibility::default(),
                )
                .await
                .unwrap();
            assert_eq!(found.len() as u64, expected, "[{b}] {word}");
            assert!(
                found.iter().all(|p| p.draft.name.as_str().contains(word)),
                "[{b}] {word}"
            );
            if word == "아이폰" {
                assert!(expected >= 5, "[{b}] only {expected} iPhones in 620");
            }
        }
        assert!(
            product_name_bigrams::Entity::find()
                .filter(product_name_bigrams::Column::Gram.eq("아이"))
                .count(&conn)
                .await
                .unwrap()
                > 0,
            "[{b}]"
        );

        // Through the bot as well, with the shared photo served.
        let app = TestApp::spawn_with(db, &overrides).await;
        let found = app
            .skill(
                "/skill/products/search",
                &payload(BUYER, json!({"keyword": "아이폰"}), json!({})),
            )
            .await;
        let hits = cards(&found);
        assert!(!hits.is_empty(), "[{b}] {}", found.0);
        let id = find_i64(&hits[0], "product_id").unwrap();
        let detail = app
            .skill(
                "/skill/products/detail",
                &payload(BUYER, json!({}), json!({"product_id": id})),
            )
            .await;
        let mut keys = BTreeSet::new();
        image_keys(&detail.0, &mut keys);
        let key = keys.iter().next().unwrap();
        let response = app
            .client
            .get(format!("{}/images/{key}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "[{b}]");

        app.cleanup().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}

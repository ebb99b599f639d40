//! Sort and price range of latest, category and search over the bot (issue 18 item 7): the
//! quick replies that change them, 더보기 carrying them, and hostile values, on both backends.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use junggye_mysql::SeaProductRepository;
use junggye_mysql::testing::backends;
use junggye_products::{
    Category, Description, ListingDraft, Location, MemberId, NewProduct, OpenChatUrl, Price,
    ProductName, ProductRepository,
};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, payload};
use crate::orders::{join, member_id};

fn prices(reply: &Reply) -> Vec<i64> {
    reply.0["template"]["outputs"][0]["carousel"]["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|card| card["price"].as_i64().unwrap())
        .collect()
}

fn titles(reply: &Reply) -> Vec<String> {
    reply.0["template"]["outputs"][0]["carousel"]["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|card| card["title"].as_str().unwrap().to_owned())
        .collect()
}

/// Every page of a list, following 더보기 as a member would.
async fn all_pages(app: &TestApp, route: &str, extra: Value) -> Vec<Reply> {
    let mut pages = vec![app.skill(route, &payload("buyer", json!({}), extra)).await];
    while pages
        .last()
        .unwrap()
        .quick_replies()
        .contains(&"더보기".to_owned())
    {
        let more = pages.last().unwrap().quick_reply("더보기")["extra"].clone();
        pages.push(app.skill(route, &payload("buyer", json!({}), more)).await);
        assert!(pages.len() < 20, "paging never ends");
    }
    pages
}

async fn seed(db: &DatabaseConnection, seller: i64) {
    let repo = SeaProductRepository::new(db.clone());
    for i in 0..25_i64 {
        repo.create(&NewProduct {
            seller: MemberId(seller),
            draft: ListingDraft {
                name: ProductName::parse(&format!("노트북 {i:02}")).unwrap(),
                // 5,000 to 125,000 won in a shuffled order, two listings per price for a few.
                price: Price::from_won(5_000 * (1 + (i * 7) % 25)).unwrap(),
                description: Description::parse("좋아요").unwrap(),
                location: Location::parse("강남역").unwrap(),
                open_chat_url: OpenChatUrl::parse("https://open.kakao.com/o/sAbC").unwrap(),
                category: if i % 2 == 0 {
                    Category::Digital
                } else {
                    Category::Etc
                },
            },
            photos: Vec::new(),
            created_at: chrono::Utc::now() + chrono::Duration::seconds(i),
        })
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn sorts_and_price_ranges_page_through_latest_category_and_search() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = TestApp::spawn(db).await;
        let b = app.backend.clone();
        join(&app, "seller", "판매왕").await;
        join(&app, "buyer", "구매왕").await;
        let seller = member_id(&conn, "seller").await;
        seed(&conn, seller).await;

        for (route, base) in [
            ("/skill/products/latest", json!({})),
            ("/skill/products/category", json!({"category": "digital"})),
            ("/skill/products/search", json!({"keyword": "노트북"})),
        ] {
            let everything: Vec<i64> = all_pages(&app, route, base.clone())
                .await
                .iter()
                .flat_map(prices)
                .collect();
            for (sort, range) in [
                ("price_asc", (None, None)),
                ("price_desc", (None, None)),
                ("price_asc", (Some(20_000), Some(80_000))),
                ("newest", (Some(50_000), None)),
            ] {
                let mut extra = base.clone();
                extra["sort"] = json!(sort);
                if let Some(min) = range.0 {
                    extra["min_price"] = json!(min);
                }
                if let Some(max) = range.1 {
                    extra["max_price"] = json!(max.to_string());
                }
                let pages = all_pages(&app, route, extra.clone()).await;
                let got: Vec<i64> = pages.iter().flat_map(prices).collect();
                let mut want: Vec<i64> = everything
                    .iter()
                    .copied()
                    .filter(|p| range.0.is_none_or(|min| *p >= min))
                    .filter(|p| range.1.is_none_or(|max| *p <= max))
                    .collect();
                match sort {
                    "price_asc" => want.sort_unstable(),
                    "price_desc" => want.sort_unstable_by(|a, c| c.cmp(a)),
                    _ => {}
                }
                assert_eq!(got, want, "[{b}] {route} {extra}");
                // Sorting and narrowing stay one tap away, within Kakao's ten quick replies.
                let first = &pages[0];
                let labels = first.quick_replies();
                assert!(labels.len() <= 10, "[{b}] {labels:?}");
                assert!(labels.contains(&"최신순".to_owned()) || sort == "newest");
                assert!(
                    labels.iter().any(|l| l.contains("만원")),
                    "[{b}] {labels:?}"
                );
            }
        }

        // The quick replies lead where they say.
        let latest = app
            .skill(
                "/skill/products/latest",
                &payload("buyer", json!({}), json!({})),
            )
            .await;
        let cheap_first = latest.quick_reply("낮은 가격순")["extra"].clone();
        let cheap = app
            .skill(
                "/skill/products/latest",
                &payload("buyer", json!({}), cheap_first),
            )
            .await;
        let shown = prices(&cheap);
        assert!(shown.windows(2).all(|w| w[0] <= w[1]), "[{b}] {shown:?}");
        let ranged = cheap.quick_reply("1만~5만원")["extra"].clone();
        assert_eq!(ranged["sort"], "price_asc", "[{b}] {ranged}");
        let ranged = app
            .skill(
                "/skill/products/latest",
                &payload("buyer", json!({}), ranged),
            )
            .await;
        assert!(
            prices(&ranged)
                .iter()
                .all(|p| (10_000..=50_000).contains(p)),
            "[{b}] {}",
            ranged.0
        );
        assert!(ranged.quick_replies().contains(&"가격 전체".to_owned()));
        assert!(!titles(&ranged).is_empty());
        app.cleanup().await;
    }
}

#[tokio::test]
async fn hostile_sort_and_price_values_get_a_korean_answer_never_an_error() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = TestApp::spawn(db).await;
        let b = app.backend.clone();
        join(&app, "seller", "판매왕").await;
        join(&app, "buyer", "구매왕").await;
        let seller = member_id(&conn, "seller").await;
        seed(&conn, seller).await;
        for route in [
            "/skill/products/latest",
            "/skill/products/category",
            "/skill/products/search",
        ] {
            let base = json!({"category": "digital", "keyword": "노트북"});
            // Unknown sorts fall back to the newest first.
            for sort in [
                json!("cheapest"),
                json!(""),
                json!(42),
                json!({"a": 1}),
                json!("price_asc; --"),
            ] {
                let mut extra = base.clone();
                extra["sort"] = sort.clone();
                let reply = app.skill(route, &payload("buyer", json!({}), extra)).await;
                assert!(
                    !prices(&reply).is_empty(),
                    "[{b}] {route} {sort}: {}",
                    reply.0
                );
            }
            for (min, max, says) in [
                (json!("abc"), json!(null), "숫자로"),
                (json!(1.5), json!(null), "숫자로"),
                (json!(null), json!([1]), "숫자로"),
                (json!(-1), json!(null), "0원 이상"),
                (json!(null), json!("99999999999999999999999"), "숫자로"),
                (json!(null), json!(100_000_001), "1억원 이하"),
                (json!(50_000), json!(10_000), "최소 가격이 최대 가격보다"),
            ] {
                let mut extra = base.clone();
                extra["min_price"] = min.clone();
                extra["max_price"] = max.clone();
                let reply = app.skill(route, &payload("buyer", json!({}), extra)).await;
                assert!(
                    reply.text().contains(says),
                    "[{b}] {route} {min} {max}: {}",
                    reply.0
                );
            }
            // Forged cursors are the first page, never an error.
            for cursor in [
                json!("x_y"),
                json!(-5),
                json!("99999999999999999999_1"),
                json!("1_2_3"),
            ] {
                let mut extra = base.clone();
                extra["cursor"] = cursor.clone();
                extra["sort"] = json!("price_desc");
                let reply = app.skill(route, &payload("buyer", json!({}), extra)).await;
                assert_eq!(reply.0["version"], "2.0", "[{b}] {cursor}");
            }
        }
        app.cleanup().await;
    }
}

//! Listing caches stay exact across instances: a page or a listing read (and cached) on one
//! instance never shows a change made on another as not having happened, once that change has
//! returned. On SQLite (read model) and on MariaDB, with two app instances on one database.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use junggye_members::{MemberRepository, UserKey};
use junggye_mysql::testing::backends;
use junggye_mysql::{SeaMemberRepository, SeaProductRepository};
use junggye_products::{
    Category, Description, ListingDraft, Location, NewProduct, OpenChatUrl, Price, ProductName,
    ProductRepository,
};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, payload};
use crate::orders::join;

const SELLER: &str = "cache-seller";
const BUYER: &str = "cache-buyer";

async fn list(db: &DatabaseConnection, name: &str) -> i64 {
    let seller = SeaMemberRepository::new(db.clone())
        .find_by_user_key(&UserKey::parse(SELLER).unwrap())
        .await
        .unwrap()
        .unwrap();
    SeaProductRepository::new(db.clone())
        .create(&NewProduct {
            seller: seller.id,
            draft: ListingDraft {
                name: ProductName::parse(name).unwrap(),
                price: Price::parse("15,000원").unwrap(),
                description: Description::parse("캐시 테스트").unwrap(),
                location: Location::parse("강남역").unwrap(),
                open_chat_url: OpenChatUrl::parse("https://open.kakao.com/o/sAbC").unwrap(),
                category: Category::Digital,
            },
            photos: Vec::new(),
            created_at: chrono::Utc::now(),
        })
        .await
        .unwrap()
        .id
        .0
}

/// Titles and descriptions of the latest page as the buyer sees it.
async fn latest(app: &TestApp) -> Vec<(String, String)> {
    let reply = app
        .skill(
            "/skill/products/latest",
            &payload(BUYER, json!({}), json!({})),
        )
        .await;
    reply.0["template"]["outputs"][0]["carousel"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|card: &Value| {
            (
                card["title"].as_str().unwrap_or_default().to_owned(),
                card["description"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

async fn detail(app: &TestApp, id: i64) -> Reply {
    app.skill(
        "/skill/products/detail",
        &payload(BUYER, json!({}), json!({"product_id": id})),
    )
    .await
}

async fn set_status(app: &TestApp, id: i64, to: &str) {
    let reply = app
        .skill(
            "/skill/products/status",
            &payload(SELLER, json!({}), json!({"product_id": id, "status": to})),
        )
        .await;
    assert!(reply.text().contains("상태로 변경"), "{}", reply.0);
}

fn titles(page: &[(String, String)]) -> Vec<&str> {
    page.iter().map(|(title, _)| title.as_str()).collect()
}

fn has_pay_button(reply: &Reply) -> bool {
    reply.0.to_string().contains("카카오페이")
}

#[tokio::test]
async fn a_change_on_one_instance_is_never_hidden_by_the_others_cache() {
    for db in backends().await {
        let conn = db.db.clone();
        let writer = TestApp::spawn(db).await;
        let reader = writer.second_instance();
        let b = writer.backend.clone();
        join(&writer, SELLER, "캐시판매자").await;
        join(&writer, BUYER, "캐시구매자").await;
        let ipad = list(&conn, "아이패드 미니").await;
        let camera = list(&conn, "소니 카메라").await;

        // The reader caches the page and the detail, twice so the second read is a hit.
        for _ in 0..2 {
            assert_eq!(
                titles(&latest(&reader).await),
                ["소니 카메라", "아이패드 미니"],
                "[{b}]"
            );
            assert!(
                has_pay_button(&detail(&reader, ipad).await),
                "[{b}] on sale: pay button"
            );
        }

        set_status(&writer, ipad, "hidden").await;
        assert_eq!(
            titles(&latest(&reader).await),
            ["소니 카메라"],
            "[{b}] hidden stays out"
        );
        assert!(
            detail(&reader, ipad)
                .await
                .text()
                .contains("찾을 수 없는 상품"),
            "[{b}] hidden listing is gone for the buyer"
        );

        set_status(&writer, ipad, "on_sale").await;
        assert_eq!(
            titles(&latest(&reader).await),
            ["소니 카메라", "아이패드 미니"],
            "[{b}]"
        );

        set_status(&writer, ipad, "reserved").await;
        let page = latest(&reader).await;
        let reserved = page.iter().find(|(t, _)| t == "아이패드 미니").unwrap();
        assert!(reserved.1.contains("[예약중]"), "[{b}] {reserved:?}");
        assert!(
            !has_pay_button(&detail(&reader, ipad).await),
            "[{b}] reserved: no pay"
        );

        set_status(&writer, camera, "sold").await;
        assert_eq!(
            titles(&latest(&reader).await),
            ["아이패드 미니"],
            "[{b}] sold leaves"
        );

        set_status(&writer, ipad, "deleted").await;
        assert!(latest(&reader).await.is_empty(), "[{b}] deleted leaves");
        assert!(
            detail(&reader, ipad)
                .await
                .text()
                .contains("찾을 수 없는 상품"),
            "[{b}]"
        );

        // A new listing written straight to the database (the seed, another instance's
        // register) shows at once too.
        list(&conn, "닌텐도 스위치").await;
        assert_eq!(
            titles(&latest(&reader).await),
            ["닌텐도 스위치"],
            "[{b}] new listing"
        );
        writer.cleanup().await;
    }
}

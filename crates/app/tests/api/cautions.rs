//! The listing detail's safety and sharing (contract §10): a text that moves the talk to an
//! outside messenger shows `주의`, an ordinary one does not; the photos carry Kakao's share
//! button.

#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

use junggye_mysql::SeaProductRepository;
use junggye_mysql::testing::backends;
use junggye_products::images::StoredImage;
use junggye_products::{
    Category, Description, ListingDraft, Location, NewProduct, OpenChatUrl, Price, ProductName,
    ProductRepository as _,
};
use sea_orm::DatabaseConnection;

use crate::helpers::TestApp;
use crate::orders::{BUYER, SELLER, detail, join, member_id};

async fn listing(db: &DatabaseConnection, name: &str, description: &str) -> i64 {
    let seller = member_id(db, SELLER).await;
    SeaProductRepository::new(db.clone())
        .create(&NewProduct {
            seller: junggye_orders::MemberId(seller),
            draft: ListingDraft {
                name: ProductName::parse(name).unwrap(),
                price: Price::parse("15,000원").unwrap(),
                description: Description::parse(description).unwrap(),
                location: Location::parse("강남역").unwrap(),
                open_chat_url: OpenChatUrl::parse("https://open.kakao.com/o/sAbC").unwrap(),
                category: Category::Digital,
            },
            photos: vec![StoredImage {
                key: "a.jpg".into(),
                content_type: "image/jpeg".into(),
                size: 10,
            }],
            created_at: chrono::Utc::now(),
        })
        .await
        .unwrap()
        .id
        .0
}

#[tokio::test]
async fn cautions_show_on_the_detail_of_a_listing_that_asks_for_a_messenger_id() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = TestApp::spawn(db).await;
        join(&app, SELLER, "판매자").await;
        join(&app, BUYER, "구매자").await;
        let risky = listing(
            &conn,
            "에어팟 프로",
            "카톡 아이디 deal77 로 먼저 연락주세요",
        )
        .await;
        let plain = listing(
            &conn,
            "에어팟 맥스",
            "2024-03-15 구매, 모델 A2096, 25,000원",
        )
        .await;
        let shown = detail(&app, BUYER, risky).await;
        assert!(
            shown.text().contains("주의"),
            "[{}] {}",
            app.backend,
            shown.0
        );
        assert!(
            shown.text().contains("외부 메신저"),
            "[{}] {}",
            app.backend,
            shown.0
        );
        let shown = detail(&app, BUYER, plain).await;
        assert!(
            !shown.text().contains("주의"),
            "[{}] {}",
            app.backend,
            shown.0
        );
        app.cleanup().await;
    }
}

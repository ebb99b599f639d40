#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

use junggye_domain_common::Page;
use junggye_members::MemberRepository;
use junggye_mysql::testing::{TestDb, backends};
use junggye_mysql::{SeaLikeRepository, SeaMemberRepository, SeaProductRepository};
use junggye_products::likes::LikeRepository;
use junggye_products::{
    Category, Description, ListingDraft, Location, MemberId, NewProduct, OpenChatUrl, Price,
    ProductId, ProductName, ProductRepository, ProductStatus,
};

use crate::helpers::{new_member, t0};

async fn member(db: &TestDb, key: &str) -> MemberId {
    let joined = SeaMemberRepository::new(db.db.clone())
        .join(&new_member(key, &format!("회원{key}"), "010-1234-5678"))
        .await
        .unwrap();
    MemberId(joined.id.0)
}

async fn listing(db: &TestDb, seller: MemberId, name: &str) -> ProductId {
    SeaProductRepository::new(db.db.clone())
        .create(&NewProduct {
            seller,
            draft: ListingDraft {
                name: ProductName::parse(name).unwrap(),
                price: Price::parse("15,000").unwrap(),
                description: Description::parse("설명").unwrap(),
                location: Location::parse("강남역").unwrap(),
                open_chat_url: OpenChatUrl::parse("https://open.kakao.com/o/abc").unwrap(),
                category: Category::Digital,
            },
            photos: Vec::new(),
            created_at: t0(),
        })
        .await
        .unwrap()
        .id
}

const VISIBLE: [ProductStatus; 4] = [
    ProductStatus::OnSale,
    ProductStatus::Reserved,
    ProductStatus::Pending,
    ProductStatus::Sold,
];

#[tokio::test]
async fn toggle_likes_then_unlikes_and_counts_per_listing() {
    for db in backends().await {
        let repo = SeaLikeRepository::new(db.db.clone());
        let seller = member(&db, "seller").await;
        let fan = member(&db, "fan").await;
        let other = member(&db, "other").await;
        let product = listing(&db, seller, "맥북 에어 M1").await;
        let b = db.backend();

        assert!(repo.toggle(fan, product, t0()).await.unwrap(), "{b}");
        assert!(repo.toggle(other, product, t0()).await.unwrap(), "{b}");
        assert_eq!(repo.count(product).await.unwrap(), 2, "{b}");
        assert!(repo.is_liked(fan, product).await.unwrap(), "{b}");
        assert_eq!(repo.likers(product).await.unwrap(), [fan, other], "{b}");

        assert!(!repo.toggle(fan, product, t0()).await.unwrap(), "{b}");
        assert!(!repo.is_liked(fan, product).await.unwrap(), "{b}");
        assert_eq!(repo.count(product).await.unwrap(), 1, "{b}");
        assert_eq!(repo.likers(product).await.unwrap(), [other], "{b}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn racing_taps_leave_at_most_one_like() {
    for db in backends().await {
        let repo = SeaLikeRepository::new(db.db.clone());
        let seller = member(&db, "seller").await;
        let fan = member(&db, "fan").await;
        let product = listing(&db, seller, "자전거").await;
        let taps = (0..6).map(|_| {
            let repo = repo.clone();
            tokio::spawn(async move { repo.toggle(fan, product, t0()).await })
        });
        for tap in taps {
            tap.await.unwrap().unwrap();
        }
        assert!(repo.count(product).await.unwrap() <= 1, "{}", db.backend());
        db.cleanup().await;
    }
}

#[tokio::test]
async fn liked_pages_are_newest_like_first_with_current_status_and_skip_hidden() {
    for db in backends().await {
        let repo = SeaLikeRepository::new(db.db.clone());
        let products = SeaProductRepository::new(db.db.clone());
        let seller = member(&db, "seller").await;
        let fan = member(&db, "fan").await;
        let mut ids = Vec::new();
        for i in 0..12 {
            ids.push(listing(&db, seller, &format!("상품 {i}")).await);
        }
        // Liked oldest listing last: like order, not listing order, decides the page.
        for id in ids.iter().rev() {
            repo.toggle(fan, *id, t0()).await.unwrap();
        }
        let sold = products.find(ids[1]).await.unwrap().unwrap();
        products
            .change_status(ids[1], sold.version, ProductStatus::Sold)
            .await
            .unwrap();
        let hidden = products.find(ids[2]).await.unwrap().unwrap();
        products
            .change_status(ids[2], hidden.version, ProductStatus::Hidden)
            .await
            .unwrap();
        let b = db.backend();

        let first = repo.liked(fan, &VISIBLE, Page::new(0, 10)).await.unwrap();
        let names: Vec<&str> = first.items.iter().map(|p| p.draft.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "상품 0",
                "상품 1",
                "상품 3",
                "상품 4",
                "상품 5",
                "상품 6",
                "상품 7",
                "상품 8",
                "상품 9",
                "상품 10"
            ],
            "{b}"
        );
        assert!(first.has_more, "{b}");
        assert_eq!(first.items[1].status, ProductStatus::Sold, "{b}");
        assert_eq!(first.items[0].seller.nickname, "회원seller", "{b}");

        let second = repo.liked(fan, &VISIBLE, Page::new(1, 10)).await.unwrap();
        assert_eq!(second.items.len(), 1, "{b}");
        assert_eq!(second.items[0].draft.name.as_str(), "상품 11", "{b}");
        assert!(!second.has_more, "{b}");

        let nobody = repo
            .liked(seller, &VISIBLE, Page::new(0, 10))
            .await
            .unwrap();
        assert!(nobody.items.is_empty() && !nobody.has_more, "{b}");
        db.cleanup().await;
    }
}

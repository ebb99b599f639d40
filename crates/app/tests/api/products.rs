//! Listings over the bot: browse, search, pages, detail per viewer, and every status change.
//! Listings are stored through the repository here; registration with photos needs the photo
//! pipeline in the app (see the images tests).

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use junggye_members::{MemberRepository, UserKey};
use junggye_mysql::testing::backends;
use junggye_mysql::{SeaMemberRepository, SeaProductRepository};
use junggye_products::images::StoredImage;
use junggye_products::{
    Category, Description, ListingDraft, Location, MemberId, NewProduct, OpenChatUrl, Price,
    ProductName, ProductRepository,
};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, payload};
use crate::orders::join;

const SELLER: &str = "seller-user";
const BUYER: &str = "buyer-user";

async fn list(db: &DatabaseConnection, user: &str, name: &str) -> i64 {
    let member = SeaMemberRepository::new(db.clone())
        .find_by_user_key(&UserKey::parse(user).unwrap())
        .await
        .unwrap()
        .unwrap();
    SeaProductRepository::new(db.clone())
        .create(&NewProduct {
            seller: MemberId(member.id.0),
            draft: ListingDraft {
                name: ProductName::parse(name).unwrap(),
                price: Price::parse("15,000원").unwrap(),
                description: Description::parse("상태 좋아요").unwrap(),
                location: Location::parse("강남역").unwrap(),
                open_chat_url: OpenChatUrl::parse("https://open.kakao.com/o/sAbC").unwrap(),
                category: Category::Digital,
            },
            photos: vec![StoredImage {
                key: format!("{}.jpg", name.len()),
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

fn cards(reply: &Reply) -> Vec<Value> {
    reply.0["template"]["outputs"][0]["carousel"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn status(app: &TestApp, user: &str, id: i64, to: &str) -> Reply {
    app.skill(
        "/skill/products/status",
        &payload(user, json!({}), json!({"product_id": id, "status": to})),
    )
    .await
}

async fn detail(app: &TestApp, user: &str, id: i64) -> Reply {
    app.skill(
        "/skill/products/detail",
        &payload(user, json!({}), json!({"product_id": id})),
    )
    .await
}

#[tokio::test]
async fn browse_search_page_detail_and_status_on_every_backend() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = TestApp::spawn(db).await;
        let b = app.backend.clone();
        join(&app, SELLER, "판매왕").await;
        join(&app, BUYER, "구매왕").await;
        for i in 0..11 {
            list(&conn, SELLER, &format!("아이폰 {i}")).await;
        }
        let macbook = list(&conn, SELLER, "맥북 프로 14").await;

        // Latest: 10 cards, then 더보기 with a cursor leading to the last two.
        let first = app
            .skill(
                "/skill/products/latest",
                &payload(BUYER, json!({}), json!({})),
            )
            .await;
        assert_eq!(cards(&first).len(), 10, "[{b}] {}", first.0);
        assert_eq!(cards(&first)[0]["title"], "맥북 프로 14");
        let more = first.quick_reply("더보기");
        let second = app
            .skill(
                "/skill/products/latest",
                &payload(BUYER, json!({}), more["extra"].clone()),
            )
            .await;
        assert_eq!(cards(&second).len(), 2, "[{b}] {}", second.0);
        assert!(!second.quick_replies().contains(&"더보기".to_owned()));

        // Korean search, from a slot.
        let found = app
            .skill(
                "/skill/products/search",
                &payload(BUYER, json!({"keyword": "맥북"}), json!({})),
            )
            .await;
        assert_eq!(cards(&found).len(), 1, "[{b}] {}", found.0);
        let none = app
            .skill(
                "/skill/products/search",
                &payload(BUYER, json!({}), json!({"keyword": "갤럭시"})),
            )
            .await;
        assert!(none.text().contains("검색된 상품이 없습니다"), "[{b}]");

        // Every category reachable within ten quick replies.
        let picker = app
            .skill(
                "/skill/products/categories",
                &payload(BUYER, json!({}), json!({"purpose": "browse"})),
            )
            .await;
        let text = picker.text();
        for c in Category::ALL {
            assert!(text.contains(c.label()), "[{b}] {} missing", c.label());
        }

        // Detail: the owner gets the transitions, bump and edit, others the open-chat link.
        let owner_view = detail(&app, SELLER, macbook).await;
        assert_eq!(
            owner_view.quick_replies(),
            [
                "예약중으로",
                "숨기기",
                "판매완료",
                "삭제",
                "끌올",
                "수정하기",
                "판매내역",
                "메인메뉴"
            ],
            "[{b}]"
        );
        let other_view = detail(&app, BUYER, macbook).await;
        assert!(
            other_view.0.to_string().contains("open.kakao.com/o/sAbC"),
            "[{b}]"
        );
        assert!(!other_view.quick_replies().contains(&"삭제".to_owned()));

        // Non-owners are refused every change.
        for to in ["reserved", "hidden", "sold", "deleted"] {
            let refused = status(&app, BUYER, macbook, to).await;
            assert!(
                refused.text().contains("본인이 등록한"),
                "[{b}] {to}: {}",
                refused.0
            );
        }

        // The owner walks the state machine; forbidden steps are refused.
        let steps = [
            ("reserved", true),
            ("hidden", false),
            ("on_sale", true),
            ("hidden", true),
            ("reserved", false),
            ("sold", false),
            ("on_sale", true),
            ("reserved", true),
            ("sold", true),
            ("on_sale", false),
            ("reserved", false),
            ("hidden", false),
            ("deleted", true),
        ];
        for (to, allowed) in steps {
            let reply = status(&app, SELLER, macbook, to).await;
            if allowed {
                assert!(
                    reply.text().contains("상태로 변경했습니다"),
                    "[{b}] {to}: {}",
                    reply.0
                );
            } else {
                assert!(
                    reply.text().contains("변경할 수 없습니다"),
                    "[{b}] {to}: {}",
                    reply.0
                );
            }
            if to == "hidden" && allowed {
                let hidden = detail(&app, BUYER, macbook).await;
                assert!(hidden.text().contains("찾을 수 없는 상품입니다"), "[{b}]");
            }
            if to == "reserved" && allowed {
                let reserved = detail(&app, BUYER, macbook).await;
                assert!(reserved.text().contains("예약중"), "[{b}]");
                assert!(!reserved.0.to_string().contains("결제"), "[{b}]");
            }
        }
        // Deleted is gone for everyone and cannot change any more.
        assert!(
            detail(&app, SELLER, macbook)
                .await
                .text()
                .contains("찾을 수 없는")
        );
        assert!(
            status(&app, SELLER, macbook, "on_sale")
                .await
                .text()
                .contains("찾을 수 없는")
        );

        // Registration names the bad field before any photo is fetched.
        let bad = app
            .skill(
                "/skill/products/register",
                &payload(
                    SELLER,
                    json!({"name": "책상", "price": "공짜", "description": "튼튼",
                           "location": "홍대", "open_chat_url": "https://open.kakao.com/o/x"}),
                    json!({"category": "furniture"}),
                ),
            )
            .await;
        assert!(bad.text().contains("가격"), "[{b}] {}", bad.0);
        app.cleanup().await;
    }
}

//! Listing care over the bot (issue 18): the owner's edit with photos, bumps (끌올), the
//! stale-listing reminder and its buttons, and hostile calls to each, on both backends.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use std::time::Duration;

use chrono::Utc;
use junggye_members::{MemberRepository, NewMember, Nickname, PhoneNumber, UserKey};
use junggye_mysql::testing::backends;
use junggye_mysql::{SeaMemberRepository, SeaProductRepository};
use junggye_products::{
    Category, Description, ListingDraft, Location, MemberId, NewProduct, OpenChatUrl, Price,
    ProductName, ProductRepository,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{Reply, TestApp, payload};
use crate::orders::{join, list, member_id};

const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 1, 1,
];

fn images(cdn: &MockServer, file: &str) -> String {
    json!({
        "privacyAgreement": "Y",
        "imageQuantity": "1",
        "secureUrls": format!("List({}/dna/{file})", cdn.uri()),
    })
    .to_string()
}

async fn edit(app: &TestApp, user: &str, product: Value, params: Value) -> Reply {
    app.skill(
        "/skill/products/edit",
        &payload(user, params, json!({"product_id": product})),
    )
    .await
}

async fn bump(app: &TestApp, user: &str, product: Value) -> Reply {
    app.skill(
        "/skill/products/bump",
        &payload(user, json!({}), json!({"product_id": product})),
    )
    .await
}

async fn detail(app: &TestApp, user: &str, product: i64) -> Reply {
    app.skill(
        "/skill/products/detail",
        &payload(user, json!({}), json!({"product_id": product})),
    )
    .await
}

async fn latest_titles(app: &TestApp, extra: Value) -> Vec<String> {
    let reply = app
        .skill("/skill/products/latest", &payload("fan", json!({}), extra))
        .await;
    reply.0["template"]["outputs"][0]["carousel"]["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|card| card["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Stored `(member, kind, payload)` of one kind, oldest first (likers are told on a task of
/// its own, after the reply: polled).
async fn stored(db: &DatabaseConnection, kind: &str, at_least: usize) -> Vec<(i64, Value)> {
    for _ in 0..100 {
        let rows: Vec<(i64, Value)> = db
            .query_all_raw(Statement::from_sql_and_values(
                db.get_database_backend(),
                "SELECT member_id, payload FROM notifications WHERE kind = ? ORDER BY id",
                vec![kind.into()],
            ))
            .await
            .unwrap()
            .into_iter()
            .map(|row| {
                let payload: String = row.try_get("", "payload").unwrap();
                (
                    row.try_get("", "member_id").unwrap(),
                    serde_json::from_str(&payload).unwrap(),
                )
            })
            .collect();
        if rows.len() >= at_least {
            return rows;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Vec::new()
}

/// Moves a listing as an order would (the test stands in for a paid order), bumping the
/// catalog version as every card write does.
async fn force_status(db: &DatabaseConnection, product: i64, status: &str) {
    for sql in [
        "UPDATE catalog_version SET version = version + 1 WHERE id = 1".to_owned(),
        format!("UPDATE products SET status = '{status}' WHERE id = {product}"),
    ] {
        db.execute_unprepared(&sql).await.unwrap();
    }
}

#[tokio::test]
async fn the_owner_edits_fields_and_photos_and_a_price_drop_tells_likers() {
    for db in backends().await {
        let conn = db.db.clone();
        let cdn = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/dna/new.jpg"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(JPEG, "image/jpeg"))
            .mount(&cdn)
            .await;
        let (app, dir) = TestApp::spawn_with_photos(db, &cdn, "edit").await;
        let b = app.backend.clone();
        join(&app, "seller", "판매왕").await;
        join(&app, "fan", "찜러").await;
        join(&app, "stranger", "남남").await;
        let fan = member_id(&conn, "fan").await;
        let product = list(&conn, "seller", "소니 헤드폰").await;
        let liked = app
            .skill(
                "/skill/likes/toggle",
                &payload("fan", json!({}), json!({"product_id": product})),
            )
            .await;
        assert!(liked.text().contains("찜 1개"), "[{b}] {}", liked.0);
        // Warm the caches: the edit must not leave the old version in them.
        assert_eq!(
            latest_titles(&app, json!({})).await,
            ["소니 헤드폰"],
            "[{b}]"
        );
        assert!(
            detail(&app, "fan", product)
                .await
                .text()
                .contains("소니 헤드폰")
        );

        // Only the owner sees 수정하기 and 끌올.
        let own = detail(&app, "seller", product).await;
        for label in ["수정하기", "끌올"] {
            assert!(
                own.quick_replies().contains(&label.to_owned()),
                "[{b}] {}",
                own.0
            );
            assert!(
                !detail(&app, "fan", product)
                    .await
                    .quick_replies()
                    .contains(&label.to_owned()),
                "[{b}]"
            );
        }
        let to_edit = own.quick_reply("수정하기");
        assert_eq!(to_edit["extra"]["product_id"], product, "[{b}]");

        // Without a field: the form, nothing changed.
        let form = edit(&app, "seller", json!(product), json!({})).await;
        assert!(form.text().contains("상품 수정"), "[{b}] {}", form.0);
        assert!(form.text().contains("15,000원"), "[{b}] {}", form.0);

        // Register's checks, each a Korean refusal and no change.
        for (params, says) in [
            (json!({"price": "abc"}), "가격은 1원 이상"),
            (json!({"price": "-5000"}), "가격은 1원 이상"),
            (
                json!({"price": "1000000000000000000000"}),
                "가격은 1원 이상",
            ),
            (json!({"name": "가".repeat(31)}), "상품명은 1~30자"),
            (json!({"description": "나".repeat(401)}), "설명"),
            (json!({"location": "다".repeat(51)}), "장소"),
            (
                json!({"open_chat_url": "https://evil.example/o/x"}),
                "오픈채팅",
            ),
        ] {
            let refused = edit(&app, "seller", json!(product), params.clone()).await;
            assert!(
                refused.text().contains(says),
                "[{b}] {params}: {}",
                refused.0
            );
        }
        // A photo from a host not allowed is refused and the listing keeps its photo.
        let bad_host = json!({
            "privacyAgreement": "Y", "imageQuantity": "1",
            "secureUrls": "List(https://attacker.example/x.jpg)",
        })
        .to_string();
        let refused = edit(&app, "seller", json!(product), json!({"images": bad_host})).await;
        assert!(
            !refused.text().contains("수정했습니다"),
            "[{b}] {}",
            refused.0
        );

        // Strangers: not theirs.
        let theirs = edit(&app, "stranger", json!(product), json!({"price": "1000"})).await;
        assert!(
            theirs.text().contains("본인이 등록한 상품만"),
            "[{b}] {}",
            theirs.0
        );

        // The owner lowers the price, renames it and replaces the photo.
        let edited = edit(
            &app,
            "seller",
            json!(product),
            json!({"price": "9,000원", "name": "소니 헤드폰 XM4", "images": images(&cdn, "new.jpg")}),
        )
        .await;
        assert!(edited.text().contains("수정했습니다"), "[{b}] {}", edited.0);
        let shown = detail(&app, "fan", product).await;
        assert!(
            shown.text().contains("소니 헤드폰 XM4"),
            "[{b}] {}",
            shown.0
        );
        assert!(shown.text().contains("9,000원"), "[{b}] {}", shown.0);
        let photos = shown.0["template"]["outputs"][0]["carousel"]["items"]
            .as_array()
            .map_or(0, Vec::len);
        assert_eq!(photos, 1, "[{b}] {}", shown.0);
        assert_eq!(
            latest_titles(&app, json!({})).await,
            ["소니 헤드폰 XM4"],
            "[{b}]"
        );
        let told = stored(&conn, "liked_changed", 1).await;
        assert_eq!(told.len(), 1, "[{b}] {told:?}");
        assert_eq!(told[0].0, fan);
        assert_eq!(
            told[0].1["change"]["price_dropped"],
            json!({"from": 15_000, "to": 9_000}),
            "[{b}] {told:?}"
        );
        // A price rise tells nobody. Through the form's 가격 수정, whose block asks only the price.
        let form = edit(&app, "seller", json!(product), json!({})).await;
        assert_eq!(form.quick_replies().len(), 8, "[{b}] {}", form.0);
        let to_price = form.quick_reply("가격 수정");
        assert_eq!(to_price["blockId"], "PRODUCT_EDIT_PRICE", "[{b}]");
        let raised = app
            .skill(
                "/skill/products/edit/price",
                &payload(
                    "seller",
                    json!({"price": "12000"}),
                    to_price["extra"].clone(),
                ),
            )
            .await;
        assert!(raised.text().contains("수정했습니다"), "[{b}] {}", raised.0);
        assert!(
            detail(&app, "fan", product)
                .await
                .text()
                .contains("12,000원"),
            "[{b}]"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(stored(&conn, "liked_changed", 1).await.len(), 1, "[{b}]");

        // Pending (paid order), sold and deleted listings are not edited.
        force_status(&conn, product, "pending").await;
        let pending = edit(&app, "seller", json!(product), json!({"price": "1000"})).await;
        assert!(
            pending.text().contains("결제가 진행 중인"),
            "[{b}] {}",
            pending.0
        );
        force_status(&conn, product, "sold").await;
        let sold = edit(&app, "seller", json!(product), json!({"price": "1000"})).await;
        assert!(sold.text().contains("판매완료"), "[{b}] {}", sold.0);
        force_status(&conn, product, "deleted").await;
        let gone = edit(&app, "seller", json!(product), json!({"price": "1000"})).await;
        assert!(
            gone.text().contains("찾을 수 없는 상품"),
            "[{b}] {}",
            gone.0
        );

        // Forged ids of every shape.
        for id in [
            json!("abc"),
            json!(-1),
            json!(0),
            json!(9_999_999_999_i64),
            json!(1e30),
            json!("1; DROP TABLE products"),
            json!(null),
            json!([product]),
        ] {
            for reply in [
                edit(&app, "seller", id.clone(), json!({"price": "1000"})).await,
                bump(&app, "seller", id.clone()).await,
            ] {
                assert!(
                    reply.text().contains("찾을 수 없는 상품"),
                    "[{b}] {id}: {}",
                    reply.0
                );
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        app.cleanup().await;
    }
}

#[tokio::test]
async fn bumps_move_a_listing_to_the_top_once_per_cooldown() {
    for db in backends().await {
        let conn = db.db.clone();
        let app = TestApp::spawn(db).await;
        let b = app.backend.clone();
        join(&app, "seller", "판매왕").await;
        join(&app, "fan", "찜러").await;
        let mut ids = Vec::new();
        for i in 0..12 {
            ids.push(list(&conn, "seller", &format!("자전거 {i:02}")).await);
        }
        let first = latest_titles(&app, json!({})).await;
        assert_eq!(first[0], "자전거 11", "[{b}]");
        assert!(!first.contains(&"자전거 00".to_owned()), "[{b}]");

        // A reader on page 1 while the seller bumps one listing already shown and one not yet
        // shown: 더보기 repeats nothing and skips nothing that stayed put.
        let page = app
            .skill(
                "/skill/products/latest",
                &payload("fan", json!({}), json!({})),
            )
            .await;
        let shown_id = ids[5];
        let unseen_id = ids[1];
        for id in [shown_id, unseen_id] {
            let bumped = bump(&app, "seller", json!(id)).await;
            assert!(bumped.text().contains("끌올했습니다"), "[{b}] {}", bumped.0);
        }
        let more = page.quick_reply("더보기")["extra"].clone();
        let next = app
            .skill("/skill/products/latest", &payload("fan", json!({}), more))
            .await;
        let next: Vec<String> = next.0["template"]["outputs"][0]["carousel"]["items"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|card| card["title"].as_str().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(
            next,
            ["자전거 00"],
            "[{b}] 자전거 01 moved above the cursor"
        );
        assert_eq!(
            latest_titles(&app, json!({})).await[..2],
            ["자전거 01", "자전거 05"],
            "[{b}] the bumps lead page 1"
        );

        // Strangers cannot bump; the owner's first bump goes at once.
        let theirs = bump(&app, "fan", json!(ids[0])).await;
        assert!(
            theirs.text().contains("본인이 등록한 상품만"),
            "[{b}] {}",
            theirs.0
        );
        let bumped = bump(&app, "seller", json!(ids[0])).await;
        assert!(bumped.text().contains("끌올했습니다"), "[{b}] {}", bumped.0);
        assert!(bumped.text().contains("다음 끌올은"), "[{b}] {}", bumped.0);
        assert_eq!(
            latest_titles(&app, json!({})).await[0],
            "자전거 00",
            "[{b}]"
        );
        let category = latest_titles_in(&app, "digital").await;
        assert_eq!(category[0], "자전거 00", "[{b}]");

        // The next one waits for the cooldown, and says until when.
        let again = bump(&app, "seller", json!(ids[0])).await;
        assert!(
            again.text().contains("아직 끌올할 수 없어요"),
            "[{b}] {}",
            again.0
        );
        assert!(again.text().contains("이후에"), "[{b}] {}", again.0);

        // Only on-sale listings.
        let reserved = app
            .skill(
                "/skill/products/status",
                &payload(
                    "seller",
                    json!({}),
                    json!({"product_id": ids[1], "status": "reserved"}),
                ),
            )
            .await;
        assert!(reserved.text().contains("예약중"), "[{b}] {}", reserved.0);
        let refused = bump(&app, "seller", json!(ids[1])).await;
        assert!(
            refused.text().contains("판매중인 상품만"),
            "[{b}] {}",
            refused.0
        );
        app.cleanup().await;
    }
}

async fn latest_titles_in(app: &TestApp, category: &str) -> Vec<String> {
    let reply = app
        .skill(
            "/skill/products/category",
            &payload("fan", json!({}), json!({"category": category})),
        )
        .await;
    reply.0["template"]["outputs"][0]["carousel"]["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|card| card["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// A listing untouched for 40 days: the reminder job (it runs at start) asks its seller once,
/// and the notification's three buttons work.
#[tokio::test]
async fn a_stale_listing_asks_its_seller_once_and_its_buttons_work() {
    for db in backends().await {
        let conn = db.db.clone();
        let seller = SeaMemberRepository::new(conn.clone())
            .join(&NewMember {
                user_key: UserKey::parse("stale-seller").unwrap(),
                plusfriend_user_key: None,
                nickname: Nickname::parse("묵은판매자").unwrap(),
                phone: PhoneNumber::parse("010-1234-5678").unwrap(),
                joined_at: Utc::now() - chrono::Duration::days(60),
            })
            .await
            .unwrap();
        let repo = SeaProductRepository::new(conn.clone());
        let mut old = Vec::new();
        for (name, days) in [("오래된 책상", 40), ("오래된 의자", 45), ("새 램프", 3)]
        {
            let saved = repo
                .create(&NewProduct {
                    seller: MemberId(seller.id.0),
                    draft: ListingDraft {
                        name: ProductName::parse(name).unwrap(),
                        price: Price::from_won(30_000).unwrap(),
                        description: Description::parse("튼튼해요").unwrap(),
                        location: Location::parse("잠실").unwrap(),
                        open_chat_url: OpenChatUrl::parse("https://open.kakao.com/o/sAbC").unwrap(),
                        category: Category::Furniture,
                    },
                    photos: Vec::new(),
                    created_at: Utc::now() - chrono::Duration::days(days),
                })
                .await
                .unwrap();
            old.push(saved.id.0);
        }
        let app = TestApp::spawn(db).await;
        let b = app.backend.clone();
        let asked = stored(&conn, "listing_stale", 2).await;
        assert_eq!(asked.len(), 2, "[{b}] {asked:?}");
        assert!(asked.iter().all(|(member, _)| *member == seller.id.0));
        // A second instance's job at start asks nobody again.
        let twin = app.second_instance();
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(stored(&conn, "listing_stale", 2).await.len(), 2, "[{b}]");
        drop(twin);

        let inbox = app
            .skill(
                "/skill/notifications",
                &payload("stale-seller", json!({}), json!({})),
            )
            .await;
        assert!(
            inbox.text().contains("아직 판매 중인가요?"),
            "[{b}] {}",
            inbox.0
        );
        let cards = inbox.0["template"]["outputs"][0]["carousel"]["items"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let buttons = |card: &Value| -> Vec<(String, String, Value)> {
            card["buttons"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|button| {
                    (
                        button["label"].as_str().unwrap_or_default().to_owned(),
                        button["blockId"].as_str().unwrap_or_default().to_owned(),
                        button["extra"].clone(),
                    )
                })
                .collect()
        };
        assert_eq!(cards.len(), 2, "[{b}] {}", inbox.0);
        let [first, second] = [&cards[0], &cards[1]];
        let labels: Vec<String> = buttons(first).into_iter().map(|(l, _, _)| l).collect();
        assert_eq!(labels, ["끌올", "판매완료", "숨김"], "[{b}] {}", inbox.0);

        // 끌올 on one, 판매완료 on the other, each through the skill its block calls.
        let route = |block: &str| match block {
            "PRODUCT_BUMP" => "/skill/products/bump",
            "PRODUCT_STATUS" => "/skill/products/status",
            other => panic!("unexpected block {other}"),
        };
        let (_, block, extra) = buttons(first).remove(0);
        let bumped = app
            .skill(route(&block), &payload("stale-seller", json!({}), extra))
            .await;
        assert!(bumped.text().contains("끌올했습니다"), "[{b}] {}", bumped.0);
        let (_, block, extra) = buttons(second).remove(1);
        let sold = app
            .skill(route(&block), &payload("stale-seller", json!({}), extra))
            .await;
        assert!(sold.text().contains("판매완료"), "[{b}] {}", sold.0);
        let (label, block, extra) = buttons(second).remove(2);
        assert_eq!((label.as_str(), block.as_str()), ("숨김", "PRODUCT_STATUS"));
        assert_eq!(extra["status"], "hidden", "[{b}]");
        app.cleanup().await;
    }
}

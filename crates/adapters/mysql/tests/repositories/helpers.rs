#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is the failure report"
)]

use chrono::{DateTime, TimeZone, Utc};
use junggye_members::{NewMember, Nickname, PhoneNumber, UserKey};
use junggye_mysql::entities::{orders, product_images, products};
use junggye_mysql::to_db;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 15).unwrap()
}

pub fn new_member(key: &str, name: &str, phone: &str) -> NewMember {
    NewMember {
        user_key: UserKey::parse(key).unwrap(),
        plusfriend_user_key: Some(format!("pf-{key}")),
        nickname: Nickname::parse(name).unwrap(),
        phone: PhoneNumber::parse(phone).unwrap(),
        joined_at: t0(),
    }
}

pub async fn insert_product(db: &DatabaseConnection, seller: i64, status: &str) -> i64 {
    products::ActiveModel {
        seller_id: Set(seller),
        name: Set(format!("상품 {status}")),
        price: Set(15_000),
        description: Set("설명".into()),
        location: Set("서울".into()),
        open_chat_url: Set("https://open.kakao.com/o/abc".into()),
        category: Set("digital".into()),
        status: Set(status.into()),
        buyer_id: Set(None),
        version: Set(0),
        created_at: Set(to_db(t0())),
        updated_at: Set(to_db(t0())),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

pub async fn insert_image(db: &DatabaseConnection, product: i64, position: i16) -> i64 {
    product_images::ActiveModel {
        product_id: Set(product),
        position: Set(position),
        storage_key: Set(format!("products/{product}/{position}.jpg")),
        content_type: Set("image/jpeg".into()),
        size_bytes: Set(1234),
        created_at: Set(to_db(t0())),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// An order as the orders domain would store it: `open_product_id` set only while open.
pub async fn insert_order(
    db: &DatabaseConnection,
    product: i64,
    buyer: i64,
    seller: i64,
    status: &str,
) -> i64 {
    let open = matches!(status, "paid" | "shipped" | "purchase_confirmed");
    orders::ActiveModel {
        order_no: Set(uuid::Uuid::new_v4().simple().to_string()),
        product_id: Set(product),
        buyer_id: Set(buyer),
        seller_id: Set(seller),
        amount: Set(15_000),
        status: Set(status.into()),
        open_product_id: Set(open.then_some(product)),
        created_at: Set(to_db(t0())),
        updated_at: Set(to_db(t0())),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// An order of 15,000원 for `product`, awaiting payment, as the pay flow creates it.
pub fn new_order(product: i64, buyer: i64, seller: i64) -> junggye_orders::NewOrder {
    use junggye_orders::{MemberId, OrderNumbers as _, ProductId, RandomOrderNumbers, Won};
    junggye_orders::NewOrder {
        order_no: RandomOrderNumbers.next(),
        product_id: ProductId(product),
        buyer_id: MemberId(buyer),
        seller_id: MemberId(seller),
        amount: Won(15_000),
        item_name: "아이패드".into(),
        backend: "dev".into(),
        cid: "TC0ONETIME".into(),
        created_at: t0(),
        offer: None,
        redirect_key: None,
    }
}

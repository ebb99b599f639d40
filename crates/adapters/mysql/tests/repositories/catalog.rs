//! Every write that changes what a listing card shows bumps the catalog version in its own
//! transaction (the listing caches rely on it): listing writes, the order steps that move a
//! listing, a seller's nickname and picture, and a withdrawal.

#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

use junggye_members::{MemberRepository as _, Nickname};
use junggye_mysql::testing::backends;
use junggye_mysql::{SeaMemberRepository, SeaOrderRepository, SeaProductRepository};
use junggye_orders::{
    Action, CancelReason, NewOrder, OrderNumbers as _, OrderRepository as _, OrderStatus,
    RandomOrderNumbers, WithdrawalPlan, WithdrawalRepository as _, Won,
};
use junggye_products::{
    Category, Description, ListingDraft, Location, MemberId, NewProduct, OpenChatUrl, Price,
    ProductId, ProductName, ProductRepository as _, ProductStatus,
};
use sea_orm::{ConnectionTrait as _, DatabaseConnection, Statement};

use crate::helpers::{new_member, t0};

async fn version(db: &DatabaseConnection) -> i64 {
    db.query_one_raw(Statement::from_string(
        db.get_database_backend(),
        "SELECT version FROM catalog_version WHERE id = 1",
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get_by_index(0)
    .unwrap()
}

fn draft(name: &str) -> ListingDraft {
    ListingDraft {
        name: ProductName::parse(name).unwrap(),
        price: Price::parse("15,000").unwrap(),
        description: Description::parse("설명").unwrap(),
        location: Location::parse("강남역").unwrap(),
        open_chat_url: OpenChatUrl::parse("https://open.kakao.com/o/abc").unwrap(),
        category: Category::Digital,
    }
}

fn order(product: ProductId, buyer: MemberId, seller: MemberId) -> NewOrder {
    NewOrder {
        order_no: RandomOrderNumbers.next(),
        product_id: product,
        buyer_id: buyer,
        seller_id: seller,
        amount: Won(15_000),
        item_name: "카메라".into(),
        backend: "dev".into(),
        cid: "TC0ONETIME".into(),
        created_at: t0(),
        offer: None,
        redirect_key: None,
    }
}

fn bumped(backend: &str, last: &mut i64, what: &str, now: i64) {
    assert!(
        now > *last,
        "[{backend}] {what} must bump the catalog version ({last} -> {now})"
    );
    *last = now;
}

#[tokio::test]
async fn every_write_a_card_shows_bumps_the_catalog_version() {
    for db in backends().await {
        let b = db.backend();
        let members = SeaMemberRepository::new(db.db.clone());
        let products = SeaProductRepository::new(db.db.clone());
        let orders = SeaOrderRepository::new(db.db.clone());
        let seller = members
            .join(&new_member("v-seller", "판매자", "010-1234-5678"))
            .await
            .unwrap()
            .id;
        let buyer = members
            .join(&new_member("v-buyer", "구매자", "010-1234-5678"))
            .await
            .unwrap()
            .id;
        let mut last = version(&db.db).await;

        let listing = products
            .create(&NewProduct {
                seller,
                draft: draft("소니 카메라"),
                photos: Vec::new(),
                created_at: t0(),
            })
            .await
            .unwrap();
        bumped(b, &mut last, "create", version(&db.db).await);
        let listing = products
            .change_status(listing.id, listing.version, ProductStatus::Reserved)
            .await
            .unwrap();
        bumped(b, &mut last, "change_status", version(&db.db).await);
        let listing = products
            .change_status(listing.id, listing.version, ProductStatus::OnSale)
            .await
            .unwrap();
        bumped(b, &mut last, "change_status back", version(&db.db).await);
        let listing = products
            .update_fields(listing.id, listing.version, &draft("소니 카메라 A7"))
            .await
            .unwrap();
        bumped(b, &mut last, "update_fields", version(&db.db).await);
        let listing = products
            .edit(
                listing.id,
                listing.version,
                &junggye_products::ListingEdit {
                    draft: draft("소니 카메라 A7M3"),
                    photos: None,
                    at: t0(),
                },
            )
            .await
            .unwrap();
        bumped(b, &mut last, "edit", version(&db.db).await);
        let listing = products
            .bump(listing.id, listing.version, t0())
            .await
            .unwrap();
        bumped(b, &mut last, "bump", version(&db.db).await);

        let paid = orders
            .create(&order(listing.id, buyer, seller))
            .await
            .unwrap();
        orders
            .mark_paid(
                paid.id,
                listing.id,
                ProductStatus::HOLD_FOR_ORDER,
                t0(),
                &junggye_notifications::Outbox::default(),
            )
            .await
            .unwrap();
        bumped(b, &mut last, "mark_paid", version(&db.db).await);
        orders
            .cancel(
                paid.id,
                OrderStatus::OPEN,
                CancelReason::Admin,
                ProductStatus::RELEASED_BY_ORDER,
                t0(),
                &junggye_notifications::Outbox::default(),
            )
            .await
            .unwrap();
        bumped(b, &mut last, "cancel", version(&db.db).await);

        let sold = orders
            .create(&order(listing.id, buyer, seller))
            .await
            .unwrap();
        orders
            .mark_paid(
                sold.id,
                listing.id,
                ProductStatus::HOLD_FOR_ORDER,
                t0(),
                &junggye_notifications::Outbox::default(),
            )
            .await
            .unwrap();
        bumped(b, &mut last, "mark_paid again", version(&db.db).await);
        let tracking = junggye_orders::TrackingNumber::parse("689212345678").unwrap();
        orders
            .set_tracking(
                sold.id,
                &tracking,
                Action::EnterTracking.allowed_from(),
                t0(),
                &junggye_notifications::Outbox::default(),
            )
            .await
            .unwrap();
        orders
            .confirm_purchase(
                sold.id,
                Action::ConfirmPurchase.allowed_from(),
                t0(),
                &junggye_notifications::Outbox::default(),
            )
            .await
            .unwrap();
        last = version(&db.db).await;
        orders
            .complete(
                sold.id,
                Action::ConfirmSale.allowed_from(),
                ProductStatus::SOLD_BY_ORDER,
                t0(),
                &junggye_notifications::Outbox::default(),
            )
            .await
            .unwrap();
        bumped(b, &mut last, "complete", version(&db.db).await);

        members
            .update_nickname(seller, &Nickname::parse("새판매자").unwrap())
            .await
            .unwrap();
        bumped(b, &mut last, "update_nickname", version(&db.db).await);
        members
            .update_profile_image(seller, Some("face.jpg".into()))
            .await
            .unwrap();
        bumped(b, &mut last, "update_profile_image", version(&db.db).await);
        members
            .withdraw(&WithdrawalPlan::for_member(buyer))
            .await
            .unwrap();
        bumped(b, &mut last, "withdraw", version(&db.db).await);
        db.cleanup().await;
    }
}

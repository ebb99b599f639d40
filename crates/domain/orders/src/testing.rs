//! Fixtures for tests of orders (feature `mocks`): this crate's unit tests, its property tests
//! and any other crate's tests that need an order to work on.

use chrono::{DateTime, Utc};

use crate::model::{
    MemberId, Order, OrderId, OrderNo, OrderStatus, Payment, PaymentId, PaymentStatus, ProductId,
    Tid, Won,
};

pub const BUYER: MemberId = MemberId(1);
pub const SELLER: MemberId = MemberId(2);

/// 2026-11-24 09:00 UTC, checked when compiling rather than unwrapped when a test runs.
const FIXED_NOW: DateTime<Utc> = match DateTime::from_timestamp(1_795_510_800, 0) {
    Some(at) => at,
    None => panic!("2026-11-24 09:00 UTC is a valid timestamp"),
};

/// The instant fixtures are created at; a function so it can stand in for a clock
/// (`clock.expect_now().returning(now)`).
#[must_use]
pub fn now() -> DateTime<Utc> {
    FIXED_NOW
}

/// Order 10: listing 5 bought by [`BUYER`] from [`SELLER`] for 15,000 won, created at
/// [`now`], with payment 20 (Kakao Pay, tid `T1234567890123456789`) in `payment`. No step of
/// the escrow flow has a timestamp, whatever `status` says: tests that need one set it.
#[must_use]
pub fn order(status: OrderStatus, payment: PaymentStatus) -> Order {
    Order {
        id: OrderId(10),
        order_no: OrderNo("ABCDEFGHIJKLMNOPQRSTUVWX".into()),
        product_id: ProductId(5),
        buyer_id: BUYER,
        seller_id: SELLER,
        amount: Won(15_000),
        item_name: "아이패드".into(),
        status,
        tracking_number: None,
        cancel_reason: None,
        paid_at: None,
        shipped_at: None,
        buyer_confirmed_at: None,
        seller_confirmed_at: None,
        cancelled_at: None,
        created_at: now(),
        payment: Payment {
            id: PaymentId(20),
            backend: "kakaopay".into(),
            tid: Some(Tid("T1234567890123456789".into())),
            redirect_url: None,
            redirect_key: None,
            amount: Won(15_000),
            status: payment,
            method: None,
            approved_at: None,
            cancelled_at: None,
            failure_code: None,
            updated_at: now(),
        },
        offer: None,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone as _, Utc};

    use super::*;

    #[test]
    fn now_is_the_documented_instant() {
        assert_eq!(now(), Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap());
    }
}

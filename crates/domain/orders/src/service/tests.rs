use std::sync::Arc;

use junggye_domain_common::clock::MockClock;

use super::{ApproveOutcome, OrderConfig, OrderService};
use crate::gateway::{
    AmountBreakdown, Approval, Cancellation, GatewayError, GatewayOrder, GatewayPaymentState,
    ReadySession,
};
use crate::model::{
    CancelReason, ListingSnapshot, MemberId, Order, OrderId, OrderNo, OrderStatus, PaymentId,
    PaymentMethod, PaymentStatus, ProductId, Tid, Won,
};
use crate::ports::{MockListingGateway, MockOrderNumbers, MockOrderRepository, MockPaymentGateway};
use crate::state::{Action, Party, check};
use crate::testing::{BUYER, SELLER, now, order};
use crate::{OrderError, RandomOrderNumbers};

fn active(id: MemberId) -> junggye_members::ActiveMember {
    junggye_members::testing::active(id.0)
}

const STRANGER: MemberId = MemberId(3);

fn approval(total: i64) -> Approval {
    Approval {
        aid: Some("A1".into()),
        method: PaymentMethod::Card,
        amount: AmountBreakdown {
            total,
            ..AmountBreakdown::default()
        },
        card: None,
        approved_at: now(),
    }
}

fn cancellation() -> Cancellation {
    Cancellation {
        cancelled_amount: Won(15_000),
        cancel_available_amount: Won(0),
        cancelled_at: now(),
    }
}

struct Mocks {
    repo: MockOrderRepository,
    listings: MockListingGateway,
    gateway: MockPaymentGateway,
}

impl Mocks {
    fn new() -> Self {
        Self {
            repo: MockOrderRepository::new(),
            listings: MockListingGateway::new(),
            gateway: MockPaymentGateway::new(),
        }
    }

    fn service(self) -> OrderService {
        let mut clock = MockClock::new();
        clock.expect_now().returning(now);
        let mut numbers = MockOrderNumbers::new();
        numbers
            .expect_next()
            .returning(|| OrderNo::parse("ABCDEFGHIJKLMNOPQRSTUVWX").unwrap());
        OrderService::new(
            Arc::new(self.repo),
            Arc::new(self.listings),
            Arc::new(self.gateway),
            Arc::new(clock),
            Arc::new(numbers),
            OrderConfig::new("https://shop.example/"),
        )
    }
}

fn listing(seller: MemberId, status: &str) -> ListingSnapshot {
    ListingSnapshot {
        product_id: ProductId(5),
        seller_id: seller,
        price: Won(15_000),
        status: junggye_products::ProductStatus::from_code(status).unwrap(),
        name: "아이패드".into(),
        reservation: None,
        under_review: false,
    }
}

// ---- the state machine, as a table over (status, party, action) ----

#[test]
fn state_machine_table_is_exactly_the_contract() {
    use OrderStatus as S;
    let allowed = [
        (S::Paid, Party::Seller, Action::EnterTracking),
        (S::Shipped, Party::Seller, Action::EnterTracking),
        (S::Shipped, Party::Buyer, Action::ConfirmPurchase),
        (S::PurchaseConfirmed, Party::Seller, Action::ConfirmSale),
        (S::Paid, Party::Buyer, Action::Cancel),
    ];
    for status in S::ALL {
        for party in [Party::Buyer, Party::Seller] {
            for action in Action::ALL {
                let want = allowed.contains(&(status, party, action));
                assert_eq!(
                    check(status, party, action).is_ok(),
                    want,
                    "{status:?} {party:?} {action:?}"
                );
            }
        }
    }
}

#[test]
fn strangers_are_told_not_found_for_every_status_and_action() {
    for status in OrderStatus::ALL {
        for action in Action::ALL {
            let o = order(status, PaymentStatus::Approved);
            assert!(matches!(
                crate::state::authorize(&o, STRANGER, action),
                Err(OrderError::NotFound)
            ));
        }
    }
}

#[test]
fn codes_round_trip() {
    for s in OrderStatus::ALL {
        assert_eq!(OrderStatus::from_code(s.code()), Some(s));
    }
    for s in PaymentStatus::ALL {
        assert_eq!(PaymentStatus::from_code(s.code()), Some(s));
    }
    for r in CancelReason::ALL {
        assert_eq!(CancelReason::from_code(r.code()), Some(r));
    }
    assert_eq!(RandomOrderNumbers.next_len(), OrderNo::LEN);
}

trait NextLen {
    fn next_len(&self) -> usize;
}

impl NextLen for RandomOrderNumbers {
    fn next_len(&self) -> usize {
        use crate::ports::OrderNumbers as _;
        self.next().as_str().len()
    }
}

// ---- start payment ----

#[tokio::test]
async fn start_refuses_own_and_not_on_sale_listings() {
    for (l, want) in [
        (Some(listing(BUYER, "on_sale")), "own"),
        (Some(listing(SELLER, "reserved")), "not_on_sale"),
        (None, "missing"),
        (Some(listing(SELLER, "hidden")), "missing"),
        (Some(listing(SELLER, "deleted")), "missing"),
    ] {
        let mut m = Mocks::new();
        m.listings
            .expect_snapshot()
            .returning(move |_| Ok(l.clone()));
        let err = m
            .service()
            .start_payment(&active(BUYER), ProductId(5))
            .await
            .unwrap_err();
        let ok = match want {
            "own" => matches!(err, OrderError::OwnListing),
            "not_on_sale" => matches!(err, OrderError::NotOnSale),
            _ => matches!(err, OrderError::ListingNotFound),
        };
        assert!(ok, "{want}: {err:?}");
    }
}

#[tokio::test]
async fn start_fixes_the_amount_and_builds_redirect_urls() {
    let mut m = Mocks::new();
    m.listings
        .expect_snapshot()
        .returning(|_| Ok(Some(listing(SELLER, "on_sale"))));
    m.gateway.expect_backend().return_const("kakaopay");
    m.gateway.expect_cid().returning(|| "TC0ONETIME".into());
    m.repo
        .expect_awaiting_payment()
        .withf(|b, p, _| *b == BUYER && *p == ProductId(5))
        .returning(|_, _, _| Ok(Vec::new()));
    let stored_key = Arc::new(std::sync::Mutex::new(String::new()));
    let seen = Arc::clone(&stored_key);
    m.repo
        .expect_create()
        .withf(|n| n.amount == Won(15_000) && n.buyer_id == BUYER && n.seller_id == SELLER)
        .returning(move |n| {
            seen.lock()
                .unwrap()
                .clone_from(n.redirect_key.as_ref().unwrap());
            Ok(order(OrderStatus::AwaitingPayment, PaymentStatus::Ready))
        });
    let key = Arc::clone(&stored_key);
    m.gateway
        .expect_ready()
        .withf(move |r| {
            let key = key.lock().unwrap();
            let base = format!("https://shop.example/pay/orders/ABCDEFGHIJKLMNOPQRSTUVWX/{key}");
            key.len() == 32
                && key.chars().all(|c| c.is_ascii_hexdigit())
                && r.approval_url == format!("{base}/approve")
                && r.cancel_url == format!("{base}/cancel")
                && r.fail_url == format!("{base}/fail")
                && r.partner_user_id == "member-1"
        })
        .returning(|_| {
            Ok(ReadySession {
                tid: Tid("T9".into()),
                mobile_url: "https://pay/m".into(),
                pc_url: "https://pay/pc".into(),
            })
        });
    m.repo
        .expect_attach_tid()
        .times(1)
        .returning(|_, _, _| Ok(()));
    let start = m
        .service()
        .start_payment(&active(BUYER), ProductId(5))
        .await
        .unwrap();
    assert_eq!(start.redirect_url, "https://pay/m");
}

#[tokio::test]
async fn a_pay_link_tapped_again_reopens_the_open_payment_page() {
    // (age of the open attempt in minutes, listing price now, reopened?)
    for (age, price, reopened) in [(1, 15_000, true), (11, 15_000, false), (1, 20_000, false)] {
        let mut m = Mocks::new();
        m.listings.expect_snapshot().returning(move |_| {
            let mut now_listed = listing(SELLER, "on_sale");
            now_listed.price = Won(price);
            Ok(Some(now_listed))
        });
        m.gateway.expect_backend().return_const("kakaopay");
        m.gateway.expect_cid().returning(|| "TC0ONETIME".into());
        m.repo.expect_awaiting_payment().returning(move |_, _, _| {
            let mut open = order(OrderStatus::AwaitingPayment, PaymentStatus::Ready);
            open.payment.redirect_url = Some("https://pay/open".into());
            open.created_at = now() - chrono::Duration::minutes(age);
            Ok(vec![open])
        });
        if reopened {
            m.gateway.expect_ready().never();
            m.repo.expect_create().never();
        } else {
            m.repo
                .expect_set_payment_status()
                .returning(|_, _, _, _, _| Ok(true));
            m.repo
                .expect_cancel()
                .returning(|_, _, _, _, _, _outbox| Ok(true));
            m.repo
                .expect_create()
                .times(1)
                .returning(|_| Ok(order(OrderStatus::AwaitingPayment, PaymentStatus::Ready)));
            m.gateway.expect_ready().times(1).returning(|_| {
                Ok(ReadySession {
                    tid: Tid("T9".into()),
                    mobile_url: "https://pay/new".into(),
                    pc_url: "https://pay/pc".into(),
                })
            });
            m.repo.expect_attach_tid().returning(|_, _, _| Ok(()));
        }
        let start = m
            .service()
            .start_payment(&active(BUYER), ProductId(5))
            .await
            .unwrap();
        let expected = if reopened {
            "https://pay/open"
        } else {
            "https://pay/new"
        };
        assert_eq!(start.redirect_url, expected, "age {age} min, price {price}");
    }
}

#[tokio::test]
async fn a_failed_ready_cancels_the_order() {
    let mut m = Mocks::new();
    m.listings
        .expect_snapshot()
        .returning(|_| Ok(Some(listing(SELLER, "on_sale"))));
    m.gateway.expect_backend().return_const("kakaopay");
    m.gateway.expect_cid().returning(|| "TC0ONETIME".into());
    m.repo
        .expect_awaiting_payment()
        .returning(|_, _, _| Ok(Vec::new()));
    m.repo
        .expect_create()
        .returning(|_| Ok(order(OrderStatus::AwaitingPayment, PaymentStatus::Ready)));
    m.gateway
        .expect_ready()
        .returning(|_| Err(GatewayError::Timeout));
    m.repo
        .expect_cancel()
        .withf(|_, _, r, _, _, _outbox| *r == CancelReason::PaymentFailed)
        .times(1)
        .returning(|_, _, _, _, _, _outbox| Ok(true));
    let err = m
        .service()
        .start_payment(&active(BUYER), ProductId(5))
        .await
        .unwrap_err();
    assert!(matches!(err, OrderError::Gateway(GatewayError::Timeout)));
}

#[tokio::test]
async fn a_new_click_closes_earlier_ready_orders_and_leaves_an_approving_one() {
    let mut m = Mocks::new();
    m.listings
        .expect_snapshot()
        .returning(|_| Ok(Some(listing(SELLER, "on_sale"))));
    m.gateway.expect_backend().return_const("kakaopay");
    m.gateway.expect_cid().returning(|| "TC0ONETIME".into());
    m.repo.expect_awaiting_payment().returning(|_, _, _| {
        let mut ready = order(OrderStatus::AwaitingPayment, PaymentStatus::Ready);
        ready.payment.id = PaymentId(21);
        let mut approving = order(OrderStatus::AwaitingPayment, PaymentStatus::Approving);
        approving.payment.id = PaymentId(22);
        Ok(vec![ready, approving])
    });
    // The compare-and-set is what protects the approving one: only `ready` may be closed.
    m.repo
        .expect_set_payment_status()
        .withf(|id, from, to, _, _| {
            *id == PaymentId(21) && from == [PaymentStatus::Ready] && *to == PaymentStatus::Failed
        })
        .times(1)
        .returning(|_, _, _, _, _| Ok(true));
    m.repo
        .expect_set_payment_status()
        .withf(|id, from, _, _, _| *id == PaymentId(22) && from == [PaymentStatus::Ready])
        .times(1)
        .returning(|_, _, _, _, _| Ok(false));
    m.repo
        .expect_cancel()
        .withf(|_, from, r, _, _, _outbox| {
            from == [OrderStatus::AwaitingPayment] && *r == CancelReason::PaymentCancelled
        })
        .times(1)
        .returning(|_, _, _, _, _, _outbox| Ok(true));
    m.repo
        .expect_create()
        .times(1)
        .returning(|_| Ok(order(OrderStatus::AwaitingPayment, PaymentStatus::Ready)));
    m.gateway.expect_ready().returning(|_| {
        Ok(ReadySession {
            tid: Tid("T9".into()),
            mobile_url: "https://pay/m".into(),
            pc_url: "https://pay/pc".into(),
        })
    });
    m.repo.expect_attach_tid().returning(|_, _, _| Ok(()));
    let start = m
        .service()
        .start_payment(&active(BUYER), ProductId(5))
        .await
        .unwrap();
    assert_eq!(start.redirect_url, "https://pay/m");
}

// ---- approve ----

fn expect_find(m: &mut Mocks, o: Order) {
    m.repo
        .expect_find_by_no()
        .returning(move |_| Ok(Some(o.clone())));
}

fn expect_cas_ok(m: &mut Mocks) {
    m.repo
        .expect_set_payment_status()
        .returning(|_, _, _, _, _| Ok(true));
}

#[tokio::test]
async fn approve_captures_and_marks_paid() {
    let mut m = Mocks::new();
    expect_find(
        &mut m,
        order(OrderStatus::AwaitingPayment, PaymentStatus::Ready),
    );
    expect_cas_ok(&mut m);
    m.gateway
        .expect_approve()
        .withf(|r| r.amount == Won(15_000) && r.pg_token == "pg")
        .times(1)
        .returning(|_| Ok(approval(15_000)));
    m.repo
        .expect_record_approval()
        .times(1)
        .returning(|_, _, _| Ok(true));
    m.repo
        .expect_mark_paid()
        .times(1)
        .returning(|_, _, _, _, _outbox| Ok(()));
    let out = m
        .service()
        .approve(
            &OrderNo::parse("ABCDEFGHIJKLMNOPQRSTUVWX").unwrap(),
            None,
            "pg",
        )
        .await
        .unwrap();
    assert!(matches!(out, ApproveOutcome::Paid(o) if o.status == OrderStatus::Paid));
}

#[tokio::test]
async fn repeated_redirects_do_not_call_the_gateway_again() {
    for (status, pay) in [
        (OrderStatus::Paid, PaymentStatus::Approved),
        (OrderStatus::Shipped, PaymentStatus::Approved),
        (OrderStatus::AwaitingPayment, PaymentStatus::Approving),
        (OrderStatus::Cancelled, PaymentStatus::Cancelled),
        (OrderStatus::AwaitingPayment, PaymentStatus::Failed),
    ] {
        let mut m = Mocks::new();
        expect_find(&mut m, order(status, pay));
        m.gateway.expect_approve().never();
        let out = m
            .service()
            .approve(
                &OrderNo::parse("ABCDEFGHIJKLMNOPQRSTUVWX").unwrap(),
                None,
                "pg",
            )
            .await
            .unwrap();
        let ok = match (status, pay) {
            (OrderStatus::Paid | OrderStatus::Shipped, _) => {
                matches!(out, ApproveOutcome::Paid(_))
            }
            (_, PaymentStatus::Approving) => out == ApproveOutcome::Pending,
            (OrderStatus::Cancelled, _) => matches!(out, ApproveOutcome::Cancelled(_)),
            _ => out == ApproveOutcome::Failed,
        };
        assert!(ok, "{status:?}/{pay:?}: {out:?}");
    }
}

#[tokio::test]
async fn a_concurrent_redirect_losing_the_cas_does_not_approve() {
    let mut m = Mocks::new();
    expect_find(
        &mut m,
        order(OrderStatus::AwaitingPayment, PaymentStatus::Ready),
    );
    m.repo
        .expect_set_payment_status()
        .returning(|_, _, _, _, _| Ok(false));
    m.gateway.expect_approve().never();
    let out = m
        .service()
        .approve(
            &OrderNo::parse("ABCDEFGHIJKLMNOPQRSTUVWX").unwrap(),
            None,
            "pg",
        )
        .await
        .unwrap();
    assert_eq!(out, ApproveOutcome::Pending);
}

#[tokio::test]
async fn the_loser_of_the_race_is_refunded_and_told() {
    for (err, reason) in [
        (OrderError::AlreadySold, CancelReason::SoldOut),
        (
            OrderError::ListingUnavailable,
            CancelReason::ListingUnavailable,
        ),
        (
            OrderError::Unexpected(anyhow::anyhow!("db down")),
            CancelReason::PaymentFailed,
        ),
    ] {
        let mut m = Mocks::new();
        expect_find(
            &mut m,
            order(OrderStatus::AwaitingPayment, PaymentStatus::Ready),
        );
        expect_cas_ok(&mut m);
        m.gateway
            .expect_approve()
            .returning(|_| Ok(approval(15_000)));
        m.repo
            .expect_record_approval()
            .returning(|_, _, _| Ok(true));
        let err = std::sync::Mutex::new(Some(err));
        m.repo
            .expect_mark_paid()
            .returning(move |_, _, _, _, _outbox| Err(err.lock().unwrap().take().unwrap()));
        m.repo
            .expect_cancel()
            .withf(move |_, from, r, _, _, _outbox| {
                *r == reason && from == [OrderStatus::AwaitingPayment]
            })
            .times(1)
            .returning(|_, _, _, _, _, _outbox| Ok(true));
        m.gateway
            .expect_cancel()
            .withf(|c| c.amount == Won(15_000))
            .times(1)
            .returning(|_| Ok(cancellation()));
        let out = m
            .service()
            .approve(
                &OrderNo::parse("ABCDEFGHIJKLMNOPQRSTUVWX").unwrap(),
                None,
                "pg",
            )
            .await
            .unwrap();
        assert_eq!(
            out,
            ApproveOutcome::Refunded {
                reason,
                refunded: true
            }
        );
    }
}

#[tokio::test]
async fn a_failed_refund_stays_owed() {
    let mut m = Mocks::new();
    expect_find(
        &mut m,
        order(OrderStatus::AwaitingPayment, PaymentStatus::Ready),
    );
    m.repo
        .expect_set_payment_status()
        .withf(|_, _, to, _, _| *to == PaymentStatus::Approving)
        .returning(|_, _, _, _, _| Ok(true));
    m.repo
        .expect_set_payment_status()
        .withf(|_, from, to, _, _| {
            *to == PaymentStatus::CancelRequested && from == [PaymentStatus::Approved]
        })
        .times(1)
        .returning(|_, _, _, _, _| Ok(true));
    m.gateway
        .expect_approve()
        .returning(|_| Ok(approval(15_000)));
    m.repo
        .expect_record_approval()
        .returning(|_, _, _| Ok(true));
    m.repo
        .expect_mark_paid()
        .returning(|_, _, _, _, _outbox| Err(OrderError::AlreadySold));
    m.repo
        .expect_cancel()
        .returning(|_, _, _, _, _, _outbox| Ok(true));
    m.gateway
        .expect_cancel()
        .returning(|_| Err(GatewayError::Timeout));
    m.gateway.expect_order().returning(|_| {
        Ok(GatewayOrder {
            state: GatewayPaymentState::Paid,
            amount: None,
            method: None,
            approved_at: None,
            cancelled_at: None,
        })
    });
    let out = m
        .service()
        .approve(
            &OrderNo::parse("ABCDEFGHIJKLMNOPQRSTUVWX").unwrap(),
            None,
            "pg",
        )
        .await
        .unwrap();
    assert_eq!(
        out,
        ApproveOutcome::Refunded {
            reason: CancelReason::SoldOut,
            refunded: false
        }
    );
}

fn lookup(state: GatewayPaymentState) -> GatewayOrder {
    let paid = state == GatewayPaymentState::Paid;
    GatewayOrder {
        state,
        amount: paid.then_some(AmountBreakdown {
            total: 15_000,
            ..AmountBreakdown::default()
        }),
        method: paid.then_some(PaymentMethod::Money),
        approved_at: paid.then_some(now()),
        cancelled_at: None,
    }
}

#[tokio::test]
async fn after_an_approve_error_the_lookup_decides() {
    for (err, state, want) in [
        (
            GatewayError::Timeout,
            Some(GatewayPaymentState::Paid),
            "paid",
        ),
        (
            GatewayError::AlreadyApproved,
            Some(GatewayPaymentState::Paid),
            "paid",
        ),
        (
            GatewayError::Declined {
                code: -780,
                method_result: Some("USER_LOCKED".into()),
            },
            Some(GatewayPaymentState::Failed),
            "failed",
        ),
        (
            GatewayError::Declined {
                code: -780,
                method_result: Some("USER_LOCKED".into()),
            },
            Some(GatewayPaymentState::InProgress),
            "ready again",
        ),
        (GatewayError::Timeout, None, "pending"),
    ] {
        let mut m = Mocks::new();
        expect_find(
            &mut m,
            order(OrderStatus::AwaitingPayment, PaymentStatus::Ready),
        );
        if want == "ready again" {
            // Nothing was captured and the gateway still holds the payment open: back to
            // ready, so the buyer's next try is not stuck behind `approving`.
            for (from, to) in [
                (PaymentStatus::Ready, PaymentStatus::Approving),
                (PaymentStatus::Approving, PaymentStatus::Ready),
            ] {
                m.repo
                    .expect_set_payment_status()
                    .withf(move |_, f, t, _, _| f == [from] && *t == to)
                    .times(1)
                    .returning(|_, _, _, _, _| Ok(true));
            }
        } else {
            expect_cas_ok(&mut m);
        }
        let err = std::sync::Mutex::new(Some(err));
        m.gateway
            .expect_approve()
            .times(1)
            .returning(move |_| Err(err.lock().unwrap().take().unwrap()));
        let st = state.clone();
        m.gateway
            .expect_order()
            .times(1)
            .returning(move |_| match &st {
                Some(s) => Ok(lookup(s.clone())),
                None => Err(GatewayError::Unavailable { code: None }),
            });
        match want {
            "paid" => {
                m.repo
                    .expect_record_approval()
                    .times(1)
                    .returning(|_, _, _| Ok(true));
                m.repo
                    .expect_mark_paid()
                    .times(1)
                    .returning(|_, _, _, _, _outbox| Ok(()));
            }
            "failed" => {
                m.repo
                    .expect_cancel()
                    .withf(|_, _, r, _, _, _outbox| *r == CancelReason::PaymentFailed)
                    .times(1)
                    .returning(|_, _, _, _, _, _outbox| Ok(true));
            }
            _ => {
                m.repo.expect_cancel().never();
                m.repo.expect_mark_paid().never();
            }
        }
        let out = m
            .service()
            .approve(
                &OrderNo::parse("ABCDEFGHIJKLMNOPQRSTUVWX").unwrap(),
                None,
                "pg",
            )
            .await
            .unwrap();
        let ok = match want {
            "paid" => matches!(out, ApproveOutcome::Paid(_)),
            "failed" | "ready again" => out == ApproveOutcome::Failed,
            _ => out == ApproveOutcome::Pending,
        };
        assert!(ok, "{state:?} -> {out:?}");
    }
}

#[tokio::test]
async fn cancel_redirect_closes_only_a_ready_payment() {
    let mut m = Mocks::new();
    expect_find(
        &mut m,
        order(OrderStatus::AwaitingPayment, PaymentStatus::Ready),
    );
    m.repo
        .expect_set_payment_status()
        .withf(|_, from, to, _, _| from == [PaymentStatus::Ready] && *to == PaymentStatus::Failed)
        .returning(|_, _, _, _, _| Ok(true));
    m.repo
        .expect_cancel()
        .withf(|_, _, r, _, _, _outbox| *r == CancelReason::PaymentCancelled)
        .times(1)
        .returning(|_, _, _, _, _, _outbox| Ok(true));
    let o = m
        .service()
        .payment_cancelled(&OrderNo::parse("ABCDEFGHIJKLMNOPQRSTUVWX").unwrap(), None)
        .await
        .unwrap();
    assert_eq!(o.status, OrderStatus::Cancelled);

    let mut m = Mocks::new();
    expect_find(&mut m, order(OrderStatus::Paid, PaymentStatus::Approved));
    m.repo.expect_cancel().never();
    let o = m
        .service()
        .payment_failed(&OrderNo::parse("ABCDEFGHIJKLMNOPQRSTUVWX").unwrap(), None)
        .await
        .unwrap();
    assert_eq!(o.status, OrderStatus::Paid);
}

// ---- escrow ----

fn expect_find_id(m: &mut Mocks, o: Order) {
    m.repo.expect_find().returning(move |_| Ok(Some(o.clone())));
}

#[tokio::test]
async fn seller_enters_a_valid_tracking_number_only() {
    let mut m = Mocks::new();
    expect_find_id(&mut m, order(OrderStatus::Paid, PaymentStatus::Approved));
    m.repo
        .expect_set_tracking()
        .withf(|_, t, _, _, _outbox| t.as_str() == "689212345678")
        .times(1)
        .returning(|_, _, _, _, _outbox| Ok(true));
    let svc = m.service();
    svc.enter_tracking(&active(SELLER), OrderId(10), "6892-1234-5678")
        .await
        .unwrap();
    assert!(matches!(
        svc.enter_tracking(&active(SELLER), OrderId(10), "12ab")
            .await,
        Err(OrderError::Invalid(_))
    ));
    assert!(matches!(
        svc.enter_tracking(&active(BUYER), OrderId(10), "689212345678")
            .await,
        Err(OrderError::InvalidTransition { .. })
    ));
    assert!(matches!(
        svc.enter_tracking(&active(STRANGER), OrderId(10), "689212345678")
            .await,
        Err(OrderError::NotFound)
    ));
}

#[tokio::test]
async fn purchase_confirmation_needs_shipping_and_sale_confirmation_needs_purchase() {
    let mut m = Mocks::new();
    expect_find_id(&mut m, order(OrderStatus::Paid, PaymentStatus::Approved));
    m.repo.expect_confirm_purchase().never();
    m.repo.expect_complete().never();
    let svc = m.service();
    assert!(matches!(
        svc.confirm_purchase(&active(BUYER), OrderId(10)).await,
        Err(OrderError::InvalidTransition { .. })
    ));
    assert!(matches!(
        svc.confirm_sale(&active(SELLER), OrderId(10)).await,
        Err(OrderError::InvalidTransition { .. })
    ));

    let mut m = Mocks::new();
    expect_find_id(
        &mut m,
        order(OrderStatus::PurchaseConfirmed, PaymentStatus::Approved),
    );
    m.repo
        .expect_complete()
        .times(1)
        .returning(|_, _, _, _, _outbox| Ok(true));
    m.service()
        .confirm_sale(&active(SELLER), OrderId(10))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_transition_lost_to_a_concurrent_change_reports_the_new_status() {
    let mut m = Mocks::new();
    let mut seq = mockall::Sequence::new();
    m.repo
        .expect_find()
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_| Ok(Some(order(OrderStatus::Shipped, PaymentStatus::Approved))));
    m.repo
        .expect_confirm_purchase()
        .returning(|_, _, _, _outbox| Ok(false));
    m.repo
        .expect_find()
        .times(1)
        .in_sequence(&mut seq)
        .returning(|_| {
            Ok(Some(order(
                OrderStatus::PurchaseConfirmed,
                PaymentStatus::Approved,
            )))
        });
    let err = m
        .service()
        .confirm_purchase(&active(BUYER), OrderId(10))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        OrderError::InvalidTransition {
            status: OrderStatus::PurchaseConfirmed,
            ..
        }
    ));
}

#[tokio::test]
async fn buyer_cancel_before_shipping_refunds() {
    let mut m = Mocks::new();
    expect_find_id(&mut m, order(OrderStatus::Paid, PaymentStatus::Approved));
    m.repo
        .expect_cancel()
        .withf(|_, from, r, _, _, _outbox| {
            from == [OrderStatus::Paid] && *r == CancelReason::BuyerCancelled
        })
        .times(1)
        .returning(|_, _, _, _, _, _outbox| Ok(true));
    m.gateway
        .expect_cancel()
        .times(1)
        .returning(|_| Ok(cancellation()));
    m.repo
        .expect_set_payment_status()
        .withf(|_, _, to, _, _| *to == PaymentStatus::Cancelled)
        .times(1)
        .returning(|_, _, _, _, _| Ok(true));
    let out = m
        .service()
        .cancel_by_buyer(&active(BUYER), OrderId(10))
        .await
        .unwrap();
    assert!(out.refunded);

    let mut m = Mocks::new();
    expect_find_id(&mut m, order(OrderStatus::Shipped, PaymentStatus::Approved));
    m.gateway.expect_cancel().never();
    assert!(matches!(
        m.service()
            .cancel_by_buyer(&active(BUYER), OrderId(10))
            .await,
        Err(OrderError::InvalidTransition { .. })
    ));
}

// ---- jobs ----

#[tokio::test]
async fn escrow_timers_confirm_old_shipments_and_cancel_unshipped_orders() {
    let mut m = Mocks::new();
    m.repo
        .expect_shipped_before()
        .withf(|before, _| *before == now() - chrono::Duration::days(7))
        .returning(|_, _| Ok(vec![order(OrderStatus::Shipped, PaymentStatus::Approved)]));
    m.repo
        .expect_confirm_purchase()
        .times(1)
        .returning(|_, _, _, _outbox| Ok(true));
    m.repo
        .expect_paid_before()
        .withf(|before, _| *before == now() - chrono::Duration::days(5))
        .returning(|_, _| Ok(vec![order(OrderStatus::Paid, PaymentStatus::Approved)]));
    m.repo
        .expect_cancel()
        .withf(|_, from, r, _, _, _outbox| {
            from == [OrderStatus::Paid] && *r == CancelReason::NotShipped
        })
        .times(1)
        .returning(|_, _, _, _, _, _outbox| Ok(true));
    m.gateway
        .expect_cancel()
        .times(1)
        .returning(|_| Ok(cancellation()));
    m.repo
        .expect_set_payment_status()
        .returning(|_, _, _, _, _| Ok(true));
    m.repo
        .expect_unreminded_shipped_before()
        .withf(|before, _| *before == now() - chrono::Duration::days(6))
        .returning(|_, _| {
            let mut shipped = order(OrderStatus::Shipped, PaymentStatus::Approved);
            shipped.shipped_at = Some(now() - chrono::Duration::days(6));
            Ok(vec![shipped])
        });
    m.repo
        .expect_mark_reminded()
        .withf(|_, _, outbox| {
            matches!(
                outbox.notifications.as_slice(),
                [n] if n.member == BUYER
                    && n.payload
                        == junggye_notifications::Payload::AutoConfirmSoon {
                            trade: junggye_notifications::TradeRef {
                                order: OrderId(10),
                                product: crate::model::ProductId(5),
                                item_name: order(OrderStatus::Shipped, PaymentStatus::Approved)
                                    .item_name,
                            },
                            confirm_at: now() + chrono::Duration::days(1),
                        }
            )
        })
        .times(1)
        .returning(|_, _, _| Ok(true));
    let report = m.service().run_escrow_timers().await.unwrap();
    assert_eq!(report.reminded, 1);
    assert_eq!(report.auto_confirmed, 1);
    assert_eq!(report.auto_cancelled, 1);
    assert_eq!(report.refunds_pending, 0);
}

#[tokio::test]
async fn reconciliation_settles_stale_payments_by_lookup() {
    let mut m = Mocks::new();
    let mut paid = order(OrderStatus::AwaitingPayment, PaymentStatus::Approving);
    paid.id = OrderId(1);
    let mut expired = order(OrderStatus::AwaitingPayment, PaymentStatus::Ready);
    expired.id = OrderId(2);
    expired.payment.tid = Some(Tid("EXPIRED".into()));
    let mut owed = order(OrderStatus::Cancelled, PaymentStatus::CancelRequested);
    owed.id = OrderId(3);
    m.repo
        .expect_stale_payments()
        .withf(|before, _| *before == now() - chrono::Duration::minutes(15))
        .returning(move |_, _| Ok(vec![paid.clone(), expired.clone(), owed.clone()]));
    m.gateway.expect_order().returning(|tid| {
        Ok(lookup(if tid.0 == "EXPIRED" {
            GatewayPaymentState::InProgress
        } else {
            GatewayPaymentState::Paid
        }))
    });
    m.repo
        .expect_record_approval()
        .times(1)
        .returning(|_, _, _| Ok(true));
    m.repo
        .expect_mark_paid()
        .times(1)
        .returning(|_, _, _, _, _outbox| Ok(()));
    m.repo
        .expect_set_payment_status()
        .returning(|_, _, _, _, _| Ok(true));
    m.repo
        .expect_cancel()
        .withf(|id, _, _, _, _, _outbox| *id == OrderId(2))
        .times(1)
        .returning(|_, _, _, _, _, _outbox| Ok(true));
    m.gateway
        .expect_cancel()
        .times(1)
        .returning(|_| Ok(cancellation()));
    let report = m.service().reconcile_payments().await.unwrap();
    assert_eq!(report.settled_paid, 1);
    assert_eq!(report.failed, 1);
    assert_eq!(report.refunded, 1);
    assert_eq!(report.left, 0);
}

// ---- paying an accepted price offer ----

fn reserved_for(buyer: MemberId, expires_in_hours: i64) -> ListingSnapshot {
    ListingSnapshot {
        reservation: Some(crate::model::Reservation {
            offer: crate::model::OfferId(7),
            buyer,
            price: Won(9_000),
            expires_at: now() + chrono::Duration::hours(expires_in_hours),
        }),
        ..listing(SELLER, "reserved")
    }
}

#[tokio::test]
async fn the_reserved_buyer_is_charged_the_offer_price_read_from_the_listing() {
    let mut m = Mocks::new();
    m.listings
        .expect_snapshot()
        .returning(|_| Ok(Some(reserved_for(BUYER, 1))));
    m.gateway.expect_backend().return_const("dev");
    m.gateway.expect_cid().returning(|| "TC0ONETIME".into());
    m.repo
        .expect_awaiting_payment()
        .returning(|_, _, _| Ok(Vec::new()));
    m.repo
        .expect_create()
        .withf(|n| n.amount == Won(9_000) && n.offer == Some(crate::model::OfferId(7)))
        .times(1)
        .returning(|_| Ok(order(OrderStatus::AwaitingPayment, PaymentStatus::Ready)));
    m.gateway.expect_ready().returning(|_| {
        Ok(ReadySession {
            tid: Tid("T9".into()),
            mobile_url: "https://pay/m".into(),
            pc_url: "https://pay/pc".into(),
        })
    });
    m.repo.expect_attach_tid().returning(|_, _, _| Ok(()));
    m.service()
        .start_payment(&active(BUYER), ProductId(5))
        .await
        .unwrap();
}

#[tokio::test]
async fn nobody_else_may_pay_a_reserved_listing_nor_anyone_after_expiry() {
    for (listing, who) in [
        (reserved_for(BUYER, 1), MemberId(3)),
        (reserved_for(BUYER, -1), BUYER),
    ] {
        let mut m = Mocks::new();
        m.listings
            .expect_snapshot()
            .returning(move |_| Ok(Some(listing.clone())));
        m.repo.expect_create().never();
        let err = m
            .service()
            .start_payment(&active(who), ProductId(5))
            .await
            .unwrap_err();
        assert!(matches!(err, OrderError::NotOnSale), "{err:?}");
    }
}

#[tokio::test]
async fn an_offer_order_takes_the_listing_from_its_reservation() {
    let mut m = Mocks::new();
    let mut offered = order(OrderStatus::AwaitingPayment, PaymentStatus::Ready);
    offered.offer = Some(crate::model::OfferId(7));
    expect_find(&mut m, offered);
    expect_cas_ok(&mut m);
    m.gateway
        .expect_approve()
        .returning(|_| Ok(approval(15_000)));
    m.repo
        .expect_record_approval()
        .returning(|_, _, _| Ok(true));
    m.repo
        .expect_mark_paid()
        .withf(|_, _, change, _, _| *change == junggye_products::ProductStatus::HOLD_FOR_OFFER)
        .times(1)
        .returning(|_, _, _, _, _| Ok(()));
    let out = m
        .service()
        .approve(
            &OrderNo::parse("ABCDEFGHIJKLMNOPQRSTUVWX").unwrap(),
            None,
            "pg",
        )
        .await
        .unwrap();
    assert!(matches!(out, ApproveOutcome::Paid(_)));
}

#[test]
fn a_redirect_must_carry_its_payments_key() {
    let mut payment = order(OrderStatus::AwaitingPayment, PaymentStatus::Ready).payment;
    assert!(payment.accepts_redirect(None), "made before keys existed");
    assert!(!payment.accepts_redirect(Some("anything")));
    payment.redirect_key = Some("0123456789abcdef0123456789abcdef".into());
    assert!(payment.accepts_redirect(Some("0123456789abcdef0123456789abcdef")));
    assert!(!payment.accepts_redirect(None));
    assert!(!payment.accepts_redirect(Some("0123456789abcdef0123456789abcdee")));
    assert!(!payment.accepts_redirect(Some("0123456789abcdef")));
}

#[tokio::test]
async fn no_payment_starts_across_a_block_whoever_made_it() {
    let mut m = Mocks::new();
    m.listings
        .expect_snapshot()
        .returning(|_| Ok(Some(listing(SELLER, "on_sale"))));
    m.repo.expect_create().never();
    let mut blocks = junggye_members::blocks::MockBlockRepository::new();
    blocks
        .expect_either_way()
        .with(
            mockall::predicate::eq(BUYER),
            mockall::predicate::eq(SELLER),
        )
        .returning(|_, _| Ok(true));
    let err = m
        .service()
        .with_blocks(Arc::new(blocks))
        .start_payment(&active(BUYER), ProductId(5))
        .await
        .unwrap_err();
    assert!(matches!(err, OrderError::Blocked), "{err:?}");
}

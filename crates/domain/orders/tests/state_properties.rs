//! Property tests of the escrow state machine: whatever members ask for, in whatever order,
//! an order never reaches a state the escrow flow forbids. A ghost record of what has really
//! happened (tracking entered, purchase confirmed, sale confirmed) is kept beside the status so
//! the invariants are checked against history, not against the table being tested.

use junggye_orders::testing::{BUYER, SELLER, order};
use junggye_orders::{Action, MemberId, OrderError, OrderStatus, Party, PaymentStatus, authorize};
use proptest::prelude::*;

const STRANGER: MemberId = MemberId(3);

/// What has really happened to the order, consistent with the start status.
#[derive(Debug, Default)]
struct History {
    tracking: bool,
    purchase_confirmed: bool,
    sale_confirmed: bool,
    cancelled: bool,
}

impl History {
    fn consistent_with(status: OrderStatus) -> Self {
        let at_least = |s: &[OrderStatus]| s.contains(&status);
        use OrderStatus::{Cancelled, Completed, PurchaseConfirmed, Shipped};
        Self {
            tracking: at_least(&[Shipped, PurchaseConfirmed, Completed]),
            purchase_confirmed: at_least(&[PurchaseConfirmed, Completed]),
            sale_confirmed: status == Completed,
            cancelled: status == Cancelled,
        }
    }
}

fn any_status() -> impl Strategy<Value = OrderStatus> {
    proptest::sample::select(OrderStatus::ALL.to_vec())
}

fn any_step() -> impl Strategy<Value = (MemberId, Action)> {
    (
        proptest::sample::select(vec![BUYER, SELLER, STRANGER]),
        proptest::sample::select(Action::ALL.to_vec()),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn no_sequence_of_member_actions_reaches_an_illegal_state(
        start in any_status(),
        steps in proptest::collection::vec(any_step(), 0..24),
    ) {
        let mut current = order(start, PaymentStatus::Approved);
        let mut history = History::consistent_with(start);
        for (member, action) in steps {
            let terminal = matches!(current.status, OrderStatus::Completed | OrderStatus::Cancelled);
            let result = authorize(&current, member, action);
            if member == STRANGER {
                // Outsiders learn nothing, not even that the order exists.
                prop_assert!(matches!(result, Err(OrderError::NotFound)), "{result:?}");
                continue;
            }
            if result.is_err() {
                continue;
            }
            prop_assert!(!terminal, "{action:?} allowed from {:?}", current.status);
            // Only the party the action belongs to may take it.
            prop_assert_eq!(action.party() == Party::Buyer, member == BUYER);
            match action {
                Action::EnterTracking => {
                    prop_assert!(!history.purchase_confirmed, "tracking changed after receipt");
                    history.tracking = true;
                }
                Action::ConfirmPurchase => {
                    prop_assert!(history.tracking, "receipt confirmed before any tracking number");
                    history.purchase_confirmed = true;
                }
                Action::ConfirmSale => {
                    prop_assert!(history.purchase_confirmed, "sale confirmed before receipt");
                    history.sale_confirmed = true;
                }
                Action::Cancel => {
                    prop_assert!(!history.tracking, "cancelled after shipping");
                    history.cancelled = true;
                }
            }
            current.status = action.target();
        }
        // The final status agrees with what happened.
        match current.status {
            OrderStatus::Shipped => prop_assert!(history.tracking && !history.purchase_confirmed),
            OrderStatus::PurchaseConfirmed => {
                prop_assert!(history.purchase_confirmed && !history.sale_confirmed);
            }
            OrderStatus::Completed => prop_assert!(history.sale_confirmed && !history.cancelled),
            OrderStatus::Cancelled => prop_assert!(history.cancelled && !history.sale_confirmed),
            OrderStatus::AwaitingPayment | OrderStatus::Paid => {
                prop_assert!(!history.tracking && !history.cancelled);
            }
        }
    }

    #[test]
    fn nothing_moves_an_order_awaiting_payment(
        steps in proptest::collection::vec(any_step(), 1..16),
    ) {
        // Payment approval is not a member action: over the bot an unpaid order stays put.
        let current = order(OrderStatus::AwaitingPayment, PaymentStatus::Approved);
        for (member, action) in steps {
            prop_assert!(authorize(&current, member, action).is_err());
        }
    }
}

//! The notifications each order change causes (contract §7), handed to the repository with the
//! change so they are stored in its transaction.

use chrono::{DateTime, Utc};
use junggye_notifications::{CancelledBy, NewNotification, Trade, TradeEvent, recipients};

use crate::model::{CancelReason, Order};

fn trade(order: &Order) -> Trade {
    Trade {
        order: order.id,
        product: order.product_id,
        seller: order.seller_id,
        buyer: order.buyer_id,
        item_name: order.item_name.clone(),
    }
}

pub(crate) fn paid(order: &Order) -> Vec<NewNotification> {
    recipients(&TradeEvent::OrderPaid {
        trade: trade(order),
        amount: order.amount.0,
    })
}

pub(crate) fn shipped(order: &Order, tracking: &str) -> Vec<NewNotification> {
    recipients(&TradeEvent::OrderShipped {
        trade: trade(order),
        tracking: tracking.to_owned(),
    })
}

pub(crate) fn purchase_confirmed(order: &Order) -> Vec<NewNotification> {
    recipients(&TradeEvent::PurchaseConfirmed {
        trade: trade(order),
    })
}

pub(crate) fn completed(order: &Order) -> Vec<NewNotification> {
    recipients(&TradeEvent::SaleCompleted {
        trade: trade(order),
    })
}

pub(crate) fn auto_confirm_soon(order: &Order, confirm_at: DateTime<Utc>) -> Vec<NewNotification> {
    recipients(&TradeEvent::AutoConfirmSoon {
        trade: trade(order),
        confirm_at,
    })
}

/// `order` as it was before the cancellation. Only a captured payment that lost the race for
/// the listing is worth telling its buyer about when the order was never paid: every other
/// unpaid attempt ends on the payment page the buyer is looking at.
pub(crate) fn cancelled(order: &Order, reason: CancelReason) -> Vec<NewNotification> {
    let by = match reason {
        CancelReason::BuyerCancelled => CancelledBy::Buyer,
        CancelReason::Admin => CancelledBy::Admin,
        CancelReason::NotShipped
        | CancelReason::PaymentCancelled
        | CancelReason::PaymentFailed
        | CancelReason::SoldOut
        | CancelReason::ListingUnavailable => CancelledBy::System,
    };
    recipients(&TradeEvent::OrderCancelled {
        trade: trade(order),
        was_paid: order.was_paid(),
        refunded: reason == CancelReason::SoldOut,
        by,
    })
}

#[cfg(test)]
mod tests {
    use junggye_notifications::{CancelNotice, MemberId, Payload};

    use super::*;
    use crate::model::{OrderStatus, PaymentStatus};
    use crate::testing::order;

    fn told(notes: &[NewNotification]) -> Vec<MemberId> {
        notes.iter().map(|n| n.member).collect()
    }

    #[test]
    fn a_buyer_cancelling_a_paid_order_tells_the_seller() {
        let mut paid = order(OrderStatus::Paid, PaymentStatus::Approved);
        paid.paid_at = Some(paid.created_at);
        let notes = cancelled(&paid, CancelReason::BuyerCancelled);
        assert_eq!(told(&notes), vec![paid.seller_id]);
    }

    #[test]
    fn the_race_loser_is_told_alone_and_an_abandoned_payment_tells_nobody() {
        let attempt = order(OrderStatus::AwaitingPayment, PaymentStatus::Approved);
        let notes = cancelled(&attempt, CancelReason::SoldOut);
        assert_eq!(told(&notes), vec![attempt.buyer_id]);
        assert!(matches!(
            notes[0].payload,
            Payload::OrderCancelled {
                notice: CancelNotice::LostRace,
                ..
            }
        ));
        assert!(cancelled(&attempt, CancelReason::PaymentCancelled).is_empty());
        assert!(cancelled(&attempt, CancelReason::PaymentFailed).is_empty());
    }

    #[test]
    fn an_unshipped_order_cancelled_by_the_timer_tells_both() {
        let mut paid = order(OrderStatus::Paid, PaymentStatus::Approved);
        paid.paid_at = Some(paid.created_at);
        let notes = cancelled(&paid, CancelReason::NotShipped);
        assert_eq!(told(&notes), vec![paid.buyer_id, paid.seller_id]);
    }
}

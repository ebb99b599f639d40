//! The notifications each order change causes (contract §7), handed to the repository with the
//! change so they are stored in its transaction.

use chrono::{DateTime, Utc};
use junggye_notifications::{
    CancelledBy, LikedChange, LikersNotice, ListingRef, ListingState, NewNotification, Outbox,
    Payload, Trade, TradeEvent, recipients,
};

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

/// Likers of the order's listing, but its buyer and seller, told the listing is now `state`.
fn likers(order: &Order, state: ListingState) -> LikersNotice {
    LikersNotice {
        product: order.product_id,
        payload: Payload::LikedChanged {
            listing: ListingRef {
                product: order.product_id,
                name: order.item_name.clone(),
            },
            change: LikedChange::Status(state),
        },
        except: vec![order.buyer_id, order.seller_id],
    }
}

pub(crate) fn paid(order: &Order) -> Outbox {
    recipients(&TradeEvent::OrderPaid {
        trade: trade(order),
        amount: order.amount.0,
    })
    .into()
}

pub(crate) fn shipped(order: &Order, tracking: &str) -> Outbox {
    recipients(&TradeEvent::OrderShipped {
        trade: trade(order),
        tracking: tracking.to_owned(),
    })
    .into()
}

pub(crate) fn purchase_confirmed(order: &Order) -> Outbox {
    recipients(&TradeEvent::PurchaseConfirmed {
        trade: trade(order),
    })
    .into()
}

/// Both parties are asked for a review; the listing's likers hear it is sold.
pub(crate) fn completed(order: &Order) -> Outbox {
    Outbox {
        notifications: recipients(&TradeEvent::SaleCompleted {
            trade: trade(order),
        }),
        likers: Some(likers(order, ListingState::Sold)),
    }
}

pub(crate) fn auto_confirm_soon(order: &Order, confirm_at: DateTime<Utc>) -> Outbox {
    recipients(&TradeEvent::AutoConfirmSoon {
        trade: trade(order),
        confirm_at,
    })
    .into()
}

/// `order` as it was before the cancellation. Only a captured payment that lost the race for
/// the listing is worth telling its buyer about when the order was never paid: every other
/// unpaid attempt ends on the payment page the buyer is looking at. A paid order held the
/// listing, so its likers hear it is on sale again (when it really goes back).
pub(crate) fn cancelled(order: &Order, reason: CancelReason) -> Outbox {
    Outbox {
        notifications: cancel_notices(order, reason),
        likers: order
            .was_paid()
            .then(|| likers(order, ListingState::OnSale)),
    }
}

fn cancel_notices(order: &Order, reason: CancelReason) -> Vec<NewNotification> {
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
    use junggye_notifications::{CancelNotice, MemberId};

    use super::*;
    use crate::model::{OrderStatus, PaymentStatus};
    use crate::testing::order;

    fn told(outbox: &Outbox) -> Vec<MemberId> {
        outbox.notifications.iter().map(|n| n.member).collect()
    }

    #[test]
    fn a_buyer_cancelling_a_paid_order_tells_the_seller() {
        let mut paid = order(OrderStatus::Paid, PaymentStatus::Approved);
        paid.paid_at = Some(paid.created_at);
        let notes = cancelled(&paid, CancelReason::BuyerCancelled);
        assert_eq!(told(&notes), vec![paid.seller_id]);
        let likers = notes.likers.expect("a held listing goes back on sale");
        assert_eq!(likers.except, vec![paid.buyer_id, paid.seller_id]);
        assert!(matches!(
            likers.payload,
            Payload::LikedChanged {
                change: LikedChange::Status(ListingState::OnSale),
                ..
            }
        ));
    }

    #[test]
    fn a_completed_sale_asks_both_for_a_review_and_tells_likers_it_is_sold() {
        let mut done = order(OrderStatus::PurchaseConfirmed, PaymentStatus::Approved);
        done.paid_at = Some(done.created_at);
        let notes = completed(&done);
        assert_eq!(told(&notes), vec![done.buyer_id, done.seller_id]);
        assert!(matches!(
            notes.likers.map(|l| l.payload),
            Some(Payload::LikedChanged {
                change: LikedChange::Status(ListingState::Sold),
                ..
            })
        ));
    }

    #[test]
    fn the_race_loser_is_told_alone_and_an_abandoned_payment_tells_nobody() {
        let attempt = order(OrderStatus::AwaitingPayment, PaymentStatus::Approved);
        let notes = cancelled(&attempt, CancelReason::SoldOut);
        assert_eq!(told(&notes), vec![attempt.buyer_id]);
        assert!(
            notes.likers.is_none(),
            "an unpaid attempt never held the listing"
        );
        assert!(matches!(
            notes.notifications[0].payload,
            Payload::OrderCancelled {
                notice: CancelNotice::LostRace,
                ..
            }
        ));
        assert_eq!(
            cancelled(&attempt, CancelReason::PaymentCancelled),
            Outbox::default()
        );
        assert_eq!(
            cancelled(&attempt, CancelReason::PaymentFailed),
            Outbox::default()
        );
    }

    #[test]
    fn an_unshipped_order_cancelled_by_the_timer_tells_both() {
        let mut paid = order(OrderStatus::Paid, PaymentStatus::Approved);
        paid.paid_at = Some(paid.created_at);
        let notes = cancelled(&paid, CancelReason::NotShipped);
        assert_eq!(told(&notes), vec![paid.buyer_id, paid.seller_id]);
    }
}

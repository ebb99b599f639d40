//! Trade events and who hears about each: a pure function, so the orders adapter can write the
//! same notifications inside the transaction that makes the change.

use chrono::{DateTime, Utc};

use crate::model::{
    CancelNotice, CancelledBy, MemberId, NewNotification, OrderId, Payload, ProductId, Role,
    TradeRef,
};

/// The order an event happened to, and both parties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trade {
    pub order: OrderId,
    pub product: ProductId,
    pub seller: MemberId,
    pub buyer: MemberId,
    pub item_name: String,
}

impl Trade {
    fn reference(&self) -> TradeRef {
        TradeRef {
            order: self.order,
            product: self.product,
            item_name: self.item_name.clone(),
        }
    }

    fn member(&self, role: Role) -> MemberId {
        match role {
            Role::Buyer => self.buyer,
            Role::Seller => self.seller,
        }
    }
}

/// A step of the escrow flow that someone must hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TradeEvent {
    /// `amount` in won.
    OrderPaid {
        trade: Trade,
        amount: i64,
    },
    OrderShipped {
        trade: Trade,
        tracking: String,
    },
    PurchaseConfirmed {
        trade: Trade,
    },
    SaleCompleted {
        trade: Trade,
    },
    /// `was_paid`: the order had been paid (escrow held the money). An order that was never
    /// paid but whose payment was captured and `refunded` lost the payment race.
    OrderCancelled {
        trade: Trade,
        was_paid: bool,
        refunded: bool,
        by: CancelledBy,
    },
    AutoConfirmSoon {
        trade: Trade,
        confirm_at: DateTime<Utc>,
    },
}

/// The notifications an event creates, one per member it concerns.
#[must_use]
pub fn recipients(event: &TradeEvent) -> Vec<NewNotification> {
    let to = |trade: &Trade, role: Role, payload: Payload| NewNotification {
        member: trade.member(role),
        payload,
    };
    match event {
        TradeEvent::OrderPaid { trade, amount } => vec![to(
            trade,
            Role::Seller,
            Payload::OrderPaid {
                trade: trade.reference(),
                amount: *amount,
            },
        )],
        TradeEvent::OrderShipped { trade, tracking } => vec![to(
            trade,
            Role::Buyer,
            Payload::OrderShipped {
                trade: trade.reference(),
                tracking: tracking.clone(),
            },
        )],
        TradeEvent::PurchaseConfirmed { trade } => vec![to(
            trade,
            Role::Seller,
            Payload::PurchaseConfirmed {
                trade: trade.reference(),
            },
        )],
        TradeEvent::SaleCompleted { trade } => [Role::Buyer, Role::Seller]
            .into_iter()
            .map(|role| {
                to(
                    trade,
                    role,
                    Payload::SaleCompleted {
                        trade: trade.reference(),
                        role,
                    },
                )
            })
            .collect(),
        TradeEvent::OrderCancelled {
            trade,
            was_paid,
            refunded,
            by,
        } => {
            let (roles, notice): (&[Role], _) = match (was_paid, refunded, by) {
                (true, _, CancelledBy::Buyer) => (&[Role::Seller], CancelNotice::Cancelled(*by)),
                (true, _, CancelledBy::Seller) => (&[Role::Buyer], CancelNotice::Cancelled(*by)),
                (true, _, CancelledBy::Admin | CancelledBy::System) => {
                    (&[Role::Buyer, Role::Seller], CancelNotice::Cancelled(*by))
                }
                (false, true, _) => (&[Role::Buyer], CancelNotice::LostRace),
                // An abandoned payment: no money moved and the seller never heard of it.
                (false, false, _) => (&[], CancelNotice::LostRace),
            };
            roles
                .iter()
                .map(|&role| {
                    to(
                        trade,
                        role,
                        Payload::OrderCancelled {
                            trade: trade.reference(),
                            role,
                            notice,
                        },
                    )
                })
                .collect()
        }
        TradeEvent::AutoConfirmSoon { trade, confirm_at } => vec![to(
            trade,
            Role::Buyer,
            Payload::AutoConfirmSoon {
                trade: trade.reference(),
                confirm_at: *confirm_at,
            },
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::NotificationKind;
    use crate::model::Subject;

    const BUYER: MemberId = MemberId(1);
    const SELLER: MemberId = MemberId(2);

    fn trade() -> Trade {
        Trade {
            order: OrderId(10),
            product: ProductId(5),
            seller: SELLER,
            buyer: BUYER,
            item_name: "아이폰 15 프로 256GB".into(),
        }
    }

    fn members(event: &TradeEvent) -> Vec<(MemberId, NotificationKind)> {
        recipients(event)
            .iter()
            .map(|n| (n.member, n.kind()))
            .collect()
    }

    fn cancelled(was_paid: bool, refunded: bool, by: CancelledBy) -> TradeEvent {
        TradeEvent::OrderCancelled {
            trade: trade(),
            was_paid,
            refunded,
            by,
        }
    }

    #[test]
    fn a_paid_order_tells_the_seller_only() {
        let event = TradeEvent::OrderPaid {
            trade: trade(),
            amount: 750_000,
        };
        assert_eq!(members(&event), [(SELLER, NotificationKind::OrderPaid)]);
        assert_eq!(recipients(&event)[0].subject(), Subject::Order(OrderId(10)));
    }

    #[test]
    fn shipping_and_auto_confirm_tell_the_buyer() {
        let shipped = TradeEvent::OrderShipped {
            trade: trade(),
            tracking: "123456789012".into(),
        };
        assert_eq!(members(&shipped), [(BUYER, NotificationKind::OrderShipped)]);
        let soon = TradeEvent::AutoConfirmSoon {
            trade: trade(),
            confirm_at: DateTime::UNIX_EPOCH,
        };
        assert_eq!(members(&soon), [(BUYER, NotificationKind::AutoConfirmSoon)]);
    }

    #[test]
    fn a_purchase_confirmation_tells_the_seller() {
        let event = TradeEvent::PurchaseConfirmed { trade: trade() };
        assert_eq!(
            members(&event),
            [(SELLER, NotificationKind::PurchaseConfirmed)]
        );
    }

    #[test]
    fn a_completed_sale_tells_both_parties_in_their_role() {
        let sent = recipients(&TradeEvent::SaleCompleted { trade: trade() });
        let roles: Vec<_> = sent
            .iter()
            .map(|n| match &n.payload {
                Payload::SaleCompleted { role, .. } => (n.member, *role),
                other => panic!("unexpected payload {other:?}"),
            })
            .collect();
        assert_eq!(roles, [(BUYER, Role::Buyer), (SELLER, Role::Seller)]);
    }

    #[test]
    fn a_cancellation_tells_the_other_party() {
        assert_eq!(
            members(&cancelled(true, true, CancelledBy::Buyer)),
            [(SELLER, NotificationKind::OrderCancelled)]
        );
        assert_eq!(
            members(&cancelled(true, true, CancelledBy::Seller)),
            [(BUYER, NotificationKind::OrderCancelled)]
        );
    }

    #[test]
    fn a_cancellation_by_the_timer_or_an_admin_tells_both() {
        for by in [CancelledBy::System, CancelledBy::Admin] {
            let to: Vec<_> = members(&cancelled(true, true, by))
                .into_iter()
                .map(|(m, _)| m)
                .collect();
            assert_eq!(to, [BUYER, SELLER], "{by:?}");
        }
    }

    #[test]
    fn a_race_losers_refund_tells_only_its_own_buyer() {
        let sent = recipients(&cancelled(false, true, CancelledBy::System));
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].member, BUYER);
        assert!(matches!(
            sent[0].payload,
            Payload::OrderCancelled {
                notice: CancelNotice::LostRace,
                role: Role::Buyer,
                ..
            }
        ));
    }

    #[test]
    fn an_abandoned_unpaid_order_tells_nobody() {
        assert!(recipients(&cancelled(false, false, CancelledBy::Buyer)).is_empty());
    }
}

//! Property tests of the listing state machine: whatever owners and admins ask for, in any
//! order, a listing enters and leaves pending only through an order, and deleted is final.

use junggye_products::ProductStatus;
use proptest::prelude::*;

/// Who asks for a change; orders move listings through their own gateway, not this table.
#[derive(Debug, Clone, Copy)]
enum Actor {
    Owner,
    Admin,
}

fn any_status() -> impl Strategy<Value = ProductStatus> {
    proptest::sample::select(ProductStatus::ALL.to_vec())
}

fn any_step() -> impl Strategy<Value = (Actor, ProductStatus)> {
    (
        proptest::sample::select(vec![Actor::Owner, Actor::Admin]),
        any_status(),
    )
}

fn allowed(actor: Actor, from: ProductStatus, to: ProductStatus) -> bool {
    match actor {
        Actor::Owner => from.owner_may_change_to(to),
        Actor::Admin => from.admin_may_change_to(to),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn owners_and_admins_never_touch_pending_and_never_revive_deleted(
        start in any_status(),
        steps in proptest::collection::vec(any_step(), 0..32),
    ) {
        let mut current = start;
        for (actor, to) in steps {
            if !allowed(actor, current, to) {
                continue;
            }
            prop_assert_ne!(to, ProductStatus::Pending, "{:?} moved {:?} into pending", actor, current);
            prop_assert_ne!(current, ProductStatus::Pending, "{:?} moved pending to {:?}", actor, to);
            prop_assert_ne!(current, ProductStatus::Deleted, "{:?} revived a deleted listing", actor);
            prop_assert_ne!(current, to, "a no-op counted as a change");
            current = to;
        }
        // Pending is reachable only if it was the start: nothing in this table enters it.
        prop_assert!(current != ProductStatus::Pending || start == ProductStatus::Pending);
        if start == ProductStatus::Deleted {
            prop_assert_eq!(current, ProductStatus::Deleted);
        }
    }

    #[test]
    fn owner_menu_offers_exactly_the_allowed_targets(from in any_status()) {
        let targets = from.owner_targets();
        for to in ProductStatus::ALL {
            prop_assert_eq!(targets.contains(&to), from.owner_may_change_to(to));
        }
    }
}

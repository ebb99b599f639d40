//! Category and status codes (docs/contract.md, codes) and the listing state machine.

/// The ten categories of the seed, with the contract's codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// 패션/잡화
    Fashion,
    /// 생활가전
    Appliances,
    /// 가구/인테리어
    Furniture,
    /// 뷰티/미용
    Beauty,
    /// 티켓/교환권
    Tickets,
    /// 디지털기기
    Digital,
    /// 도서
    Books,
    /// 취미/게임/음반
    Hobby,
    /// 스포츠/레저
    Sports,
    /// 기타
    Etc,
}

impl Category {
    /// Every category, in menu order.
    pub const ALL: [Self; 10] = [
        Self::Fashion,
        Self::Appliances,
        Self::Furniture,
        Self::Beauty,
        Self::Tickets,
        Self::Digital,
        Self::Books,
        Self::Hobby,
        Self::Sports,
        Self::Etc,
    ];

    /// Code used in storage and `extra.category`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Fashion => "fashion",
            Self::Appliances => "appliances",
            Self::Furniture => "furniture",
            Self::Beauty => "beauty",
            Self::Tickets => "tickets",
            Self::Digital => "digital",
            Self::Books => "books",
            Self::Hobby => "hobby",
            Self::Sports => "sports",
            Self::Etc => "etc",
        }
    }

    /// Korean label shown in the bot.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Fashion => "패션/잡화",
            Self::Appliances => "생활가전",
            Self::Furniture => "가구/인테리어",
            Self::Beauty => "뷰티/미용",
            Self::Tickets => "티켓/교환권",
            Self::Digital => "디지털기기",
            Self::Books => "도서",
            Self::Hobby => "취미/게임/음반",
            Self::Sports => "스포츠/레저",
            Self::Etc => "기타",
        }
    }

    /// Parses a code or, as the seed's quick replies sent, a Korean label.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        Self::ALL
            .into_iter()
            .find(|c| c.code() == raw || c.label() == raw)
    }
}

/// Lifecycle of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProductStatus {
    /// 판매중: listed and payable.
    OnSale,
    /// 예약중: listed, promised to someone; not payable.
    Reserved,
    /// 숨김: invisible to others.
    Hidden,
    /// 판매대기: paid, in an order; only the orders domain moves it.
    Pending,
    /// 판매완료.
    Sold,
    /// 삭제: soft-deleted, invisible everywhere.
    Deleted,
}

impl ProductStatus {
    pub const ALL: [Self; 6] = [
        Self::OnSale,
        Self::Reserved,
        Self::Hidden,
        Self::Pending,
        Self::Sold,
        Self::Deleted,
    ];

    /// Statuses the public lists (latest, category, search) show.
    pub const LISTED: [Self; 2] = [Self::OnSale, Self::Reserved];

    /// Code used in storage and `extra.status`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::OnSale => "on_sale",
            Self::Reserved => "reserved",
            Self::Hidden => "hidden",
            Self::Pending => "pending",
            Self::Sold => "sold",
            Self::Deleted => "deleted",
        }
    }

    /// Korean label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::OnSale => "판매중",
            Self::Reserved => "예약중",
            Self::Hidden => "숨김",
            Self::Pending => "판매대기",
            Self::Sold => "판매완료",
            Self::Deleted => "삭제",
        }
    }

    /// Parses a [`ProductStatus::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim();
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the owner may move a listing from `self` to `to` (docs/contract.md, rules):
    /// on_sale ↔ hidden, on_sale ↔ reserved, on_sale/reserved → sold, any non-pending →
    /// deleted. Pending is entered and left only through an order.
    #[must_use]
    pub fn owner_may_change_to(self, to: Self) -> bool {
        use ProductStatus::{Deleted, Hidden, OnSale, Pending, Reserved, Sold};
        match (self, to) {
            (OnSale, Hidden | Reserved | Sold) | (Hidden | Reserved, OnSale) | (Reserved, Sold) => {
                true
            }
            (Pending | Deleted, _) => false,
            (_, Deleted) => true,
            _ => false,
        }
    }

    /// The statuses the owner may move to from here, in menu order.
    #[must_use]
    pub fn owner_targets(self) -> Vec<Self> {
        Self::ALL
            .into_iter()
            .filter(|&to| self.owner_may_change_to(to))
            .collect()
    }

    /// Whether an admin may move a listing from `self` to `to`: any change between the
    /// ordinary statuses, but never out of pending (an order owns the listing until it is
    /// completed or cancelled) nor out of deleted (photos are already being removed), and sold
    /// only to hidden or deleted (an order may reference it). Entering pending is refused
    /// separately: only the orders domain sets it.
    #[must_use]
    pub fn admin_may_change_to(self, to: Self) -> bool {
        use ProductStatus::{Deleted, Hidden, Pending, Sold};
        match (self, to) {
            _ if self == to => false,
            (Pending | Deleted, _) | (_, Pending) => false,
            (Sold, to) => matches!(to, Hidden | Deleted),
            _ => true,
        }
    }

    /// Whether the owner may edit the listing's fields and photos: not while an order holds it
    /// (the buyer paid for what it said), nor once sold or deleted.
    #[must_use]
    pub fn owner_may_edit(self) -> bool {
        matches!(self, Self::OnSale | Self::Reserved | Self::Hidden)
    }

    /// Whether the owner may bump (끌올) the listing: only what is on sale competes for the top.
    #[must_use]
    pub fn owner_may_bump(self) -> bool {
        self == Self::OnSale
    }

    /// Whether members other than the owner may see the listing at all.
    #[must_use]
    pub fn visible_to_others(self) -> bool {
        !matches!(self, Self::Hidden | Self::Deleted)
    }

    /// A paid order holds the listing: nobody else can pay, and only that order moves it on.
    pub const HOLD_FOR_ORDER: StatusChange = StatusChange {
        from: &[Self::OnSale],
        to: Self::Pending,
    };
    /// The held listing's order completed.
    pub const SOLD_BY_ORDER: StatusChange = StatusChange {
        from: &[Self::Pending],
        to: Self::Sold,
    };
    /// The seller of a listing they marked sold names its open-chat buyer: the listing stays
    /// sold and only gains its buyer (`extra.buyer_id` on `/skill/products/status`).
    pub const BUYER_NAMED: StatusChange = StatusChange {
        from: &[Self::Sold],
        to: Self::Sold,
    };
    /// The held listing's order was cancelled: it is for sale again.
    pub const RELEASED_BY_ORDER: StatusChange = StatusChange {
        from: &[Self::Pending],
        to: Self::OnSale,
    };
    /// The seller accepted a price offer: the listing is promised to that buyer. Decided by the
    /// compare-and-set from on sale, so an accept and a payment at list price cannot both win.
    pub const RESERVED_BY_OFFER: StatusChange = StatusChange {
        from: &[Self::OnSale],
        to: Self::Reserved,
    };
    /// The accepted offer expired or was withdrawn by the seller: for sale again.
    pub const RELEASED_BY_OFFER: StatusChange = StatusChange {
        from: &[Self::Reserved],
        to: Self::OnSale,
    };
    /// The buyer an accepted offer reserved the listing for paid: the order holds it now.
    pub const HOLD_FOR_OFFER: StatusChange = StatusChange {
        from: &[Self::Reserved],
        to: Self::Pending,
    };
    /// A member left: every listing of theirs not already sold or deleted goes. Pending is
    /// listed for completeness; withdrawal is refused while an order holds a listing.
    pub const RETIRED_BY_WITHDRAWAL: StatusChange = StatusChange {
        from: &[Self::OnSale, Self::Reserved, Self::Hidden, Self::Pending],
        to: Self::Deleted,
    };
}

/// A compare-and-set on a listing's status that another domain's use case (an order, a
/// withdrawal) has the store apply inside its own transaction: the listing moves to `to` only
/// from one of `from`, so the transitions stay defined here and nowhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChange {
    pub from: &'static [ProductStatus],
    pub to: ProductStatus,
}

/// Why a member may not pay for a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PurchaseRefusal {
    /// Deleted, or hidden: to a buyer it does not exist.
    Missing,
    OwnListing,
    /// Reserved, pending or sold.
    NotOnSale,
}

/// The one rule for "may `buyer` pay for this listing now", asked by the detail (to show the
/// pay button) and by the payment itself. That the buyer is an active member is the type
/// `ActiveMember` the callers hold. `reserved_for` is the buyer an accepted price offer
/// reserved the listing for (still unexpired): only they may pay a reserved listing.
///
/// # Errors
/// The reason, checked in the order a buyer would want to hear it.
pub fn may_buy(
    status: ProductStatus,
    seller: junggye_domain_common::MemberId,
    buyer: junggye_domain_common::MemberId,
    reserved_for: Option<junggye_domain_common::MemberId>,
) -> Result<(), PurchaseRefusal> {
    if !status.visible_to_others() {
        Err(PurchaseRefusal::Missing)
    } else if seller == buyer {
        Err(PurchaseRefusal::OwnListing)
    } else if status == ProductStatus::Reserved && reserved_for == Some(buyer) {
        Ok(())
    } else if status != ProductStatus::OnSale {
        Err(PurchaseRefusal::NotOnSale)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProductStatus::{Deleted, Hidden, OnSale, Pending, Reserved, Sold};

    #[test]
    fn state_machine_is_exactly_the_contract() {
        let allowed = [
            (OnSale, Hidden),
            (Hidden, OnSale),
            (OnSale, Reserved),
            (Reserved, OnSale),
            (OnSale, Sold),
            (Reserved, Sold),
            (OnSale, Deleted),
            (Hidden, Deleted),
            (Reserved, Deleted),
            (Sold, Deleted),
        ];
        for from in ProductStatus::ALL {
            for to in ProductStatus::ALL {
                assert_eq!(
                    from.owner_may_change_to(to),
                    allowed.contains(&(from, to)),
                    "{from:?} -> {to:?}"
                );
            }
        }
    }

    #[test]
    fn admins_may_do_more_but_never_touch_pending_or_deleted() {
        assert!(Hidden.admin_may_change_to(Reserved));
        assert!(Hidden.admin_may_change_to(Sold));
        assert!(Sold.admin_may_change_to(Hidden));
        assert!(!Sold.admin_may_change_to(OnSale));
        assert!(!OnSale.admin_may_change_to(OnSale));
        for s in ProductStatus::ALL {
            assert!(!s.admin_may_change_to(Pending), "{s:?} -> pending");
            assert!(!Pending.admin_may_change_to(s), "pending -> {s:?}");
            assert!(!Deleted.admin_may_change_to(s), "deleted -> {s:?}");
        }
    }

    #[test]
    fn only_someone_else_may_buy_and_only_while_on_sale() {
        use junggye_domain_common::MemberId;
        let (seller, buyer) = (MemberId(1), MemberId(2));
        for status in ProductStatus::ALL {
            let expected = match status {
                OnSale => Ok(()),
                Hidden | Deleted => Err(PurchaseRefusal::Missing),
                Reserved | Pending | Sold => Err(PurchaseRefusal::NotOnSale),
            };
            assert_eq!(may_buy(status, seller, buyer, None), expected, "{status:?}");
        }
        assert_eq!(
            may_buy(OnSale, seller, seller, None),
            Err(PurchaseRefusal::OwnListing)
        );
    }

    #[test]
    fn a_reserved_listing_is_payable_only_by_the_buyer_it_is_reserved_for() {
        use junggye_domain_common::MemberId;
        let (seller, buyer, other) = (MemberId(1), MemberId(2), MemberId(3));
        assert_eq!(may_buy(Reserved, seller, buyer, Some(buyer)), Ok(()));
        assert_eq!(
            may_buy(Reserved, seller, other, Some(buyer)),
            Err(PurchaseRefusal::NotOnSale)
        );
        assert_eq!(
            may_buy(Reserved, seller, seller, Some(seller)),
            Err(PurchaseRefusal::OwnListing)
        );
        for status in [Pending, Sold, Hidden, Deleted] {
            assert!(
                may_buy(status, seller, buyer, Some(buyer)).is_err(),
                "{status:?}"
            );
        }
    }

    #[test]
    fn offer_moves_are_compare_and_sets_on_the_reservation() {
        let reserve = ProductStatus::RESERVED_BY_OFFER;
        assert_eq!((reserve.from, reserve.to), (&[OnSale][..], Reserved));
        let release = ProductStatus::RELEASED_BY_OFFER;
        assert_eq!((release.from, release.to), (&[Reserved][..], OnSale));
        let hold = ProductStatus::HOLD_FOR_OFFER;
        assert_eq!((hold.from, hold.to), (&[Reserved][..], Pending));
    }

    #[test]
    fn order_cascades_follow_the_pending_lifecycle() {
        let hold = ProductStatus::HOLD_FOR_ORDER;
        assert_eq!((hold.from, hold.to), (&[OnSale][..], Pending));
        for change in [
            ProductStatus::SOLD_BY_ORDER,
            ProductStatus::RELEASED_BY_ORDER,
        ] {
            assert_eq!(change.from, &[Pending][..]);
        }
        let retire = ProductStatus::RETIRED_BY_WITHDRAWAL;
        assert!(!retire.from.contains(&Sold) && !retire.from.contains(&Deleted));
    }

    #[test]
    fn pending_and_deleted_have_no_owner_transitions() {
        assert!(Pending.owner_targets().is_empty());
        assert!(Deleted.owner_targets().is_empty());
        assert_eq!(
            OnSale.owner_targets(),
            vec![Reserved, Hidden, Sold, Deleted]
        );
    }

    #[test]
    fn codes_round_trip_and_categories_accept_labels() {
        for s in ProductStatus::ALL {
            assert_eq!(ProductStatus::from_code(s.code()), Some(s));
        }
        for c in Category::ALL {
            assert_eq!(Category::parse(c.code()), Some(c));
            assert_eq!(Category::parse(c.label()), Some(c));
        }
        assert_eq!(Category::parse("cars"), None);
    }
}

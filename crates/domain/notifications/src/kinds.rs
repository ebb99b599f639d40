//! The kinds of notification, their stored codes, and the preference group each belongs to.

/// What a notification is about. The code is what storage and the admin filter
/// (`/admin/notifications?kind=`) use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotificationKind {
    OrderPaid,
    OrderShipped,
    PurchaseConfirmed,
    SaleCompleted,
    OrderCancelled,
    AutoConfirmSoon,
    OfferReceived,
    OfferAnswered,
    ReviewReceived,
    KeywordMatch,
    LikedChanged,
    ListingStale,
}

impl NotificationKind {
    pub const ALL: [Self; 12] = [
        Self::OrderPaid,
        Self::OrderShipped,
        Self::PurchaseConfirmed,
        Self::SaleCompleted,
        Self::OrderCancelled,
        Self::AutoConfirmSoon,
        Self::OfferReceived,
        Self::OfferAnswered,
        Self::ReviewReceived,
        Self::KeywordMatch,
        Self::LikedChanged,
        Self::ListingStale,
    ];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::OrderPaid => "order_paid",
            Self::OrderShipped => "order_shipped",
            Self::PurchaseConfirmed => "purchase_confirmed",
            Self::SaleCompleted => "sale_completed",
            Self::OrderCancelled => "order_cancelled",
            Self::AutoConfirmSoon => "auto_confirm_soon",
            Self::OfferReceived => "offer_received",
            Self::OfferAnswered => "offer_answered",
            Self::ReviewReceived => "review_received",
            Self::KeywordMatch => "keyword_match",
            Self::LikedChanged => "liked_changed",
            Self::ListingStale => "listing_stale",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// The preference group that switches this kind's push on or off. Offers, reviews and the
    /// stale-listing question are about the member's own trades, so they are 거래.
    #[must_use]
    pub fn group(self) -> NotificationGroup {
        match self {
            Self::KeywordMatch => NotificationGroup::Keyword,
            Self::LikedChanged => NotificationGroup::Like,
            Self::OrderPaid
            | Self::OrderShipped
            | Self::PurchaseConfirmed
            | Self::SaleCompleted
            | Self::OrderCancelled
            | Self::AutoConfirmSoon
            | Self::OfferReceived
            | Self::OfferAnswered
            | Self::ReviewReceived
            | Self::ListingStale => NotificationGroup::Trade,
        }
    }

    /// Whether quiet hours hold this kind's push until the window ends. Someone is waiting on a
    /// trade step (money, a parcel, an offer), so those go at once; alerts and the stale-listing
    /// reminder wait, since nothing is lost by reading them in the morning.
    #[must_use]
    pub fn held_by_quiet_hours(self) -> bool {
        matches!(
            self,
            Self::KeywordMatch | Self::LikedChanged | Self::ListingStale
        )
    }
}

/// Where a notification's push stands. Every notification is in the inbox whatever this says.
/// The codes are what storage and the admin filter (`/admin/notifications?status=`) use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PushState {
    /// Written by the change that caused it (the outbox); the dispatcher decides its push.
    Undecided,
    /// Never pushed: push is off, the group is switched off, or the daily cap was reached.
    InboxOnly,
    /// Due at its push time (held by quiet hours, or waiting for a retry).
    Queued,
    /// A dispatcher is sending it right now; never claimed again.
    Sending,
    /// Accepted by Kakao; waiting for the task's result.
    Sent,
    Delivered,
    /// Given up after failures, or its send may have gone out without an answer.
    Failed,
    /// Kakao cannot reach the member (not a channel friend, unknown key): never retried.
    Unreachable,
}

impl PushState {
    pub const ALL: [Self; 8] = [
        Self::Undecided,
        Self::InboxOnly,
        Self::Queued,
        Self::Sending,
        Self::Sent,
        Self::Delivered,
        Self::Failed,
        Self::Unreachable,
    ];

    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Undecided => "undecided",
            Self::InboxOnly => "inbox",
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
            Self::Unreachable => "unreachable",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.code() == code)
    }

    /// The states an admin may queue again (`POST /admin/notifications/{id}/retry`): those
    /// whose push ended without delivery. A sent or sending one may still arrive.
    pub const RETRYABLE: &'static [Self] = &[Self::Failed, Self::Unreachable, Self::InboxOnly];
}

/// A preference group, as shown on `/skill/settings/notifications` (`extra.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotificationGroup {
    Trade,
    Keyword,
    Like,
}

impl NotificationGroup {
    pub const ALL: [Self; 3] = [Self::Trade, Self::Keyword, Self::Like];

    /// `trade`, `keyword` or `like`: the value of `extra.kind`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Trade => "trade",
            Self::Keyword => "keyword",
            Self::Like => "like",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|group| group.code() == code)
    }

    /// What the settings skill shows the member.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Trade => "거래",
            Self::Keyword => "키워드",
            Self::Like => "찜",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_its_kind() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(NotificationKind::from_code("order-paid"), None);
        assert_eq!(NotificationKind::from_code(""), None);
    }

    #[test]
    fn every_push_state_code_reads_back() {
        for state in PushState::ALL {
            assert_eq!(PushState::from_code(state.code()), Some(state));
        }
        assert_eq!(PushState::from_code("pending"), None);
    }

    #[test]
    fn every_group_code_reads_back() {
        for group in NotificationGroup::ALL {
            assert_eq!(NotificationGroup::from_code(group.code()), Some(group));
        }
        assert_eq!(NotificationGroup::from_code("likes"), None);
    }

    #[test]
    fn offers_and_reviews_are_trade_and_go_at_once() {
        for kind in [
            NotificationKind::OfferReceived,
            NotificationKind::OfferAnswered,
            NotificationKind::ReviewReceived,
            NotificationKind::OrderPaid,
            NotificationKind::OrderCancelled,
        ] {
            assert_eq!(kind.group(), NotificationGroup::Trade);
            assert!(!kind.held_by_quiet_hours(), "{kind:?}");
        }
    }

    #[test]
    fn keyword_and_like_pushes_wait_for_quiet_hours_to_end() {
        assert_eq!(
            NotificationKind::KeywordMatch.group(),
            NotificationGroup::Keyword
        );
        assert_eq!(
            NotificationKind::LikedChanged.group(),
            NotificationGroup::Like
        );
        assert!(NotificationKind::KeywordMatch.held_by_quiet_hours());
        assert!(NotificationKind::LikedChanged.held_by_quiet_hours());
    }
}

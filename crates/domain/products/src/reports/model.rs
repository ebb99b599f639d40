use chrono::{DateTime, Utc};
use junggye_domain_common::{MemberId, ProductId};

use crate::error::ProductError;

/// A stored report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReportId(pub i64);

/// What is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportTarget {
    Product(ProductId),
    Member(MemberId),
}

impl ReportTarget {
    /// The stored kind code.
    #[must_use]
    pub fn kind(self) -> &'static str {
        match self {
            Self::Product(_) => "product",
            Self::Member(_) => "member",
        }
    }

    #[must_use]
    pub fn id(self) -> i64 {
        match self {
            Self::Product(id) => id.0,
            Self::Member(id) => id.0,
        }
    }

    /// The target from its stored kind code and id.
    #[must_use]
    pub fn from_parts(kind: &str, id: i64) -> Option<Self> {
        match kind {
            "product" => Some(Self::Product(ProductId(id))),
            "member" => Some(Self::Member(MemberId(id))),
            _ => None,
        }
    }
}

macro_rules! codes {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $code:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            pub const ALL: [Self; [$($code),+].len()] = [$(Self::$variant),+];

            #[must_use]
            pub fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)+
                }
            }

            /// The Korean label the bot shows.
            #[must_use]
            pub fn label(self) -> &'static str {
                match self {
                    $(Self::$variant => $label,)+
                }
            }

            #[must_use]
            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|v| v.code() == code)
            }
        }
    };
}

codes! {
    /// Why a member reports.
    ReportReason {
        Fraud => "fraud", "사기 의심";
        Prohibited => "prohibited", "판매 금지 물품";
        Spam => "spam", "스팸·광고";
        Abusive => "abusive", "욕설·비매너";
        Other => "other", "기타";
    }
}

codes! {
    /// Where a report stands in the admin queue.
    ReportStatus {
        Open => "open", "대기";
        Resolved => "resolved", "처리됨";
    }
}

codes! {
    /// An admin's decision on the open reports of one target: dismiss (nothing wrong; a
    /// listing comes back into view), hide the listing (the admin hide status), or suspend the
    /// member (for a listing, its seller).
    ReportAction {
        Dismiss => "dismiss", "기각";
        HideListing => "hide_listing", "상품 숨김";
        SuspendMember => "suspend_member", "회원 정지";
    }
}

/// A report to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport {
    pub reporter: MemberId,
    pub target: ReportTarget,
    pub reason: ReportReason,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub id: ReportId,
    pub reporter: MemberId,
    pub target: ReportTarget,
    pub reason: ReportReason,
    pub status: ReportStatus,
    /// The decision, once resolved.
    pub action: Option<ReportAction>,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// What storing a report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reported {
    /// Stored (and, when it reached the threshold, the listing went under review).
    Received,
    /// The reporter had reported this target before: nothing changed.
    AlreadyReported,
}

/// What the repository applies when an admin decides: every open report of `target` closes
/// with `action`, and a listing target leaves review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolution {
    /// The report the admin opened; it must still be open.
    pub report: ReportId,
    pub target: ReportTarget,
    pub action: ReportAction,
    pub at: DateTime<Utc>,
}

/// What a report use case can refuse.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// No such report, or a target the reporter may not see.
    #[error("not found")]
    NotFound,
    /// Members do not report themselves or their own listings.
    #[error("own target")]
    OwnTarget,
    /// The report was decided before.
    #[error("report already resolved")]
    AlreadyResolved,
    /// The action does not fit the target (hiding a member).
    #[error("{0:?} does not apply to this target")]
    NotApplicable(ReportAction),
    /// The listing could not be hidden (e.g. it is in an order).
    #[error(transparent)]
    Product(#[from] ProductError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

//! The trust score 매너온도: one pure function of a member's trade history, so the database
//! adapter can recompute it in the transaction that changes the history, and every card shows
//! the stored value. The formula and its reasons are in docs/trust.md.

use std::collections::HashMap;
use std::fmt;

use junggye_domain_common::MemberId;

/// How a review rated the member it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rating {
    Bad,
    Good,
    Great,
}

impl Rating {
    pub const ALL: [Self; 3] = [Self::Great, Self::Good, Self::Bad];

    /// The stored and `extra.rating` code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Great => "great",
            Self::Good => "good",
            Self::Bad => "bad",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// What the buttons and the profile say.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Great => "최고예요",
            Self::Good => "좋아요",
            Self::Bad => "별로예요",
        }
    }

    /// Tenths of a degree one reviewer's rating moves the score.
    fn tenths(self) -> i64 {
        match self {
            Self::Great => GREAT_TENTHS,
            Self::Good => GOOD_TENTHS,
            Self::Bad => BAD_TENTHS,
        }
    }
}

const START_TENTHS: i64 = 365;
const MAX_TENTHS: i64 = 999;
const GREAT_TENTHS: i64 = 5;
const GOOD_TENTHS: i64 = 2;
const BAD_TENTHS: i64 = -10;
const TRADE_TENTHS: i64 = 1;
/// Trades with one counterpart that count: a pair trading with itself cannot heat up forever.
const TRADES_PER_COUNTERPART: i64 = 3;
const CANCEL_TENTHS: i64 = -5;

/// 매너온도 in tenths of a degree, 0.0° to 99.9°.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MannerScore(u16);

impl MannerScore {
    /// 36.5°, every member's score before any trade.
    pub const START: Self = Self(365);

    /// A stored value, clamped into the range.
    #[must_use]
    pub fn from_tenths(tenths: i64) -> Self {
        Self(u16::try_from(tenths.clamp(0, MAX_TENTHS)).unwrap_or(0))
    }

    #[must_use]
    pub fn tenths(self) -> i32 {
        i32::from(self.0)
    }
}

impl Default for MannerScore {
    fn default() -> Self {
        Self::START
    }
}

/// `36.5°`.
impl fmt::Display for MannerScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}°", self.0 / 10, self.0 % 10)
    }
}

/// What the score is computed from: everything a member's counterparts and own cancellations
/// say about them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustHistory {
    /// Reviews received, by reviewer.
    pub reviews: Vec<(MemberId, Rating)>,
    /// The counterpart of each completed trade (repeats allowed).
    pub trades: Vec<MemberId>,
    /// Orders cancelled by this member's own doing (`CancelReason::counts_against`).
    pub cancellations: u32,
}

/// The formula of docs/trust.md: 36.5° plus, per counterpart, 0.1° per completed trade (at
/// most three) and the mean of their ratings (great +0.5°, good +0.2°, bad −1.0°, rounded down to
/// a tenth), minus 0.5° per cancellation, clamped to 0.0°–99.9°. Each reviewer weighs once,
/// however many reviews they left.
#[must_use]
pub fn manner_score(history: &TrustHistory) -> MannerScore {
    let mut by_reviewer: HashMap<MemberId, (i64, i64)> = HashMap::new();
    for (reviewer, rating) in &history.reviews {
        let entry = by_reviewer.entry(*reviewer).or_default();
        entry.0 += rating.tenths();
        entry.1 += 1;
    }
    let reviews: i64 = by_reviewer
        .values()
        .map(|(sum, count)| sum.div_euclid(*count))
        .sum();
    let mut by_partner: HashMap<MemberId, i64> = HashMap::new();
    for partner in &history.trades {
        *by_partner.entry(*partner).or_default() += 1;
    }
    let trades: i64 = by_partner
        .values()
        .map(|n| (*n).min(TRADES_PER_COUNTERPART) * TRADE_TENTHS)
        .sum();
    let cancels = i64::from(history.cancellations) * CANCEL_TENTHS;
    MannerScore::from_tenths(START_TENTHS + reviews + trades + cancels)
}

#[cfg(test)]
mod tests;

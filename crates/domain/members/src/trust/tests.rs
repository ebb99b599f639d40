use proptest::prelude::*;

use super::*;

fn rating() -> impl Strategy<Value = Rating> {
    prop::sample::select(Rating::ALL.to_vec())
}

/// Histories over a small pool of counterparts, so repeats happen.
fn history() -> impl Strategy<Value = TrustHistory> {
    (
        prop::collection::vec((1_i64..8, rating()), 0..40),
        prop::collection::vec(1_i64..8, 0..40),
        0_u32..30,
    )
        .prop_map(|(reviews, trades, cancellations)| TrustHistory {
            reviews: reviews
                .into_iter()
                .map(|(id, r)| (MemberId(id), r))
                .collect(),
            trades: trades.into_iter().map(MemberId).collect(),
            cancellations,
        })
}

#[test]
fn a_new_member_starts_at_36_5() {
    let score = manner_score(&TrustHistory::default());
    assert_eq!(score, MannerScore::START);
    assert_eq!(score.to_string(), "36.5°");
}

#[test]
fn one_decimal_is_shown() {
    assert_eq!(MannerScore::from_tenths(0).to_string(), "0.0°");
    assert_eq!(MannerScore::from_tenths(371).to_string(), "37.1°");
    assert_eq!(MannerScore::from_tenths(5000).to_string(), "99.9°");
    assert_eq!(MannerScore::from_tenths(-3).to_string(), "0.0°");
}

#[test]
fn a_completed_trade_with_a_great_review_adds_six_tenths() {
    let history = TrustHistory {
        reviews: vec![(MemberId(2), Rating::Great)],
        trades: vec![MemberId(2)],
        cancellations: 0,
    };
    assert_eq!(manner_score(&history).to_string(), "37.1°");
}

#[test]
fn a_buyer_cancellation_costs_half_a_degree() {
    let history = TrustHistory {
        cancellations: 1,
        ..TrustHistory::default()
    };
    assert_eq!(manner_score(&history).to_string(), "36.0°");
}

#[test]
fn rating_codes_round_trip() {
    for rating in Rating::ALL {
        assert_eq!(Rating::from_code(rating.code()), Some(rating));
    }
    assert_eq!(Rating::from_code("excellent"), None);
}

proptest! {
    #[test]
    fn the_score_stays_between_0_and_99_9(h in history(), extra in 0_usize..400) {
        let mut h = h;
        // Push far past either end.
        h.trades.extend((0..extra).map(|i| MemberId(100 + i64::try_from(i).unwrap())));
        prop_assert!(manner_score(&h).tenths() <= 999);
        h.cancellations = u32::MAX;
        prop_assert_eq!(manner_score(&h).tenths(), 0);
    }

    #[test]
    fn a_great_review_never_lowers_the_score(h in history(), reviewer in 1_i64..12) {
        let before = manner_score(&h);
        let mut after = h.clone();
        after.reviews.push((MemberId(reviewer), Rating::Great));
        prop_assert!(manner_score(&after) >= before);
    }

    #[test]
    fn a_better_rating_never_lowers_the_score(h in history(), pick in any::<prop::sample::Index>()) {
        prop_assume!(!h.reviews.is_empty());
        let i = pick.index(h.reviews.len());
        let mut better = h.clone();
        better.reviews[i].1 = Rating::Great;
        prop_assert!(manner_score(&better) >= manner_score(&h));
        let mut worse = h.clone();
        worse.reviews[i].1 = Rating::Bad;
        prop_assert!(manner_score(&worse) <= manner_score(&h));
    }

    #[test]
    fn a_burst_from_one_reviewer_weighs_like_one_review(
        h in history(), burst in 1_usize..50, r in rating()
    ) {
        let stranger = MemberId(1000);
        let mut once = h.clone();
        once.reviews.push((stranger, r));
        let mut many = h.clone();
        many.reviews.extend(std::iter::repeat_n((stranger, r), burst));
        prop_assert_eq!(manner_score(&once), manner_score(&many));
    }

    #[test]
    fn a_trade_with_a_new_counterpart_and_a_great_review_adds_at_least_a_tenth(h in history()) {
        let before = manner_score(&h);
        let mut after = h.clone();
        after.trades.push(MemberId(1000));
        after.reviews.push((MemberId(1000), Rating::Great));
        let expected = (before.tenths() + 1).min(999);
        prop_assert!(manner_score(&after).tenths() >= expected);
    }

    #[test]
    fn cancellations_never_raise_the_score(h in history()) {
        let mut after = h.clone();
        after.cancellations += 1;
        prop_assert!(manner_score(&after) <= manner_score(&h));
    }
}

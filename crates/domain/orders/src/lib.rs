//! Orders domain: Kakao Pay escrow flow, payment race, refunds.

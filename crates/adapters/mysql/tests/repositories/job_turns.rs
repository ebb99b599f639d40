//! Periodic jobs across instances: of instances asking at once exactly one takes a turn; the
//! turn comes round again after the period, to whichever instance asks first.

#![expect(clippy::unwrap_used, reason = "tests: a panic is the failure report")]

use std::time::Duration;

use chrono::{DateTime, Utc};
use junggye_domain_common::JobTurns as _;
use junggye_mysql::SeaJobTurns;
use junggye_mysql::testing::backends;

const PERIOD: Duration = Duration::from_secs(60);

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap()
}

#[tokio::test]
async fn job_turns_go_to_one_instance_per_period() {
    for db in backends().await {
        let turns = SeaJobTurns::new(db.db.clone());
        // Eight instances ask at the same moment for a job never run before, then for one that is due.
        for now in [at(0), at(60)] {
            let asks = (0..8).map(|i| {
                let turns = turns.clone();
                tokio::spawn(async move {
                    turns
                        .take_turn("escrow timers", &format!("instance-{i}"), now, PERIOD)
                        .await
                        .unwrap()
                })
            });
            let mut taken = 0;
            for ask in asks {
                taken += usize::from(ask.await.unwrap());
            }
            assert_eq!(taken, 1, "[{}] at {now}", db.backend());
        }
        // Within the period nobody gets it, the instance that ran it included.
        assert!(
            !turns
                .take_turn("escrow timers", "instance-0", at(100), PERIOD)
                .await
                .unwrap()
        );
        // Its next tick, a period after its last turn, finds it due (59 s, not 60: ticks drift).
        assert!(
            turns
                .take_turn("escrow timers", "instance-5", at(119), PERIOD)
                .await
                .unwrap()
        );
        // Another job is independent.
        assert!(
            turns
                .take_turn("offer expiry", "instance-5", at(119), PERIOD)
                .await
                .unwrap()
        );
        db.cleanup().await;
    }
}

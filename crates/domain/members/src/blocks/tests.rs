use std::sync::Arc;

use chrono::{TimeZone as _, Utc};
use junggye_domain_common::clock::MockClock;
use mockall::predicate::eq;

use super::*;
use crate::ports::MockMemberRepository;
use crate::testing::{active, member};

fn clock() -> Arc<MockClock> {
    let mut clock = MockClock::new();
    clock
        .expect_now()
        .returning(|| Utc.with_ymd_and_hms(2026, 12, 7, 0, 0, 0).unwrap());
    Arc::new(clock)
}

fn members_with(id: i64, status: Option<MemberStatus>) -> MockMemberRepository {
    let mut members = MockMemberRepository::new();
    members
        .expect_find_by_id()
        .with(eq(MemberId(id)))
        .returning(move |id| Ok(status.map(|s| member(id, s))));
    members
}

#[tokio::test]
async fn blocking_oneself_is_refused_without_writing() {
    let service = BlockService::new(
        Arc::new(MockBlockRepository::new()),
        Arc::new(MockMemberRepository::new()),
        clock(),
    );
    let err = service.toggle(&active(1), MemberId(1)).await.unwrap_err();
    assert!(matches!(err, BlockError::OwnAccount), "{err:?}");
}

#[tokio::test]
async fn unknown_and_withdrawn_members_are_not_found() {
    for status in [None, Some(MemberStatus::Withdrawn)] {
        let service = BlockService::new(
            Arc::new(MockBlockRepository::new()),
            Arc::new(members_with(2, status)),
            clock(),
        );
        let err = service.toggle(&active(1), MemberId(2)).await.unwrap_err();
        assert!(matches!(err, BlockError::NotFound), "{status:?}: {err:?}");
    }
}

#[tokio::test]
async fn a_suspended_member_may_still_be_blocked() {
    let mut repo = MockBlockRepository::new();
    repo.expect_toggle()
        .withf(|a, b, _| *a == MemberId(1) && *b == MemberId(2))
        .returning(|_, _, _| Ok(true));
    let service = BlockService::new(
        Arc::new(repo),
        Arc::new(members_with(2, Some(MemberStatus::Suspended))),
        clock(),
    );
    assert!(service.toggle(&active(1), MemberId(2)).await.unwrap());
}

#[tokio::test]
async fn guests_hide_nobody() {
    let service = BlockService::new(
        Arc::new(MockBlockRepository::new()),
        Arc::new(MockMemberRepository::new()),
        clock(),
    );
    assert!(service.hidden_sellers(None).await.unwrap().is_empty());
    assert!(!service.has_blocked(None, MemberId(2)).await.unwrap());
}

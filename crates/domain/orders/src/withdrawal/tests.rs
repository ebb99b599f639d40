use std::sync::Arc;

use junggye_domain_common::clock::MockClock;
use junggye_members::testing::member;
use junggye_members::{MemberStatus, MockMemberRepository};
use mockall::predicate::eq;

use super::*;

fn service(repo: MockWithdrawalRepository) -> WithdrawalService {
    let members = MemberService::new(
        Arc::new(MockMemberRepository::new()),
        Arc::new(MockClock::new()),
    );
    WithdrawalService::new(Arc::new(repo), Arc::new(members))
}

#[tokio::test]
async fn withdrawal_check_reports_open_trades() {
    let mut repo = MockWithdrawalRepository::new();
    repo.expect_open_trades()
        .with(eq(MemberId(7)), eq(OrderStatus::OPEN))
        .returning(|_, _| {
            Ok(OpenTrades {
                as_buyer: 1,
                as_seller: 0,
            })
        });
    assert_eq!(
        service(repo)
            .check(&member(MemberId(7), MemberStatus::Active))
            .await
            .unwrap(),
        WithdrawalCheck::Blocked(OpenTrades {
            as_buyer: 1,
            as_seller: 0
        })
    );
}

#[tokio::test]
async fn withdraw_hands_the_store_the_domain_plan_and_passes_refusals_through() {
    let mut repo = MockWithdrawalRepository::new();
    repo.expect_withdraw()
        .withf(|plan| {
            plan.member == MemberId(7)
                && plan.blocking_orders == OrderStatus::OPEN
                && plan.listings == ProductStatus::RETIRED_BY_WITHDRAWAL
        })
        .returning(|_| {
            Err(MemberError::OpenTrades(OpenTrades {
                as_buyer: 0,
                as_seller: 2,
            }))
        });
    let result = service(repo)
        .withdraw(&member(MemberId(7), MemberStatus::Active))
        .await;
    assert!(matches!(result, Err(MemberError::OpenTrades(t)) if t.as_seller == 2));
}

#[tokio::test]
async fn withdrawn_member_cannot_withdraw_twice() {
    let mut repo = MockWithdrawalRepository::new();
    repo.expect_withdraw().never();
    assert!(matches!(
        service(repo)
            .withdraw(&member(MemberId(7), MemberStatus::Withdrawn))
            .await,
        Err(MemberError::NotFound)
    ));
}

#[tokio::test]
async fn a_suspended_member_may_still_leave() {
    let mut repo = MockWithdrawalRepository::new();
    repo.expect_withdraw().times(1).returning(|_| Ok(()));
    assert!(
        service(repo)
            .withdraw(&member(MemberId(7), MemberStatus::Suspended))
            .await
            .is_ok()
    );
}

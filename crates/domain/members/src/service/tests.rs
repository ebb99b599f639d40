use std::sync::Arc;

use chrono::{TimeZone, Utc};
use junggye_domain_common::clock::MockClock;
use mockall::predicate::eq;

use super::*;
use crate::model::{Grade, MemberId};
use crate::ports::MockMemberRepository;

fn clock() -> Arc<MockClock> {
    let mut clock = MockClock::new();
    clock
        .expect_now()
        .returning(|| Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap());
    Arc::new(clock)
}

fn member(status: MemberStatus) -> Member {
    Member {
        id: MemberId(7),
        user_key: UserKey::parse("user-7").unwrap(),
        plusfriend_user_key: None,
        nickname: Nickname::parse("중고왕").unwrap(),
        phone: PhoneNumber::parse("01012345678").unwrap(),
        profile_image: None,
        grade: Grade::Bronze,
        status,
        completed_trades: 0,
        manner: crate::MannerScore::START,
        joined_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
    }
}

fn join_request() -> JoinRequest {
    JoinRequest {
        user_key: "user-7".into(),
        plusfriend_user_key: Some("pf-7".into()),
        name: "중고왕".into(),
        phone: "010-1234-5678".into(),
    }
}

#[tokio::test]
async fn join_stores_validated_member_with_clock_time() {
    let mut repo = MockMemberRepository::new();
    repo.expect_find_by_user_key().returning(|_| Ok(None));
    repo.expect_join()
        .withf(|m| {
            m.phone.digits() == "01012345678"
                && m.nickname.as_str() == "중고왕"
                && m.plusfriend_user_key.as_deref() == Some("pf-7")
                && m.joined_at == Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
        })
        .times(1)
        .returning(|_| Ok(member(MemberStatus::Active)));
    let service = MemberService::new(Arc::new(repo), clock());
    let joined = service.join(join_request()).await.unwrap();
    assert_eq!(joined.id, MemberId(7));
}

#[tokio::test]
async fn join_refuses_existing_member_without_writing() {
    let mut repo = MockMemberRepository::new();
    repo.expect_find_by_user_key()
        .returning(|_| Ok(Some(member(MemberStatus::Suspended))));
    repo.expect_join().never();
    let service = MemberService::new(Arc::new(repo), clock());
    assert!(matches!(
        service.join(join_request()).await,
        Err(MemberError::AlreadyMember)
    ));
}

#[tokio::test]
async fn join_lets_a_withdrawn_member_come_back() {
    let mut repo = MockMemberRepository::new();
    repo.expect_find_by_user_key()
        .returning(|_| Ok(Some(member(MemberStatus::Withdrawn))));
    repo.expect_join()
        .times(1)
        .returning(|_| Ok(member(MemberStatus::Active)));
    let service = MemberService::new(Arc::new(repo), clock());
    assert!(service.join(join_request()).await.is_ok());
}

#[tokio::test]
async fn join_rejects_bad_phone_before_touching_storage() {
    let repo = MockMemberRepository::new();
    let service = MemberService::new(Arc::new(repo), clock());
    let err = service
        .join(JoinRequest {
            phone: "02-123-4567".into(),
            ..join_request()
        })
        .await
        .unwrap_err();
    assert!(
        matches!(err, MemberError::Invalid(ref v) if v.field == "phone"),
        "{err:?}"
    );
}

#[tokio::test]
async fn find_member_hides_withdrawn_rows_and_bad_keys() {
    let mut repo = MockMemberRepository::new();
    repo.expect_find_by_user_key()
        .returning(|_| Ok(Some(member(MemberStatus::Withdrawn))));
    let service = MemberService::new(Arc::new(repo), clock());
    assert!(service.find_member("user-7").await.unwrap().is_none());
    assert!(
        service
            .find_member(&"x".repeat(100))
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn change_phone_normalises_and_stores_digits() {
    let mut repo = MockMemberRepository::new();
    repo.expect_update_phone()
        .withf(|id, phone| *id == MemberId(7) && phone.digits() == "01099998888")
        .times(1)
        .returning(|_, _| Ok(()));
    let service = MemberService::new(Arc::new(repo), clock());
    let phone = service
        .change_phone(
            &member(MemberStatus::Active).into_active().unwrap(),
            "010 9999 8888",
        )
        .await
        .unwrap();
    assert_eq!(phone.formatted(), "010-9999-8888");
}

#[test]
fn only_an_active_member_may_write() {
    assert!(member(MemberStatus::Active).into_active().is_ok());
    assert!(matches!(
        member(MemberStatus::Suspended).into_active(),
        Err(MemberError::Suspended)
    ));
    assert!(matches!(
        member(MemberStatus::Withdrawn).into_active(),
        Err(MemberError::NotFound)
    ));
}

#[tokio::test]
async fn admin_update_validates_everything_before_writing() {
    let mut repo = MockMemberRepository::new();
    repo.expect_update_nickname().never();
    repo.expect_update_phone().never();
    let service = MemberService::new(Arc::new(repo), clock());
    let err = service
        .update(
            MemberId(7),
            MemberUpdate {
                nickname: Some("새이름".into()),
                phone: Some("02-123-4567".into()),
                grade: None,
            },
        )
        .await;
    assert!(matches!(err, Err(MemberError::Invalid(e)) if e.field == "phone"));
}

#[tokio::test]
async fn admin_update_writes_each_given_field() {
    let mut repo = MockMemberRepository::new();
    repo.expect_find_by_id()
        .returning(|_| Ok(Some(member(MemberStatus::Suspended))));
    repo.expect_update_nickname()
        .withf(|id, n| *id == MemberId(7) && n.as_str() == "새이름")
        .times(1)
        .returning(|_, _| Ok(()));
    repo.expect_update_phone().never();
    repo.expect_set_grade()
        .with(eq(MemberId(7)), eq(Grade::Diamond))
        .times(1)
        .returning(|_, _| Ok(()));
    let service = MemberService::new(Arc::new(repo), clock());
    let update = MemberUpdate {
        nickname: Some("새이름".into()),
        phone: None,
        grade: Some(Grade::Diamond),
    };
    assert!(service.update(MemberId(7), update).await.is_ok());
}

#[tokio::test]
async fn suspend_sets_the_status() {
    let mut repo = MockMemberRepository::new();
    repo.expect_set_status()
        .with(eq(MemberId(7)), eq(MemberStatus::Suspended))
        .times(1)
        .returning(|_, _| Ok(()));
    repo.expect_find_by_id()
        .returning(|_| Ok(Some(member(MemberStatus::Suspended))));
    let service = MemberService::new(Arc::new(repo), clock());
    let got = service.set_suspended(MemberId(7), true).await.unwrap();
    assert_eq!(got.status, MemberStatus::Suspended);
}

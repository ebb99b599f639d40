use std::sync::Arc;

use chrono::{TimeZone, Utc};
use junggye_domain_common::clock::MockClock;

use super::*;

fn clock() -> Arc<MockClock> {
    let mut clock = MockClock::new();
    clock
        .expect_now()
        .returning(|| Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap());
    Arc::new(clock)
}

fn account(disabled: bool) -> AdminAccount {
    AdminAccount {
        id: AdminId(1),
        username: "root".into(),
        role: AdminRole::Admin,
        password_hash: "hash-of-right".into(),
        disabled,
        created_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        last_login_at: None,
    }
}

/// A hasher whose "hash" of `p` is `hash-of-p`, counting verifications.
fn hasher(verifications: usize) -> MockPasswordHasher {
    let mut hasher = MockPasswordHasher::new();
    hasher
        .expect_hash()
        .returning(|p| Ok(format!("hash-of-{p}")));
    hasher
        .expect_verify()
        .times(verifications)
        .returning(|p, h| h == format!("hash-of-{p}"));
    hasher
}

fn auth(repo: MockAdminRepository, hasher: MockPasswordHasher) -> AdminAuth {
    AdminAuth::new(Arc::new(repo), Arc::new(hasher), clock())
}

#[tokio::test]
async fn login_succeeds_and_records_it() {
    let mut repo = MockAdminRepository::new();
    repo.expect_find_by_username()
        .returning(|_| Ok(Some(account(false))));
    repo.expect_record_login().times(1).returning(|_, _| Ok(()));
    let got = auth(repo, hasher(1))
        .login(" Root ", "right")
        .await
        .unwrap();
    assert_eq!(got.id, AdminId(1));
}

#[tokio::test]
async fn unknown_user_still_costs_one_verification() {
    let mut repo = MockAdminRepository::new();
    repo.expect_find_by_username().returning(|_| Ok(None));
    let err = auth(repo, hasher(1)).login("nobody", "whatever").await;
    assert!(matches!(err, Err(AdminError::InvalidCredentials)));
}

#[tokio::test]
async fn wrong_password_and_disabled_account_are_the_same_refusal() {
    for (disabled, password) in [(false, "wrong"), (true, "right")] {
        let mut repo = MockAdminRepository::new();
        repo.expect_find_by_username()
            .returning(move |_| Ok(Some(account(disabled))));
        repo.expect_record_login().never();
        let err = auth(repo, hasher(1)).login("root", password).await;
        assert!(
            matches!(err, Err(AdminError::InvalidCredentials)),
            "{disabled}"
        );
    }
}

#[tokio::test]
async fn authorize_refuses_missing_and_disabled_accounts() {
    for found in [None, Some(account(true))] {
        let mut repo = MockAdminRepository::new();
        repo.expect_find_by_id()
            .returning(move |_| Ok(found.clone()));
        let err = auth(repo, hasher(0)).authorize(AdminId(1)).await;
        assert!(matches!(err, Err(AdminError::NotAuthorized)));
    }
}

#[tokio::test]
async fn create_checks_name_length_and_duplicates() {
    let repo = MockAdminRepository::new();
    let auth_ = auth(repo, hasher(0));
    assert!(matches!(
        auth_
            .create("a b", "long-enough-password", AdminRole::Admin)
            .await,
        Err(AdminError::InvalidUsername)
    ));
    assert!(matches!(
        auth_.create("root", "short", AdminRole::Admin).await,
        Err(AdminError::WeakPassword)
    ));

    let mut repo = MockAdminRepository::new();
    repo.expect_find_by_username()
        .returning(|_| Ok(Some(account(false))));
    assert!(matches!(
        auth(repo, hasher(0))
            .create("root", "long-enough-password", AdminRole::Admin)
            .await,
        Err(AdminError::Duplicate)
    ));

    let mut repo = MockAdminRepository::new();
    repo.expect_find_by_username().returning(|_| Ok(None));
    repo.expect_insert()
        .withf(|name, hash, role, _| {
            name.as_str() == "ops"
                && hash == "hash-of-long-enough-password"
                && *role == AdminRole::Viewer
        })
        .returning(|_, _, _, _| Ok(account(false)));
    assert!(
        auth(repo, hasher(0))
            .create("OPS", "long-enough-password", AdminRole::Viewer)
            .await
            .is_ok()
    );
}

#[test]
fn only_admins_may_change_anything_and_unknown_roles_are_not_read() {
    assert!(AdminRole::Admin.may_change());
    assert!(!AdminRole::Viewer.may_change());
    for role in [AdminRole::Admin, AdminRole::Viewer] {
        assert_eq!(AdminRole::from_code(role.code()), Some(role));
    }
    assert_eq!(AdminRole::from_code("Admin"), None);
    assert_eq!(AdminRole::from_code("root"), None);
}

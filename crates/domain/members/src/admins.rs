//! Admin accounts: who may use the admin API, and how they prove it.
//!
//! Password hashing is a port ([`PasswordHasher`]) so this crate stays free of crypto crates;
//! the admin HTTP adapter implements it with argon2.

use std::sync::{Arc, OnceLock};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_domain_common::Clock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AdminId(pub i64);

/// An admin login name: 3–32 characters of `a-z 0-9 _ . -`, kept lower-case so that `Root`
/// and `root` cannot become two accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminUsername(String);

impl AdminUsername {
    /// Longest name (the column is 32 characters).
    pub const MAX_CHARS: usize = 32;

    /// Trims, lower-cases and checks the characters.
    ///
    /// # Errors
    /// [`AdminError::InvalidUsername`].
    pub fn parse(raw: &str) -> Result<Self, AdminError> {
        let name = raw.trim().to_ascii_lowercase();
        let ok_chars = name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-'));
        if !(3..=Self::MAX_CHARS).contains(&name.len()) || !ok_chars {
            return Err(AdminError::InvalidUsername);
        }
        Ok(Self(name))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What an admin account may do: an admin reads and acts; a viewer only reads (support staff,
/// auditors), never cancels, refunds, suspends or edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminRole {
    Admin,
    Viewer,
}

impl AdminRole {
    /// As stored and as given to `admin create --role`.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Viewer => "viewer",
        }
    }

    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "admin" => Some(Self::Admin),
            "viewer" => Some(Self::Viewer),
            _ => None,
        }
    }

    /// Whether the account may change anything (every admin call that is not a read).
    #[must_use]
    pub fn may_change(self) -> bool {
        self == Self::Admin
    }
}

/// An admin account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminAccount {
    /// Database id (the JWT `sub`).
    pub id: AdminId,
    pub username: String,
    pub role: AdminRole,
    /// PHC string of the password hash.
    pub password_hash: String,
    /// A disabled account can neither log in nor use its tokens.
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    /// Last successful login.
    pub last_login_at: Option<DateTime<Utc>>,
}

/// Everything admin authentication can refuse.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// Unknown user, wrong password or disabled account: deliberately one answer for all.
    #[error("invalid username or password")]
    InvalidCredentials,
    /// The account behind a token is gone or disabled.
    #[error("admin account is missing or disabled")]
    NotAuthorized,
    /// The username is taken.
    #[error("an admin with that username already exists")]
    Duplicate,
    /// The username breaks the naming rule.
    #[error("username must be 3-32 characters of a-z, 0-9, '_', '.', '-'")]
    InvalidUsername,
    /// The password is too short or too long.
    #[error("password must be {min}-{max} characters", min = MIN_PASSWORD_CHARS, max = MAX_PASSWORD_CHARS)]
    WeakPassword,
    /// Storage or hashing failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Shortest accepted admin password.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest accepted password: argon2 takes any length, but a megabyte "password" is a DoS.
pub const MAX_PASSWORD_CHARS: usize = 256;

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait AdminRepository: Send + Sync {
    /// The account with this (normalised) username.
    ///
    /// # Errors
    /// [`AdminError::Unexpected`] on storage failure.
    async fn find_by_username(&self, username: &str) -> Result<Option<AdminAccount>, AdminError>;

    /// The account with this id (a primary-key lookup: it runs on every admin request).
    ///
    /// # Errors
    /// [`AdminError::Unexpected`] on storage failure.
    async fn find_by_id(&self, id: AdminId) -> Result<Option<AdminAccount>, AdminError>;

    /// Stores a new enabled account.
    ///
    /// # Errors
    /// MUST return [`AdminError::Duplicate`] when the username is taken, also under a race.
    async fn insert(
        &self,
        username: &AdminUsername,
        password_hash: &str,
        role: AdminRole,
        at: DateTime<Utc>,
    ) -> Result<AdminAccount, AdminError>;

    /// Records a successful login.
    ///
    /// # Errors
    /// [`AdminError::Unexpected`] on storage failure.
    async fn record_login(&self, id: AdminId, at: DateTime<Utc>) -> Result<(), AdminError>;
}

/// Password hashing (argon2 in production). Async because a good hash takes tens of
/// milliseconds of CPU: implementations run it off the request threads.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait PasswordHasher: Send + Sync {
    /// A self-describing hash (PHC string) with a fresh salt.
    ///
    /// # Errors
    /// When hashing fails.
    async fn hash(&self, password: &str) -> anyhow::Result<String>;

    /// Whether `password` matches `hash`; a malformed hash is simply no match.
    async fn verify(&self, password: &str, hash: &str) -> bool;
}

/// Admin login and account creation.
pub struct AdminAuth {
    repo: Arc<dyn AdminRepository>,
    hasher: Arc<dyn PasswordHasher>,
    clock: Arc<dyn Clock>,
    /// A hash of nothing in particular, verified against when the user does not exist so that
    /// unknown and known usernames take the same time to refuse.
    dummy_hash: OnceLock<String>,
}

impl AdminAuth {
    pub fn new(
        repo: Arc<dyn AdminRepository>,
        hasher: Arc<dyn PasswordHasher>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            repo,
            hasher,
            clock,
            dummy_hash: OnceLock::new(),
        }
    }

    /// Checks a username and password.
    ///
    /// # Errors
    /// [`AdminError::InvalidCredentials`] for any refusal (unknown user, wrong password,
    /// disabled account), always after one full hash verification.
    pub async fn login(&self, username: &str, password: &str) -> Result<AdminAccount, AdminError> {
        let account = match AdminUsername::parse(username) {
            Ok(name) => self.repo.find_by_username(name.as_str()).await?,
            Err(_) => None,
        };
        // Overlong input is refused before hashing, but only after the same amount of work.
        let password = if password.chars().count() > MAX_PASSWORD_CHARS {
            ""
        } else {
            password
        };
        let Some(account) = account else {
            let dummy = self.dummy_hash().await?;
            let _ = self.hasher.verify(password, &dummy).await;
            return Err(AdminError::InvalidCredentials);
        };
        let matches = self.hasher.verify(password, &account.password_hash).await;
        if !matches || account.disabled || password.is_empty() {
            return Err(AdminError::InvalidCredentials);
        }
        self.repo.record_login(account.id, self.clock.now()).await?;
        Ok(account)
    }

    /// The account a token names, if it may still act.
    ///
    /// # Errors
    /// [`AdminError::NotAuthorized`] when it is gone or disabled.
    pub async fn authorize(&self, id: AdminId) -> Result<AdminAccount, AdminError> {
        match self.repo.find_by_id(id).await? {
            Some(account) if !account.disabled => Ok(account),
            _ => Err(AdminError::NotAuthorized),
        }
    }

    /// Creates an account (the command line's `admin create`).
    ///
    /// # Errors
    /// [`AdminError::InvalidUsername`], [`AdminError::WeakPassword`], [`AdminError::Duplicate`].
    pub async fn create(
        &self,
        username: &str,
        password: &str,
        role: AdminRole,
    ) -> Result<AdminAccount, AdminError> {
        let username = AdminUsername::parse(username)?;
        let len = password.chars().count();
        if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&len) {
            return Err(AdminError::WeakPassword);
        }
        if self
            .repo
            .find_by_username(username.as_str())
            .await?
            .is_some()
        {
            return Err(AdminError::Duplicate);
        }
        let hash = self.hasher.hash(password).await?;
        self.repo
            .insert(&username, &hash, role, self.clock.now())
            .await
    }

    async fn dummy_hash(&self) -> Result<String, AdminError> {
        if let Some(hash) = self.dummy_hash.get() {
            return Ok(hash.clone());
        }
        let hash = self.hasher.hash("junggye-dummy-password").await?;
        // Two first logins may race here; either hash does the job.
        Ok(self.dummy_hash.get_or_init(|| hash).clone())
    }
}

#[cfg(test)]
mod tests;

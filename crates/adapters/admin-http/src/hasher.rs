//! [`PasswordHasher`] with argon2id (the crate's default parameters: 19 MiB, 2 passes).

use anyhow::{Context as _, anyhow};
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use async_trait::async_trait;
use junggye_members::PasswordHasher;

/// argon2id hashing, run on tokio's blocking pool: one hash is tens of milliseconds of CPU,
/// which must not stall the request threads.
#[derive(Debug, Clone, Copy, Default)]
pub struct Argon2Hasher;

#[async_trait]
impl PasswordHasher for Argon2Hasher {
    async fn hash(&self, password: &str) -> anyhow::Result<String> {
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || {
            Argon2::default()
                .hash_password(password.as_bytes())
                .map(|hash| hash.to_string())
                .map_err(|e| anyhow!("argon2 hashing failed: {e}"))
        })
        .await
        .context("argon2 hashing task")?
    }

    async fn verify(&self, password: &str, hash: &str) -> bool {
        let password = password.to_owned();
        let hash = hash.to_owned();
        tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash).is_ok_and(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
        })
        .await
        .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_differ_per_salt() {
        let hasher = Argon2Hasher;
        let a = hasher.hash("correct horse battery").await.unwrap();
        let b = hasher.hash("correct horse battery").await.unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b);
        assert!(hasher.verify("correct horse battery", &a).await);
        assert!(!hasher.verify("wrong", &a).await);
        assert!(!hasher.verify("x", "not a hash").await);
    }
}

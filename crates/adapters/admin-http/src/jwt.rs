//! Access tokens: HS256 JWTs with `iss`, `sub`, `iat`, `exp`.

use std::time::Duration;

use anyhow::{Context as _, bail};
use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use junggye_members::AdminId;
use rand::RngCore as _;
use serde::{Deserialize, Serialize};

/// The `iss` of every token we sign and the only one we accept.
pub const ISSUER: &str = "junggye";
/// HS256 keys shorter than the hash output make brute force cheaper (RFC 7518 §3.2).
pub const MIN_SECRET_BYTES: usize = 32;
/// Clock skew tolerated on `exp`; small, since issuer and verifier are the same servers.
const LEEWAY_SECS: u64 = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The admin account id, as a string (RFC 7519 wants a string `sub`).
    pub sub: String,
    /// Issuer, always [`ISSUER`].
    pub iss: String,
    /// Issued at, Unix seconds.
    pub iat: i64,
    /// Expires at, Unix seconds.
    pub exp: i64,
}

/// Signing and verification keys plus the rules tokens must meet.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtKeys")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

impl JwtKeys {
    /// Keys from the configured secret.
    ///
    /// An empty secret outside production gets a random one (with a warning: tokens then die
    /// with the process and differ between instances).
    ///
    /// # Errors
    /// A secret shorter than [`MIN_SECRET_BYTES`], or an empty one in production.
    pub fn from_config(secret: &str, production: bool, ttl: Duration) -> anyhow::Result<Self> {
        let secret = secret.trim();
        if secret.is_empty() {
            if production {
                bail!(
                    "admin.jwt_secret is empty; production needs a secret of at least \
                     {MIN_SECRET_BYTES} bytes (APP__ADMIN__JWT_SECRET)"
                );
            }
            tracing::warn!(
                "admin.jwt_secret is empty: using a random one; admin tokens will not survive \
                 a restart nor work across instances"
            );
            let mut random = [0_u8; 48];
            rand::rng().fill_bytes(&mut random);
            return Ok(Self::from_secret(&random, ttl));
        }
        if secret.len() < MIN_SECRET_BYTES {
            bail!("admin.jwt_secret must be at least {MIN_SECRET_BYTES} bytes");
        }
        Ok(Self::from_secret(secret.as_bytes(), ttl))
    }

    /// Keys from raw secret bytes (no length check: callers go through [`Self::from_config`]).
    fn from_secret(secret: &[u8], ttl: Duration) -> Self {
        // `new(HS256)` restricts the accepted algorithms to exactly HS256, so `alg: none` and
        // RS/ES confusion tokens are refused before any signature check.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECS;
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "sub"]);
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl,
        }
    }

    #[must_use]
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Signs a token for this admin.
    ///
    /// # Errors
    /// When signing fails (a crypto provider problem, not bad input).
    pub fn issue(&self, admin: AdminId) -> anyhow::Result<String> {
        let now = Utc::now().timestamp();
        let ttl = i64::try_from(self.ttl.as_secs()).unwrap_or(i64::MAX);
        let claims = Claims {
            sub: admin.0.to_string(),
            iss: ISSUER.to_owned(),
            iat: now,
            exp: now.saturating_add(ttl),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .context("signing an admin token")
    }

    /// The admin a token names, if the token is valid.
    ///
    /// # Errors
    /// The reason it is not (kept for logs; clients only learn "unauthorized").
    pub fn verify(&self, token: &str) -> anyhow::Result<AdminId> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .context("invalid admin token")?;
        // A token that lives longer than this server issues was not issued by it as it is
        // configured now (a leaked secret, or a lifetime shortened since): refused, so a
        // shorter `admin.token_ttl_secs` takes effect on tokens already out there too.
        let ttl = i64::try_from(self.ttl.as_secs()).unwrap_or(i64::MAX);
        let now = Utc::now().timestamp();
        if data.claims.exp.saturating_sub(data.claims.iat) > ttl
            || data.claims.iat > now.saturating_add(LEEWAY_SECS.cast_signed())
        {
            anyhow::bail!("admin token lifetime exceeds admin.token_ttl_secs");
        }
        let id = data
            .claims
            .sub
            .parse::<i64>()
            .context("token sub is not an admin id")?;
        Ok(AdminId(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn a_token_living_longer_than_the_configured_lifetime_is_refused() {
        let keys = JwtKeys::from_config(SECRET, true, Duration::from_secs(3600)).unwrap();
        let now = Utc::now().timestamp();
        let forge = |iat: i64, exp: i64| {
            let claims = Claims {
                sub: "1".into(),
                iss: ISSUER.into(),
                iat,
                exp,
            };
            jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &keys.encoding).unwrap()
        };
        assert!(
            keys.verify(&forge(now, now + 3600)).is_ok(),
            "within the lifetime"
        );
        assert!(
            keys.verify(&forge(now, now + 10 * 365 * 86_400)).is_err(),
            "ten years"
        );
        assert!(
            keys.verify(&forge(now + 86_400, now + 86_400 + 60))
                .is_err(),
            "issued tomorrow"
        );
    }

    #[test]
    fn round_trip_and_secret_rules() {
        let keys = JwtKeys::from_config(SECRET, true, Duration::from_secs(60)).unwrap();
        let token = keys.issue(AdminId(42)).unwrap();
        assert_eq!(keys.verify(&token).unwrap(), AdminId(42));

        assert!(JwtKeys::from_config("", true, Duration::from_secs(60)).is_err());
        assert!(JwtKeys::from_config("short", false, Duration::from_secs(60)).is_err());
        let random = JwtKeys::from_config("", false, Duration::from_secs(60)).unwrap();
        assert!(
            random.verify(&token).is_err(),
            "another secret must not verify"
        );
    }
}

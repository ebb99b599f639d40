//! Pay links: `{public_base_url}/pay/{product_id}?token=…`, where the token is a compact HS256
//! JWT (HMAC-SHA256 over buyer, listing and expiry) made with a server secret. The URL carries
//! no user key, cannot be forged, dies after a short time, and names one listing only.

use std::time::Duration;

use chrono::Utc;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use junggye_orders::{MemberId, ProductId};
use serde::{Deserialize, Serialize};

/// `aud` of every pay token, so no other token signed with a related key passes as one.
const AUDIENCE: &str = "junggye-pay";
/// Clock skew tolerated on `exp`: signer and verifier are the same servers.
const LEEWAY_SECS: u64 = 5;

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    /// The buyer's member id.
    sub: String,
    /// The listing.
    pid: i64,
    aud: String,
    exp: i64,
}

/// Why a pay token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// Signed by us but past its expiry: the buyer should open the listing again.
    #[error("pay link expired")]
    Expired,
    /// Malformed, badly signed, or not a pay token.
    #[error("pay link invalid")]
    Invalid,
    /// A valid token for another listing.
    #[error("pay link for another listing")]
    OtherProduct,
}

/// Signs and checks pay links.
#[derive(Clone)]
pub struct PayLinks {
    base_url: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
}

impl std::fmt::Debug for PayLinks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PayLinks")
            .field("base_url", &self.base_url)
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

impl PayLinks {
    /// Links under `base_url` (`public_base_url`), signed with `secret`, valid for `ttl`.
    #[must_use]
    pub fn new(base_url: &str, secret: &[u8], ttl: Duration) -> Self {
        // `new(HS256)` accepts exactly HS256: `alg: none` and algorithm confusion are refused.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECS;
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "sub", "aud"]);
        Self {
            base_url: base_url.trim_end_matches('/').to_owned(),
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl,
        }
    }

    /// A token for `buyer` to pay for `product`.
    ///
    /// # Errors
    /// When signing fails (a crypto provider problem, not bad input).
    pub fn token(&self, buyer: MemberId, product: ProductId) -> anyhow::Result<String> {
        let ttl = i64::try_from(self.ttl.as_secs()).unwrap_or(i64::MAX);
        let claims = Claims {
            sub: buyer.0.to_string(),
            pid: product.0,
            aud: AUDIENCE.to_owned(),
            exp: Utc::now().timestamp().saturating_add(ttl),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| anyhow::Error::new(e).context("signing a pay link"))
    }

    /// The pay URL shown on the listing's detail card.
    ///
    /// # Errors
    /// As [`Self::token`].
    pub fn url(&self, buyer: MemberId, product: ProductId) -> anyhow::Result<String> {
        Ok(format!(
            "{}/pay/{}?token={}",
            self.base_url,
            product.0,
            self.token(buyer, product)?
        ))
    }

    /// The buyer a token names, if it is valid and for `product`.
    ///
    /// # Errors
    /// [`LinkError`] saying why not.
    pub fn verify(&self, token: &str, product: ProductId) -> Result<MemberId, LinkError> {
        let data = jsonwebtoken::decode::<Claims>(token.trim(), &self.decoding, &self.validation)
            .map_err(|e| match e.kind() {
            ErrorKind::ExpiredSignature => LinkError::Expired,
            _ => LinkError::Invalid,
        })?;
        if data.claims.pid != product.0 {
            return Err(LinkError::OtherProduct);
        }
        data.claims
            .sub
            .parse::<i64>()
            .map(MemberId)
            .map_err(|_| LinkError::Invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(secret: &[u8], ttl: Duration) -> PayLinks {
        PayLinks::new("http://x/", secret, ttl)
    }

    #[test]
    fn a_link_names_its_buyer_for_its_listing_only() {
        let l = links(
            b"k1-0123456789abcdef0123456789abcdef",
            Duration::from_secs(60),
        );
        let url = l.url(MemberId(7), ProductId(3)).unwrap();
        assert!(url.starts_with("http://x/pay/3?token="), "{url}");
        let token = url.split("token=").nth(1).unwrap();
        assert_eq!(l.verify(token, ProductId(3)), Ok(MemberId(7)));
        assert_eq!(l.verify(token, ProductId(4)), Err(LinkError::OtherProduct));
    }

    #[test]
    fn forged_expired_and_garbage_tokens_are_refused() {
        let ours = links(
            b"k1-0123456789abcdef0123456789abcdef",
            Duration::from_secs(60),
        );
        let theirs = links(
            b"k2-0123456789abcdef0123456789abcdef",
            Duration::from_secs(60),
        );
        let forged = theirs.token(MemberId(7), ProductId(3)).unwrap();
        assert_eq!(ours.verify(&forged, ProductId(3)), Err(LinkError::Invalid));
        assert_eq!(ours.verify("abc", ProductId(3)), Err(LinkError::Invalid));
        let old = Claims {
            sub: "7".into(),
            pid: 3,
            aud: AUDIENCE.into(),
            exp: Utc::now().timestamp() - 60,
        };
        let expired =
            jsonwebtoken::encode(&Header::new(Algorithm::HS256), &old, &ours.encoding).unwrap();
        assert_eq!(ours.verify(&expired, ProductId(3)), Err(LinkError::Expired));
    }
}

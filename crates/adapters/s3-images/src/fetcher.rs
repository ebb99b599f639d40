//! Downloads a photo from the Kakao CDN: allowlisted hosts only, resolving to public addresses
//! only (no SSRF, no proxy), every redirect re-checked, a streaming size cap, short timeouts, and the type sniffed from the bytes.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use junggye_products::images::{
    FetchedPhoto, ImageKind, MAX_PHOTO_BYTES, PhotoFetcher, PhotoRefusal,
};
use reqwest::redirect::{Attempt, Policy};
use url::Url;

use crate::allowlist::HostAllowlist;
use crate::resolver::{PrivateAddress, PublicOnlyResolver};

fn resolved_to_private(error: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if cause.is::<PrivateAddress>() {
            return true;
        }
        source = cause.source();
    }
    false
}

/// Connect and whole-download limit. Registration must answer inside Kakao's 5 s, and the
/// downloads of one batch run side by side, so each gets 3 s.
const TIMEOUT: Duration = Duration::from_secs(3);
/// CDNs may redirect once or twice; more is not a photo link.
const MAX_REDIRECTS: usize = 3;

pub struct HttpPhotoFetcher {
    client: reqwest::Client,
    allowlist: Arc<HostAllowlist>,
    max_bytes: usize,
}

impl HttpPhotoFetcher {
    /// A fetcher for the hosts of `allowlist`.
    ///
    /// # Errors
    /// The HTTP client cannot be built (TLS setup).
    pub fn new(allowlist: HostAllowlist) -> anyhow::Result<Self> {
        let allowlist = Arc::new(allowlist);
        let policy_list = Arc::clone(&allowlist);
        let policy = Policy::custom(move |attempt: Attempt<'_>| {
            if attempt.previous().len() > MAX_REDIRECTS {
                attempt.error("too many redirects")
            } else if policy_list.allows(attempt.url()) {
                attempt.follow()
            } else {
                attempt.error("redirect to a host that is not allowed")
            }
        });
        let client = reqwest::Client::builder()
            .redirect(policy)
            // A proxy from HTTP(S)_PROXY would do the resolving and connecting, past the check.
            .no_proxy()
            .dns_resolver(Arc::new(PublicOnlyResolver {
                allowlist: Arc::clone(&allowlist),
            }))
            .connect_timeout(TIMEOUT)
            .timeout(TIMEOUT)
            .build()?;
        Ok(Self {
            client,
            allowlist,
            max_bytes: MAX_PHOTO_BYTES,
        })
    }
}

#[async_trait]
impl PhotoFetcher for HttpPhotoFetcher {
    async fn fetch(&self, url: &str) -> Result<FetchedPhoto, PhotoRefusal> {
        let url = Url::parse(url).map_err(|_| PhotoRefusal::HostNotAllowed)?;
        if !self.allowlist.allows(&url) {
            return Err(PhotoRefusal::HostNotAllowed);
        }
        let mut response = self.client.get(url).send().await.map_err(|error| {
            if error.is_redirect() || resolved_to_private(&error) {
                PhotoRefusal::HostNotAllowed
            } else {
                tracing::info!(error = %error, "photo download failed");
                PhotoRefusal::DownloadFailed
            }
        })?;
        if !response.status().is_success() {
            tracing::info!(status = %response.status(), "photo download refused by the CDN");
            return Err(PhotoRefusal::DownloadFailed);
        }
        // An honest Content-Length lets us stop before reading; a lying one is caught below.
        if response
            .content_length()
            .is_some_and(|n| n > self.max_bytes as u64)
        {
            return Err(PhotoRefusal::TooBig);
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|error| {
            tracing::info!(error = %error, "photo download interrupted");
            PhotoRefusal::DownloadFailed
        })? {
            if bytes.len() + chunk.len() > self.max_bytes {
                return Err(PhotoRefusal::TooBig);
            }
            bytes.extend_from_slice(&chunk);
        }
        let kind = ImageKind::sniff(&bytes).ok_or(PhotoRefusal::NotAnImage)?;
        Ok(FetchedPhoto { bytes, kind })
    }
}

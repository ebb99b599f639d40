//! The image ports and the all-or-nothing photo pipeline.

use std::sync::Arc;

use async_trait::async_trait;
use futures_util::stream::{self, StreamExt, TryStreamExt};

use super::model::{FetchedPhoto, ImageError, ImageKind, PhotoRefusal, StoredImage, StoredObject};

/// Where our copies of photos live (S3 or the local disk). Objects are private: the app serves
/// them at `/images/{key}`.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ImageStore: Send + Sync {
    /// Stores `bytes` under a new unguessable key and returns it.
    ///
    /// # Errors
    /// [`ImageError::Unexpected`] on storage failure.
    async fn put(&self, bytes: Vec<u8>, kind: ImageKind) -> Result<StoredImage, ImageError>;

    /// The object under `key`, `None` when there is none.
    ///
    /// # Errors
    /// MUST return [`ImageError::InvalidKey`] for a key failing [`super::is_valid_key`] (without
    /// touching storage), [`ImageError::Unexpected`] on storage failure.
    async fn get(&self, key: &str) -> Result<Option<StoredObject>, ImageError>;

    /// Deletes the object; deleting a missing object succeeds (cleanup retries must converge).
    ///
    /// # Errors
    /// [`ImageError::InvalidKey`] for a malformed key, [`ImageError::Unexpected`] on failure.
    async fn delete(&self, key: &str) -> Result<(), ImageError>;

    /// The URL Kakao fetches the image from.
    fn public_url(&self, key: &str) -> String;
}

/// Downloads one photo from an allowed host, within size and time limits.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait PhotoFetcher: Send + Sync {
    /// The checked photo at `url`.
    ///
    /// # Errors
    /// MUST return [`PhotoRefusal::HostNotAllowed`] before any request when the host (or a
    /// redirect's host) is not allowed, [`PhotoRefusal::TooBig`] past the size cap whatever
    /// `Content-Length` says, [`PhotoRefusal::NotAnImage`] when the bytes are no JPEG/PNG/WebP/GIF,
    /// [`PhotoRefusal::DownloadFailed`] otherwise.
    async fn fetch(&self, url: &str) -> Result<FetchedPhoto, PhotoRefusal>;
}

/// Downloads, checks and stores a batch of photos, all or nothing.
pub struct PhotoPipeline {
    fetcher: Arc<dyn PhotoFetcher>,
    store: Arc<dyn ImageStore>,
    concurrency: usize,
}

impl PhotoPipeline {
    pub const MAX_PHOTOS: usize = 10;

    /// Downloads run all at once (bounded by [`Self::MAX_PHOTOS`]): the links expire in minutes
    /// and the reply must leave within Kakao's 5 s, so a second round of downloads would not fit.
    pub fn new(fetcher: Arc<dyn PhotoFetcher>, store: Arc<dyn ImageStore>) -> Self {
        Self {
            fetcher,
            store,
            concurrency: Self::MAX_PHOTOS,
        }
    }

    /// The store, for serving and deleting.
    #[must_use]
    pub fn store(&self) -> &Arc<dyn ImageStore> {
        &self.store
    }

    /// The URL Kakao fetches a stored image from.
    #[must_use]
    pub fn public_url(&self, key: &str) -> String {
        self.store.public_url(key)
    }

    /// Downloads every URL, then stores every photo; returns them in upload order.
    ///
    /// # Errors
    /// [`ImageError::NoPhotos`], [`ImageError::TooMany`] (more than `max`, checked before any
    /// download), [`ImageError::Refused`] naming the first refused photo (nothing is stored),
    /// [`ImageError::Unexpected`] when storing fails (what was stored is deleted again).
    pub async fn store_all(
        &self,
        urls: &[String],
        max: usize,
    ) -> Result<Vec<StoredImage>, ImageError> {
        if urls.is_empty() {
            return Err(ImageError::NoPhotos);
        }
        let max = max.min(Self::MAX_PHOTOS);
        if urls.len() > max {
            return Err(ImageError::TooMany {
                given: urls.len(),
                max,
            });
        }
        // The futures own what they use (Arc clones, owned URLs): a stream closure borrowing
        // `self` makes the whole future non-`Send` for actix handlers (a higher-ranked
        // lifetime limitation of rustc). `buffered` keeps upload order and `try_collect` stops at
        // the first refusal in that order, dropping (cancelling) the downloads still running.
        let downloads = urls.iter().cloned().enumerate().map(|(i, url)| {
            let fetcher = Arc::clone(&self.fetcher);
            async move {
                fetcher
                    .fetch(&url)
                    .await
                    .map_err(|reason| ImageError::Refused {
                        index: i + 1,
                        reason,
                    })
            }
        });
        let photos: Vec<FetchedPhoto> = stream::iter(downloads)
            .buffered(self.concurrency)
            .try_collect()
            .await?;

        let uploads = photos.into_iter().map(|photo| {
            let store = Arc::clone(&self.store);
            async move { store.put(photo.bytes, photo.kind).await }
        });
        let results: Vec<Result<StoredImage, ImageError>> = stream::iter(uploads)
            .buffered(self.concurrency)
            .collect()
            .await;
        let mut stored = Vec::with_capacity(results.len());
        let mut failure = None;
        for result in results {
            match result {
                Ok(image) => stored.push(image),
                Err(error) => failure = failure.or(Some(error)),
            }
        }
        if let Some(error) = failure {
            self.discard(&stored).await;
            return Err(error);
        }
        Ok(stored)
    }

    /// Deletes stored photos a caller could not use (e.g. saving the listing failed). Best
    /// effort: a failed delete is logged by the caller's cleanup later, never surfaced.
    pub async fn discard(&self, images: &[StoredImage]) {
        for image in images {
            // Nothing to tell the user; an object left behind only costs storage.
            let _ = self.store.delete(&image.key).await;
        }
    }
}

#[cfg(test)]
mod tests;

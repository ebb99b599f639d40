//! Deleting the objects of deleted listings and withdrawn members from the image store.
//!
//! Deletion is marked in the database inside the transaction that deletes the listing or the
//! member; the objects go later, here, because a store call must never hold a database
//! transaction open nor make a withdrawal fail.

use std::sync::Arc;

use async_trait::async_trait;

use super::model::ImageError;
use super::pipeline::ImageStore;

/// One object the database has given up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingDeletion {
    /// Opaque handle for [`ImageDeletionQueue::forget`] (which table and row it came from).
    pub marker: String,
    pub key: String,
    /// Another live row still shows this object (the demo seed gives many listings one photo):
    /// only the marker goes, the object stays.
    pub still_used: bool,
}

/// The database side of the cleanup.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ImageDeletionQueue: Send + Sync {
    /// Up to `limit` objects waiting for deletion, oldest first.
    ///
    /// # Errors
    /// [`ImageError::Unexpected`] on storage failure.
    async fn pending(&self, limit: u32) -> Result<Vec<PendingDeletion>, ImageError>;

    /// Forgets an object once it has left the store (removes its row).
    ///
    /// # Errors
    /// [`ImageError::Unexpected`] on storage failure.
    async fn forget(&self, pending: &PendingDeletion) -> Result<(), ImageError>;
}

/// Deletes what the queue lists from the store, then forgets it.
pub struct ImageCleanup {
    queue: Arc<dyn ImageDeletionQueue>,
    store: Arc<dyn ImageStore>,
}

impl ImageCleanup {
    /// Objects handled per pass; the next pass continues where this one stopped.
    pub const BATCH: u32 = 200;

    pub fn new(queue: Arc<dyn ImageDeletionQueue>, store: Arc<dyn ImageStore>) -> Self {
        Self { queue, store }
    }

    /// One pass; returns how many objects were deleted. An object whose deletion fails stays
    /// queued for the next pass; a malformed key can never be deleted, so it is forgotten.
    ///
    /// # Errors
    /// [`ImageError::Unexpected`] when the queue cannot be read or updated.
    pub async fn run_once(&self) -> Result<usize, ImageError> {
        let mut deleted = 0;
        for pending in self.queue.pending(Self::BATCH).await? {
            if pending.still_used {
                self.queue.forget(&pending).await?;
                continue;
            }
            match self.store.delete(&pending.key).await {
                Ok(()) => deleted += 1,
                Err(ImageError::InvalidKey) => {}
                Err(_) => continue,
            }
            self.queue.forget(&pending).await?;
        }
        Ok(deleted)
    }
}

#[cfg(test)]
mod tests {
    use super::super::pipeline::MockImageStore;
    use super::*;

    fn pending(key: &str) -> PendingDeletion {
        PendingDeletion {
            marker: format!("m:{key}"),
            key: key.into(),
            still_used: false,
        }
    }

    #[tokio::test]
    async fn deletes_then_forgets_and_keeps_failures_queued() {
        let mut queue = MockImageDeletionQueue::new();
        queue
            .expect_pending()
            .returning(|_| Ok(vec![pending("a.jpg"), pending("b.jpg"), pending("../x")]));
        queue
            .expect_forget()
            .withf(|p| p.key == "a.jpg" || p.key == "../x")
            .times(2)
            .returning(|_| Ok(()));
        let mut store = MockImageStore::new();
        store.expect_delete().returning(|key| match key {
            "a.jpg" => Ok(()),
            "b.jpg" => Err(ImageError::Unexpected(anyhow::anyhow!("s3 down"))),
            _ => Err(ImageError::InvalidKey),
        });
        let cleanup = ImageCleanup::new(Arc::new(queue), Arc::new(store));
        assert_eq!(cleanup.run_once().await.ok(), Some(1));
    }

    #[tokio::test]
    async fn forgets_an_object_still_in_use_without_deleting_it() {
        let mut queue = MockImageDeletionQueue::new();
        queue.expect_pending().returning(|_| {
            Ok(vec![PendingDeletion {
                still_used: true,
                ..pending("shared.png")
            }])
        });
        queue
            .expect_forget()
            .withf(|p| p.key == "shared.png")
            .times(1)
            .returning(|_| Ok(()));
        let mut store = MockImageStore::new();
        store.expect_delete().never();
        let cleanup = ImageCleanup::new(Arc::new(queue), Arc::new(store));
        assert_eq!(cleanup.run_once().await.ok(), Some(0));
    }
}

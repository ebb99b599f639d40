//! Photos: downloading the secure-image plugin's short-lived CDN URLs, checking them, and
//! keeping our own copy in an image store.
//!
//! The plugin's URLs expire within minutes, so photos are fetched at once, all of them
//! concurrently, and a batch is all-or-nothing: one refused photo refuses the whole listing (with
//! the reason and which photo), and a failure half-way deletes what was already stored.
//! Parsing the plugin value is the skill adapter's job; this module only sees URLs.

mod cleanup;
mod model;
mod pipeline;

#[cfg(any(test, feature = "mocks"))]
pub use cleanup::MockImageDeletionQueue;
pub use cleanup::{ImageCleanup, ImageDeletionQueue, PendingDeletion};
pub use model::{
    FetchedPhoto, ImageError, ImageKind, MAX_PHOTO_BYTES, PhotoRefusal, StoredImage, StoredObject,
    is_valid_key,
};
pub use pipeline::{ImageStore, PhotoFetcher, PhotoPipeline};
#[cfg(any(test, feature = "mocks"))]
pub use pipeline::{MockImageStore, MockPhotoFetcher};

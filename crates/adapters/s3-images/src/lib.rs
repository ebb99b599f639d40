//! Image adapters: where photos are kept ([`S3ImageStore`], [`LocalImageStore`]) and how they are
//! downloaded from the Kakao CDN ([`HttpPhotoFetcher`]).
//!
//! Objects stay private in both stores; the app serves them at `/images/{key}`, so one URL shape
//! works for either store and nothing needs a public bucket or presigned URLs that expire.

mod allowlist;
mod fetcher;
mod keys;
mod local;
mod resolver;
mod s3;

pub use allowlist::HostAllowlist;
pub use fetcher::HttpPhotoFetcher;
pub use local::LocalImageStore;
pub use s3::{S3Config, S3ImageStore};

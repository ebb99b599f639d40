//! Image store adapters: S3 via rust-s3, and the local disk store.

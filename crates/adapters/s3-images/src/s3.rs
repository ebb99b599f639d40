//! Photos in an S3-compatible bucket through rust-s3: private objects, custom endpoint, path
//! style (docs/conventions.md, toolchain).

use anyhow::Context;
use async_trait::async_trait;
use junggye_products::images::{ImageError, ImageKind, ImageStore, StoredImage, StoredObject};
use s3::creds::Credentials;
use s3::error::S3Error;
use s3::{Bucket, BucketConfiguration, Region};

use crate::keys;

/// Every object lives under this prefix, so the bucket can be shared with other data.
const PREFIX: &str = "images/";

/// Connection settings (the app's `s3.*` keys).
#[derive(Debug, Clone)]
pub struct S3Config {
    /// Custom endpoint (`http://127.0.0.1:9100`); empty for AWS.
    pub endpoint: String,
    /// Region name; part of the signature, must match the server's.
    pub region: String,
    pub bucket: String,
    pub access_key: String,
    pub secret_key: String,
    /// Path-style addressing (most S3-compatible servers need it).
    pub path_style: bool,
}

/// Objects in one bucket, served by the app.
pub struct S3ImageStore {
    bucket: Box<Bucket>,
    region: Region,
    credentials: Credentials,
    path_style: bool,
    public_base_url: String,
}

impl S3ImageStore {
    /// A store for `config.bucket`; no request is made.
    ///
    /// # Errors
    /// A malformed region or credentials.
    pub fn new(config: &S3Config, public_base_url: impl Into<String>) -> anyhow::Result<Self> {
        let region = if config.endpoint.trim().is_empty() {
            config
                .region
                .parse()
                .with_context(|| format!("s3.region {:?}", config.region))?
        } else {
            Region::Custom {
                region: config.region.clone(),
                endpoint: config.endpoint.trim_end_matches('/').to_owned(),
            }
        };
        let credentials = Credentials::new(
            Some(&config.access_key),
            Some(&config.secret_key),
            None,
            None,
            None,
        )
        .context("s3 credentials")?;
        let mut bucket = Bucket::new(&config.bucket, region.clone(), credentials.clone())
            .context("s3 bucket")?;
        if config.path_style {
            bucket = bucket.with_path_style();
        }
        Ok(Self {
            bucket,
            region,
            credentials,
            path_style: config.path_style,
            public_base_url: public_base_url.into(),
        })
    }

    /// Creates the bucket unless it exists. Not `Bucket::exists`: it fails on s3s-fs
    /// (docs/conventions.md, toolchain); "already exists" (409) counts as success.
    ///
    /// # Errors
    /// Any other failure.
    pub async fn ensure_bucket(&self) -> anyhow::Result<()> {
        let config = BucketConfiguration::default();
        let name = &self.bucket.name;
        let created = if self.path_style {
            Bucket::create_with_path_style(
                name,
                self.region.clone(),
                self.credentials.clone(),
                config,
            )
            .await
        } else {
            Bucket::create(name, self.region.clone(), self.credentials.clone(), config).await
        };
        match created {
            Ok(_) | Err(S3Error::HttpFailWithBody(409, _)) => Ok(()),
            Err(error) => Err(anyhow::Error::new(error).context(format!("creating bucket {name}"))),
        }
    }

    fn object(key: &str) -> Result<String, ImageError> {
        Ok(format!("{PREFIX}{}", keys::checked(key)?))
    }
}

#[async_trait]
impl ImageStore for S3ImageStore {
    async fn put(&self, bytes: Vec<u8>, kind: ImageKind) -> Result<StoredImage, ImageError> {
        let key = keys::new_key(kind);
        // No ACL header: objects stay private (the seed made every photo public-read).
        self.bucket
            .put_object_with_content_type(Self::object(&key)?, &bytes, kind.content_type())
            .await
            .context("putting an image to S3")?;
        Ok(StoredImage {
            key,
            content_type: kind.content_type().to_owned(),
            size: bytes.len() as u64,
        })
    }

    async fn get(&self, key: &str) -> Result<Option<StoredObject>, ImageError> {
        let object = Self::object(key)?;
        match self.bucket.get_object(&object).await {
            Ok(response) => Ok(Some(StoredObject {
                bytes: response.to_vec(),
                content_type: keys::content_type_of(key).to_owned(),
            })),
            Err(S3Error::HttpFailWithBody(404, _)) => Ok(None),
            Err(error) => Err(anyhow::Error::new(error)
                .context("getting an image from S3")
                .into()),
        }
    }

    async fn delete(&self, key: &str) -> Result<(), ImageError> {
        let object = Self::object(key)?;
        match self.bucket.delete_object(&object).await {
            Ok(_) | Err(S3Error::HttpFailWithBody(404, _)) => Ok(()),
            Err(error) => Err(anyhow::Error::new(error)
                .context("deleting an image from S3")
                .into()),
        }
    }

    fn public_url(&self, key: &str) -> String {
        keys::public_url(&self.public_base_url, key)
    }
}

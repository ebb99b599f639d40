//! The embedded default: photos as files in one directory.

use std::io::ErrorKind;
use std::path::PathBuf;

use anyhow::Context;
use async_trait::async_trait;
use junggye_products::images::{ImageError, ImageKind, ImageStore, StoredImage, StoredObject};

use crate::keys;

/// Files under `images.dir`, named by their key.
pub struct LocalImageStore {
    dir: PathBuf,
    public_base_url: String,
}

impl LocalImageStore {
    /// A store in `dir` (created on first write) whose images are served under
    /// `{public_base_url}/images/`.
    pub fn new(dir: impl Into<PathBuf>, public_base_url: impl Into<String>) -> Self {
        Self {
            dir: dir.into(),
            public_base_url: public_base_url.into(),
        }
    }

    /// Keys are single checked segments, so the path can never leave `dir`.
    fn path(&self, key: &str) -> Result<PathBuf, ImageError> {
        Ok(self.dir.join(keys::checked(key)?))
    }
}

#[async_trait]
impl ImageStore for LocalImageStore {
    async fn put(&self, bytes: Vec<u8>, kind: ImageKind) -> Result<StoredImage, ImageError> {
        tokio::fs::create_dir_all(&self.dir)
            .await
            .with_context(|| format!("creating {}", self.dir.display()))?;
        let key = keys::new_key(kind);
        let path = self.path(&key)?;
        // Write then rename, so a reader never sees a half-written photo.
        let partial = self.dir.join(format!(".{key}.partial"));
        tokio::fs::write(&partial, &bytes)
            .await
            .with_context(|| format!("writing {}", partial.display()))?;
        tokio::fs::rename(&partial, &path)
            .await
            .with_context(|| format!("renaming to {}", path.display()))?;
        Ok(StoredImage {
            key,
            content_type: kind.content_type().to_owned(),
            size: bytes.len() as u64,
        })
    }

    async fn get(&self, key: &str) -> Result<Option<StoredObject>, ImageError> {
        let path = self.path(key)?;
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(Some(StoredObject {
                bytes,
                content_type: keys::content_type_of(key).to_owned(),
            })),
            Err(error) if error.kind() == ErrorKind::NotFound => Ok(None),
            Err(error) => Err(anyhow::Error::new(error)
                .context(format!("reading {}", path.display()))
                .into()),
        }
    }

    async fn delete(&self, key: &str) -> Result<(), ImageError> {
        let path = self.path(key)?;
        match tokio::fs::remove_file(&path).await {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == ErrorKind::NotFound => Ok(()),
            Err(error) => Err(anyhow::Error::new(error)
                .context(format!("deleting {}", path.display()))
                .into()),
        }
    }

    fn public_url(&self, key: &str) -> String {
        keys::public_url(&self.public_base_url, key)
    }
}

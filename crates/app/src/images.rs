//! Photos: the image store chosen by `images.backend`, the photo pipeline, `GET /images/{key}`,
//! and the cleanup task that removes the objects of deleted listings and withdrawn members.

use std::sync::Arc;
use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use anyhow::Context;
use junggye_mysql::SeaImageDeletionQueue;
use junggye_products::images::{ImageCleanup, ImageError, ImageStore, PhotoPipeline, is_valid_key};
use junggye_s3_images::{HostAllowlist, HttpPhotoFetcher, LocalImageStore, S3Config, S3ImageStore};
use sea_orm::DatabaseConnection;
use secrecy::ExposeSecret;

use crate::background::{Background, Job};
use crate::config::Settings;

/// How often the cleanup pass runs; deleted photos linger at most this long.
const CLEANUP_EVERY: Duration = Duration::from_secs(600);
/// Browsers and Kakao may keep an image a day; keys never change content, `private` keeps
/// shared caches from holding personal photos.
const CACHE_CONTROL: &str = "private, max-age=86400";

/// The wired photo side of the app.
pub struct Images {
    pub store: Arc<dyn ImageStore>,
    /// Download, check, store.
    pub pipeline: Arc<PhotoPipeline>,
    /// Deletes given-up objects.
    pub cleanup: Arc<ImageCleanup>,
}

impl Images {
    /// Builds the store from `images.backend` and the fetcher from `images.allowed_hosts` plus
    /// `extra_hosts` (the app's own address while the playground is enabled).
    /// For S3 the bucket is created in the background if missing (a failure is only logged:
    /// production buckets are usually created by the operator, with narrower credentials).
    ///
    /// # Errors
    /// An unknown backend or a malformed S3 configuration.
    pub fn build(
        settings: &Settings,
        db: &DatabaseConnection,
        extra_hosts: &[String],
    ) -> anyhow::Result<Self> {
        let base = settings.public_base_url.clone();
        let store: Arc<dyn ImageStore> = match settings.images.backend.as_str() {
            "local" => Arc::new(LocalImageStore::new(&settings.images.dir, base)),
            "s3" => {
                let s3 = &settings.s3;
                let store = Arc::new(S3ImageStore::new(
                    &S3Config {
                        endpoint: s3.endpoint.clone(),
                        region: s3.region.clone(),
                        bucket: s3.bucket.clone(),
                        access_key: s3.access_key.clone(),
                        secret_key: s3.secret_key.expose_secret().to_owned(),
                        path_style: s3.path_style,
                    },
                    base,
                )?);
                let creating = Arc::clone(&store);
                tokio::spawn(async move {
                    if let Err(error) = creating.ensure_bucket().await {
                        tracing::warn!(error = ?error, "could not create the S3 bucket");
                    }
                });
                store
            }
            other => anyhow::bail!("images.backend must be \"local\" or \"s3\", not {other:?}"),
        };
        let hosts: Vec<&str> = settings
            .images
            .allowed_hosts
            .iter()
            .chain(extra_hosts)
            .map(String::as_str)
            .collect();
        let fetcher = HttpPhotoFetcher::new(HostAllowlist::new(&hosts))
            .context("building the photo fetcher")?;
        let pipeline = Arc::new(PhotoPipeline::new(Arc::new(fetcher), Arc::clone(&store)));
        let cleanup = Arc::new(ImageCleanup::new(
            Arc::new(SeaImageDeletionQueue::new(db.clone())),
            Arc::clone(&store),
        ));
        Ok(Self {
            store,
            pipeline,
            cleanup,
        })
    }

    /// Runs the cleanup every [`CLEANUP_EVERY`] among `background`'s jobs. A pass that shutdown
    /// gives up on simply runs again at the next start.
    pub fn start_cleanup(&self, background: &mut Background) {
        let cleanup = Arc::clone(&self.cleanup);
        background.every(
            Job {
                kind: "image job",
                name: "image cleanup",
            },
            CLEANUP_EVERY,
            move || {
                let cleanup = Arc::clone(&cleanup);
                async move {
                    let deleted = cleanup.run_once().await?;
                    if deleted > 0 {
                        tracing::info!(deleted, "deleted given-up images");
                    }
                    Ok::<(), ImageError>(())
                }
            },
        );
    }
}

/// The store as actix app data for [`serve`].
pub struct ImageServing(pub Arc<dyn ImageStore>);

/// `GET /images/{key}`: a stored photo, private to whoever has the unguessable key.
pub async fn serve(serving: web::Data<ImageServing>, key: web::Path<String>) -> HttpResponse {
    let key = key.into_inner();
    // Checked here too so a traversal attempt never reaches a store.
    if !is_valid_key(&key) {
        return not_found();
    }
    match serving.0.get(&key).await {
        Ok(Some(object)) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, object.content_type))
            .insert_header((header::CACHE_CONTROL, CACHE_CONTROL))
            .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .body(object.bytes),
        Ok(None) => not_found(),
        Err(error) => {
            tracing::error!(key, error = ?error, "reading an image failed");
            HttpResponse::InternalServerError().json(serde_json::json!({
                "error": "internal",
                "message": "could not read the image",
            }))
        }
    }
}

fn not_found() -> HttpResponse {
    HttpResponse::NotFound().json(serde_json::json!({
        "error": "not_found",
        "message": "no such image",
    }))
}

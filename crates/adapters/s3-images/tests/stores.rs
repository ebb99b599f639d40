//! Both image stores through the same contract: the local store on a temp dir, the S3 store
#![expect(
    clippy::unwrap_used,
    reason = "helpers outside #[test] fns: a panic is the failure report"
)]
//! against a real S3-compatible server (s3s-fs; env TEST_S3_*).

use junggye_products::images::{ImageError, ImageKind, ImageStore};
use junggye_s3_images::{LocalImageStore, S3Config, S3ImageStore};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

async fn contract(store: &dyn ImageStore) {
    let stored = store.put(PNG.to_vec(), ImageKind::Png).await.unwrap();
    assert_eq!(stored.content_type, "image/png");
    assert_eq!(stored.size, PNG.len() as u64);
    assert!(stored.key.ends_with(".png"));
    assert!(
        store
            .public_url(&stored.key)
            .ends_with(&format!("/images/{}", stored.key))
    );

    let object = store.get(&stored.key).await.unwrap().unwrap();
    assert_eq!(object.bytes, PNG);
    assert_eq!(object.content_type, "image/png");

    let other = store.put(PNG.to_vec(), ImageKind::Png).await.unwrap();
    assert_ne!(other.key, stored.key);

    store.delete(&stored.key).await.unwrap();
    assert!(store.get(&stored.key).await.unwrap().is_none());
    // Deleting twice converges (the cleanup job may retry).
    store.delete(&stored.key).await.unwrap();
    assert!(store.get("0123456789abcdef.jpg").await.unwrap().is_none());

    for bad in ["../Cargo.toml", "a/b.png", "..", ".partial", "%2e%2e"] {
        assert!(
            matches!(store.get(bad).await, Err(ImageError::InvalidKey)),
            "{bad}"
        );
        assert!(matches!(
            store.delete(bad).await,
            Err(ImageError::InvalidKey)
        ));
    }
    store.delete(&other.key).await.unwrap();
}

#[tokio::test]
async fn local_store_keeps_files_in_its_directory() {
    let dir = std::env::temp_dir().join(format!("junggye-images-{}", std::process::id()));
    let store = LocalImageStore::new(&dir, "http://127.0.0.1:8080/");
    contract(&store).await;
    let stored = store.put(PNG.to_vec(), ImageKind::Png).await.unwrap();
    assert_eq!(std::fs::read(dir.join(&stored.key)).unwrap(), PNG);
    let _ = std::fs::remove_dir_all(&dir);
}

fn s3_config() -> Option<S3Config> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (Some(endpoint), Some(access_key), Some(secret_key)) = (
        var("TEST_S3_ENDPOINT"),
        var("TEST_S3_ACCESS_KEY"),
        var("TEST_S3_SECRET_KEY"),
    ) else {
        if std::env::var("JUNGGYE_REQUIRE_SERVICES").as_deref() == Ok("1") {
            panic!(
                "JUNGGYE_REQUIRE_SERVICES=1 but TEST_S3_ENDPOINT/ACCESS_KEY/SECRET_KEY are not set"
            );
        }
        eprintln!(
            "skipping the S3 store test: TEST_S3_ENDPOINT is not set (scripts/services.sh up)"
        );
        return None;
    };
    Some(S3Config {
        endpoint,
        region: var("TEST_S3_REGION").unwrap_or_else(|| "us-east-1".into()),
        bucket: format!("junggye-test-{}", uuid_like()),
        access_key,
        secret_key,
        path_style: true,
    })
}

fn uuid_like() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{:x}{:x}", std::process::id(), nanos)
}

#[tokio::test]
async fn s3_store_against_a_real_server() {
    let Some(config) = s3_config() else { return };
    let store = S3ImageStore::new(&config, "http://127.0.0.1:8080").unwrap();
    store.ensure_bucket().await.unwrap();
    // Idempotent: a second start finds the bucket.
    store.ensure_bucket().await.unwrap();
    contract(&store).await;
}

#[tokio::test]
async fn s3_store_with_a_wrong_secret_fails_loudly() {
    let Some(mut config) = s3_config() else {
        return;
    };
    let good = S3ImageStore::new(&config, "http://x").unwrap();
    good.ensure_bucket().await.unwrap();
    config.secret_key = "wrong-secret".into();
    let bad = S3ImageStore::new(&config, "http://x").unwrap();
    assert!(matches!(
        bad.put(PNG.to_vec(), ImageKind::Png).await,
        Err(ImageError::Unexpected(_))
    ));
}

use std::sync::Mutex;
use std::time::Duration;

use super::*;

fn urls(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("https://dn.kakaocdn.net/p{i}.jpg"))
        .collect()
}

fn jpeg() -> FetchedPhoto {
    FetchedPhoto {
        bytes: vec![0xFF, 0xD8, 0xFF, 0xE0],
        kind: ImageKind::Jpeg,
    }
}

fn stored(n: usize) -> StoredImage {
    StoredImage {
        key: format!("k{n}.jpg"),
        content_type: "image/jpeg".into(),
        size: 4,
    }
}

fn counting_store(fail_on: Option<usize>, deleted: Arc<Mutex<Vec<String>>>) -> MockImageStore {
    let calls = Arc::new(Mutex::new(0usize));
    let mut store = MockImageStore::new();
    store.expect_put().returning(move |_, _| {
        let mut n = calls.lock().unwrap_or_else(|e| e.into_inner());
        *n += 1;
        if Some(*n) == fail_on {
            Err(ImageError::Unexpected(anyhow::anyhow!("disk full")))
        } else {
            Ok(stored(*n))
        }
    });
    store.expect_delete().returning(move |key| {
        deleted
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(key.to_owned());
        Ok(())
    });
    store
}

#[tokio::test]
async fn stores_every_photo_in_upload_order() {
    let mut fetcher = MockPhotoFetcher::new();
    fetcher.expect_fetch().times(3).returning(|_| Ok(jpeg()));
    let deleted = Arc::new(Mutex::new(Vec::new()));
    let pipeline = PhotoPipeline::new(
        Arc::new(fetcher),
        Arc::new(counting_store(None, deleted.clone())),
    );
    let images = pipeline.store_all(&urls(3), 10).await.unwrap();
    assert_eq!(images.len(), 3);
    assert!(deleted.lock().unwrap().is_empty());
}

#[tokio::test]
async fn refuses_empty_and_oversized_batches_before_downloading() {
    let mut fetcher = MockPhotoFetcher::new();
    fetcher.expect_fetch().never();
    let mut store = MockImageStore::new();
    store.expect_put().never();
    let pipeline = PhotoPipeline::new(Arc::new(fetcher), Arc::new(store));
    assert!(matches!(
        pipeline.store_all(&[], 10).await,
        Err(ImageError::NoPhotos)
    ));
    assert!(matches!(
        pipeline.store_all(&urls(11), 10).await,
        Err(ImageError::TooMany { given: 11, max: 10 })
    ));
    assert!(matches!(
        pipeline.store_all(&urls(2), 1).await,
        Err(ImageError::TooMany { given: 2, max: 1 })
    ));
}

#[tokio::test]
async fn one_refused_photo_refuses_the_batch_and_stores_nothing() {
    let mut fetcher = MockPhotoFetcher::new();
    fetcher.expect_fetch().returning(|url| {
        if url.ends_with("p1.jpg") {
            Err(PhotoRefusal::NotAnImage)
        } else {
            Ok(jpeg())
        }
    });
    let mut store = MockImageStore::new();
    store.expect_put().never();
    let pipeline = PhotoPipeline::new(Arc::new(fetcher), Arc::new(store));
    let err = pipeline.store_all(&urls(4), 10).await.unwrap_err();
    assert!(
        matches!(
            err,
            ImageError::Refused {
                index: 2,
                reason: PhotoRefusal::NotAnImage
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_failed_store_deletes_what_was_stored() {
    let mut fetcher = MockPhotoFetcher::new();
    fetcher.expect_fetch().returning(|_| Ok(jpeg()));
    let deleted = Arc::new(Mutex::new(Vec::new()));
    let pipeline = PhotoPipeline::new(
        Arc::new(fetcher),
        Arc::new(counting_store(Some(2), deleted.clone())),
    );
    let err = pipeline.store_all(&urls(3), 10).await.unwrap_err();
    assert!(matches!(err, ImageError::Unexpected(_)));
    let mut deleted = deleted.lock().unwrap().clone();
    deleted.sort();
    assert_eq!(deleted, vec!["k1.jpg", "k3.jpg"]);
}

/// Ten photos that each take 200 ms arrive in about 200 ms, not 2 s.
#[tokio::test]
async fn downloads_run_concurrently() {
    struct Slow;
    #[async_trait]
    impl PhotoFetcher for Slow {
        async fn fetch(&self, _url: &str) -> Result<FetchedPhoto, PhotoRefusal> {
            tokio::time::sleep(Duration::from_millis(200)).await;
            Ok(jpeg())
        }
    }
    let deleted = Arc::new(Mutex::new(Vec::new()));
    let pipeline = PhotoPipeline::new(Arc::new(Slow), Arc::new(counting_store(None, deleted)));
    let started = std::time::Instant::now();
    let images = pipeline.store_all(&urls(10), 10).await.unwrap();
    assert_eq!(images.len(), 10);
    assert!(started.elapsed() < Duration::from_millis(1000));
}

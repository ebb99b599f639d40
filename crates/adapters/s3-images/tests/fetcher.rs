//! The photo fetcher against a local HTTP server standing in for the Kakao CDN.
#![expect(
    clippy::unwrap_used,
    reason = "helpers outside #[test] fns: a panic is the failure report"
)]

use junggye_products::images::{ImageKind, PhotoFetcher, PhotoRefusal};
use junggye_s3_images::{HostAllowlist, HttpPhotoFetcher};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'];

fn fetcher_for(server: &MockServer) -> HttpPhotoFetcher {
    let host = server.address().to_string();
    HttpPhotoFetcher::new(HostAllowlist::new(&[host])).unwrap()
}

#[tokio::test]
async fn downloads_a_photo_from_an_allowed_host() {
    let cdn = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/dna/a.jpg"))
        // The header lies on purpose: the type comes from the bytes.
        .respond_with(ResponseTemplate::new(200).set_body_raw(JPEG, "text/plain"))
        .expect(1)
        .mount(&cdn)
        .await;
    let photo = fetcher_for(&cdn)
        .fetch(&format!("{}/dna/a.jpg?credential=x&expires=1", cdn.uri()))
        .await
        .unwrap();
    assert_eq!(photo.kind, ImageKind::Jpeg);
    assert_eq!(photo.bytes, JPEG);
}

#[tokio::test]
async fn other_hosts_are_refused_without_a_request() {
    let cdn = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(JPEG, "image/jpeg"))
        .expect(0)
        .mount(&cdn)
        .await;
    let fetcher = fetcher_for(&cdn);
    let port = cdn.address().port();
    for url in [
        format!("http://localhost:{port}/a.jpg"),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "file:///etc/passwd".to_owned(),
        "not a url".to_owned(),
    ] {
        assert_eq!(
            fetcher.fetch(&url).await.unwrap_err(),
            PhotoRefusal::HostNotAllowed,
            "{url}"
        );
    }
}

#[tokio::test]
async fn non_images_are_refused() {
    let cdn = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html>hi</html>", "image/jpeg"))
        .mount(&cdn)
        .await;
    let refusal = fetcher_for(&cdn)
        .fetch(&format!("{}/x.jpg", cdn.uri()))
        .await
        .unwrap_err();
    assert_eq!(refusal, PhotoRefusal::NotAnImage);
}

#[tokio::test]
async fn photos_over_10_mb_are_refused() {
    let cdn = MockServer::start().await;
    let mut big = JPEG.to_vec();
    big.resize(11 * 1024 * 1024, 0);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(big, "image/jpeg"))
        .mount(&cdn)
        .await;
    let refusal = fetcher_for(&cdn)
        .fetch(&format!("{}/big.jpg", cdn.uri()))
        .await
        .unwrap_err();
    assert_eq!(refusal, PhotoRefusal::TooBig);
}

#[tokio::test]
async fn exactly_10_mb_is_accepted() {
    let cdn = MockServer::start().await;
    let mut max = JPEG.to_vec();
    max.resize(10 * 1024 * 1024, 0);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(max, "image/jpeg"))
        .mount(&cdn)
        .await;
    let photo = fetcher_for(&cdn)
        .fetch(&format!("{}/max.jpg", cdn.uri()))
        .await
        .unwrap();
    assert_eq!(photo.bytes.len(), 10 * 1024 * 1024);
}

#[tokio::test]
async fn redirects_to_another_host_are_refused() {
    let cdn = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(JPEG, "image/jpeg"))
        .expect(0)
        .mount(&elsewhere)
        .await;
    Mock::given(method("GET"))
        .and(path("/hop.jpg"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", format!("{}/a.jpg", elsewhere.uri())),
        )
        .mount(&cdn)
        .await;
    // A redirect within the allowed host is followed.
    Mock::given(method("GET"))
        .and(path("/moved.jpg"))
        .respond_with(ResponseTemplate::new(301).insert_header("Location", "/a.jpg"))
        .mount(&cdn)
        .await;
    Mock::given(method("GET"))
        .and(path("/a.jpg"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(JPEG, "image/jpeg"))
        .mount(&cdn)
        .await;
    let fetcher = fetcher_for(&cdn);
    assert_eq!(
        fetcher
            .fetch(&format!("{}/hop.jpg", cdn.uri()))
            .await
            .unwrap_err(),
        PhotoRefusal::HostNotAllowed
    );
    assert!(
        fetcher
            .fetch(&format!("{}/moved.jpg", cdn.uri()))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn server_errors_are_download_failures() {
    let cdn = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403))
        .mount(&cdn)
        .await;
    assert_eq!(
        fetcher_for(&cdn)
            .fetch(&format!("{}/expired.jpg", cdn.uri()))
            .await
            .unwrap_err(),
        PhotoRefusal::DownloadFailed
    );
}

/// An allowed name that resolves to the server's own network (here `localhost`, allowed as an
/// ordinary https host, not as a local stand-in) is refused as not allowed, not tried.
#[tokio::test]
async fn an_allowed_name_resolving_to_a_private_address_is_refused() {
    let fetcher = HttpPhotoFetcher::new(HostAllowlist::new(&["localhost"])).unwrap();
    for url in ["https://localhost/a.jpg", "https://LOCALHOST/b.png"] {
        assert_eq!(
            fetcher.fetch(url).await.err(),
            Some(PhotoRefusal::HostNotAllowed),
            "{url}"
        );
    }
}

//! Registration with photos end to end: Kakao's secure-image value pointing at a local server
//! standing in for the Kakao CDN, the real pipeline, the store, and the listing as others see it.

use junggye_mysql::testing::backends;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{Reply, TestApp, payload};

const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 1, 1,
];
const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

fn plugin_value(urls: &[String]) -> String {
    json!({
        "privacyAgreement": "Y",
        "imageQuantity": urls.len().to_string(),
        "secureUrls": format!("List({})", urls.join(", ")),
    })
    .to_string()
}

fn image_urls(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("imageUrl", Value::String(url)) => out.push(url.clone()),
                    _ => image_urls(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| image_urls(v, out)),
        _ => {}
    }
}

fn listing(images: &str) -> Value {
    json!({
        "name": "맥북 프로 14 M3",
        "price": "1,850,000원",
        "description": "배터리 사이클 12회, 풀박스입니다.",
        "location": "서울 노원구 중계동",
        "open_chat_url": "https://open.kakao.com/o/sAbCdEf1",
        "images": images,
    })
}

async fn join(app: &TestApp, user: &str, name: &str) {
    let joined = app
        .skill(
            "/skill/members/join",
            &payload(
                user,
                json!({"name": name, "phone": "010-3333-4444"}),
                json!({}),
            ),
        )
        .await;
    assert!(joined.text().contains("회원가입이 완료"), "{}", joined.0);
}

fn product_id(reply: &Reply) -> i64 {
    reply.quick_reply("상품 보기")["extra"]["product_id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no product id in {}", reply.0))
}

#[tokio::test]
async fn register_with_photos_from_the_cdn_then_browse_search_and_view() {
    for db in backends().await {
        let cdn = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/dna/a.jpg"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(JPEG, "image/jpeg"))
            .mount(&cdn)
            .await;
        Mock::given(method("GET"))
            .and(path("/dna/b.png"))
            // The header lies; the bytes decide.
            .respond_with(ResponseTemplate::new(200).set_body_raw(PNG, "application/octet-stream"))
            .mount(&cdn)
            .await;
        Mock::given(method("GET"))
            .and(path("/dna/not-an-image.jpg"))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(&b"<html>hi</html>"[..], "image/jpeg"),
            )
            .mount(&cdn)
            .await;
        let (app, dir) = TestApp::spawn_with_photos(db, &cdn, "register").await;
        let tag = app.backend.clone();
        let (seller, buyer) = ("seller-with-photos", "curious-buyer");
        join(&app, seller, "노원맥북").await;
        join(&app, buyer, "구경꾼").await;
        let base = cdn.uri();

        // One bad photo refuses the whole registration, with the reason, and stores nothing.
        let bad = plugin_value(&[
            format!("{base}/dna/a.jpg"),
            format!("{base}/dna/not-an-image.jpg"),
        ]);
        let refused = app
            .skill(
                "/skill/products/register",
                &payload(seller, listing(&bad), json!({"category": "digital"})),
            )
            .await;
        assert!(refused.text().contains("사진"), "[{tag}] {}", refused.0);
        let latest = app
            .skill(
                "/skill/products/latest",
                &payload(buyer, json!({}), json!({})),
            )
            .await;
        assert!(
            !latest.0.to_string().contains("맥북 프로"),
            "[{tag}] refused listing is visible"
        );

        // A photo from a host that is not the CDN is refused too (no SSRF).
        let foreign = plugin_value(&["https://169.254.169.254/latest/meta-data".into()]);
        let refused = app
            .skill(
                "/skill/products/register",
                &payload(seller, listing(&foreign), json!({"category": "digital"})),
            )
            .await;
        assert!(refused.text().contains("사진"), "[{tag}] {}", refused.0);

        let good = plugin_value(&[format!("{base}/dna/a.jpg"), format!("{base}/dna/b.png")]);
        let saved = app
            .skill(
                "/skill/products/register",
                &payload(seller, listing(&good), json!({"category": "digital"})),
            )
            .await;
        assert!(
            saved.text().contains("상품을 등록했습니다"),
            "[{tag}] {}",
            saved.0
        );
        let id = product_id(&saved);

        let latest = app
            .skill(
                "/skill/products/latest",
                &payload(buyer, json!({}), json!({})),
            )
            .await;
        assert!(
            latest.0.to_string().contains("맥북 프로 14 M3"),
            "[{tag}] {}",
            latest.0
        );
        let found = app
            .skill(
                "/skill/products/search",
                &payload(buyer, json!({"keyword": "맥북"}), json!({})),
            )
            .await;
        assert!(
            found.0.to_string().contains("맥북 프로 14 M3"),
            "[{tag}] {}",
            found.0
        );

        // Another member sees both photos, served by the app with their sniffed types.
        let detail = app
            .skill(
                "/skill/products/detail",
                &payload(buyer, json!({}), json!({"product_id": id})),
            )
            .await;
        let mut urls = Vec::new();
        image_urls(&detail.0, &mut urls);
        urls.dedup();
        assert_eq!(urls.len(), 2, "[{tag}] {}", detail.0);
        let mut types = Vec::new();
        for url in &urls {
            let local = url.replacen("http://127.0.0.1:8080", &app.address, 1);
            let response = app
                .client
                .get(&local)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(response.status(), 200, "[{tag}] {local}");
            types.push(
                response
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned(),
            );
            let bytes = response.bytes().await.unwrap_or_default();
            assert!(
                bytes.as_ref() == JPEG || bytes.as_ref() == PNG,
                "[{tag}] {local}"
            );
        }
        types.sort();
        assert_eq!(types, vec!["image/jpeg", "image/png"], "[{tag}]");
        assert!(
            detail.text().contains("1,850,000"),
            "[{tag}] {}",
            detail.text()
        );
        app.cleanup().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}

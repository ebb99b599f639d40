//! Profile photos through the whole pipeline (a local fake CDN, the local store, `/images/{key}`)
//! and the notice skills on every backend.

use chrono::{Duration, Utc};
use junggye_mysql::SeaNoticeRepository;
use junggye_mysql::testing::{TestDb, backends};
use junggye_products::notices::{
    NoticeButton, NoticeDraft, NoticeId, NoticeKind, NoticeRepository, NoticeStatus,
};
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, payload};

const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1];

fn plugin_value(urls: &[String]) -> String {
    json!({
        "privacyAgreement": "Y",
        "imageQuantity": urls.len().to_string(),
        "secureUrls": format!("List({})", urls.join(", ")),
    })
    .to_string()
}

fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.filter_map(Result::ok).count())
}

#[tokio::test]
async fn profile_image_is_downloaded_stored_and_served() {
    let cdn = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(JPEG, "image/jpeg"))
        .mount(&cdn)
        .await;
    let (app, dir) = TestApp::spawn_with_photos(TestDb::sqlite().await, &cdn, "api-images").await;
    let user = "kakao-photo-user";
    app.skill(
        "/skill/members/join",
        &payload(
            user,
            json!({"name": "사진왕", "phone": "010-2222-3333"}),
            json!({}),
        ),
    )
    .await;

    // A host that is not the CDN is refused with a Korean reason, and nothing is stored.
    let refused = app
        .skill(
            "/skill/members/profile-image",
            &payload(
                user,
                json!({"profile_image": plugin_value(&["https://evil.example.com/a.jpg".into()])}),
                json!({}),
            ),
        )
        .await;
    assert!(
        refused.text().contains("카카오톡에서 올린 사진만"),
        "{}",
        refused.0
    );
    assert_eq!(files_in(&dir), 0);

    let url = format!("{}/dna/p.jpg?credential=c&expires=9&signature=s", cdn.uri());
    let done = app
        .skill(
            "/skill/members/profile-image",
            &payload(
                user,
                json!({"profile_image": plugin_value(&[url])}),
                json!({}),
            ),
        )
        .await;
    let image_url = done.0["template"]["outputs"][0]["basicCard"]["thumbnail"]["imageUrl"]
        .as_str()
        .unwrap_or_else(|| panic!("no thumbnail in {}", done.0))
        .to_owned();
    let key = image_url.rsplit('/').next().unwrap().to_owned();
    let served = app
        .client
        .get(format!("{}/images/{key}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    assert!(
        served.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("private")
    );
    assert_eq!(served.bytes().await.unwrap().as_ref(), JPEG);

    // A second photo replaces the first, whose file is deleted.
    let again = format!("{}/dna/q.jpg", cdn.uri());
    app.skill(
        "/skill/members/profile-image",
        &payload(
            user,
            json!({"profile_image": plugin_value(&[again])}),
            json!({}),
        ),
    )
    .await;
    assert_eq!(files_in(&dir), 1);
    let old = app
        .client
        .get(format!("{}/images/{key}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 404);

    for bad in ["..%2F..%2FCargo.toml", "%2e%2e", "nope.jpg"] {
        let response = app
            .client
            .get(format!("{}/images/{bad}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{bad}");
    }
    app.cleanup().await;
    let _ = std::fs::remove_dir_all(&dir);
}

fn draft(title: &str, status: NoticeStatus) -> NoticeDraft {
    NoticeDraft {
        kind: NoticeKind::TextCard,
        title: title.into(),
        body: "본문".into(),
        image_url: None,
        buttons: vec![],
        status,
        author: Some("운영자".into()),
    }
}

fn items(reply: &Value) -> Vec<Value> {
    reply["template"]["outputs"][0]["listCard"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn notices_list_and_detail_on_every_backend() {
    for db in backends().await {
        let repo = SeaNoticeRepository::new(db.db.clone());
        let start = Utc::now() - Duration::hours(1);
        let pinned = repo
            .create(&draft("고정 공지", NoticeStatus::Pinned), start)
            .await
            .unwrap();
        for i in 0..6 {
            repo.create(
                &draft(&format!("공지 {i}"), NoticeStatus::Published),
                start + Duration::minutes(i + 1),
            )
            .await
            .unwrap();
        }
        let hidden = repo
            .create(
                &draft("숨긴 공지", NoticeStatus::Hidden),
                start + Duration::minutes(30),
            )
            .await
            .unwrap();
        let long = NoticeDraft {
            body: "긴 본문입니다. ".repeat(200),
            buttons: vec![NoticeButton {
                label: "자세히 보기".into(),
                url: "https://example.com/notice".into(),
            }],
            ..draft("긴 공지", NoticeStatus::Published)
        };
        let long = repo
            .create(&long, start - Duration::hours(1))
            .await
            .unwrap();
        let picture = NoticeDraft {
            kind: NoticeKind::BasicCard,
            image_url: Some("https://example.com/n.png".into()),
            ..draft("사진 공지", NoticeStatus::Published)
        };
        let picture = repo
            .create(&picture, start - Duration::hours(2))
            .await
            .unwrap();

        let app = TestApp::spawn(db).await;
        let tag = app.backend.clone();
        let guest = "kakao-notice-guest";
        let first = app
            .skill("/skill/notices", &payload(guest, json!({}), json!({})))
            .await;
        let rows = items(&first.0);
        assert_eq!(rows.len(), 5, "[{tag}] {}", first.0);
        assert_eq!(rows[0]["title"], "고정 공지", "[{tag}] pinned first");
        assert_eq!(rows[1]["title"], "공지 5", "[{tag}] then newest");
        assert_eq!(rows[0]["extra"]["notice_id"], pinned.id.0);
        assert_eq!(rows[0]["blockId"], "NOTICE_DETAIL");
        assert!(!first.text().contains("숨긴 공지"));
        let more = first.quick_reply("더보기");
        let second = app
            .skill(
                "/skill/notices",
                &payload(guest, json!({}), more["extra"].clone()),
            )
            .await;
        let titles: Vec<Value> = items(&second.0)
            .iter()
            .map(|r| r["title"].clone())
            .collect();
        assert_eq!(
            titles,
            vec![
                json!("공지 1"),
                json!("공지 0"),
                json!("긴 공지"),
                json!("사진 공지")
            ],
            "[{tag}]"
        );
        assert!(!second.quick_replies().contains(&"더보기".to_owned()));

        let detail = |id: NoticeId| payload(guest, json!({}), json!({"notice_id": id.0}));
        let text = app.skill("/skill/notices/detail", &detail(long.id)).await;
        let card = &text.0["template"]["outputs"][0]["textCard"];
        assert_eq!(card["title"], "긴 공지", "[{tag}] {}", text.0);
        assert!(card["description"].as_str().unwrap().contains("등록일"));
        assert_eq!(
            card["buttons"][0]["webLinkUrl"],
            "https://example.com/notice"
        );
        let basic = app
            .skill("/skill/notices/detail", &detail(picture.id))
            .await;
        assert_eq!(
            basic.0["template"]["outputs"][0]["basicCard"]["thumbnail"]["imageUrl"],
            "https://example.com/n.png",
            "[{tag}] {}",
            basic.0
        );
        for gone in [hidden.id, NoticeId(999_999)] {
            let missing = app.skill("/skill/notices/detail", &detail(gone)).await;
            assert!(
                missing.text().contains("공지사항을 찾을 수 없습니다"),
                "[{tag}]"
            );
        }
        let home = app
            .skill("/skill/home", &payload(guest, json!({}), json!(null)))
            .await;
        assert!(home.quick_replies().contains(&"공지사항".to_owned()));
        app.cleanup().await;
    }
}

use junggye_mysql::testing::backends;
use serde_json::json;

use crate::helpers::{TestApp, payload};

#[tokio::test]
async fn join_my_page_profile_phone_withdraw_on_every_backend() {
    for db in backends().await {
        let app = TestApp::spawn(db).await;
        member_lifecycle(&app).await;
        app.cleanup().await;
    }
}

async fn member_lifecycle(app: &TestApp) {
    let tag = &app.backend;
    let user = "kakao-user-0001";

    // A guest sees the join offer, and member-only skills ask them to join.
    let home = app
        .skill("/skill/home", &payload(user, json!({}), json!(null)))
        .await;
    assert!(
        home.quick_replies().contains(&"회원가입".to_owned()),
        "[{tag}] {}",
        home.0
    );
    let guest = app
        .skill("/skill/members/me", &payload(user, json!({}), json!({})))
        .await;
    assert!(
        guest.text().contains("회원가입 후 이용"),
        "[{tag}] {}",
        guest.text()
    );
    assert!(guest.quick_replies().contains(&"회원가입".to_owned()));

    // Bad input is refused with a message naming the field, and nothing is stored.
    let bad = app
        .skill(
            "/skill/members/join",
            &payload(
                user,
                json!({"name": "중고왕", "phone": "02-123-4567"}),
                json!({}),
            ),
        )
        .await;
    assert!(bad.text().contains("휴대폰 번호"), "[{tag}] {}", bad.text());
    let still_guest = app
        .skill(
            "/skill/members/profile",
            &payload(user, json!({}), json!({})),
        )
        .await;
    assert!(still_guest.text().contains("회원가입 후 이용"), "[{tag}]");

    let joined = app
        .skill(
            "/skill/members/join",
            &payload(
                user,
                json!({"name": "중고왕", "phone": "010-1234-5678"}),
                json!({}),
            ),
        )
        .await;
    assert!(
        joined.text().contains("회원가입이 완료되었습니다"),
        "[{tag}] {}",
        joined.text()
    );
    let again = app
        .skill(
            "/skill/members/join",
            &payload(
                user,
                json!({"name": "다른이름", "phone": "010-1111-2222"}),
                json!({}),
            ),
        )
        .await;
    assert!(
        again.text().contains("이미 가입된 회원"),
        "[{tag}] {}",
        again.text()
    );

    let home = app
        .skill("/skill/home", &payload(user, json!({}), json!({})))
        .await;
    assert!(home.text().contains("중고왕님"), "[{tag}] {}", home.text());

    let me = app
        .skill("/skill/members/me", &payload(user, json!({}), json!({})))
        .await;
    assert!(
        me.text().contains("마이페이지") && me.text().contains("브론즈"),
        "[{tag}] {}",
        me.text()
    );

    let profile = app
        .skill(
            "/skill/members/profile",
            &payload(user, json!({}), json!({})),
        )
        .await;
    let text = profile.text();
    assert!(text.contains("닉네임: 중고왕"), "[{tag}] {text}");
    assert!(text.contains("연락처: 010-1234-5678"), "[{tag}] {text}");
    assert!(text.contains("등급: 브론즈"), "[{tag}] {text}");

    let changed = app
        .skill(
            "/skill/members/phone",
            &payload(user, json!({"phone": "010 9876 5432"}), json!({})),
        )
        .await;
    assert!(
        changed.text().contains("010-9876-5432"),
        "[{tag}] {}",
        changed.text()
    );
    let missing = app
        .skill("/skill/members/phone", &payload(user, json!({}), json!({})))
        .await;
    assert!(
        missing.text().contains("휴대폰 번호를 입력"),
        "[{tag}] {}",
        missing.text()
    );
    let profile = app
        .skill(
            "/skill/members/profile",
            &payload(user, json!({}), json!({})),
        )
        .await;
    assert!(
        profile.text().contains("연락처: 010-9876-5432"),
        "[{tag}] {}",
        profile.text()
    );

    // Withdrawal asks first; the confirm quick reply carries extra.confirm = true.
    let ask = app
        .skill(
            "/skill/members/withdraw",
            &payload(user, json!({}), json!({})),
        )
        .await;
    assert!(ask.text().contains("정말 탈퇴"), "[{tag}] {}", ask.text());
    let confirm = ask.quick_reply("탈퇴하기");
    assert_eq!(confirm["extra"]["confirm"], true, "[{tag}] {confirm}");
    let still_member = app
        .skill("/skill/members/me", &payload(user, json!({}), json!({})))
        .await;
    assert!(
        still_member.text().contains("마이페이지"),
        "[{tag}] asking must not withdraw"
    );

    // Kakao sends the quick reply's extra back as clientExtra; "true" as a string works too.
    let done = app
        .skill(
            "/skill/members/withdraw",
            &payload(user, json!({}), json!({"confirm": "true"})),
        )
        .await;
    assert!(
        done.text().contains("회원탈퇴가 완료"),
        "[{tag}] {}",
        done.text()
    );
    let gone = app
        .skill(
            "/skill/members/profile",
            &payload(user, json!({}), json!({})),
        )
        .await;
    assert!(
        gone.text().contains("회원가입 후 이용"),
        "[{tag}] {}",
        gone.text()
    );

    // The same Kakao user may join again later.
    let rejoined = app
        .skill(
            "/skill/members/join",
            &payload(
                user,
                json!({"name": "돌아온왕", "phone": "01055556666"}),
                json!({}),
            ),
        )
        .await;
    assert!(
        rejoined.text().contains("돌아온왕님"),
        "[{tag}] {}",
        rejoined.text()
    );
}

#[tokio::test]
async fn validation_skills_normalise_or_explain() {
    for db in backends().await {
        let app = TestApp::spawn(db).await;
        let body = |value: &str| {
            json!({
                "bot": {"id": crate::helpers::BOT_ID, "name": "중계나라"},
                "utterance": value,
                "params": {"surface": "Kakaotalk.plusfriend"},
                "isInSlotFilling": true,
                "user": {"id": "validator", "type": "botUserKey", "properties": {}},
                "value": {"origin": value, "resolved": value},
                "timezone": "Asia/Seoul",
                "lang": "ko"
            })
            .to_string()
        };
        let ok: serde_json::Value = app
            .post_raw("/skill/validate/phone", body("010-1234-5678"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(ok, json!({"status": "SUCCESS", "value": "01012345678"}));
        let fail: serde_json::Value = app
            .post_raw("/skill/validate/phone", body("123"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(fail["status"], "FAIL");
        assert!(fail["message"].as_str().unwrap().contains("휴대폰 번호"));
        let nick: serde_json::Value = app
            .post_raw("/skill/validate/nickname", body("  당근마켓러  "))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(nick, json!({"status": "SUCCESS", "value": "당근마켓러"}));
        let unknown = app.post_raw("/skill/validate/shoe-size", body("270")).await;
        assert_eq!(unknown.status(), 404);
        app.cleanup().await;
    }
}

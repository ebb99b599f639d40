//! Golden request samples written from docs/kakao-protocol.md, parsed through the public API.

use junggye_kakao_protocol::{
    SecureImages, parse_payload, parse_secure_images, parse_validation_request,
};
use serde_json::{Value, json};

#[test]
fn official_example_exposes_its_parameters() {
    let p = parse_payload(include_bytes!("fixtures/request_official_example.json")).unwrap();
    assert_eq!(p.utterance(), Some("1 금요일 강남"));
    assert_eq!(p.block_id(), Some("hequ4s1ffn8r9b0j2v6qbmfj"));
    assert_eq!(p.user_id(), Some("911401"));
    assert_eq!(p.bot_id(), Some("5fd8e71a8b2c3d4e5f6a7b8c!"));
    assert_eq!(p.plusfriend_user_key(), None);
    assert_eq!(p.param("sys_location").as_deref(), Some("강남"));

    let date: Value = serde_json::from_str(&p.param("sys_date").unwrap()).unwrap();
    assert_eq!(date["date"], "2023-03-31");
    assert_eq!(date["dateTag"], "Friday");
    let number: Value = serde_json::from_str(&p.param("sys_number").unwrap()).unwrap();
    assert_eq!(number["amount"], 1);

    let action = p.action.as_ref().unwrap();
    assert_eq!(
        action.detail_params["sys_date"].origin.as_deref(),
        Some("금요일")
    );
    assert_eq!(
        action.detail_params["sys_date"].group_name.as_deref(),
        Some("")
    );
    assert!(action.client_extra.is_null());
    let request = p.user_request.as_ref().unwrap();
    assert_eq!(request.lang, None);
    assert_eq!(request.params["ignoreMe"], "true");
    assert_eq!(
        request.user.as_ref().unwrap().kind.as_deref(),
        Some("accountId")
    );
    assert!(p.contexts.is_empty());
    assert!(p.flow.is_none());
}

#[test]
fn real_channel_sample_exposes_identity_extras_contexts_and_flow() {
    let p = parse_payload(include_bytes!("fixtures/request_real_channel.json")).unwrap();
    assert_eq!(
        p.user_id(),
        Some("a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9001")
    );
    assert_eq!(p.plusfriend_user_key(), Some("Xy9_PfUk2"));
    let request = p.user_request.as_ref().unwrap();
    assert_eq!(request.lang.as_deref(), Some("ko"));
    assert_eq!(
        request.callback_url.as_deref(),
        Some("https://bot-api.kakao.com/v1/bots/640000000000000000000001/callback/abcdef")
    );
    let properties = &request.user.as_ref().unwrap().properties;
    assert_eq!(properties["isFriend"], true);
    assert_eq!(properties["appUserId"], "1234567890");

    assert_eq!(p.param("price").as_deref(), Some("30000"));
    assert_eq!(p.extra_i64("productId"), Some(42));
    assert_eq!(p.extra_str("productId").as_deref(), Some("42"));
    assert_eq!(p.extra_i64("step"), Some(2));
    assert!(p.extra_bool("draft"));
    assert_eq!(
        p.context_param("selling", "draftId").as_deref(),
        Some("d-17")
    );
    assert_eq!(p.contexts[0].lifespan, Some(3));
    assert_eq!(p.contexts[0].ttl, Some(600));

    let flow = p.flow.as_ref().unwrap();
    let trigger = flow.trigger.as_ref().unwrap();
    assert_eq!(trigger.kind.as_deref(), Some("CARD_BUTTON_BLOCK"));
    assert_eq!(
        trigger.referrer_block.as_ref().unwrap().id.as_deref(),
        Some("blk-home")
    );
    assert_eq!(
        flow.last_block.as_ref().unwrap().name.as_deref(),
        Some("홈")
    );
    assert_eq!(
        p.intent.as_ref().unwrap().name.as_deref(),
        Some("상품 등록")
    );
}

#[test]
fn legacy_sample_with_object_params_and_snake_case_keys() {
    let p = parse_payload(include_bytes!("fixtures/request_legacy.json")).unwrap();
    assert_eq!(p.plusfriend_user_key(), Some("legacy_pf_key"));
    assert_eq!(p.user_request.as_ref().unwrap().lang.as_deref(), Some("kr"));
    assert_eq!(
        p.param("sys_number_ordinal").as_deref(),
        Some(r#"{"amount":3}"#)
    );
    assert_eq!(p.extra("anything"), None);
}

#[test]
fn secure_image_sample_yields_both_urls_from_every_place() {
    let p = parse_payload(include_bytes!("fixtures/request_secure_image.json")).unwrap();
    let expected = SecureImages {
        privacy_agreed: true,
        urls: vec![
            "https://talk.kakaocdn.net/dna/aaa/bbb/img1.jpg?credential=c1&expires=1700000600&signature=s1".to_owned(),
            "https://talk.kakaocdn.net/dna/aaa/bbb/img2.jpg?credential=c2&expires=1700000600&signature=s2".to_owned(),
        ],
    };
    assert_eq!(
        parse_secure_images(&p.param("secureimage").unwrap()).unwrap(),
        expected
    );
    let detail = &p.action.as_ref().unwrap().detail_params["secureimage"];
    assert_eq!(
        parse_secure_images(detail.origin.as_deref().unwrap()).unwrap(),
        expected
    );
    assert_eq!(
        parse_secure_images(detail.value.as_str().unwrap()).unwrap(),
        expected
    );
    assert_eq!(
        parse_secure_images(p.utterance().unwrap()).unwrap(),
        expected
    );
}

#[test]
fn client_extra_null_variants_have_no_extras() {
    let bodies: [&[u8]; 3] = [
        include_bytes!("fixtures/request_client_extra_null.json"),
        include_bytes!("fixtures/request_client_extra_null_string.json"),
        include_bytes!("fixtures/request_client_extra_empty.json"),
    ];
    for body in bodies {
        let p = parse_payload(body).unwrap();
        assert_eq!(p.user_id(), Some("buyer01"));
        assert_eq!(p.utterance(), Some("구매하기"));
        assert_eq!(p.extra("productId"), None);
        assert_eq!(p.extra_str("productId"), None);
        assert_eq!(p.extra_i64("productId"), None);
        assert!(!p.extra_bool("productId"));
    }
}

#[test]
fn validation_request_sample() {
    let req = parse_validation_request(include_bytes!("fixtures/validation_request.json")).unwrap();
    assert_eq!(req.origin(), Some("3만원"));
    assert_eq!(req.resolved(), Some("30000"));
    assert_eq!(req.raw_value(), Some("30000"));
    assert_eq!(req.user_id(), Some("seller01"));
    assert_eq!(req.bot_id(), Some("640000000000000000000001"));
    assert_eq!(req.is_in_slot_filling, Some(true));
}

#[test]
fn payload_round_trips_through_serialize() {
    let p = parse_payload(include_bytes!("fixtures/request_real_channel.json")).unwrap();
    let again = parse_payload(serde_json::to_string(&p).unwrap().as_bytes()).unwrap();
    assert_eq!(
        serde_json::to_value(&p).unwrap(),
        serde_json::to_value(&again).unwrap()
    );
    let v = serde_json::to_value(&p).unwrap();
    assert_eq!(v["userRequest"]["user"]["type"], json!("botUserKey"));
    assert_eq!(
        v["flow"]["trigger"]["referrerBlock"]["id"],
        json!("blk-home")
    );
}

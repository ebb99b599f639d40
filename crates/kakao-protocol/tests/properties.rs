//! proptest properties of the two parsers that read untrusted text: the SkillPayload parser
//! (arbitrary bytes never panic; every JSON object parses, whatever its values) and the
//! secure-image value parser (arbitrary text never panics; what it returns is a short list of
//! http(s) URLs). `hostile_input.rs` keeps the hand-picked cases; these search more widely.

use junggye_kakao_protocol::{
    MAX_SECURE_IMAGE_URLS, SkillPayload, parse_payload, parse_secure_images,
};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Any JSON value, nested a few levels, with keys that Kakao payloads really use so the
/// lenient field readers meet wrong types, not just unknown keys.
fn any_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        proptest::sample::select(vec![
            "userRequest",
            "user",
            "id",
            "properties",
            "utterance",
            "block",
            "action",
            "params",
            "detailParams",
            "clientExtra",
            "value",
            "origin",
            "bot",
            "intent",
            "contexts",
            "plusfriendUserKey",
            "botUserKey",
            "name",
        ])
        .prop_map(str::to_owned),
        ".{0,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,16}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Calls every accessor: parsing is lazy about types, so reading must be panic-free too.
fn exercise(p: &SkillPayload) {
    let _ = (
        p.user_id(),
        p.plusfriend_user_key(),
        p.bot_id(),
        p.utterance(),
        p.block_id(),
    );
    for name in ["name", "phone", "product_id", "status", "value", "missing"] {
        let _ = (
            p.param(name),
            p.extra(name),
            p.extra_str(name),
            p.extra_i64(name),
        );
        let _ = (p.extra_bool(name), p.context_param(name, name));
    }
}

/// Bits of text the secure-image parser splits on, so generated strings hit its branches.
fn secure_image_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        proptest::sample::select(vec![
            "List(",
            ")",
            ", ",
            "http://",
            "https://",
            "HTTPS://",
            "ftp://",
            "javascript:",
            "\"",
            "\\\"",
            "{",
            "}",
            "[",
            "]",
            ":",
            "secureUrls",
            "privacyAgreement",
            "Y",
            "N",
            "a.kakaocdn.net/x.jpg",
            " ",
            "\u{202e}",
            "가",
        ])
        .prop_map(str::to_owned),
        ".{0,6}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|parts| parts.concat())
}

fn assert_urls_sane(raw: &str) -> Result<(), TestCaseError> {
    if let Ok(images) = parse_secure_images(raw) {
        prop_assert!(!images.urls.is_empty());
        prop_assert!(
            images.urls.len() <= MAX_SECURE_IMAGE_URLS,
            "{} urls",
            images.urls.len()
        );
        for url in &images.urls {
            let lower = url.to_ascii_lowercase();
            prop_assert!(
                lower.starts_with("http://") || lower.starts_with("https://"),
                "{url}"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(p) = parse_payload(&body) {
            exercise(&p);
        }
    }

    #[test]
    fn every_json_value_is_handled_and_every_object_parses(value in any_json()) {
        let body = value.to_string();
        let parsed = parse_payload(body.as_bytes());
        prop_assert_eq!(parsed.is_ok(), value.is_object(), "{}", body);
        if let Ok(p) = parsed {
            exercise(&p);
        }
    }

    #[test]
    fn arbitrary_values_inside_a_real_payload_still_parse(
        user in any_json(), params in any_json(), extra in any_json(), request in any_json(),
    ) {
        let body = json!({
            "userRequest": {"user": user, "utterance": request},
            "action": {"params": params, "detailParams": params, "clientExtra": extra},
            "bot": {"id": request},
        });
        let parsed = parse_payload(body.to_string().as_bytes());
        prop_assert!(parsed.is_ok(), "{}", body);
        if let Ok(p) = parsed {
            exercise(&p);
        }
    }

    #[test]
    fn secure_image_parser_never_panics_on_any_string(raw in "\\PC{0,200}") {
        assert_urls_sane(&raw)?;
    }

    #[test]
    fn secure_image_parser_returns_only_a_few_http_urls(raw in secure_image_text()) {
        assert_urls_sane(&raw)?;
        // The same text wrapped as the JSON string Kakao sometimes sends must behave the same.
        assert_urls_sane(&Value::String(raw.clone()).to_string())?;
    }

    #[test]
    fn many_urls_are_capped(n in 0_usize..200) {
        let list: Vec<String> = (0..n).map(|i| format!("https://a.kakaocdn.net/{i}.jpg")).collect();
        let raw = format!("List({})", list.join(", "));
        match parse_secure_images(&raw) {
            Ok(images) => prop_assert_eq!(images.urls.len(), n.min(MAX_SECURE_IMAGE_URLS)),
            Err(_) => prop_assert_eq!(n, 0),
        }
    }
}

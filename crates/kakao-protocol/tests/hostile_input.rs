//! Property-style checks that parsing never panics and never refuses an object, whatever is
//! inside it. Inputs are generated deterministically so failures reproduce.

use junggye_kakao_protocol::{
    PayloadError, SkillPayload, parse_payload, parse_secure_images, parse_validation_request,
};
use serde_json::{Map, Value, json};

const FIXTURES: [&str; 7] = [
    include_str!("fixtures/request_official_example.json"),
    include_str!("fixtures/request_real_channel.json"),
    include_str!("fixtures/request_legacy.json"),
    include_str!("fixtures/request_secure_image.json"),
    include_str!("fixtures/request_client_extra_null.json"),
    include_str!("fixtures/request_client_extra_null_string.json"),
    include_str!("fixtures/validation_request.json"),
];

/// xorshift64: enough randomness for input generation, with no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

fn replacements() -> Vec<Value> {
    vec![
        json!(null),
        json!(5),
        json!(-1.5),
        json!(u64::MAX),
        json!("x"),
        json!("null"),
        json!(""),
        json!(true),
        json!([]),
        json!({}),
        json!([1, "a", null]),
        json!({"k": {"value": 1}}),
    ]
}

/// Calls every accessor, with names that exist in the fixtures and names that do not.
fn exercise(p: &SkillPayload) {
    let _ = (
        p.user_id(),
        p.plusfriend_user_key(),
        p.bot_id(),
        p.utterance(),
        p.block_id(),
    );
    for name in [
        "sys_date",
        "sys_number",
        "secureimage",
        "price",
        "productId",
        "draft",
        "k",
        "",
    ] {
        let _ = (
            p.param(name),
            p.extra(name),
            p.extra_str(name),
            p.extra_i64(name),
            p.extra_bool(name),
        );
        let _ = (
            p.context_param("selling", name),
            p.context_param(name, name),
        );
        if let Some(value) = p.param(name) {
            let _ = parse_secure_images(&value);
        }
    }
    let _ = serde_json::to_string(p);
}

fn must_parse(body: &str) -> SkillPayload {
    match parse_payload(body.as_bytes()) {
        Ok(p) => {
            exercise(&p);
            p
        }
        Err(err) => panic!("object refused ({err}): {body}"),
    }
}

/// Every path to a node of `value`, as a list of steps from the root.
fn paths(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(Step::Key(key.clone()));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                prefix.push(Step::Index(i));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn node_mut<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |node, step| match step {
        Step::Key(key) => node.get_mut(key.as_str()),
        Step::Index(i) => node.get_mut(*i),
    })
}

#[test]
fn non_objects_are_refused_without_panicking() {
    for body in ["[]", "3", "\"x\"", "null", "true", "[{}]", "-0", "1e999"] {
        assert!(parse_payload(body.as_bytes()).is_err(), "{body}");
        assert!(parse_validation_request(body.as_bytes()).is_err(), "{body}");
    }
    for body in [
        &b""[..],
        b"   ",
        b"\xff\xfe{}",
        b"{\"a\":\"\xc3\x28\"}",
        b"{}}",
        b"{\"a\" 1}",
    ] {
        assert!(matches!(parse_payload(body), Err(PayloadError::NotJson(_))));
    }
}

#[test]
fn wrong_types_at_the_top_level_are_treated_as_absent() {
    for key in ["intent", "userRequest", "bot", "action", "contexts", "flow"] {
        for replacement in replacements() {
            let body = json!({ key: replacement }).to_string();
            let p = must_parse(&body);
            if key == "userRequest" && !replacement.is_object() {
                assert!(p.user_request.is_none());
            }
        }
    }
    let p = must_parse(r#"{"userRequest": 5, "contexts": {}, "bot": "x"}"#);
    assert!(p.user_request.is_none() && p.contexts.is_empty() && p.bot.is_none());
    let p = must_parse(r#"{"userRequest": {"user": "x", "utterance": 3}}"#);
    assert!(p.user_request.as_ref().is_some_and(|r| r.user.is_none()));
}

#[test]
fn every_single_node_mutation_of_the_samples_still_parses() {
    let mut checked = 0;
    for fixture in FIXTURES {
        let original: Value = serde_json::from_str(fixture).unwrap();
        let mut all = Vec::new();
        paths(&original, &mut Vec::new(), &mut all);
        // The root itself must stay an object; every other node may become anything.
        for path in all.iter().filter(|p| !p.is_empty()) {
            for replacement in replacements() {
                let mut mutated = original.clone();
                if let Some(node) = node_mut(&mut mutated, path) {
                    *node = replacement;
                }
                let body = mutated.to_string();
                must_parse(&body);
                assert!(parse_validation_request(body.as_bytes()).is_ok());
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} mutations");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let depth = 10_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(matches!(
        parse_payload(arrays.as_bytes()),
        Err(PayloadError::NotJson(_))
    ));
    // An unknown key's value is skipped, not read: serde_json skips without recursion, so
    // however deep it is, the stack is safe and the rest of the payload still counts.
    let objects = format!(
        r#"{{"bot":{{"id":"b"}},"a":{}1{}}}"#,
        r#"{"a":"#.repeat(depth),
        "}".repeat(depth)
    );
    assert_eq!(
        parse_payload(objects.as_bytes()).unwrap().bot_id(),
        Some("b")
    );
    let unclosed = "{\"action\":{\"params\":{\"x\":".to_owned() + &"[".repeat(depth);
    assert!(parse_payload(unclosed.as_bytes()).is_err());
    let inside = format!(
        r#"{{"action":{{"clientExtra":{}{}}}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    assert!(parse_payload(inside.as_bytes()).is_err());
    // A field that is kept whole (a validation request's `params`) meets the limit.
    let kept = format!(r#"{{"params":{}{}}}"#, "[".repeat(depth), "]".repeat(depth));
    assert!(parse_validation_request(kept.as_bytes()).is_err());

    // Within serde_json's limit of 128 the same shape parses.
    let shallow = format!(
        r#"{{"action":{{"clientExtra":{}{}}}}}"#,
        "[".repeat(100),
        "]".repeat(100)
    );
    let p = must_parse(&shallow);
    assert!(p.action.is_some());
}

#[test]
fn huge_strings_and_many_keys_parse() {
    let utterance = "가".repeat(1 << 20);
    let body = json!({"userRequest": {"utterance": utterance}}).to_string();
    assert_eq!(must_parse(&body).utterance().map(str::len), Some(3 << 20));

    let params: Map<String, Value> = (0..50_000)
        .map(|i| (format!("p{i}"), json!(i.to_string())))
        .collect();
    let body = json!({"action": {"params": params, "clientExtra": params}}).to_string();
    let p = must_parse(&body);
    assert_eq!(p.param("p49999").as_deref(), Some("49999"));
    assert_eq!(p.extra_i64("p7"), Some(7));

    let urls = (0..5_000)
        .map(|i| format!("https://talk.kakaocdn.net/dna/{i}.jpg"))
        .collect::<Vec<_>>()
        .join(", ");
    let images = parse_secure_images(&format!("List({urls})")).unwrap();
    assert_eq!(images.urls.len(), 50);
}

#[test]
fn random_token_soup_never_panics() {
    const TOKENS: [&str; 24] = [
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"",
        "\"a\"",
        "\"userRequest\"",
        "\"action\"",
        "\"params\"",
        "\"clientExtra\"",
        "\"contexts\"",
        "null",
        "true",
        "1",
        "-2.5e3",
        " ",
        "\\",
        "\\u00",
        "가",
        "😀",
        "\u{0}",
        "List(",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let len = rng.below(40);
        let body: String = (0..len).map(|_| TOKENS[rng.below(TOKENS.len())]).collect();
        if let Ok(p) = parse_payload(body.as_bytes()) {
            exercise(&p);
        }
        let _ = parse_validation_request(body.as_bytes());
        let _ = parse_secure_images(&body);
    }
}

#[test]
fn random_values_at_known_paths_never_fail_an_object() {
    fn random_value(rng: &mut Rng, depth: usize) -> Value {
        let choice = if depth == 0 {
            rng.below(6)
        } else {
            rng.below(8)
        };
        match choice {
            0 => Value::Null,
            1 => json!(rng.below(2) == 0),
            2 => json!(rng.next()),
            3 => json!(-(i64::try_from(rng.below(1000)).unwrap_or(0))),
            4 => {
                json!(["", "null", "true", " 42 ", "https://x.kakaocdn.net/a", "가"][rng.below(6)])
            }
            5 => json!(0.5),
            6 => Value::Array(
                (0..rng.below(4))
                    .map(|_| random_value(rng, depth - 1))
                    .collect(),
            ),
            _ => {
                const KEYS: [&str; 8] = [
                    "id",
                    "value",
                    "resolvedValue",
                    "origin",
                    "user",
                    "properties",
                    "name",
                    "params",
                ];
                Value::Object(
                    (0..rng.below(4))
                        .map(|_| {
                            (
                                KEYS[rng.below(KEYS.len())].to_owned(),
                                random_value(rng, depth - 1),
                            )
                        })
                        .collect(),
                )
            }
        }
    }
    let base: Value = serde_json::from_str(FIXTURES[1]).unwrap();
    let mut all = Vec::new();
    paths(&base, &mut Vec::new(), &mut all);
    let all: Vec<_> = all.into_iter().filter(|p| !p.is_empty()).collect();
    let mut rng = Rng(42);
    for _ in 0..5_000 {
        let mut mutated = base.clone();
        for _ in 0..3 {
            let path = &all[rng.below(all.len())];
            let replacement = random_value(&mut rng, 4);
            if let Some(node) = node_mut(&mut mutated, path) {
                *node = replacement;
            }
        }
        must_parse(&mutated.to_string());
    }
}

#[test]
fn secure_image_parser_survives_hostile_text() {
    let samples = [
        "",
        "List(",
        "List()",
        ")",
        "http://",
        "https://",
        "{\"secureUrls\":null}",
        "{\"secureUrls\":[1,2,{}]}",
        "{\"privacyAgreement\":5,\"secureUrls\":\"List(https://a)\"}",
        "\"\\\"\\\\\\\"\"",
        "{\"secureUrls\":\"List(https://가.kr/😀)\"}",
        "[\"https://a\", [\"https://b\"]]",
    ];
    for sample in samples {
        let _ = parse_secure_images(sample);
    }
    let mut rng = Rng(7);
    let alphabet: Vec<char> = "{}[]():,\"' \\hts:/pLi가😀\u{0}YN".chars().collect();
    for _ in 0..20_000 {
        let text: String = (0..rng.below(60))
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        let _ = parse_secure_images(&text);
    }
}

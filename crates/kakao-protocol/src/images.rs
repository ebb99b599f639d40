//! The secure-image plugin (`sys.plugin.secureimage`) parameter value (docs/kakao-protocol.md).
//!
//! The format is community knowledge, not documented: a JSON-encoded string such as
//! `{"privacyAgreement":"Y","imageQuantity":"2","secureUrls":"List(https://a, https://b)"}`,
//! where `secureUrls` is a Scala-style `List(...)` string rather than a JSON array.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

/// How many URLs one value may yield; the product applies its own, smaller limit.
pub const MAX_SECURE_IMAGE_URLS: usize = 50;

/// Stops at the characters that delimit URLs inside `List(a, b)`, JSON text or quotes.
const URL_PATTERN: &str = r#"(?i:https?)://[^\s,()\[\]"'<>]+"#;

/// `None` only if the literal pattern were invalid, which a unit test rules out; this keeps the
/// parser panic-free without an `expect`.
static URL_RE: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(URL_PATTERN).ok());

/// Image URLs uploaded through the secure-image plugin.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecureImages {
    /// `true` when the value stated `privacyAgreement: "Y"`; `false` when it did not say (the
    /// bare `List(...)` and single-URL forms). An explicit `"N"` is an error instead.
    pub privacy_agreed: bool,
    /// Signed, short-lived CDN URLs in upload order, duplicates removed, at most
    /// [`MAX_SECURE_IMAGE_URLS`].
    pub urls: Vec<String>,
}

/// Why a secure-image value yielded no usable images.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecureImageError {
    /// The value is neither JSON nor a bare `List(...)` or URL.
    #[error("secure-image value is not JSON, a List(...) string or a URL")]
    NotJson,
    /// The value parsed but holds no http(s) URL.
    #[error("secure-image value contains no image URL")]
    NoUrls,
    /// The user declined the privacy agreement (`privacyAgreement: "N"`).
    #[error("user did not agree to the secure-image privacy terms")]
    PrivacyNotAgreed,
}

/// Parses a secure-image parameter value (as returned by `SkillPayload::param`).
///
/// Accepts the JSON object form (with `secureUrls` as a `List(...)` string or a JSON array,
/// `imageQuantity` as a string or number, extra keys such as `expire` ignored), that object
/// encoded as a JSON string (any number of times), a bare `List(...)` string, a JSON array of
/// URLs, or a single URL.
///
/// # Errors
/// [`SecureImageError::PrivacyNotAgreed`] for `privacyAgreement: "N"`,
/// [`SecureImageError::NotJson`] for text that is none of the accepted forms,
/// [`SecureImageError::NoUrls`] when no http(s) URL is found.
pub fn parse_secure_images(raw: &str) -> Result<SecureImages, SecureImageError> {
    let mut text = raw.trim().to_owned();
    // Each pass strips one layer of string encoding and so shortens `text`: the loop ends.
    loop {
        if is_bare_list_or_url(&text) {
            return with_urls(false, extract_urls(&text));
        }
        let value: Value = serde_json::from_str(&text).map_err(|_| SecureImageError::NotJson)?;
        match value {
            Value::Object(fields) => return from_object(&fields),
            // Parameter values are sometimes stringified once more than expected. Unwrapping
            // rather than regex-scanning the string keeps a nested "N" agreement effective.
            Value::String(inner) => text = inner.trim().to_owned(),
            other => return with_urls(false, urls_in_value(&other)),
        }
    }
}

fn from_object(fields: &Map<String, Value>) -> Result<SecureImages, SecureImageError> {
    let privacy_agreed = match fields.get("privacyAgreement") {
        Some(Value::String(s)) if s.trim().eq_ignore_ascii_case("N") => {
            return Err(SecureImageError::PrivacyNotAgreed);
        }
        Some(Value::Bool(false)) => return Err(SecureImageError::PrivacyNotAgreed),
        Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("Y"),
        Some(Value::Bool(true)) => true,
        _ => false,
    };
    let urls = fields
        .get("secureUrls")
        .map(urls_in_value)
        .unwrap_or_default();
    with_urls(privacy_agreed, urls)
}

fn is_bare_list_or_url(raw: &str) -> bool {
    let lower: String = raw.chars().take(8).collect::<String>().to_ascii_lowercase();
    lower.starts_with("list(") || lower.starts_with("http://") || lower.starts_with("https://")
}

fn with_urls(privacy_agreed: bool, urls: Vec<String>) -> Result<SecureImages, SecureImageError> {
    if urls.is_empty() {
        return Err(SecureImageError::NoUrls);
    }
    Ok(SecureImages {
        privacy_agreed,
        urls,
    })
}

fn urls_in_value(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => extract_urls(s),
        Value::Array(items) => {
            let mut urls = Vec::new();
            for item in items.iter().filter_map(Value::as_str) {
                for url in extract_urls(item) {
                    push_unique(&mut urls, url);
                }
            }
            urls
        }
        _ => Vec::new(),
    }
}

fn extract_urls(text: &str) -> Vec<String> {
    let Some(re) = URL_RE.as_ref() else {
        return Vec::new();
    };
    let mut urls = Vec::new();
    for found in re.find_iter(text) {
        if urls.len() >= MAX_SECURE_IMAGE_URLS {
            break;
        }
        push_unique(&mut urls, found.as_str().to_owned());
    }
    urls
}

fn push_unique(urls: &mut Vec<String>, url: String) {
    if urls.len() < MAX_SECURE_IMAGE_URLS && !urls.contains(&url) {
        urls.push(url);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "https://dn-s.kakaocdn.net/dna/a/b/img.jpg?credential=x&expires=1&signature=s";
    const B: &str = "http://talk.kakaocdn.net/dna/c.png";

    #[test]
    fn url_pattern_compiles() {
        assert!(URL_RE.is_some());
    }

    #[test]
    fn parses_the_community_format() {
        let raw = format!(
            r#"{{"privacyAgreement":"Y","imageQuantity":"2","secureUrls":"List({A}, {B})"}}"#
        );
        let images = parse_secure_images(&raw).unwrap();
        assert!(images.privacy_agreed);
        assert_eq!(images.urls, vec![A, B]);
    }

    #[test]
    fn accepts_arrays_numbers_and_expire() {
        let raw = format!(
            r#"{{"privacyAgreement":"Y","imageQuantity":2,"expire":"600","secureUrls":["{A}","{B}"]}}"#
        );
        assert_eq!(parse_secure_images(&raw).unwrap().urls, vec![A, B]);
    }

    #[test]
    fn accepts_bare_forms() {
        let list = parse_secure_images(&format!("List({A}, {B})")).unwrap();
        assert_eq!(list.urls, vec![A, B]);
        assert!(!list.privacy_agreed);
        assert_eq!(
            parse_secure_images(&format!("  {A}  ")).unwrap().urls,
            vec![A]
        );
        let array = parse_secure_images(&format!(r#"["{A}"]"#)).unwrap();
        assert_eq!(array.urls, vec![A]);
    }

    #[test]
    fn unwraps_string_encoding_layers() {
        let inner = format!(r#"{{"privacyAgreement":"Y","secureUrls":"List({A})"}}"#);
        let raw = serde_json::to_string(&inner).unwrap();
        assert_eq!(parse_secure_images(&raw).unwrap().urls, vec![A]);
        let twice = serde_json::to_string(&raw).unwrap();
        assert_eq!(parse_secure_images(&twice).unwrap().urls, vec![A]);
        let declined = format!(r#"{{"privacyAgreement":"N","secureUrls":"List({A})"}}"#);
        let declined = serde_json::to_string(&serde_json::to_string(&declined).unwrap()).unwrap();
        assert_eq!(
            parse_secure_images(&declined),
            Err(SecureImageError::PrivacyNotAgreed)
        );
    }

    #[test]
    fn removes_duplicates_keeping_order() {
        let raw = format!("List({B}, {A}, {B}, {A})");
        assert_eq!(parse_secure_images(&raw).unwrap().urls, vec![B, A]);
    }

    #[test]
    fn caps_the_number_of_urls() {
        let many: Vec<String> = (0..120)
            .map(|i| format!("https://x.kakaocdn.net/{i}"))
            .collect();
        let raw = format!("List({})", many.join(", "));
        let images = parse_secure_images(&raw).unwrap();
        assert_eq!(images.urls.len(), MAX_SECURE_IMAGE_URLS);
        assert_eq!(images.urls[0], many[0]);
        let array = serde_json::json!({"secureUrls": many}).to_string();
        assert_eq!(
            parse_secure_images(&array).unwrap().urls.len(),
            MAX_SECURE_IMAGE_URLS
        );
    }

    #[test]
    fn refuses_declined_privacy() {
        let raw = format!(r#"{{"privacyAgreement":"N","secureUrls":"List({A})"}}"#);
        assert_eq!(
            parse_secure_images(&raw),
            Err(SecureImageError::PrivacyNotAgreed)
        );
    }

    #[test]
    fn reports_missing_urls_and_non_json() {
        assert_eq!(
            parse_secure_images(r#"{"privacyAgreement":"Y","secureUrls":"List()"}"#),
            Err(SecureImageError::NoUrls)
        );
        assert_eq!(parse_secure_images("{}"), Err(SecureImageError::NoUrls));
        assert_eq!(parse_secure_images("42"), Err(SecureImageError::NoUrls));
        assert_eq!(parse_secure_images("List()"), Err(SecureImageError::NoUrls));
        assert_eq!(parse_secure_images("hello"), Err(SecureImageError::NotJson));
        assert_eq!(parse_secure_images(""), Err(SecureImageError::NotJson));
        assert_eq!(
            parse_secure_images("{\"a\""),
            Err(SecureImageError::NotJson)
        );
    }

    #[test]
    fn error_messages_are_english_sentences() {
        assert!(
            SecureImageError::NoUrls
                .to_string()
                .contains("no image URL")
        );
        assert!(
            SecureImageError::PrivacyNotAgreed
                .to_string()
                .contains("privacy")
        );
    }
}

//! What a keyword is, and which keywords a name contains.

use std::collections::BTreeSet;

use crate::error::ValidationError;

/// A keyword as stored and matched: trimmed, lower-cased, 2 to 20 characters. Matching then
/// ignores case the way search does (both sides lower-cased character by character).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AlertKeyword(String);

impl AlertKeyword {
    /// One character would match nearly every listing.
    pub const MIN_CHARS: usize = 2;
    pub const MAX_CHARS: usize = 20;

    /// # Errors
    /// [`ValidationError`] (field `keyword`) for a keyword outside 2–20 characters after
    /// trimming, or one holding control characters.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let text = normalized(raw.trim());
        let chars = text.chars().count();
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&chars)
            || text.chars().any(char::is_control)
        {
            return Err(ValidationError::new(
                "keyword",
                format!(
                    "키워드는 {}~{}자로 입력해주세요.",
                    Self::MIN_CHARS,
                    Self::MAX_CHARS
                ),
            ));
        }
        Ok(Self(text))
    }

    /// A keyword read back from storage, which only ever holds parsed ones.
    #[must_use]
    pub fn stored(text: String) -> Self {
        Self(text)
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    #[must_use]
    pub fn into_string(self) -> String {
        self.0
    }
}

/// `text` lower-cased character by character, as keywords are stored and names are matched.
#[must_use]
pub fn normalized(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// Every keyword `name` contains: its distinct substrings of 2 to 20 characters, lower-cased.
/// Substrings that start or end with whitespace are left out, since a trimmed keyword never
/// does. A 30-character listing name gives at most 380; the lookup of these is the whole cost
/// of matching, however many keywords are stored.
#[must_use]
pub fn candidates(name: &str) -> Vec<String> {
    let chars: Vec<char> = normalized(name).chars().collect();
    let mut found = BTreeSet::new();
    for start in 0..chars.len() {
        if chars[start].is_whitespace() {
            continue;
        }
        let longest = (chars.len() - start).min(AlertKeyword::MAX_CHARS);
        for len in AlertKeyword::MIN_CHARS..=longest {
            let window = &chars[start..start + len];
            if window.last().is_some_and(|c| !c.is_whitespace()) {
                found.insert(window.iter().collect::<String>());
            }
        }
    }
    found.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn keywords_are_trimmed_lower_cased_and_2_to_20_characters() {
        assert_eq!(
            AlertKeyword::parse("  MacBook ").unwrap().as_str(),
            "macbook"
        );
        assert_eq!(AlertKeyword::parse("맥북").unwrap().as_str(), "맥북");
        assert_eq!(
            AlertKeyword::parse(&"가".repeat(20)).unwrap().as_str(),
            "가".repeat(20)
        );
        for bad in ["", "  ", "맥", " 맥 ", &"가".repeat(21), "맥\u{7}북"] {
            let err = AlertKeyword::parse(bad).unwrap_err();
            assert_eq!(err.field, "keyword", "{bad:?}");
            assert_eq!(err.message, "키워드는 2~20자로 입력해주세요.");
        }
    }

    #[test]
    fn a_name_contains_its_words_and_their_parts_but_no_single_characters() {
        let found = candidates("맥북 에어 M1");
        for keyword in ["맥북", "맥북 에어", "에어", "m1", "북 에", "에어 m1"] {
            assert!(found.contains(&keyword.to_owned()), "{keyword}");
        }
        for absent in ["맥", "맥북 ", " 에어", "M1", "맥북에어"] {
            assert!(!found.contains(&absent.to_owned()), "{absent:?}");
        }
    }

    #[test]
    fn candidates_are_distinct_and_bounded_for_the_longest_names() {
        let name = "가".repeat(30);
        assert_eq!(candidates(&name).len(), 19, "one per length 2..=20");
        let distinct: String = ('가'..).take(30).collect();
        assert_eq!(candidates(&distinct).len(), (11..=29).sum::<usize>());
    }

    proptest! {
        /// The lookup finds exactly what a scan would: a keyword is a candidate of a name iff
        /// the lower-cased name contains it.
        #[test]
        fn candidates_agree_with_a_substring_scan(
            name in "[a-cA-C가나 ]{0,24}",
            keyword in "[a-cA-C가나 ]{2,6}",
        ) {
            if let Ok(keyword) = AlertKeyword::parse(&keyword) {
                let scan = normalized(&name).contains(keyword.as_str());
                let lookup = candidates(&name).contains(&keyword.as_str().to_owned());
                prop_assert_eq!(scan, lookup);
            }
        }
    }
}

//! Validated listing fields. Each constructor trims and checks one field and, when it refuses,
//! says in Korean which field is wrong and why (the seed only said "등록 실패").

use crate::error::ValidationError;

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// A listing name: 1 to 30 characters (the commerceCard title limit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductName(String);

impl ProductName {
    /// Longest name; Kakao cuts commerceCard titles at 30.
    pub const MAX_CHARS: usize = 30;

    /// Trims and checks length.
    ///
    /// # Errors
    /// [`ValidationError`] for a blank, overlong or control-character name.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let name = raw.trim();
        if name.is_empty() || chars(name) > Self::MAX_CHARS || has_control(name) {
            return Err(ValidationError::new(
                "name",
                format!("상품명은 1~{}자로 입력해주세요.", Self::MAX_CHARS),
            ));
        }
        Ok(Self(name.to_owned()))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A price in whole won, `0 < p ≤ 100,000,000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Price(i64);

impl Price {
    /// Highest accepted price: a second-hand chat market, not a real-estate one.
    pub const MAX: i64 = 100_000_000;

    /// Accepts `15000`, `15,000`, `15,000원`, `15000 원`, `15만`, `1.5만원`.
    ///
    /// # Errors
    /// [`ValidationError`] for anything else, zero, or more than 1억.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let compact: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .collect();
        let number = compact.strip_suffix('원').unwrap_or(&compact);
        let won = match number.strip_suffix('만') {
            Some(man) => Self::parse_man(man),
            None if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => {
                number.parse::<i64>().ok()
            }
            None => None,
        };
        match won {
            Some(p) if p > 0 && p <= Self::MAX => Ok(Self(p)),
            _ => Err(ValidationError::new(
                "price",
                "가격은 1원 이상 1억원 이하의 숫자로 입력해주세요. (예: 15000, 15,000원, 1.5만)",
            )),
        }
    }

    /// `1.5` (만) → 15000; at most 4 decimals so the result is whole won.
    fn parse_man(man: &str) -> Option<i64> {
        let (int, frac) = man.split_once('.').unwrap_or((man, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !digits(int) || !digits(frac) || frac.len() > 4 || int.len() > 5 {
            return None;
        }
        let whole: i64 = int.parse().ok()?;
        let frac_won: i64 = if frac.is_empty() {
            0
        } else {
            let padded = format!("{frac:0<4}");
            padded.parse().ok()?
        };
        whole.checked_mul(10_000)?.checked_add(frac_won)
    }

    /// A price already known to be valid (stored rows).
    ///
    /// # Errors
    /// [`ValidationError`] when out of range.
    pub fn from_won(won: i64) -> Result<Self, ValidationError> {
        Self::parse(&won.to_string())
    }

    /// Whole won.
    #[must_use]
    pub fn won(self) -> i64 {
        self.0
    }

    /// `15,000` for display.
    #[must_use]
    pub fn formatted(self) -> String {
        format_won(self.0)
    }
}

/// `15000` → `15,000`, `-15000` → `-15,000`: any amount in won, as members read it. Order
/// amounts and refunds are not [`Price`]s, so this takes a plain number.
#[must_use]
pub fn format_won(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::with_capacity(1 + digits.len() + digits.len() / 3);
    if amount < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A listing description: 1 to 400 characters (textCard limit); line breaks allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description(String);

impl Description {
    pub const MAX_CHARS: usize = 400;

    /// Trims and checks length.
    ///
    /// # Errors
    /// [`ValidationError`] for a blank or overlong description.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let text = raw.trim();
        let bad_control = text.chars().any(|c| c.is_control() && c != '\n');
        if text.is_empty() || chars(text) > Self::MAX_CHARS || bad_control {
            return Err(ValidationError::new(
                "description",
                format!("상품 설명은 1~{}자로 입력해주세요.", Self::MAX_CHARS),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where seller and buyer meet: 1 to 50 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location(String);

impl Location {
    /// Longest location (the column width).
    pub const MAX_CHARS: usize = 50;

    /// Trims and checks length.
    ///
    /// # Errors
    /// [`ValidationError`] for a blank or overlong location.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let text = raw.trim();
        if text.is_empty() || chars(text) > Self::MAX_CHARS || has_control(text) {
            return Err(ValidationError::new(
                "location",
                format!("거래 희망 장소는 1~{}자로 입력해주세요.", Self::MAX_CHARS),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Kakao open-chat link, `https://open.kakao.com/o/<code>`; nothing else, so a listing can
/// never send buyers to an arbitrary site (the seed only checked `contains`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenChatUrl(String);

impl OpenChatUrl {
    /// Longest URL (the column width).
    pub const MAX_CHARS: usize = 255;
    const PREFIX: &'static str = "https://open.kakao.com/o/";

    /// Trims and checks the prefix, the code and the length.
    ///
    /// # Errors
    /// [`ValidationError`] for anything but an open-chat URL.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let url = raw.trim();
        let code_ok = url.strip_prefix(Self::PREFIX).is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_/?=&.%".contains(c))
        });
        if !code_ok || url.len() > Self::MAX_CHARS {
            return Err(ValidationError::new(
                "open_chat_url",
                "카카오 오픈채팅 주소는 https://open.kakao.com/o/ 로 시작하는 주소로 입력해주세요.",
            ));
        }
        Ok(Self(url.to_owned()))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A search keyword: 1 to 30 characters, inner whitespace kept (`아이폰 15`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyword(String);

impl Keyword {
    /// A keyword longer than any name can never match.
    pub const MAX_CHARS: usize = ProductName::MAX_CHARS;

    /// Trims and checks length.
    ///
    /// # Errors
    /// [`ValidationError`] for a blank or overlong keyword.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let text = raw.trim();
        if text.is_empty() || chars(text) > Self::MAX_CHARS || has_control(text) {
            return Err(ValidationError::new(
                "keyword",
                format!("검색어는 1~{}자로 입력해주세요.", Self::MAX_CHARS),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    /// The keyword as typed (trimmed).
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_in_common_korean_notations_parse() {
        for (raw, won) in [
            ("15000", 15_000),
            ("15,000", 15_000),
            ("15,000원", 15_000),
            (" 15000 원 ", 15_000),
            ("15만", 150_000),
            ("1.5만원", 15_000),
            ("100,000,000", 100_000_000),
            ("1", 1),
        ] {
            assert_eq!(Price::parse(raw).map(Price::won), Ok(won), "{raw}");
        }
    }

    #[test]
    fn bad_prices_name_the_price_field() {
        for raw in [
            "",
            "0",
            "-5",
            "100000001",
            "1.5",
            "abc",
            "만",
            "1.23456만",
            "15,000달러",
        ] {
            let err = Price::parse(raw).unwrap_err();
            assert_eq!(err.field, "price", "{raw}");
            assert!(err.message.contains("가격"), "{raw}");
        }
    }

    #[test]
    fn price_formats_with_thousands_separators() {
        assert_eq!(Price::parse("1234567").unwrap().formatted(), "1,234,567");
        assert_eq!(Price::parse("999").unwrap().formatted(), "999");
    }

    #[test]
    fn any_amount_formats_with_thousands_separators_and_its_sign() {
        for (amount, want) in [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (15_000, "15,000"),
            (-15_000, "-15,000"),
            (-999, "-999"),
            (i64::MAX, "9,223,372,036,854,775,807"),
            (i64::MIN, "-9,223,372,036,854,775,808"),
        ] {
            assert_eq!(format_won(amount), want, "{amount}");
        }
    }

    #[test]
    fn name_is_limited_to_30_characters() {
        assert!(ProductName::parse(&"가".repeat(30)).is_ok());
        let err = ProductName::parse(&"가".repeat(31)).unwrap_err();
        assert_eq!(err.field, "name");
        assert!(err.message.contains("상품명"));
        assert!(ProductName::parse("  ").is_err());
    }

    #[test]
    fn description_and_location_limits() {
        assert!(Description::parse(&"가".repeat(400)).is_ok());
        assert!(Description::parse("줄1\n줄2").is_ok());
        let err = Description::parse(&"가".repeat(401)).unwrap_err();
        assert!(err.message.contains("상품 설명"));
        assert!(Location::parse("강남역 2번 출구").is_ok());
        let err = Location::parse("").unwrap_err();
        assert_eq!(err.field, "location");
        assert!(err.message.contains("거래 희망 장소"));
        assert!(Location::parse(&"가".repeat(51)).is_err());
    }

    #[test]
    fn only_kakao_open_chat_urls_are_accepted() {
        assert!(OpenChatUrl::parse("https://open.kakao.com/o/sAbC123").is_ok());
        for raw in [
            "http://open.kakao.com/o/abc",
            "https://open.kakao.com/o/",
            "https://evil.com/?https://open.kakao.com/o/abc",
            "https://open.kakao.com/o/abc def",
            "https://open.kakao.com.evil.com/o/abc",
        ] {
            let err = OpenChatUrl::parse(raw).unwrap_err();
            assert_eq!(err.field, "open_chat_url", "{raw}");
            assert!(err.message.contains("오픈채팅"));
        }
        let long = format!("https://open.kakao.com/o/{}", "a".repeat(240));
        assert!(OpenChatUrl::parse(&long).is_err());
    }
}

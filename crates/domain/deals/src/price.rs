//! Prices as the deal board writes them: `￦ 25,900 (KRW)`, `1,234,000원 (KRW)`, `$12.99 (USD)`,
//! `무료`, and whatever else a poster typed.
//!
//! The seed took the token after the first space, dropped commas and decimals, and the last token
//! without parentheses as the currency; it threw on anything else. We keep its results for the
//! board's usual format and never fail: an unreadable price is `None`, shown as the original text.

use std::fmt;

/// An ISO 4217-style code: three upper-case ASCII letters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Currency(String);

impl Currency {
    /// Korean won, the board's default.
    #[must_use]
    pub fn krw() -> Self {
        Self("KRW".to_owned())
    }

    /// Accepts three ASCII letters in any case.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        let code = raw.trim();
        (code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()))
            .then(|| Self(code.to_ascii_uppercase()))
    }

    /// The code, e.g. `KRW`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is the won, the only currency Kakao's commerceCard shows.
    #[must_use]
    pub fn is_krw(&self) -> bool {
        self.0 == "KRW"
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A listed price: whole units of a currency (cents dropped, as the seed did), or unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Price {
    amount: Option<u64>,
    currency: Currency,
}

impl Price {
    /// A known price.
    #[must_use]
    pub fn new(amount: u64, currency: Currency) -> Self {
        Self {
            amount: Some(amount),
            currency,
        }
    }

    /// A price nobody could read.
    #[must_use]
    pub fn unknown(currency: Currency) -> Self {
        Self {
            amount: None,
            currency,
        }
    }

    /// Whole units, or `None` when the text held no readable number.
    #[must_use]
    pub fn amount(&self) -> Option<u64> {
        self.amount
    }

    /// The currency, `KRW` unless the text said otherwise.
    #[must_use]
    pub fn currency(&self) -> &Currency {
        &self.currency
    }

    /// Reads a price as the board writes it; never fails.
    ///
    /// - the first run of digits (with `,` thousands separators and an optional `.` decimal part)
    ///   is the amount; decimals are dropped, like the seed did (`$12.99` → 12);
    /// - `무료` or `free` without any digit is 0;
    /// - the currency is a trailing `(XYZ)` code, else a symbol or word (`$`, `€`, `£`, `¥`,
    ///   `원`, `₩`...), else a bare three-letter code, else KRW;
    /// - no digit, an amount beyond `i64::MAX` (Kakao's price is a signed 64-bit integer) →
    ///   unknown.
    #[must_use]
    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        let currency = currency_of(text);
        match amount_of(text) {
            Some(amount) => Self::new(amount, currency),
            None if is_free(text) => Self::new(0, currency),
            None => Self::unknown(currency),
        }
    }
}

fn is_free(text: &str) -> bool {
    text.contains("무료") || text.to_ascii_lowercase().contains("free")
}

/// The integer part of the first number in `text`.
fn amount_of(text: &str) -> Option<u64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let run: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect();
    let run = run.trim_end_matches([',', '.']);
    // Several dots can only be thousands separators ("1.234.000"); one dot is a decimal point.
    let integer: String = if run.matches('.').count() > 1 {
        run.chars().filter(char::is_ascii_digit).collect()
    } else {
        let whole = run.split('.').next().unwrap_or_default();
        whole.chars().filter(char::is_ascii_digit).collect()
    };
    let amount: u64 = integer.parse().ok()?;
    (i64::try_from(amount).is_ok()).then_some(amount)
}

fn currency_of(text: &str) -> Currency {
    if let Some(code) = trailing_code(text) {
        return code;
    }
    const SYMBOLS: [(&str, &str); 11] = [
        ("US$", "USD"),
        ("$", "USD"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("¥", "JPY"),
        ("￥", "JPY"),
        ("엔", "JPY"),
        ("위안", "CNY"),
        ("₩", "KRW"),
        ("￦", "KRW"),
        ("원", "KRW"),
    ];
    if let Some(code) = SYMBOLS
        .iter()
        .find(|(symbol, _)| text.contains(symbol))
        .and_then(|(_, code)| Currency::parse(code))
    {
        return code;
    }
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() == 3 && word.bytes().all(|b| b.is_ascii_uppercase()))
        .find_map(Currency::parse)
        .unwrap_or_else(Currency::krw)
}

/// `(USD)` at the end of the text (the seed's "last token without parentheses").
fn trailing_code(text: &str) -> Option<Currency> {
    let inner = text.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    Currency::parse(&inner[open + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (Option<u64>, String) {
        let price = Price::parse(text);
        (price.amount(), price.currency().to_string())
    }

    #[test]
    fn reads_the_boards_usual_format() {
        assert_eq!(parsed("￦ 25,900 (KRW)"), (Some(25_900), "KRW".into()));
        assert_eq!(parsed("$ 129.99 (USD)"), (Some(129), "USD".into()));
    }

    #[test]
    fn reads_the_odd_formats_from_the_issue() {
        assert_eq!(parsed("1,234,000원 (KRW)"), (Some(1_234_000), "KRW".into()));
        assert_eq!(parsed("무료"), (Some(0), "KRW".into()));
        assert_eq!(parsed("$12.99 (USD)"), (Some(12), "USD".into()));
    }

    #[test]
    fn infers_the_currency_from_symbols_and_words() {
        assert_eq!(parsed("$5"), (Some(5), "USD".into()));
        assert_eq!(parsed("€ 15"), (Some(15), "EUR".into()));
        assert_eq!(parsed("1500엔"), (Some(1500), "JPY".into()));
        assert_eq!(parsed("39,000원"), (Some(39_000), "KRW".into()));
        assert_eq!(parsed("USD 42"), (Some(42), "USD".into()));
        assert_eq!(parsed("42 (usd)"), (Some(42), "USD".into()));
    }

    #[test]
    fn reads_dots_as_thousands_separators_when_there_are_several() {
        assert_eq!(parsed("1.234.000원"), (Some(1_234_000), "KRW".into()));
    }

    #[test]
    fn digits_win_over_the_word_free() {
        assert_eq!(parsed("무료배송 12,000원"), (Some(12_000), "KRW".into()));
        assert_eq!(parsed("FREE"), (Some(0), "KRW".into()));
    }

    #[test]
    fn garbage_is_unknown_and_never_panics() {
        for text in [
            "",
            "   ",
            "가격 문의",
            "(",
            ")",
            "()",
            "(KRW",
            "...,,,",
            "￦",
            "99999999999999999999999999",
            "9223372036854775808",
            "😀 (💰)",
        ] {
            let price = Price::parse(text);
            assert!(price.amount().is_none(), "{text:?} gave {price:?}");
        }
        assert_eq!(
            parsed("9223372036854775807"),
            (Some(9_223_372_036_854_775_807), "KRW".into())
        );
    }
}

//! Parcel tracking numbers as sellers type them.

use std::fmt;

use crate::error::ValidationError;

/// A parcel tracking number.
///
/// Rule: after removing hyphens and spaces (people copy `1234-5678-9012` from receipts), what
/// remains must be 9 to 14 ASCII digits. Korean couriers use 10–13 digits (CJ 10/12, 우체국 13,
/// 한진/롯데 12, 편의점 택배 9–14 with prefixes dropped); the range covers them with a
/// little slack while still catching phone numbers typed by mistake only when they fall outside
/// it. Letters are refused: no Korean domestic courier issues them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TrackingNumber(String);

impl TrackingNumber {
    pub const MIN_DIGITS: usize = 9;
    pub const MAX_DIGITS: usize = 14;

    /// Validates and normalises (digits only).
    ///
    /// # Errors
    /// [`ValidationError`] with a Korean message when the rule above is not met.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let digits: String = raw
            .trim()
            .chars()
            .filter(|c| *c != '-' && *c != ' ')
            .collect();
        let len = digits.chars().count();
        if !digits.chars().all(|c| c.is_ascii_digit())
            || !(Self::MIN_DIGITS..=Self::MAX_DIGITS).contains(&len)
        {
            return Err(ValidationError::new(
                "tracking_number",
                "운송장번호는 숫자 9~14자리로 입력해 주세요. (하이픈은 빼도 됩니다)",
            ));
        }
        Ok(Self(digits))
    }

    /// The digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TrackingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_digits_and_strips_hyphens_and_spaces() {
        for (raw, want) in [
            ("123456789", "123456789"),
            ("12345678901234", "12345678901234"),
            ("6892-1234-5678", "689212345678"),
            (" 6892 1234 5678 ", "689212345678"),
        ] {
            assert_eq!(TrackingNumber::parse(raw).unwrap().as_str(), want, "{raw}");
        }
    }

    #[test]
    fn refuses_short_long_letters_and_blank() {
        for raw in [
            "",
            "   ",
            "12345678",
            "123456789012345",
            "12345678a",
            "ABC123456789",
            "１２３４５６７８９０",
            "---",
        ] {
            let err = TrackingNumber::parse(raw).unwrap_err();
            assert_eq!(err.field, "tracking_number", "{raw}");
        }
    }
}

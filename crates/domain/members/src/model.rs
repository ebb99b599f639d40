//! Member entities and the validated values they are made of.

use chrono::{DateTime, Utc};

pub use junggye_domain_common::MemberId;
use junggye_domain_common::ValidationError;

use crate::error::MemberError;

/// Kakao's `botUserKey`: stable per user within one bot, at most 70 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserKey(String);

impl UserKey {
    /// Kakao documents user ids of at most 70 characters.
    pub const MAX_CHARS: usize = 70;

    /// Accepts a non-blank key of at most 70 characters.
    ///
    /// # Errors
    /// [`ValidationError`] for a blank or overlong key.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let key = raw.trim();
        if key.is_empty()
            || key.chars().count() > Self::MAX_CHARS
            || key.chars().any(char::is_control)
        {
            return Err(ValidationError::new(
                "user_key",
                "사용자 정보가 올바르지 않습니다.",
            ));
        }
        Ok(Self(key.to_owned()))
    }

    /// The key as Kakao sent it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name other members see on listings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nickname(String);

impl Nickname {
    /// Longest nickname; it must fit a commerceCard profile next to the seller's picture.
    pub const MAX_CHARS: usize = 20;
    pub const MIN_CHARS: usize = 2;

    /// Trims and checks length and characters.
    ///
    /// # Errors
    /// [`ValidationError`] with a Korean message naming the rule.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let name = raw.trim();
        let len = name.chars().count();
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&len) {
            return Err(ValidationError::new(
                "name",
                format!(
                    "닉네임은 {}~{}자로 입력해주세요.",
                    Self::MIN_CHARS,
                    Self::MAX_CHARS
                ),
            ));
        }
        if name
            .chars()
            .any(|c| c.is_control() || matches!(c, '<' | '>' | '"' | '\\'))
        {
            return Err(ValidationError::new(
                "name",
                "닉네임에 사용할 수 없는 문자가 있습니다.",
            ));
        }
        Ok(Self(name.to_owned()))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Korean mobile number, stored as digits only (`01012345678`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Accepts `010-1234-5678`, `010 1234 5678`, `01012345678` and `+82 10-1234-5678`.
    ///
    /// # Errors
    /// [`ValidationError`] unless the digits form a Korean mobile number (01X, 10–11 digits).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let trimmed = raw.trim();
        let (international, rest) = match trimmed.strip_prefix("+82") {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        if rest
            .chars()
            .any(|c| !(c.is_ascii_digit() || matches!(c, '-' | ' ' | '.' | '(' | ')')))
        {
            return Err(Self::invalid());
        }
        let mut digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        if international && !digits.starts_with('0') {
            digits.insert(0, '0');
        }
        let valid_prefix = digits.len() >= 3
            && digits.starts_with("01")
            && matches!(
                digits.as_bytes()[2],
                b'0' | b'1' | b'6' | b'7' | b'8' | b'9'
            );
        // 010 numbers have had 8 subscriber digits since 2004; the old 01X numbers may have 7.
        let valid_len = if digits.starts_with("010") {
            digits.len() == 11
        } else {
            (10..=11).contains(&digits.len())
        };
        if !(valid_prefix && valid_len) {
            return Err(Self::invalid());
        }
        Ok(Self(digits))
    }

    fn invalid() -> ValidationError {
        ValidationError::new(
            "phone",
            "연락처는 휴대폰 번호로 입력해주세요. (예: 010-1234-5678)",
        )
    }

    /// Digits only, as stored.
    #[must_use]
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// `010-1234-5678` for display.
    #[must_use]
    pub fn formatted(&self) -> String {
        let d = &self.0;
        let (head, tail) = d.split_at(3);
        let middle = tail.len() - 4;
        format!("{head}-{}-{}", &tail[..middle], &tail[middle..])
    }

    /// `010-****-5678`, for places where others may see it.
    #[must_use]
    pub fn masked(&self) -> String {
        let d = &self.0;
        format!("{}-****-{}", &d[..3], &d[d.len() - 4..])
    }
}

/// Member grade by completed trades; admins may also set it by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    /// 0+ completed trades.
    Bronze,
    /// 10+.
    Silver,
    /// 100+.
    Platinum,
    /// 1000+.
    Diamond,
}

impl Grade {
    /// Every grade, lowest first.
    pub const ALL: [Self; 4] = [Self::Bronze, Self::Silver, Self::Platinum, Self::Diamond];

    /// The grade earned by this many completed trades.
    #[must_use]
    pub fn for_completed_trades(trades: u32) -> Self {
        match trades {
            1000.. => Self::Diamond,
            100.. => Self::Platinum,
            10.. => Self::Silver,
            _ => Self::Bronze,
        }
    }

    /// Code used in storage and APIs.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Bronze => "bronze",
            Self::Silver => "silver",
            Self::Platinum => "platinum",
            Self::Diamond => "diamond",
        }
    }

    /// Parses a [`Grade::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.code() == code)
    }

    /// Korean label shown in the bot.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Bronze => "브론즈",
            Self::Silver => "실버",
            Self::Platinum => "플래티넘",
            Self::Diamond => "다이아몬드",
        }
    }
}

/// Lifecycle of a member row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemberStatus {
    /// May read and write.
    Active,
    /// Set by an admin: may read, may not write.
    Suspended,
    /// Soft-deleted; the user may join again.
    Withdrawn,
}

impl MemberStatus {
    /// Code used in storage and APIs.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// Parses a [`MemberStatus::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Active, Self::Suspended, Self::Withdrawn]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// A member as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: MemberId,
    /// Kakao `botUserKey`.
    pub user_key: UserKey,
    /// Kakao `plusfriendUserKey`, kept when Kakao sends it.
    pub plusfriend_user_key: Option<String>,
    pub nickname: Nickname,
    pub phone: PhoneNumber,
    /// Where the profile picture is stored (an image-store key), if any.
    pub profile_image: Option<String>,
    pub grade: Grade,
    pub status: MemberStatus,
    /// Trades completed as buyer or seller.
    pub completed_trades: u32,
    /// 매너온도, recomputed by storage whenever the trade history changes.
    pub manner: crate::MannerScore,
    /// When the member (last) joined.
    pub joined_at: DateTime<Utc>,
}

impl Member {
    /// Whether the member exists for the bot (not withdrawn).
    #[must_use]
    pub fn is_member(&self) -> bool {
        self.status != MemberStatus::Withdrawn
    }

    /// The capability every use case that writes requires: suspended members keep read access
    /// only, and a withdrawn member is no member at all.
    ///
    /// # Errors
    /// [`MemberError::Suspended`] or [`MemberError::NotFound`] (withdrawn).
    pub fn into_active(self) -> Result<ActiveMember, MemberError> {
        match self.status {
            MemberStatus::Active => Ok(ActiveMember(self)),
            MemberStatus::Suspended => Err(MemberError::Suspended),
            MemberStatus::Withdrawn => Err(MemberError::NotFound),
        }
    }
}

/// A member who may write (list, buy, ship, change their profile). Only
/// [`Member::into_active`] makes one, so a use case that takes `&ActiveMember` cannot be
/// reached by a suspended or withdrawn member, whichever adapter calls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveMember(Member);

impl ActiveMember {
    #[must_use]
    pub fn id(&self) -> MemberId {
        self.0.id
    }

    #[must_use]
    pub fn member(&self) -> &Member {
        &self.0
    }

    #[must_use]
    pub fn into_member(self) -> Member {
        self.0
    }
}

/// What a join stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    /// Kakao `botUserKey`.
    pub user_key: UserKey,
    /// Kakao `plusfriendUserKey`.
    pub plusfriend_user_key: Option<String>,
    pub nickname: Nickname,
    pub phone: PhoneNumber,
    pub joined_at: DateTime<Utc>,
}

/// Trades that block a withdrawal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpenTrades {
    /// Open (paid, shipped or purchase-confirmed) orders where the member is the buyer.
    pub as_buyer: u32,
    /// Open (paid, shipped or purchase-confirmed) orders where the member is the seller.
    pub as_seller: u32,
}

impl OpenTrades {
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.as_buyer == 0 && self.as_seller == 0
    }
}

/// What an admin searches members by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberFilter {
    /// Part of the nickname, user key or phone digits.
    pub query: Option<String>,
    /// Only members in this status.
    pub status: Option<MemberStatus>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_accepts_common_korean_spellings() {
        for raw in [
            "010-1234-5678",
            "01012345678",
            " 010 1234 5678 ",
            "+82 10-1234-5678",
            "+821012345678",
        ] {
            assert_eq!(
                PhoneNumber::parse(raw).map(|p| p.digits().to_owned()),
                Ok("01012345678".into()),
                "{raw}"
            );
        }
        assert_eq!(
            PhoneNumber::parse("011-123-4567").map(|p| p.formatted()),
            Ok("011-123-4567".into())
        );
    }

    #[test]
    fn phone_rejects_landlines_short_numbers_and_letters() {
        for raw in [
            "02-123-4567",
            "010-123-456",
            "0101234567",
            "010-1234-56789",
            "공일공",
            "010-abcd-5678",
            "",
            "-",
        ] {
            let err = PhoneNumber::parse(raw).err();
            assert_eq!(err.map(|e| e.field), Some("phone"), "{raw}");
        }
    }

    #[test]
    fn phone_formats_and_masks() {
        let p = PhoneNumber::parse("01098765432").unwrap();
        assert_eq!(p.formatted(), "010-9876-5432");
        assert_eq!(p.masked(), "010-****-5432");
    }

    #[test]
    fn nickname_counts_characters_not_bytes() {
        assert!(Nickname::parse("김철수").is_ok());
        assert!(Nickname::parse(&"가".repeat(20)).is_ok());
        assert!(Nickname::parse(&"가".repeat(21)).is_err());
        assert!(Nickname::parse(" 김 ").is_err());
        assert!(Nickname::parse("<script>").is_err());
    }

    #[test]
    fn grade_follows_completed_trades() {
        assert_eq!(Grade::for_completed_trades(0), Grade::Bronze);
        assert_eq!(Grade::for_completed_trades(9), Grade::Bronze);
        assert_eq!(Grade::for_completed_trades(10), Grade::Silver);
        assert_eq!(Grade::for_completed_trades(100), Grade::Platinum);
        assert_eq!(Grade::for_completed_trades(1000), Grade::Diamond);
        assert_eq!(Grade::from_code("silver"), Some(Grade::Silver));
    }

    #[test]
    fn user_key_is_bounded() {
        assert!(UserKey::parse(&"a".repeat(70)).is_ok());
        assert!(UserKey::parse(&"a".repeat(71)).is_err());
        assert!(UserKey::parse("  ").is_err());
    }
}

//! The notice model and its validation.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NoticeId(pub i64);

/// How the bot shows a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// A card with the notice's image (`image_url` required).
    BasicCard,
    /// Text only.
    TextCard,
}

impl NoticeKind {
    /// Stored code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::BasicCard => "basic_card",
            Self::TextCard => "text_card",
        }
    }

    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "basic_card" => Some(Self::BasicCard),
            "text_card" => Some(Self::TextCard),
            _ => None,
        }
    }
}

/// Where a notice shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeStatus {
    /// 메인: listed first.
    Pinned,
    /// 작성: listed by date.
    Published,
    /// 숨김: not shown in the bot.
    Hidden,
}

impl NoticeStatus {
    /// Stored code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Pinned => "pinned",
            Self::Published => "published",
            Self::Hidden => "hidden",
        }
    }

    /// Korean label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Pinned => "메인",
            Self::Published => "작성",
            Self::Hidden => "숨김",
        }
    }

    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "pinned" => Some(Self::Pinned),
            "published" => Some(Self::Published),
            "hidden" => Some(Self::Hidden),
            _ => None,
        }
    }

    /// Whether the bot shows it.
    #[must_use]
    pub fn is_visible(self) -> bool {
        !matches!(self, Self::Hidden)
    }
}

/// A link button under a notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeButton {
    /// Label, 1..=14 characters (Kakao's button limit).
    pub label: String,
    /// `http(s)://` URL opened by the button.
    pub url: String,
}

/// A notice as written by an admin, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeDraft {
    /// Card type.
    pub kind: NoticeKind,
    /// Title, 1..=50 characters.
    pub title: String,
    /// Body; long bodies are cut to the card's limit when shown.
    pub body: String,
    /// Image for a basicCard.
    pub image_url: Option<String>,
    /// At most 3 buttons.
    pub buttons: Vec<NoticeButton>,
    /// Visibility.
    pub status: NoticeStatus,
    /// Admin who wrote it.
    pub author: Option<String>,
}

/// A stored notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub id: NoticeId,
    pub draft: NoticeDraft,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What notice use cases refuse.
#[derive(Debug, thiserror::Error)]
pub enum NoticeError {
    /// No such notice (or not visible to the bot).
    #[error("notice not found")]
    NotFound,
    /// A field breaks a rule; the message is Korean and names the field.
    #[error("{0}")]
    Invalid(String),
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl NoticeDraft {
    /// Longest title (Kakao's card title limit).
    pub const TITLE_MAX: usize = 50;
    /// Longest body kept; cards cut it further when shown.
    pub const BODY_MAX: usize = 5000;
    /// Buttons per card (Kakao: 3 vertical).
    pub const BUTTONS_MAX: usize = 3;
    /// Longest button label (Kakao: 14).
    pub const BUTTON_LABEL_MAX: usize = 14;
    /// Longest URL the column holds.
    pub const URL_MAX: usize = 512;

    /// Checks every field, trimming the title.
    ///
    /// # Errors
    /// [`NoticeError::Invalid`] naming the first bad field.
    pub fn validate(mut self) -> Result<Self, NoticeError> {
        self.title = self.title.trim().to_owned();
        let title_len = self.title.chars().count();
        if title_len == 0 || title_len > Self::TITLE_MAX {
            return Err(invalid("제목은 1~50자로 입력해주세요."));
        }
        if self.body.trim().is_empty() || self.body.chars().count() > Self::BODY_MAX {
            return Err(invalid("본문은 1~5000자로 입력해주세요."));
        }
        self.image_url = self.image_url.filter(|u| !u.trim().is_empty());
        if let Some(url) = &self.image_url
            && !is_web_url(url)
        {
            return Err(invalid(
                "이미지 주소는 http(s):// 로 시작하는 512자 이하의 주소여야 합니다.",
            ));
        }
        if self.kind == NoticeKind::BasicCard && self.image_url.is_none() {
            return Err(invalid(
                "이미지형(basicCard) 공지에는 이미지 주소가 필요합니다.",
            ));
        }
        if self.buttons.len() > Self::BUTTONS_MAX {
            return Err(invalid("버튼은 최대 3개까지 달 수 있습니다."));
        }
        for button in &mut self.buttons {
            button.label = button.label.trim().to_owned();
            let n = button.label.chars().count();
            if n == 0 || n > Self::BUTTON_LABEL_MAX {
                return Err(invalid("버튼 이름은 1~14자로 입력해주세요."));
            }
            if !is_web_url(&button.url) {
                return Err(invalid(
                    "버튼 주소는 http(s):// 로 시작하는 512자 이하의 주소여야 합니다.",
                ));
            }
        }
        Ok(self)
    }
}

fn invalid(message: &str) -> NoticeError {
    NoticeError::Invalid(message.to_owned())
}

fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() <= NoticeDraft::URL_MAX
        && !url.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> NoticeDraft {
        NoticeDraft {
            kind: NoticeKind::TextCard,
            title: " 서비스 점검 안내 ".into(),
            body: "본문".into(),
            image_url: None,
            buttons: vec![],
            status: NoticeStatus::Published,
            author: None,
        }
    }

    #[test]
    fn trims_and_accepts_a_valid_draft() {
        assert_eq!(draft().validate().unwrap().title, "서비스 점검 안내");
    }

    #[test]
    fn refuses_bad_fields_naming_them() {
        let long_title = NoticeDraft {
            title: "가".repeat(51),
            ..draft()
        };
        assert!(
            long_title
                .validate()
                .unwrap_err()
                .to_string()
                .contains("제목")
        );
        let basic_without_image = NoticeDraft {
            kind: NoticeKind::BasicCard,
            ..draft()
        };
        assert!(
            basic_without_image
                .validate()
                .unwrap_err()
                .to_string()
                .contains("이미지")
        );
        let four_buttons = NoticeDraft {
            buttons: vec![
                NoticeButton {
                    label: "a".into(),
                    url: "https://a".into()
                };
                4
            ],
            ..draft()
        };
        assert!(
            four_buttons
                .validate()
                .unwrap_err()
                .to_string()
                .contains("버튼")
        );
        let script_button = NoticeDraft {
            buttons: vec![NoticeButton {
                label: "열기".into(),
                url: "javascript:alert(1)".into(),
            }],
            ..draft()
        };
        assert!(script_button.validate().is_err());
    }

    #[test]
    fn codes_round_trip() {
        for s in [
            NoticeStatus::Pinned,
            NoticeStatus::Published,
            NoticeStatus::Hidden,
        ] {
            assert_eq!(NoticeStatus::parse(s.code()), Some(s));
        }
        for k in [NoticeKind::BasicCard, NoticeKind::TextCard] {
            assert_eq!(NoticeKind::parse(k.code()), Some(k));
        }
        assert!(!NoticeStatus::Hidden.is_visible());
    }
}

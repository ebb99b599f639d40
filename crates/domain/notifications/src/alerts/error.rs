use crate::error::{NotificationError, ValidationError};

/// Everything a keyword-alert use case can refuse. The Korean wording of each refusal is the
/// skill adapter's, except a [`ValidationError`]'s, which is shown as it is.
#[derive(Debug, thiserror::Error)]
pub enum AlertError {
    /// Blank, too short, too long, or with control characters.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The member already keeps `max` keywords.
    #[error("at most {max} keywords")]
    TooMany { max: u32 },
    /// The member already keeps this keyword.
    #[error("keyword already registered")]
    Duplicate,
    /// The member keeps no such keyword.
    #[error("no such keyword")]
    NotFound,
    /// Storage or another dependency failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<NotificationError> for AlertError {
    fn from(err: NotificationError) -> Self {
        match err {
            NotificationError::Unexpected(e) => Self::Unexpected(e),
            other => Self::Unexpected(anyhow::Error::new(other)),
        }
    }
}

pub use junggye_domain_common::ValidationError;

/// Everything a notification use case can refuse.
#[derive(Debug, thiserror::Error)]
pub enum NotificationError {
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The admin asked to retry a push that is missing, still on its way, or delivered.
    #[error("this notification's push cannot be retried")]
    NotRetryable,
    /// Storage or another dependency failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// A push send or task lookup that did not work. Whether the send may be tried again depends
/// on whether Kakao can have accepted it: a push goes out at most once.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// Kakao certainly did not accept the request (no connection, an error status, a `FAIL`
    /// or `ERROR` answer): the push is retried.
    #[error("push not sent: {0}")]
    NotSent(#[source] anyhow::Error),
    /// The request may have reached Kakao (a timeout after it was written, an unreadable
    /// answer): the push is not retried, and stays in the inbox.
    #[error("push outcome unknown: {0}")]
    Unknown(#[source] anyhow::Error),
}

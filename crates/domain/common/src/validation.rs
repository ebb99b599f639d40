//! The one error for a field a person typed that we cannot accept.

/// The message is a Korean sentence naming the field and the rule, shown to the person as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ValidationError {
    /// `name`, `price`, `phone`, ...: lets an API name the offending field.
    pub field: &'static str,
    pub message: String,
}

impl ValidationError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

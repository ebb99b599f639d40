//! Output-context control (docs/kakao-protocol.md, replies).

use std::collections::BTreeMap;

use serde::Serialize;

use super::limits::{At, LimitError};

/// One output context to set or, with a life span of 0, delete. Only contexts configured on the
/// block in the admin UI take effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[must_use]
pub struct ContextValue {
    name: String,
    life_span: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    ttl: Option<u32>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    params: BTreeMap<String, String>,
}

impl ContextValue {
    /// Keeps context `name` alive for `life_span` turns (`0` deletes it).
    pub fn new(name: impl Into<String>, life_span: u32) -> Self {
        Self {
            name: name.into(),
            life_span,
            ttl: None,
            params: BTreeMap::new(),
        }
    }

    /// Expiry in seconds.
    pub fn ttl(mut self, seconds: u32) -> Self {
        self.ttl = Some(seconds);
        self
    }

    /// Sets a parameter; Kakao takes strings only, so stringify other types first.
    pub fn param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.insert(key.into(), value.into());
        self
    }

    pub(crate) fn check(&self, at: &At) -> Result<(), LimitError> {
        at.required("name", &self.name, usize::MAX)
    }
}

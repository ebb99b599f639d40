//! Blocks between members (docs/safety.md): the blocker stops seeing the blocked member's
//! listings, and neither side may offer on or pay for the other's listings. The listing reads
//! and the trade use cases ask [`BlockRepository`] through the functions here.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use junggye_domain_common::Clock;

use crate::model::{ActiveMember, MemberId, MemberStatus};
use crate::ports::MemberRepository;

/// What a block use case can refuse.
#[derive(Debug, thiserror::Error)]
pub enum BlockError {
    /// A member cannot block themselves.
    #[error("cannot block oneself")]
    OwnAccount,
    /// No such member, or one who has withdrawn.
    #[error("member not found")]
    NotFound,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait BlockRepository: Send + Sync {
    /// Removes the pair `blocker → blocked` when stored, else stores it; `true` when blocked
    /// now. A racing double tap must not store the pair twice.
    ///
    /// # Errors
    /// [`BlockError::Unexpected`] on storage failure.
    async fn toggle(
        &self,
        blocker: MemberId,
        blocked: MemberId,
        at: DateTime<Utc>,
    ) -> Result<bool, BlockError>;

    /// The members `blocker` blocked.
    ///
    /// # Errors
    /// [`BlockError::Unexpected`] on storage failure.
    async fn blocked_by(&self, blocker: MemberId) -> Result<Vec<MemberId>, BlockError>;

    /// Whether either member blocked the other.
    ///
    /// # Errors
    /// [`BlockError::Unexpected`] on storage failure.
    async fn either_way(&self, a: MemberId, b: MemberId) -> Result<bool, BlockError>;
}

/// No blocks at all: for services built without the block store (tests of other concerns).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoBlocks;

#[async_trait]
impl BlockRepository for NoBlocks {
    async fn toggle(&self, _: MemberId, _: MemberId, _: DateTime<Utc>) -> Result<bool, BlockError> {
        Ok(false)
    }

    async fn blocked_by(&self, _: MemberId) -> Result<Vec<MemberId>, BlockError> {
        Ok(Vec::new())
    }

    async fn either_way(&self, _: MemberId, _: MemberId) -> Result<bool, BlockError> {
        Ok(false)
    }
}

pub struct BlockService {
    repo: Arc<dyn BlockRepository>,
    members: Arc<dyn MemberRepository>,
    clock: Arc<dyn Clock>,
}

impl BlockService {
    pub fn new(
        repo: Arc<dyn BlockRepository>,
        members: Arc<dyn MemberRepository>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            repo,
            members,
            clock,
        }
    }

    /// The same button blocks and unblocks; `true` when `target` is blocked now.
    ///
    /// # Errors
    /// [`BlockError::OwnAccount`] for oneself, [`BlockError::NotFound`] for an unknown or
    /// withdrawn member.
    pub async fn toggle(&self, actor: &ActiveMember, target: MemberId) -> Result<bool, BlockError> {
        if actor.id() == target {
            return Err(BlockError::OwnAccount);
        }
        let found = self
            .members
            .find_by_id(target)
            .await
            .map_err(|e| BlockError::Unexpected(e.into()))?;
        match found {
            Some(member) if member.status != MemberStatus::Withdrawn => {}
            _ => return Err(BlockError::NotFound),
        }
        self.repo.toggle(actor.id(), target, self.clock.now()).await
    }

    /// Whether `viewer` blocked `member` (a guest blocked nobody).
    ///
    /// # Errors
    /// [`BlockError::Unexpected`] on storage failure.
    pub async fn has_blocked(
        &self,
        viewer: Option<MemberId>,
        member: MemberId,
    ) -> Result<bool, BlockError> {
        Ok(self.hidden_sellers(viewer).await?.contains(&member))
    }

    /// Whose listings `viewer` is not shown: the members they blocked.
    ///
    /// # Errors
    /// [`BlockError::Unexpected`] on storage failure.
    pub async fn hidden_sellers(
        &self,
        viewer: Option<MemberId>,
    ) -> Result<Vec<MemberId>, BlockError> {
        match viewer {
            Some(viewer) => self.repo.blocked_by(viewer).await,
            None => Ok(Vec::new()),
        }
    }

    /// Whether a block stands between `a` and `b`, whoever made it: then neither trades with
    /// the other.
    ///
    /// # Errors
    /// [`BlockError::Unexpected`] on storage failure.
    pub async fn either_way(&self, a: MemberId, b: MemberId) -> Result<bool, BlockError> {
        self.repo.either_way(a, b).await
    }
}

#[cfg(test)]
mod tests;

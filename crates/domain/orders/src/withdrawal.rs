//! What a withdrawal does. It lives with the orders because trades decide it: a member with
//! money in escrow (either side) may not leave, and leaving takes their listings with them.

use std::sync::Arc;

use async_trait::async_trait;
use junggye_members::{Member, MemberError, MemberId, MemberService, OpenTrades};
use junggye_products::{ProductStatus, StatusChange};

use crate::model::OrderStatus;

/// Everything a withdrawal changes, as typed values the store applies in one transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WithdrawalPlan {
    pub member: MemberId,
    /// Orders in these statuses (on either side) refuse the withdrawal, re-checked inside
    /// the transaction so a payment cannot slip in between the check and the write.
    pub blocking_orders: &'static [OrderStatus],
    /// What happens to the member's listings; their photos and the profile picture are queued
    /// for removal from the image store.
    pub listings: StatusChange,
}

impl WithdrawalPlan {
    #[must_use]
    pub fn for_member(member: MemberId) -> Self {
        Self {
            member,
            blocking_orders: OrderStatus::OPEN,
            listings: ProductStatus::RETIRED_BY_WITHDRAWAL,
        }
    }
}

/// Storage for withdrawals (members, their listings and photos, their orders).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait WithdrawalRepository: Send + Sync {
    /// Orders of the member, on each side, in one of `statuses`.
    ///
    /// # Errors
    /// [`MemberError::Unexpected`] on storage failure.
    async fn open_trades(
        &self,
        member: MemberId,
        statuses: &'static [OrderStatus],
    ) -> Result<OpenTrades, MemberError>;

    /// Applies the plan in one transaction: re-checks the blocking orders, marks the member
    /// withdrawn, moves the listings, queues their photos and the profile picture for removal.
    ///
    /// # Errors
    /// MUST return [`MemberError::OpenTrades`] (and change nothing) when blocking orders exist,
    /// [`MemberError::NotFound`] when the member is missing or already withdrawn.
    async fn withdraw(&self, plan: &WithdrawalPlan) -> Result<(), MemberError>;
}

/// What stands between a member and withdrawal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithdrawalCheck {
    Allowed,
    Blocked(OpenTrades),
}

pub struct WithdrawalService {
    repo: Arc<dyn WithdrawalRepository>,
    members: Arc<MemberService>,
}

impl WithdrawalService {
    pub fn new(repo: Arc<dyn WithdrawalRepository>, members: Arc<MemberService>) -> Self {
        Self { repo, members }
    }

    /// Asked before the confirmation question, so a blocked member is told why at once.
    ///
    /// # Errors
    /// [`MemberError::Unexpected`] on storage failure.
    pub async fn check(&self, member: &Member) -> Result<WithdrawalCheck, MemberError> {
        let open = self.repo.open_trades(member.id, OrderStatus::OPEN).await?;
        Ok(if open.is_empty() {
            WithdrawalCheck::Allowed
        } else {
            WithdrawalCheck::Blocked(open)
        })
    }

    /// Suspended members may withdraw too: leaving is not a write others can be harmed by.
    ///
    /// # Errors
    /// [`MemberError::OpenTrades`] while trades are open, [`MemberError::NotFound`] if already gone.
    pub async fn withdraw(&self, member: &Member) -> Result<(), MemberError> {
        if !member.is_member() {
            return Err(MemberError::NotFound);
        }
        self.repo
            .withdraw(&WithdrawalPlan::for_member(member.id))
            .await
    }

    /// An admin withdraws a member with the bot's rules (open trades block it).
    ///
    /// # Errors
    /// As [`WithdrawalService::withdraw`], plus [`MemberError::NotFound`] for an unknown id.
    pub async fn withdraw_by_id(&self, id: MemberId) -> Result<(), MemberError> {
        let member = self.members.get(id).await?;
        self.withdraw(&member).await
    }
}

#[cfg(test)]
mod tests;

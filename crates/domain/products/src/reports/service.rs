use std::sync::Arc;

use junggye_domain_common::{Clock, Page, Paged};
use junggye_members::{ActiveMember, MemberError, MemberService, MemberStatus};
use tracing::info;

use super::model::{
    NewReport, Report, ReportAction, ReportError, ReportId, ReportReason, ReportStatus,
    ReportTarget, Reported, Resolution,
};
use super::ports::ReportRepository;
use crate::error::ProductError;
use crate::service::ProductService;
use crate::status::ProductStatus;

pub struct ReportService {
    repo: Arc<dyn ReportRepository>,
    products: Arc<ProductService>,
    members: Arc<MemberService>,
    clock: Arc<dyn Clock>,
    hide_at: u32,
}

impl ReportService {
    /// `auto_hide_threshold`: this many distinct reporters of a listing put it under review
    /// (at least one).
    pub fn new(
        repo: Arc<dyn ReportRepository>,
        products: Arc<ProductService>,
        members: Arc<MemberService>,
        clock: Arc<dyn Clock>,
        auto_hide_threshold: u32,
    ) -> Self {
        Self {
            repo,
            products,
            members,
            clock,
            hide_at: auto_hide_threshold.max(1),
        }
    }

    /// A member reports a listing they may see or another member. A repeat is no error: the
    /// reporter hears the same thanks and nothing changes.
    ///
    /// # Errors
    /// [`ReportError::NotFound`] for a listing the reporter may not see or an unknown or
    /// withdrawn member, [`ReportError::OwnTarget`] for themselves or their own listing.
    pub async fn make(
        &self,
        reporter: &ActiveMember,
        target: ReportTarget,
        reason: ReportReason,
    ) -> Result<Reported, ReportError> {
        self.check(reporter, target).await?;
        let reported = self
            .repo
            .create(
                &NewReport {
                    reporter: reporter.id(),
                    target,
                    reason,
                    created_at: self.clock.now(),
                },
                self.hide_at,
            )
            .await?;
        if reported == Reported::Received {
            info!(
                kind = target.kind(),
                target = target.id(),
                "report received"
            );
        }
        Ok(reported)
    }

    /// Whether `reporter` may report `target` at all, before the bot asks for a reason.
    ///
    /// # Errors
    /// As [`Self::make`], but never a storage write.
    pub async fn check(
        &self,
        reporter: &ActiveMember,
        target: ReportTarget,
    ) -> Result<(), ReportError> {
        match target {
            ReportTarget::Product(id) => {
                match self.products.detail(Some(reporter.id()), id).await {
                    Ok(view) if view.is_owner => return Err(ReportError::OwnTarget),
                    Ok(_) => {}
                    Err(ProductError::NotFound) => return Err(ReportError::NotFound),
                    Err(e) => return Err(e.into()),
                }
            }
            ReportTarget::Member(id) => {
                if id == reporter.id() {
                    return Err(ReportError::OwnTarget);
                }
                match self.members.get(id).await {
                    Ok(member) if member.status != MemberStatus::Withdrawn => {}
                    Ok(_) | Err(MemberError::NotFound) => return Err(ReportError::NotFound),
                    Err(e) => return Err(ReportError::Unexpected(e.into())),
                }
            }
        }
        Ok(())
    }

    /// The admin queue: reports in `status`, one offset page.
    ///
    /// # Errors
    /// [`ReportError::Unexpected`] on storage failure.
    pub async fn list(
        &self,
        status: ReportStatus,
        page: Page,
    ) -> Result<Paged<Report>, ReportError> {
        self.repo.list(status, page).await
    }

    /// An admin decides the open reports of the report's target: `action` is applied (hide
    /// through the admin status change, suspend through the admin suspension), then every open
    /// report of the target closes and a listing leaves review.
    ///
    /// # Errors
    /// [`ReportError::NotFound`], [`ReportError::AlreadyResolved`],
    /// [`ReportError::NotApplicable`] (hiding a member, suspending a withdrawn one),
    /// [`ReportError::Product`] when the listing cannot be hidden now.
    pub async fn resolve(&self, id: ReportId, action: ReportAction) -> Result<Report, ReportError> {
        let report = self.repo.find(id).await?.ok_or(ReportError::NotFound)?;
        if report.status == ReportStatus::Resolved {
            return Err(ReportError::AlreadyResolved);
        }
        match (action, report.target) {
            (ReportAction::Dismiss, _) => {}
            (ReportAction::HideListing, ReportTarget::Product(product)) => {
                let listing = self.products.admin_get(product).await?;
                if !matches!(
                    listing.status,
                    ProductStatus::Hidden | ProductStatus::Deleted
                ) {
                    self.products
                        .admin_change_status(product, ProductStatus::Hidden)
                        .await?;
                }
            }
            (ReportAction::HideListing, ReportTarget::Member(_)) => {
                return Err(ReportError::NotApplicable(action));
            }
            (ReportAction::SuspendMember, target) => {
                let member = match target {
                    ReportTarget::Member(member) => member,
                    ReportTarget::Product(product) => {
                        self.products.admin_get(product).await?.seller.id
                    }
                };
                match self.members.set_suspended(member, true).await {
                    Ok(_) => {}
                    Err(MemberError::NotFound) => return Err(ReportError::NotApplicable(action)),
                    Err(e) => return Err(ReportError::Unexpected(e.into())),
                }
            }
        }
        self.repo
            .resolve(&Resolution {
                report: id,
                target: report.target,
                action,
                at: self.clock.now(),
            })
            .await?;
        info!(report = id.0, action = action.code(), "reports resolved");
        self.repo.find(id).await?.ok_or(ReportError::NotFound)
    }
}

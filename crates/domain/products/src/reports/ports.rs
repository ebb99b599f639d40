use async_trait::async_trait;
use junggye_domain_common::{Page, Paged};

use super::model::{NewReport, Report, ReportError, ReportId, ReportStatus, Reported, Resolution};

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ReportRepository: Send + Sync {
    /// Stores a report unless the reporter reported the target before. For a listing, when
    /// the distinct reporters of its open reports reach `hide_at`, marks it under review in
    /// the same transaction (and the catalog changes with it).
    ///
    /// # Errors
    /// MUST return [`Reported::AlreadyReported`] (not an error) for a repeat, a racing double
    /// tap included; [`ReportError::Unexpected`] on storage failure.
    async fn create(&self, report: &NewReport, hide_at: u32) -> Result<Reported, ReportError>;

    /// # Errors
    /// [`ReportError::Unexpected`] on storage failure.
    async fn find(&self, id: ReportId) -> Result<Option<Report>, ReportError>;

    /// Reports in `status`, oldest first for the open queue, newest first for resolved ones.
    ///
    /// # Errors
    /// [`ReportError::Unexpected`] on storage failure.
    async fn list(&self, status: ReportStatus, page: Page) -> Result<Paged<Report>, ReportError>;

    /// Closes every open report of the resolution's target with its action and takes a listing
    /// target out of review, in one transaction.
    ///
    /// # Errors
    /// MUST return [`ReportError::AlreadyResolved`] when `resolution.report` is no longer
    /// open (a concurrent decision won), [`ReportError::Unexpected`] on storage failure.
    async fn resolve(&self, resolution: &Resolution) -> Result<(), ReportError>;
}

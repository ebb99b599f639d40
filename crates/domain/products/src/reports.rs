//! Reports of listings and members, and the admin queue that decides them (docs/safety.md).
//!
//! Enough distinct reporters of one listing (`auto_hide_threshold`) take it out of public view
//! (`under_review`) in the transaction of the report that reaches the number; an admin then
//! dismisses the reports (the listing comes back), hides the listing or suspends the member.

mod model;
mod ports;
mod service;
#[cfg(test)]
mod tests;

pub use model::{
    NewReport, Report, ReportAction, ReportError, ReportId, ReportReason, ReportStatus,
    ReportTarget, Reported, Resolution,
};
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockReportRepository;
pub use ports::ReportRepository;
pub use service::ReportService;

//! [`ReportRepository`] on sea-orm: the `reports` table and `products.under_review` of
//! migration 16, plain SQL on both backends. Writes that may change a listing's visibility run
//! in a catalog write (the version bumped first), which also makes two reports of one listing
//! count their reporters one after the other.

use anyhow::anyhow;
use async_trait::async_trait;
use chrono::NaiveDateTime;
use junggye_domain_common::{MemberId, Page, Paged};
use junggye_products::reports::{
    NewReport, Report, ReportAction, ReportError, ReportId, ReportReason, ReportRepository,
    ReportStatus, ReportTarget, Reported, Resolution,
};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbErr, QueryResult, SqlErr, Statement,
    TransactionTrait as _, Value,
};

use crate::time::{from_db, to_db};

const COLUMNS: &str =
    "id, reporter_id, target_kind, target_id, reason, status, action, created_at, resolved_at";

/// Reports in `reports`; the review flag on `products`.
#[derive(Debug, Clone)]
pub struct SeaReportRepository {
    db: DatabaseConnection,
}

impl SeaReportRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn unexpected(err: DbErr, what: &'static str) -> ReportError {
    ReportError::Unexpected(anyhow::Error::new(err).context(what))
}

fn stmt<C: ConnectionTrait>(db: &C, sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(db.get_database_backend(), sql, values)
}

async fn execute<C: ConnectionTrait>(db: &C, sql: &str, values: Vec<Value>) -> Result<u64, DbErr> {
    Ok(db.execute_raw(stmt(db, sql, values)).await?.rows_affected())
}

fn to_report(row: &QueryResult) -> Result<Report, ReportError> {
    let get_i64 = |i| row.try_get_by_index::<i64>(i);
    let get_str = |i| row.try_get_by_index::<String>(i);
    let read = || -> Result<Report, anyhow::Error> {
        let id = get_i64(0)?;
        let bad = |field: &str| anyhow!("stored report {id} has an invalid {field}");
        Ok(Report {
            id: ReportId(id),
            reporter: MemberId(get_i64(1)?),
            target: ReportTarget::from_parts(&get_str(2)?, get_i64(3)?)
                .ok_or_else(|| bad("target"))?,
            reason: ReportReason::from_code(&get_str(4)?).ok_or_else(|| bad("reason"))?,
            status: ReportStatus::from_code(&get_str(5)?).ok_or_else(|| bad("status"))?,
            action: match row.try_get_by_index::<Option<String>>(6)? {
                Some(code) => Some(ReportAction::from_code(&code).ok_or_else(|| bad("action"))?),
                None => None,
            },
            created_at: from_db(row.try_get_by_index::<NaiveDateTime>(7)?),
            resolved_at: row
                .try_get_by_index::<Option<NaiveDateTime>>(8)?
                .map(from_db),
        })
    };
    read().map_err(ReportError::Unexpected)
}

#[async_trait]
impl ReportRepository for SeaReportRepository {
    async fn create(&self, report: &NewReport, hide_at: u32) -> Result<Reported, ReportError> {
        let listing = match report.target {
            ReportTarget::Product(id) => Some(id),
            ReportTarget::Member(_) => None,
        };
        let txn = match listing {
            Some(_) => crate::catalog::begin_write(&self.db).await,
            None => self.db.begin().await,
        }
        .map_err(|e| unexpected(e, "starting a report"))?;
        let inserted = execute(
            &txn,
            "INSERT INTO reports (reporter_id, target_kind, target_id, reason, status, created_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
            vec![
                report.reporter.0.into(),
                report.target.kind().into(),
                report.target.id().into(),
                report.reason.code().into(),
                ReportStatus::Open.code().into(),
                to_db(report.created_at).into(),
            ],
        )
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Ok(Reported::AlreadyReported);
            }
            Err(e) => return Err(unexpected(e, "inserting a report")),
        }
        if let Some(id) = listing {
            let reporters = txn
                .query_one_raw(stmt(
                    &txn,
                    "SELECT COUNT(DISTINCT reporter_id) FROM reports \
                     WHERE target_kind = ? AND target_id = ? AND status = ?",
                    vec![
                        report.target.kind().into(),
                        id.0.into(),
                        ReportStatus::Open.code().into(),
                    ],
                ))
                .await
                .map_err(|e| unexpected(e, "counting a listing's reporters"))?
                .map(|row| row.try_get_by_index::<i64>(0))
                .transpose()
                .map_err(|e| unexpected(e, "counting a listing's reporters"))?
                .unwrap_or(0);
            if reporters >= i64::from(hide_at) {
                execute(
                    &txn,
                    "UPDATE products SET under_review = ? WHERE id = ?",
                    vec![true.into(), id.0.into()],
                )
                .await
                .map_err(|e| unexpected(e, "putting a listing under review"))?;
            }
        }
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing a report"))?;
        Ok(Reported::Received)
    }

    async fn find(&self, id: ReportId) -> Result<Option<Report>, ReportError> {
        self.db
            .query_one_raw(stmt(
                &self.db,
                &format!("SELECT {COLUMNS} FROM reports WHERE id = ?"),
                vec![id.0.into()],
            ))
            .await
            .map_err(|e| unexpected(e, "reading a report"))?
            .as_ref()
            .map(to_report)
            .transpose()
    }

    async fn list(&self, status: ReportStatus, page: Page) -> Result<Paged<Report>, ReportError> {
        // The open queue is worked oldest first; the history is read newest first.
        let order = match status {
            ReportStatus::Open => "ASC",
            ReportStatus::Resolved => "DESC",
        };
        let rows = self
            .db
            .query_all_raw(stmt(
                &self.db,
                &format!(
                    "SELECT {COLUMNS} FROM reports WHERE status = ? ORDER BY id {order} \
                     LIMIT ? OFFSET ?"
                ),
                vec![
                    status.code().into(),
                    (u64::from(page.size()) + 1).into(),
                    page.offset().into(),
                ],
            ))
            .await
            .map_err(|e| unexpected(e, "listing reports"))?;
        let reports = rows.iter().map(to_report).collect::<Result<Vec<_>, _>>()?;
        Ok(Paged::from_overfetch(reports, page.size()))
    }

    async fn resolve(&self, resolution: &Resolution) -> Result<(), ReportError> {
        let txn = crate::catalog::begin_write(&self.db)
            .await
            .map_err(|e| unexpected(e, "starting a resolution"))?;
        let set = "UPDATE reports SET status = ?, action = ?, resolved_at = ? WHERE status = ?";
        let values = || -> Vec<Value> {
            vec![
                ReportStatus::Resolved.code().into(),
                resolution.action.code().into(),
                to_db(resolution.at).into(),
                ReportStatus::Open.code().into(),
            ]
        };
        // The admin's report first, as a compare-and-set: a concurrent decision wins once.
        let mut own = values();
        own.push(resolution.report.0.into());
        let moved = execute(&txn, &format!("{set} AND id = ?"), own)
            .await
            .map_err(|e| unexpected(e, "resolving a report"))?;
        if moved == 0 {
            return Err(ReportError::AlreadyResolved);
        }
        let mut others = values();
        others.push(resolution.target.kind().into());
        others.push(resolution.target.id().into());
        execute(
            &txn,
            &format!("{set} AND target_kind = ? AND target_id = ?"),
            others,
        )
        .await
        .map_err(|e| unexpected(e, "resolving a target's reports"))?;
        if let ReportTarget::Product(id) = resolution.target {
            execute(
                &txn,
                "UPDATE products SET under_review = ? WHERE id = ?",
                vec![false.into(), id.0.into()],
            )
            .await
            .map_err(|e| unexpected(e, "taking a listing out of review"))?;
        }
        txn.commit()
            .await
            .map_err(|e| unexpected(e, "committing a resolution"))
    }
}

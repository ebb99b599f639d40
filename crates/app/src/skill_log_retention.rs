//! Deletes skill logs older than `skill_log.retention_days`: their bodies hold what members
//! typed (names, addresses, messages), which no one needs months later.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use junggye_domain_common::skill_log::SkillLogRepository;

use crate::background::{Background, Job};

const EVERY: Duration = Duration::from_secs(3600);
/// Rows per delete statement: short enough not to hold the table, and the job repeats until
/// fewer come back.
const PER_STATEMENT: u32 = 10_000;

pub fn start(background: &mut Background, repo: Arc<dyn SkillLogRepository>, days: u32) {
    if days == 0 {
        return;
    }
    background.every(
        Job {
            kind: "skill log job",
            name: "skill log retention",
        },
        EVERY,
        move || {
            let repo = Arc::clone(&repo);
            async move {
                let cutoff = Utc::now() - chrono::Duration::days(i64::from(days));
                let mut deleted = 0;
                loop {
                    let n = repo.delete_before(cutoff, PER_STATEMENT).await?;
                    deleted += n;
                    if n < u64::from(PER_STATEMENT) {
                        break;
                    }
                }
                if deleted > 0 {
                    tracing::info!(deleted, days, "deleted expired skill logs");
                }
                Ok::<(), anyhow::Error>(())
            }
        },
    );
}

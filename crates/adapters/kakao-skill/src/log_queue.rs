//! Skill logs leave the request path through a bounded queue and are written in batches, so
//! a slow database never slows a reply; when the queue is full, entries are dropped and counted.

use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use chrono::Utc;
use junggye_domain_common::skill_log::{SkillLogEntry, SkillLogRepository};
use prometheus_client::metrics::counter::Counter;
use tokio::sync::mpsc;

use crate::dispatch::ReplyBody;
use crate::guard::RawBody;

/// Bodies are stored up to this size; Kakao requests are capped at 64 KiB anyway.
const MAX_STORED_BODY: usize = 64 * 1024;

/// The producer side, shared by all workers.
#[derive(Clone)]
pub struct SkillLogQueue {
    tx: mpsc::Sender<SkillLogEntry>,
    dropped: Counter,
}

/// The consumer side: one task that writes batches.
pub struct SkillLogWriter {
    rx: mpsc::Receiver<SkillLogEntry>,
    repo: Arc<dyn SkillLogRepository>,
    dropped: Counter,
    batch_size: usize,
    flush_every: Duration,
}

impl SkillLogQueue {
    /// A queue of `capacity` entries; `dropped` counts entries lost to overload or errors.
    pub fn new(
        capacity: usize,
        repo: Arc<dyn SkillLogRepository>,
        dropped: Counter,
    ) -> (Self, SkillLogWriter) {
        let (tx, rx) = mpsc::channel(capacity.max(1));
        (
            Self {
                tx,
                dropped: dropped.clone(),
            },
            SkillLogWriter {
                rx,
                repo,
                dropped,
                batch_size: 200,
                flush_every: Duration::from_millis(500),
            },
        )
    }

    /// Enqueues without waiting; a full queue drops the entry.
    pub fn push(&self, entry: SkillLogEntry) {
        if self.tx.try_send(entry).is_err() {
            self.dropped.inc();
        }
    }
}

impl SkillLogWriter {
    /// Writes batches until every queue handle is dropped, then flushes what is left.
    pub async fn run(mut self) {
        let mut batch = Vec::with_capacity(self.batch_size);
        loop {
            let Some(first) = self.rx.recv().await else {
                break;
            };
            batch.push(first);
            let deadline = tokio::time::Instant::now() + self.flush_every;
            while batch.len() < self.batch_size {
                match tokio::time::timeout_at(deadline, self.rx.recv()).await {
                    Ok(Some(entry)) => batch.push(entry),
                    Ok(None) | Err(_) => break,
                }
            }
            self.flush(&mut batch).await;
        }
        self.flush(&mut batch).await;
    }

    async fn flush(&self, batch: &mut Vec<SkillLogEntry>) {
        if batch.is_empty() {
            return;
        }
        if let Err(error) = self.repo.insert_batch(batch).await {
            tracing::warn!(error = ?error, entries = batch.len(), "dropping skill logs");
            self.dropped.inc_by(batch.len() as u64);
        }
        batch.clear();
    }
}

/// Middleware for the `/skill` scope: records every call, refused ones included.
pub(crate) async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let created_at = Utc::now();
    let queue = req.app_data::<web::Data<SkillLogQueue>>().cloned();
    let route = req.path().to_owned();
    let response = next.call(req).await?;
    if let Some(queue) = queue {
        let request_body = response
            .request()
            .extensions()
            .get::<RawBody>()
            .map(|b| cut(&String::from_utf8_lossy(&b.0)))
            .unwrap_or_default();
        let response_body = response
            .response()
            .extensions()
            .get::<ReplyBody>()
            .map(|b| cut(&b.0))
            .unwrap_or_default();
        let user_key = serde_json::from_str::<serde_json::Value>(&request_body)
            .ok()
            .and_then(|v| user_key_of(&v));
        queue.push(SkillLogEntry {
            user_key,
            route,
            status: response.status().as_u16(),
            latency_ms: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
            request_body,
            response_body,
            created_at,
        });
    }
    Ok(response)
}

/// The user of a skill payload (`userRequest.user.id`) or a validation call (`user.id`).
fn user_key_of(body: &serde_json::Value) -> Option<String> {
    body.pointer("/userRequest/user/id")
        .or_else(|| body.pointer("/user/id"))
        .and_then(serde_json::Value::as_str)
        .map(|s| s.chars().take(70).collect())
}

fn cut(text: &str) -> String {
    if text.len() <= MAX_STORED_BODY {
        return text.to_owned();
    }
    let mut end = MAX_STORED_BODY;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use junggye_domain_common::skill_log::MockSkillLogRepository;

    use super::*;

    fn entry(n: u16) -> SkillLogEntry {
        SkillLogEntry {
            user_key: Some("u".into()),
            route: "/skill/home".into(),
            status: n,
            latency_ms: 1,
            request_body: "{}".into(),
            response_body: "{}".into(),
            created_at: Utc::now(),
        }
    }

    #[tokio::test]
    async fn full_queue_drops_and_counts_instead_of_waiting() {
        let repo = MockSkillLogRepository::new();
        let dropped = Counter::default();
        let (queue, _writer) = SkillLogQueue::new(2, Arc::new(repo), dropped.clone());
        for n in 0..5 {
            queue.push(entry(n));
        }
        assert_eq!(dropped.get(), 3);
    }

    #[tokio::test]
    async fn writer_batches_and_flushes_on_close() {
        let mut repo = MockSkillLogRepository::new();
        repo.expect_insert_batch()
            .withf(|batch| batch.len() == 3)
            .times(1)
            .returning(|_| Ok(()));
        let dropped = Counter::default();
        let (queue, writer) = SkillLogQueue::new(10, Arc::new(repo), dropped.clone());
        for n in 0..3 {
            queue.push(entry(n));
        }
        drop(queue);
        writer.run().await;
        assert_eq!(dropped.get(), 0);
    }

    #[tokio::test]
    async fn failed_batch_is_counted_as_dropped() {
        let mut repo = MockSkillLogRepository::new();
        repo.expect_insert_batch()
            .returning(|_| Err(anyhow::anyhow!("database down")));
        let dropped = Counter::default();
        let (queue, writer) = SkillLogQueue::new(10, Arc::new(repo), dropped.clone());
        queue.push(entry(1));
        queue.push(entry(2));
        drop(queue);
        writer.run().await;
        assert_eq!(dropped.get(), 2);
    }

    #[test]
    fn bodies_are_cut_on_char_boundaries() {
        let long = "가".repeat(MAX_STORED_BODY);
        let stored = cut(&long);
        assert!(stored.len() <= MAX_STORED_BODY);
        assert!(stored.chars().all(|c| c == '가'));
    }
}

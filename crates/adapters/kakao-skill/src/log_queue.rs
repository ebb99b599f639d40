//! Skill logs leave the request path through a bounded queue and are written in batches, so
//! a slow database never slows a reply; when the queue is full, entries are dropped and counted.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use chrono::{DateTime, Utc};
use junggye_domain_common::skill_log::{SkillLogEntry, SkillLogRepository};
use prometheus_client::metrics::counter::Counter;
use tokio::sync::mpsc;

use crate::dispatch::ReplyBody;
use crate::guard::{CallerKey, RawBody};

/// Bodies are stored up to this size; Kakao requests are capped at 64 KiB anyway.
const MAX_STORED_BODY: usize = 64 * 1024;
/// The stored user key's length (the column's); Kakao's keys are far shorter.
const MAX_USER_KEY_CHARS: usize = 70;

/// The producer side, shared by all workers.
#[derive(Clone)]
pub struct SkillLogQueue {
    tx: mpsc::Sender<PendingLog>,
    dropped: Counter,
    /// Body bytes waiting in the queue; with `max_bytes` this bounds the queue's memory, which
    /// a count of entries alone does not (an entry holds up to two 64 KiB bodies).
    queued_bytes: Arc<AtomicUsize>,
    max_bytes: usize,
}

/// The consumer side: one task that writes batches.
pub struct SkillLogWriter {
    rx: mpsc::Receiver<PendingLog>,
    repo: Arc<dyn SkillLogRepository>,
    dropped: Counter,
    queued_bytes: Arc<AtomicUsize>,
    batch_size: usize,
    flush_every: Duration,
}

/// A call as the request path hands it over: bodies still shared with the request and the
/// response, so the copying and UTF-8 checking happen in the writer, off the reply's way.
struct PendingLog {
    user_key: Option<String>,
    route: String,
    status: u16,
    latency_ms: u32,
    request_body: Bytes,
    response_body: Bytes,
    created_at: DateTime<Utc>,
}

impl PendingLog {
    fn body_bytes(&self) -> usize {
        self.request_body.len() + self.response_body.len()
    }
}

impl From<PendingLog> for SkillLogEntry {
    fn from(log: PendingLog) -> Self {
        Self {
            user_key: log
                .user_key
                .map(|key| key.chars().take(MAX_USER_KEY_CHARS).collect()),
            route: log.route,
            status: log.status,
            latency_ms: log.latency_ms,
            request_body: cut(&String::from_utf8_lossy(&log.request_body)),
            response_body: cut(&String::from_utf8_lossy(&log.response_body)),
            created_at: log.created_at,
        }
    }
}

impl SkillLogQueue {
    /// A queue of at most `capacity` entries holding at most `max_bytes` of bodies; `dropped`
    /// counts entries lost to overload or errors.
    pub fn new(
        capacity: usize,
        max_bytes: usize,
        repo: Arc<dyn SkillLogRepository>,
        dropped: Counter,
    ) -> (Self, SkillLogWriter) {
        let (tx, rx) = mpsc::channel(capacity.max(1));
        let queued_bytes = Arc::new(AtomicUsize::new(0));
        (
            Self {
                tx,
                dropped: dropped.clone(),
                queued_bytes: Arc::clone(&queued_bytes),
                max_bytes,
            },
            SkillLogWriter {
                rx,
                repo,
                dropped,
                queued_bytes,
                batch_size: 200,
                flush_every: Duration::from_millis(500),
            },
        )
    }

    /// Enqueues without waiting; a full queue (entries or bytes) drops the entry.
    fn push(&self, log: PendingLog) {
        let size = log.body_bytes();
        let before = self.queued_bytes.fetch_add(size, Ordering::Relaxed);
        if before + size > self.max_bytes || self.tx.try_send(log).is_err() {
            self.queued_bytes.fetch_sub(size, Ordering::Relaxed);
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
            batch.push(self.take(first));
            let deadline = tokio::time::Instant::now() + self.flush_every;
            while batch.len() < self.batch_size {
                match tokio::time::timeout_at(deadline, self.rx.recv()).await {
                    Ok(Some(log)) => batch.push(self.take(log)),
                    Ok(None) | Err(_) => break,
                }
            }
            self.flush(&mut batch).await;
        }
        self.flush(&mut batch).await;
    }

    /// Out of the queue's byte budget and into the batch.
    fn take(&self, log: PendingLog) -> SkillLogEntry {
        self.queued_bytes
            .fetch_sub(log.body_bytes(), Ordering::Relaxed);
        SkillLogEntry::from(log)
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
        let (user_key, request_body) = {
            let extensions = response.request().extensions();
            (
                extensions.get::<CallerKey>().map(|key| key.0.clone()),
                extensions
                    .get::<RawBody>()
                    .map(|body| body.0.clone())
                    .unwrap_or_default(),
            )
        };
        let response_body = response
            .response()
            .extensions()
            .get::<ReplyBody>()
            .map(|body| body.0.clone())
            .unwrap_or_default();
        queue.push(PendingLog {
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

    fn entry(n: u16) -> PendingLog {
        PendingLog {
            user_key: Some("u".into()),
            route: "/skill/home".into(),
            status: n,
            latency_ms: 1,
            request_body: Bytes::from_static(b"{}"),
            response_body: Bytes::from_static(b"{}"),
            created_at: Utc::now(),
        }
    }

    #[tokio::test]
    async fn full_queue_drops_and_counts_instead_of_waiting() {
        let repo = MockSkillLogRepository::new();
        let dropped = Counter::default();
        let (queue, _writer) = SkillLogQueue::new(2, 1 << 20, Arc::new(repo), dropped.clone());
        for n in 0..5 {
            queue.push(entry(n));
        }
        assert_eq!(dropped.get(), 3);
    }

    #[tokio::test]
    async fn the_byte_budget_drops_what_would_overflow_it_and_frees_what_was_written() {
        let mut repo = MockSkillLogRepository::new();
        repo.expect_insert_batch()
            .withf(|batch| batch.len() == 2)
            .times(1)
            .returning(|_| Ok(()));
        let dropped = Counter::default();
        // Each entry holds 4 bytes of bodies ("{}" twice): two fit in 10 bytes, a third not.
        let (queue, writer) = SkillLogQueue::new(100, 10, Arc::new(repo), dropped.clone());
        for n in 0..3 {
            queue.push(entry(n));
        }
        assert_eq!(dropped.get(), 1);
        assert_eq!(queue.queued_bytes.load(Ordering::Relaxed), 8);
        let budget = Arc::clone(&queue.queued_bytes);
        drop(queue);
        writer.run().await;
        assert_eq!(
            budget.load(Ordering::Relaxed),
            0,
            "written entries free their bytes"
        );
    }

    #[tokio::test]
    async fn writer_batches_and_flushes_on_close() {
        let mut repo = MockSkillLogRepository::new();
        repo.expect_insert_batch()
            .withf(|batch| batch.len() == 3)
            .times(1)
            .returning(|_| Ok(()));
        let dropped = Counter::default();
        let (queue, writer) = SkillLogQueue::new(10, 1 << 20, Arc::new(repo), dropped.clone());
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
        let (queue, writer) = SkillLogQueue::new(10, 1 << 20, Arc::new(repo), dropped.clone());
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

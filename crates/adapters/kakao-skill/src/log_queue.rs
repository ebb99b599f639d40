//! Skill logs leave the request path through a bounded queue and are written in batches, so
//! a slow database never slows a reply; when the queue is full, entries are dropped and counted.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use chrono::{DateTime, Utc};
use junggye_domain_common::skill_log::{SkillLogEntry, SkillLogRepository};
use prometheus_client::metrics::counter::Counter;
use regex::Regex;
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
    pace: Option<Pace>,
}

/// The writer's byte rate: after each batch it waits until the batch fits the rate, and what
/// arrives meanwhile waits in (or, past its budget, is dropped from) the queue. Under a flood
/// the log then takes a bounded share of the machine instead of as much as the replies leave.
#[derive(Debug, Clone, Copy)]
struct Pace {
    bytes_per_sec: f64,
    free_at: tokio::time::Instant,
}

impl Pace {
    /// The longest single wait, so that shutdown's final flush is never far off.
    const MAX_WAIT: Duration = Duration::from_secs(1);

    /// When the writer may write again after `bytes`.
    fn after(&mut self, bytes: usize) -> tokio::time::Instant {
        let now = tokio::time::Instant::now();
        let cost = Duration::from_secs_f64(bytes as f64 / self.bytes_per_sec);
        self.free_at = Ord::min(Ord::max(self.free_at, now) + cost, now + Self::MAX_WAIT);
        self.free_at
    }
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
            request_body: redacted(&stored_text(&log.request_body)),
            response_body: redacted(&stored_text(&log.response_body)),
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
                pace: None,
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
    /// Writes at most `bytes_per_sec` of bodies per second (`skill_log.max_bytes_per_sec`);
    /// 0 means no limit.
    #[must_use]
    pub fn with_max_bytes_per_sec(mut self, bytes_per_sec: usize) -> Self {
        self.pace = (bytes_per_sec > 0).then(|| Pace {
            bytes_per_sec: bytes_per_sec as f64,
            free_at: tokio::time::Instant::now(),
        });
        self
    }

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

    async fn flush(&mut self, batch: &mut Vec<SkillLogEntry>) {
        if batch.is_empty() {
            return;
        }
        let bytes: usize = batch
            .iter()
            .map(|entry| entry.request_body.len() + entry.response_body.len())
            .sum();
        if let Err(error) = self.repo.insert_batch(batch).await {
            if batch.len() == 1 {
                tracing::warn!(error = ?error, "dropping a skill log");
                self.dropped.inc();
            } else {
                // One bad row (a body the database refuses) must not take the batch with it.
                tracing::warn!(error = ?error, entries = batch.len(), "skill log batch failed; writing rows one by one");
                for entry in batch.iter() {
                    if let Err(error) = self.repo.insert_batch(std::slice::from_ref(entry)).await {
                        tracing::warn!(error = ?error, "dropping a skill log");
                        self.dropped.inc();
                    }
                }
            }
        }
        batch.clear();
        if let Some(pace) = &mut self.pace {
            tokio::time::sleep_until(pace.after(bytes)).await;
        }
    }
}

/// Middleware for the `/skill` scope: records every call that reached a skill (see `refused`).
pub(crate) async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let created_at = Utc::now();
    let queue = req.app_data::<web::Data<SkillLogQueue>>().cloned();
    // The route's pattern, never the raw path: a path is whatever the client sent (unbounded,
    // and the column holds 64 characters).
    let route = req.match_pattern();
    let response = next.call(req).await?;
    // Calls refused before a skill ran (no secret, unknown bot, no such skill, body too big)
    // say nothing about the bot's use: /metrics counts them by status, the log keeps skills.
    let refused = matches!(response.status().as_u16(), 401 | 403 | 404 | 413);
    if let (Some(queue), Some(route), false) = (queue, route, refused) {
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

/// What a stored body must not keep: a member's phone number (joins and phone changes carry
/// it; the middle digits are masked as the bot shows them, `010-****-5678`) and a pay link's
/// token (a bearer credential for that buyer and listing until it expires).
fn redacted(text: &str) -> String {
    static PHONE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(01[016789])([-. ]?)[0-9]{3,4}([-. ]?)([0-9]{4})\b")
            .unwrap_or_else(|_| unreachable!("a fixed pattern"))
    });
    static PAY_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([?&]token=)[A-Za-z0-9_.\-]+")
            .unwrap_or_else(|_| unreachable!("a fixed pattern"))
    });
    let masked = PHONE.replace_all(text, "$1$2****$3$4");
    PAY_TOKEN
        .replace_all(&masked, "${1}[redacted]")
        .into_owned()
}

/// The body as stored: UTF-8 (replies always are, requests were parsed as JSON), checked only
/// up to the stored length; lossy only for what is not.
fn stored_text(body: &[u8]) -> String {
    // A character cut at the limit is an error at its end only (`error_len() == None`).
    let kept = &body[..body.len().min(MAX_STORED_BODY)];
    match std::str::from_utf8(kept) {
        Ok(text) => text.to_owned(),
        Err(error) if error.error_len().is_none() && kept.len() < body.len() => {
            String::from_utf8_lossy(&kept[..error.valid_up_to()]).into_owned()
        }
        Err(_) => cut(&String::from_utf8_lossy(body)),
    }
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

    #[test]
    fn stored_bodies_mask_phone_numbers_and_pay_tokens() {
        let join =
            r#"{"action":{"params":{"name":"김철수","phone":"010-1234-5678"}},"x":"01098765432"}"#;
        let stored = redacted(join);
        assert!(stored.contains("010-****-5678"), "{stored}");
        assert!(stored.contains("010****5432"), "{stored}");
        assert!(
            !stored.contains("1234") && !stored.contains("9876"),
            "{stored}"
        );
        let reply =
            r#"{"webLinkUrl":"https://shop.example/pay/42?token=eyJhbGciOi.abc-_x.sig&v=1"}"#;
        let stored = redacted(reply);
        assert!(stored.contains("/pay/42?token=[redacted]&v=1"), "{stored}");
        // Prices, ids and dates stay as they were.
        let listing = r#"{"price":"1,500,000원","id":30101234567,"order":"2010123456789","date":"2026-12-07"}"#;
        assert_eq!(redacted(listing), listing);
    }

    #[tokio::test]
    async fn a_failed_batch_is_written_row_by_row_and_only_bad_rows_are_dropped() {
        let mut repo = MockSkillLogRepository::new();
        repo.expect_insert_batch()
            .withf(|batch| batch.len() == 3)
            .times(1)
            .returning(|_| Err(anyhow::anyhow!("row 2 is too long")));
        repo.expect_insert_batch()
            .withf(|batch| batch.len() == 1 && batch[0].status == 2)
            .times(1)
            .returning(|_| Err(anyhow::anyhow!("too long")));
        repo.expect_insert_batch()
            .withf(|batch| batch.len() == 1 && batch[0].status != 2)
            .times(2)
            .returning(|_| Ok(()));
        let dropped = Counter::default();
        let (queue, writer) = SkillLogQueue::new(100, 1 << 20, Arc::new(repo), dropped.clone());
        for n in 1..=3 {
            queue.push(entry(n));
        }
        drop(queue);
        writer.run().await;
        assert_eq!(dropped.get(), 1);
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

    #[tokio::test(start_paused = true)]
    async fn the_writer_keeps_to_its_byte_rate_and_never_waits_over_a_second() {
        let start = tokio::time::Instant::now();
        let mut pace = Pace {
            bytes_per_sec: 1000.0,
            free_at: start,
        };
        assert_eq!(pace.after(500) - start, Duration::from_millis(500));
        // A second batch written before the first one's time is up queues behind it.
        assert_eq!(pace.after(250) - start, Duration::from_millis(750));
        // Idle time is not saved up for a later burst.
        tokio::time::advance(Duration::from_secs(2)).await;
        let now = tokio::time::Instant::now();
        assert_eq!(pace.after(100) - now, Duration::from_millis(100));
        assert_eq!(pace.after(1 << 30) - now, Pace::MAX_WAIT);
    }

    #[tokio::test(start_paused = true)]
    async fn a_paced_writer_still_writes_everything_and_stops_when_the_queue_closes() {
        let mut repo = MockSkillLogRepository::new();
        repo.expect_insert_batch()
            .withf(|batch| batch.len() == 3)
            .times(1)
            .returning(|_| Ok(()));
        let (queue, writer) = SkillLogQueue::new(10, 1 << 20, Arc::new(repo), Counter::default());
        for n in 0..3 {
            queue.push(entry(n));
        }
        drop(queue);
        let started = tokio::time::Instant::now();
        // 12 bytes at 4 bytes/s: three seconds' worth, one second of waiting at most.
        writer.with_max_bytes_per_sec(4).run().await;
        assert!(
            started.elapsed() <= Duration::from_millis(1600),
            "{:?}",
            started.elapsed()
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
    fn stored_bodies_are_utf8_cut_on_char_boundaries_and_lossy_only_when_invalid() {
        let korean = "가".repeat(MAX_STORED_BODY); // 3 bytes each: the limit cuts one
        let stored = stored_text(korean.as_bytes());
        assert_eq!(stored.len(), MAX_STORED_BODY / 3 * 3);
        assert!(stored.chars().all(|c| c == '가'));
        assert_eq!(stored_text("{\"a\":\"폰\"}".as_bytes()), "{\"a\":\"폰\"}");
        assert_eq!(stored_text(b"ok\xff"), "ok\u{fffd}");
        assert_eq!(stored_text(b"ok\xea\xb0"), "ok\u{fffd}");
    }

    #[test]
    fn bodies_are_cut_on_char_boundaries() {
        let long = "가".repeat(MAX_STORED_BODY);
        let stored = cut(&long);
        assert!(stored.len() <= MAX_STORED_BODY);
        assert!(stored.chars().all(|c| c == '가'));
    }
}

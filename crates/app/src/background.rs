//! The app's background loops under one lifecycle: each starts by name, all stop on one shutdown
//! token, and shutdown waits for them, within a bounded time, before the process exits. With
//! [`Background::shared`], every instance ticks but each periodic run happens on one of them.

use std::fmt::Debug;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use junggye_domain_common::JobTurns;

use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;
use tokio_util::sync::CancellationToken;

/// How a periodic job appears in the logs: `"{kind} started"`, `"{kind} failed"` and
/// `"{kind} stopped"`, each with `job = name` (operators and the shutdown tests read these).
#[derive(Debug, Clone, Copy)]
pub struct Job {
    /// What kind of job, e.g. `"order job"`.
    pub kind: &'static str,
    /// Which one, e.g. `"escrow timers"`.
    pub name: &'static str,
}

/// Dropping it stops every job, so a build that fails after starting some leaves none running.
#[derive(Default)]
pub struct Background {
    shutdown: CancellationToken,
    jobs: Vec<(&'static str, JoinHandle<()>)>,
    turns: Option<SharedTurns>,
}

/// Where the instances record whose turn each periodic job is, and this instance's name there.
#[derive(Clone)]
struct SharedTurns {
    turns: Arc<dyn JobTurns>,
    instance: Arc<str>,
}

impl SharedTurns {
    /// Whether this instance runs `job` now. When the store cannot say, it does not: the jobs
    /// need the same database, and the turn comes round again at the next tick.
    async fn mine(&self, job: Job, period: Duration) -> bool {
        match self
            .turns
            .take_turn(job.name, &self.instance, Utc::now(), period)
            .await
        {
            Ok(mine) => mine,
            Err(error) => {
                tracing::warn!(job = job.name, error = ?error, "{} skipped: no turn", job.kind);
                false
            }
        }
    }
}

impl Background {
    /// Jobs whose periodic runs are shared with the other instances on `turns`: each period's
    /// run happens on one instance (`instance` names this one in the store and the logs).
    pub fn shared(turns: Arc<dyn JobTurns>, instance: &str) -> Self {
        Self {
            shutdown: CancellationToken::new(),
            jobs: Vec::new(),
            turns: Some(SharedTurns {
                turns,
                instance: instance.into(),
            }),
        }
    }

    /// Runs `run` at once, then every `period`, until shutdown; when shared, only the ticks
    /// that win the period's turn run it. A failed run is logged and retried at the next tick.
    /// A run in progress is finished before the stop is seen (within the join timeout): payment
    /// steps are not cut midway.
    pub fn every<F, Fut, E>(&mut self, job: Job, period: Duration, mut run: F)
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future<Output = Result<(), E>> + Send,
        E: Debug,
    {
        let shutdown = self.shutdown.clone();
        let turns = self.turns.clone();
        let task = tokio::spawn(async move {
            tracing::info!(job = job.name, ?period, "{} started", job.kind);
            let mut tick = tokio::time::interval(period);
            // A run longer than the period is followed by a full period, not a burst of runs.
            tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    // A due tick must not start one more run once shutdown has begun.
                    biased;
                    () = shutdown.cancelled() => break,
                    _ = tick.tick() => {
                        if let Some(turns) = &turns && !turns.mine(job, period).await {
                            continue;
                        }
                        // The instance tests count these to see each period run once in all.
                        tracing::debug!(job = job.name, "{} run", job.kind);
                        if let Err(error) = run().await {
                            tracing::warn!(job = job.name, error = ?error, "{} failed", job.kind);
                        }
                    }
                }
            }
            tracing::info!(job = job.name, "{} stopped", job.kind);
        });
        self.jobs.push((job.name, task));
    }

    /// Starts a loop that paces itself; it is handed the shutdown token to stop on.
    pub fn spawn<F, Fut>(&mut self, name: &'static str, job: F)
    where
        F: FnOnce(CancellationToken) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let task = tokio::spawn(job(self.shutdown.clone()));
        self.jobs.push((name, task));
    }

    /// Tells every job to stop; called as soon as shutdown begins, before requests drain, so
    /// that no new run starts meanwhile.
    pub fn stop(&self) {
        self.shutdown.cancel();
    }

    /// Signals shutdown (if not yet) and waits for every job, `timeout` in total. A job still
    /// running then is logged and aborted, so it cannot keep working after the app reports it
    /// stopped.
    pub async fn join(mut self, timeout: Duration) {
        self.stop();
        let deadline = tokio::time::Instant::now() + timeout;
        for (name, mut task) in std::mem::take(&mut self.jobs) {
            match tokio::time::timeout_at(deadline, &mut task).await {
                Ok(Ok(())) => {}
                Ok(Err(error)) => tracing::error!(job = name, %error, "background task panicked"),
                Err(_) => {
                    tracing::warn!(
                        job = name,
                        "a background task did not finish within {} s of shutdown",
                        timeout.as_secs_f64()
                    );
                    task.abort();
                }
            }
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    const JOB: Job = Job {
        kind: "test job",
        name: "counter",
    };

    fn counting(
        runs: Arc<AtomicUsize>,
    ) -> impl FnMut() -> std::future::Ready<Result<(), ()>> + Send + 'static {
        move || {
            runs.fetch_add(1, Ordering::SeqCst);
            std::future::ready(Ok(()))
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_periodic_job_runs_at_once_then_every_period_until_stopped() {
        let runs = Arc::new(AtomicUsize::new(0));
        let mut background = Background::default();
        background.every(JOB, Duration::from_secs(10), counting(Arc::clone(&runs)));
        tokio::time::sleep(Duration::from_secs(25)).await;
        assert_eq!(runs.load(Ordering::SeqCst), 3, "at 0 s, 10 s and 20 s");
        background.join(Duration::from_secs(1)).await;
        tokio::time::sleep(Duration::from_secs(60)).await;
        assert_eq!(runs.load(Ordering::SeqCst), 3, "no run after shutdown");
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_run_is_retried_at_the_next_tick() {
        let runs = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&runs);
        let mut background = Background::default();
        background.every(JOB, Duration::from_secs(1), move || {
            counted.fetch_add(1, Ordering::SeqCst);
            std::future::ready(Err("down"))
        });
        tokio::time::sleep(Duration::from_millis(2500)).await;
        assert_eq!(runs.load(Ordering::SeqCst), 3);
        background.join(Duration::from_secs(1)).await;
    }

    #[tokio::test(start_paused = true)]
    async fn a_run_in_progress_finishes_before_the_job_stops() {
        let finished = Arc::new(AtomicUsize::new(0));
        let done = Arc::clone(&finished);
        let mut background = Background::default();
        background.every(JOB, Duration::from_secs(60), move || {
            let done = Arc::clone(&done);
            async move {
                tokio::time::sleep(Duration::from_secs(2)).await;
                done.fetch_add(1, Ordering::SeqCst);
                Ok::<(), ()>(())
            }
        });
        tokio::time::sleep(Duration::from_secs(1)).await;
        background.join(Duration::from_secs(5)).await;
        assert_eq!(finished.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn self_paced_jobs_get_the_token_and_join_gives_up_on_stuck_ones() {
        let mut background = Background::default();
        let stopped = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&stopped);
        background.spawn("polite", |shutdown| async move {
            shutdown.cancelled().await;
            seen.fetch_add(1, Ordering::SeqCst);
        });
        let ticks = Arc::new(AtomicUsize::new(0));
        let ticking = Arc::clone(&ticks);
        background.spawn("stuck", |_shutdown| async move {
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                ticking.fetch_add(1, Ordering::SeqCst);
            }
        });
        let started = tokio::time::Instant::now();
        background.join(Duration::from_secs(3)).await;
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_secs(3) && waited < Duration::from_secs(4),
            "bounded by the timeout: {waited:?}"
        );
        assert_eq!(stopped.load(Ordering::SeqCst), 1);
        let after_join = ticks.load(Ordering::SeqCst);
        tokio::time::sleep(Duration::from_secs(10)).await;
        assert_eq!(
            ticks.load(Ordering::SeqCst),
            after_join,
            "the stuck job was aborted"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn dropping_the_jobs_stops_them() {
        let runs = Arc::new(AtomicUsize::new(0));
        let mut background = Background::default();
        background.every(JOB, Duration::from_secs(1), counting(Arc::clone(&runs)));
        tokio::time::sleep(Duration::from_millis(500)).await;
        drop(background);
        tokio::time::sleep(Duration::from_secs(10)).await;
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    /// Turns granted to one instance only; the store's own rule is tested on the databases.
    struct OnlyTo(&'static str);

    #[async_trait::async_trait]
    impl JobTurns for OnlyTo {
        async fn take_turn(
            &self,
            _job: &str,
            instance: &str,
            _now: chrono::DateTime<Utc>,
            _period: Duration,
        ) -> anyhow::Result<bool> {
            if instance == "broken" {
                anyhow::bail!("database down");
            }
            Ok(instance == self.0)
        }
    }

    #[tokio::test(start_paused = true)]
    async fn shared_jobs_run_only_on_the_instance_holding_the_turn() {
        let turns: Arc<dyn JobTurns> = Arc::new(OnlyTo("a"));
        let mut started = Vec::new();
        for instance in ["a", "b", "broken"] {
            let runs = Arc::new(AtomicUsize::new(0));
            let mut background = Background::shared(Arc::clone(&turns), instance);
            background.every(JOB, Duration::from_secs(10), counting(Arc::clone(&runs)));
            started.push((runs, background));
        }
        tokio::time::sleep(Duration::from_secs(25)).await;
        let runs: Vec<usize> = started
            .iter()
            .map(|(runs, _)| runs.load(Ordering::SeqCst))
            .collect();
        assert_eq!(runs, [3, 0, 0], "a, b, and one whose store is down");
    }
}

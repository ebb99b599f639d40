//! Prometheus metrics: requests and latency per route, plus counters other parts register.

use std::sync::Arc;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use junggye_notifications::NotificationService;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

/// The metrics registry and the HTTP metrics.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    /// Skill logs lost to a full queue or a failed write.
    pub skill_logs_dropped: Counter,
    pushes: PushGauges,
}

/// The push queue as the database has it, read at each scrape: every instance shows the same,
/// since they share the queue.
#[derive(Default)]
struct PushGauges {
    source: std::sync::OnceLock<Arc<NotificationService>>,
    by_state: Family<PushStateLabels, Gauge>,
    oldest_queued_age: Gauge,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PushStateLabels {
    state: &'static str,
}

/// Buckets around the 50 ms target and the 4.5 s skill deadline.
const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

impl Metrics {
    /// A registry with the HTTP metrics registered.
    #[must_use]
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("junggye");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(LATENCY_BUCKETS)
        });
        let skill_logs_dropped = Counter::default();
        registry.register(
            "http_requests",
            "HTTP requests by route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency by route",
            latency.clone(),
        );
        registry.register(
            "skill_logs_dropped",
            "Skill log entries dropped under overload or on write errors",
            skill_logs_dropped.clone(),
        );
        let pushes = PushGauges::default();
        registry.register(
            "pushes",
            "Notifications by push state: queued (not yet delivered), delivered, failed, unreachable",
            pushes.by_state.clone(),
        );
        registry.register(
            "oldest_queued_push_age_seconds",
            "How long the oldest due push has waited (0 when none is due)",
            pushes.oldest_queued_age.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            skill_logs_dropped,
            pushes,
        }
    }

    /// Where the push gauges are read from at each scrape.
    pub fn read_pushes_from(&self, service: Arc<NotificationService>) {
        let _ = self.pushes.source.set(service);
    }

    async fn refresh_pushes(&self) {
        let Some(service) = self.pushes.source.get() else {
            return;
        };
        match service.stats().await {
            Ok(stats) => {
                for (state, n) in [
                    ("queued", stats.queued),
                    ("delivered", stats.delivered),
                    ("failed", stats.failed),
                    ("unreachable", stats.unreachable),
                ] {
                    self.pushes
                        .by_state
                        .get_or_create(&PushStateLabels { state })
                        .set(i64::try_from(n).unwrap_or(i64::MAX));
                }
                let age = stats
                    .oldest_due
                    .map_or(0, |due| (chrono::Utc::now() - due).num_seconds().max(0));
                self.pushes.oldest_queued_age.set(age);
            }
            Err(error) => tracing::warn!(error = ?error, "metrics: push stats failed"),
        }
    }

    /// The registry, for other components' metrics.
    pub fn registry_mut(&mut self) -> &mut Registry {
        &mut self.registry
    }

    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_owned(),
                route: route.to_owned(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                method: method.to_owned(),
                route: route.to_owned(),
            })
            .observe(seconds);
    }

    fn render(&self) -> String {
        let mut text = String::new();
        if encode(&mut text, &self.registry).is_err() {
            text.clear();
        }
        text
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// The method as a label: a client may send any token as a method, and each new one would be
/// a new time series kept for the life of the process (3,000 made-up methods once grew
/// /metrics from 40 KB to 13.7 MB). Unknown methods share `OTHER`.
fn method_label(method: &actix_web::http::Method) -> &'static str {
    use actix_web::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

/// Records every request under its route pattern (not its path: ids would explode the labels).
pub async fn track(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    let method = method_label(req.method()).to_owned();
    let route = req
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let response = next.call(req).await;
    if let Some(metrics) = metrics {
        let status = match &response {
            Ok(r) => r.status().as_u16(),
            Err(e) => e.as_response_error().status_code().as_u16(),
        };
        metrics.observe(&method, &route, status, started.elapsed().as_secs_f64());
    }
    response
}

/// `GET /metrics` in the Prometheus text format.
pub async fn render(metrics: web::Data<Metrics>) -> HttpResponse {
    metrics.refresh_pushes().await;
    HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(metrics.render())
}

/// Shared handle, as stored in app data.
pub type SharedMetrics = Arc<Metrics>;

//! A small Prometheus registry, written by hand: Cargo.lock holds no metrics
//! crate, and a few maps of counters do not need one (nor its exporter's own
//! HTTP server). Requests by route template, method and status, with latency histograms;
//! job runs and failures; outbox deliveries. The gauges that describe the
//! database (outbox backlog, dead letters, pool use) are read when scraped
//! (`operations`). Text exposition format 0.0.4.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// Latency buckets, in seconds: from a static file to a slow report.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// What requests that matched no route are counted under (static files,
/// unknown paths): never the raw path, which anyone could vary at will.
pub const UNMATCHED: &str = "(unmatched)";

#[derive(Default)]
pub struct Metrics {
    http: Mutex<BTreeMap<(String, String), HttpSeries>>,
    jobs: Mutex<BTreeMap<&'static str, JobSeries>>,
    deliveries: Mutex<BTreeMap<&'static str, u64>>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

#[derive(Default)]
struct HttpSeries {
    by_status: BTreeMap<u16, u64>,
    /// Not cumulative: `buckets[i]` counts requests in (BUCKETS[i-1], BUCKETS[i]];
    /// the last slot those above every bucket.
    buckets: [u64; BUCKETS.len() + 1],
    sum_seconds: f64,
    count: u64,
}

#[derive(Default, Clone, Copy)]
struct JobSeries {
    runs: u64,
    failed_runs: u64,
    skipped_items: u64,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while counting leaves counts that are still counts.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Metrics {
    pub fn observe_request(&self, method: &str, route: &str, status: u16, took: Duration) {
        let seconds = took.as_secs_f64();
        let mut http = lock(&self.http);
        let series = http
            .entry((route.to_string(), method.to_string()))
            .or_default();
        *series.by_status.entry(status).or_default() += 1;
        let slot = BUCKETS
            .iter()
            .position(|le| seconds <= *le)
            .unwrap_or(BUCKETS.len());
        series.buckets[slot] += 1;
        series.sum_seconds += seconds;
        series.count += 1;
    }

    /// One run of `job` that finished, having skipped `skipped_items` it
    /// could not process.
    pub fn job_ran(&self, job: &'static str, skipped_items: u32) {
        let mut jobs = lock(&self.jobs);
        let series = jobs.entry(job).or_default();
        series.runs += 1;
        series.skipped_items += u64::from(skipped_items);
    }

    /// One run of `job` that ended in an error.
    pub fn job_failed(&self, job: &'static str) {
        let mut jobs = lock(&self.jobs);
        let series = jobs.entry(job).or_default();
        series.runs += 1;
        series.failed_runs += 1;
    }

    pub fn outbox_delivered(&self, d: &backend::outbox::Delivered) {
        let mut deliveries = lock(&self.deliveries);
        for (outcome, n) in [("sent", d.sent), ("retried", d.retried), ("dead", d.dead)] {
            *deliveries.entry(outcome).or_default() += u64::from(n);
        }
    }

    /// The counters and histograms, in the text format.
    pub fn render(&self, out: &mut String) {
        let http = lock(&self.http);
        family(
            out,
            "bc_http_requests_total",
            "counter",
            "HTTP requests answered, by route template, method and status.",
        );
        for ((route, method), s) in http.iter() {
            for (status, n) in &s.by_status {
                let labels = labels(&[
                    ("method", method),
                    ("route", route),
                    ("status", &status.to_string()),
                ]);
                let _ = writeln!(out, "bc_http_requests_total{labels} {n}");
            }
        }
        family(out, "bc_http_request_duration_seconds", "histogram", "Time to answer an HTTP request (until the response head), by route template and method.");
        for ((route, method), s) in http.iter() {
            let mut cumulative = 0;
            for (i, le) in BUCKETS
                .iter()
                .map(|b| b.to_string())
                .chain(["+Inf".to_string()])
                .enumerate()
            {
                cumulative += s.buckets[i];
                let labels = labels(&[("method", method), ("route", route), ("le", &le)]);
                let _ = writeln!(
                    out,
                    "bc_http_request_duration_seconds_bucket{labels} {cumulative}"
                );
            }
            let labels = labels(&[("method", method), ("route", route)]);
            let _ = writeln!(
                out,
                "bc_http_request_duration_seconds_sum{labels} {}",
                s.sum_seconds
            );
            let _ = writeln!(
                out,
                "bc_http_request_duration_seconds_count{labels} {}",
                s.count
            );
        }
        drop(http);
        let jobs = lock(&self.jobs);
        let job_family =
            |out: &mut String, name: &str, help: &str, value: fn(&JobSeries) -> u64| {
                family(out, name, "counter", help);
                for (job, s) in jobs.iter() {
                    let _ = writeln!(out, "{name}{} {}", labels(&[("job", job)]), value(s));
                }
            };
        job_family(out, "bc_job_runs_total", "Runs of a background job.", |s| {
            s.runs
        });
        job_family(
            out,
            "bc_job_failures_total",
            "Runs of a background job that ended in an error.",
            |s| s.failed_runs,
        );
        job_family(
            out,
            "bc_job_skipped_items_total",
            "Items a job run could not process and skipped (see the operations page).",
            |s| s.skipped_items,
        );
        drop(jobs);
        family(
            out,
            "bc_outbox_deliveries_total",
            "counter",
            "Delivery attempts of outbox emails, by outcome: sent, retried later, dead-lettered.",
        );
        for (outcome, n) in lock(&self.deliveries).iter() {
            let _ = writeln!(
                out,
                "bc_outbox_deliveries_total{} {n}",
                labels(&[("outcome", outcome)])
            );
        }
    }
}

/// `# HELP` and `# TYPE` of one metric family.
pub fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// `{a="x",b="y"}`, values escaped as the format requires.
pub fn labels(pairs: &[(&str, &str)]) -> String {
    let inner: Vec<String> = pairs
        .iter()
        .map(|(k, v)| {
            let v = v
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n");
            format!("{k}=\"{v}\"")
        })
        .collect();
    format!("{{{}}}", inner.join(","))
}

/// Middleware: counts every request under its route template.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| UNMATCHED.to_string());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.observe_request(
        &method,
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative_and_counts_add_up() {
        let m = Metrics::default();
        for ms in [3, 4, 30, 700, 20_000] {
            m.observe_request("GET", "/x/{id}", 200, Duration::from_millis(ms));
        }
        m.observe_request("GET", "/x/{id}", 404, Duration::from_millis(1));
        let mut out = String::new();
        m.render(&mut out);
        let line = |prefix: &str| {
            out.lines()
                .find(|l| l.starts_with(prefix))
                .unwrap_or_else(|| panic!("{prefix} in\n{out}"))
                .rsplit(' ')
                .next()
                .unwrap()
                .to_string()
        };
        let bucket = |le: &str| {
            line(&format!(
                "bc_http_request_duration_seconds_bucket{{method=\"GET\",route=\"/x/{{id}}\",le=\"{le}\"}}"
            ))
        };
        // 1, 3 and 4 ms are within 5 ms; 30 ms within 50 ms; 700 ms within
        // 1 s; 20 s only within +Inf.
        assert_eq!(bucket("0.005"), "3");
        assert_eq!(bucket("0.025"), "3");
        assert_eq!(bucket("0.05"), "4");
        assert_eq!(bucket("1"), "5");
        assert_eq!(bucket("10"), "5");
        assert_eq!(bucket("+Inf"), "6");
        assert_eq!(
            line("bc_http_request_duration_seconds_count{method=\"GET\",route=\"/x/{id}\"}"),
            "6"
        );
        assert_eq!(
            line("bc_http_requests_total{method=\"GET\",route=\"/x/{id}\",status=\"200\"}"),
            "5"
        );
        assert_eq!(
            line("bc_http_requests_total{method=\"GET\",route=\"/x/{id}\",status=\"404\"}"),
            "1"
        );
        let sum: f64 = line("bc_http_request_duration_seconds_sum")
            .parse()
            .unwrap();
        assert!((sum - 20.738).abs() < 1e-9, "{sum}");
    }

    #[test]
    fn jobs_count_runs_failures_and_skipped_items() {
        let m = Metrics::default();
        m.job_ran("billing", 0);
        m.job_ran("billing", 2);
        m.job_failed("billing");
        m.outbox_delivered(&backend::outbox::Delivered {
            sent: 3,
            retried: 1,
            dead: 1,
        });
        let mut out = String::new();
        m.render(&mut out);
        for expected in [
            "bc_job_runs_total{job=\"billing\"} 3",
            "bc_job_failures_total{job=\"billing\"} 1",
            "bc_job_skipped_items_total{job=\"billing\"} 2",
            "bc_outbox_deliveries_total{outcome=\"sent\"} 3",
            "bc_outbox_deliveries_total{outcome=\"dead\"} 1",
            "# TYPE bc_http_request_duration_seconds histogram",
        ] {
            assert!(out.lines().any(|l| l == expected), "{expected} in\n{out}");
        }
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(labels(&[("a", "x\"y\\z\nw")]), "{a=\"x\\\"y\\\\z\\nw\"}");
    }
}

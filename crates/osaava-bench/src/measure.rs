//! Latency of one command through `osaava_api::App` beside a raw SQLite query for the same rows,
//! measured alternately in the same run.

use serde::Serialize;
use std::time::{Duration, Instant};

/// p50, p99 and max of a set of timings, in milliseconds.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Summary {
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

/// The nearest-rank percentile `p` (0–100) of `sorted`.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    assert!(!sorted.is_empty());
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub fn summarise(times: &[Duration]) -> Summary {
    let mut t = times.to_vec();
    t.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    Summary {
        p50_ms: ms(percentile(&t, 50.0)),
        p99_ms: ms(percentile(&t, 99.0)),
        max_ms: ms(t[t.len() - 1]),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub command: String,
    /// What the raw peer does.
    pub raw: String,
    pub samples: usize,
    pub api: Summary,
    pub raw_sql: Summary,
    pub ratio_p50: f64,
    pub ratio_p99: f64,
    pub target_p99_ms: f64,
    pub meets_target: bool,
}

/// Runs `api` and `raw` on every input, first once to check they return the same rows (their
/// keys, in order) and to warm the caches, then alternately until `samples` timings of each.
pub fn compare_runs<I, E: std::fmt::Display>(
    command: &str,
    raw_label: &str,
    inputs: &[I],
    samples: usize,
    target_ms: f64,
    mut api: impl FnMut(&I) -> Result<Vec<String>, E>,
    mut raw: impl FnMut(&I) -> Result<Vec<String>, E>,
) -> Result<Row, String> {
    assert!(!inputs.is_empty());
    for input in inputs {
        let a = api(input).map_err(|e| format!("{command}: the API failed: {e}"))?;
        let r = raw(input).map_err(|e| format!("{command}: the raw query failed: {e}"))?;
        if a != r {
            return Err(format!(
                "{command}: the API and the raw query disagree ({} vs {} rows; first {:?} vs {:?})",
                a.len(),
                r.len(),
                a.first(),
                r.first()
            ));
        }
    }
    let mut at = Vec::with_capacity(samples);
    let mut rt = Vec::with_capacity(samples);
    for k in 0..samples {
        let input = &inputs[k % inputs.len()];
        // Alternate which goes first, so neither always finds the other's pages in the cache.
        let (first_api, t0) = (k % 2 == 0, Instant::now());
        if first_api {
            std::hint::black_box(api(input).map_err(|e| e.to_string())?);
            at.push(t0.elapsed());
            let t1 = Instant::now();
            std::hint::black_box(raw(input).map_err(|e| e.to_string())?);
            rt.push(t1.elapsed());
        } else {
            std::hint::black_box(raw(input).map_err(|e| e.to_string())?);
            rt.push(t0.elapsed());
            let t1 = Instant::now();
            std::hint::black_box(api(input).map_err(|e| e.to_string())?);
            at.push(t1.elapsed());
        }
    }
    let api_s = summarise(&at);
    let raw_s = summarise(&rt);
    Ok(Row {
        command: command.to_string(),
        raw: raw_label.to_string(),
        samples,
        ratio_p50: api_s.p50_ms / raw_s.p50_ms,
        ratio_p99: api_s.p99_ms / raw_s.p99_ms,
        meets_target: api_s.p99_ms <= target_ms,
        target_p99_ms: target_ms,
        api: api_s,
        raw_sql: raw_s,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let t: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&t, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&t, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&t, 100.0), Duration::from_millis(100));
        let s = summarise(&[
            Duration::from_millis(3),
            Duration::from_millis(1),
            Duration::from_millis(2),
        ]);
        assert_eq!((s.p50_ms, s.p99_ms, s.max_ms), (2.0, 3.0, 3.0));
    }

    #[test]
    fn disagreeing_peers_are_refused() {
        let r = compare_runs(
            "x",
            "y",
            &[1],
            4,
            16.0,
            |_| Ok::<_, String>(vec!["a".into()]),
            |_| Ok(vec!["b".into()]),
        );
        assert!(r.unwrap_err().contains("disagree"));
        let r = compare_runs(
            "x",
            "y",
            &[1, 2],
            4,
            16.0,
            |i| Ok::<_, String>(vec![i.to_string()]),
            |i| Ok(vec![i.to_string()]),
        );
        assert_eq!(r.unwrap().samples, 4);
    }
}

//! `osaava-bench`: builds (or reuses) the county data dir and measures the commands the desktop
//! calls most, through `osaava_api::App` and as raw SQLite queries, in the same run.
//!
//! ```text
//! osaava-bench [--seed N] [--scale F] [--samples N] [--regenerate] [--generate-only]
//!              [--data-root DIR] [--json FILE]
//! ```

use osaava_api::{App, FixedClock};
use osaava_bench::measure::Row;
use osaava_bench::{cache, commands, gen};
use rusqlite::{Connection, OpenFlags};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

struct Args {
    seed: u64,
    scale: gen::Scale,
    samples: usize,
    regenerate: bool,
    generate_only: bool,
    data_root: PathBuf,
    json: PathBuf,
}

fn usage() -> ! {
    eprintln!(
        "usage: osaava-bench [--seed N] [--scale F] [--samples N] [--regenerate] [--generate-only] [--data-root DIR] [--json FILE]\n\
         Builds the county data dir (cached under target/bench-data) and reports p50/p99/max of the\n\
         desktop's most frequent commands through osaava-api next to raw SQLite queries."
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let target = cache::target_dir();
    let mut a = Args {
        seed: 1,
        scale: gen::Scale::COUNTY,
        samples: 400,
        regenerate: false,
        generate_only: false,
        data_root: target.join("bench-data"),
        json: target.join("bench-results.json"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next().unwrap_or_else(|| {
                eprintln!("osaava-bench: {name} needs a value");
                usage()
            })
        };
        match arg.as_str() {
            "--seed" => a.seed = value("--seed").parse().unwrap_or_else(|_| usage()),
            "--scale" => {
                let f: f64 = value("--scale").parse().unwrap_or_else(|_| usage());
                if !(f > 0.0 && f <= 1.0) {
                    eprintln!("osaava-bench: --scale must be in (0, 1]");
                    usage()
                }
                a.scale = if f == 1.0 {
                    gen::Scale::COUNTY
                } else {
                    gen::Scale::times(f)
                };
            }
            "--samples" => a.samples = value("--samples").parse().unwrap_or_else(|_| usage()),
            "--regenerate" => a.regenerate = true,
            "--generate-only" => a.generate_only = true,
            "--data-root" => a.data_root = PathBuf::from(value("--data-root")),
            "--json" => a.json = PathBuf::from(value("--json")),
            "-h" | "--help" => usage(),
            other => {
                eprintln!("osaava-bench: unknown argument {other:?}");
                usage()
            }
        }
    }
    a
}

fn main() {
    let args = parse_args();
    if let Err(e) = run(&args) {
        eprintln!("osaava-bench: {e}");
        std::process::exit(1);
    }
}

fn run(args: &Args) -> Result<(), String> {
    let (dir, manifest, reused) = cache::data_dir(
        &args.data_root,
        args.seed,
        args.scale,
        args.regenerate,
        &mut |s| eprintln!("bench: generate: {s}"),
    )?;
    let mb = manifest.db_bytes as f64 / 1_048_576.0;
    let c = &manifest.counts;
    eprintln!(
        "bench: data dir {} ({}; generated in {:.1} s, {:.0} MB)",
        dir.display(),
        if reused { "cached" } else { "new" },
        manifest.seconds,
        mb
    );
    eprintln!(
        "bench: {} employees, {} assessors, {} badges, {} cases, {} ratings, {} evidence items, {} self-assessment entries, {} notes",
        c.employees, c.assessors, c.badges, c.cases, c.ratings, c.evidence, c.self_assessment_entries, c.interview_notes
    );
    if args.generate_only {
        return Ok(());
    }

    // Opening through the API applies any migration newer than the cached data dir.
    let t = Instant::now();
    let app = App::open(&dir, Arc::new(FixedClock(gen::now())), "osaava-bench")
        .map_err(|e| e.to_string())?;
    let open_ms = t.elapsed().as_secs_f64() * 1000.0;
    let raw = Connection::open_with_flags(
        dir.join(osaava_api::DATABASE_FILE),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| e.to_string())?;

    let mut rows: Vec<Row> = Vec::new();
    rows.extend(commands::case_commands(&app, &raw, args.samples)?);
    rows.extend(commands::people_commands(&app, &raw, args.samples)?);
    rows.extend(commands::library_commands(&app, &raw, args.samples)?);

    print_table(&rows);
    println!(
        "reproduce: npm run bench, or cargo run --release -p osaava-bench -- --seed {} --samples {}",
        args.seed, args.samples
    );
    let result = serde_json::json!({
        "command": format!("cargo run --release -p osaava-bench -- --seed {} --samples {}", args.seed, args.samples),
        "target_p99_ms": commands::TARGET_P99_MS,
        "data": {
            "dir": dir.display().to_string(),
            "reused": reused,
            "generator_seconds": manifest.seconds,
            "db_bytes": manifest.db_bytes,
            "counts": manifest.counts,
            "seed": manifest.seed,
            "generator_version": manifest.generator_version,
        },
        "app_open_ms": open_ms,
        "rows": rows,
    });
    if let Some(parent) = args.json.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let body = serde_json::to_string_pretty(&result).map_err(|e| e.to_string())? + "\n";
    std::fs::write(&args.json, body)
        .map_err(|e| format!("cannot write {}: {e}", args.json.display()))?;
    println!("bench: results in {}", args.json.display());
    let missed: Vec<&str> = rows
        .iter()
        .filter(|r| !r.meets_target)
        .map(|r| r.command.as_str())
        .collect();
    if !missed.is_empty() {
        println!(
            "bench: p99 above {} ms: {}",
            commands::TARGET_P99_MS,
            missed.join("; ")
        );
    }
    Ok(())
}

fn print_table(rows: &[Row]) {
    let w = rows
        .iter()
        .map(|r| r.command.chars().count())
        .max()
        .unwrap_or(10)
        .max(7);
    println!();
    println!(
        "{:<w$} {:>5}  {:>8} {:>8} {:>8}   {:>8} {:>8} {:>8}   {:>6} {:>6}  p99 ≤ {} ms",
        "command",
        "n",
        "API p50",
        "p99",
        "max",
        "raw p50",
        "p99",
        "max",
        "×p50",
        "×p99",
        commands::TARGET_P99_MS
    );
    println!("{}", "-".repeat(w + 94));
    for r in rows {
        println!(
            "{:<w$} {:>5}  {:>8.3} {:>8.3} {:>8.3}   {:>8.3} {:>8.3} {:>8.3}   {:>6.2} {:>6.2}  {}",
            r.command,
            r.samples,
            r.api.p50_ms,
            r.api.p99_ms,
            r.api.max_ms,
            r.raw_sql.p50_ms,
            r.raw_sql.p99_ms,
            r.raw_sql.max_ms,
            r.ratio_p50,
            r.ratio_p99,
            if r.meets_target { "yes" } else { "NO" }
        );
    }
    println!(
        "(milliseconds; n samples each of the API and the raw peer, measured alternately in this run; \
         ×: API ÷ raw SQLite on the same file)"
    );
    println!();
    for r in rows {
        println!("raw peer of {:?}: {}", r.command, r.raw);
    }
}

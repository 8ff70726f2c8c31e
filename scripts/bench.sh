#!/usr/bin/env bash
# Three benchmarks, each against a peer measured in the same run:
# 1. the release CLI on a seeded data dir, against a floor (`osaava --version`: process start, no
#    data dir), with hyperfine;
# 2. osaava-bench: a wellbeing services county's data dir (20,000 employees, 100,000 cases,
#    2,000,000 ratings; generated once and cached under target/bench-data/), p50/p99/max of the
#    desktop's most frequent commands through osaava-api next to raw SQLite queries for the same
#    rows. Writes target/bench-results.json. OSAAVA_BENCH_ARGS passes options (e.g. "--samples 1000").
# 3. osaava-statement-bench: on a fresh data dir with keys and decided cases of a 10-criteria badge,
#    median and p90 of issuing and of verifying one signed statement in process, 1,000 statements
#    through `osaava statement issue --all-decided`, and pyHanko (.venv) signing and validating the
#    same files in the same run, with the ratios. Writes target/bench-statements.json.
#    OSAAVA_STATEMENT_BENCH_ARGS passes options (e.g. "--cases 200").
# 4. scripts/bench-startup.mjs: the release osaava-desktop beside a bare Tauri window with a static
#    page (crates/osaava-bench/bare-window, its own workspace, built here into target/), under Xvfb
#    through tauri-driver: median time from starting the app to a clickable start screen, and the
#    summed VmRSS/VmHWM/PSS of the app and its WebKit processes once idle, with the ratios. Writes
#    target/bench-startup.json. OSAAVA_STARTUP_RUNS sets the number of runs (default 7).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCRIPT_NAME=bench
source scripts/lib.sh

command -v hyperfine >/dev/null || die "hyperfine not found: run npm run setup"
say "building target/release/osaava and target/release/osaava-bench"
cargo build --release -q -p osaava-cli -p osaava-bench
[ -x .venv/bin/pyhanko ] || die ".venv/bin/pyhanko not found: run npm run setup (scripts/setup-python.sh), the statement benchmark's peer"
bin=target/release/osaava

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
say "seeding $data with the starter library"
"$bin" --data-dir "$data" badges list --json >/dev/null
first=$("$bin" --data-dir "$data" badges list --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const b=JSON.parse(s);console.log(b.length+" "+b[0].id)})')
count=${first%% *}
id=${first#* }

hyperfine --warmup 5 --min-runs 30 --style basic --export-json "$work/bench.json" \
  -n floor "$bin --version" \
  -n "badges list ($count badges)" "$bin --data-dir $data badges list --json" \
  -n "badges show" "$bin --data-dir $data badges show $id --json" \
  -n "badges list --query" "$bin --data-dir $data badges list --query hoito --json"

node -e '
const r = require(process.argv[1]).results;
const floor = r[0].mean;
console.log("\nbench: mean wall time, ratio to the floor (" + r[0].command + ") measured in the same run");
for (const x of r) console.log(`bench: ${x.command.padEnd(28)} ${(x.mean * 1000).toFixed(2).padStart(8)} ms  ±${(x.stddev * 1000).toFixed(2)}  x${(x.mean / floor).toFixed(2)}`);
' "$work/bench.json"

say "county scale: osaava-api against raw SQLite on the same file"
# shellcheck disable=SC2086 # OSAAVA_BENCH_ARGS is a list of options
target/release/osaava-bench ${OSAAVA_BENCH_ARGS:-}

say "statements: issue and verify in process, 1,000 through the CLI, pyHanko on the same files"
# shellcheck disable=SC2086 # OSAAVA_STATEMENT_BENCH_ARGS is a list of options
target/release/osaava-statement-bench --osaava "$bin" ${OSAAVA_STATEMENT_BENCH_ARGS:-}

say "desktop startup: release osaava-desktop beside a bare Tauri window, same driver, same run"
ui_build
cargo build --release -q -p osaava-desktop
# The root's lock file, so the bare window is built with the same Tauri (cargo drops what it does not use).
cp Cargo.lock crates/osaava-bench/bare-window/Cargo.lock
cargo build --release -q --manifest-path crates/osaava-bench/bare-window/Cargo.toml --target-dir target
node scripts/bench-startup.mjs --osaava target/release/osaava-desktop --bare target/release/osaava-bare-window --cli "$bin"

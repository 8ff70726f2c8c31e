#!/usr/bin/env bash
# A small benchmark of the release CLI on a seeded data dir, against a floor measured in the
# same run (`osaava --version`: process start, no data dir). Prints times and ratios.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCRIPT_NAME=bench
source scripts/lib.sh

command -v hyperfine >/dev/null || die "hyperfine not found: run npm run setup"
say "building target/release/osaava"
cargo build --release -q -p osaava-cli
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

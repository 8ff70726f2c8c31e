#!/usr/bin/env bash
# The whole test suite, stopping at the first failure:
#   setup -> badge template check -> UI build -> cargo test (+ IPC bindings check) -> debug build of the app and CLI
#   -> UI unit and browser tests -> desktop E2E in a real window under Xvfb.
# Each runner prints its own summary; the last lines are the E2E's node:test summary.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCRIPT_NAME=test
source scripts/lib.sh

stage() { printf '\n==== test: %s ====\n' "$*"; }
suite_start=$SECONDS

stage "setup"
timed bash scripts/setup.sh

stage "starter badge templates (templates/badges/check.py)"
timed python3 templates/badges/check.py

stage "UI build (embedded by the desktop binary)"
timed ui_build

stage "cargo test --workspace"
timed cargo test --workspace
# ts-rs rewrote ui/src/lib/bindings from the Rust types; they must match what is committed.
if ! git diff --quiet -- ui/src/lib/bindings || [ -n "$(git ls-files --others --exclude-standard -- ui/src/lib/bindings)" ]; then
  git status --short -- ui/src/lib/bindings
  die "IPC bindings are stale: commit ui/src/lib/bindings"
fi
say "IPC bindings match the Rust types"

stage "debug build of osaava-desktop and osaava"
timed cargo build -p osaava-desktop -p osaava-cli

for s in test:unit test:browser; do
  stage "UI: npm --prefix ui run $s"
  if ui_has_script "$s"; then
    timed npm --prefix ui run "$s"
  else
    say "ui/package.json has no $s script: skipped"
  fi
done

stage "desktop E2E (Xvfb + tauri-driver + WebKitWebDriver)"
say "all stages before the E2E passed in $((SECONDS - suite_start)) s; screenshots go to test-artifacts/e2e/"
# spec for people on stdout; TAP to a file for the closing count.
tap=test-artifacts/e2e-results.tap
mkdir -p test-artifacts
status=0
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" tests/e2e/ || status=$?
passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -1)
say "whole suite took $((SECONDS - suite_start)) s"
echo "e2e: ${passed:-0} passed, ${failed:-0} failed"
exit "$status"

#!/usr/bin/env bash
# Builds the release app: the UI into ui/build, then target/release/osaava-desktop (which
# embeds ui/build) and target/release/osaava.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCRIPT_NAME=build
source scripts/lib.sh

ui_install
ui_build
say "building target/release/osaava-desktop and target/release/osaava"
timed cargo build --release -p osaava-desktop -p osaava-cli
say "done: target/release/osaava-desktop, target/release/osaava"

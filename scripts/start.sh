#!/usr/bin/env bash
# Sets up, builds and starts the desktop app. The data dir is $OSAAVA_DATA_DIR when set,
# else the OS app data dir (the same one the osaava CLI uses).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCRIPT_NAME=start
source scripts/lib.sh

bash scripts/setup.sh
bash scripts/build.sh
if [ -n "${OSAAVA_DATA_DIR:-}" ]; then
  say "starting osaava-desktop with OSAAVA_DATA_DIR=$OSAAVA_DATA_DIR"
else
  say "starting osaava-desktop with the default data dir"
fi
exec target/release/osaava-desktop "$@"

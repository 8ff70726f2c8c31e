#!/usr/bin/env bash
# Installs what Osaava needs to build, run and test: Debian packages and locales
# (setup-system.sh), tauri-driver, pyHanko in .venv/ (setup-python.sh), and the UI's npm packages.
# Idempotent; quick when all is there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCRIPT_NAME=setup
source scripts/lib.sh

# System packages. setup-system.sh prints the sudo command and fails when it needs root.
bash scripts/setup-system.sh

command -v cargo >/dev/null || die "cargo not found: install Rust (rustup) and run again"
command -v node >/dev/null || die "node not found: install Node.js 20 or newer and run again"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || die "Node.js $(node --version) is too old: the tests need 20 or newer"

# tauri-driver has no --version flag; ask cargo which version it installed.
if command -v tauri-driver >/dev/null && cargo install --list | grep -q '^tauri-driver v2\.'; then
  say "tauri-driver present ($(cargo install --list | grep '^tauri-driver' | cut -d' ' -f2 | tr -d ':'))"
else
  say "installing tauri-driver 2 (cargo install)"
  cargo install tauri-driver --locked --version '^2'
fi

# pyHanko in .venv/: the statement tests validate signed PDFs with it.
bash scripts/setup-python.sh

ui_install
credential_verifier_install
say "done"

#!/usr/bin/env bash
# Installs the Debian packages Osaava needs to build, run and test.
# Idempotent: installs only what is missing. Run as root, or it prints the sudo command.
set -euo pipefail

packages=(
  # Tauri 2 on Linux (WebKitGTK 4.1) and the Rust build
  build-essential pkg-config curl file libssl-dev
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  # desktop tests: a real window under Xvfb driven by WebKitWebDriver
  xvfb xauth webkit2gtk-driver x11-utils imagemagick
  # UI tests in Chromium
  chromium chromium-driver
  # PDF checks
  poppler-utils qpdf libnss3-tools
  # fonts with å, ä, ö
  fonts-dejavu-core fonts-noto-core
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all ${#packages[@]} system packages present"
  exit 0
fi

echo "setup-system: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "setup-system: not root. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"

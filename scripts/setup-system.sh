#!/usr/bin/env bash
# Installs the Debian packages Osaava needs to build, run and test.
# Idempotent: installs only what is missing. Run as root, or it prints the sudo command.
set -euo pipefail

packages=(
  # Tauri 2 on Linux (WebKitGTK 4.1) and the Rust build
  build-essential pkg-config curl file libssl-dev
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  # desktop tests: a real window under Xvfb driven by WebKitWebDriver; locales the tests start in
  xvfb xauth webkit2gtk-driver x11-utils xdotool imagemagick locales
  # benchmarks (npm run bench)
  hyperfine
  # UI tests in Chromium
  chromium chromium-driver
  # PDF checks
  poppler-utils qpdf libnss3-tools
  # pyHanko in a venv (scripts/setup-python.sh)
  python3-venv
  # fonts with å, ä, ö
  fonts-dejavu-core fonts-noto-core
)

# The app follows the OS locale (LANG); the desktop tests start it in Finnish and Swedish.
locales=(fi_FI.UTF-8 sv_SE.UTF-8 en_US.UTF-8)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all ${#packages[@]} system packages present"
else
  echo "setup-system: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-system: not root. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    echo "  then run this script again as root (or: sudo bash scripts/setup-system.sh)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# `locale -a` spells them fi_FI.utf8.
have_locales=$(locale -a 2>/dev/null | tr '[:upper:]' '[:lower:]' | tr -d '-')
missing_locales=()
for l in "${locales[@]}"; do
  want=$(echo "$l" | tr '[:upper:]' '[:lower:]' | tr -d '-')
  grep -qx "$want" <<<"$have_locales" || missing_locales+=("$l")
done
if [ ${#missing_locales[@]} -eq 0 ]; then
  echo "setup-system: locales ${locales[*]} present"
else
  echo "setup-system: generating locales ${missing_locales[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-system: not root. Run: sudo bash scripts/setup-system.sh" >&2
    exit 1
  fi
  for l in "${missing_locales[@]}"; do
    line="$l UTF-8"
    grep -qxF "$line" /etc/locale.gen || echo "$line" >>/etc/locale.gen
  done
  locale-gen >/dev/null
fi

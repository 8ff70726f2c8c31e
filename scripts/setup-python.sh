#!/usr/bin/env bash
# Creates the Python venv at .venv/ with the PDF tools the tests run: pyHanko (signature
# validation, and the peer of `npm run bench`) and pikepdf (the PDF/A-3b check on the unsigned revision).
# Idempotent: quick when .venv already has the pinned versions. Called by setup.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SCRIPT_NAME=setup-python
source scripts/lib.sh

# Pinned: the tests read pyHanko's output (INTACT:TRUSTED,UNTOUCHED) and pikepdf's metadata API.
requirements=(pyhanko==0.38.0 pyhanko-cli==0.6.0 pikepdf==10.17.0)
venv=.venv

command -v python3 >/dev/null || die "python3 not found: install Python 3.10 or newer (Debian: python3 python3-venv)"

stamp="$venv/.osaava-requirements"
want="${requirements[*]}"
if [ -x "$venv/bin/pyhanko" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  say "pyHanko and pikepdf present in $venv ($want)"
  exit 0
fi

if [ ! -x "$venv/bin/python" ]; then
  say "creating $venv (python3 -m venv)"
  python3 -m venv "$venv" || die "python3 -m venv failed: install python3-venv (Debian) and run again"
fi
say "installing $want into $venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${requirements[@]}"
"$venv/bin/pyhanko" --version >/dev/null 2>&1 || "$venv/bin/pyhanko" --help >/dev/null \
  || die "$venv/bin/pyhanko does not run after the install"
"$venv/bin/python" -c 'import pikepdf' || die "pikepdf does not import in $venv after the install"
echo "$want" >"$stamp"
say "pyHanko and pikepdf installed in $venv"

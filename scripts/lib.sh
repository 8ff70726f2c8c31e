# Shared by the scripts in this folder: `source scripts/lib.sh` from the repository root.

# Tools installed by `cargo install` (tauri-driver) live here.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Prints "<script>: message" so a long log shows who said what.
say() { printf '%s: %s\n' "${SCRIPT_NAME:-osaava}" "$*"; }
die() { printf '%s: %s\n' "${SCRIPT_NAME:-osaava}" "$*" >&2; exit 1; }

# Whether ui/package.json has an npm script named $1.
ui_has_script() {
  [ -f ui/package.json ] && node -e 'process.exit(require("./ui/package.json").scripts?.[process.argv[1]] ? 0 : 1)' "$1"
}

# `npm ci` in ui/ when node_modules is missing or older than the lock file.
ui_install() {
  if [ ! -f ui/package-lock.json ]; then
    say "ui/package-lock.json not found: skipping npm ci"
  elif [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    say "installing UI dependencies (npm ci in ui/)"
    if ! npm --prefix ui ci --no-audit --no-fund; then
      # npm ci refuses a lock file that lacks entries npm install would not add either (seen:
      # optional platform packages). Accept npm install only if it leaves the lock unchanged.
      say "WARNING: npm ci failed; trying npm install, which must not change ui/package-lock.json"
      cp ui/package-lock.json "${TMPDIR:-/tmp}/osaava-ui-lock.$$"
      npm --prefix ui install --no-audit --no-fund
      if ! cmp -s ui/package-lock.json "${TMPDIR:-/tmp}/osaava-ui-lock.$$"; then
        diff -u "${TMPDIR:-/tmp}/osaava-ui-lock.$$" ui/package-lock.json | head -40 || true
        rm -f "${TMPDIR:-/tmp}/osaava-ui-lock.$$"
        die "ui/package-lock.json is out of date: run npm install in ui/ and commit the lock file"
      fi
      rm -f "${TMPDIR:-/tmp}/osaava-ui-lock.$$"
      say "npm install kept the lock file as committed"
    fi
  else
    say "UI dependencies up to date"
  fi
}

# `npm ci` in tests/credential (the third-party Open Badges credential verifier that
# crates/osaava-statement/tests/credential.rs runs) when node_modules is missing or older than
# the lock file.
credential_verifier_install() {
  local dir=tests/credential
  if [ ! -f "$dir/package-lock.json" ]; then
    die "$dir/package-lock.json not found: the credential verifier cannot be installed"
  elif [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing the credential verifier (npm ci --prefix $dir)"
    npm ci --prefix "$dir" --no-audit --no-fund
  else
    say "credential verifier dependencies up to date"
  fi
}

# Builds the SvelteKit UI into ui/build, which the desktop binary embeds at compile time.
ui_build() {
  if [ -f ui/package.json ]; then
    say "building the UI (npm --prefix ui run build)"
    npm --prefix ui run build
  elif [ -f ui/build/index.html ]; then
    say "ui/package.json not found: using the existing ui/build"
  else
    die "no UI to embed: ui/package.json and ui/build/index.html are both missing"
  fi
  [ -f ui/build/index.html ] || die "the UI build did not produce ui/build/index.html"
}

# Runs "$@" and reports how long it took.
timed() {
  local start=$SECONDS
  "$@"
  say "$* took $((SECONDS - start)) s"
}

#!/usr/bin/env bash
# Installs what the editor tests (tests/it/editors.rs) and the VS Code package need,
# on a Debian machine, as root. Idempotent and quiet: each step is skipped when
# its result is already there, and a step's output is shown only if it fails.
#
#   bash editors/ci-setup.sh
#
# - Debian's neovim (the Neovim scenarios), emacs-nox + elpa-eglot (the eglot
#   scenarios);
# - a virtualenv with pytest-lsp (the second client) and a current Neovim, at
#   ${FOIL_EDITORS_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/foil/editors-venv};
# - editors/vscode: npm ci, the type check, and the linux-x64 .vsix with the foil
#   binary in it (vsce package, editors/README.md's recipe; FOIL_BUNDLE_BINARY
#   names the binary, else target/release/foil, built when missing). The
#   extension's tests run in cargo test (tests/it/editors.rs), against the server.

set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${FOIL_EDITORS_VENV:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/foil/editors-venv}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# Runs a step with its output kept aside; on failure shows it and stops.
quietly() {
  local what="$1"
  shift
  if ! "$@" >"$log" 2>&1; then
    echo "editors/ci-setup.sh: $what failed:" >&2
    cat "$log" >&2
    exit 1
  fi
}

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

apt_updated=false
apt_install() {
  if ! $apt_updated; then
    quietly "apt-get update" apt-get update -qq
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >"$log" 2>&1
}

# --- Debian packages -------------------------------------------------------
missing=()
installed neovim || missing+=(neovim)
# Any python3 that can make a virtualenv will do (pyenv's, or Debian's with python3-venv).
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3 python3-venv)
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs)
if ((${#missing[@]})); then
  apt_install "${missing[@]}" || { cat "$log" >&2; echo "editors/ci-setup.sh: apt-get install ${missing[*]} failed" >&2; exit 1; }
  # Debian's own nodejs comes without npm (NodeSource's includes it).
  command -v npm >/dev/null || quietly "apt-get install npm" apt_install npm
fi

installed emacs-nox && installed elpa-eglot ||
  quietly "apt-get install emacs-nox elpa-eglot" apt_install emacs-nox elpa-eglot

# --- pytest-lsp, in a virtualenv (Debian's python refuses system-wide pip) ----
requirements="$repo/editors/tests/requirements.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/python" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  # A venv made by another python (pyenv vs Debian's) may not work here.
  [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c '' 2>/dev/null || rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  [[ -x "$venv/bin/python" ]] || quietly "python3 -m venv $venv" python3 -m venv "$venv"
  quietly "pip install pytest-lsp" "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-cache-dir -r "$requirements"
  echo "$want" >"$stamp"
fi

# --- the VS Code extension ---------------------------------------------------
cd "$repo/editors/vscode"
lock="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ "$(cat node_modules/.foil-lock.sha256 2>/dev/null)" != "$lock" ]]; then
  quietly "npm ci" npm ci --no-audit --no-fund
  echo "$lock" >node_modules/.foil-lock.sha256
fi
quietly "npm run typecheck" npm run typecheck
# editors/README.md's recipe: vscode:prepublish builds dist/extension.js and
# copies the foil binary ($FOIL_BUNDLE_BINARY, else target/release/foil, built
# if missing) into server/.
rm -f ./*.vsix
quietly "vsce package --target linux-x64" npx @vscode/vsce package --target linux-x64
vsix="$(ls ./*.vsix)"

echo "editors: $(nvim --version | head -n1), $(emacs --version 2>/dev/null | head -n1 || echo 'no emacs'), pytest-lsp $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pytest-lsp"))'), ${vsix#./}"

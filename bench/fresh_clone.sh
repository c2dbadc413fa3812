#!/usr/bin/env bash
# Times the set-up a newcomer sees: clone this repository (its committed HEAD) into a temporary
# folder, then `make generate` (runtime install + generate) and the install part of `make test`
# (the dev tools, `make .venv/.installed-dev`). `cold` points uv's and pip's caches at empty
# folders, as on a machine that never installed anything; `warm` (default) uses the usual caches.
# Usage: bench/fresh_clone.sh [warm|cold] [INSTALLER=uv|pip]
set -euo pipefail
cache=${1:-warm}
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$cache" = cold ]; then
  export UV_CACHE_DIR="$work/uv-cache" PIP_CACHE_DIR="$work/pip-cache"
fi
git clone --quiet "$repo" "$work/docenv"
cd "$work/docenv"
now() { echo "$EPOCHREALTIME"; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }
t0=$(now); make generate >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }; t1=$(now)
make .venv/.installed-dev >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }; t2=$(now)
printf '%s caches, installer %s: make generate %s s; make test install (dev tools, after generate) %s s\n' \
  "$cache" "${INSTALLER:-uv}" "$(minus "$t1" "$t0")" "$(minus "$t2" "$t1")"
# And a fresh clone straight to `make test`'s install, without generate first.
rm -rf .venv
[ "$cache" = cold ] && rm -rf "$UV_CACHE_DIR" "$PIP_CACHE_DIR"
t3=$(now); make .venv/.installed-dev >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }; t4=$(now)
printf '%s caches, installer %s: make test install on a fresh clone %s s\n' \
  "$cache" "${INSTALLER:-uv}" "$(minus "$t4" "$t3")"

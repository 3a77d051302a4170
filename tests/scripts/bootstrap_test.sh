#!/usr/bin/env bash
# scripts/bootstrap on a machine that has everything (as after a first run): it must install nothing,
# call neither apt-get nor sudo, and print only "bootstrap: done". Also when npm did not come from
# Debian's package (NodeSource's nodejs ships its own): that once made it run apt-get every time.
# apt-get, apt and sudo are shims on PATH that record the call and fail.
# Usage: bootstrap_test.sh SOURCE_DIR SCRATCH_DIR
set -euo pipefail
source=$1 scratch=$2
rm -rf "$scratch"
mkdir -p "$scratch/bin" "$scratch/npm-elsewhere"
for tool in apt-get apt sudo; do
  printf '#!/bin/sh\necho "%s $*" >>"%s/called"\nexit 1\n' "$tool" "$scratch" >"$scratch/bin/$tool"
done
# dpkg-query as on a machine whose npm is not Debian's package: npm's line is left out.
real_dpkg_query=$(command -v dpkg-query)
printf '#!/bin/sh\n"%s" "$@" | grep -v "^npm "\n' "$real_dpkg_query" >"$scratch/npm-elsewhere/dpkg-query"
chmod +x "$scratch"/bin/* "$scratch/npm-elsewhere/dpkg-query"

bootstrap_with_path() {  # LABEL PATH
  rm -f "$scratch/called"
  local out rc=0
  out=$(PATH="$2" "$source/scripts/bootstrap" 2>&1 </dev/null) || rc=$?
  if [ -e "$scratch/called" ]; then
    echo "$1: scripts/bootstrap ran, though everything is installed (or is something missing here?):"
    cat "$scratch/called"; echo "$out"; exit 1
  fi
  [ "$rc" -eq 0 ] || { echo "$1: scripts/bootstrap failed ($rc):"; echo "$out"; exit 1; }
  [ "$out" = "bootstrap: done" ] || { echo "$1: scripts/bootstrap printed more than 'bootstrap: done':"; echo "$out"; exit 1; }
  echo "$1: nothing to do, no apt-get"
}

bootstrap_with_path "everything installed" "$scratch/bin:$PATH"

if command -v npm >/dev/null 2>&1; then
  bootstrap_with_path "npm not from Debian's package" "$scratch/npm-elsewhere:$scratch/bin:$PATH"
fi

#!/usr/bin/env bash
# Installs the build into a scratch prefix and checks the installed units the way an operator would:
# `systemd-analyze verify` says nothing, and `systemd-analyze security --offline=yes` rates the service
# 2.0 or lower ("OK"), both for the installed copy and the one in the source tree.
# Usage: check_units.sh BUILD_DIR SOURCE_DIR SCRATCH_DIR
set -euo pipefail
build=$1 source=$2 scratch=$3

rm -rf "$scratch"
cmake --install "$build" --prefix "$scratch" >/dev/null
units=$scratch/lib/systemd/system
for f in bin/roadmapd lib/systemd/system/roadmapd.service lib/systemd/system/roadmapd.socket \
         share/doc/roadmapd/roadmapd.example.toml share/doc/roadmapd/README.md; do
  [ -f "$scratch/$f" ] || { echo "cmake --install did not install $f"; exit 1; }
done
want="ExecStart=$scratch/bin/roadmapd run --config /etc/roadmapd/roadmapd.toml"
grep -qxF "$want" "$units/roadmapd.service" || {
  echo "the installed roadmapd.service does not have: $want"; grep -n '^ExecStart' "$units/roadmapd.service"; exit 1; }

# verify needs ExecStart's binary to exist: the installed copy names the one just installed.
if ! out=$(cd "$units" && systemd-analyze verify roadmapd.service roadmapd.socket 2>&1) || [ -n "$out" ]; then
  echo "systemd-analyze verify roadmapd.service roadmapd.socket:"; echo "$out"; exit 1
fi
echo "systemd-analyze verify: no complaints"

# --threshold is in tenths: exposure above 2.0 fails.
for unit in "$units/roadmapd.service" "$source/systemd/roadmapd.service"; do
  if ! out=$(systemd-analyze security --offline=yes --threshold=20 "$unit" 2>&1); then
    echo "$out" | grep -E '✗|Overall' || echo "$out"
    echo "$unit: exposure above 2.0"; exit 1
  fi
  echo "$unit: $(echo "$out" | grep 'Overall exposure level')"
done

#!/usr/bin/env bash
# Installs the build as a package build does, `DESTDIR=SCRATCH cmake --install BUILD_DIR --prefix /usr`
# (with --strip when asked), and checks the tree an operator gets: every file under SCRATCH/usr and
# nowhere else, a binary that runs, units whose ExecStart= names /usr/bin/roadmapd (not SCRATCH/...),
# the man page, both shell completions, the example config and the docs; and that README's list of
# what a server needs names the package of every library the binary links.
# Usage: check_install.sh BUILD_DIR SCRATCH_DIR [--strip]
set -euo pipefail
build=$1 scratch=$2 strip=${3:-}
fail() { echo "$*"; exit 1; }

rm -rf "$scratch"
mkdir -p "$scratch"
started="$scratch.started"
touch "$started"
if ! out=$(DESTDIR="$scratch" cmake --install "$build" --prefix /usr $strip 2>&1); then
  echo "$out"; fail "DESTDIR=$scratch cmake --install $build --prefix /usr $strip failed"
fi

# Nothing outside DESTDIR: each file of the install manifest (the paths without DESTDIR) is in the
# scratch tree, the tree holds nothing else, and no such path on this machine was written just now.
manifest="$(cd "$build" && pwd)/install_manifest.txt"
while read -r path; do
  case $path in /usr/*) ;; *) fail "installed outside the prefix /usr: $path" ;; esac
  [ -f "$scratch$path" ] || fail "the manifest lists $path, but $scratch$path is not there"
  if [ -e "$path" ] && [ "$path" -nt "$started" ]; then fail "$path was written outside DESTDIR"; fi
done <"$manifest"
extra=$(cd "$scratch" && find . -type f | sed 's|^\.||' | sort | comm -23 - <(sort "$manifest"))
[ -z "$extra" ] || fail "installed but not in the manifest (a path with DESTDIR twice?): $extra"
rm -f "$started"

root=$scratch/usr
for f in lib/systemd/system/roadmapd.service lib/systemd/system/roadmapd.socket share/man/man1/roadmapd.1 \
         share/bash-completion/completions/roadmapd share/zsh/vendor-completions/_roadmapd \
         share/doc/roadmapd/roadmapd.example.toml share/doc/roadmapd/README.md share/doc/roadmapd/docs/config.md \
         share/doc/roadmapd/docs/deploy.md; do
  [ -s "$root/$f" ] || fail "cmake --install did not install /usr/$f"
done

[ -x "$root/bin/roadmapd" ] || fail "/usr/bin/roadmapd is not there or not executable"
version=$("$root/bin/roadmapd" version) || fail "the installed roadmapd version failed"
[[ $version =~ ^roadmapd\ [0-9]+\.[0-9]+\.[0-9]+\ \(git\ [^\)]+\)$ ]] || fail "roadmapd version printed: $version"
size=$(stat -c %s "$root/bin/roadmapd")
if [ "$strip" = --strip ]; then
  sections=$(readelf -S -W "$root/bin/roadmapd")
  if grep -qE '\.debug_info|\.symtab' <<<"$sections"; then fail "--strip left debug information or symbols"; fi
fi
echo "installed: $version, /usr/bin/roadmapd $size bytes${strip:+ (stripped)}"

want="ExecStart=/usr/bin/roadmapd run --config /etc/roadmapd/roadmapd.toml"
grep -qxF "$want" "$root/lib/systemd/system/roadmapd.service" ||
  fail "the installed roadmapd.service lacks: $want ($(grep '^ExecStart' "$root/lib/systemd/system/roadmapd.service"))"
grep -qxF "Documentation=file:///usr/share/doc/roadmapd/README.md" "$root/lib/systemd/system/roadmapd.service" ||
  fail "the installed roadmapd.service's Documentation= does not name /usr/share/doc/roadmapd/README.md"

# The man page renders without a warning (where man is installed; bootstrap does not need it).
if command -v man >/dev/null 2>&1; then
  warnings=$(MANWIDTH=80 man --warnings -E UTF-8 -l "$root/share/man/man1/roadmapd.1" 2>&1 >/dev/null)
  [ -z "$warnings" ] || fail "man -l roadmapd.1 warns: $warnings"
  page=$(MANWIDTH=80 man -E UTF-8 -l "$root/share/man/man1/roadmapd.1" 2>/dev/null)
  grep -q 'roadmapd sync --once --config FILE \[--full\]' <<<"$page" || fail "the man page has no synopsis of sync"
fi

# The completions parse, and bash's completes a command, an option and a choice.
bash -n "$root/share/bash-completion/completions/roadmapd" || fail "the bash completion does not parse"
if command -v zsh >/dev/null 2>&1; then
  zsh -n "$root/share/zsh/vendor-completions/_roadmapd" || fail "the zsh completion does not parse"
fi
completes() {  # WORD... : what bash completes for the last word
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _roadmapd; echo "${COMPREPLY[*]}"' \
    _ "$root/share/bash-completion/completions/roadmapd" "$@"
}
[ "$(completes roadmapd check-c)" = check-config ] || fail "bash completes 'roadmapd check-c' as: $(completes roadmapd check-c)"
[ "$(completes roadmapd --log-level debug lint --fo)" = --format ] || fail "bash does not complete lint --fo"
[ "$(completes roadmapd lint --format '')" = "table json" ] || fail "bash completes lint --format as: $(completes roadmapd lint --format '')"
# README's list of what a server needs names the Debian package of every library the binary links
# directly (libc, libstdc++ and libgcc are on every Debian system).
if command -v dpkg >/dev/null 2>&1; then
  server=$(sed -n '/^### What a server needs to run roadmapd/,/^### /p' "$root/share/doc/roadmapd/README.md")
  declare -A path_of
  while read -r name _ path _; do path_of[$name]=$path; done < <(ldd "$root/bin/roadmapd" | grep '=> /')
  for needed in $(readelf -d "$root/bin/roadmapd" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    # dpkg knows a file by the path its package ships it under: /lib/... or /usr/lib/... (usrmerge).
    real=$(readlink -f "${path_of[$needed]}")
    owner=$(dpkg -S "$real" 2>/dev/null || dpkg -S "${real#/usr}" 2>/dev/null || true)
    package=$(cut -d: -f1 <<<"$owner" | head -1)
    case $package in libc6 | libstdc++6 | libgcc-s1 | "") continue ;; esac
    grep -qw -- "$package" <<<"$server" || fail "README's 'What a server needs' does not name $package ($needed)"
  done
fi
echo "installed tree under $scratch/usr: OK"

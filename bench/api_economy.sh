#!/usr/bin/env bash
# API economy: GraphQL requests and rate-limit points that `roadmapd sync --once` spends against the
# fake GitHub (tests/fake-github, fixture roadmap.json) for a full sync, a pass where nothing changed,
# a pass after small edits and a forced full re-read, each beside its lower bound.
#   bench/api_economy.sh [BUILD_DIR]      (default: $ROADMAPD_BUILD_DIR, else build/)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="${1:-${ROADMAPD_BUILD_DIR:-$here/build}}"
roadmapd="$build/daemon/roadmapd"
[ -x "$roadmapd" ] || {
  echo "api_economy: no $roadmapd; build it: cmake --build $build --target roadmapd" >&2
  exit 2
}
. "$here/bench/fake_github.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/roadmapd-api-economy.XXXXXX")
fake=""
cleanup() {
  [ -n "$fake" ] && kill "$fake" 2>/dev/null && wait "$fake" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

start_fake_github "$work" api_economy

echo "test-token-roadmapd" >"$work/github-token"
cat >"$work/roadmapd.toml" <<TOML
[github]
api_url = "$api"
token_file = "github-token"
ca_file = "certs/ca.pem"

[storage]
database = "mirror.db"

[log]
level = "info"

TOML
cat "$here/tests/fake-github/fixtures/roadmap.targets.toml" >>"$work/roadmapd.toml"
boards='[["apache",1],["apache",2],["apache",3],["denise-k",7]]'
repositories='["apache/tvm","apache/tvm-rfcs"]'

curl -sf "$control/state" >"$work/state.json"

# The edits of the third pass: one field of an apache/2 item changes, one apache/tvm issue that is
# on no board is closed.
edits=$(node - "$work/state.json" <<'JS'
const s = JSON.parse(require('fs').readFileSync(process.argv[2]));
const board = s.projects.find(p => p.owner === 'apache' && p.number === 2);
const item = board.items.find(i => i.values && i.values.Priority);
const on_boards = new Set(s.projects.flatMap(p => p.items.map(i => i.content)));
const issue = s.issues.find(i => i.repository === 'apache/tvm' && i.state === 'OPEN' && !on_boards.has(i.id));
console.log(JSON.stringify({ops: [
  {op: 'set_field', item: item.id, field: 'Priority', value: item.values.Priority === 'P0' ? 'P1' : 'P0'},
  {op: 'close_issue', repo: 'apache/tvm', number: issue.number},
]}));
JS
)

# Lower bounds from the fixture itself: a full read needs ceil(n/100) pages per board and per
# repository connection (issues, pull requests).
bounds=$(node - "$work/state.json" "$boards" "$repositories" <<'JS'
const s = JSON.parse(require('fs').readFileSync(process.argv[2]));
const boards = JSON.parse(process.argv[3]), repos = JSON.parse(process.argv[4]);
const pages = n => Math.ceil(n / 100);
let full = 0, ci_board = 0;
const sizes = [];
for (const [owner, number] of boards) {
  const p = s.projects.find(x => x.owner === owner && x.number === number);
  full += pages(p.items.length);
  sizes.push(`${owner}/${number}: ${p.items.length} items`);
  if (owner === 'apache' && number === 2) ci_board = pages(p.items.length);
}
for (const r of repos) {
  const issues = s.issues.filter(i => i.repository === r).length;
  const prs = s.pull_requests.filter(i => i.repository === r).length;
  full += pages(issues) + pages(prs);
  sizes.push(`${r}: ${issues} issues, ${prs} PRs`);
}
// After the edits: one request to learn what changed, the changed board re-read in full (GitHub
// cannot list a board's items changed since a time), one page of changed issues.
console.log([full, boards.length + repos.length, 1 + ci_board + 1, sizes.join('; ')].join('\t'));
JS
)
IFS=$'\t' read -r bound_full bound_nochange bound_edit sizes <<<"$bounds"

# One pass: clears the fake's request log, runs roadmapd, then tallies the log. Prints
# "requests<TAB>points<TAB>non-200 answers<TAB>per-operation breakdown<TAB>roadmapd's own count".
measure() {
  curl -sf -X DELETE "$control/requests" >/dev/null
  if ! "$roadmapd" sync --once "$@" --config "$work/roadmapd.toml" >"$work/roadmapd.log" 2>&1; then
    cat "$work/roadmapd.log" >&2
    echo "api_economy: roadmapd sync --once $* failed" >&2
    exit 1
  fi
  curl -sf "$control/requests" >"$work/requests.json"
  node - "$work/requests.json" "$work/roadmapd.log" <<'JS'
const fs = require('fs');
const log = JSON.parse(fs.readFileSync(process.argv[2]));
const posts = log.filter(r => r.method === 'POST');
const by_op = new Map();
let points = 0, failed = 0;
for (const r of posts) {
  const m = /\b(?:query|mutation)\s+(\w+)/.exec(r.query || '');
  const op = m ? m[1] : '(anonymous)';
  const e = by_op.get(op) || {n: 0, cost: 0};
  e.n += 1;
  e.cost += r.cost || 0;
  by_op.set(op, e);
  points += r.cost || 0;
  if (r.status !== 200) failed += 1;
}
const breakdown = [...by_op].map(([op, e]) => `${op} ${e.n}x/${e.cost}pt`).join(', ');
const own = /(\d+) requests, (\d+) rate-limit points/.exec(fs.readFileSync(process.argv[3], 'utf8'));
console.log([posts.length, points, failed, breakdown, own ? `${own[1]}/${own[2]}` : '?'].join('\t'));
JS
}

row() {  # label, bound, measured line
  local label=$1 bound=$2 requests points failed breakdown own
  IFS=$'\t' read -r requests points failed breakdown own <<<"$3"
  printf '  %-38s %8s %7s %-13s %s\n' "$label" "$requests" "$points" "$bound" "$breakdown"
  [ "$failed" = 0 ] || printf '  %-38s (%s answers were not 200: retries)\n' "" "$failed"
  [ "$own" = "$requests/$points" ] ||
    printf '  %-38s (roadmapd itself counted %s requests/points)\n' "" "$own"
}

full=$(measure)
nochange=$(measure)
curl -sf -X POST -H 'content-type: application/json' -d "$edits" "$control/edit" >/dev/null
edited=$(measure)
resync=$(measure --full)

echo "API economy: roadmapd sync --once against the fake GitHub"
echo "  fixture: $sizes"
echo "  configured: 4 boards, 2 repositories; points are GitHub's query cost (rateLimit.cost)"
echo
printf '  %-38s %8s %7s %-13s %s\n' "pass" "requests" "points" "lower bound" "requests x count / points per operation"
row "full sync, empty mirror" "$bound_full" "$full"
row "nothing changed" "1 (max $bound_nochange)" "$nochange"
row "1 board field edited, 1 issue closed" "$bound_edit" "$edited"
row "forced full re-read (--full)" "$bound_full" "$resync"
echo
IFS=$'\t' read -r nochange_requests _ <<<"$nochange"
IFS=$'\t' read -r full_requests _ <<<"$full"
verdict() { if [ "$1" -le "$2" ]; then echo met; else echo "NOT met"; fi; }
echo "  target: a no-change pass costs at most one request per board and repository ($bound_nochange):" \
  "$(verdict "$nochange_requests" "$bound_nochange") ($nochange_requests)"
echo "  target: a full sync needs no more requests than its lower bound ($bound_full):" \
  "$(verdict "$full_requests" "$bound_full") ($full_requests)"

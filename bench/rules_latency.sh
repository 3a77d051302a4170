#!/usr/bin/env bash
# Webhook -> comment latency: `roadmapd run` (dry_run = false, grace period 0) against the fake GitHub
# (tests/fake-github, fixture roadmap.json). After the first enforcement settles, N times: the Scope
# section of apache/tvm#4 is toggled on the fake (POST /edit) and a signed `issues.edited` delivery
# for it is posted; timed from just before the POST until the comment mutation (addComment,
# updateIssueComment or minimizeComment on #4's comment) appears in the fake's GET /mutations, beside
# the time until the delivery is marked done in roadmapd's inbox (webhook_deliveries) in the same run.
#   bench/rules_latency.sh [BUILD_DIR] [ROUNDS]      (default: $ROADMAPD_BUILD_DIR, else build/; 30)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="${1:-${ROADMAPD_BUILD_DIR:-$here/build}}"
rounds="${2:-30}"
roadmapd="$build/daemon/roadmapd"
fake_dir="$here/tests/fake-github"
[ -x "$roadmapd" ] || {
  echo "rules_latency: no $roadmapd; build it: cmake --build $build --target roadmapd" >&2
  exit 2
}
command -v sqlite3 >/dev/null || { echo "rules_latency: sqlite3 (the command-line shell) is missing" >&2; exit 2; }
. "$here/bench/fake_github.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/roadmapd-rules-latency.XXXXXX")
fake="" daemon=""
cleanup() {
  [ -n "$daemon" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
  [ -n "$fake" ] && kill "$fake" 2>/dev/null && wait "$fake" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

start_fake_github "$work" rules_latency
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

secret="rules-latency-secret-$$-$(date +%s)"
echo "$secret" >"$work/webhook-secret"
echo "test-token-roadmapd" >"$work/github-token"
cat >"$work/roadmapd.toml" <<TOML
[github]
api_url = "$api"
token_file = "github-token"
ca_file = "certs/ca.pem"

[storage]
database = "mirror.db"

[sync]
interval = "1h"
full_resync = "24h"

[log]
level = "info"

[webhook]
listen = "127.0.0.1:$port"
secret_files = ["webhook-secret"]

[rules]
dry_run = false
grace_period = "0s"
actions_per_minute = 80
actions_per_hour = 500

[rule_sets.default.label]
roadmap_label = "tvm:roadmap"

TOML
cat "$fake_dir/fixtures/roadmap.targets.toml" >>"$work/roadmapd.toml"

"$roadmapd" run --config "$work/roadmapd.toml" >"$work/roadmapd.log" 2>&1 &
daemon=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/roadmapd.log" >&2; echo "rules_latency: roadmapd did not start" >&2; exit 1; }

# The first enforcement: done when GET /mutations has not grown for 3 s (and is not empty).
mutations_count() { curl -sf "$control/mutations" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).length))'; }
last=-1 still=0 waited=0
while [ "$still" -lt 6 ]; do
  sleep 0.5
  waited=$((waited + 1))
  now=$(mutations_count)
  if [ "$now" = "$last" ] && [ "$now" != 0 ]; then still=$((still + 1)); else still=0; fi
  last=$now
  [ "$waited" -lt 240 ] || { tail -20 "$work/roadmapd.log" >&2; echo "rules_latency: the first enforcement did not settle in 2 min" >&2; exit 1; }
done
first_enforcement=$last

node - "$work" "$control" "http://127.0.0.1:$port/webhook" "$secret" "$rounds" "$first_enforcement" <<'JS'
const [work, control, hook, secret, rounds_text, first_text] = process.argv.slice(2);
const rounds = Number(rounds_text);
const crypto = require('crypto');
const { spawn } = require('child_process');
const now_ms = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = ms => new Promise(r => setTimeout(r, ms));
const get = async path => (await fetch(control + path)).json();

// One sqlite3 shell for the whole run: a query costs a pipe round trip, not a process start.
const shell = spawn('sqlite3', ['-readonly', `${work}/mirror.db`]);
let out = '', waiting = null;
shell.stdout.on('data', d => {
  out += d;
  const end = out.indexOf('<<end>>\n');
  if (end >= 0 && waiting) { const w = waiting; waiting = null; const text = out.slice(0, end); out = out.slice(end + 8); w(text.trim()); }
});
const sql = q => new Promise(resolve => { waiting = resolve; shell.stdin.write(`${q};\n.print <<end>>\n`); });

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const row = (label, v) => {
  const s = [...v].sort((a, b) => a - b);
  const f = x => x.toFixed(1).padStart(9);
  return `  ${label.padEnd(40)}${f(s[0])}${f(quantile(s, 0.5))}${f(quantile(s, 0.99))}${f(s[s.length - 1])}`;
};

(async () => {
  const state = await get('/state');
  const issue = state.issues.find(i => i.repository === 'apache/tvm' && i.number === 4);
  const original = issue.body;
  const with_scope = original.replace(/\n*$/, '\n\n## Scope\n\nThe upstream documentation site only; vendor docs follow on their own.\n');
  const comment_ids = () => get('/state').then(s => new Set((s.issues.find(i => i.id === issue.id).comments || []).map(c => c.id)));
  const ours = (m, ids) => (m.name === 'addComment' && m.input.subjectId === issue.id) ||
    (['updateIssueComment'].includes(m.name) && ids.has(m.input.id)) ||
    (['minimizeComment', 'unminimizeComment'].includes(m.name) && ids.has(m.input.subjectId));

  const payload = (body, current) => JSON.stringify({
    action: 'edited', changes: { body: { from: 'the previous body' } },
    issue: {
      node_id: issue.id, number: issue.number, title: issue.title, body, state: 'open',
      user: { login: issue.author }, labels: current.labels.map(name => ({ name })),
      assignees: current.assignees.map(login => ({ login })), milestone: null,
      created_at: issue.createdAt, updated_at: current.updatedAt, closed_at: null,
      html_url: `https://github.com/apache/tvm/issues/${issue.number}`,
    },
    repository: { full_name: 'apache/tvm', name: 'tvm', owner: { login: 'apache' } },
  });

  // GitHub's secondary limit (and roadmapd's budget, set to the same 80 a minute) would hold a
  // round's mutations back for up to a minute: that is the budget working, not latency. A round
  // starts only when the last minute's window has room; the waiting is reported, not timed.
  const room = async () => {
    const started = now_ms();
    for (;;) {
      const limits = await get('/secondary_limits');
      if (limits.used.content_last_minute <= (limits.content_per_minute ?? 1e9) - 10) return now_ms() - started;
      await sleep(1000);
    }
  };
  const latency = [], done = [], mutations_per_round = [], misses = [], names = new Map();
  let budget_wait = 0;
  for (let round = 0; round < rounds; ++round) {
    budget_wait += await room();
    const body = round % 2 === 0 ? with_scope : original;
    // The fake first, as GitHub has the new body before it sends the delivery.
    const edit = await fetch(control + '/edit', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ops: [{ op: 'edit_issue', repo: 'apache/tvm', number: 4, body }] }) });
    if (!edit.ok) throw new Error(`POST /edit: ${edit.status} ${await edit.text()}`);
    const fake_issue = (await get('/state')).issues.find(i => i.id === issue.id);
    const ids = await comment_ids();
    const before = (await get('/mutations')).length;
    const text = payload(body, fake_issue);  // labels as they are now, roadmapd's included
    const delivery = crypto.randomUUID();
    const signature = 'sha256=' + crypto.createHmac('sha256', secret).update(text).digest('hex');

    const t0 = now_ms();
    const answer = await fetch(hook, { method: 'POST', body: text, headers: {
      'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': delivery,
      'x-github-hook-id': '4242', 'x-hub-signature-256': signature } });
    if (answer.status !== 202) throw new Error(`delivery answered ${answer.status}: ${await answer.text()}`);
    let t_done = null, t_comment = null;
    const deadline = t0 + 20000;
    const poll_done = (async () => {
      while (t_done === null && now_ms() < deadline) {
        if (await sql(`SELECT status FROM webhook_deliveries WHERE delivery_id = '${delivery}'`) === 'done') t_done = now_ms() - t0;
        else await sleep(2);
      }
    })();
    const poll_comment = (async () => {
      while (t_comment === null && now_ms() < deadline) {
        const all = await get('/mutations');
        if (all.slice(before).some(m => ours(m, ids))) t_comment = now_ms() - t0;
        else await sleep(2);
      }
    })();
    await Promise.all([poll_done, poll_comment]);
    if (t_done === null || t_comment === null) { misses.push(round); continue; }
    latency.push(t_comment);
    done.push(t_done);
    // Let the round's other mutations (labels) land before the next one starts.
    let settled = (await get('/mutations')).length, still = 0;
    while (still < 3) { await sleep(100); const n = (await get('/mutations')).length; still = n === settled ? still + 1 : 0; settled = n; }
    mutations_per_round.push(settled - before);
    for (const m of (await get('/mutations')).slice(before)) names.set(m.name, (names.get(m.name) || 0) + 1);
  }
  shell.stdin.end();

  const per_round = mutations_per_round.reduce((a, b) => a + b, 0) / Math.max(1, mutations_per_round.length);
  console.log(`Rules latency: issues.edited delivery -> comment mutation at the fake GitHub, ${rounds} rounds`);
  console.log(`  roadmapd run, dry_run = false, grace period 0; the first enforcement sent ${first_text} mutations before the rounds`);
  console.log(`  each round toggles the Scope section of apache/tvm#4 (on the fake, then by a signed delivery);`);
  console.log(`  ${per_round.toFixed(1)} mutations per round: ${[...names].map(([n, c]) => `${n} ${c}x`).join(', ')}`);
  console.log(`  rounds start when GitHub's 80-a-minute window has room: ${(budget_wait / 1000).toFixed(0)} s of waiting, not timed`);
  if (misses.length) console.log(`  rounds with no comment mutation within 20 s (left out): ${misses.join(', ')}`);
  console.log('');
  console.log(`  ${'ms from just before the POST'.padEnd(40)}${'min'.padStart(9)}${'p50'.padStart(9)}${'p99'.padStart(9)}${'max'.padStart(9)}`);
  console.log(row('delivery done in the inbox (baseline)', done));
  console.log(row('comment mutation at the fake GitHub', latency));
  console.log(row('difference (enforcement, per round)', latency.map((l, i) => l - done[i])));
  const p50 = quantile([...latency].sort((a, b) => a - b), 0.5), p99 = quantile([...latency].sort((a, b) => a - b), 0.99);
  console.log('');
  console.log(`  target: an edit is judged and commented on within seconds (p99 under 5 s): ${p99 < 5000 && !misses.length ? 'met' : 'NOT met'} (p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms)`);
})().catch(e => { console.error('rules_latency: ' + (e.stack || e)); process.exit(1); });
JS

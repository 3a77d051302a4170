#!/usr/bin/env bash
# Webhook load: wrk posts a signed 11.6 KB issues.opened payload (a new delivery id per request) to
#   A) roadmapd run, which stores every delivery durably in its inbox before answering, and
#   B) a minimal @octokit/webhooks receiver (createNodeMiddleware: checks the signature, stores nothing),
# in the same run, and prints requests/s, p50/p99 latency and peak RSS of each. Then the same load
# against bench/webhook_stages, which is roadmapd's endpoint cut after each stage (HTTP only; + the
# intake's checks; + the durable group commit), to show where a delivery's time goes.
#   bench/webhook_load.sh [BUILD_DIR] [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
duration="${2:-10}"
connections="${3:-16}"
roadmapd="$build/daemon/roadmapd"
stages="$build/bench/webhook_stages"
[ -x "$roadmapd" ] && [ -x "$stages" ] || { echo "webhook_load: build roadmapd and webhook_stages first (in $build)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "webhook_load: wrk is missing (scripts/bootstrap installs it)" >&2; exit 2; }
( cd "$here/bench/webhooks" && [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error )

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

secret="bench-secret-$(date +%s)"
echo "$secret" >"$work/webhook-secret"
signature=$(node "$here/bench/webhooks/payload.mjs" "$work/payload.json" "$secret")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

peak_rss_kb() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }

load() {  # URL -> "requests/s p50 p99 non2xx"
  WEBHOOK_BODY="$work/payload.json" WEBHOOK_SIGNATURE="$signature" \
    wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$here/bench/webhooks/post.lua" "$1" >"$work/wrk.out" 2>&1
  awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$5}
       END {printf "%s %s %s %s\n", rps, p50, p99, (bad == "" ? 0 : bad)}' "$work/wrk.out"
}

# A) roadmapd
port=$(free_port)
echo "test-token-unused" >"$work/github-token"
cat >"$work/roadmapd.toml" <<TOML
[github]
api_url = "http://127.0.0.1:9"
token_file = "github-token"
[storage]
database = "inbox.db"
[sync]
interval = "24h"
full_resync = "24h"
[log]
level = "warn"
[webhook]
listen = "127.0.0.1:$port"
secret_files = ["webhook-secret"]
[[repository]]
name = "octo-org/not-configured-here"
TOML
"$roadmapd" run --config "$work/roadmapd.toml" >"$work/roadmapd.log" 2>&1 &
pids+=($!); rpid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
read -r r_rps r_p50 r_p99 r_bad < <(load "http://127.0.0.1:$port/webhook")
r_rss=$(peak_rss_kb "$rpid")
stored=$(sqlite3 "$work/inbox.db" "SELECT count(*) FROM webhook_deliveries")

# B) octokit
port=$(free_port)
node "$here/bench/webhooks/receiver.mjs" "$port" "$secret" >"$work/octokit.log" 2>&1 &
pids+=($!); opid=$!
for _ in $(seq 100); do grep -q listening "$work/octokit.log" 2>/dev/null && break; sleep 0.1; done
read -r o_rps o_p50 o_p99 o_bad < <(load "http://127.0.0.1:$port/webhook")
o_rss=$(peak_rss_kb "$opid")

# C) roadmapd's endpoint stage by stage
declare -A s_rps s_p50 s_p99 s_rss
for mode in http verify store; do
  port=$(free_port)
  rm -f "$work"/stages.db*
  "$stages" "$mode" "$port" "$work/webhook-secret" "$work/stages.db" >"$work/stages.log" 2>&1 &
  pids+=($!); spid=$!
  for _ in $(seq 100); do grep -q listening "$work/stages.log" 2>/dev/null && break; sleep 0.1; done
  read -r s_rps[$mode] s_p50[$mode] s_p99[$mode] _ < <(load "http://127.0.0.1:$port/webhook")
  s_rss[$mode]=$(peak_rss_kb "$spid")
  kill "$spid"; wait "$spid" 2>/dev/null || true
done

printf '\nWebhook load: wrk -t2 -c%s -d%ss, signed 11.6 KB issues.opened, a new delivery id per request\n' "$connections" "$duration"
printf '  %-34s %12s %9s %9s %12s %8s\n' receiver requests/s p50 p99 "peak RSS" non-2xx
printf '  %-34s %12s %9s %9s %9s MB %8s\n' "roadmapd (stores every delivery)" "$r_rps" "$r_p50" "$r_p99" "$((r_rss / 1024))" "$r_bad"
printf '  %-34s %12s %9s %9s %9s MB %8s\n' "@octokit/webhooks (stores nothing)" "$o_rps" "$o_p50" "$o_p99" "$((o_rss / 1024))" "$o_bad"
printf '  ratio roadmapd/octokit requests/s: %s; deliveries in roadmapd'"'"'s inbox: %s\n' \
  "$(python3 -c "print(round($r_rps / $o_rps, 2))")" "$stored"
printf '\n  roadmapd'"'"'s endpoint stage by stage (same load):\n'
printf '  %-34s %12s %9s %9s %9s MB\n' "HTTP server only, answers 202" "${s_rps[http]}" "${s_p50[http]}" "${s_p99[http]}" "$((s_rss[http] / 1024))"
printf '  %-34s %12s %9s %9s %9s MB\n' "+ signature, headers, action" "${s_rps[verify]}" "${s_p50[verify]}" "${s_p99[verify]}" "$((s_rss[verify] / 1024))"
printf '  %-34s %12s %9s %9s %9s MB\n' "+ durable group commit" "${s_rps[store]}" "${s_p50[store]}" "${s_p99[store]}" "$((s_rss[store] / 1024))"
printf '  %-34s %12s %9s %9s %9s MB\n' "+ the worker (= roadmapd above)" "$r_rps" "$r_p50" "$r_p99" "$((r_rss / 1024))"

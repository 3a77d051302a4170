# Sourced by the benchmark scripts: starts the fake GitHub (tests/fake-github, fixture roadmap.json,
# over TLS with fresh test certificates) in the background.
#   start_fake_github WORK_DIR NAME   sets: fake (its pid), api, control (URLs); NAME prefixes errors.
start_fake_github() {
  local work="$1" name="$2" fake_dir
  fake_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/fake-github"
  [ -d "$fake_dir/node_modules" ] || (cd "$fake_dir" && npm ci --no-audit --no-fund --loglevel=error)
  bash "$fake_dir/make-certs.sh" "$work/certs" >/dev/null
  node "$fake_dir/server.js" --state "$fake_dir/fixtures/roadmap.json" --port 0 --control-port 0 \
    --tls-cert "$work/certs/server.pem" --tls-key "$work/certs/server-key.pem" \
    --ready-file "$work/ready.json" >"$work/fake-github.log" 2>&1 &
  fake=$!
  for _ in $(seq 100); do [ -s "$work/ready.json" ] && break; sleep 0.1; done
  [ -s "$work/ready.json" ] || { cat "$work/fake-github.log" >&2; echo "$name: the fake GitHub did not start" >&2; exit 1; }
  local read='console.log(JSON.parse(require("fs").readFileSync(process.argv[1]))[process.argv[2]])'
  api=$(node -e "$read" "$work/ready.json" api)
  control=$(node -e "$read" "$work/ready.json" control)
}

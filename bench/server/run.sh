#!/usr/bin/env bash
# The server benchmark: wrk on loopback, 2 threads, 64 connections,
# keep-alive, 10 s each, against
#   1. a hello-world handler of the same Beast server (`chorus serve
#      --hello-world`): the physical limit of this HTTP setup;
#   2. GET /api/events/{id} on a store, logged in;
#   3. GET /api/search?q=... on the same store, logged in.
#
# Usage: bench/server/run.sh [STORE]
#   STORE     an existing store (e.g. the 1,000,000-record store of
#             bench/import); CHORUS_PASSPHRASE must unlock it, EVENT_ID and
#             QUERY name an event and a search word in it. Without STORE a
#             synthetic store of RECORDS records (default 100000) is built
#             with make_bundle.py in a temp folder.
#   CHORUS    the chorus binary (default build/release/src/cli/chorus)
#   DURATION  wrk duration (default 10s)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CHORUS=${CHORUS:-$root/build/release/src/cli/chorus}
DURATION=${DURATION:-10s}
RECORDS=${RECORDS:-100000}
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

store=${1:-}
if [[ -z "$store" ]]; then
  export CHORUS_PASSPHRASE=${CHORUS_PASSPHRASE:-bench-passphrase}
  store=$work/bench.chorus
  echo "== building a synthetic store of $RECORDS records"
  python3 "$here/make_bundle.py" "$RECORDS" "$work/bench.jsonl"
  "$CHORUS" --store "$store" init >/dev/null
  /usr/bin/time -f "import: %e s, %M KiB max RSS" "$CHORUS" --store "$store" import "$work/bench.jsonl"
  EVENT_ID=${EVENT_ID:-evt-4242}
  QUERY=${QUERY:-dormitory}
fi
: "${CHORUS_PASSPHRASE:?set CHORUS_PASSPHRASE for the store}"
EVENT_ID=${EVENT_ID:?set EVENT_ID to an event id of the store}
QUERY=${QUERY:?set QUERY to a search word}

password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
CHORUS_NEW_PASSWORD=$password "$CHORUS" --store "$store" user add "bench-$$" --role viewer >/dev/null

start_server() {  # args: extra serve flags; sets server_pid and port
  "$CHORUS" --store "$store" serve --listen 127.0.0.1:0 --access-log "$work/access.log" "$@" \
    >"$work/serve.out" 2>"$work/serve.err" &
  server_pid=$!
  for _ in $(seq 1 200); do
    if grep -q "listening on" "$work/serve.out" 2>/dev/null; then break; fi
    sleep 0.05
  done
  port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve.out")
  [[ -n "$port" ]] || { cat "$work/serve.err"; exit 1; }
}
stop_server() {
  kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""
}
run_wrk() {  # label, url, extra args
  local label=$1 url=$2; shift 2
  echo "== $label: wrk -t2 -c64 -d$DURATION --latency $url"
  wrk -t2 -c64 -d"$DURATION" --latency "$@" "$url" | tee "$work/wrk.txt" |
    grep -E "Requests/sec|^ +(50|99)%|Non-2xx|Socket errors" || true
}

start_server --hello-world
run_wrk "hello world (physical limit)" "http://127.0.0.1:$port/"
stop_server

start_server
cookie=$(curl -s -i -H 'Content-Type: application/json' \
  -d "{\"username\":\"bench-$$\",\"password\":\"$password\"}" \
  "http://127.0.0.1:$port/api/login" | sed -n 's/^Set-Cookie: \(chorus_session=[^;]*\).*/\1/p')
[[ -n "$cookie" ]] || { echo "login failed"; exit 1; }
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$port/api/events/$EVENT_ID")
[[ "$status" == 200 ]] || { echo "GET /api/events/$EVENT_ID answered $status"; exit 1; }
run_wrk "GET one event" "http://127.0.0.1:$port/api/events/$EVENT_ID" -H "Cookie: $cookie"
run_wrk "search '$QUERY'" "http://127.0.0.1:$port/api/search?q=$QUERY" -H "Cookie: $cookie"
stop_server
CHORUS_NEW_PASSWORD=x "$CHORUS" --store "$store" user remove "bench-$$" >/dev/null || true

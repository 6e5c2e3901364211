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
#   EVENT_COUNT  when set, a fourth run GETs random events evt-0 …
#             evt-(EVENT_COUNT-1) (random_event.lua): views the server has
#             not just rendered, so the view cache rarely holds them
#   CHORUS    the chorus binary (default build/release/src/cli/chorus)
#   DURATION  wrk duration (default 10s)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CHORUS=${CHORUS:-$root/build/release/src/cli/chorus}
DURATION=${DURATION:-10s}
RECORDS=${RECORDS:-100000}
work=$(mktemp -d)
store=${1:-}
source "$here/server_lib.sh"
trap bench_cleanup EXIT

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

add_bench_user

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
login
expect_ok "/api/events/$EVENT_ID"
run_wrk "GET one event" "http://127.0.0.1:$port/api/events/$EVENT_ID" -H "Cookie: $cookie"
run_wrk "search '$QUERY'" "http://127.0.0.1:$port/api/search?q=$QUERY" -H "Cookie: $cookie"
if [[ -n "${EVENT_COUNT:-}" ]]; then
  EVENT_COUNT=$EVENT_COUNT run_wrk "GET a random event of $EVENT_COUNT (views rendered afresh)" \
    "http://127.0.0.1:$port/api/events/" -H "Cookie: $cookie" -s "$here/random_event.lua"
fi
stop_server

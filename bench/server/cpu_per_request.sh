#!/usr/bin/env bash
# The server's CPU time per request under wrk's load (2 threads, 64
# connections, keep-alive): user + system time of `chorus serve` over a 10 s
# run, divided by the requests wrk completed. Requests/s and p99 move with
# whatever else the machine runs; CPU per request moves much less, so it is
# the figure to compare two builds by (run them alternately).
#
# Usage: bench/server/cpu_per_request.sh CHORUS STORE PATH
#   CHORUS  the chorus binary
#   STORE   an existing store; CHORUS_PASSPHRASE must unlock it
#   PATH    the route, e.g. /api/events/evt-4242
# Prints: cpu_us_per_request=... requests_per_s=... p99=...
set -euo pipefail
[[ $# -eq 3 ]] || { sed -n '2,12p' "$0" >&2; exit 2; }
CHORUS=$1
store=$2
route=$3
: "${CHORUS_PASSPHRASE:?set CHORUS_PASSPHRASE for the store}"
work=$(mktemp -d)
source "$(cd "$(dirname "$0")" && pwd)/server_lib.sh"
trap bench_cleanup EXIT

add_bench_user
start_server
login
expect_ok "$route"
url="http://127.0.0.1:$port$route"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
wrk -t2 -c64 -d3s -H "Cookie: $cookie" "$url" >/dev/null  # warm the caches
before=$(cpu_ticks)
out=$(wrk -t2 -c64 -d10s --latency -H "Cookie: $cookie" "$url")
after=$(cpu_ticks)
requests=$(awk '/requests in/ {print $1}' <<<"$out")
rate=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
p99=$(awk '/ 99%/ {print $2}' <<<"$out")
ticks_per_s=$(getconf CLK_TCK)
python3 -c "print('cpu_us_per_request=%.1f requests_per_s=%s p99=%s' % (($after - $before) / $ticks_per_s / $requests * 1e6, '$rate', '$p99'))"

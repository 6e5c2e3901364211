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
chorus=$1
store=$2
route=$3
: "${CHORUS_PASSPHRASE:?set CHORUS_PASSPHRASE for the store}"
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
user="cpu-bench-$$"
CHORUS_NEW_PASSWORD=$password "$chorus" --store "$store" user add "$user" --role viewer >/dev/null
"$chorus" --store "$store" serve --listen 127.0.0.1:0 --access-log "$work/access.log" \
  >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 200); do
  if grep -q "listening on" "$work/serve.out" 2>/dev/null; then break; fi
  sleep 0.05
done
port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve.out")
[[ -n "$port" ]] || { cat "$work/serve.err" >&2; exit 1; }
cookie=$(curl -s -i -H 'Content-Type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"$password\"}" \
  "http://127.0.0.1:$port/api/login" | sed -n 's/^Set-Cookie: \(chorus_session=[^;]*\).*/\1/p')
[[ -n "$cookie" ]] || { echo "login failed" >&2; exit 1; }
url="http://127.0.0.1:$port$route"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url")
[[ "$status" == 200 ]] || { echo "GET $route answered $status" >&2; exit 1; }

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

# Shared by the server benchmarks (run.sh, cpu_per_request.sh); sourced, not
# run. The caller sets CHORUS (the binary), store and work (a temp folder),
# and traps EXIT to bench_cleanup.

server_pid=""
bench_user="bench-$$"
bench_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')

# A viewer to log in as, removed again by bench_cleanup.
add_bench_user() {
  CHORUS_NEW_PASSWORD=$bench_password "$CHORUS" --store "$store" user add "$bench_user" \
    --role viewer >/dev/null
  bench_user_added=1
}

start_server() {  # args: extra serve flags; sets server_pid and port
  "$CHORUS" --store "$store" serve --listen 127.0.0.1:0 --access-log "$work/access.log" "$@" \
    >"$work/serve.out" 2>"$work/serve.err" &
  server_pid=$!
  for _ in $(seq 1 200); do
    if grep -q "listening on" "$work/serve.out" 2>/dev/null; then break; fi
    sleep 0.05
  done
  port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve.out")
  [[ -n "$port" ]] || { cat "$work/serve.err" >&2; exit 1; }
}

stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  server_pid=""
}

login() {  # sets cookie for the bench user
  cookie=$(curl -s -i -H 'Content-Type: application/json' \
    -d "{\"username\":\"$bench_user\",\"password\":\"$bench_password\"}" \
    "http://127.0.0.1:$port/api/login" | sed -n 's/^Set-Cookie: \(chorus_session=[^;]*\).*/\1/p')
  [[ -n "$cookie" ]] || { echo "login failed" >&2; exit 1; }
}

expect_ok() {  # route: GET it once as the bench user, exit unless 200
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$port$1")
  [[ "$status" == 200 ]] || { echo "GET $1 answered $status" >&2; exit 1; }
}

bench_cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ -n "${bench_user_added:-}" ]]; then
    CHORUS_NEW_PASSWORD=x "$CHORUS" --store "$store" user remove "$bench_user" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}

#!/usr/bin/env bash
# The PostgreSQL figures of issue 8, beside the embedded engine's, in one run:
#   1. one synthetic bundle (bench/server/make_bundle.py) imported with
#      `chorus import` into a SQLite file and into a PostgreSQL database;
#   2. the physical limit on the same server: a bare server-side COPY of the
#      same number of rows, of the same mean byte size as the stored records
#      (key + kind + body + tokens), into an unindexed table;
#   3. the server benchmark (bench/server/run.sh: wrk, 64 connections) on the
#      PostgreSQL store when `chorus serve` exists.
# Usage: tests/store/bench_postgres.sh [BUILD_DIR] [RECORDS]
# Uses $PGHOST/$PGUSER when set, else starts a throwaway cluster (fsync off:
# the import and the COPY run under the same settings).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/release}
records=${2:-100000}
chorus=$build/src/cli/chorus
[[ -x "$chorus" ]] || { echo "no $chorus: build the chorus target first" >&2; exit 1; }

if [[ -z "${PGHOST:-}" ]]; then
  source "$root/scripts/lib/postgres.sh"
  start_throwaway_postgres
  trap stop_throwaway_postgres EXIT
fi
work=$(mktemp -d)
chmod 1777 "$work"  # the server writes the COPY file here
db=chorus_bench_$$
cleanup_db() { psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; }
trap 'cleanup_db; rm -rf "$work"; [[ -n "${CHORUS_PG_DIR:-}" ]] && stop_throwaway_postgres || true' EXIT
export CHORUS_PASSPHRASE=bench-passphrase CHORUS_TEST=1  # minimum KDF cost: not part of the import

now() { date +%s.%N; }
python3 "$root/bench/server/make_bundle.py" "$records" "$work/bundle.jsonl"
lines=$(($(wc -l <"$work/bundle.jsonl") - 1))
echo "== $lines records, $(du -m "$work/bundle.jsonl" | cut -f1) MiB of JSON Lines"

"$chorus" --store "$work/bench.chorus" init >/dev/null
t0=$(now); "$chorus" --store "$work/bench.chorus" import "$work/bundle.jsonl" >/dev/null; t1=$(now)
sqlite_s=$(echo "$t1 - $t0" | bc -l)

pg="dbname=$db"
"$chorus" --store "$pg" init >/dev/null
t0=$(now); "$chorus" --store "$pg" import "$work/bundle.jsonl" >/dev/null; t1=$(now)
pg_s=$(echo "$t1 - $t0" | bc -l)

read -r rows mean_bytes < <(psql -At -F' ' -d "$db" -c \
  "SELECT count(*), round(avg(octet_length(key) + octet_length(kind) + octet_length(body)
          + octet_length(array_to_string(tokens, ' ')))) FROM records")
# The bare COPY: the same rows and bytes, no parsing, no crypto, no index.
psql -q -d "$db" <<SQL
CREATE UNLOGGED TABLE bare_source AS
  SELECT i AS id, substr(repeat(md5(i::text), ($mean_bytes / 32) + 1), 1, $mean_bytes) AS payload
  FROM generate_series(1, $rows) AS i;
COPY bare_source TO '$work/bare.copy';
CREATE TABLE bare(id bigint, payload text);
SQL
copy_ms=$(psql -At -d "$db" -c '\timing on' -c "COPY bare FROM '$work/bare.copy'" |
  sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
copy_s=$(echo "$copy_ms / 1000" | bc -l)

rate() { printf '%.0f' "$(echo "$1 / $2" | bc -l)"; }
printf 'import into SQLite:     %d records in %.2f s = %s records/s\n' "$lines" "$sqlite_s" "$(rate "$lines" "$sqlite_s")"
printf 'import into PostgreSQL: %d records in %.2f s = %s records/s\n' "$lines" "$pg_s" "$(rate "$lines" "$pg_s")"
printf 'bare COPY:              %d rows of %d bytes in %.2f s = %s rows/s\n' "$rows" "$mean_bytes" "$copy_s" "$(rate "$rows" "$copy_s")"
printf 'ratio PostgreSQL import / bare COPY = %.2f (target >= 0.30)\n' "$(echo "($lines / $pg_s) / ($rows / $copy_s)" | bc -l)"
psql -At -d "$db" -c "SELECT 'database size ' || pg_size_pretty(pg_database_size(current_database()))"

if "$chorus" --help 2>/dev/null | grep -q '^ *serve'; then
  echo "== server benchmark on PostgreSQL"
  CHORUS=$chorus EVENT_ID=evt-42 QUERY=dormitory bash "$root/bench/server/run.sh" "$pg" || true
  echo "== server benchmark on SQLite (same records)"
  CHORUS=$chorus EVENT_ID=evt-42 QUERY=dormitory bash "$root/bench/server/run.sh" "$work/bench.chorus" || true
fi

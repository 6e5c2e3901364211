#!/usr/bin/env bash
# Runs the linkage benchmarks and prints accuracy, time and peak memory.
#   bench/linkage/run.sh BUILD_DIR [febrl4|febrl3|historical|synthetic1m|korean ...]
# Data is read from ../shared/data (beside the repository); a missing
# dataset is reported and skipped.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${1:?usage: run.sh BUILD_DIR [bench ...]}
shift || true
benches=${*:-febrl4 febrl3 historical synthetic1m korean}
data=$(cd "$repo/.." && pwd)/shared/data
run=$build/bench/linkage/linkage_run
score=$build/bench/linkage/linkage_score
gen=$build/bench/linkage/linkage_generate
gen_korean=$build/bench/linkage/linkage_generate_korean
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

timed() {  # prints wall time and peak memory of the command
  /usr/bin/time -f "  wall %e s, user %U s, peak %M KB" "$@"
}

need() {
  for f in "$@"; do
    if [[ ! -f $f ]]; then
      echo "  missing $f: skipped (see docs/PERFORMANCE.md for the data sources)"
      return 1
    fi
  done
}

for b in $benches; do
  echo "== $b"
  case $b in
    febrl4)
      a=$data/febrl/dataset4a.csv; bb=$data/febrl/dataset4b.csv
      need "$a" "$bb" || continue
      timed "$run" --config "$here/febrl4.json" "$a" "$bb" --out "$out/p.csv" --threads 2
      "$score" --id-column rec_id --truth febrl --pairs "$out/p.csv" "$a" "$bb" ;;
    febrl3)
      a=$data/febrl/dataset3.csv
      need "$a" || continue
      timed "$run" --config "$here/febrl3.json" "$a" --out "$out/p.csv" --clusters "$out/c.csv" --threads 2
      "$score" --id-column rec_id --truth febrl --pairs "$out/p.csv" --clusters "$out/c.csv" "$a" ;;
    historical)
      a=$data/splink-historical-50k/historical_figures_with_errors_50k.csv
      need "$a" || continue
      timed "$run" --config "$here/historical50k.json" "$a" --out "$out/p.csv" --clusters "$out/c.csv" --threads 2
      "$score" --id-column unique_id --truth cluster --pairs "$out/p.csv" --clusters "$out/c.csv" "$a" ;;
    synthetic1m)
      "$gen" persons 1000000 "$out/people.csv" 42
      timed "$run" --config "$here/synthetic1m.json" "$out/people.csv" --out "$out/p.csv" --clusters "$out/c.csv" --threads 2
      "$score" --id-column id --truth entity --pairs "$out/p.csv" --clusters "$out/c.csv" "$out/people.csv" ;;
    korean)
      "$gen_korean" 5000 "$out/korean.csv" 42
      timed "$run" --config "$here/korean.json" "$out/korean.csv" --out "$out/p.csv" --clusters "$out/c.csv" --threads 2
      "$score" --id-column id --truth person --pairs "$out/p.csv" --clusters "$out/c.csv" "$out/korean.csv" ;;
    *) echo "  unknown benchmark $b" ;;
  esac
done

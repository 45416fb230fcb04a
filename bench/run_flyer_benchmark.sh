#!/usr/bin/env bash
# `berserkr flyer dwell` against the same computation in DuckDB SQL
# (tests/oracle/flyer_dwell_duckdb.mjs), on one generated events file.
#
# usage: bench/run_flyer_benchmark.sh ROWS [THREADS]
#
# Generates ROWS events once (`berserkr gen flyer`, seed 1) unless the file exists, then runs the
# two engines RUNS times, alternating, so that a noisy neighbour slows both alike, and prints the
# median wall time and peak RSS (VmHWM, from /usr/bin/time) of each and the berserkr / DuckDB
# ratios. Wall times are whole processes: berserkr's CLI and node running DuckDB, reading the CSV,
# computing, and writing the four CSVs (berserkr also writes report.html).
# Environment:
#   BERSERKR      the berserkr binary (default: build/berserkr in this repository)
#   DATA          the events file (default: /tmp/flyer_events_ROWS.csv; kept for the next run)
#   RUNS          runs per engine (default 3)
#   MEMORY_LIMIT  both engines' memory limit: berserkr --memory-limit, DuckDB memory_limit
#                 (default 9GiB; the same text is given to both, so use GiB / MiB units)
#   TEMP_DIR      where both engines spill (default /tmp)
# DuckDB comes from tests/oracle/node_modules (scripts/install-deps.sh, or npm ci there).
set -euo pipefail

usage() {
  echo "usage: $0 ROWS [THREADS]" >&2
  exit 2
}
[[ $# -ge 1 && $# -le 2 ]] || usage
rows=$1
threads=${2:-2}
[[ $threads =~ ^[1-9][0-9]*$ ]] || { echo "$0: THREADS must be a positive integer" >&2; exit 2; }
runs=${RUNS:-3}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "$0: RUNS must be a positive integer" >&2; exit 2; }
memory_limit=${MEMORY_LIMIT:-9GiB}
temp_dir=${TEMP_DIR:-/tmp}

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(dirname "$bench_dir")
berserkr=${BERSERKR:-$repo_dir/build/berserkr}
oracle=$repo_dir/tests/oracle/flyer_dwell_duckdb.mjs
[[ -x $berserkr ]] || { echo "$0: $berserkr not found: build it or set BERSERKR" >&2; exit 2; }
[[ -d $repo_dir/tests/oracle/node_modules/@duckdb/node-api ]] || {
  echo "$0: DuckDB is not installed: run npm ci in tests/oracle" >&2
  exit 2
}
[[ -x /usr/bin/time ]] || { echo "$0: needs /usr/bin/time (Debian package time)" >&2; exit 2; }

data=${DATA:-/tmp/flyer_events_$rows.csv}
if [[ ! -f $data ]]; then
  echo "generating $rows events into $data" >&2
  "$berserkr" gen flyer --rows "$rows" --out "$data" --seed 1 >&2
fi

work_dir=$(mktemp -d)
trap 'rm -rf "$work_dir"' EXIT
results=$work_dir/results  # "name value" lines from every run

# Runs a command under /usr/bin/time and appends "<label>_wall_s" and "<label>_peak_rss_mb".
timed() {
  local label=$1
  shift
  if ! /usr/bin/time -f '%e %M' -o "$work_dir/time" "$@" >"$work_dir/log" 2>&1; then
    cat "$work_dir/log" >&2
    echo "$0: $label failed: $*" >&2
    exit 1
  fi
  read -r wall kilobytes <"$work_dir/time"
  echo "${label}_wall_s $wall" >>"$results"
  echo "${label}_peak_rss_mb $((kilobytes / 1024))" >>"$results"
  echo "  $label: $wall s, $((kilobytes / 1024)) MiB" >&2
}

# Read the file once first so every run finds as much of it in the page cache as fits.
cat "$data" >/dev/null
for run in $(seq "$runs"); do
  echo "run $run/$runs" >&2
  rm -rf "$work_dir/berserkr" "$work_dir/duckdb"
  timed berserkr "$berserkr" flyer dwell --input "$data" --out "$work_dir/berserkr" \
    --threads "$threads" --memory-limit "$memory_limit" --temp-dir "$temp_dir"
  mkdir -p "$work_dir/duckdb"
  timed duckdb node "$oracle" "$data" "$work_dir/duckdb" session 1800 "$threads" \
    "$memory_limit" "$temp_dir"
done

# The same number of rows in every output (the tests compare the values, on smaller inputs).
for table in user_merchant_day user_day merchant_day flyer_day; do
  ours=$(wc -l <"$work_dir/berserkr/$table.csv")
  theirs=$(wc -l <"$work_dir/duckdb/$table.csv")
  [[ $ours == "$theirs" ]] || echo "warning: $table.csv: berserkr $ours lines, DuckDB $theirs" >&2
done

# The median of every value recorded under `name`.
median() {
  awk -v name="$1" '$1 == name { print $2 }' "$results" | sort -g |
    awk '{ values[NR] = $1 }
         END { if (NR % 2) print values[(NR + 1) / 2];
               else print (values[NR / 2] + values[NR / 2 + 1]) / 2 }'
}

echo
echo "$data: $rows events, threads $threads, memory limit $memory_limit, median of $runs runs"
printf '%-10s %9s %13s\n' engine wall_s peak_rss_MiB
for engine in berserkr duckdb; do
  printf '%-10s %9.2f %13d\n' "$engine" "$(median "${engine}_wall_s")" \
    "$(median "${engine}_peak_rss_mb")"
done
awk -v a="$(median berserkr_wall_s)" -v b="$(median duckdb_wall_s)" \
    -v c="$(median berserkr_peak_rss_mb)" -v d="$(median duckdb_peak_rss_mb)" \
  'BEGIN { printf "berserkr / DuckDB: time %.2f, peak RSS %.2f\n", a / b, c / d }'
echo "per run (berserkr, DuckDB):"
paste <(awk '$1 == "berserkr_wall_s" { print $2 }' "$results") \
      <(awk '$1 == "duckdb_wall_s" { print $2 }' "$results")

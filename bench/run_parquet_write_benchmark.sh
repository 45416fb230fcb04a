#!/usr/bin/env bash
# Compares writing Parquet: `berserkr-bench parquet-write` against DuckDB's COPY ... TO (FORMAT
# parquet, COMPRESSION snappy / zstd) on the same table (a CSV both load into memory first, load
# time not counted), then reads each of the four files back with both engines.
#
# usage: bench/run_parquet_write_benchmark.sh TABLE.csv OUT_DIR [THREADS]
# Environment: BERSERKR_BENCH (default build/berserkr-bench), RUNS (default 3), XDG_CACHE_HOME
# (DuckDB is installed from npm once under ${XDG_CACHE_HOME:-$HOME/.cache}/berserkr-peers).
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(dirname "$bench_dir")
berserkr_bench=${BERSERKR_BENCH:-$repo_dir/build/berserkr-bench}
peers_dir=${XDG_CACHE_HOME:-$HOME/.cache}/berserkr-peers
runs=${RUNS:-3}

[[ $# -ge 2 && $# -le 3 && -f $1 ]] || { echo "usage: $0 TABLE.csv OUT_DIR [THREADS]" >&2; exit 2; }
csv=$(realpath "$1")
mkdir -p "$2"
out=$(realpath "$2")
threads=${3:-2}

if ! cmp -s "$bench_dir/peers/package.json" "$peers_dir/package.json" ||
   [[ ! -d $peers_dir/node_modules/@duckdb/node-api ]]; then
  echo "installing DuckDB into $peers_dir" >&2
  mkdir -p "$peers_dir"
  cp "$bench_dir/peers/package.json" "$peers_dir/"
  (cd "$peers_dir" && npm install --no-audit --no-fund --loglevel=error) >&2
fi
cp "$bench_dir/peers/duckdb_parquet.mjs" "$peers_dir/"

results=$(mktemp)
trap 'rm -f "$results"' EXIT
echo "DuckDB writes" >&2
node "$peers_dir/duckdb_parquet.mjs" write-timed "$csv" "$out/duckdb" "$threads" "$runs" >>"$results"
for codec in snappy zstd; do
  echo "berserkr writes ($codec)" >&2
  "$berserkr_bench" parquet-write --data "$csv" --out "$out/berserkr.$codec.parquet" \
      --codec "$codec" --threads "$threads" --runs "$runs" 2>/dev/null |
    sed "s/^/berserkr_${codec}_/" >>"$results"
done
value() { awk -v name="$1" '$1 == name { print $2; exit }' "$results"; }

# Each file read by both engines (one read each, page cache warm).
read_times() {
  local file=$1
  cat "$file" >/dev/null
  local ours theirs
  ours=$("$berserkr_bench" parquet --data "$file" --threads "$threads" --runs "$runs" 2>/dev/null |
         awk '$1 == "parquet_read" { print $2 }')
  theirs=$(node "$peers_dir/duckdb_parquet.mjs" read "$file" "$threads" |
           awk '$1 == "duckdb_read" { print $2 }')
  echo "$ours $theirs"
}

echo "table $csv, threads $threads, median of $runs runs"
printf '%-8s %-9s %12s %9s %16s %16s\n' codec writer bytes write_s read_berserkr_s read_duckdb_s
for codec in snappy zstd; do
  read -r ours_read_b ours_read_d <<<"$(read_times "$out/berserkr.$codec.parquet")"
  read -r duck_read_b duck_read_d <<<"$(read_times "$out/duckdb.$codec.parquet")"
  ours_bytes=$(value "berserkr_${codec}_bytes")
  ours_write=$(value "berserkr_${codec}_parquet_write")
  duck_bytes=$(value "duckdb_bytes_${codec}")
  duck_write=$(value "duckdb_write_${codec}")
  printf '%-8s %-9s %12s %9.3f %16.3f %16.3f\n' "$codec" berserkr "$ours_bytes" "$ours_write" \
    "$ours_read_b" "$ours_read_d"
  printf '%-8s %-9s %12s %9.3f %16.3f %16.3f\n' "$codec" duckdb "$duck_bytes" "$duck_write" \
    "$duck_read_b" "$duck_read_d"
  awk -v ob="$ours_bytes" -v db="$duck_bytes" -v ow="$ours_write" -v dw="$duck_write" \
    'BEGIN { printf "%-8s size berserkr/duckdb %.3f, write time berserkr/duckdb %.3f\n", "", ob / db, ow / dw }'
done

#!/usr/bin/env bash
# Compares reading a Parquet file into memory: `berserkr-bench parquet` against DuckDB's
# `CREATE TABLE t AS SELECT * FROM read_parquet(FILE)`, interleaved, median of RUNS runs each.
#
# usage: bench/run_parquet_benchmark.sh FILE.parquet [THREADS]
#        bench/run_parquet_benchmark.sh --write CSV OUT_PREFIX   (DuckDB writes OUT_PREFIX.snappy
#                                                                  .parquet and .zstd.parquet)
# Environment: BERSERKR_BENCH (default build/berserkr-bench), RUNS (default 3), XDG_CACHE_HOME
# (DuckDB is installed from npm once under ${XDG_CACHE_HOME:-$HOME/.cache}/berserkr-peers).
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(dirname "$bench_dir")
berserkr_bench=${BERSERKR_BENCH:-$repo_dir/build/berserkr-bench}
peers_dir=${XDG_CACHE_HOME:-$HOME/.cache}/berserkr-peers
runs=${RUNS:-3}

if ! cmp -s "$bench_dir/peers/package.json" "$peers_dir/package.json" ||
   [[ ! -d $peers_dir/node_modules/@duckdb/node-api ]]; then
  echo "installing DuckDB into $peers_dir" >&2
  mkdir -p "$peers_dir"
  cp "$bench_dir/peers/package.json" "$peers_dir/"
  (cd "$peers_dir" && npm install --no-audit --no-fund --loglevel=error) >&2
fi
# Node looks for modules beside the script, so the script runs from the cache folder.
cp "$bench_dir/peers/duckdb_parquet.mjs" "$peers_dir/"

if [[ ${1:-} == --write ]]; then
  [[ $# -eq 3 ]] || { echo "usage: $0 --write CSV OUT_PREFIX" >&2; exit 2; }
  exec node "$peers_dir/duckdb_parquet.mjs" write "$(realpath "$2")" "$3"
fi
[[ $# -ge 1 && $# -le 2 && -f $1 ]] || { echo "usage: $0 FILE.parquet [THREADS]" >&2; exit 2; }
file=$(realpath "$1")
threads=${2:-2}

results=$(mktemp)
trap 'rm -f "$results"' EXIT
cat "$file" >/dev/null  # warm the page cache: the figures compare decoding, not the disk
for run in $(seq "$runs"); do
  echo "run $run/$runs" >&2
  "$berserkr_bench" parquet --data "$file" --threads "$threads" --runs 1 2>/dev/null |
    sed 's/^/berserkr_/' >>"$results"
  node "$peers_dir/duckdb_parquet.mjs" read "$file" "$threads" >>"$results"
done

median() {
  awk -v name="$1" '$1 == name { print $2 }' "$results" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2];
                             else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
berserkr=$(median berserkr_parquet_read)
duckdb=$(median duckdb_read)
echo "file $file ($(stat -c %s "$file") bytes), threads $threads, median of $runs runs"
printf '%-10s %10s %12s %24s\n' engine read_s rows checksum
printf '%-10s %10.3f %12s %24s\n' berserkr "$berserkr" "$(median berserkr_rows)" "$(median berserkr_checksum)"
printf '%-10s %10.3f %12s %24s\n' duckdb "$duckdb" "$(median duckdb_rows)" "$(median duckdb_checksum)"
awk -v a="$berserkr" -v b="$duckdb" 'BEGIN { printf "speedup berserkr vs duckdb: %.2fx\n", b / a }'

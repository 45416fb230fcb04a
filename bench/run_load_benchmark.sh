#!/usr/bin/env bash
# Compares loading a CSV file into memory: `berserkr-bench load` against DuckDB and Polars.
#
# usage: bench/run_load_benchmark.sh FILE [THREADS]
#
# Runs each engine RUNS times (default 3), interleaved so that a noisy neighbour slows all of them
# alike, and prints the median load time, MB/s, peak RSS and the berserkr/peer ratios.
# Environment:
#   BERSERKR_BENCH   the berserkr-bench binary (default: build/berserkr-bench in this repository)
#   RUNS             runs per engine (default 3)
#   XDG_CACHE_HOME   DuckDB and Polars are installed (from npm, once) under
#                    ${XDG_CACHE_HOME:-$HOME/.cache}/berserkr-peers, outside the repository
set -euo pipefail

usage() {
  echo "usage: $0 FILE [THREADS]" >&2
  exit 2
}
[[ $# -ge 1 && $# -le 2 ]] || usage
[[ -f $1 ]] || { echo "$0: $1: no such file" >&2; exit 2; }
file=$(realpath "$1")
threads=${2:-2}
[[ $threads =~ ^[1-9][0-9]*$ ]] || { echo "$0: THREADS must be a positive integer" >&2; exit 2; }
runs=${RUNS:-3}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "$0: RUNS must be a positive integer" >&2; exit 2; }

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(dirname "$bench_dir")
berserkr_bench=${BERSERKR_BENCH:-$repo_dir/build/berserkr-bench}
peers_dir=${XDG_CACHE_HOME:-$HOME/.cache}/berserkr-peers

# (1) The peers: installed again only when the pinned versions change.
if ! cmp -s "$bench_dir/peers/package.json" "$peers_dir/package.json" ||
   [[ ! -d $peers_dir/node_modules/@duckdb/node-api || ! -d $peers_dir/node_modules/nodejs-polars ]]; then
  echo "installing DuckDB and Polars into $peers_dir" >&2
  mkdir -p "$peers_dir"
  cp "$bench_dir/peers/package.json" "$peers_dir/"
  (cd "$peers_dir" && npm install --no-audit --no-fund --loglevel=error) >&2
fi
# Node looks for modules beside the script, so the script runs from the cache folder.
cp "$bench_dir/peers/load_csv.mjs" "$peers_dir/"

have_berserkr=1
if [[ ! -x $berserkr_bench ]]; then
  echo "warning: $berserkr_bench not found; build it (cmake -S . -B build -G Ninja &&" \
       "ninja -C build berserkr-bench) or set BERSERKR_BENCH. Timing the peers only." >&2
  have_berserkr=0
fi

work_dir=$(mktemp -d)
trap 'rm -rf "$work_dir"' EXIT
results=$work_dir/results  # "name value" lines from every run

# Appends the figures of one `berserkr-bench load` run, each name prefixed with `label`.
run_berserkr() {
  local label=$1
  shift
  local output
  if ! output=$("$berserkr_bench" load --data "$file" --threads "$threads" "$@" 2>"$work_dir/log"); then
    cat "$work_dir/log" >&2
    echo "$0: berserkr-bench load $* failed" >&2
    exit 1
  fi
  if ! grep -q '^load ' <<<"$output"; then
    echo "$0: $berserkr_bench printed no 'load' figure: is it an old build?" >&2
    exit 1
  fi
  sed "s/^/${label}_/" <<<"$output" >>"$results"
}

# (2) Read the file once first so every run finds it in the page cache: the figures compare
# parsing and building columns, not the disk.
cat "$file" >/dev/null
for run in $(seq "$runs"); do
  if ((have_berserkr)); then
    echo "run $run/$runs: berserkr" >&2
    run_berserkr berserkr
    run_berserkr berserkr_typed --types
  fi
  echo "run $run/$runs: DuckDB, Polars" >&2
  node "$peers_dir/load_csv.mjs" "$file" "$threads" >>"$results"
done

# The median of every value recorded under `name`, or "nan" when there is none.
median() {
  awk -v name="$1" '$1 == name { print $2 }' "$results" | sort -g |
    awk '{ values[NR] = $1 }
         END { if (NR == 0) print "nan";
               else if (NR % 2) print values[(NR + 1) / 2];
               else print (values[NR / 2] + values[NR / 2 + 1]) / 2 }'
}

# (3) The report.
megabytes=$(awk -v bytes="$(stat -c %s "$file")" 'BEGIN { printf "%.1f", bytes / 1e6 }')
echo
echo "file $file ($megabytes MB), threads $threads, median of $runs runs, page cache warm"
echo "MB = 1e6 bytes; peak RSS is the process's VmHWM (the peers' includes node, see base)"
printf '%-26s %9s %9s %13s %13s %12s\n' engine load_s MB/s peak_rss_MB base_rss_MB rows
engines=(berserkr berserkr_typed duckdb duckdb_typed polars)
declare -A titles=([berserkr]="berserkr" [berserkr_typed]="berserkr --types"
  [duckdb]="duckdb read_csv" [duckdb_typed]="duckdb read_csv, types" [polars]="polars readCSV")
declare -A load peak
for engine in "${engines[@]}"; do
  load[$engine]=$(median "${engine}_load")
  peak[$engine]=$(median "${engine}_peak_rss_mb")
  [[ ${load[$engine]} == nan ]] && continue
  base=$(median "${engine}_base_rss_mb")
  [[ $base == nan ]] && base="-"
  awk -v title="${titles[$engine]}" -v seconds="${load[$engine]}" -v megabytes="$megabytes" \
      -v peak="${peak[$engine]}" -v base="$base" -v rows="$(median "${engine}_rows")" \
    'BEGIN { printf "%-26s %9.3f %9.1f %13.1f %13s %12d\n", title, seconds,
             megabytes / seconds, peak, base, rows }'
done

if ((have_berserkr)); then
  echo
  echo "ratios berserkr / peer (below 1: berserkr takes less time or memory)"
  printf '%-44s %8s %10s\n' comparison load peak_rss
  ratio() {
    awk -v title="$1" -v load_a="${load[$2]}" -v load_b="${load[$3]}" \
        -v peak_a="${peak[$2]}" -v peak_b="${peak[$3]}" \
      'BEGIN { printf "%-44s %8.2f %10.2f\n", title, load_a / load_b, peak_a / peak_b }'
  }
  ratio "berserkr vs duckdb (both inferring types)" berserkr duckdb
  ratio "berserkr --types vs duckdb (both typed)" berserkr_typed duckdb_typed
  ratio "berserkr vs polars (both inferring types)" berserkr polars
fi

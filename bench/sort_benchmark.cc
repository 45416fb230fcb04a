#include "sort_benchmark.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdio>
#include <functional>

#include "berserkr/common/error.h"
#include "berserkr/common/memory_pool.h"
#include "berserkr/common/temp_directory.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/formats/csv_reader.h"
#include "berserkr/plan/data_frame.h"
#include "command_line_flags.h"
#include "groupby_benchmark.h"

namespace berserkr::bench {

const char kSortUsage[] =
    R"(usage: berserkr-bench sort --data FILE [--threads N] [--memory-limit SIZE] [--temp-dir DIR]
                           [--scan] [--query NAME]

Loads FILE (the db-benchmark group-by table, G1_*.csv; 'berserkr-bench gen groupby' writes one)
with id4, id5, id6, v1, v2 INTEGER and v3 DOUBLE, sorts all its columns through the DataFrame API
and prints:
  load <seconds>
  <query> <seconds> rows=<answer rows> chk=<hash of id6, v1, v3 in answer order, hex>
  peak_pool_mb <the memory pool's peak, MB of 1e6 bytes>
The queries:
  id4_v3desc   ORDER BY id4, v3 DESC  (integer then double keys; few ties)
  id3          ORDER BY id3           (a string key; ~100 rows per value, kept in input order)
The checksum depends on the row order, ties included, so runs with and without spilling, and with
any thread count, must print the same lines.

  --threads N          threads of the default pool (default: one per hardware thread)
  --memory-limit SIZE  e.g. 512MiB: the sort writes sorted runs to --temp-dir past a share of it
  --temp-dir DIR       where spill files go (default: $TMPDIR or /tmp)
  --scan               stream FILE into each sort instead of loading it once, and hash each
                       answer batch by batch (for data and answers larger than memory; the load
                       line then only sniffs the file, and times include reading it)
  --query NAME         run only that query
)";

namespace {

// FNV-1a over rows: each row's (id6, v1, v3) mixed into one word, then folded in order.
class OrderHash {
 public:
  void Add(const Batch& batch, int id6, int v1, int v3) {
    const Column& id6_column = *batch.columns[id6];
    const Column& v1_column = *batch.columns[v1];
    const Column& v3_column = *batch.columns[v3];
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      uint64_t word = id6_column.IsNull(row) ? 0 : id6_column.ValuesAs<int32_t>()[row];
      word = word * 31 + (v1_column.IsNull(row) ? 0 : v1_column.ValuesAs<int32_t>()[row]);
      word ^=
          v3_column.IsNull(row) ? 0 : std::bit_cast<uint64_t>(v3_column.ValuesAs<double>()[row]);
      hash_ = (hash_ ^ word) * 0x100000001b3ull;
    }
    rows_ += batch.num_rows;
  }
  uint64_t hash() const { return hash_; }
  int64_t rows() const { return rows_; }

 private:
  uint64_t hash_ = 0xcbf29ce484222325ull;
  int64_t rows_ = 0;
};

struct Query {
  const char* name;
  std::vector<SortSpec> keys;
};

}  // namespace

int RunSortBenchmark(const std::vector<std::string>& arguments) {
  const ParsedFlags flags = ParseFlags(
      arguments,
      {{"data"}, {"threads"}, {"memory-limit"}, {"temp-dir"}, {"scan", false}, {"query"}},
      "berserkr-bench sort");
  if (flags.count("data") == 0) throw InvalidInput("berserkr-bench sort: --data FILE is required");
  if (flags.count("threads") != 0) {
    SetDefaultThreadCount(static_cast<int>(ParseIntegerFlag("threads", flags.at("threads"))));
  }
  if (flags.count("memory-limit") != 0) {
    DefaultMemoryPool().set_limit(ParseMemorySize(flags.at("memory-limit")));
  }
  if (flags.count("temp-dir") != 0) SetTempDirectoryParent(flags.at("temp-dir"));
  const std::vector<Query> queries = {
      {"id4_v3desc", {{"id4"}, {"v3", false}}},
      {"id3", {{"id3"}}},
  };
  const std::string only = flags.count("query") != 0 ? flags.at("query") : "";
  if (!only.empty() && std::none_of(queries.begin(), queries.end(),
                                    [&](const Query& q) { return q.name == only; })) {
    throw InvalidInput("berserkr-bench sort: unknown --query '" + only +
                       "'; the queries are id4_v3desc and id3");
  }

  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  const bool streaming = flags.count("scan") != 0;
  const DataFrame x = LoadGroupbyTable(flags.at("data"), streaming);
  const Schema& schema = x.schema();
  const int id6 = *schema.FieldIndex("id6");
  const int v1 = *schema.FieldIndex("v1");
  const int v3 = *schema.FieldIndex("v3");

  for (const Query& query : queries) {
    if (!only.empty() && only != query.name) continue;
    OrderHash hash;
    start = Clock::now();
    double seconds = 0;
    if (streaming) {
      // The answer may be larger than memory: hash each batch as it comes (a sort's batches come
      // in order), keep none.
      x.Sort(query.keys).ForEachBatch([&](const Batch& batch) { hash.Add(batch, id6, v1, v3); });
      seconds = std::chrono::duration<double>(Clock::now() - start).count();
    } else {
      const Table answer = x.Sort(query.keys).Collect();
      seconds = std::chrono::duration<double>(Clock::now() - start).count();
      for (const Batch& batch : answer.batches()) hash.Add(batch, id6, v1, v3);
    }
    std::printf("%s %.3f rows=%lld chk=%016llx\n", query.name, seconds,
                static_cast<long long>(hash.rows()), static_cast<unsigned long long>(hash.hash()));
    std::fflush(stdout);
  }
  std::printf("peak_pool_mb %.0f\n", static_cast<double>(DefaultMemoryPool().peak_bytes()) / 1e6);
  return 0;
}

}  // namespace berserkr::bench

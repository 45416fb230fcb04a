#include "window_benchmark.h"

#include <chrono>
#include <cstdio>
#include <functional>
#include <random>

#include "berserkr/common/thread_pool.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/types/column_builder.h"
#include "command_line_flags.h"

namespace berserkr::bench {

const char kWindowUsage[] =
    R"(usage: berserkr-bench window [--rows N] [--partitions P] [--threads T]

Times window functions over a random in-memory table of N rows (default 1e7) with P partitions
(default 1000): row_number, a running sum, a sliding ROWS frame (sum and max over 201 rows),
lag + rank, and a running sum over the whole table as one partition.

  --threads N   threads of the default pool (default: one per hardware thread)
)";

namespace {

Table RandomTable(int64_t num_rows, int64_t num_partitions) {
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"g", DataType::Int64()},
                                                            {"o", DataType::Int64()},
                                                            {"v", DataType::Int64()},
                                                            {"d", DataType::Float64()}});
  constexpr int64_t kBatchRows = int64_t{1} << 17;
  std::mt19937_64 rng(42);
  std::vector<Batch> batches;
  for (int64_t start = 0; start < num_rows; start += kBatchRows) {
    const int64_t length = std::min(kBatchRows, num_rows - start);
    FixedWidthBuilder<int64_t> g(DataType::Int64()), o(DataType::Int64()), v(DataType::Int64());
    FixedWidthBuilder<double> d(DataType::Float64());
    for (int64_t row = 0; row < length; ++row) {
      const uint64_t draw = rng();
      g.Append(static_cast<int64_t>(draw % static_cast<uint64_t>(num_partitions)));
      o.Append(static_cast<int64_t>((draw >> 20) % 100000));
      draw % 100 == 0 ? v.AppendNull() : v.Append(static_cast<int64_t>((draw >> 40) % 1000));
      d.Append(static_cast<double>((draw >> 30) % 10000) / 100);
    }
    batches.push_back(Batch{schema, {g.Finish(), o.Finish(), v.Finish(), d.Finish()}, length});
  }
  return Table(schema, std::move(batches));
}

// The sum of the last column as a double (NULLs skipped): a check that runs agree.
double CheckSum(const Table& table) {
  double sum = 0;
  for (const ColumnPtr& chunk : table.ColumnChunks(table.num_columns() - 1)) {
    for (int64_t row = 0; row < chunk->length(); ++row) {
      if (chunk->IsNull(row)) continue;
      sum += chunk->type().id() == TypeId::kFloat64 ? chunk->ValuesAs<double>()[row]
                                                    : chunk->ValuesAs<int64_t>()[row];
    }
  }
  return sum;
}

}  // namespace

int RunWindowBenchmark(const std::vector<std::string>& arguments) {
  const ParsedFlags flags =
      ParseFlags(arguments, {{"rows"}, {"partitions"}, {"threads"}}, "berserkr-bench window");
  const int64_t num_rows =
      flags.count("rows") ? ParseIntegerFlag("rows", flags.at("rows")) : 10000000;
  const int64_t num_partitions =
      flags.count("partitions") ? ParseIntegerFlag("partitions", flags.at("partitions")) : 1000;
  if (flags.count("threads")) {
    SetDefaultThreadCount(static_cast<int>(ParseIntegerFlag("threads", flags.at("threads"))));
  }
  const DataFrame frame = DataFrame::FromTable(RandomTable(num_rows, num_partitions));
  const std::vector<std::pair<const char*, std::function<DataFrame()>>> queries = {
      {"row_number", [&] { return frame.Window({Col("g")}, {{"o"}}, {RowNumber()}); }},
      {"running_sum", [&] { return frame.Window({Col("g")}, {{"o"}}, {Over(Sum(Col("v")))}); }},
      {"sliding_sum_max",
       [&] {
         return frame.Window({Col("g")}, {{"o"}},
                             {Over(Max(Col("v"))).Rows(-100, 100).As("m"),
                              Over(Sum(Col("d"))).Rows(-100, 100).As("s")});
       }},
      {"lag_rank",
       [&] {
         return frame.Window({Col("g")}, {{"o"}}, {Rank(), Lag(Col("v")).As("previous")});
       }},
      {"one_partition_running_sum",
       [&] { return frame.Window({}, {{"o"}}, {Over(Sum(Col("v")))}); }},
  };
  std::printf("rows %lld\npartitions %lld\nthreads %d\n", static_cast<long long>(num_rows),
              static_cast<long long>(num_partitions), DefaultThreadPool().num_threads());
  for (const auto& [name, query] : queries) {
    double best = 1e30;
    double check = 0;
    for (int repeat = 0; repeat < 3; ++repeat) {
      const auto start = std::chrono::steady_clock::now();
      const Table result = query().Collect();
      best = std::min(
          best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      check = CheckSum(result);
    }
    std::printf("%s %.3f chk=%.6g\n", name, best, check);
  }
  return 0;
}

}  // namespace berserkr::bench

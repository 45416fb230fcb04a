#include "groupby_benchmark.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>

#include "answer_check.h"
#include "berserkr/common/error.h"
#include "berserkr/common/memory_pool.h"
#include "berserkr/common/temp_directory.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/formats/csv_reader.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/sql/session.h"
#include "command_line_flags.h"
#include "groupby_questions.h"

namespace berserkr::bench {

const char kGroupbyUsage[] =
    R"(usage: berserkr-bench groupby --data FILE [--threads N] [--sql]

Loads FILE (the db-benchmark group-by table, G1_*.csv; 'berserkr-bench gen groupby' writes one)
with the types of the DuckDB peer script (id4, id5, id6, v1, v2 INTEGER; v3 DOUBLE), then runs the
ten db-benchmark group-by questions through the DataFrame API and prints, as
../shared/peers/duckdb_groupby.mjs does:
  load <seconds>
  q<i> <seconds> rows=<answer rows> chk=<sum of each non-key answer column, ';'-separated>
  total <seconds of the ten questions>
q8's answer is a LIST of the two largest v3 per id6; rows counts its elements (as DuckDB's unnest).

  --threads N     threads of the default pool (default: one per hardware thread)
  --question I    run only question I (1..10), e.g. to profile it
  --memory-limit SIZE   e.g. 4GiB: aggregates spill to --temp-dir past a share of it
  --temp-dir DIR  where spill files go (default: $TMPDIR or /tmp)
  --sql           run each question as SQL (the peer's text) through SqlSession instead of the
                  DataFrame API; prints each question's planning time on stderr
  --scan          stream FILE for each question instead of loading it once, and check each
                  answer batch by batch as it is made (for data and answers larger than memory;
                  the load line then only sniffs the file, and times include reading it)
)";

namespace {

struct Answer {
  int64_t rows = 0;
  std::vector<long double> checks;  // extended precision: sums barely depend on row order
};

// Adds one batch of an answer: sums of the non-key columns (those after the first `num_keys`);
// LIST columns count their elements as rows (as DuckDB's unnest).
void AddToCheck(const Batch& batch, int num_keys, Answer& answer) {
  answer.checks.resize(static_cast<size_t>(batch.schema->num_fields() - num_keys), 0.0);
  int64_t rows = batch.num_rows;
  for (int column = num_keys; column < batch.schema->num_fields(); ++column) {
    const ColumnPtr& chunk = batch.columns[column];
    const Column* values = chunk.get();
    int64_t first = 0, last = chunk->length();
    if (chunk->type().id() == TypeId::kList) {
      first = chunk->Offsets()[0];
      last = chunk->Offsets()[chunk->length()];
      rows = last - first;
      values = chunk->children()[0].get();
    }
    long double& sum = answer.checks[column - num_keys];
    for (int64_t row = first; row < last; ++row) {
      if (values->IsNull(row)) continue;
      switch (values->type().id()) {
        case TypeId::kInt64:
          sum += static_cast<long double>(values->ValuesAs<int64_t>()[row]);
          break;
        case TypeId::kInt32:
          sum += values->ValuesAs<int32_t>()[row];
          break;
        case TypeId::kFloat64:
          sum += values->ValuesAs<double>()[row];
          break;
        default:
          throw Internal("groupby benchmark: unexpected answer type " + values->type().ToString());
      }
    }
  }
  answer.rows += rows;
}

}  // namespace

DataFrame LoadGroupbyTable(const std::string& path, bool streaming) {
  CsvOptions options;
  options.header = true;
  for (const char* name : {"id4", "id5", "id6", "v1", "v2"}) {
    options.column_types[name] = DataType::Int32();
  }
  options.column_types["v3"] = DataType::Float64();
  const auto start = std::chrono::steady_clock::now();
  DataFrame table = streaming ? DataFrame::ScanCsv({path}, options)
                              : DataFrame::FromTable(ReadCsv({path}, options));
  std::printf("load %.3f\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return table;
}

int RunGroupbyBenchmark(const std::vector<std::string>& arguments) {
  const ParsedFlags flags = ParseFlags(arguments,
                                       {{"data"},
                                        {"threads"},
                                        {"question"},
                                        {"memory-limit"},
                                        {"temp-dir"},
                                        {"scan", false},
                                        {"sql", false}},
                                       "berserkr-bench groupby");
  if (flags.count("data") == 0)
    throw InvalidInput("berserkr-bench groupby: --data FILE is required");
  if (flags.count("threads") != 0) {
    SetDefaultThreadCount(static_cast<int>(ParseIntegerFlag("threads", flags.at("threads"))));
  }
  if (flags.count("memory-limit") != 0) {
    DefaultMemoryPool().set_limit(ParseMemorySize(flags.at("memory-limit")));
  }
  if (flags.count("temp-dir") != 0) SetTempDirectoryParent(flags.at("temp-dir"));
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  const bool streaming = flags.count("scan") != 0;
  const DataFrame x = LoadGroupbyTable(flags.at("data"), streaming);

  // --sql: each question is the SQL text over a view x of the same frame, planned (parsed,
  // bound, optimized) per run; the planning time is printed on stderr.
  const bool sql = flags.count("sql") != 0;
  SqlSession session;
  session.RegisterView("x", x);
  const std::vector<GroupbyQuestion>& questions = GroupbyQuestions();
  size_t only = 0;  // 0: all
  if (flags.count("question") != 0) {
    only = static_cast<size_t>(ParseIntegerFlag("question", flags.at("question")));
    if (only < 1 || only > questions.size())
      throw InvalidInput("berserkr-bench groupby: --question must be 1..10");
  }
  double total = 0;
  for (size_t index = 0; index < questions.size(); ++index) {
    if (only != 0 && index + 1 != only) continue;
    const int num_keys = questions[index].num_keys;
    Answer check;
    start = Clock::now();
    // Planning is part of the time: the DataFrame builds its plan here too.
    const DataFrame plan = sql ? session.Query(questions[index].sql) : questions[index].build(x);
    if (sql) {
      // Parse + bind + optimize (Explain runs the optimizer, and renders text on top); the
      // best of 5, as one run on a busy machine measures the scheduler.
      double best = 1e300;
      for (int run = 0; run < 5; ++run) {
        const auto plan_start = Clock::now();
        session.Query(questions[index].sql).Explain();
        best = std::min(
            best, std::chrono::duration<double, std::milli>(Clock::now() - plan_start).count());
      }
      std::fprintf(stderr, "q%zu sql plan %.3f ms (parse + bind + optimize + explain text)\n",
                   index + 1, best);
    }
    double seconds = 0;
    if (streaming) {
      // The answer may be larger than memory: check each batch as it comes, keep none.
      plan.ForEachBatch([&](const Batch& batch) { AddToCheck(batch, num_keys, check); });
      seconds = std::chrono::duration<double>(Clock::now() - start).count();
    } else {
      const Table answer = plan.Collect();
      seconds = std::chrono::duration<double>(Clock::now() - start).count();
      for (const Batch& batch : answer.batches()) AddToCheck(batch, num_keys, check);
    }
    if (check.checks.empty()) {  // no rows: every sum is 0
      check.checks.assign(plan.schema().num_fields() - num_keys, 0.0);
    }
    total += seconds;
    std::string checks;
    for (long double value : check.checks) {
      checks += (checks.empty() ? "" : ";") + ToPrecision12(static_cast<double>(value));
    }
    std::printf("q%zu %.3f rows=%lld chk=%s\n", index + 1, seconds,
                static_cast<long long>(check.rows), checks.c_str());
    std::fflush(stdout);
  }
  std::printf("total %.3f\n", total);
  return 0;
}

}  // namespace berserkr::bench

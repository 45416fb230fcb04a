#include "groupby_kernels.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "berserkr/common/error.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/grouped_aggregator.h"
#include "berserkr/exec/grouper.h"
#include "berserkr/formats/csv_reader.h"
#include "command_line_flags.h"

namespace berserkr::bench {

const char kKernelsUsage[] =
    R"(usage: berserkr-bench kernels --data FILE [--repeat N]

Loads FILE (the db-benchmark group-by table, G1_*.csv) with the types of the DuckDB peer script
(id4, id5, id6, v1, v2 INTEGER; v3 DOUBLE) and times, with 1 and 2 threads, the group-bys of
  q1  sum(v1) by id1            q2  sum(v1) by id1, id2
  q3  sum(v1), avg(v3) by id3   q5  sum(v1), sum(v2), sum(v3) by id6
  q10 sum(v3), count(*) by id1, id2, id3, id4, id5, id6
Each time covers grouping, aggregating, merging the per-thread states and building the result
columns. Prints the best of --repeat runs (default 3) in seconds and the number of groups.
)";

namespace {

struct Question {
  std::string name;
  std::vector<std::string> keys;
  std::vector<std::pair<std::string, std::string>> aggregates;  // (function, column or "")
};

// One thread's partial state: a grouper and one aggregator per aggregate.
struct PartialState {
  std::unique_ptr<Grouper> grouper;
  std::vector<std::unique_ptr<GroupedAggregator>> aggregators;
  std::vector<uint32_t> group_ids;
};

int ColumnIndex(const Table& table, const std::string& name) {
  const std::optional<int> index = table.schema()->FieldIndex(name);
  if (!index) throw InvalidInput("kernels: the data has no column '" + name + "'");
  return *index;
}

// Runs one question with `num_threads` partial states; returns the number of groups.
uint32_t RunQuestion(const Table& table, const Question& question, int num_threads) {
  std::vector<int> key_indexes;
  std::vector<DataType> key_types;
  for (const std::string& key : question.keys) {
    key_indexes.push_back(ColumnIndex(table, key));
    key_types.push_back(table.schema()->field(key_indexes.back()).type);
  }
  std::vector<std::vector<int>> argument_indexes;
  std::vector<PartialState> states(static_cast<size_t>(num_threads));
  for (const auto& [function, column] : question.aggregates) {
    argument_indexes.emplace_back();
    if (!column.empty()) argument_indexes.back().push_back(ColumnIndex(table, column));
  }
  for (PartialState& state : states) {
    state.grouper = Grouper::Make(key_types);
    for (size_t aggregate = 0; aggregate < question.aggregates.size(); ++aggregate) {
      std::vector<DataType> types;
      for (int index : argument_indexes[aggregate]) {
        types.push_back(table.schema()->field(index).type);
      }
      state.aggregators.push_back(
          MakeGroupedAggregator(question.aggregates[aggregate].first, types));
    }
  }
  const std::vector<Batch>& batches = table.batches();
  // Batches are dealt round-robin: the CSV reader's batches are of similar size.
  const auto consume = [&](int64_t thread) {
    PartialState& state = states[thread];
    for (size_t batch_index = thread; batch_index < batches.size(); batch_index += num_threads) {
      const Batch& batch = batches[batch_index];
      std::vector<ColumnPtr> keys;
      for (int index : key_indexes) keys.push_back(batch.columns[index]);
      state.group_ids.resize(static_cast<size_t>(batch.num_rows));
      state.grouper->Consume(keys, batch.num_rows, state.group_ids.data());
      for (size_t aggregate = 0; aggregate < state.aggregators.size(); ++aggregate) {
        std::vector<ColumnPtr> arguments;
        for (int index : argument_indexes[aggregate]) arguments.push_back(batch.columns[index]);
        state.aggregators[aggregate]->Resize(state.grouper->num_groups());
        state.aggregators[aggregate]->Consume(arguments, state.group_ids.data(), batch.num_rows);
      }
    }
  };
  if (num_threads == 1) {
    consume(0);
  } else {
    DefaultThreadPool().ParallelFor(num_threads, consume);
  }
  PartialState& result = states[0];
  std::vector<uint32_t> mapping;
  for (int thread = 1; thread < num_threads; ++thread) {
    result.grouper->Merge(*states[thread].grouper, mapping);
    for (size_t aggregate = 0; aggregate < result.aggregators.size(); ++aggregate) {
      result.aggregators[aggregate]->Resize(result.grouper->num_groups());
      result.aggregators[aggregate]->Merge(*states[thread].aggregators[aggregate], mapping.data());
    }
  }
  const std::vector<ColumnPtr> keys = result.grouper->Keys();
  for (auto& aggregator : result.aggregators) {
    aggregator->Resize(result.grouper->num_groups());
    if (aggregator->Finalize()->length() != result.grouper->num_groups()) {
      throw Internal("kernels: an aggregate returned the wrong number of rows");
    }
  }
  return result.grouper->num_groups();
}

}  // namespace

int RunKernelsBenchmark(const std::vector<std::string>& arguments) {
  const std::string command = "berserkr-bench kernels";
  const ParsedFlags flags = ParseFlags(arguments, {{"data"}, {"repeat"}}, command);
  if (flags.count("data") == 0) throw InvalidInput(command + ": --data FILE is required");
  const int64_t repeat = flags.count("repeat") ? ParseIntegerFlag("repeat", flags.at("repeat")) : 3;
  if (repeat < 1) throw InvalidInput("--repeat must be at least 1");

  CsvOptions options;
  for (const char* name : {"id4", "id5", "id6", "v1", "v2"}) {
    options.column_types[name] = DataType::Int32();
  }
  options.column_types["v3"] = DataType::Float64();
  const auto load_start = std::chrono::steady_clock::now();
  const Table table = ReadCsv({flags.at("data")}, options);
  std::fprintf(
      stderr, "loaded %lld rows in %.2f s\n", static_cast<long long>(table.num_rows()),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count());

  const std::vector<Question> questions = {
      {"q1", {"id1"}, {{"sum", "v1"}}},
      {"q2", {"id1", "id2"}, {{"sum", "v1"}}},
      {"q3", {"id3"}, {{"sum", "v1"}, {"avg", "v3"}}},
      {"q5", {"id6"}, {{"sum", "v1"}, {"sum", "v2"}, {"sum", "v3"}}},
      {"q10", {"id1", "id2", "id3", "id4", "id5", "id6"}, {{"sum", "v3"}, {"count_star", ""}}},
  };
  for (const Question& question : questions) {
    uint32_t groups = 0;
    for (int threads : {1, 2}) {
      double best = 1e300;
      for (int64_t run = 0; run < repeat; ++run) {
        const auto start = std::chrono::steady_clock::now();
        groups = RunQuestion(table, question, threads);
        best = std::min(
            best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      }
      std::printf("%s_threads%d %.3f\n", question.name.c_str(), threads, best);
      std::fflush(stdout);
    }
    std::printf("%s_groups %u\n", question.name.c_str(), groups);
  }
  return 0;
}

}  // namespace berserkr::bench

// ExternalSort fed out of order and spilled into many runs sorts exactly as SortTable does over
// the batches in input order: every key type, NULLs first and last, NaN and -0.0, ties in input
// order. Also the pieces it is built from: the loser tree and the spill file reader.

#include "exec/external_sort.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "berserkr/common/temp_directory.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/types/column_builder.h"
#include "exec/loser_tree_internal.h"
#include "exec/sort_testing_internal.h"
#include "exec/spill_file.h"
#include "test_util.h"

namespace berserkr {
namespace {

using exec_testing::RandomColumn;

const std::vector<DataType> kKeyTypes = {
    DataType::Bool(),   DataType::Int8(),    DataType::Int16(),   DataType::Int32(),
    DataType::Int64(),  DataType::Float32(), DataType::Float64(), DataType::Decimal(38, 2),
    DataType::String(), DataType::Binary(),  DataType::Date(),    DataType::Timestamp("UTC"),
    DataType::Null()};

// Random batches of `types` plus a last column "position" (the row's input position, so ties can
// be told apart); batch sizes vary and some batches are slices at an offset.
Table RandomTable(const std::vector<DataType>& types, int64_t num_rows, int64_t max_batch_rows,
                  std::mt19937_64& rng) {
  std::vector<Field> fields;
  for (size_t index = 0; index < types.size(); ++index) {
    fields.push_back({"c" + std::to_string(index), types[index]});
  }
  fields.push_back({"position", DataType::Int64()});
  auto schema = std::make_shared<Schema>(fields);
  std::vector<Batch> batches;
  for (int64_t start = 0; start < num_rows;) {
    const int64_t length =
        std::min<int64_t>(num_rows - start, 1 + static_cast<int64_t>(rng() % max_batch_rows));
    const int64_t skip = static_cast<int64_t>(rng() % 3) * 3;
    Batch batch{schema, {}, length + skip};
    for (const DataType& type : types) {
      batch.columns.push_back(RandomColumn(type, length + skip, 0.15, rng));
    }
    FixedWidthBuilder<int64_t> position(DataType::Int64());
    for (int64_t row = 0; row < length + skip; ++row) position.Append(start + row - skip);
    batch.columns.push_back(position.Finish());
    batches.push_back(skip == 0 ? batch : batch.Slice(skip, length));
    start += length;
  }
  return Table(schema, std::move(batches));
}

std::vector<std::string> RowTexts(const std::vector<Batch>& batches) {
  std::vector<std::string> rows;
  for (const Batch& batch : batches) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      std::string text;
      for (const ColumnPtr& column : batch.columns) text += column->FormatValue(row) + "|";
      rows.push_back(std::move(text));
    }
  }
  return rows;
}

// Adds the table's batches to `sort` in a shuffled order from several threads at once, each with
// its input position as the order, and returns what Finish emits.
std::vector<Batch> SortShuffled(const Table& table, ExternalSort& sort, std::mt19937_64& rng) {
  std::vector<int64_t> arrival(table.batches().size());
  std::iota(arrival.begin(), arrival.end(), 0);
  std::shuffle(arrival.begin(), arrival.end(), rng);
  ThreadPool threads(3);
  threads.ParallelFor(static_cast<int64_t>(arrival.size()), [&](int64_t index) {
    // Orders need not be dense: only their ranking is input order.
    sort.Add(table.batches()[arrival[index]], 10 * arrival[index] + 3);
  });
  std::vector<Batch> output;
  sort.Finish([&](Batch batch) { output.push_back(std::move(batch)); });
  return output;
}

class ExternalSortTest : public testing::Test {
 protected:
  void SetUp() override { SetTempDirectoryParent(spill_parent_.path()); }
  void TearDown() override { SetTempDirectoryParent(""); }
  bool SpillParentIsEmpty() const { return std::filesystem::is_empty(spill_parent_.path()); }

  testing_util::TempDir spill_parent_;
};

TEST_F(ExternalSortTest, SpilledRunsMergeToTheInMemorySort) {
  std::mt19937_64 rng(5);
  for (int round = 0; round < 40; ++round) {
    std::vector<DataType> types;
    for (int column = 0; column < 3; ++column) types.push_back(kKeyTypes[rng() % kKeyTypes.size()]);
    const Table table = RandomTable(types, 3000 + static_cast<int64_t>(rng() % 5000), 400, rng);
    std::vector<SortKey> keys;
    for (int key = 0, count = 1 + static_cast<int>(rng() % 3); key < count; ++key) {
      keys.push_back({static_cast<int>(rng() % 3), rng() % 2 == 0, rng() % 2 == 0});
    }
    const std::vector<std::string> expected = RowTexts(SortTable(table, keys).batches());
    // From a run per batch to a few large runs (the position column alone is 24 KB or more).
    const int64_t run_bytes = int64_t{1} << (rng() % 14);
    {
      ExternalSort sort(table.schema(), keys,
                        [run_bytes](int64_t held_bytes) { return held_bytes >= run_bytes; });
      ASSERT_EQ(RowTexts(SortShuffled(table, sort, rng)), expected) << "round " << round;
      EXPECT_GT(sort.num_runs(), 1) << "round " << round;
    }
    EXPECT_TRUE(SpillParentIsEmpty());
  }
}

TEST_F(ExternalSortTest, RunsLongerThanABatchAndManyTies) {
  // Runs of several spill batches each, so the merge crosses batch boundaries inside runs; a key
  // of three values, so almost every row ties and only input order separates them.
  std::mt19937_64 rng(11);
  std::vector<Field> fields = {{"key", DataType::Int32()}, {"text", DataType::String()}};
  auto schema = std::make_shared<Schema>(fields);
  std::vector<Batch> batches;
  for (int batch = 0; batch < 40; ++batch) {
    FixedWidthBuilder<int32_t> key(DataType::Int32());
    StringBuilder text(DataType::String());
    for (int row = 0; row < 10000; ++row) {
      key.Append(static_cast<int32_t>(rng() % 3));
      text.Append("row " + std::to_string(batch * 10000 + row));
    }
    batches.push_back(Batch{schema, {key.Finish(), text.Finish()}, 10000});
  }
  const Table table(schema, batches);
  for (const std::vector<SortKey>& keys :
       {std::vector<SortKey>{{0}}, std::vector<SortKey>{{0, false}}, std::vector<SortKey>{}}) {
    const std::vector<std::string> expected = RowTexts(SortTable(table, keys).batches());
    ExternalSort sort(schema, keys, [](int64_t held_bytes) { return held_bytes > (2 << 20); });
    const std::vector<Batch> output = SortShuffled(table, sort, rng);
    EXPECT_GT(sort.num_runs(), 1);
    for (const Batch& batch : output) EXPECT_LE(batch.num_rows, ExternalSort::kMergeBatchRows);
    ASSERT_EQ(RowTexts(output), expected);
  }
}

TEST_F(ExternalSortTest, WithoutSpillingItIsSortTable) {
  std::mt19937_64 rng(3);
  const Table table = RandomTable({DataType::Float64(), DataType::String()}, 5000, 700, rng);
  const std::vector<SortKey> keys = {{1, false, true}, {0}};
  ExternalSort sort(table.schema(), keys, [](int64_t) { return false; });
  const std::vector<Batch> output = SortShuffled(table, sort, rng);
  const Table expected = SortTable(table, keys);
  EXPECT_EQ(sort.num_runs(), 0);
  ASSERT_EQ(output.size(), expected.batches().size());  // batched as SortTable batches
  EXPECT_EQ(RowTexts(output), RowTexts(expected.batches()));
}

TEST_F(ExternalSortTest, EmptyInputOneBatchAndNestedColumns) {
  std::mt19937_64 rng(8);
  auto always = [](int64_t) { return true; };
  const Table empty = RandomTable({DataType::Int64()}, 0, 10, rng);
  {
    ExternalSort sort(empty.schema(), {{0}}, always);
    EXPECT_TRUE(SortShuffled(empty, sort, rng).empty());
  }
  const Table one_batch = RandomTable({DataType::String()}, 900, int64_t{1} << 40, rng);
  ASSERT_EQ(one_batch.batches().size(), 1u);
  {
    ExternalSort sort(one_batch.schema(), {{0, false}}, always);
    EXPECT_EQ(RowTexts(SortShuffled(one_batch, sort, rng)),
              RowTexts(SortTable(one_batch, {{0, false}}).batches()));
    EXPECT_EQ(sort.num_runs(), 1);
  }
  // Spill files hold scalar columns only: a nested column keeps the sort in memory.
  const Table nested =
      RandomTable({DataType::Int32(), DataType::List(DataType::String())}, 3000, 300, rng);
  {
    ExternalSort sort(nested.schema(), {{0}}, always);
    EXPECT_EQ(RowTexts(SortShuffled(nested, sort, rng)),
              RowTexts(SortTable(nested, {{0}}).batches()));
    EXPECT_EQ(sort.num_runs(), 0);
  }
  EXPECT_TRUE(SpillParentIsEmpty());
}

TEST(LoserTreeTest, MergesLikeASort) {
  std::mt19937_64 rng(17);
  for (int num_sources = 1; num_sources <= 9; ++num_sources) {
    std::vector<std::vector<int>> sources(static_cast<size_t>(num_sources));
    std::vector<int> all;
    for (auto& source : sources) {
      source.resize(rng() % 20);  // some sources empty
      for (int& value : source) value = static_cast<int>(rng() % 50);
      std::sort(source.begin(), source.end());
      all.insert(all.end(), source.begin(), source.end());
    }
    std::sort(all.begin(), all.end());
    std::vector<size_t> next(sources.size(), 0);
    auto less = [&](int left, int right) {
      const bool left_done = next[left] == sources[left].size();
      const bool right_done = next[right] == sources[right].size();
      if (left_done || right_done) return !left_done;
      const int a = sources[left][next[left]];
      const int b = sources[right][next[right]];
      return a < b || (a == b && left < right);  // strict: ties by source
    };
    sort_internal::LoserTree<decltype(less)> tree(num_sources, less);
    std::vector<int> merged;
    while (next[tree.winner()] < sources[tree.winner()].size()) {
      merged.push_back(sources[tree.winner()][next[tree.winner()]++]);
      tree.ReplayWinner();
    }
    EXPECT_EQ(merged, all) << num_sources << " sources";
  }
}

TEST(SpillFileReaderTest, ReadsBatchesBackOneAtATime) {
  testing_util::TempDir directory;
  std::mt19937_64 rng(2);
  const Table table =
      RandomTable({DataType::String(), DataType::Float64(), DataType::Bool()}, 2000, 300, rng);
  SpillFile file(directory.File("spill"), table.schema());
  for (const Batch& batch : table.batches()) file.Write(batch);
  SpillFile::Reader reader(file);
  Batch batch;
  for (const Batch& written : table.batches()) {
    ASSERT_TRUE(reader.Next(&batch));
    EXPECT_EQ(RowTexts({batch}), RowTexts({written}));
  }
  EXPECT_FALSE(reader.Next(&batch));
  std::vector<Batch> again;  // ForEach reads from the start again
  file.ForEach([&](Batch read) { again.push_back(std::move(read)); });
  EXPECT_EQ(RowTexts(again), RowTexts(table.batches()));
}

}  // namespace
}  // namespace berserkr

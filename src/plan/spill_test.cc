// Aggregates over the memory limit spill to disk and still give the exact answer; their temporary
// files are gone afterwards, whether the query succeeded or failed.

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "berserkr/common/error.h"
#include "berserkr/common/memory_pool.h"
#include "berserkr/common/temp_directory.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/plan/data_frame.h"
#include "exec/spill_file.h"
#include "plan/executor_internal.h"
#include "test_util.h"

namespace berserkr {
namespace {

// Rows of a CSV with many groups: key (string), id (int), value (double, some empty = NULL).
std::string MakeCsv(int rows, int distinct) {
  std::string text = "key,id,value\n";
  for (int row = 0; row < rows; ++row) {
    const int64_t group = (static_cast<int64_t>(row) * 7919) % distinct;
    text += "k" + std::to_string(group % 1000) + "," + std::to_string(group) + "," +
            (row % 17 == 0 ? "" : std::to_string(row % 101) + ".5") + "\n";
  }
  return text;
}

std::map<std::string, std::string> RowsByKey(const Table& table) {
  std::vector<ColumnPtr> columns;
  for (int column = 0; column < table.num_columns(); ++column) {
    columns.push_back(table.CombinedColumn(column));
  }
  std::map<std::string, std::string> rows;
  for (int64_t row = 0; row < table.num_rows(); ++row) {
    std::string values;
    for (size_t column = 2; column < columns.size(); ++column) {
      values += columns[column]->FormatValue(row) + ",";
    }
    const std::string key = columns[0]->FormatValue(row) + "|" + columns[1]->FormatValue(row);
    EXPECT_TRUE(rows.emplace(key, values).second) << "duplicate group " << key;
  }
  return rows;
}

// Every row as text, in no particular order (a spilled join's order follows its partitions).
std::multiset<std::string> SortedRows(const Table& table) {
  std::vector<ColumnPtr> columns;
  for (int column = 0; column < table.num_columns(); ++column) {
    columns.push_back(table.CombinedColumn(column));
  }
  std::multiset<std::string> rows;
  for (int64_t row = 0; row < table.num_rows(); ++row) {
    std::string text;
    for (const ColumnPtr& column : columns) text += column->FormatValue(row) + "|";
    rows.insert(std::move(text));
  }
  return rows;
}

class SpillTest : public testing::Test {
 protected:
  void SetUp() override {
    SetTempDirectoryParent(spill_parent_.path());
    SetDefaultThreadCount(2);
  }
  void TearDown() override {
    DefaultMemoryPool().set_limit(MemoryPool::kNoLimit);
    SetSpillFractionForTesting(0);
    SetTempDirectoryParent("");
    SetDefaultThreadCount(0);
  }
  bool SpillParentIsEmpty() const {
    return std::filesystem::is_empty(std::filesystem::path(spill_parent_.path()));
  }

  testing_util::TempDir data_;
  testing_util::TempDir spill_parent_;
};

TEST_F(SpillTest, AggregateOverTheLimitGivesTheSameAnswerAndCleansUp) {
  const std::string path = data_.File("groups.csv");
  testing_util::WriteFile(path, MakeCsv(600000, 250000));
  const DataFrame query = DataFrame::ScanCsv({path})
                              .GroupBy({Col("key"), Col("id")})
                              .Agg({
                                  Sum(Col("value")).As("sum"),
                                  CountStar().As("rows"),
                                  Median(Col("value")).As("median"),
                                  Max(Col("value")).As("max"),
                              });
  const std::map<std::string, std::string> expected = RowsByKey(query.Collect());
  ASSERT_EQ(expected.size(), 250000u);

  // 5% of the limit is less than the groups need, so many rows go to disk, and the limit leaves
  // room for the rest of the query (whose peak without a limit is below 100 MiB). The states
  // either group every row they keep or, keys looking unique, partition them in memory.
  for (const uint32_t partition_from_groups : {0u, 1000u}) {
    SCOPED_TRACE(partition_from_groups);
    SetPartitionFromGroupsForTesting(partition_from_groups);
    const int64_t spilled_before = SpilledBytesTotal();
    SetSpillFractionForTesting(0.05);
    DefaultMemoryPool().set_limit(DefaultMemoryPool().bytes_allocated() + (200 << 20));
    EXPECT_EQ(RowsByKey(query.Collect()), expected);
    EXPECT_GT(SpilledBytesTotal() - spilled_before, 1 << 20);
    EXPECT_TRUE(SpillParentIsEmpty());
    DefaultMemoryPool().set_limit(MemoryPool::kNoLimit);
  }
  SetPartitionFromGroupsForTesting(0);
}

TEST_F(SpillTest, SpillFilesAreRemovedWhenTheQueryFails) {
  const std::string path = data_.File("groups.csv");
  std::string text = MakeCsv(300000, 200000);
  text += "k1,1,not a number\n";  // fails the scan after most rows are spilled
  testing_util::WriteFile(path, text);
  CsvOptions options;
  options.column_types["value"] = DataType::Float64();
  const DataFrame query = DataFrame::ScanCsv({path}, options)
                              .GroupBy({Col("key"), Col("id")})
                              .Agg({Sum(Col("value")).As("sum")});
  SetSpillFractionForTesting(0.01);
  DefaultMemoryPool().set_limit(DefaultMemoryPool().bytes_allocated() + (200 << 20));
  const int64_t spilled_before = SpilledBytesTotal();
  EXPECT_THROW(query.Collect(), InvalidInput);
  EXPECT_GT(SpilledBytesTotal() - spilled_before, 0);
  EXPECT_TRUE(SpillParentIsEmpty());
}

TEST_F(SpillTest, SpillFilesAreRemovedWhenTheProcessIsInterrupted) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        TempDirectory directory;
        testing_util::WriteFile(directory.NewFilePath("partition"), "spilled rows");
        std::raise(SIGTERM);
      },
      testing::KilledBySignal(SIGTERM), "");
  EXPECT_TRUE(SpillParentIsEmpty());
}

TEST_F(SpillTest, AnUnwritableSpillDirectoryIsAClearError) {
  SetTempDirectoryParent(data_.File("no/such/directory"));
  try {
    TempDirectory directory;
    FAIL() << "expected an error";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("no/such/directory"), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("--temp-dir"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace berserkr

namespace berserkr {
namespace {

TEST_F(SpillTest, JoinOverTheLimitGivesTheSameRowsAndCleansUp) {
  const std::string left_path = data_.File("left.csv");
  const std::string right_path = data_.File("right.csv");
  testing_util::WriteFile(left_path, MakeCsv(80000, 60000));
  testing_util::WriteFile(right_path, MakeCsv(50000, 40000));
  for (JoinType type : {JoinType::kInner, JoinType::kLeft, JoinType::kFull, JoinType::kAnti}) {
    SCOPED_TRACE(JoinTypeName(type));
    const DataFrame query =
        DataFrame::ScanCsv({left_path}).Join(DataFrame::ScanCsv({right_path}), {"key", "id"}, type);
    SetSpillFractionForTesting(0);
    DefaultMemoryPool().set_limit(MemoryPool::kNoLimit);
    const std::multiset<std::string> expected = SortedRows(query.Collect());
    const int64_t spilled_before = SpilledBytesTotal();
    SetSpillFractionForTesting(0.01);
    DefaultMemoryPool().set_limit(DefaultMemoryPool().bytes_allocated() + (200 << 20));
    EXPECT_EQ(SortedRows(query.Collect()), expected);
    EXPECT_GT(SpilledBytesTotal() - spilled_before, 1 << 20);
    EXPECT_TRUE(SpillParentIsEmpty());
  }
}

}  // namespace
}  // namespace berserkr

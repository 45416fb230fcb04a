// A sort over the memory limit writes sorted runs to disk and merges them, and its answer is the
// in-memory sort's exactly — rows with equal keys in input order — whatever the keys; its spill
// files are gone afterwards, whether the query succeeded or failed.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/common/memory_pool.h"
#include "berserkr/common/temp_directory.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/types/column_builder.h"
#include "exec/spill_file.h"
#include "plan/executor_internal.h"
#include "test_util.h"

namespace berserkr {
namespace {

// Rows with many ties and every awkward value: position (the input position), group (0..9, some
// NULL), name (short, empty and long strings sharing their first bytes, some NULL), score
// (doubles with NaN, -0.0, 0.0, infinities, some NULL), flag, and a unique note. Batches of
// varying size, so that a filter above it makes them arrive out of order from the threads.
Table TiesTable(int64_t num_rows, uint64_t seed) {
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"position", DataType::Int64()},
                                                            {"group", DataType::Int32()},
                                                            {"name", DataType::String()},
                                                            {"score", DataType::Float64()},
                                                            {"flag", DataType::Bool()},
                                                            {"note", DataType::String()}});
  const char* const kNames[] = {
      "", "a", "b", "same-long-prefix-1", "same-long-prefix-2", "same-long-prefix", "日本", "zz"};
  const double kScores[] = {
      std::numeric_limits<double>::quiet_NaN(), -0.0, 0.0,  std::numeric_limits<double>::infinity(),
      -std::numeric_limits<double>::infinity(), 1.5,  -2.25};
  std::mt19937_64 rng(seed);
  std::vector<Batch> batches;
  for (int64_t start = 0; start < num_rows;) {
    const int64_t length = std::min<int64_t>(num_rows - start, 500 + rng() % 2500);
    FixedWidthBuilder<int64_t> position(DataType::Int64());
    FixedWidthBuilder<int32_t> group(DataType::Int32());
    StringBuilder name;
    FixedWidthBuilder<double> score(DataType::Float64());
    BoolBuilder flag;
    StringBuilder note;
    for (int64_t row = start; row < start + length; ++row) {
      position.Append(row);
      rng() % 20 == 0 ? group.AppendNull() : group.Append(static_cast<int32_t>(rng() % 10));
      rng() % 15 == 0 ? name.AppendNull() : name.Append(kNames[rng() % 8]);
      rng() % 12 == 0 ? score.AppendNull() : score.Append(kScores[rng() % 7]);
      flag.Append(rng() % 2 == 0);
      note.Append("note " + std::to_string(row));
    }
    batches.push_back(Batch{schema,
                            {position.Finish(), group.Finish(), name.Finish(), score.Finish(),
                             flag.Finish(), note.Finish()},
                            length});
    start += length;
  }
  return Table(schema, std::move(batches));
}

// Every row as text, in order.
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

std::vector<std::string> RowTexts(const Table& table) { return RowTexts(table.batches()); }

class SortSpillTest : public testing::Test {
 protected:
  void SetUp() override {
    SetTempDirectoryParent(spill_parent_.path());
    SetDefaultThreadCount(2);
  }
  void TearDown() override {
    InMemory();
    SetTempDirectoryParent("");
    SetDefaultThreadCount(0);
  }
  void InMemory() {
    DefaultMemoryPool().set_limit(MemoryPool::kNoLimit);
    SetSpillFractionForTesting(0);
  }
  // A limit far above what the queries need, and a spill fraction so small that a sort writes a
  // run every few hundred KB: memory is short from the start (the input table alone passes it).
  void Spilling() {
    SetSpillFractionForTesting(0.002);
    DefaultMemoryPool().set_limit(DefaultMemoryPool().bytes_allocated() + (256 << 20));
  }
  bool SpillParentIsEmpty() const {
    return std::filesystem::is_empty(std::filesystem::path(spill_parent_.path()));
  }
  // The query's rows without a limit, then with spilling: equal, and the spill really happened.
  void ExpectSpilledEqualsInMemory(const DataFrame& query) {
    InMemory();
    const std::vector<std::string> expected = RowTexts(query.Collect());
    Spilling();
    const int64_t spilled_before = SpilledBytesTotal();
    const std::vector<std::string> spilled = RowTexts(query.Collect());
    EXPECT_GT(SpilledBytesTotal() - spilled_before, 1 << 20) << "the sort did not spill";
    ASSERT_EQ(spilled.size(), expected.size());
    for (size_t row = 0; row < expected.size(); ++row) {
      ASSERT_EQ(spilled[row], expected[row]) << "row " << row;
    }
    EXPECT_TRUE(SpillParentIsEmpty());
  }

  testing_util::TempDir data_;
  testing_util::TempDir spill_parent_;
};

// A pipeline over the table: batches reach the sort from the pool threads, out of order.
DataFrame Streamed(const Table& table) {
  return DataFrame::FromTable(table).Filter(Col("position") >= Lit(0));
}

TEST_F(SortSpillTest, SeveralKeysMixedDirectionsAndNullPlacement) {
  const Table table = TiesTable(150000, 1);
  ExpectSpilledEqualsInMemory(
      Streamed(table).Sort({{"group", true, true}, {"score", false}, {"name"}}));
  ExpectSpilledEqualsInMemory(Streamed(table).Sort({{"flag", false}, {"group", false, false}}));
}

TEST_F(SortSpillTest, StringKeys) {
  const Table table = TiesTable(150000, 2);
  ExpectSpilledEqualsInMemory(Streamed(table).Sort({{"name", false, true}}));
  ExpectSpilledEqualsInMemory(Streamed(table).Sort({{"name"}, {"note", false}}));
}

TEST_F(SortSpillTest, DoublesWithNaNAndNegativeZero) {
  const Table table = TiesTable(150000, 3);
  ExpectSpilledEqualsInMemory(Streamed(table).Sort({{"score"}}));
  ExpectSpilledEqualsInMemory(Streamed(table).Sort({{"score", false, true}}));
}

TEST_F(SortSpillTest, TiesKeepTheInputOrder) {
  const Table table = TiesTable(150000, 4);
  const DataFrame query = Streamed(table).Sort({{"group"}});
  ExpectSpilledEqualsInMemory(query);
  // Beyond agreeing with the in-memory sort: within a group, positions ascend.
  Spilling();
  const Table sorted = query.Collect();
  const ColumnPtr group = sorted.CombinedColumn(1);
  const ColumnPtr position = sorted.CombinedColumn(0);
  for (int64_t row = 1; row < sorted.num_rows(); ++row) {
    if (group->FormatValue(row) != group->FormatValue(row - 1)) continue;
    ASSERT_LT(position->ValuesAs<int64_t>()[row - 1], position->ValuesAs<int64_t>()[row])
        << "row " << row;
  }
}

TEST_F(SortSpillTest, InputOfOneBatch) {
  const Table table = TiesTable(60000, 5);
  const Table one_batch(table.schema(), {Batch{table.schema(),
                                               [&] {
                                                 std::vector<ColumnPtr> columns;
                                                 for (int column = 0; column < 6; ++column) {
                                                   columns.push_back(table.CombinedColumn(column));
                                                 }
                                                 return columns;
                                               }(),
                                               table.num_rows()}});
  ExpectSpilledEqualsInMemory(Streamed(one_batch).Sort({{"name"}, {"score", false}}));
}

TEST_F(SortSpillTest, EmptyInput) {
  const Table table = TiesTable(20000, 6);
  Spilling();
  const Table sorted = Streamed(table).Filter(Col("position") < Lit(0)).Sort({{"name"}}).Collect();
  EXPECT_EQ(sorted.num_rows(), 0);
  EXPECT_EQ(*sorted.schema(), *table.schema());
  EXPECT_TRUE(SpillParentIsEmpty());
}

TEST_F(SortSpillTest, CsvFilesKeepTheirOrderAcrossFiles) {
  // Every file's first batch has sequence 0: ties between files must still follow file order.
  std::vector<std::string> paths;
  for (int file = 0; file < 4; ++file) {
    std::string text = "key,file,row\n";
    for (int row = 0; row < 40000; ++row) {
      text += std::to_string((row * 7) % 5) + "," + std::to_string(file) + "," +
              std::to_string(row) + "\n";
    }
    paths.push_back(data_.File("part" + std::to_string(file) + ".csv"));
    testing_util::WriteFile(paths.back(), text);
  }
  const CsvOptions options;  // named: GCC 12 warns (falsely) about the default argument here
  const DataFrame scan = DataFrame::ScanCsv(paths, options);
  InMemory();
  const std::vector<std::string> expected =
      RowTexts(DataFrame::FromTable(scan.Collect()).Sort({{"key", false}}).Collect());
  ExpectSpilledEqualsInMemory(scan.Sort({{"key", false}}));
  EXPECT_EQ(RowTexts(scan.Sort({{"key", false}}).Collect()), expected);
}

TEST_F(SortSpillTest, ForEachBatchAndWriteCsvStreamTheMergedRuns) {
  const Table table = TiesTable(150000, 7);
  const DataFrame query = Streamed(table).Sort({{"name"}, {"group", false}});
  InMemory();
  const std::vector<std::string> expected = RowTexts(query.Collect());
  const std::string expected_csv_path = data_.File("expected.csv");
  query.WriteCsv(expected_csv_path);

  Spilling();
  const int64_t spilled_before = SpilledBytesTotal();
  std::vector<Batch> batches;
  query.ForEachBatch([&](const Batch& batch) { batches.push_back(batch); });
  EXPECT_GT(SpilledBytesTotal() - spilled_before, 1 << 20);
  EXPECT_GT(batches.size(), 1u);  // handed over batch by batch, in order
  EXPECT_EQ(RowTexts(batches), expected);

  const std::string spilled_csv_path = data_.File("spilled.csv");
  query.WriteCsv(spilled_csv_path);
  EXPECT_EQ(testing_util::ReadFileText(spilled_csv_path),
            testing_util::ReadFileText(expected_csv_path));
  EXPECT_TRUE(SpillParentIsEmpty());
}

TEST_F(SortSpillTest, SpillFilesAreRemovedWhenTheQueryFails) {
  const Table table = TiesTable(150000, 8);
  const int64_t last_position = table.num_rows() - 1;
  // Fails on the batch holding the last row, after the batches before it were spilled.
  const DataFrame query = DataFrame::FromTable(table)
                              .MapBatches(
                                  [last_position](const Batch& batch) {
                                    const int64_t* positions =
                                        batch.columns[0]->ValuesAs<int64_t>();
                                    if (positions[batch.num_rows - 1] == last_position) {
                                      throw InvalidInput("the last batch fails");
                                    }
                                    return batch;
                                  },
                                  *table.schema())
                              .Sort({{"name"}});
  Spilling();
  const int64_t spilled_before = SpilledBytesTotal();
  EXPECT_THROW(query.Collect(), InvalidInput);
  EXPECT_GT(SpilledBytesTotal() - spilled_before, 0);
  EXPECT_TRUE(SpillParentIsEmpty());
}

TEST_F(SortSpillTest, AnUnwritableSpillDirectoryIsAClearError) {
  const Table table = TiesTable(50000, 9);
  SetTempDirectoryParent(data_.File("no/such/directory"));
  Spilling();
  try {
    Streamed(table).Sort({{"name"}}).Collect();
    FAIL() << "expected an error";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("no/such/directory"), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("--temp-dir"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace berserkr

// Delta tables end to end: WriteDelta (create, append, overwrite, replace-where, merge-schema,
// tags, checkpoints, failures, concurrent processes) and ScanDelta (time travel, file skipping),
// on local disk and on S3 (tests/s3's server), with DuckDB reading our data files as a check.

#include "berserkr/plan/delta_table.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "berserkr/io/file_system.h"
#include "berserkr/io/s3_options.h"
#include "berserkr/types/column_builder.h"
#include "s3/s3_test_server.h"
#include "test_util.h"

namespace berserkr {
namespace {

namespace fs = std::filesystem;
using testing_util::TempDir;

// Rows (id, day, name): ids [first, first + count), days cycling over `days` partitions.
Table MakeRows(int64_t first, int64_t count, int days = 2) {
  FixedWidthBuilder<int64_t> ids(DataType::Int64());
  StringBuilder day_values;
  StringBuilder names;
  for (int64_t row = 0; row < count; ++row) {
    ids.Append(first + row);
    day_values.Append("2024-01-0" + std::to_string(1 + (first + row) % days));
    if ((first + row) % 5 == 0) {
      names.AppendNull();
    } else {
      names.Append("name " + std::to_string(first + row));
    }
  }
  auto schema = std::make_shared<Schema>(std::vector<Field>{
      {"id", DataType::Int64()}, {"day", DataType::String()}, {"name", DataType::String()}});
  return Table(schema, {Batch{schema, {ids.Finish(), day_values.Finish(), names.Finish()}, count}});
}

// The ids of a table, sorted (for comparing whatever order files are read in).
std::vector<int64_t> Ids(const Table& table) {
  std::vector<int64_t> ids;
  const int index = *table.schema()->FieldIndex("id");
  for (const Batch& batch : table.batches()) {
    const Column& column = *batch.column(index);
    for (int64_t row = 0; row < batch.num_rows; ++row)
      ids.push_back(column.ValuesAs<int64_t>()[row]);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<int64_t> Range(int64_t first, int64_t count) {
  std::vector<int64_t> ids;
  for (int64_t id = first; id < first + count; ++id) ids.push_back(id);
  return ids;
}

std::vector<int64_t> Concat(std::vector<int64_t> a, const std::vector<int64_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  return a;
}

int CountParquetFiles(const std::string& table) {
  int count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(table)) {
    if (entry.path().extension() == ".parquet" &&
        entry.path().string().find("_delta_log") == std::string::npos) {
      ++count;
    }
  }
  return count;
}

DeltaScanOptions AsOf(int64_t version) {
  DeltaScanOptions options;
  options.version = version;
  return options;
}

DeltaWriteOptions Partitioned() {
  DeltaWriteOptions options;
  options.partition_by = {"day"};
  return options;
}

TEST(DeltaTableTest, CreateAppendOverwriteAndTimeTravel) {
  TempDir dir;
  const std::string table = dir.File("sales");
  const DeltaWriteResult created =
      WriteDelta(DataFrame::FromTable(MakeRows(0, 10)), table, Partitioned());
  EXPECT_EQ(created.version, 0);
  EXPECT_EQ(created.rows, 10);
  EXPECT_EQ(created.files_added, 2);
  EXPECT_TRUE(fs::exists(table + "/day=2024-01-01"));
  EXPECT_TRUE(fs::exists(table + "/day=2024-01-02"));

  EXPECT_EQ(WriteDelta(DataFrame::FromTable(MakeRows(10, 5)), table).version, 1);
  DeltaWriteOptions overwrite;
  overwrite.mode = DeltaWriteMode::kOverwrite;
  const DeltaWriteResult replaced =
      WriteDelta(DataFrame::FromTable(MakeRows(100, 3)), table, overwrite);
  EXPECT_EQ(replaced.version, 2);
  EXPECT_EQ(replaced.files_removed, 4);

  const Table latest = ScanDelta(table).Collect();
  EXPECT_EQ(Ids(latest), Range(100, 3));
  // The table's columns come back in the table's order, partition column included.
  EXPECT_EQ(latest.schema()->ToString(), MakeRows(0, 1).schema()->ToString());
  EXPECT_EQ(Ids(ScanDelta(table, AsOf(0)).Collect()), Range(0, 10));
  EXPECT_EQ(Ids(ScanDelta(table, AsOf(1)).Collect()), Range(0, 15));
  // Partition values come back with the rows they were split from.
  const Table day2 = ScanDelta(table, AsOf(0)).Filter(Col("day") == Lit("2024-01-02")).Collect();
  EXPECT_EQ(Ids(day2), (std::vector<int64_t>{1, 3, 5, 7, 9}));

  const DeltaSnapshot snapshot = ReadDeltaSnapshot(table);
  EXPECT_EQ(snapshot.num_records(), 3);
  const std::vector<DeltaHistoryEntry> history = ReadDeltaHistory(table);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_NE(history[0].commit_info.find(R"("mode":"Overwrite")"), std::string::npos);
}

TEST(DeltaTableTest, ReplaceWhereReplacesOnlyItsPartitions) {
  TempDir dir;
  const std::string table = dir.File("t");
  WriteDelta(DataFrame::FromTable(MakeRows(0, 10)), table, Partitioned());
  DeltaWriteOptions replace;
  replace.mode = DeltaWriteMode::kOverwrite;
  replace.replace_where = {{"day", "2024-01-01"}};
  // Rows 100, 102, 104 are all of day 2024-01-01.
  Table day1 =
      DataFrame::FromTable(MakeRows(100, 6)).Filter(Col("day") == Lit("2024-01-01")).Collect();
  EXPECT_EQ(WriteDelta(DataFrame::FromTable(day1), table, replace).version, 1);
  EXPECT_EQ(Ids(ScanDelta(table).Collect()), Concat({1, 3, 5, 7, 9}, {100, 102, 104}));
  // A row of another partition: refused before anything is committed or left on disk.
  const int files_before = CountParquetFiles(table);
  try {
    WriteDelta(DataFrame::FromTable(MakeRows(200, 2)), table, replace);
    FAIL() << "a row outside replace_where was accepted";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("outside replace_where day=2024-01-01"),
              std::string::npos)
        << error.what();
  }
  EXPECT_EQ(ReadDeltaSnapshot(table).version, 1);
  EXPECT_EQ(CountParquetFiles(table), files_before);
}

TEST(DeltaTableTest, SchemaMismatchIsRefusedOrMerged) {
  TempDir dir;
  const std::string table = dir.File("t");
  WriteDelta(DataFrame::FromTable(MakeRows(0, 4)), table);
  const DataFrame extra = DataFrame::FromTable(MakeRows(10, 2)).WithColumn("price", Lit(2.5));
  try {
    WriteDelta(extra, table);
    FAIL();
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("column \"price\" is not in the table"),
              std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("--merge-schema"), std::string::npos);
  }
  const DataFrame wrong_type = DataFrame::FromTable(MakeRows(10, 2)).WithColumn("id", Lit(1.5));
  try {
    WriteDelta(wrong_type, table);
    FAIL();
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("column \"id\" is DOUBLE in the data but BIGINT"),
              std::string::npos)
        << error.what();
  }
  EXPECT_EQ(ReadDeltaSnapshot(table).version, 0);
  DeltaWriteOptions merge;
  merge.merge_schema = true;
  EXPECT_EQ(WriteDelta(extra, table, merge).version, 1);
  const Table merged = ScanDelta(table).Sort({{"id"}}).Collect();
  ASSERT_EQ(merged.num_columns(), 4);
  const ColumnPtr price = merged.CombinedColumn(3);
  EXPECT_TRUE(price->IsNull(0));  // an old row
  EXPECT_EQ(price->ValuesAs<double>()[5], 2.5);
  // Fewer columns than the table: the missing one reads as NULL.
  WriteDelta(DataFrame::FromTable(MakeRows(20, 1)), table);
  EXPECT_EQ(ScanDelta(table).Collect().num_rows(), 7);
}

TEST(DeltaTableTest, AFailedWriteLeavesThePreviousVersionAndNoFiles) {
  TempDir dir;
  const std::string table = dir.File("t");
  WriteDelta(DataFrame::FromTable(MakeRows(0, 4)), table, Partitioned());
  const int files_before = CountParquetFiles(table);
  // A plan that fails after some rows were written: three batches, the last one throws.
  const Table rows = MakeRows(10, 30);
  std::vector<Batch> batches = {rows.batches()[0].Slice(0, 10), rows.batches()[0].Slice(10, 10),
                                rows.batches()[0].Slice(20, 10)};
  const DataFrame failing = DataFrame::FromTable(Table(rows.schema(), batches))
                                .MapBatches(
                                    [](const Batch& batch) -> Batch {
                                      if (batch.column(0)->ValuesAs<int64_t>()[0] == 20) {
                                        throw IoError("disk on fire");
                                      }
                                      return batch;
                                    },
                                    *rows.schema());
  EXPECT_THROW(WriteDelta(failing, table), IoError);
  EXPECT_EQ(ReadDeltaSnapshot(table).version, 0);
  EXPECT_EQ(CountParquetFiles(table), files_before);
  EXPECT_EQ(Ids(ScanDelta(table).Collect()), Range(0, 4));
}

TEST(DeltaTableTest, StatsAndPartitionsSkipFiles) {
  TempDir dir;
  const std::string table = dir.File("t");
  for (int part = 0; part < 4; ++part) {
    WriteDelta(DataFrame::FromTable(MakeRows(part * 100, 50, 1)), table);
  }
  const DeltaSnapshot snapshot = ReadDeltaSnapshot(table);
  ASSERT_EQ(snapshot.files.size(), 4u);
  EXPECT_NE(snapshot.files[0].stats.find(R"("numRecords":50)"), std::string::npos);
  EXPECT_NE(snapshot.files[0].stats.find(R"("nullCount":{"id":0,"day":0,"name":10})"),
            std::string::npos)
      << snapshot.files[0].stats;
  // id > 250 can only be in the last file; the optimizer pushes the filter into the scan.
  const DataFrame filtered = ScanDelta(table).Filter(Col("id") > Lit(int64_t{250}));
  EXPECT_NE(filtered.Explain().find("files=1/4"), std::string::npos) << filtered.Explain();
  EXPECT_EQ(Ids(filtered.Collect()), Range(300, 50));
  const DeltaScanner scanner(snapshot);
  EXPECT_EQ(
      scanner
          .WithPredicates({{"id", ParquetPredicate::Op::kLessEqual,
                            DataFrame::FromTable(MakeRows(0, 1)).Collect().CombinedColumn(0)}})
          .files()
          .size(),
      1u);
}

TEST(DeltaTableTest, TagsAndTransactionsAreRecorded) {
  TempDir dir;
  const std::string table = dir.File("t");
  DeltaWriteOptions options;
  options.tags = {{"source.path", "s3://raw/2024-01-01.csv"}, {"source.size", "1234"}};
  options.transaction = DeltaTransaction{"ingest", 1, std::nullopt};
  EXPECT_EQ(WriteDelta(DataFrame::FromTable(MakeRows(0, 3)), table, options).version, 0);
  const DeltaSnapshot snapshot = ReadDeltaSnapshot(table);
  ASSERT_EQ(snapshot.files.size(), 1u);
  EXPECT_EQ(snapshot.files[0].tags, options.tags);
  EXPECT_EQ(snapshot.transactions.at("ingest").version, 1);
  // The same application version again: already committed, nothing written.
  const DeltaWriteResult again = WriteDelta(DataFrame::FromTable(MakeRows(0, 3)), table, options);
  EXPECT_EQ(again.version, 0);
  EXPECT_EQ(again.rows, 0);
  EXPECT_EQ(ScanDelta(table).Collect().num_rows(), 3);
}

TEST(DeltaTableTest, CheckpointEveryTenCommitsAndReadingFromIt) {
  TempDir dir;
  const std::string table = dir.File("t");
  int64_t checkpoints = 0;
  for (int commit = 0; commit < 12; ++commit) {
    DeltaWriteOptions options = Partitioned();
    options.tags = {{"commit", std::to_string(commit)}};
    checkpoints += WriteDelta(DataFrame::FromTable(MakeRows(commit * 10, 10)), table, options)
                       .checkpoint_written;
  }
  ASSERT_EQ(checkpoints, 1);
  EXPECT_TRUE(fs::exists(table + "/_delta_log/00000000000000000010.checkpoint.parquet"));
  const std::string last = testing_util::ReadFileText(table + "/_delta_log/_last_checkpoint");
  EXPECT_EQ(last.find(R"({"version":10,"size":)"), 0u) << last;
  const DeltaSnapshot replayed = ReadDeltaSnapshot(table);
  EXPECT_EQ(replayed.checkpoint_version, 10);
  // Without the JSON commits before it, the checkpoint alone gives the same table.
  for (int version = 0; version <= 10; ++version) fs::remove(DeltaCommitLocation(table, version));
  const DeltaSnapshot from_checkpoint = ReadDeltaSnapshot(table);
  EXPECT_EQ(from_checkpoint.version, 11);
  ASSERT_EQ(from_checkpoint.files.size(), replayed.files.size());
  for (size_t index = 0; index < replayed.files.size(); ++index) {
    EXPECT_EQ(from_checkpoint.files[index].path, replayed.files[index].path);
    EXPECT_EQ(from_checkpoint.files[index].partition_values,
              replayed.files[index].partition_values);
    EXPECT_EQ(from_checkpoint.files[index].stats, replayed.files[index].stats);
    EXPECT_EQ(from_checkpoint.files[index].tags, replayed.files[index].tags);
    EXPECT_EQ(from_checkpoint.files[index].size, replayed.files[index].size);
  }
  EXPECT_EQ(from_checkpoint.metadata.schema_string, replayed.metadata.schema_string);
  EXPECT_EQ(Ids(ScanDelta(table).Collect()), Range(0, 120));
}

// Run as a separate process by the test below (never on its own: it needs the environment).
TEST(DeltaTableProcessHelper, AppendRows) {
  const char* table = std::getenv("BERSERKR_DELTA_HELPER_TABLE");
  const char* first = std::getenv("BERSERKR_DELTA_HELPER_FIRST");
  if (table == nullptr || first == nullptr) GTEST_SKIP() << "a helper of the process test";
  for (int commit = 0; commit < 5; ++commit) {
    WriteDelta(DataFrame::FromTable(MakeRows(std::atoll(first) + commit * 10, 10)), table);
  }
}

TEST(DeltaTableTest, ProcessesAppendingAtOnceAllCommit) {
  TempDir dir;
  const std::string table = dir.File("t");
  WriteDelta(DataFrame::FromTable(MakeRows(0, 10)), table, Partitioned());
  constexpr int kProcesses = 4;
  std::vector<pid_t> children;
  for (int process = 0; process < kProcesses; ++process) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::setenv("BERSERKR_DELTA_HELPER_TABLE", table.c_str(), 1);
      ::setenv("BERSERKR_DELTA_HELPER_FIRST", std::to_string(1000 * (process + 1)).c_str(), 1);
      ::execl("/proc/self/exe", "berserkr_tests",
              "--gtest_filter=DeltaTableProcessHelper.AppendRows", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  const DeltaSnapshot snapshot = ReadDeltaSnapshot(table);
  EXPECT_EQ(snapshot.version, kProcesses * 5);
  std::vector<int64_t> expected = Range(0, 10);
  for (int process = 0; process < kProcesses; ++process) {
    expected = Concat(expected, Range(1000 * (process + 1), 50));
  }
  EXPECT_EQ(Ids(ScanDelta(table).Collect()), expected);
  EXPECT_TRUE(snapshot.checkpoint_version == 10 || snapshot.checkpoint_version == 20);
}

TEST(DeltaTableTest, DuckDbReadsTheDataFilesTheSnapshotLists) {
  if (!testing_util::HaveCommand("node") ||
      !fs::exists(std::string(BERSERKR_SOURCE_DIR) +
                  "/tests/oracle/node_modules/@duckdb/node-api")) {
    GTEST_SKIP() << "node or tests/oracle/node_modules missing";
  }
  TempDir dir;
  const std::string table = dir.File("t");
  WriteDelta(DataFrame::FromTable(MakeRows(0, 40)), table, Partitioned());
  WriteDelta(DataFrame::FromTable(MakeRows(40, 20)), table);
  const DeltaSnapshot snapshot = ReadDeltaSnapshot(table);
  std::string files;
  for (const DeltaAddFile& file : snapshot.files) {
    files += (files.empty() ? "'" : ",'") + snapshot.FileLocation(file.path) + "'";
  }
  const std::string script = dir.File("count.mjs");
  testing_util::WriteFile(
      script,
      "import { DuckDBInstance } from '" + std::string(BERSERKR_SOURCE_DIR) +
          "/tests/oracle/node_modules/@duckdb/node-api/lib/index.js';\n"
          "const db = await DuckDBInstance.create(':memory:');\n"
          "const c = await db.connect();\n"
          "const r = await c.runAndReadAll(\"SELECT count(*)::VARCHAR, sum(id)::VARCHAR, "
          "count(name)::VARCHAR, string_agg(DISTINCT day, ',' ORDER BY day) FROM read_parquet([" +
          files +
          "], hive_partitioning = true)\");\n"
          "console.log(r.getRows()[0].join(' '));\n");
  const std::string output = dir.File("out.txt");
  ASSERT_EQ(std::system(("node '" + script + "' > '" + output + "'").c_str()), 0);
  // 60 rows, ids 0..59 (sum 1770), 48 names (every fifth NULL), both days.
  EXPECT_EQ(testing_util::ReadFileText(output), "60 1770 48 2024-01-01,2024-01-02\n");
}

struct CliResult {
  int status;
  std::string out;
  std::string err;
};

CliResult RunCli(const std::string& arguments) {
  TempDir dir;
  const std::string err_path = dir.File("stderr");
  const std::string command = std::string(BERSERKR_CLI_PATH) + " " + arguments + " 2>" + err_path;
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buffer[4096];
  size_t count;
  while ((count = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) out.append(buffer, count);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out, testing_util::ReadFileText(err_path)};
}

TEST(DeltaCliTest, InspectAsOfHistoryAndVacuum) {
  TempDir dir;
  const std::string table = dir.File("t");
  WriteDelta(DataFrame::FromTable(MakeRows(0, 10)), table, Partitioned());
  DeltaWriteOptions overwrite;
  overwrite.mode = DeltaWriteMode::kOverwrite;
  WriteDelta(DataFrame::FromTable(MakeRows(100, 3)), table, overwrite);

  CliResult latest = RunCli("convert " + table + " --to " + dir.File("latest.csv"));
  EXPECT_EQ(latest.status, 0) << latest.err;
  EXPECT_NE(latest.err.find("wrote 3 rows"), std::string::npos) << latest.err;
  CliResult old = RunCli("inspect " + table + " --as-of 0");
  EXPECT_EQ(old.status, 0) << old.err;
  EXPECT_NE(old.out.find("rows:     10"), std::string::npos) << old.out;
  CliResult missing = RunCli("inspect " + table + " --as-of 7");
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("no version 7 (versions 0 to 1)"), std::string::npos) << missing.err;

  CliResult history = RunCli("history " + table);
  EXPECT_EQ(history.status, 0) << history.err;
  EXPECT_NE(history.out.find("      1  "), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("WRITE"), std::string::npos);

  CliResult dry = RunCli("vacuum " + table + " --retain-hours 0 --allow-short-retention --dry-run");
  EXPECT_EQ(dry.status, 0) << dry.err;
  EXPECT_NE(dry.err.find("would delete 2 files"), std::string::npos) << dry.err;
  EXPECT_EQ(CountParquetFiles(table), 4);
  CliResult refused = RunCli("vacuum " + table + " --retain-hours 1");
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("--allow-short-retention"), std::string::npos) << refused.err;
  CliResult done = RunCli("vacuum " + table + " --retain-hours 0 --allow-short-retention");
  EXPECT_EQ(done.status, 0) << done.err;
  EXPECT_EQ(CountParquetFiles(table), 2);
  EXPECT_EQ(Ids(ScanDelta(table).Collect()), Range(100, 3));
  EXPECT_EQ(RunCli("vacuum --help").status, 0);
  EXPECT_EQ(RunCli("history").status, 2);
}

class DeltaS3Test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing_util::S3TestServer();
    skip_reason_ = server_->Start({"lake"});
    if (skip_reason_.empty()) SetDefaultS3Options(server_->Options());
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
  }
  static testing_util::S3TestServer* server_;
  static std::string skip_reason_;
};
testing_util::S3TestServer* DeltaS3Test::server_ = nullptr;
std::string DeltaS3Test::skip_reason_;

TEST_F(DeltaS3Test, RoundTripWithConditionalPutsAndConcurrentWriters) {
  const std::string table = "s3://lake/tables/sales";
  EXPECT_EQ(WriteDelta(DataFrame::FromTable(MakeRows(0, 10)), table, Partitioned()).version, 0);
  // Threads appending at once: every commit lands, each exactly once (If-None-Match: *).
  std::vector<std::thread> writers;
  for (int writer = 0; writer < 3; ++writer) {
    writers.emplace_back([&, writer] {
      for (int commit = 0; commit < 4; ++commit) {
        WriteDelta(DataFrame::FromTable(MakeRows(1000 * (writer + 1) + commit * 10, 10)), table);
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  const DeltaSnapshot snapshot = ReadDeltaSnapshot(table);
  EXPECT_EQ(snapshot.version, 12);
  EXPECT_EQ(snapshot.checkpoint_version, 10);
  std::vector<int64_t> expected = Range(0, 10);
  for (int writer = 0; writer < 3; ++writer)
    expected = Concat(expected, Range(1000 * (writer + 1), 40));
  EXPECT_EQ(Ids(ScanDelta(table).Collect()), expected);
  EXPECT_EQ(Ids(ScanDelta(table, AsOf(0)).Collect()), Range(0, 10));
  EXPECT_TRUE(FileSystemFor(table).Exists(table + "/_delta_log/_last_checkpoint"));
}

}  // namespace
}  // namespace berserkr

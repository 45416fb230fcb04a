// Reading Delta checkpoints written by another engine (DuckDB, with real Parquet MAP columns).

#include <gtest/gtest.h>

#include <filesystem>

#include "berserkr/lake/delta_log.h"
#include "test_util.h"

namespace berserkr {
namespace {

using testing_util::TempDir;

std::string FixtureUnavailable() {
  if (!testing_util::HaveCommand("node")) return "node is not installed";
  if (!std::filesystem::exists(std::string(BERSERKR_SOURCE_DIR) +
                               "/tests/oracle/node_modules/@duckdb/node-api")) {
    return "tests/oracle/node_modules is missing: run scripts/install-deps.sh";
  }
  return "";
}

TEST(DeltaCheckpointTest, ReadsACheckpointDuckDbWroteThenLaterCommits) {
  if (const std::string reason = FixtureUnavailable(); !reason.empty()) GTEST_SKIP() << reason;
  TempDir dir;
  const std::string table = dir.File("t");
  std::filesystem::create_directories(table + "/_delta_log");
  const std::string checkpoint = table + "/_delta_log/00000000000000000010.checkpoint.parquet";
  const std::string command = "node '" + std::string(BERSERKR_SOURCE_DIR) +
                              "/tests/oracle/delta_checkpoint_fixture.mjs' '" + checkpoint + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  // Versions 0-9 are gone (log cleanup); 11 follows the checkpoint.
  testing_util::WriteFile(
      DeltaCommitLocation(table, 11),
      R"({"remove":{"path":"day=2/c.parquet","deletionTimestamp":1700000000001,"dataChange":true}})"
      "\n"
      R"({"add":{"path":"day=3/d.parquet","partitionValues":{"day":"3"},"size":5,"modificationTime":1,"dataChange":true}})"
      "\n");

  const DeltaSnapshot snapshot = ReadDeltaSnapshot(table);
  EXPECT_EQ(snapshot.version, 11);
  EXPECT_EQ(snapshot.checkpoint_version, 10);
  EXPECT_EQ(snapshot.metadata.partition_columns, std::vector<std::string>{"day"});
  EXPECT_EQ(snapshot.metadata.configuration.at("delta.appendOnly"), "false");
  EXPECT_EQ(snapshot.schema->ToString(),
            Schema({Field{"id", DataType::Int64()}, Field{"day", DataType::String()}}).ToString());
  ASSERT_EQ(snapshot.files.size(), 3u);
  EXPECT_EQ(snapshot.files[0].path, "day=1/a b.parquet");
  EXPECT_EQ(snapshot.files[0].partition_values.at("day"), "1");
  EXPECT_EQ(snapshot.files[0].size, 100);
  EXPECT_EQ(snapshot.files[0].stats, R"({"numRecords":2})");
  EXPECT_EQ(snapshot.files[0].tags.at("source"), "day=1/a%20b.parquet");
  EXPECT_EQ(snapshot.files[1].path, "day=3/d.parquet");
  EXPECT_EQ(snapshot.files[2].path, "day=__HIVE_DEFAULT_PARTITION__/n.parquet");
  EXPECT_EQ(snapshot.files[2].partition_values.at("day"), std::nullopt);
  ASSERT_EQ(snapshot.tombstones.size(), 2u);
  EXPECT_EQ(snapshot.tombstones[0].path, "day=1/old.parquet");
  EXPECT_EQ(snapshot.tombstones[1].path, "day=2/c.parquet");
  EXPECT_EQ(snapshot.transactions.at("ingest").version, 3);
  EXPECT_EQ(snapshot.num_records(), 4);

  EXPECT_EQ(ReadDeltaSnapshot(table, 10).files.size(), 3u);
  try {
    ReadDeltaSnapshot(table, 5);
    FAIL() << "version 5 is gone";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("no version 5 (versions 10 to 11)"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace berserkr

// The Delta log on its own: replay, time travel, protocol refusals, commits and their conflicts
// (threads and real processes), history, vacuum, file skipping. Commits are crafted by hand so the
// log is tested without the Parquet writer.

#include "berserkr/lake/delta_log.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <thread>

#include "berserkr/lake/delta_files.h"
#include "berserkr/types/column_builder.h"
#include "berserkr/types/temporal.h"
#include "lake/delta_internal.h"
#include "test_util.h"

namespace berserkr {
namespace {

using testing_util::TempDir;
using testing_util::WriteFile;

constexpr const char* kProtocol = R"({"protocol":{"minReaderVersion":1,"minWriterVersion":2}})";
const std::string kSchema =
    R"({"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{}},)"
    R"({"name":"name","type":"string","nullable":true,"metadata":{}},)"
    R"({"name":"day","type":"date","nullable":true,"metadata":{}}]})";

std::string Metadata(const std::string& partition_columns = "[]",
                     const std::string& configuration = "{}") {
  std::string escaped;
  for (char c : kSchema) {
    if (c == '"') escaped += '\\';
    escaped += c;
  }
  return R"({"metaData":{"id":"5fba94ed-9794-4965-ba6e-6ee3c0d22af9","format":{"provider":"parquet","options":{}},"schemaString":")" +
         escaped + R"(","partitionColumns":)" + partition_columns + R"(,"configuration":)" +
         configuration + R"(,"createdTime":1700000000000}})";
}

std::string Add(const std::string& path, const std::string& partition_values = "{}",
                const std::string& stats = "") {
  std::string escaped;
  for (char c : stats) {
    if (c == '"') escaped += '\\';
    escaped += c;
  }
  return R"({"add":{"path":")" + path + R"(","partitionValues":)" + partition_values +
         R"(,"size":100,"modificationTime":1700000000000,"dataChange":true)" +
         (stats.empty() ? "" : R"(,"stats":")" + escaped + "\"") + "}}";
}

std::string Remove(const std::string& path, int64_t deletion_timestamp = 1700000000000) {
  return R"({"remove":{"path":")" + path + R"(","deletionTimestamp":)" +
         std::to_string(deletion_timestamp) + R"(,"dataChange":true}})";
}

void WriteCommit(const std::string& table, int64_t version, const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  WriteFile(DeltaCommitLocation(table, version), text);
}

std::vector<std::string> Paths(const DeltaSnapshot& snapshot) {
  std::vector<std::string> paths;
  for (const DeltaAddFile& file : snapshot.files) paths.push_back(file.path);
  return paths;
}

std::string ErrorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "";
}

TEST(DeltaLogTest, ReplaysCommitsAndTravelsInTime) {
  TempDir dir;
  const std::string table = dir.File("t");
  WriteCommit(table, 0, {kProtocol, Metadata(), Add("a.parquet")});
  WriteCommit(table, 1, {Add("b%20c.parquet")});
  WriteCommit(table, 2,
              {Remove("a.parquet"), Add("d.parquet"),
               R"({"txn":{"appId":"ingest","version":7,"lastUpdated":1}})",
               R"({"commitInfo":{"timestamp":1700000000001,"operation":"WRITE"}})",
               R"({"someFutureAction":{"x":1}})"});

  const DeltaSnapshot latest = ReadDeltaSnapshot(table);
  EXPECT_EQ(latest.version, 2);
  EXPECT_EQ(Paths(latest), (std::vector<std::string>{"b c.parquet", "d.parquet"}));
  ASSERT_EQ(latest.tombstones.size(), 1u);
  EXPECT_EQ(latest.tombstones[0].path, "a.parquet");
  EXPECT_EQ(latest.transactions.at("ingest").version, 7);
  EXPECT_EQ(latest.schema->ToString(), ParseDeltaSchema(kSchema).ToString());
  EXPECT_EQ(latest.FileLocation("d.parquet"), table + "/d.parquet");

  const DeltaSnapshot first = ReadDeltaSnapshot(table, 0);
  EXPECT_EQ(Paths(first), (std::vector<std::string>{"a.parquet"}));
  EXPECT_EQ(Paths(ReadDeltaSnapshot(table, 1)),
            (std::vector<std::string>{"a.parquet", "b c.parquet"}));

  EXPECT_NE(ErrorOf([&] { ReadDeltaSnapshot(table, 3); }).find("no version 3 (versions 0 to 2)"),
            std::string::npos);
  EXPECT_NE(ErrorOf([&] { ReadDeltaSnapshot(dir.File("nothing")); }).find("not a Delta table"),
            std::string::npos);

  const std::vector<DeltaHistoryEntry> history = ReadDeltaHistory(table);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].version, 2);
  EXPECT_EQ(history[0].operation, "WRITE");
  EXPECT_EQ(history[0].files_added, 1);
  EXPECT_EQ(history[0].files_removed, 1);
}

TEST(DeltaLogTest, MissingAndMalformedCommitsAreNamed) {
  TempDir dir;
  const std::string table = dir.File("t");
  WriteCommit(table, 0, {kProtocol, Metadata()});
  WriteCommit(table, 2, {Add("x.parquet")});
  EXPECT_NE(ErrorOf([&] { ReadDeltaSnapshot(table); }).find("missing version 1"),
            std::string::npos);
  WriteCommit(table, 1, {"{not json"});
  const std::string error = ErrorOf([&] { ReadDeltaSnapshot(table); });
  EXPECT_NE(error.find("00000000000000000001.json:1: not valid JSON"), std::string::npos) << error;
}

TEST(DeltaLogTest, RefusesFeaturesItLacksNamingThem) {
  struct Case {
    std::string protocol;
    std::string configuration;
    std::string reading;  // expected in the read error ("" = readable)
    std::string writing;  // expected in the write check's error
  };
  const std::vector<Case> cases = {
      {R"({"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["deletionVectors"],"writerFeatures":["deletionVectors"]}})",
       "{}", "reader feature deletionVectors", ""},
      {R"({"protocol":{"minReaderVersion":2,"minWriterVersion":5}})", "{}", "columnMapping", ""},
      {R"({"protocol":{"minReaderVersion":1,"minWriterVersion":2}})",
       R"({"delta.columnMapping.mode":"name"})", "columnMapping", ""},
      {R"({"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["v2Checkpoint","timestampNtz"],"writerFeatures":[]}})",
       "{}", "reader feature v2Checkpoint", ""},
      {R"({"protocol":{"minReaderVersion":1,"minWriterVersion":4}})", "{}", "",
       "changeDataFeed and generatedColumns (writer version 4)"},
      {R"({"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":[],"writerFeatures":["appendOnly","rowTracking"]}})",
       "{}", "", "writer feature rowTracking"},
      {R"({"protocol":{"minReaderVersion":1,"minWriterVersion":2}})", "{}", "", ""},
  };
  for (const Case& test : cases) {
    TempDir dir;
    const std::string table = dir.File("t");
    WriteCommit(table, 0, {test.protocol, Metadata("[]", test.configuration)});
    const std::string read_error = ErrorOf([&] { ReadDeltaSnapshot(table); });
    if (test.reading.empty()) {
      EXPECT_EQ(read_error, "") << test.protocol;
      const DeltaSnapshot snapshot = ReadDeltaSnapshot(table);
      const std::string write_error =
          ErrorOf([&] { CheckDeltaProtocol(snapshot.protocol, snapshot.metadata, true, table); });
      if (test.writing.empty()) {
        EXPECT_EQ(write_error, "");
      } else {
        EXPECT_NE(write_error.find("not supported: writing"), std::string::npos) << write_error;
        EXPECT_NE(write_error.find(test.writing), std::string::npos) << write_error;
      }
    } else {
      EXPECT_NE(read_error.find("not supported: "), std::string::npos) << read_error;
      EXPECT_NE(read_error.find(test.reading), std::string::npos) << read_error;
    }
  }
  {
    // Invariants: readable, but a writer would have to enforce them.
    TempDir dir;
    const std::string table = dir.File("t");
    DeltaMetadata metadata;
    metadata.id = "x";
    metadata.schema_string =
        R"({"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{"delta.invariants":"{\"expression\":{\"expression\":\"id > 0\"}}"}}]})";
    DeltaCommit create;
    create.protocol = DeltaProtocol{};
    create.metadata = metadata;
    CommitDelta(table, -1, create);
    const DeltaSnapshot snapshot = ReadDeltaSnapshot(table);
    const std::string error =
        ErrorOf([&] { CheckDeltaProtocol(snapshot.protocol, snapshot.metadata, true, table); });
    EXPECT_NE(error.find("not supported: writing a table with column invariants"),
              std::string::npos)
        << error;
  }
  // A file with a deletion vector in a table that forgot the protocol bump.
  TempDir dir;
  const std::string table = dir.File("t");
  WriteCommit(
      table, 0,
      {kProtocol, Metadata(),
       R"({"add":{"path":"a.parquet","partitionValues":{},"size":1,"modificationTime":1,"dataChange":true,"deletionVector":{"storageType":"u","pathOrInlineDv":"x","offset":1,"sizeInBytes":36,"cardinality":2}}})"});
  EXPECT_NE(ErrorOf([&] { ReadDeltaSnapshot(table); }).find("not supported: deletionVectors"),
            std::string::npos);
}

DeltaCommit CreateCommit(const std::vector<std::string>& partition_columns = {}) {
  DeltaCommit commit;
  commit.operation = "CREATE TABLE";
  commit.protocol = DeltaProtocol{};
  DeltaMetadata metadata;
  metadata.id = delta_internal::NewUuid();
  metadata.schema_string = kSchema;
  metadata.partition_columns = partition_columns;
  commit.metadata = metadata;
  return commit;
}

DeltaCommit AppendCommit(const std::string& path, const DeltaPartitionValues& values = {}) {
  DeltaCommit commit;
  DeltaAddFile add;
  add.path = path;
  add.partition_values = values;
  add.size = 10;
  add.tags = {{"source", path}};
  commit.adds.push_back(add);
  return commit;
}

TEST(DeltaLogTest, CommitsWriteTheProtocolsJsonAndRoundTrip) {
  TempDir dir;
  const std::string table = dir.File("t");
  EXPECT_EQ(CommitDelta(table, -1, CreateCommit({"day"})), 0);
  EXPECT_EQ(
      CommitDelta(table, 0, AppendCommit("day=2024-01-01/a b.parquet", {{"day", "2024-01-01"}})),
      1);
  const std::string text =
      testing_util::ReadFileText(table + "/_delta_log/00000000000000000001.json");
  EXPECT_NE(
      text.find(R"("path":"day=2024-01-01/a%20b.parquet","partitionValues":{"day":"2024-01-01"})"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find(R"("tags":{"source":"day=2024-01-01/a b.parquet"})"), std::string::npos);
  EXPECT_NE(text.find(R"("commitInfo":{"timestamp":)"), std::string::npos);
  EXPECT_NE(text.find(R"("readVersion":0)"), std::string::npos);
  const std::string created =
      testing_util::ReadFileText(table + "/_delta_log/00000000000000000000.json");
  EXPECT_NE(created.find(R"({"protocol":{"minReaderVersion":1,"minWriterVersion":2}})"),
            std::string::npos);
  EXPECT_NE(created.find(R"("format":{"provider":"parquet","options":{}})"), std::string::npos);
  EXPECT_NE(created.find(R"("partitionColumns":["day"])"), std::string::npos);

  const DeltaSnapshot snapshot = ReadDeltaSnapshot(table);
  ASSERT_EQ(snapshot.files.size(), 1u);
  EXPECT_EQ(snapshot.files[0].path, "day=2024-01-01/a b.parquet");
  EXPECT_EQ(snapshot.files[0].tags.at("source"), "day=2024-01-01/a b.parquet");
}

TEST(DeltaLogTest, LosersOfARaceRetryOrConflict) {
  TempDir dir;
  const std::string table = dir.File("t");
  CommitDelta(table, -1, CreateCommit({"day"}));
  const DeltaPartitionValues day1 = {{"day", "2024-01-01"}};
  const DeltaPartitionValues day2 = {{"day", "2024-01-02"}};
  // Two blind appends read version 0: both commit.
  EXPECT_EQ(CommitDelta(table, 0, AppendCommit("a", day1)), 1);
  EXPECT_EQ(CommitDelta(table, 0, AppendCommit("b", day2)), 2);

  // A replace-where of day 1 that read version 2, while version 3 appended to day 2: fine.
  EXPECT_EQ(CommitDelta(table, 2, AppendCommit("c", day2)), 3);
  DeltaCommit replace = AppendCommit("a2", day1);
  replace.removes.push_back(DeltaRemoveFile{"a", std::nullopt, true, true, day1, 10});
  DeltaCommitOptions replace_options;
  replace_options.read_scope.kind = DeltaReadScope::Kind::kPartitions;
  replace_options.read_scope.partition_filter = day1;
  EXPECT_EQ(CommitDelta(table, 2, replace, replace_options), 4);

  // ... but not when a concurrent commit added to day 1.
  EXPECT_EQ(CommitDelta(table, 4, AppendCommit("d", day1)), 5);
  DeltaCommit replace_again = AppendCommit("a3", day1);
  replace_again.removes.push_back(DeltaRemoveFile{"a2", std::nullopt, true, true, day1, 10});
  const std::string error = ErrorOf([&] { CommitDelta(table, 4, replace_again, replace_options); });
  EXPECT_NE(error.find("concurrent commit 5 added d to data this write replaces"),
            std::string::npos)
      << error;
  EXPECT_EQ(ReadDeltaSnapshot(table).version, 5);  // the failed write left nothing

  // An overwrite conflicts with any concurrent append; a schema change conflicts with anything.
  DeltaCommitOptions overwrite;
  overwrite.read_scope.kind = DeltaReadScope::Kind::kEverything;
  EXPECT_THROW(CommitDelta(table, 4, AppendCommit("e", day2), overwrite), DeltaConflict);
  DeltaCommit schema_change;
  schema_change.metadata = CreateCommit({"day"}).metadata;
  EXPECT_EQ(CommitDelta(table, 5, schema_change), 6);
  EXPECT_THROW(CommitDelta(table, 5, AppendCommit("f", day2)), DeltaConflict);
  // Two removals of one file: the second conflicts.
  DeltaCommit remove_d;
  remove_d.removes.push_back(DeltaRemoveFile{"d", std::nullopt, true, true, day1, 10});
  EXPECT_EQ(CommitDelta(table, 6, remove_d), 7);
  EXPECT_THROW(CommitDelta(table, 6, remove_d), DeltaConflict);
  EXPECT_EQ(ReadDeltaSnapshot(table).version, 7);
}

TEST(DeltaLogTest, ConcurrentCreatorsOfTheSameTableBothAppend) {
  TempDir dir;
  const std::string table = dir.File("t");
  DeltaCommit first = CreateCommit();
  first.adds = AppendCommit("a").adds;
  DeltaCommit second = CreateCommit();
  second.adds = AppendCommit("b").adds;
  EXPECT_EQ(CommitDelta(table, -1, first), 0);
  EXPECT_EQ(CommitDelta(table, -1, second), 1);
  EXPECT_EQ(Paths(ReadDeltaSnapshot(table)), (std::vector<std::string>{"a", "b"}));
  // Another schema: a conflict, not a silent append.
  DeltaCommit other = CreateCommit({"day"});
  EXPECT_THROW(CommitDelta(table, -1, other), DeltaConflict);
}

TEST(DeltaLogTest, ThreadsAppendingAtOnceLoseNothing) {
  TempDir dir;
  const std::string table = dir.File("t");
  CommitDelta(table, -1, CreateCommit());
  constexpr int kThreads = 6;
  constexpr int kCommits = 15;
  std::vector<std::thread> threads;
  for (int thread = 0; thread < kThreads; ++thread) {
    threads.emplace_back([&, thread] {
      for (int commit = 0; commit < kCommits; ++commit) {
        // A stale read version on purpose: every commit after the first must retry.
        CommitDelta(table, 0,
                    AppendCommit("t" + std::to_string(thread) + "-" + std::to_string(commit)));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const DeltaSnapshot snapshot = ReadDeltaSnapshot(table);
  EXPECT_EQ(snapshot.version, kThreads * kCommits);
  EXPECT_EQ(snapshot.files.size(), static_cast<size_t>(kThreads * kCommits));
}

// Run as a separate process by the test below (never on its own: it needs the environment).
TEST(DeltaLogProcessHelper, AppendCommits) {
  const char* table = std::getenv("BERSERKR_DELTA_HELPER_TABLE");
  const char* count = std::getenv("BERSERKR_DELTA_HELPER_COMMITS");
  if (table == nullptr || count == nullptr) GTEST_SKIP() << "a helper of the process test";
  for (int commit = 0; commit < std::atoi(count); ++commit) {
    const DeltaSnapshot snapshot = ReadDeltaSnapshot(table);
    CommitDelta(table, snapshot.version,
                AppendCommit("p" + std::to_string(::getpid()) + "-" + std::to_string(commit)));
  }
}

TEST(DeltaLogTest, ProcessesAppendingAtOnceLoseNothing) {
  TempDir dir;
  const std::string table = dir.File("t");
  CommitDelta(table, -1, CreateCommit());
  constexpr int kProcesses = 4;
  constexpr int kCommits = 20;
  std::vector<pid_t> children;
  for (int process = 0; process < kProcesses; ++process) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::setenv("BERSERKR_DELTA_HELPER_TABLE", table.c_str(), 1);
      ::setenv("BERSERKR_DELTA_HELPER_COMMITS", std::to_string(kCommits).c_str(), 1);
      ::execl("/proc/self/exe", "berserkr_tests",
              "--gtest_filter=DeltaLogProcessHelper.AppendCommits", static_cast<char*>(nullptr));
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
  EXPECT_EQ(snapshot.version, kProcesses * kCommits);
  EXPECT_EQ(snapshot.files.size(), static_cast<size_t>(kProcesses * kCommits));
  // Every commit file is whole: one add and one commitInfo.
  for (int64_t version = 1; version <= snapshot.version; ++version) {
    const std::string text = testing_util::ReadFileText(DeltaCommitLocation(table, version));
    EXPECT_EQ(delta_internal::ParseDeltaActions(text, "commit").adds.size(), 1u) << version;
  }
  // No temporary files left behind in the log.
  for (const auto& entry : std::filesystem::directory_iterator(table + "/_delta_log")) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos);
  }
}

TEST(DeltaLogTest, VacuumDeletesOnlyExpiredFiles) {
  TempDir dir;
  const std::string table = dir.File("t");
  const int64_t now = delta_internal::NowMilliseconds();
  WriteCommit(
      table, 0,
      {kProtocol, Metadata(), Add("live.parquet"), Add("old.parquet"), Add("recent.parquet")});
  WriteCommit(
      table, 1,
      {Remove("old.parquet", now - 200 * 3600'000LL), Remove("recent.parquet", now - 3600'000LL)});
  for (const char* name :
       {"live.parquet", "old.parquet", "recent.parquet", "_hidden/x.parquet", ".crc-file"}) {
    WriteFile(table + "/" + name, "data");
  }
  EXPECT_THROW(VacuumDelta(table, 1), InvalidInput);
  const VacuumResult dry = VacuumDelta(table, 168, true);
  EXPECT_EQ(dry.deleted, (std::vector<std::string>{table + "/old.parquet"}));
  EXPECT_TRUE(std::filesystem::exists(table + "/old.parquet"));
  const VacuumResult done = VacuumDelta(table);
  EXPECT_EQ(done.deleted, (std::vector<std::string>{table + "/old.parquet"}));
  EXPECT_EQ(done.bytes, 4);
  EXPECT_FALSE(std::filesystem::exists(table + "/old.parquet"));
  EXPECT_TRUE(std::filesystem::exists(table + "/recent.parquet"));
  EXPECT_TRUE(std::filesystem::exists(table + "/live.parquet"));
  EXPECT_TRUE(std::filesystem::exists(table + "/_hidden/x.parquet"));
  // A short retention, allowed: the recent tombstone and the fresh orphan go too... after 0 hours.
  WriteFile(table + "/orphan.parquet", "data");
  const VacuumResult all = VacuumDelta(table, 0, false, true);
  EXPECT_EQ(all.deleted,
            (std::vector<std::string>{table + "/orphan.parquet", table + "/recent.parquet"}));
  EXPECT_TRUE(std::filesystem::exists(table + "/live.parquet"));
}

ColumnPtr Literal(int64_t value) {
  FixedWidthBuilder<int64_t> builder(DataType::Int64());
  builder.Append(value);
  return builder.Finish();
}

ColumnPtr DateLiteral(const std::string& text) {
  FixedWidthBuilder<int32_t> builder(DataType::Date());
  builder.Append(*ParseDate(text));
  return builder.Finish();
}

TEST(DeltaLogTest, PartitionValuesAndStatsSkipFiles) {
  TempDir dir;
  const std::string table = dir.File("t");
  WriteCommit(
      table, 0,
      {kProtocol, Metadata(R"(["day"])"),
       Add("day=2024-01-01/a", R"({"day":"2024-01-01"})",
           R"({"numRecords":3,"minValues":{"id":1,"name":"a"},"maxValues":{"id":10,"name":"c"},"nullCount":{"id":0,"name":0}})"),
       Add("day=2024-01-02/b", R"({"day":"2024-01-02"})",
           R"({"numRecords":3,"minValues":{"id":11,"name":"d"},"maxValues":{"id":20,"name":"f"},"nullCount":{"id":0,"name":3}})"),
       Add("day=__HIVE_DEFAULT_PARTITION__/c", R"({"day":null})", ""),
       Add("day=2024-01-03/d", R"({"day":"2024-01-03"})",
           R"({"numRecords":2,"minValues":{},"maxValues":{},"nullCount":{"id":2}})")});
  const DeltaSnapshot snapshot = ReadDeltaSnapshot(table);
  using Op = ParquetPredicate::Op;
  auto selected = [&](std::vector<ParquetPredicate> predicates) {
    std::vector<std::string> paths;
    for (const DeltaAddFile& file : SelectDeltaFiles(snapshot, predicates)) {
      paths.push_back(file.path);
    }
    return paths;
  };
  using Paths = std::vector<std::string>;
  EXPECT_EQ(selected({{"id", Op::kEqual, Literal(15)}}),
            (Paths{"day=2024-01-02/b", "day=__HIVE_DEFAULT_PARTITION__/c"}));
  EXPECT_EQ(selected({{"id", Op::kLess, Literal(11)}}),
            (Paths{"day=2024-01-01/a", "day=__HIVE_DEFAULT_PARTITION__/c"}));
  EXPECT_EQ(selected({{"id", Op::kGreaterEqual, Literal(20)}}),
            (Paths{"day=2024-01-02/b", "day=__HIVE_DEFAULT_PARTITION__/c"}));
  EXPECT_EQ(selected({{"day", Op::kEqual, DateLiteral("2024-01-02")}}),
            (Paths{"day=2024-01-02/b"}));
  EXPECT_EQ(selected({{"day", Op::kIsNull, nullptr}}), (Paths{"day=__HIVE_DEFAULT_PARTITION__/c"}));
  EXPECT_EQ(selected({{"name", Op::kIsNotNull, nullptr}}),
            (Paths{"day=2024-01-01/a", "day=2024-01-03/d", "day=__HIVE_DEFAULT_PARTITION__/c"}));
  EXPECT_EQ(selected({{"day", Op::kGreater, DateLiteral("2024-01-01")},
                      {"id", Op::kLessEqual, Literal(12)}}),
            (Paths{"day=2024-01-02/b"}));
  EXPECT_THROW(selected({{"nope", Op::kIsNull, nullptr}}), InvalidInput);
}

TEST(DeltaLogTest, PathsArePercentEscapedInTheLogAndHiveEscapedOnDisk) {
  EXPECT_EQ(delta_internal::EscapeLogPath("a=x%3Ay/b c.parquet"), "a=x%253Ay/b%20c.parquet");
  EXPECT_EQ(delta_internal::EscapeLogPath("k=a+b,c/é:@.parquet"), "k=a+b,c/%C3%A9%3A@.parquet");
  EXPECT_EQ(delta_internal::UnescapeLogPath("a=x%253Ay/b%20c.parquet"), "a=x%3Ay/b c.parquet");
  EXPECT_THROW(delta_internal::UnescapeLogPath("bad%2"), InvalidInput);
  EXPECT_EQ(DeltaPartitionDirectory({"a", "b"}, {{"a", "x:y/z"}, {"b", std::nullopt}}),
            "a=x%3Ay%2Fz/b=__HIVE_DEFAULT_PARTITION__");
  EXPECT_EQ(DeltaPartitionDirectory({}, {}), "");
}

TEST(DeltaLogTest, SchemaRoundTripsThroughDeltaJson) {
  const Schema schema({Field{"i", DataType::Int32()}, Field{"l", DataType::Int64(), false},
                       Field{"d", DataType::Decimal(12, 2)}, Field{"t", DataType::Timestamp("UTC")},
                       Field{"s", DataType::Struct({Field{"x", DataType::Float64()}})},
                       Field{"a", DataType::List(DataType::String())}});
  const std::string text = DeltaSchemaString(schema);
  EXPECT_NE(text.find(R"({"name":"l","type":"long","nullable":false,"metadata":{}})"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"j("type":"decimal(12,2)")j"), std::string::npos);
  EXPECT_EQ(ParseDeltaSchema(text), schema);
  const std::string error = ErrorOf([] {
    ParseDeltaSchema(
        R"({"type":"struct","fields":[{"name":"n","type":"timestamp_ntz","nullable":true,"metadata":{}}]})");
  });
  EXPECT_NE(error.find("column \"n\": not supported: type timestamp_ntz"), std::string::npos)
      << error;
}

}  // namespace
}  // namespace berserkr

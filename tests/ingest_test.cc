// berserkr ingest: raw files into a Delta table once each, rejected rows into TABLE_rejected, and
// failed runs that leave the table as it was.

#include "berserkr/jobs/ingest.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "berserkr/common/error.h"
#include "berserkr/lake/delta_log.h"
#include "berserkr/plan/data_frame.h"
#include "test_util.h"

namespace berserkr {
namespace {

using testing_util::TempDir;
using testing_util::WriteFile;

int64_t CountRows(const std::string& table) { return ScanDelta(table).Collect().num_rows(); }

// Sum of the `qty` column of the table.
int64_t SumQuantity(const std::string& table) {
  const Table sum = ScanDelta(table).GroupBy({}).Agg({Sum(Col("qty")).As("total")}).Collect();
  return sum.CombinedColumn(0)->ValuesAs<int64_t>()[0];
}

TEST(IngestTest, EachSourceOnceAndReRunsChangeNothing) {
  TempDir dir;
  WriteFile(dir.File("in/day1.csv"), "invoice,qty\nA1,1\nA2,2\n");
  WriteFile(dir.File("in/day2.csv"), "invoice,qty\nB1,10\n");
  const std::string table = dir.File("lake/lines");
  std::filesystem::create_directories(dir.File("lake"));

  IngestResult first = Ingest({dir.File("in")}, table, {});
  EXPECT_EQ(first.ingested.size(), 2u);
  EXPECT_TRUE(first.skipped.empty());
  EXPECT_EQ(first.version, 0);
  EXPECT_EQ(CountRows(table), 3);
  EXPECT_EQ(SumQuantity(table), 13);
  // Each data file carries its source's identity.
  const DeltaSnapshot snapshot = ReadDeltaSnapshot(table);
  ASSERT_EQ(snapshot.files.size(), 2u);
  for (const DeltaAddFile& file : snapshot.files) {
    EXPECT_EQ(file.tags.at(kSourceSha256Tag).size(), 64u);
    EXPECT_NE(file.tags.at(kSourcePathTag).find("/in/day"), std::string::npos);
  }

  // The same batch again: nothing new, no new version.
  IngestResult again = Ingest({dir.File("in")}, table, {});
  EXPECT_TRUE(again.ingested.empty());
  EXPECT_EQ(again.skipped.size(), 2u);
  EXPECT_EQ(again.version, 0);
  EXPECT_EQ(CountRows(table), 3);

  // The next day, plus a copy of day 1 under another name: only day 3 is new.
  WriteFile(dir.File("in/day3.csv"), "invoice,qty\nC1,100\n");
  std::filesystem::copy_file(dir.File("in/day1.csv"), dir.File("in/day1-copy.csv"));
  IngestResult next = Ingest({dir.File("in")}, table, {});
  ASSERT_EQ(next.ingested.size(), 1u);
  EXPECT_NE(next.ingested[0].identity.location.find("day3.csv"), std::string::npos);
  EXPECT_EQ(next.ingested[0].rows, 1);
  EXPECT_EQ(next.skipped.size(), 3u);
  EXPECT_EQ(next.version, 1);
  EXPECT_EQ(SumQuantity(table), 113);

  // Overwrite replaces every row with all the sources', held or not.
  IngestOptions overwrite;
  overwrite.table.mode = DeltaWriteMode::kOverwrite;
  IngestResult replaced = Ingest({dir.File("in/day2.csv")}, table, overwrite);
  EXPECT_EQ(replaced.version, 2);
  EXPECT_EQ(SumQuantity(table), 10);
}

TEST(IngestTest, RejectedRowsGoToTheRejectedTableAndTheirFileIsNotReadAgain) {
  TempDir dir;
  const std::string table = dir.File("lines");
  WriteFile(dir.File("good.csv"), "invoice,qty\nA1,1\n");
  ASSERT_EQ(Ingest({dir.File("good.csv")}, table, {}).version, 0);  // qty is BIGINT now

  WriteFile(dir.File("bad.csv"), "invoice,qty\nB1,2\nB2,two\nB3,3\n");
  WriteFile(dir.File("worse.csv"), "invoice,qty\nC1,x\n");
  IngestOptions options;
  options.on_error = OnError::kQuarantine;
  const IngestResult result = Ingest({dir.File("bad.csv"), dir.File("worse.csv")}, table, options);
  EXPECT_EQ(result.rows_read, 4);
  EXPECT_EQ(result.rows_rejected, 2);
  EXPECT_EQ(result.version, 1);
  EXPECT_EQ(result.rejected_table, table + "_rejected");
  EXPECT_EQ(SumQuantity(table), 6);

  const Table rejected = ScanDelta(result.rejected_table)
                             .Sort({{"file"}})
                             .Select({{"file", Col("file")},
                                      {"line", Col("line")},
                                      {"column", Col("column")},
                                      {"record", Col("record")}})
                             .Collect();
  ASSERT_EQ(rejected.num_rows(), 2);
  EXPECT_NE(rejected.CombinedColumn(0)->FormatValue(0).find("bad.csv"), std::string::npos);
  EXPECT_EQ(rejected.CombinedColumn(1)->FormatValue(0), "3");
  EXPECT_EQ(rejected.CombinedColumn(2)->FormatValue(0), "qty");
  EXPECT_EQ(rejected.CombinedColumn(3)->FormatValue(0), "B2,two");
  EXPECT_NE(rejected.CombinedColumn(0)->FormatValue(1).find("worse.csv"), std::string::npos);

  // worse.csv gave no rows, but its rejection is recorded: a re-run reads neither file again.
  const IngestResult again = Ingest({dir.File("bad.csv"), dir.File("worse.csv")}, table, options);
  EXPECT_TRUE(again.ingested.empty());
  EXPECT_EQ(again.skipped.size(), 2u);
  EXPECT_EQ(CountRows(table + "_rejected"), 2);
}

TEST(IngestTest, AFailedRunLeavesTheTableAsItWas) {
  TempDir dir;
  const std::string table = dir.File("lines");
  WriteFile(dir.File("a.csv"), "invoice,qty\nA1,1\n");
  ASSERT_EQ(Ingest({dir.File("a.csv")}, table, {}).version, 0);
  const auto files_before = std::distance(std::filesystem::recursive_directory_iterator(table),
                                          std::filesystem::recursive_directory_iterator());

  // A bad value with --on-error=fail: the error names the file, line and column.
  WriteFile(dir.File("b.csv"), "invoice,qty\nB1,2\n");
  WriteFile(dir.File("c.csv"), "invoice,qty\nC1,3\nC2,three\n");
  try {
    Ingest({dir.File("b.csv"), dir.File("c.csv")}, table, {});
    FAIL() << "expected an error";
  } catch (const InvalidInput& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("c.csv"), std::string::npos) << message;
    EXPECT_NE(message.find("3"), std::string::npos) << message;
    EXPECT_NE(message.find("qty"), std::string::npos) << message;
  }
  // A column the table lacks is refused by name unless the schema may grow.
  WriteFile(dir.File("d.csv"), "invoice,qty,store\nD1,4,Oslo\n");
  try {
    Ingest({dir.File("d.csv")}, table, {});
    FAIL() << "expected an error";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("\"store\""), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("merge"), std::string::npos) << error.what();
  }
  EXPECT_EQ(ReadDeltaSnapshot(table).version, 0);
  EXPECT_EQ(SumQuantity(table), 1);
  EXPECT_EQ(std::distance(std::filesystem::recursive_directory_iterator(table),
                          std::filesystem::recursive_directory_iterator()),
            files_before);

  IngestOptions merge;
  merge.table.merge_schema = true;
  EXPECT_EQ(Ingest({dir.File("d.csv")}, table, merge).version, 1);
  EXPECT_EQ(ScanDelta(table).schema().num_fields(), 3);
}

TEST(IngestTest, CompressedSourcesPartitionsAndFormats) {
  TempDir dir;
  const std::string table = dir.File("lines");
  WriteFile(dir.File("raw/a.csv"), "invoice,qty,country\nA1,1,NO\nA2,2,SE\n");
  WriteFile(dir.File("raw/b.csv"), "invoice,qty,country\nB1,3,NO\n");
  for (const auto& [tool, extension] :
       std::vector<std::pair<std::string, std::string>>{{"gzip", ".gz"}, {"lzop", ".lzo"}}) {
    if (!testing_util::HaveCommand(tool)) GTEST_SKIP() << tool << " is not installed";
  }
  ASSERT_EQ(
      std::system(("gzip -c " + dir.File("raw/a.csv") + " > " + dir.File("a.csv.gz")).c_str()), 0);
  ASSERT_EQ(
      std::system(("lzop -c " + dir.File("raw/b.csv") + " > " + dir.File("b.csv.lzo")).c_str()), 0);
  IngestOptions options;
  options.table.partition_by = {"country"};
  const IngestResult result = Ingest({dir.File("a.csv.gz"), dir.File("b.csv.lzo")}, table, options);
  EXPECT_EQ(result.ingested.size(), 2u);
  EXPECT_TRUE(std::filesystem::exists(table + "/country=NO"));
  EXPECT_EQ(SumQuantity(table), 6);
  // a.csv.gz made two files (NO, SE), both tagged with it.
  int from_a = 0;
  for (const DeltaAddFile& file : ReadDeltaSnapshot(table).files) {
    from_a += file.tags.at(kSourcePathTag).find("a.csv.gz") != std::string::npos;
  }
  EXPECT_EQ(from_a, 2);

  WriteFile(dir.File("c.jsonl"), "{\"invoice\":\"C1\",\"qty\":4,\"country\":\"DK\"}\n");
  EXPECT_EQ(Ingest({dir.File("c.jsonl")}, table, {}).version, 1);
  EXPECT_EQ(SumQuantity(table), 10);
  try {
    Ingest({dir.File("a.csv.gz"), dir.File("c.jsonl")}, dir.File("other"), {});
    FAIL() << "expected an error for mixed formats";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("a run of its own"), std::string::npos);
  }
}

}  // namespace
}  // namespace berserkr

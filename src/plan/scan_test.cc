// DataFrame::ScanCsv: a lazy, streaming scan must give what the eager reader gives, convert only
// the columns used, and account for every row.

#include <gtest/gtest.h>

#include <string>

#include "berserkr/common/error.h"
#include "berserkr/formats/csv_reader.h"
#include "berserkr/plan/data_frame.h"
#include "test_util.h"

namespace berserkr {
namespace {

// About 6 MB: more than one segment and chunk, so batches come from several threads.
std::string MakeCsv(int rows, const std::string& last_line = "") {
  std::string text = "id,name,amount,note\n";
  for (int row = 0; row < rows; ++row) {
    text += std::to_string(row) + ",name" + std::to_string(row % 97) + "," +
            std::to_string(row % 1000) + ".25,\"a note, with a comma " + std::to_string(row) +
            "\"\n";
  }
  return text + last_line;
}

std::string Rows(const Table& table) {
  std::vector<ColumnPtr> columns;
  for (int column = 0; column < table.num_columns(); ++column) {
    columns.push_back(table.CombinedColumn(column));
  }
  std::string text;
  for (int64_t row = 0; row < table.num_rows(); ++row) {
    for (const ColumnPtr& column : columns) text += column->FormatValue(row) + ",";
    text += "\n";
  }
  return text;
}

TEST(ScanCsvTest, StreamsTheSameRowsAsTheEagerReaderInFileOrder) {
  testing_util::TempDir directory;
  const std::string path = directory.File("sales.csv");
  testing_util::WriteFile(path, MakeCsv(150000));
  ReadStats stats;
  const Table scanned = DataFrame::ScanCsv({path}, {}, &stats).Collect();
  const Table read = ReadCsv({path}, {});
  EXPECT_EQ(scanned.schema()->ToString(), read.schema()->ToString());
  ASSERT_EQ(scanned.num_rows(), 150000);
  EXPECT_EQ(Rows(scanned), Rows(read));
  EXPECT_EQ(stats.rows_read, 150000);
  EXPECT_EQ(stats.rows_accepted, 150000);
}

TEST(ScanCsvTest, AggregatesAndConvertsOnlyTheColumnsUsed) {
  testing_util::TempDir directory;
  const std::string path = directory.File("sales.csv");
  testing_util::WriteFile(path, MakeCsv(120000));
  auto query = [](const DataFrame& frame) {
    return frame.Filter(Col("amount") > 500.0)
        .GroupBy({Col("name")})
        .Agg({Sum(Col("amount")).As("total"), CountStar().As("rows")})
        .Sort({{"name"}});
  };
  const DataFrame lazy = query(DataFrame::ScanCsv({path}));
  EXPECT_EQ(Rows(lazy.Collect()), Rows(query(DataFrame::FromTable(ReadCsv({path}, {}))).Collect()));
  const std::string plan = lazy.Explain();
  EXPECT_NE(plan.find("ScanCsv files=1 columns=[id, name, amount, note]"), std::string::npos)
      << plan;
  EXPECT_NE(plan.find("ScanCsv files=1 columns=[name, amount]"), std::string::npos) << plan;
  // count(*) alone still counts every row.
  const Table count = DataFrame::ScanCsv({path}).GroupBy({}).Agg({CountStar()}).Collect();
  EXPECT_EQ(count.CombinedColumn(0)->FormatValue(0), "120000");
}

TEST(ScanCsvTest, AValueThatDoesNotFitTheSampledTypeIsRejectedWithAHint) {
  testing_util::TempDir directory;
  const std::string path = directory.File("late.csv");
  testing_util::WriteFile(path, MakeCsv(30000, "x30000,name1,1.25,late\n"));
  try {
    DataFrame::ScanCsv({path}).Collect();
    FAIL() << "expected an error";
  } catch (const InvalidInput& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("late.csv:30002"), std::string::npos) << message;
    EXPECT_NE(message.find("give the column the type VARCHAR"), std::string::npos) << message;
  }
  CsvOptions options;
  options.on_error = OnError::kSkip;
  ReadStats stats;
  const Table table = DataFrame::ScanCsv({path}, options, &stats).Collect();
  EXPECT_EQ(table.num_rows(), 30000);
  EXPECT_EQ(stats.rows_read, 30001);
  EXPECT_EQ(stats.rows_rejected, 1);
  // Given the type, nothing is lost.
  options.on_error = OnError::kFail;
  options.column_types["id"] = DataType::String();
  EXPECT_EQ(DataFrame::ScanCsv({path}, options).Collect().num_rows(), 30001);
}

}  // namespace
}  // namespace berserkr

namespace berserkr {
namespace {

TEST(DataFrameWriteTest, WritesWhatCollectGivesAndNamesAnUnwritablePath) {
  testing_util::TempDir directory;
  const std::string path = directory.File("sales.csv");
  testing_util::WriteFile(path, MakeCsv(1000));
  const DataFrame query = DataFrame::ScanCsv({path})
                              .Filter(Col("amount") < 10.0)
                              .Select({{"id", Col("id")}, {"name", Col("name")}});
  const std::string written = directory.File("out.csv");
  query.WriteCsv(written);
  EXPECT_EQ(Rows(ReadCsv({written}, {})), Rows(query.Collect()));
  const std::string lines = directory.File("out.jsonl");
  query.WriteJsonLines(lines);
  EXPECT_EQ(Rows(DataFrame::ReadJson({lines}).Collect()), Rows(query.Collect()));
  try {
    query.WriteCsv(directory.File("missing/dir/out.csv"));
    FAIL() << "expected an error";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("missing/dir/out.csv"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace berserkr

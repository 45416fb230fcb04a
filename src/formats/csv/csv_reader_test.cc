#include "berserkr/formats/csv_reader.h"

#include <gtest/gtest.h>

#include <random>

#include "berserkr/common/error.h"
#include "test_util.h"

namespace berserkr {
namespace {

using testing_util::ReadFileText;
using testing_util::TempDir;
using testing_util::WriteFile;

Table ReadText(const TempDir& dir, const std::string& text, const CsvOptions& options = {},
               ReadStats* stats = nullptr) {
  const std::string path = dir.File("input.csv");
  WriteFile(path, text);
  return ReadCsv({path}, options, stats);
}

std::string Value(const Table& table, int column, int64_t row) {
  for (const Batch& batch : table.batches()) {
    if (row < batch.num_rows) return batch.columns[column]->FormatValue(row);
    row -= batch.num_rows;
  }
  return "<out of range>";
}

TEST(CsvReaderTest, Rfc4180QuotesNewlinesCrlfBomAndNoFinalNewline) {
  TempDir dir;
  const std::string text =
      "\xEF\xBB\xBF"
      "id,name,note\r\n"
      "1,\"Smith, John\",\"said \"\"hi\"\"\"\r\n"
      "2,plain,\"two\r\nlines\"\r\n"
      "3,\"\",\r\n"
      "4,last,no newline";
  Table table = ReadText(dir, text);
  ASSERT_EQ(table.num_rows(), 4);
  EXPECT_EQ(table.schema()->field(0).name, "id");
  EXPECT_EQ(table.schema()->field(0).type, DataType::Int64());
  EXPECT_EQ(Value(table, 1, 0), "Smith, John");
  EXPECT_EQ(Value(table, 2, 0), "said \"hi\"");
  EXPECT_EQ(Value(table, 2, 1), "two\r\nlines");
  EXPECT_EQ(Value(table, 1, 2), "");      // quoted empty: an empty string
  EXPECT_EQ(Value(table, 2, 2), "NULL");  // unquoted empty: NULL
  EXPECT_EQ(Value(table, 2, 3), "no newline");
}

TEST(CsvReaderTest, DetectsDelimiterAndHeader) {
  TempDir dir;
  Table semicolons = ReadText(dir, "a;b;c\n1;x;2.5\n2;y;3\n");
  EXPECT_EQ(semicolons.num_columns(), 3);
  EXPECT_EQ(semicolons.schema()->field(2).type, DataType::Float64());

  Table tabs = ReadText(dir, "1\tx\n2\ty\n");
  ASSERT_EQ(tabs.num_columns(), 2);
  EXPECT_EQ(tabs.num_rows(), 2);  // no header: the first line has a number where numbers are
  EXPECT_EQ(tabs.schema()->field(0).name, "column0");

  Table pipes = ReadText(dir, "name|city\nann|oslo\nbob|rome\n");
  EXPECT_EQ(pipes.num_rows(), 2);  // all text, distinct names: a header
  EXPECT_EQ(pipes.schema()->field(1).name, "city");

  CsvOptions no_header;
  no_header.header = false;
  Table forced = ReadText(dir, "name|city\nann|oslo\n", no_header);
  EXPECT_EQ(forced.num_rows(), 2);
}

TEST(CsvReaderTest, InfersTypesFromRetailAndIsoValues) {
  TempDir dir;
  const std::string text =
      "price,customer,when_uci,when_iso,when_offset,day,flag,zip,amount\n"
      ".79,17850.0,12/1/2010 8:26,2010-12-01 "
      "08:26:00,2018-10-01T13:54:59-04:00,2020-01-31,true,00501,-3\n"
      "2.55,,12/31/2011 "
      "23:59,2011-12-31T23:59:59.5,2018-10-01T18:00:00Z,2020-02-29,FALSE,10001,4\n";
  Table table = ReadText(dir, text);
  const Schema& schema = *table.schema();
  EXPECT_EQ(schema.field(0).type, DataType::Float64());
  EXPECT_EQ(schema.field(1).type, DataType::Float64());
  EXPECT_EQ(schema.field(2).type, DataType::Timestamp());
  EXPECT_EQ(schema.field(3).type, DataType::Timestamp());
  EXPECT_EQ(schema.field(4).type, DataType::Timestamp("UTC"));
  EXPECT_EQ(schema.field(5).type, DataType::Date());
  EXPECT_EQ(schema.field(6).type, DataType::Bool());
  EXPECT_EQ(schema.field(7).type, DataType::String());  // leading zeros stay text
  EXPECT_EQ(schema.field(8).type, DataType::Int64());
  EXPECT_EQ(Value(table, 0, 0), "0.79");
  EXPECT_EQ(Value(table, 1, 0), "17850");
  EXPECT_EQ(Value(table, 1, 1), "NULL");
  EXPECT_EQ(Value(table, 2, 0), "2010-12-01 08:26:00");
  EXPECT_EQ(Value(table, 3, 1), "2011-12-31 23:59:59.500000");
  EXPECT_EQ(Value(table, 4, 0), "2018-10-01 17:54:59+00");
  EXPECT_EQ(Value(table, 7, 0), "00501");
}

TEST(CsvReaderTest, TypeOverridesNullTokensAndIntegralDecimals) {
  TempDir dir;
  CsvOptions options;
  options.column_types["customer"] = DataType::Int64();
  options.column_types["price"] = DataType::Decimal(10, 2);
  options.null_values = {"", "NA"};
  Table table = ReadText(dir, "customer,price,name\n17850.0,2.555,NA\nNA,-1.5,x\n", options);
  EXPECT_EQ(table.schema()->field(0).type, DataType::Int64());
  EXPECT_EQ(Value(table, 0, 0), "17850");
  EXPECT_EQ(Value(table, 0, 1), "NULL");
  EXPECT_EQ(Value(table, 1, 0), "2.56");  // rounded half away from zero
  EXPECT_EQ(Value(table, 1, 1), "-1.50");
  EXPECT_EQ(Value(table, 2, 0), "NULL");

  // 38 digits fit DECIMAL(38,0); a 39th is an error, not an overflow.
  CsvOptions wide;
  wide.column_types["d"] = DataType::Decimal(38, 0);
  wide.on_error = OnError::kSkip;
  ReadStats wide_stats;
  Table wide_table = ReadText(
      dir, "d\n" + std::string(38, '9') + "\n" + std::string(39, '9') + "\n", wide, &wide_stats);
  EXPECT_EQ(Value(wide_table, 0, 0), std::string(38, '9'));
  EXPECT_EQ(wide_stats.rows_rejected, 1);

  options.column_types["missing"] = DataType::Int64();
  try {
    ReadText(dir, "customer,price\n1,2\n", options);
    FAIL() << "expected an error";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("'missing'"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("customer, price"), std::string::npos) << error.what();
  }
}

TEST(CsvReaderTest, LaterValuesWidenInferredColumnsInsteadOfFailing) {
  TempDir dir;
  std::string text = "id,value,code\n";
  for (int row = 0; row < 50'000; ++row)
    text += std::to_string(row) + "," + std::to_string(row) + ",7\n";
  text += "50000,3.5,7\n";
  text += "50001,4,C123\n";
  CsvOptions options;
  options.sample_rows = 100;
  ReadStats stats;
  Table table = ReadText(dir, text, options, &stats);
  EXPECT_EQ(table.num_rows(), 50'002);
  EXPECT_EQ(table.schema()->field(0).type, DataType::Int64());
  EXPECT_EQ(table.schema()->field(1).type, DataType::Float64());
  EXPECT_EQ(table.schema()->field(2).type, DataType::String());
  EXPECT_EQ(Value(table, 1, 50'000), "3.5");
  EXPECT_EQ(Value(table, 2, 50'001), "C123");
  EXPECT_EQ(stats.rows_rejected, 0);
}

TEST(CsvReaderTest, FailNamesFileLineColumnAndReason) {
  TempDir dir;
  const std::string path = dir.File("bad.csv");
  const auto expect_error = [&](const std::string& text, const std::string& expected,
                                CsvOptions options = {}) {
    WriteFile(path, text);
    try {
      ReadCsv({path}, options);
      ADD_FAILURE() << "expected an error for: " << text;
    } catch (const InvalidInput& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos)
          << "got: " << error.what();
    }
  };
  expect_error("a,b,c\n1,2,3\n4,5\n6,7,8\n", path + ":3: expected 3 fields, found 2");
  expect_error("a,b\n1,2\n3,\"open\n4,5\n", path + ":3: unterminated quoted field");
  expect_error("a,b\n1,\"x\"y\n", path + ":2: unexpected character after a closing quote");
  expect_error("a,b\n1,ok\n2,\xFF\xFE\n", path + ":3: column 'b': invalid UTF-8");
  expect_error("", "the file is empty");
  CsvOptions typed;
  typed.column_types["a"] = DataType::Int32();
  expect_error("a,b\n1,x\n99999999999,y\n",
               path + ":3: column 'a': cannot parse '99999999999' as INTEGER", typed);
}

TEST(CsvReaderTest, SkipAndQuarantineAccountForEveryRow) {
  TempDir dir;
  const std::string text = "a,b\n1,x\n2\n3,\"y\"z\n4,w\nnot_a_number,v\n5,\"\xC3\x28\"\n6,u\n";
  CsvOptions options;
  options.column_types["a"] = DataType::Int64();
  options.on_error = OnError::kSkip;
  ReadStats stats;
  Table skipped = ReadText(dir, text, options, &stats);
  EXPECT_EQ(skipped.num_rows(), 3);
  EXPECT_EQ(stats.rows_read, 7);
  EXPECT_EQ(stats.rows_accepted, 3);
  EXPECT_EQ(stats.rows_rejected, 4);
  EXPECT_EQ(Value(skipped, 0, 2), "6");
  EXPECT_EQ(Value(skipped, 1, 2), "u");

  options.on_error = OnError::kQuarantine;
  options.quarantine_path = dir.File("rejected.csv");
  Table quarantined = ReadText(dir, text, options, &stats);
  EXPECT_EQ(quarantined.num_rows(), 3);
  const std::string rejected = ReadFileText(options.quarantine_path);
  EXPECT_NE(rejected.find("file,line,column,reason,record\n"), std::string::npos);
  EXPECT_NE(rejected.find(",3,\"\",\"expected 2 fields, found 1\",\"2\""), std::string::npos)
      << rejected;
  EXPECT_NE(rejected.find(",6,\"a\",\"cannot parse 'not_a_number' as BIGINT\",\"not_a_number,v\""),
            std::string::npos)
      << rejected;
  EXPECT_NE(rejected.find("invalid UTF-8"), std::string::npos) << rejected;
  // Read the quarantine file back: it is a CSV like any other. Records keep their bytes exactly,
  // invalid UTF-8 included, so that column is read as binary.
  CsvOptions plain;
  plain.column_types["record"] = DataType::Binary();
  Table back = ReadCsv({options.quarantine_path}, plain);
  EXPECT_EQ(back.num_rows(), 4);
}

TEST(CsvReaderTest, ManyFilesAsOneTableWithFileNames) {
  TempDir dir;
  WriteFile(dir.File("days/2020-01-01.csv"), "k,v\na,1\nb,2\n");
  WriteFile(dir.File("days/2020-01-02.csv"), "k,v\nc,3\n");
  WriteFile(dir.File("days/_SUCCESS"), "");
  CsvOptions options;
  options.filename_column = "filename";
  Table table = ReadCsv({dir.File("days")}, options);
  ASSERT_EQ(table.num_rows(), 3);
  EXPECT_EQ(Value(table, 2, 2), dir.File("days/2020-01-02.csv"));
  Table globbed = ReadCsv({dir.File("days/*-02.csv")}, CsvOptions{});
  EXPECT_EQ(globbed.num_rows(), 1);

  WriteFile(dir.File("mixed/a.csv"), "k,v\na,1\n");
  WriteFile(dir.File("mixed/b.csv"), "k,w\na,1\n");
  EXPECT_THROW(ReadCsv({dir.File("mixed")}, CsvOptions{}), InvalidInput);
  EXPECT_THROW(ReadCsv({dir.File("nothing-here")}, CsvOptions{}), IoError);
}

// Large input with quoted line breaks everywhere: chunk guesses land inside quotes and must be
// corrected; the answer must not depend on where chunks fall.
TEST(CsvReaderTest, ParallelChunksRespectQuotedLineBreaks) {
  TempDir dir;
  std::mt19937_64 random(42);
  std::string text = "id,text,value\n";
  int64_t expected_sum = 0;
  const int rows = 600'000;
  for (int row = 0; row < rows; ++row) {
    const int value = static_cast<int>(random() % 1000);
    expected_sum += value;
    text += std::to_string(row) + ",";
    if (row % 3 == 0) {
      text += "\"line one\nline, two\n\"\"three\"\"\"";
    } else {
      text += "plain";
    }
    text += "," + std::to_string(value) + "\n";
  }
  ASSERT_GT(text.size(), 12u << 20);  // several 4 MiB chunks
  Table table = ReadText(dir, text);
  ASSERT_EQ(table.num_rows(), rows);
  int64_t sum = 0;
  int64_t next_id = 0;
  for (const Batch& batch : table.batches()) {
    const int64_t* ids = batch.columns[0]->ValuesAs<int64_t>();
    const int64_t* values = batch.columns[2]->ValuesAs<int64_t>();
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      ASSERT_EQ(ids[row], next_id++);
      sum += values[row];
      if (ids[row] % 3 == 0) {
        ASSERT_EQ(batch.columns[1]->GetString(row), "line one\nline, two\n\"three\"");
      }
    }
  }
  EXPECT_EQ(sum, expected_sum);
}

TEST(CsvReaderTest, ErrorLinesCountEmbeddedLineBreaksAcrossChunks) {
  TempDir dir;
  std::string text = "a,b\n";
  for (int row = 0; row < 300'000; ++row) text += std::to_string(row) + ",\"x\ny\"\n";
  text += "oops\n";
  const int64_t bad_line = 1 + 300'000 * 2 + 1;
  const std::string path = dir.File("lines.csv");
  WriteFile(path, text);
  try {
    ReadCsv({path}, CsvOptions{});
    FAIL();
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find(":" + std::to_string(bad_line) + ":"),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace berserkr

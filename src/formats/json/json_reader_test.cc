#include "berserkr/formats/json_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "berserkr/common/error.h"
#include "formats/json/json_reader_internal.h"
#include "test_util.h"

// The fuzz entry point itself, replayed on the saved fuzz inputs below.
#include "formats/json/json_reader_fuzz.cc"

namespace berserkr {
namespace {

using testing_util::HaveCommand;
using testing_util::ReadFileText;
using testing_util::TempDir;
using testing_util::WriteFile;

Table ReadText(const TempDir& dir, const std::string& text, const JsonOptions& options = {},
               ReadStats* stats = nullptr) {
  const std::string path = dir.File("input.jsonl");
  WriteFile(path, text);
  return ReadJson({path}, options, stats);
}

// The value at (column, row) of the table as text, across batches.
std::string Value(const Table& table, const std::string& path, int64_t row) {
  for (const Batch& batch : table.batches()) {
    if (row < batch.num_rows) return ResolveColumnPath(batch, path)->FormatValue(row);
    row -= batch.num_rows;
  }
  return "<out of range>";
}

DataType TypeOf(const Table& table, const std::string& name) {
  const auto index = table.schema()->FieldIndex(name);
  if (!index) return DataType::Null();
  return table.schema()->field(*index).type;
}

std::vector<std::string> FieldNames(const Table& table) {
  std::vector<std::string> names;
  for (const Field& field : table.schema()->fields()) names.push_back(field.name);
  return names;
}

// Expects `read` to throw InvalidInput whose message contains `expected`.
template <typename Read>
void ExpectInvalidInput(Read&& read, const std::string& expected) {
  try {
    read();
    ADD_FAILURE() << "expected an error containing: " << expected;
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find(expected), std::string::npos)
        << "got: " << error.what();
  }
}

TEST(JsonReaderTest, InfersScalarsAndWidensAcrossAllRecords) {
  TempDir dir;
  std::string text = R"({"id":1,"price":2,"code":5,"flag":true,"mixed_flag":true,"nothing":null})"
                     "\n";
  // Far past any sample size: the schema must still see the last record.
  for (int row = 2; row < 30'000; ++row) {
    text += "{\"id\":" + std::to_string(row) + ",\"price\":3,\"code\":7,\"flag\":false}\n";
  }
  text += R"({"id":30000,"price":2.5,"code":"C-1","flag":null,"mixed_flag":1,"late":"x"})";
  Table table = ReadText(dir, text);
  ASSERT_EQ(table.num_rows(), 30'000);
  EXPECT_EQ(FieldNames(table), (std::vector<std::string>{"id", "price", "code", "flag",
                                                         "mixed_flag", "nothing", "late"}));
  EXPECT_EQ(TypeOf(table, "id"), DataType::Int64());
  EXPECT_EQ(TypeOf(table, "price"), DataType::Float64());
  EXPECT_EQ(TypeOf(table, "code"), DataType::String());
  EXPECT_EQ(TypeOf(table, "flag"), DataType::Bool());
  EXPECT_EQ(TypeOf(table, "mixed_flag"), DataType::String());
  EXPECT_EQ(TypeOf(table, "nothing"), DataType::String());
  EXPECT_EQ(TypeOf(table, "late"), DataType::String());
  EXPECT_EQ(Value(table, "price", 0), "2");
  EXPECT_EQ(Value(table, "price", 29'999), "2.5");
  EXPECT_EQ(Value(table, "code", 0), "5");  // a number's JSON text
  EXPECT_EQ(Value(table, "code", 29'999), "C-1");
  EXPECT_EQ(Value(table, "flag", 1), "false");
  EXPECT_EQ(Value(table, "flag", 29'999), "NULL");
  EXPECT_EQ(Value(table, "mixed_flag", 0), "true");
  EXPECT_EQ(Value(table, "mixed_flag", 1), "NULL");  // absent
  EXPECT_EQ(Value(table, "mixed_flag", 29'999), "1");
  EXPECT_EQ(Value(table, "nothing", 0), "NULL");
  EXPECT_EQ(Value(table, "late", 29'998), "NULL");
  EXPECT_EQ(Value(table, "late", 29'999), "x");
}

TEST(JsonReaderTest, NestedObjectsBecomeStructsAndArraysLists) {
  TempDir dir;
  const std::string text =
      R"({"user":{"id":1,"tags":["a","b"]},"scores":[1,2.5],"items":[{"sku":"x","qty":1}],"extra":{"k":1}})"
      "\n"
      R"({"user":{"id":2,"geo":{"country":"NO"}},"scores":[],"items":[{"sku":"y"},{"qty":3,"note":null}],"extra":"plain"})"
      "\n"
      R"({"user":null,"scores":null,"extra":[1,{"a":"\"q\""}],"empty":{}})"
      "\n"
      R"({"items":[null]})"
      "\n";
  Table table = ReadText(dir, text);
  ASSERT_EQ(table.num_rows(), 4);
  EXPECT_EQ(TypeOf(table, "user").ToString(),
            "STRUCT<id: BIGINT, tags: LIST<VARCHAR>, geo: STRUCT<country: VARCHAR>>");
  EXPECT_EQ(TypeOf(table, "scores"), DataType::List(DataType::Float64()));
  EXPECT_EQ(TypeOf(table, "items").ToString(),
            "LIST<STRUCT<sku: VARCHAR, qty: BIGINT, note: VARCHAR>>");
  EXPECT_EQ(TypeOf(table, "extra"), DataType::String());  // objects, strings and arrays mix
  EXPECT_EQ(TypeOf(table, "empty"), DataType::String());  // never had a key

  EXPECT_EQ(Value(table, "user.id", 1), "2");
  EXPECT_EQ(Value(table, "user.tags", 0), "[a, b]");
  EXPECT_EQ(Value(table, "user.tags", 1), "NULL");
  EXPECT_EQ(Value(table, "user.geo.country", 0), "NULL");
  EXPECT_EQ(Value(table, "user.geo.country", 1), "NO");
  // An absent or null struct has NULL children, kept the struct's length.
  EXPECT_EQ(Value(table, "user", 2), "NULL");
  EXPECT_EQ(Value(table, "user.id", 2), "NULL");
  EXPECT_EQ(Value(table, "user.geo.country", 3), "NULL");
  const ColumnPtr user = table.CombinedColumn(0);
  ASSERT_EQ(user->children().size(), 3u);
  for (const ColumnPtr& child : user->children()) {
    EXPECT_EQ(child->length(), user->length());
    EXPECT_TRUE(child->IsNull(2));
  }
  EXPECT_EQ(Value(table, "scores", 0), "[1, 2.5]");
  EXPECT_EQ(Value(table, "scores", 1), "[]");
  EXPECT_EQ(Value(table, "scores", 2), "NULL");
  EXPECT_EQ(Value(table, "items", 1),
            "[{sku: y, qty: NULL, note: NULL}, {sku: NULL, qty: 3, note: NULL}]");
  EXPECT_EQ(Value(table, "items", 3), "[NULL]");
  EXPECT_EQ(Value(table, "extra", 0), R"({"k":1})");
  EXPECT_EQ(Value(table, "extra", 1), "plain");
  EXPECT_EQ(Value(table, "extra", 2), R"([1,{"a":"\"q\""}])");
  EXPECT_EQ(Value(table, "empty", 2), "{}");
}

TEST(JsonReaderTest, ObjectsWithTooManyKeysStayJsonText) {
  TempDir dir;
  std::string text;
  const int keys = static_cast<int>(json::kMaxStructFields) + 1;
  for (int row = 0; row < keys; ++row) {
    text += "{\"id\":" + std::to_string(row) + ",\"counts\":{\"sku" + std::to_string(row) +
            "\":" + std::to_string(row) + "},\"small\":{\"k" + std::to_string(row % 3) + "\":1}}\n";
  }
  Table table = ReadText(dir, text);
  ASSERT_EQ(table.num_rows(), keys);
  EXPECT_EQ(TypeOf(table, "counts"), DataType::String());
  EXPECT_EQ(Value(table, "counts", 5), R"({"sku5":5})");
  EXPECT_EQ(TypeOf(table, "small").ToString(), "STRUCT<k0: BIGINT, k1: BIGINT, k2: BIGINT>");
}

TEST(JsonReaderTest, SegmentEventsWithoutSchemaAndResolveColumnPath) {
  TempDir dir;
  const std::string text =
      R"({"event":"Added to Cart","userId":"u1","timestamp":"2018-10-01T13:54:59Z","properties":{"variant":"B","vertical":"Food","price":3.5,"experiment":"exp1"},"context":{"ip":"1.2.3.4"}})"
      "\n"
      R"({"event":"Viewed Product","userId":"u2","timestamp":"2018-10-01T13:55:01.123Z","properties":{"variant":"A","price":4},"context":{"ip":"5.6.7.8","library":{"name":"analytics.js"}}})"
      "\n"
      R"({"event":"Signed Up","anonymousId":"a9","timestamp":"2018-10-01T15:55:02+02:00"})"
      "\n";
  Table table = ReadText(dir, text);
  ASSERT_EQ(table.num_rows(), 3);
  EXPECT_EQ(FieldNames(table), (std::vector<std::string>{"event", "userId", "timestamp",
                                                         "properties", "context", "anonymousId"}));
  EXPECT_EQ(TypeOf(table, "timestamp"), DataType::Timestamp("UTC"));
  ASSERT_EQ(table.batches().size(), 1u);
  const Batch& batch = table.batches()[0];
  const ColumnPtr variant = ResolveColumnPath(batch, "properties.variant");
  ASSERT_EQ(variant->type(), DataType::String());
  ASSERT_EQ(variant->length(), 3);
  EXPECT_EQ(variant->GetString(0), "B");
  EXPECT_EQ(variant->GetString(1), "A");
  EXPECT_TRUE(variant->IsNull(2));
  EXPECT_EQ(ResolveColumnPath(batch, "properties.price")->type(), DataType::Float64());
  EXPECT_EQ(Value(table, "properties.price", 1), "4");
  EXPECT_EQ(Value(table, "properties.vertical", 1), "NULL");
  EXPECT_EQ(Value(table, "context.library.name", 1), "analytics.js");
  EXPECT_EQ(Value(table, "timestamp", 0), "2018-10-01 13:54:59+00");
  EXPECT_EQ(Value(table, "timestamp", 1), "2018-10-01 13:55:01.123000+00");
  EXPECT_EQ(Value(table, "timestamp", 2), "2018-10-01 13:55:02+00");
  ExpectInvalidInput([&] { ResolveColumnPath(batch, "properties.colour"); },
                     "no column 'properties.colour' (columns: event, userId, timestamp, "
                     "properties, properties.variant");
}

TEST(ResolveColumnPathTest, ExactNamesWinAndDotsInNamesWork) {
  TempDir dir;
  Table table = ReadText(dir, R"({"a.b":1,"a":{"b":2,"c.d":{"e":3}}})"
                              "\n");
  const Batch& batch = table.batches().at(0);
  EXPECT_EQ(ResolveColumnPath(batch, "a.b")->FormatValue(0), "1");
  EXPECT_EQ(ResolveColumnPath(batch, "a.c.d.e")->FormatValue(0), "3");
  EXPECT_THROW(ResolveColumnPath(batch, "a.c"), InvalidInput);
}

TEST(JsonReaderTest, TimestampsDatesAndTheirMixtures) {
  TempDir dir;
  const std::string text =
      R"({"utc":"2018-10-01T13:54:59-04:00","naive":"2018-10-01 13:54:59","day":"2020-02-29","day_or_time":"2020-02-29","clash":"2018-10-01T13:54:59Z","us":"12/1/2010 8:26"})"
      "\n"
      R"({"utc":"2018-10-01T18:00:00.5+0530","naive":"2018-10-01T00:00","day":"2020-03-01","day_or_time":"2020-03-01T12:00:00","clash":"2018-10-01T13:54:59"})"
      "\n";
  Table table = ReadText(dir, text);
  EXPECT_EQ(TypeOf(table, "utc"), DataType::Timestamp("UTC"));
  EXPECT_EQ(TypeOf(table, "naive"), DataType::Timestamp());
  EXPECT_EQ(TypeOf(table, "day"), DataType::Date());
  EXPECT_EQ(TypeOf(table, "day_or_time"), DataType::Timestamp());
  EXPECT_EQ(TypeOf(table, "clash"), DataType::String());  // instants and wall clocks do not mix
  EXPECT_EQ(TypeOf(table, "us"), DataType::String());     // only ISO 8601 is inferred
  EXPECT_EQ(Value(table, "utc", 0), "2018-10-01 17:54:59+00");
  EXPECT_EQ(Value(table, "utc", 1), "2018-10-01 12:30:00.500000+00");
  EXPECT_EQ(Value(table, "naive", 1), "2018-10-01 00:00:00");
  EXPECT_EQ(Value(table, "day", 0), "2020-02-29");
  EXPECT_EQ(Value(table, "day_or_time", 0), "2020-02-29 00:00:00");
  EXPECT_EQ(Value(table, "clash", 0), "2018-10-01T13:54:59Z");
}

TEST(JsonReaderTest, BlankLinesCrlfByteOrderMarkAndNoFinalNewline) {
  TempDir dir;
  const std::string text =
      "\xEF\xBB\xBF{\"a\":1,\"s\":\"x\"}\r\n"
      "\r\n"
      "   \n"
      "\n"
      "{\"a\":2,\"s\":\"line\\nbreak\"}\r\n"
      "\t{\"a\":3}";
  ReadStats stats;
  Table table = ReadText(dir, text, {}, &stats);
  ASSERT_EQ(table.num_rows(), 3);
  EXPECT_EQ(FieldNames(table), (std::vector<std::string>{"a", "s"}));
  EXPECT_EQ(Value(table, "a", 2), "3");
  EXPECT_EQ(Value(table, "s", 1), "line\nbreak");
  EXPECT_EQ(stats.rows_read, 3);
  EXPECT_EQ(stats.rows_rejected, 0);
  EXPECT_EQ(stats.bytes, static_cast<int64_t>(text.size()));

  // Line numbers count blank lines and CRLF lines.
  ExpectInvalidInput([&] { ReadText(dir, "\xEF\xBB\xBF{\"a\":1}\r\n\r\n{\"a\":\r\n"); },
                     "input.jsonl:3: malformed JSON");
}

TEST(JsonReaderTest, FailNamesFileLineKeyAndReason) {
  TempDir dir;
  const std::string path = dir.File("input.jsonl");
  ExpectInvalidInput([&] { ReadText(dir, "{\"a\":1}\n{\"a\":2,}\n"); },
                     path + ":2: malformed JSON");
  ExpectInvalidInput([&] { ReadText(dir, "{\"a\":1}\n{\"a\":1}\n[1,2]\n"); },
                     path + ":3: the line is not a JSON object but an array");
  ExpectInvalidInput([&] { ReadText(dir, "\"just a string\"\n"); },
                     path + ":1: the line is not a JSON object but a string");
  ExpectInvalidInput([&] { ReadText(dir, "{\"a\":1}\n{\"a\":\"caf\xC3\x28\"}\n"); },
                     path + ":2: invalid UTF-8 at byte 10 of the line");
  ExpectInvalidInput([&] { ReadText(dir, "{\"a\":1} {\"a\":2}\n"); }, path + ":1: malformed JSON");
  ExpectInvalidInput([&] { ReadText(dir, "{\"a\":123456789012345678901234567890}\n"); },
                     path + ":1: malformed JSON: a number");
  ExpectInvalidInput([&] { ReadText(dir, std::string(300, '[') + "\n"); }, path + ":1: ");
  ExpectInvalidInput(
      [&] { ReadText(dir, "{\"a\":" + std::string(300, '[') + std::string(300, ']') + "}\n"); },
      "nested deeper than 256 levels");
  ExpectInvalidInput([&] { ReadText(dir, ""); }, path + ": the file is empty");
  ExpectInvalidInput([&] { ReadText(dir, "\n\r\n  \n"); }, path + ": the file is empty");

  JsonOptions typed;
  typed.column_types["properties.price"] = DataType::Int64();
  ExpectInvalidInput(
      [&] {
        ReadText(dir, "{\"properties\":{\"price\":\"12\"}}\n{\"properties\":{\"price\":\"abc\"}}\n",
                 typed);
      },
      path + ":2: key 'properties.price': cannot read \"abc\" as BIGINT");
}

TEST(JsonReaderTest, SkipAndQuarantineAccountForEveryRecord) {
  TempDir dir;
  const std::string text =
      "{\"a\":1,\"p\":{\"n\":\"1\"}}\n"                         // 1 ok
      "{\"a\":2,\"oops\":}\n"                                   // 2 malformed
      "[\"not\",\"an\",\"object\"]\n"                           // 3 not an object
      "\n"                                                      // 4 blank: not a record
      "{\"a\":3,\"s\":\"\xFF\"}\n"                              // 5 invalid UTF-8
      "{\"a\":4,\"p\":{\"n\":\"abc\"}}\n"                       // 6 does not fit the override
      "{\"a\":5,\"p\":{\"n\":7},\"b\":1}\r\n"                   // 7 ok
      "{\"a\":\"six\",\"rejected_only\":1,\"p\":{\"n\":[]}}\n"  // 8 rejected: shapes nothing
      "{\"a\":6}";                                              // 9 ok, no final newline
  JsonOptions options;
  options.column_types["p.n"] = DataType::Int32();
  options.on_error = OnError::kSkip;
  ReadStats stats;
  Table skipped = ReadText(dir, text, options, &stats);
  EXPECT_EQ(skipped.num_rows(), 3);
  EXPECT_EQ(stats.files, 1);
  EXPECT_EQ(stats.rows_read, 8);
  EXPECT_EQ(stats.rows_accepted, 3);
  EXPECT_EQ(stats.rows_rejected, 5);
  EXPECT_EQ(stats.rows_read, stats.rows_accepted + stats.rows_rejected);
  ASSERT_EQ(stats.first_rejections.size(), 5u);
  EXPECT_EQ(stats.first_rejections[0].line, 2);
  EXPECT_EQ(stats.first_rejections[3].line, 6);
  EXPECT_EQ(stats.first_rejections[3].column, "p.n");
  // Rejected records do not shape the schema: "a" stays BIGINT, no "rejected_only" column.
  EXPECT_EQ(FieldNames(skipped), (std::vector<std::string>{"a", "p", "b"}));
  EXPECT_EQ(TypeOf(skipped, "a"), DataType::Int64());
  EXPECT_EQ(TypeOf(skipped, "p"), DataType::Struct({{"n", DataType::Int32(), true}}));
  EXPECT_EQ(Value(skipped, "a", 2), "6");
  EXPECT_EQ(Value(skipped, "p.n", 0), "1");
  EXPECT_EQ(Value(skipped, "p.n", 1), "7");

  options.on_error = OnError::kQuarantine;
  options.quarantine_path = dir.File("rejected.csv");
  ReadStats quarantine_stats;
  Table quarantined = ReadText(dir, text, options, &quarantine_stats);
  EXPECT_EQ(quarantined.num_rows(), 3);
  EXPECT_EQ(quarantine_stats.rows_rejected, 5);
  const std::string rejected = ReadFileText(options.quarantine_path);
  const std::string file = "\"" + dir.File("input.jsonl") + "\"";
  EXPECT_EQ(rejected.rfind("file,line,column,reason,record\n", 0), 0u) << rejected;
  EXPECT_NE(rejected.find(file + ",2,\"\",\"malformed JSON"), std::string::npos) << rejected;
  EXPECT_NE(rejected.find(",\"{\"\"a\"\":2,\"\"oops\"\":}\"\n"), std::string::npos) << rejected;
  EXPECT_NE(rejected.find(file + ",3,\"\",\"the line is not a JSON object but an array\","
                                 "\"[\"\"not\"\",\"\"an\"\",\"\"object\"\"]\"\n"),
            std::string::npos)
      << rejected;
  EXPECT_NE(rejected.find(file + ",5,\"\",\"invalid UTF-8 at byte 13 of the line\","
                                 "\"{\"\"a\"\":3,\"\"s\"\":\"\"\xFF\"\"}\"\n"),
            std::string::npos)
      << rejected;
  EXPECT_NE(rejected.find(file + ",6,\"p.n\",\"cannot read \"\"abc\"\" as INTEGER\","),
            std::string::npos)
      << rejected;
  EXPECT_NE(rejected.find(file + ",8,\"p.n\",\"cannot read [] as INTEGER\""), std::string::npos)
      << rejected;
  EXPECT_EQ(std::count(rejected.begin(), rejected.end(), '\n'), 6);
}

TEST(JsonReaderTest, EmptyFilesUnderSkipAndQuarantine) {
  TempDir dir;
  WriteFile(dir.File("logs/a.jsonl"), "{\"k\":1}\n");
  WriteFile(dir.File("logs/b.jsonl"), "");
  WriteFile(dir.File("logs/c.jsonl"), "\xEF\xBB\xBF\n\n");
  JsonOptions options;
  options.on_error = OnError::kQuarantine;
  options.quarantine_path = dir.File("rejected.csv");
  ReadStats stats;
  Table table = ReadJson({dir.File("logs")}, options, &stats);
  EXPECT_EQ(table.num_rows(), 1);
  EXPECT_EQ(stats.files, 3);
  EXPECT_EQ(stats.rows_read, 3);
  EXPECT_EQ(stats.rows_rejected, 2);
  const std::string rejected = ReadFileText(options.quarantine_path);
  EXPECT_NE(rejected.find("b.jsonl\",0,\"\",\"the file is empty\""), std::string::npos) << rejected;
  EXPECT_NE(rejected.find("c.jsonl\",0,\"\",\"the file is empty\""), std::string::npos) << rejected;

  // Nothing accepted at all: an empty table, not an error.
  options.on_error = OnError::kSkip;
  Table nothing = ReadJson({dir.File("logs/b.jsonl")}, options, &stats);
  EXPECT_EQ(nothing.num_rows(), 0);
  EXPECT_EQ(nothing.num_columns(), 0);
  EXPECT_EQ(stats.rows_rejected, 1);
}

TEST(JsonReaderTest, ManyFilesAsOneTableWithUnifiedSchemaAndFileNames) {
  TempDir dir;
  WriteFile(dir.File("days/2020-01-01.jsonl"), "{\"k\":\"a\",\"v\":1}\n{\"k\":\"b\",\"v\":2}\n");
  WriteFile(dir.File("days/2020-01-02.jsonl"), "{\"k\":\"c\",\"v\":2.5,\"w\":{\"x\":true}}\n");
  WriteFile(dir.File("days/2020-01-03.jsonl"), "{\"w\":{\"y\":1},\"k\":\"d\"}\n");
  WriteFile(dir.File("days/_SUCCESS"), "");
  JsonOptions options;
  options.filename_column = "filename";
  Table table = ReadJson({dir.File("days")}, options);
  ASSERT_EQ(table.num_rows(), 4);
  EXPECT_EQ(FieldNames(table), (std::vector<std::string>{"k", "v", "w", "filename"}));
  EXPECT_EQ(TypeOf(table, "v"), DataType::Float64());
  EXPECT_EQ(TypeOf(table, "w").ToString(), "STRUCT<x: BOOLEAN, y: BIGINT>");
  EXPECT_EQ(Value(table, "k", 3), "d");
  EXPECT_EQ(Value(table, "v", 0), "1");
  EXPECT_EQ(Value(table, "w.x", 0), "NULL");
  EXPECT_EQ(Value(table, "w.y", 3), "1");
  EXPECT_EQ(Value(table, "filename", 0), dir.File("days/2020-01-01.jsonl"));
  EXPECT_EQ(Value(table, "filename", 3), dir.File("days/2020-01-03.jsonl"));
  EXPECT_FALSE(table.schema()->field(3).nullable);

  Table globbed = ReadJson({dir.File("days/*-02.jsonl")}, JsonOptions{});
  EXPECT_EQ(globbed.num_rows(), 1);
  EXPECT_THROW(ReadJson({dir.File("nothing-here")}, JsonOptions{}), IoError);

  options.filename_column = "k";
  ExpectInvalidInput([&] { ReadJson({dir.File("days")}, options); },
                     "file-name column 'k' has the name of a key");

  // The earliest bad file is the one reported, whichever thread finds its error first.
  WriteFile(dir.File("bad/1.jsonl"), "{\"a\":1}\n{bad\n");
  WriteFile(dir.File("bad/2.jsonl"), "oops\n");
  ExpectInvalidInput([&] { ReadJson({dir.File("bad")}, JsonOptions{}); }, "1.jsonl:2: ");
}

TEST(JsonReaderTest, TypeOverridesByDottedPath) {
  TempDir dir;
  const std::string text =
      R"({"id":"17","properties":{"price":3.15,"qty":"2","when":"2018-10-01T13:54:59+01:00"},"tags":["1",2]})"
      "\n"
      R"({"id":17850.0,"properties":{"price":"10","qty":null,"when":"2018-10-01"},"tags":null})"
      "\n";
  JsonOptions options;
  options.column_types["id"] = DataType::Int32();
  options.column_types["properties.price"] = DataType::Decimal(10, 2);
  options.column_types["properties.qty"] = DataType::Int64();
  options.column_types["properties.when"] = DataType::Timestamp("UTC");
  options.column_types["tags"] = DataType::List(DataType::Int64());
  Table table = ReadText(dir, text, options);
  ASSERT_EQ(table.num_rows(), 2);
  EXPECT_EQ(TypeOf(table, "id"), DataType::Int32());
  EXPECT_EQ(Value(table, "id", 0), "17");
  EXPECT_EQ(Value(table, "id", 1), "17850");
  EXPECT_EQ(Value(table, "properties.price", 0), "3.15");
  EXPECT_EQ(Value(table, "properties.price", 1), "10.00");
  EXPECT_EQ(Value(table, "properties.qty", 0), "2");
  EXPECT_EQ(Value(table, "properties.qty", 1), "NULL");
  EXPECT_EQ(Value(table, "properties.when", 0), "2018-10-01 12:54:59+00");
  EXPECT_EQ(Value(table, "properties.when", 1), "2018-10-01 00:00:00+00");
  EXPECT_EQ(Value(table, "tags", 0), "[1, 2]");

  JsonOptions unknown;
  unknown.column_types["properties.colour"] = DataType::String();
  ExpectInvalidInput([&] { ReadText(dir, text, unknown); },
                     "a type is given for 'properties.colour', which is not a column of the JSON "
                     "records (columns: id, properties, properties.price");

  JsonOptions too_small;
  too_small.column_types["id"] = DataType::Int8();
  too_small.on_error = OnError::kSkip;
  ReadStats stats;
  Table small = ReadText(dir, text, too_small, &stats);
  EXPECT_EQ(small.num_rows(), 1);
  EXPECT_EQ(stats.first_rejections.at(0).reason, "cannot read 17850 as TINYINT");
}

TEST(JsonReaderTest, BatchesHoldAtMost64KRows) {
  TempDir dir;
  std::string text;
  for (int row = 0; row < 150'000; ++row) text += "{\"n\":" + std::to_string(row) + "}\n";
  Table table = ReadText(dir, text);
  ASSERT_EQ(table.num_rows(), 150'000);
  int64_t next = 0;
  for (const Batch& batch : table.batches()) {
    EXPECT_LE(batch.num_rows, 64 * 1024);
    const int64_t* values = batch.columns[0]->ValuesAs<int64_t>();
    for (int64_t row = 0; row < batch.num_rows; ++row) ASSERT_EQ(values[row], next++);
  }
}

// Tiny chunks, runs and batches: every boundary falls somewhere; the answer must not change.
TEST(JsonReaderTest, ChunkAndRunBoundariesDoNotChangeTheResult) {
  TempDir dir;
  std::mt19937_64 random(7);
  std::string text;
  const int rows = 5'000;
  for (int row = 0; row < rows; ++row) {
    if (row % 97 == 0) text += "\n";
    text += "{\"id\":" + std::to_string(row);
    if (random() % 3 == 0) text += ",\"p\":{\"v\":\"" + std::string(random() % 40, 'x') + "\"}";
    if (row == 4'321) text += ",\"late\":[1.5]";
    text += "}";
    text += row % 5 == 0 ? "\r\n" : "\n";
  }
  text += "{\"id\":\"broken\n";  // the last line, rejected
  const std::string path = dir.File("big.jsonl");
  WriteFile(path, text);
  JsonOptions options;
  options.on_error = OnError::kSkip;
  ReadStats expected_stats;
  Table expected = ReadJson({path}, options, &expected_stats);
  ASSERT_EQ(expected.num_rows(), rows);
  ASSERT_EQ(expected_stats.first_rejections.size(), 1u);
  const int64_t bad_line = expected_stats.first_rejections[0].line;
  EXPECT_EQ(bad_line, rows + (rows + 96) / 97 + 1);

  for (const bool keep_input : {false, true}) {
    json::JsonReadTuning tuning;
    tuning.chunk_bytes = 1000;
    tuning.segment_bytes = 3000;
    tuning.batch_rows = 333;
    tuning.keep_input_bytes = keep_input ? 1 << 30 : 0;
    ReadStats stats;
    Table table = json::ReadJsonSources({{path, path, nullptr}}, options, &stats, tuning);
    ASSERT_EQ(table.num_rows(), rows);
    EXPECT_EQ(*table.schema(), *expected.schema());
    EXPECT_GT(table.batches().size(), 15u);
    for (const Batch& batch : table.batches()) EXPECT_LE(batch.num_rows, 333);
    ASSERT_EQ(stats.first_rejections.size(), 1u);
    EXPECT_EQ(stats.first_rejections[0].line, bad_line);
    for (int64_t row = 0; row < rows; row += 7) {
      for (const char* column : {"id", "p.v", "late"}) {
        ASSERT_EQ(Value(table, column, row), Value(expected, column, row)) << column << " " << row;
      }
    }
  }
}

TEST(JsonReaderTest, ReadsFromAStream) {
  const std::string text = "{\"a\":1}\n{\"a\":2}\nnot json\n";
  std::unique_ptr<InputStream> stream =
      OpenMemory(std::vector<uint8_t>(text.begin(), text.end()), "memory.jsonl");
  JsonOptions options;
  options.on_error = OnError::kSkip;
  options.filename_column = "source";
  ReadStats stats;
  Table table = ReadJsonStream(*stream, options, &stats);
  EXPECT_EQ(table.num_rows(), 2);
  EXPECT_EQ(stats.rows_rejected, 1);
  EXPECT_EQ(stats.first_rejections.at(0).file, "memory.jsonl");
  EXPECT_EQ(Value(table, "source", 1), "memory.jsonl");
}

// Compressed input needs the codecs; skipped while they are not built.
bool GzipAvailable(const TempDir& dir) {
  if (!HaveCommand("gzip")) return false;
  const std::string probe = dir.File("probe.jsonl");
  WriteFile(probe, "{\"a\":1}\n");
  if (std::system(("gzip -f " + probe).c_str()) != 0) return false;
  try {
    return ReadJson({probe + ".gz"}, JsonOptions{}).num_rows() == 1;
  } catch (const Error&) {
    return false;
  }
}

TEST(JsonReaderTest, GzipInputAndTruncatedStreams) {
  TempDir dir;
  if (!GzipAvailable(dir)) GTEST_SKIP() << "gzip decompression is not available yet";
  std::string text;
  for (int row = 0; row < 20'000; ++row) {
    text +=
        "{\"row\":" + std::to_string(row) + ",\"pad\":\"" + std::to_string(row * 7919) + "\"}\n";
  }
  const std::string path = dir.File("events.jsonl");
  WriteFile(path, text);
  ASSERT_EQ(std::system(("gzip -kf " + path).c_str()), 0);
  Table table = ReadJson({path + ".gz"}, JsonOptions{});
  ASSERT_EQ(table.num_rows(), 20'000);
  EXPECT_EQ(Value(table, "row", 19'999), "19999");

  // Cut the compressed file in half: the lines before the cut are kept, the rest is one record.
  const std::string compressed = ReadFileText(path + ".gz");
  const std::string truncated = dir.File("truncated.jsonl.gz");
  WriteFile(truncated, compressed.substr(0, compressed.size() / 2));
  ExpectInvalidInput([&] { ReadJson({truncated}, JsonOptions{}); }, truncated + ":");
  JsonOptions options;
  options.on_error = OnError::kQuarantine;
  options.quarantine_path = dir.File("rejected.csv");
  ReadStats stats;
  Table partial = ReadJson({truncated}, options, &stats);
  EXPECT_GT(partial.num_rows(), 0);
  EXPECT_LT(partial.num_rows(), 20'000);
  EXPECT_EQ(stats.rows_rejected, 1);
  EXPECT_EQ(stats.rows_read, partial.num_rows() + 1);
  EXPECT_EQ(stats.first_rejections.at(0).line, partial.num_rows() + 1);
  EXPECT_NE(ReadFileText(options.quarantine_path).find(truncated), std::string::npos);

  // Garbage after the gzip magic.
  const std::string corrupt = dir.File("corrupt.jsonl.gz");
  WriteFile(corrupt, compressed.substr(0, 20) + std::string(200, 'x'));
  options.on_error = OnError::kSkip;
  Table none = ReadJson({corrupt}, options, &stats);
  EXPECT_EQ(none.num_rows(), 0);
  EXPECT_GE(stats.rows_rejected, 1);
}

// Inputs the fuzzer once crashed or hung on, and its seeds: each goes through the fuzz entry point
// (which traps on a broken invariant) and is read as a file under every policy.
TEST(JsonReaderTest, FuzzRegressionInputs) {
  const std::filesystem::path corpus =
      std::filesystem::path(BERSERKR_SOURCE_DIR) / "tests" / "data" / "json_regressions";
  ASSERT_TRUE(std::filesystem::exists(corpus));
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    if (!entry.is_regular_file() || entry.path().extension() == ".md") continue;
    ++count;
    SCOPED_TRACE(entry.path().string());
    const std::string bytes = ReadFileText(entry.path().string());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    for (const OnError policy : {OnError::kFail, OnError::kSkip}) {
      JsonOptions options;
      options.on_error = policy;
      ReadStats stats;
      try {
        Table table = ReadJson({entry.path().string()}, options, &stats);
        EXPECT_EQ(stats.rows_read, stats.rows_accepted + stats.rows_rejected);
        EXPECT_EQ(table.num_rows(), stats.rows_accepted);
      } catch (const Error& error) {
        EXPECT_EQ(policy, OnError::kFail) << error.what();
      }
    }
  }
  EXPECT_GT(count, 0);
}

}  // namespace
}  // namespace berserkr

// End-to-end tests of the `berserkr` command: exit codes, help, inspect and convert.

#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "test_util.h"

namespace berserkr {
namespace {

using testing_util::ReadFileText;
using testing_util::TempDir;
using testing_util::WriteFile;

struct CommandResult {
  int exit_code;
  std::string out;  // stdout
  std::string err;  // stderr
};

CommandResult RunCli(const std::string& arguments) {
  TempDir dir;
  const std::string err_path = dir.File("stderr");
  const std::string command = std::string(BERSERKR_CLI_PATH) + " " + arguments + " 2>" + err_path;
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  std::array<char, 4096> buffer;
  size_t count;
  while ((count = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    out.append(buffer.data(), count);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out, ReadFileText(err_path)};
}

const std::string kRetail = std::string(BERSERKR_SOURCE_DIR) + "/data/online-retail/by-day";

TEST(CliTest, HelpAndVersion) {
  CommandResult version = RunCli("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find("berserkr "), std::string::npos);
  CommandResult help = RunCli("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("inspect"), std::string::npos);
  EXPECT_NE(help.out.find("convert"), std::string::npos);
  for (const char* command : {"inspect", "convert"}) {
    CommandResult sub = RunCli(std::string(command) + " --help");
    EXPECT_EQ(sub.exit_code, 0) << command;
    EXPECT_NE(sub.out.find("--on-error"), std::string::npos) << command;
  }
  EXPECT_EQ(RunCli("").exit_code, 2);
  CommandResult unknown = RunCli("frobnicate");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown command 'frobnicate'"), std::string::npos);
  CommandResult bad_flag = RunCli("inspect --no-such-flag x.csv");
  EXPECT_EQ(bad_flag.exit_code, 2);
  EXPECT_NE(bad_flag.err.find("--no-such-flag"), std::string::npos);
}

TEST(CliTest, InspectBundledDataAsJson) {
  CommandResult result = RunCli("inspect " + kRetail + " --format json --rows 2");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  simdjson::dom::parser parser;
  simdjson::dom::element document = parser.parse(result.out);
  EXPECT_EQ(int64_t(document["rows"]), 541'909);
  EXPECT_EQ(int64_t(document["files"]), 305);
  EXPECT_EQ(int64_t(document["rows_rejected"]), 0);
  simdjson::dom::array columns = document["columns"];
  EXPECT_EQ(columns.size(), 8u);
  for (simdjson::dom::element column : columns) {
    if (std::string_view(column["name"]) == "CustomerID") {
      EXPECT_EQ(int64_t(column["nulls"]), 135'080);
    }
  }
  EXPECT_EQ(simdjson::dom::array(document["sample"]).size(), 2u);
}

TEST(CliTest, InspectTextShowsSchemaAndRows) {
  CommandResult result = RunCli("inspect " + kRetail + "/2010-12-01.csv.zst --rows 3");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("rows:     3108"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("InvoiceDate  TIMESTAMP"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("WHITE HANGING HEART T-LIGHT HOLDER"), std::string::npos) << result.out;
}

TEST(CliTest, BadInputExitCodesAndQuarantine) {
  TempDir dir;
  const std::string bad = dir.File("bad.csv");
  WriteFile(bad, "a,b\n1,2\n3\n4,5\n");
  CommandResult missing = RunCli("inspect " + dir.File("missing.csv"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("missing.csv: no such file"), std::string::npos) << missing.err;

  CommandResult fail = RunCli("inspect " + bad);
  EXPECT_EQ(fail.exit_code, 1);
  EXPECT_NE(fail.err.find(bad + ":3: expected 2 fields, found 1"), std::string::npos) << fail.err;

  const std::string quarantine = dir.File("rejected.csv");
  CommandResult kept =
      RunCli("inspect " + bad + " --on-error=quarantine --quarantine " + quarantine);
  EXPECT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_NE(kept.out.find("read 3 = accepted 2 + rejected 1"), std::string::npos) << kept.out;
  EXPECT_NE(kept.err.find("rejected 1 of 3 rows"), std::string::npos) << kept.err;
  EXPECT_NE(ReadFileText(quarantine).find("expected 2 fields, found 1"), std::string::npos);

  CommandResult no_path = RunCli("inspect " + bad + " --on-error=quarantine");
  EXPECT_EQ(no_path.exit_code, 2);
}

TEST(CliTest, ConvertRoundTripsThroughCsvAndLeavesNothingOnFailure) {
  TempDir dir;
  const std::string out = dir.File("december.csv");
  CommandResult convert = RunCli("convert '" + kRetail + "/2010-12-0*.csv.zst' --to " + out +
                                 " --filename-column source");
  ASSERT_EQ(convert.exit_code, 0) << convert.err;
  CommandResult again = RunCli("inspect " + out + " --format json --rows 0");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  simdjson::dom::parser parser;
  simdjson::dom::element document = parser.parse(again.out);
  // 2010-12-01, -02, -03, -05, -06, -07, -08, -09.
  EXPECT_EQ(int64_t(document["rows"]), 3108 + 2109 + 2202 + 2725 + 3878 + 2963 + 2647 + 2891);
  EXPECT_EQ(simdjson::dom::array(document["columns"]).size(), 9u);

  // Through JSON lines and back, every column keeps its type (DOUBLE stays DOUBLE: 17850.0).
  const std::string jsonl = dir.File("december.jsonl");
  ASSERT_EQ(RunCli("convert " + out + " --to " + jsonl).exit_code, 0);
  CommandResult from_json = RunCli("inspect " + jsonl + " --format json --rows 0");
  ASSERT_EQ(from_json.exit_code, 0) << from_json.err;
  simdjson::dom::parser json_parser;
  simdjson::dom::element json_document = json_parser.parse(from_json.out);
  EXPECT_EQ(int64_t(json_document["rows"]), int64_t(document["rows"]));
  std::vector<std::string> csv_types, json_types;
  for (simdjson::dom::element column : simdjson::dom::array(document["columns"])) {
    csv_types.emplace_back(std::string_view(column["type"]));
  }
  for (simdjson::dom::element column : simdjson::dom::array(json_document["columns"])) {
    json_types.emplace_back(std::string_view(column["type"]));
  }
  EXPECT_EQ(json_types, csv_types);

  const std::string unwritable = dir.File("no-such-dir/out.csv");
  CommandResult failed = RunCli("convert " + kRetail + "/2010-12-01.csv.zst --to " + unwritable);
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_NE(failed.err.find("no-such-dir/out.csv: cannot create output"), std::string::npos)
      << failed.err;
  EXPECT_FALSE(std::filesystem::exists(unwritable));
}

}  // namespace
}  // namespace berserkr

namespace berserkr {
namespace {

TEST(CliRetailTest, ReportWritesItsTablesAndPrintsWhereTheReportIs) {
  CommandResult help = RunCli("retail report --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--keep-duplicates"), std::string::npos);
  EXPECT_NE(help.out.find("rfm_customers.csv"), std::string::npos);
  EXPECT_EQ(RunCli("retail").exit_code, 2);
  EXPECT_EQ(RunCli("retail summary").exit_code, 2);
  CommandResult no_out = RunCli("retail report --input " + kRetail);
  EXPECT_EQ(no_out.exit_code, 2);
  EXPECT_NE(no_out.err.find("--out DIR"), std::string::npos);

  TempDir dir;
  const std::string day = kRetail + "/2011-01-04.csv.zst";
  CommandResult run = RunCli("retail report --input " + day + " --out " + dir.File("out"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, dir.File("out") + "/report.html\n");
  EXPECT_NE(run.err.find("1184 lines read"), std::string::npos) << run.err;
  EXPECT_NE(ReadFileText(dir.File("out") + "/monthly.csv").find("2011-01,"), std::string::npos);

  CommandResult wrong_map =
      RunCli("retail report --input " + day + " --out " + dir.File("x") + " --map customer=Client");
  EXPECT_EQ(wrong_map.exit_code, 1);
  EXPECT_NE(wrong_map.err.find("no column 'Client' (--map customer=<column>)"), std::string::npos)
      << wrong_map.err;
}

const std::string kParquetData = std::string(BERSERKR_SOURCE_DIR) + "/tests/data/parquet";

TEST(CliTest, InspectAndConvertReadParquet) {
  CommandResult inspect =
      RunCli("inspect " + kParquetData + "/alltypes_plain.parquet --format json --rows 0");
  ASSERT_EQ(inspect.exit_code, 0) << inspect.err;
  simdjson::dom::parser parser;
  simdjson::dom::element document = parser.parse(inspect.out);
  EXPECT_EQ(std::string_view(document["format"]), "parquet");
  EXPECT_EQ(int64_t(document["rows"]), 8);
  EXPECT_EQ(simdjson::dom::array(document["columns"]).size(), 11u);

  // Nested columns convert to JSON lines; a directory of Parquet files reads as one table.
  TempDir dir;
  const std::string jsonl = dir.File("lists.jsonl");
  ASSERT_EQ(RunCli("convert " + kParquetData + "/list_columns.parquet --to " + jsonl).exit_code, 0);
  EXPECT_NE(ReadFileText(jsonl).find("[1,2,3]"), std::string::npos) << ReadFileText(jsonl);
  const std::string copies = dir.File("copies");
  std::filesystem::create_directories(copies);
  for (const char* name : {"a.parquet", "b.parquet"}) {
    std::filesystem::copy_file(kParquetData + "/alltypes_plain.parquet", copies + "/" + name);
  }
  CommandResult both = RunCli("inspect " + copies + " --format json --rows 0");
  ASSERT_EQ(both.exit_code, 0) << both.err;
  simdjson::dom::parser both_parser;
  EXPECT_EQ(int64_t(both_parser.parse(both.out)["rows"]), 16);

  // A corrupt file: one line naming the file and the problem, exit status 1 or 2.
  CommandResult corrupt =
      RunCli("inspect " + kParquetData + "/rle-dict-uncompressed-corrupt-checksum.parquet");
  EXPECT_NE(corrupt.exit_code, 0);
  EXPECT_NE(corrupt.err.find("checksum mismatch"), std::string::npos) << corrupt.err;
}

}  // namespace
}  // namespace berserkr

namespace berserkr {
namespace {

TEST(CliJobsTest, EveryJobCommandHasHelpAndRejectsMistakes) {
  for (const char* group : {"retail", "flyer", "events", "propensity"}) {
    SCOPED_TRACE(group);
    EXPECT_EQ(RunCli(group).exit_code, 2);
    EXPECT_EQ(RunCli(std::string(group) + " --help").exit_code, 0);
    CommandResult unknown = RunCli(std::string(group) + " frobnicate");
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("unknown " + std::string(group) + " command 'frobnicate'"),
              std::string::npos)
        << unknown.err;
  }
  for (const char* command : {"flyer dwell", "events experiments", "propensity train",
                              "propensity evaluate", "propensity score", "gen"}) {
    SCOPED_TRACE(command);
    CommandResult help = RunCli(std::string(command) + " --help");
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("Usage: berserkr " + std::string(command)), std::string::npos);
  }
  CommandResult no_input = RunCli("flyer dwell --out /tmp/x");
  EXPECT_EQ(no_input.exit_code, 2);
  EXPECT_NE(no_input.err.find("--input SRC"), std::string::npos) << no_input.err;
  EXPECT_EQ(RunCli("propensity evaluate --input " + kRetail + " --model /tmp/m").exit_code, 2);
  CommandResult no_model =
      RunCli("propensity evaluate --input " + kRetail + " --model /no/such --out /tmp/x");
  EXPECT_EQ(no_model.exit_code, 1);
  EXPECT_NE(no_model.err.find("/no/such"), std::string::npos) << no_model.err;
  EXPECT_EQ(RunCli("gen nothing --rows 10 --out /tmp/x").exit_code, 2);
  EXPECT_EQ(RunCli("gen flyer --rows ten --out /tmp/x").exit_code, 2);
}

}  // namespace
}  // namespace berserkr

namespace berserkr {
namespace {

TEST(CliDailyTest, RunsTheReportThenPropensityAndLinksTheScores) {
  CommandResult help = RunCli("daily --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("scores.csv"), std::string::npos);
  EXPECT_EQ(RunCli("daily --out /tmp/x").exit_code, 2);

  TempDir dir;
  ASSERT_EQ(RunCli("gen retail --rows 40000 --out " + dir.File("lines.csv")).exit_code, 0);
  CommandResult run =
      RunCli("daily --input " + dir.File("lines.csv") + " --out " + dir.File("out"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, dir.File("out") + "/retail/report.html\n");
  for (const char* step : {"ingest", "report", "train", "evaluate", "score"}) {
    EXPECT_NE(run.err.find(std::string("berserkr daily: ") + step), std::string::npos) << step;
  }
  const std::string report = ReadFileText(dir.File("out") + "/retail/report.html");
  EXPECT_NE(report.find("href=\"../propensity/scores.csv\""), std::string::npos);
  EXPECT_NE(report.find("href=\"../propensity/report.html\""), std::string::npos);
  const std::string scores = ReadFileText(dir.File("out") + "/propensity/scores.csv");
  EXPECT_EQ(scores.rfind("customer_id,stock_code,probability,rank\n", 0), 0u);
  for (const char* file : {"metrics.json", "report.html", "scores.parquet", "model/model.json"}) {
    EXPECT_TRUE(std::filesystem::exists(dir.File("out") + "/propensity/" + file)) << file;
  }
  EXPECT_TRUE(std::filesystem::exists(dir.File("out") + "/lake/retail_lines/_delta_log"));
  // The next day's run finds the file in the lake and adds nothing.
  CommandResult again = RunCli("daily --input " + dir.File("lines.csv") + " --out " +
                               dir.File("out") + " --no-propensity");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("0 new files, 1 already in"), std::string::npos) << again.err;
}

TEST(CliIngestTest, IngestsOnceReportsAndRejects) {
  CommandResult help = RunCli("ingest --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--partition-by"), std::string::npos);
  EXPECT_EQ(RunCli("ingest --to /tmp/t").exit_code, 2);
  EXPECT_EQ(RunCli("ingest x.csv").exit_code, 2);
  EXPECT_EQ(RunCli("ingest x.csv --to /tmp/t --mode upsert").exit_code, 2);

  TempDir dir;
  const std::string days = kRetail + "/2011-01-0[45].csv.zst";
  const std::string table = dir.File("lake/lines");
  CommandResult run = RunCli("ingest '" + days + "' --to " + table + " --codec zstd");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, table + "\n");
  EXPECT_NE(run.err.find("2 new files"), std::string::npos) << run.err;
  CommandResult again = RunCli("ingest '" + days + "' --to " + table);
  EXPECT_NE(again.err.find("0 new files (0 rows), 2 already in the table"), std::string::npos)
      << again.err;
  CommandResult count =
      RunCli("sql \"SELECT count(*) AS n FROM delta_scan('" + table + "')\" --format csv");
  EXPECT_EQ(count.exit_code, 0) << count.err;

  WriteFile(dir.File("bad.csv"), "InvoiceNo,Quantity\nX1,one\n");
  CommandResult rejected = RunCli("ingest " + dir.File("bad.csv") + " --to " + dir.File("t2") +
                                  " --on-error quarantine --type Quantity=bigint");
  ASSERT_EQ(rejected.exit_code, 0) << rejected.err;
  EXPECT_NE(rejected.err.find("1 rows rejected (in " + dir.File("t2") + "_rejected)"),
            std::string::npos)
      << rejected.err;
  CommandResult failed = RunCli("ingest " + dir.File("bad.csv") + " --to " + dir.File("t3") +
                                " --type Quantity=bigint");
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_NE(failed.err.find("bad.csv"), std::string::npos) << failed.err;
  EXPECT_FALSE(std::filesystem::exists(dir.File("t3") + "/_delta_log"));
}

TEST(CliTest, ConvertWritesParquet) {
  TempDir dir;
  const std::string source = kParquetData + "/list_columns.parquet";
  const std::string parquet = dir.File("lists.parquet");
  CommandResult convert =
      RunCli("convert " + source + " --to " + parquet + " --codec zstd --row-group-rows 2");
  ASSERT_EQ(convert.exit_code, 0) << convert.err;
  // Written and read again, the table converts to the same JSON lines as the original.
  const std::string direct = dir.File("direct.jsonl"), again = dir.File("again.jsonl");
  ASSERT_EQ(RunCli("convert " + source + " --to " + direct).exit_code, 0);
  ASSERT_EQ(RunCli("convert " + parquet + " --to " + again).exit_code, 0);
  EXPECT_EQ(ReadFileText(again), ReadFileText(direct));

  CommandResult bad_codec = RunCli("convert " + source + " --to " + parquet + " --codec lzo");
  EXPECT_EQ(bad_codec.exit_code, 2);
  EXPECT_NE(bad_codec.err.find("unknown Parquet codec"), std::string::npos) << bad_codec.err;
  CommandResult codec_for_csv =
      RunCli("convert " + source + " --to " + dir.File("x.csv") + " --codec zstd");
  EXPECT_EQ(codec_for_csv.exit_code, 2);
}

}  // namespace
}  // namespace berserkr

// `berserkr gen`: each generator writes exactly the rows asked for, the same bytes for the same
// seed on any thread count, other bytes for another seed, in the format its job reads.

#include "berserkr/jobs/generators.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "berserkr/common/thread_pool.h"
#include "berserkr/formats/csv_reader.h"
#include "berserkr/formats/json_reader.h"
#include "test_util.h"

namespace berserkr {
namespace {

using Generator = std::function<void(const GenerateOptions&, const std::string&)>;

std::string Generate(const Generator& generate, int64_t rows, uint64_t seed, int threads,
                     const std::string& path) {
  SetDefaultThreadCount(threads);
  GenerateOptions options;
  options.rows = rows;
  options.seed = seed;
  generate(options, path);
  SetDefaultThreadCount(0);
  return testing_util::ReadFileText(path);
}

void ExpectReproducible(const Generator& generate, int64_t rows) {
  testing_util::TempDir directory;
  const std::string one = Generate(generate, rows, 7, 1, directory.File("one"));
  EXPECT_EQ(one, Generate(generate, rows, 7, 3, directory.File("three")));
  EXPECT_NE(one, Generate(generate, rows, 8, 2, directory.File("other")));
}

TEST(GeneratorsTest, RetailLinesReadAsTheOnlineRetailLayout) {
  ExpectReproducible(GenerateRetailLines, 300'000);
  testing_util::TempDir directory;
  Generate(GenerateRetailLines, 250'000, 1, 2, directory.File("lines.csv"));
  const Table table = ReadCsv({directory.File("lines.csv")}, CsvOptions{});
  EXPECT_EQ(table.num_rows(), 250'000);
  for (const char* column : {"InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate",
                             "UnitPrice", "CustomerID", "Country"}) {
    EXPECT_TRUE(table.schema()->FieldIndex(column)) << column;
  }
}

TEST(GeneratorsTest, FlyerEventsAreAnUntidyCrlfExport) {
  ExpectReproducible(GenerateFlyerEvents, 500'000);
  testing_util::TempDir directory;
  const std::string text = Generate(GenerateFlyerEvents, 100'000, 1, 2, directory.File("e.csv"));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 100'000);  // no final line break
  EXPECT_NE(text.back(), '\n');
  EXPECT_EQ(text.rfind("timestamp,user_id,event,flyer_id,merchant_id\r\n", 0), 0u);
}

TEST(GeneratorsTest, ExperimentEventsAreSegmentJsonLines) {
  ExpectReproducible(GenerateExperimentEvents, 200'000);
  testing_util::TempDir directory;
  Generate(GenerateExperimentEvents, 50'000, 1, 2, directory.File("e.jsonl"));
  const Table table = ReadJson({directory.File("e.jsonl")}, JsonOptions{});
  EXPECT_EQ(table.num_rows(), 50'000);
  for (const char* column : {"event", "userId", "timestamp", "properties"}) {
    EXPECT_TRUE(table.schema()->FieldIndex(column)) << column;
  }
}

}  // namespace
}  // namespace berserkr

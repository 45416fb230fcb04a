// The same CSV in every supported codec reads as the same table; real files from the corpora too.

#include <gtest/gtest.h>

#include <cmath>

#include "berserkr/common/error.h"
#include "berserkr/formats/csv_reader.h"
#include "test_util.h"

namespace berserkr {
namespace {

using testing_util::HaveCommand;
using testing_util::TempDir;

// Every value of the table as text, row by row: a simple, exact fingerprint.
std::string Fingerprint(const Table& table) {
  std::string text = table.schema()->ToString();
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      for (const ColumnPtr& column : batch.columns) text += column->FormatValue(row) + "|";
      text += "\n";
    }
  }
  return text;
}

TEST(CsvCodecsTest, EveryCodecReadsIdentically) {
  TempDir dir;
  const std::string plain = dir.File("retail.csv");
  const std::string bundled =
      std::string(BERSERKR_SOURCE_DIR) + "/data/online-retail/by-day/2011-12-08.csv.zst";
  ASSERT_EQ(std::system(("zstd -q -d -c '" + bundled + "' > '" + plain + "'").c_str()), 0);
  const std::string expected = Fingerprint(ReadCsv({plain}, CsvOptions{}));
  ASSERT_GT(expected.size(), 100'000u);
  const struct {
    const char* tool;
    const char* command;
    const char* extension;
  } codecs[] = {
      {"gzip", "gzip -c", ".gz"},   {"zstd", "zstd -q -c", ".zst"}, {"bzip2", "bzip2 -c", ".bz2"},
      {"lz4", "lz4 -q -c", ".lz4"}, {"lzop", "lzop -c", ".lzo"},
  };
  for (const auto& codec : codecs) {
    if (!HaveCommand(codec.tool)) {
      ADD_FAILURE() << codec.tool << " is missing: scripts/install-deps.sh installs it";
      continue;
    }
    const std::string compressed = plain + codec.extension;
    ASSERT_EQ(std::system(
                  (std::string(codec.command) + " '" + plain + "' > '" + compressed + "'").c_str()),
              0);
    EXPECT_EQ(Fingerprint(ReadCsv({compressed}, CsvOptions{})), expected) << codec.tool;
    // The codec is found from the bytes, not the name.
    const std::string renamed = dir.File(std::string("no_extension_") + codec.tool);
    std::filesystem::rename(compressed, renamed);
    EXPECT_EQ(Fingerprint(ReadCsv({renamed}, CsvOptions{})), expected)
        << codec.tool << " without extension";
  }
}

TEST(CsvCodecsTest, TruncatedCompressedFileFailsOrIsQuarantinedWithItsReason) {
  TempDir dir;
  const std::string bundled =
      std::string(BERSERKR_SOURCE_DIR) + "/data/online-retail/by-day/2011-12-08.csv.zst";
  const std::string truncated = dir.File("cut.csv.zst");
  ASSERT_EQ(std::system(("head -c 30000 '" + bundled + "' > '" + truncated + "'").c_str()), 0);
  try {
    ReadCsv({truncated}, CsvOptions{});
    FAIL() << "a truncated file must not read as complete";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("truncated zstd stream"), std::string::npos)
        << error.what();
  }
  // Quarantine keeps the rows before the cut, sets aside the cut row, and records the damage.
  CsvOptions options;
  options.on_error = OnError::kQuarantine;
  options.quarantine_path = dir.File("rejected.csv");
  ReadStats stats;
  Table table = ReadCsv({truncated}, options, &stats);
  EXPECT_GT(table.num_rows(), 100);
  EXPECT_EQ(stats.rows_read, stats.rows_accepted + stats.rows_rejected);
  EXPECT_GE(stats.rows_rejected, 1);
  const std::string rejected = testing_util::ReadFileText(options.quarantine_path);
  EXPECT_NE(rejected.find("the rest of the file is unreadable"), std::string::npos) << rejected;
  EXPECT_NE(rejected.find("truncated zstd stream"), std::string::npos) << rejected;
}

TEST(CsvCodecsTest, NycTaxiGzipMatchesPublishedFigures) {
  const std::string shared = testing_util::SharedDataDir();
  if (shared.empty()) GTEST_SKIP() << "../shared/data is absent (a user's clone): skipped";
  Table table = ReadCsv({shared + "/nyc-taxi/green_tripdata_2020-10.csv.gz"}, CsvOptions{});
  ASSERT_EQ(table.num_rows(), 95'120);
  const Schema& schema = *table.schema();
  const int vendor = *schema.FieldIndex("VendorID");
  const int total = *schema.FieldIndex("total_amount");
  const int distance = *schema.FieldIndex("trip_distance");
  const int payment = *schema.FieldIndex("payment_type");
  int64_t vendor_two = 0, vendor_one = 0, vendor_null = 0, payment_cash = 0;
  double total_sum = 0, distance_sum = 0;
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      if (batch.columns[vendor]->IsNull(row)) {
        ++vendor_null;
      } else {
        const int64_t id = batch.columns[vendor]->ValuesAs<int64_t>()[row];
        vendor_one += id == 1;
        vendor_two += id == 2;
      }
      if (!batch.columns[payment]->IsNull(row))
        payment_cash += batch.columns[payment]->ValuesAs<int64_t>()[row] == 2;
      total_sum += batch.columns[total]->ValuesAs<double>()[row];
      distance_sum += batch.columns[distance]->ValuesAs<double>()[row];
    }
  }
  EXPECT_EQ(vendor_two, 42'605);
  EXPECT_EQ(vendor_one, 10'005);
  EXPECT_EQ(vendor_null, 42'510);
  EXPECT_EQ(payment_cash, 22'108);
  EXPECT_NEAR(total_sum, 2'196'773.09, 1e-4);
  EXPECT_NEAR(distance_sum, 2'575'677.91, 1e-4);
}

}  // namespace
}  // namespace berserkr

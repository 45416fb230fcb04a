// The Online Retail data read as one table must match the integrity figures published with it
// (data/online-retail/SOURCE.md): counts, distinct counts, nulls, sums and the date range.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <unordered_set>

#include "berserkr/formats/csv_reader.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/types/temporal.h"
#include "test_util.h"

namespace berserkr {
namespace {

void CheckIntegrityFigures(const Table& table) {
  ASSERT_EQ(table.num_rows(), 541'909);
  const Schema& schema = *table.schema();
  const int invoice = *schema.FieldIndex("InvoiceNo");
  const int stock = *schema.FieldIndex("StockCode");
  const int quantity = *schema.FieldIndex("Quantity");
  const int date = *schema.FieldIndex("InvoiceDate");
  const int price = *schema.FieldIndex("UnitPrice");
  const int customer = *schema.FieldIndex("CustomerID");
  const int country = *schema.FieldIndex("Country");
  ASSERT_EQ(schema.field(quantity).type, DataType::Int64());
  ASSERT_EQ(schema.field(price).type, DataType::Float64());
  ASSERT_EQ(schema.field(customer).type, DataType::Float64());
  ASSERT_EQ(schema.field(date).type, DataType::Timestamp());

  std::unordered_set<std::string> invoices, stock_codes, countries, cancelled_invoices;
  std::unordered_set<double> customers;
  int64_t null_customers = 0, cancellation_rows = 0, quantity_sum = 0;
  long double sales = 0;
  int64_t min_date = INT64_MAX, max_date = INT64_MIN;
  for (const Batch& batch : table.batches()) {
    const Column& invoice_column = *batch.columns[invoice];
    const int64_t* quantities = batch.columns[quantity]->ValuesAs<int64_t>();
    const double* prices = batch.columns[price]->ValuesAs<double>();
    const int64_t* dates = batch.columns[date]->ValuesAs<int64_t>();
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      const std::string number(invoice_column.GetString(row));
      invoices.insert(number);
      if (number[0] == 'C') {
        ++cancellation_rows;
        cancelled_invoices.insert(number);
      }
      stock_codes.insert(std::string(batch.columns[stock]->GetString(row)));
      countries.insert(std::string(batch.columns[country]->GetString(row)));
      if (batch.columns[customer]->IsNull(row)) {
        ++null_customers;
      } else {
        customers.insert(batch.columns[customer]->ValuesAs<double>()[row]);
      }
      quantity_sum += quantities[row];
      sales += static_cast<long double>(quantities[row]) * prices[row];
      min_date = std::min(min_date, dates[row]);
      max_date = std::max(max_date, dates[row]);
    }
  }
  EXPECT_EQ(invoices.size(), 25'900u);
  EXPECT_EQ(stock_codes.size(), 4'070u);
  EXPECT_EQ(customers.size(), 4'372u);
  EXPECT_EQ(null_customers, 135'080);
  EXPECT_EQ(countries.size(), 38u);
  EXPECT_EQ(cancellation_rows, 9'288);
  EXPECT_EQ(cancelled_invoices.size(), 3'836u);
  EXPECT_EQ(quantity_sum, 5'176'450);
  EXPECT_NEAR(static_cast<double>(sales), 9'747'747.934, 1e-3);
  EXPECT_EQ(FormatTimestamp(min_date), "2010-12-01 08:26:00");
  EXPECT_EQ(FormatTimestamp(max_date), "2011-12-09 12:50:00");
}

TEST(OnlineRetailTest, BundledDayFilesMatchPublishedFigures) {
  const std::string bundled = std::string(BERSERKR_SOURCE_DIR) + "/data/online-retail/by-day";
  ReadStats stats;
  Table table = ReadCsv({bundled}, CsvOptions{}, &stats);
  EXPECT_EQ(stats.files, 305);
  EXPECT_EQ(stats.bytes, 48'064'654);  // the decompressed bytes of the published files
  EXPECT_EQ(stats.rows_read, 541'909);
  EXPECT_EQ(stats.rows_rejected, 0);
  CheckIntegrityFigures(table);
}

TEST(OnlineRetailTest, SharedPlainDayFilesMatchPublishedFigures) {
  const std::string shared = testing_util::SharedDataDir();
  if (shared.empty()) GTEST_SKIP() << "../shared/data is absent (a user's clone): skipped";
  Table table = ReadCsv({shared + "/online-retail/by-day/*.csv"}, CsvOptions{});
  CheckIntegrityFigures(table);
}

}  // namespace
}  // namespace berserkr

namespace berserkr {
namespace {

// The README's DataFrame example, checked against a plain loop over the same table.
TEST(OnlineRetailTest, ReadmeDataFrameExampleMatchesAPlainLoop) {
  const Table lines =
      ReadCsv({std::string(BERSERKR_SOURCE_DIR) + "/data/online-retail/by-day"}, CsvOptions{});
  Table answer = DataFrame::FromTable(lines)
                     .Filter(Col("Quantity") > 0)
                     .WithColumn("amount", Col("Quantity") * Col("UnitPrice"))
                     .GroupBy({Col("Country")})
                     .Agg({Sum(Col("amount")).As("sales"), CountStar().As("lines")})
                     .Collect();
  std::map<std::string, std::pair<double, int64_t>> expected;
  for (const Batch& batch : lines.batches()) {
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      const int64_t quantity = batch.columns[3]->ValuesAs<int64_t>()[row];
      if (quantity <= 0) continue;
      auto& [sales, count] = expected[std::string(batch.columns[7]->GetString(row))];
      sales += static_cast<double>(quantity) * batch.columns[5]->ValuesAs<double>()[row];
      ++count;
    }
  }
  ASSERT_EQ(answer.num_rows(), static_cast<int64_t>(expected.size()));
  const ColumnPtr countries = answer.CombinedColumn(0);
  const ColumnPtr sales = answer.CombinedColumn(1);
  const ColumnPtr counts = answer.CombinedColumn(2);
  for (int64_t row = 0; row < answer.num_rows(); ++row) {
    const auto& [expected_sales, expected_count] =
        expected.at(std::string(countries->GetString(row)));
    EXPECT_NEAR(sales->ValuesAs<double>()[row], expected_sales, 1e-6 * std::abs(expected_sales));
    EXPECT_EQ(counts->ValuesAs<int64_t>()[row], expected_count);
  }
}

}  // namespace
}  // namespace berserkr

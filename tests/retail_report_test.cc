// The retail report: every table on a small hand-computed example, errors users can act on, and
// every table of the bundled Online Retail data against the same definitions in DuckDB SQL
// (tests/oracle/retail_report_duckdb.mjs).

#include "berserkr/jobs/retail_report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "berserkr/common/error.h"
#include "berserkr/formats/csv_reader.h"
#include "berserkr/types/temporal.h"
#include "jobs/table_values.h"
#include "table_compare.h"
#include "test_util.h"

namespace berserkr {
namespace {

using testing_util::TempDir;
using testing_util::WriteFile;

// Nine lines: a duplicate, postage, a zero price, an anonymous line and a cancellation among them.
constexpr const char* kSmallLines =
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
    "1001,10001,MUG,2,2011-01-05 10:00:00,3.5,101.0,UK\n"
    "1001,10001,MUG,2,2011-01-05 10:00:00,3.5,101.0,UK\n"
    "1001,POST,POSTAGE,1,2011-01-05 10:00:00,18.0,101.0,UK\n"
    "1002,10002,PLATE,1,2011-01-20 09:00:00,10.0,102.0,France\n"
    "1003,10001,MUG,4,2011-01-21 12:00:00,0.0,,UK\n"
    "1004,10003,BOWL,3,2011-01-22 12:00:00,5.0,,UK\n"
    "C1005,10002,PLATE,-1,2011-01-25 12:00:00,10.0,102.0,France\n"
    "1006,10001,MUG,10,2011-02-03 08:00:00,3.5,101.0,UK\n"
    "1007,10003,BOWL,2,2011-02-10 08:00:00,5.0,103.0,UK\n";

class RetailReportTest : public testing::Test {
 protected:
  RetailReport BuildSmall(const RetailReportOptions& options = {}) {
    const std::string path = directory_.File("lines.csv");
    WriteFile(path, kSmallLines);
    return BuildRetailReport(LoadRetailLines({path}, options.columns), options);
  }
  TempDir directory_;
};

TEST_F(RetailReportTest, CleaningCountsWhatEachRuleRemoved) {
  const RetailReport report = BuildSmall();
  EXPECT_EQ(report.rows_read, 9);
  EXPECT_EQ(report.rows_kept, 6);
  ASSERT_EQ(report.cleaning.size(), 4u);
  EXPECT_EQ(report.cleaning[0].flag, "--keep-duplicates");
  EXPECT_EQ(report.cleaning[0].rows, 1);
  EXPECT_EQ(report.cleaning[1].flag, "--keep-non-product");
  EXPECT_EQ(report.cleaning[1].rows, 1);
  EXPECT_EQ(report.cleaning[2].flag, "--keep-zero-price");
  EXPECT_EQ(report.cleaning[2].rows, 1);
  EXPECT_EQ(report.cleaning[3].rows, 1);  // anonymous, kept for sales

  RetailReportOptions keep_all;
  keep_all.cleaning.drop_duplicates = false;
  keep_all.cleaning.drop_non_product = false;
  keep_all.cleaning.drop_zero_price = false;
  const RetailReport kept = BuildSmall(keep_all);
  EXPECT_EQ(kept.rows_kept, 9);
  EXPECT_EQ(kept.cleaning.size(), 1u);
  EXPECT_EQ(kept.cleaning[0].rows, 2);  // both anonymous lines
}

TEST_F(RetailReportTest, MonthlyFigures) {
  const RetailReport report = BuildSmall();
  const Table& monthly = report.monthly;
  EXPECT_EQ(StringValues(monthly, "month"), (std::vector<std::string>{"2011-01", "2011-02"}));
  EXPECT_EQ(NumberValues(monthly, "orders_placed"), (std::vector<double>{3, 2}));
  EXPECT_EQ(NumberValues(monthly, "orders_cancelled"), (std::vector<double>{1, 0}));
  EXPECT_EQ(NumberValues(monthly, "sales"), (std::vector<double>{22, 45}));
  const std::vector<double> growth = NumberValues(monthly, "sales_growth");
  EXPECT_TRUE(std::isnan(growth[0]));
  EXPECT_DOUBLE_EQ(growth[1], 23.0 / 22.0);
  EXPECT_EQ(NumberValues(monthly, "customers_active"), (std::vector<double>{2, 2}));
  EXPECT_EQ(NumberValues(monthly, "customers_new"), (std::vector<double>{2, 1}));
  EXPECT_EQ(NumberValues(monthly, "customers_returning"), (std::vector<double>{0, 1}));
}

TEST_F(RetailReportTest, InvoiceStatistics) {
  const Table& stats = BuildSmall().invoice_stats;
  EXPECT_EQ(StringValues(stats, "subset"), (std::vector<std::string>{"all", "below_p85"}));
  EXPECT_EQ(NumberValues(stats, "invoices"), (std::vector<double>{5, 4}));
  EXPECT_EQ(NumberValues(stats, "mean"), (std::vector<double>{15.4, 10.5}));
  EXPECT_EQ(NumberValues(stats, "median"), (std::vector<double>{10, 10}));
  EXPECT_EQ(NumberValues(stats, "mode"), (std::vector<double>{10, 10}));
  EXPECT_EQ(NumberValues(stats, "min"), (std::vector<double>{7, 7}));
  EXPECT_EQ(NumberValues(stats, "max"), (std::vector<double>{35, 15}));  // p85 = 23
}

TEST_F(RetailReportTest, RfmScoresAndSegments) {
  const RetailReport report = BuildSmall();
  const Table& rfm = report.rfm_customers;
  EXPECT_EQ(StringValues(rfm, "customer_id"), (std::vector<std::string>{"101", "102", "103"}));
  EXPECT_EQ(NumberValues(rfm, "recency_days"), (std::vector<double>{8, 22, 1}));
  EXPECT_EQ(NumberValues(rfm, "frequency"), (std::vector<double>{2, 1, 1}));
  EXPECT_EQ(NumberValues(rfm, "monetary"), (std::vector<double>{42, 0, 10}));  // net of C1005
  EXPECT_EQ(NumberValues(rfm, "r"), (std::vector<double>{3, 1, 5}));
  EXPECT_EQ(NumberValues(rfm, "f"), (std::vector<double>{5, 1, 1}));  // ties share the low score
  EXPECT_EQ(NumberValues(rfm, "m"), (std::vector<double>{5, 1, 3}));
  EXPECT_EQ(StringValues(rfm, "segment"),
            (std::vector<std::string>{"Loyal Customers", "Hibernating", "New Customers"}));
  EXPECT_EQ(report.rfm_segments.num_rows(), 3);

  RetailReportOptions later;
  later.reference_date = *ParseDate("2011-03-01");
  EXPECT_EQ(NumberValues(BuildSmall(later).rfm_customers, "recency_days"),
            (std::vector<double>{26, 40, 19}));
}

TEST_F(RetailReportTest, CohortsAndTopTables) {
  const RetailReport report = BuildSmall();
  EXPECT_EQ(StringValues(report.cohorts, "cohort"),
            (std::vector<std::string>{"2011-01", "2011-01", "2011-02"}));
  EXPECT_EQ(NumberValues(report.cohorts, "months_since"), (std::vector<double>{0, 1, 0}));
  EXPECT_EQ(NumberValues(report.cohorts, "customers"), (std::vector<double>{2, 1, 1}));
  EXPECT_EQ(NumberValues(report.cohorts, "retention"), (std::vector<double>{1, 0.5, 1}));
  EXPECT_EQ(StringValues(report.top_products, "description"),
            (std::vector<std::string>{"MUG", "BOWL", "PLATE"}));
  EXPECT_EQ(NumberValues(report.top_products, "quantity"), (std::vector<double>{12, 5, 0}));
  EXPECT_EQ(NumberValues(report.top_products, "sales"), (std::vector<double>{42, 25, 0}));
  EXPECT_EQ(StringValues(report.top_countries, "country"),
            (std::vector<std::string>{"UK", "France"}));
  EXPECT_EQ(NumberValues(report.top_countries, "orders"), (std::vector<double>{4, 1}));
  EXPECT_EQ(NumberValues(report.top_countries, "sales"), (std::vector<double>{67, 0}));
}

TEST_F(RetailReportTest, OtherExportsMapTheirColumns) {
  const std::string path = directory_.File("export.csv");
  WriteFile(path,
            "order,sku,name,qty,ts,price,client,market\n"
            "A1,10001,MUG,2,3/5/2011 10:00,3.5,alice,UK\n"
            "A2,10002,PLATE,1,3/6/2011 9:30,10.0,bob,FR\n");
  RetailColumnMap columns;
  EXPECT_THROW(LoadRetailLines({path}, columns), InvalidInput);
  try {
    LoadRetailLines({path}, columns);
  } catch (const InvalidInput& error) {
    const std::string message = error.what();
    for (const char* hint : {"--map invoice=<column>", "--map customer=<column>", "'CustomerID'",
                             "its columns: order, sku"}) {
      EXPECT_NE(message.find(hint), std::string::npos) << hint << " in " << message;
    }
  }
  columns.Apply("invoice=order, stock_code=sku,description=name,quantity=qty,invoice_date=ts");
  columns.Apply("unit_price=price,customer=client,country=market");
  const Table lines = LoadRetailLines({path}, columns);
  EXPECT_EQ(StringValues(lines, "customer_id"), (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(StringValues(lines, "invoice_date"),
            (std::vector<std::string>{"2011-03-05 10:00:00", "2011-03-06 09:30:00"}));
  EXPECT_THROW(columns.Apply("shop=market"), InvalidInput);
  EXPECT_THROW(columns.Apply("customer"), InvalidInput);
}

TEST_F(RetailReportTest, AnUnreadableDateIsNamed) {
  const std::string path = directory_.File("bad.csv");
  WriteFile(path,
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
            "1,10001,MUG,2,2011-01-05 10:00:00,3.5,1,UK\n"
            "2,10001,MUG,2,yesterday,3.5,1,UK\n");
  try {
    LoadRetailLines({path}, {});
    FAIL() << "expected an error";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("'yesterday'"), std::string::npos) << error.what();
  }
}

TEST_F(RetailReportTest, WritesEveryTableAndASelfContainedReport) {
  const RetailReport report = BuildSmall();
  const std::string out = directory_.File("report");
  WriteRetailReport(report, out);
  for (const char* name : {"monthly", "invoice_stats", "rfm_customers", "rfm_segments",
                           "top_products", "top_countries", "cohorts", "cleaning"}) {
    const Table table = ReadCsv({out + "/" + name + ".csv"}, CsvOptions{});
    EXPECT_GT(table.num_rows(), 0) << name;
  }
  const std::string html = testing_util::ReadFileText(out + "/report.html");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("Loyal Customers"), std::string::npos);
  for (const char* external : {"<script", "http://", "https://", "<link"}) {
    // Only the SVG namespace may name a URL: nothing is fetched.
    size_t position = html.find(external);
    while (position != std::string::npos &&
           html.compare(position, 26, "http://www.w3.org/2000/svg") == 0) {
      position = html.find(external, position + 1);
    }
    EXPECT_EQ(position, std::string::npos) << external;
  }
  EXPECT_THROW(WriteRetailReport(report, "/proc/no/such/dir"), IoError);
}

// Every table of the bundled data equals DuckDB's answer to the same definitions.
TEST(RetailReportOracleTest, BundledDataMatchesDuckDb) {
  const std::string unavailable = testing_util::DuckDbUnavailable();
  if (!unavailable.empty()) GTEST_SKIP() << unavailable;
  const std::string data = std::string(BERSERKR_SOURCE_DIR) + "/data/online-retail/by-day";
  TempDir directory;
  WriteRetailReport(BuildRetailReport(LoadRetailLines({data}, {}), {}), directory.File("ours"));
  std::filesystem::create_directories(directory.File("duckdb"));
  const std::string command = "node '" + std::string(BERSERKR_SOURCE_DIR) +
                              "/tests/oracle/retail_report_duckdb.mjs' '" + data + "/*.csv.zst' '" +
                              directory.File("duckdb") + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  for (const char* name : {"monthly", "invoice_stats", "rfm_customers", "rfm_segments",
                           "top_products", "top_countries", "cohorts"}) {
    testing_util::ExpectSameCsv(directory.File("ours") + "/" + name + ".csv",
                                directory.File("duckdb") + "/" + name + ".csv");
  }
  // The cleaning counts, by rule.
  const Table steps = ReadCsv({directory.File("duckdb") + "/cleaning.csv"}, CsvOptions{});
  const Table ours = ReadCsv({directory.File("ours") + "/cleaning.csv"}, CsvOptions{});
  EXPECT_EQ(NumberValues(ours, "rows"), NumberValues(steps, "rows"));
}

}  // namespace
}  // namespace berserkr

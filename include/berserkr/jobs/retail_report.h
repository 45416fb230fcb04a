#pragma once

// The retail report over transaction lines (the UCI Online Retail schema by default): cleaning
// with a count per rule, monthly KPIs, invoice statistics, RFM scores and segments, top products
// and countries, and cohort retention. Every figure is a DataFrame program on the engine.
// docs/retail-report.md states each definition; the CLI is `berserkr retail report`.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "berserkr/formats/csv_reader.h"
#include "berserkr/types/table.h"

namespace berserkr {

// Which input column holds each field of a transaction line.
struct RetailColumnMap {
  std::string invoice = "InvoiceNo";  // text; a leading 'C' marks a cancellation
  std::string stock_code = "StockCode";
  std::string description = "Description";
  std::string quantity = "Quantity";
  std::string invoice_date =
      "InvoiceDate";  // timestamp, or text as YYYY-MM-DD HH:MM[:SS] or M/D/YYYY H:MM
  std::string unit_price = "UnitPrice";
  std::string customer = "CustomerID";  // empty: an anonymous line
  std::string country = "Country";

  // Applies a --map value: "field=Column,field=Column" with the field names above (invoice,
  // stock_code, description, quantity, invoice_date, unit_price, customer, country). Throws
  // InvalidInput naming an unknown field or a malformed pair.
  void Apply(const std::string& mapping);
};

// The cleaning rules, each on by default.
struct RetailCleaningOptions {
  bool drop_duplicates = true;   // exact duplicate lines (--keep-duplicates)
  bool drop_non_product = true;  // postage, fees, manual adjustments, vouchers (--keep-non-product)
  bool drop_zero_price = true;   // unit price <= 0, which includes test lines (--keep-zero-price)
  // Stock codes that are not products (RE2, matched in full, case-sensitive).
  std::string non_product_codes =
      "POST|DOT|C2|M|m|D|S|B|CRUK|PADS|AMAZONFEE|BANK CHARGES|ADJUST.*|TEST.*|gift_.*";
};

struct RetailReportOptions {
  RetailColumnMap columns;
  RetailCleaningOptions cleaning;
  // Days since 1970-01-01 at which recency is measured; default: the day after the last line.
  std::optional<int32_t> reference_date;
  int top = 10;  // rows of the top products and countries
};

// What one cleaning rule did.
struct CleaningStep {
  std::string rule;  // what it does, for the report
  std::string flag;  // the flag that turns it off (empty: not switchable)
  int64_t rows = 0;  // lines it removed (or, for anonymous lines, set aside from customer metrics)
};

// A section other steps of the same run add at the end of report.html, such as the main job's
// purchase-propensity scores: a heading, a sentence, links relative to the report's directory
// and a preview table (none when it has no columns).
struct ReportSection {
  std::string heading;
  std::string text;
  std::vector<std::pair<std::string, std::string>> links;  // label, relative href
  Table preview;
};

struct RetailReport {
  int64_t rows_read = 0;
  int64_t rows_kept = 0;  // after cleaning
  std::vector<CleaningStep> cleaning;
  int32_t first_day = 0;  // days since 1970-01-01 of the first and last kept line
  int32_t last_day = 0;
  int32_t reference_date = 0;
  Table monthly;        // month, orders_placed, orders_cancelled, sales, sales_growth, customers_*
  Table invoice_stats;  // subset (all / below_p85), invoices, mean, median, mode, min, max
  Table rfm_customers;  // customer_id, recency_days, frequency, monetary, r, f, m, segment
  Table rfm_segments;   // segment, customers, recency_mean, frequency_mean, monetary_mean
  Table top_products;   // stock_code, description, quantity, sales, customers
  Table top_countries;  // country, orders, customers, sales
  Table cohorts;        // cohort, month, months_since, customers, retention
  std::vector<ReportSection> appendix;  // empty unless a caller adds sections
};

// Reads transaction lines from CSV sources into the report's canonical columns: invoice,
// stock_code, description (strings), quantity (BIGINT), invoice_date (TIMESTAMP), unit_price
// (DOUBLE), customer_id (BIGINT when the source is numeric, as Online Retail's "17850.0", else
// VARCHAR), country. Throws InvalidInput naming each missing column and the --map flag that
// fixes it, or a value that cannot be read as its field.
Table LoadRetailLines(const std::vector<std::string>& sources, const RetailColumnMap& columns,
                      const CsvOptions& csv_options = {}, ReadStats* stats = nullptr);

// The same from a table already read (Parquet, a Delta table): columns are cast to those types.
Table RetailLinesFromTable(const Table& raw, const RetailColumnMap& columns);

// Applies the cleaning rules in order to `lines` (as LoadRetailLines returns them), appending
// what each did to `steps`.
Table CleanRetailLines(const Table& lines, const RetailCleaningOptions& options,
                       std::vector<CleaningStep>& steps);

// Cleans `lines` (as LoadRetailLines returns them) and computes every table of the report.
RetailReport BuildRetailReport(const Table& lines, const RetailReportOptions& options);

// Writes each table as DIR/<name>.csv and the whole as DIR/report.html (creating DIR).
void WriteRetailReport(const RetailReport& report, const std::string& directory);

}  // namespace berserkr

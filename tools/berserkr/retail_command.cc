// `berserkr retail report --input SRC… --out DIR`: the retail report (include/berserkr/jobs/
// retail_report.h) from transaction-line CSVs.

#include <chrono>
#include <cstdio>

#include "berserkr/commands.h"
#include "berserkr/common/error.h"
#include "berserkr/jobs/retail_report.h"
#include "berserkr/read_sources.h"
#include "berserkr/types/temporal.h"

namespace berserkr::cli {
namespace {

int RunRetailReport(int argc, char** argv, int first) {
  Arguments arguments(
      "retail report", "berserkr retail report --input SRC... --out DIR [options]",
      "Cleans transaction lines (the UCI Online Retail columns InvoiceNo, StockCode, Description,\n"
      "Quantity, InvoiceDate, UnitPrice, CustomerID, Country by default) and writes to DIR:\n"
      "  monthly.csv        orders, cancellations, sales and growth, active / new / returning\n"
      "                     customers per month\n"
      "  invoice_stats.csv  invoice amounts: all, and those below the 85th percentile\n"
      "  rfm_customers.csv  recency, frequency, monetary, 1-5 scores and segment per customer\n"
      "  rfm_segments.csv   customers and mean R, F, M per segment\n"
      "  top_products.csv, top_countries.csv, cohorts.csv (retention by first-purchase month)\n"
      "  cleaning.csv       what each cleaning rule removed\n"
      "  report.html        all of it with charts, self-contained\n"
      "Definitions: docs/retail-report.md.");
  arguments.AddOption("input", "SRC",
                      "transaction files (CSV or Parquet), directories or globs (repeatable)");
  arguments.AddOption("out", "DIR", "output directory (created if missing)");
  arguments.AddOption("map", "FIELD=COL,...",
                      "input columns for other exports: invoice, stock_code, description, "
                      "quantity, invoice_date, unit_price, customer, country");
  arguments.AddOption("reference-date", "YYYY-MM-DD",
                      "date RFM recency is measured at (default: the day after the last line)");
  arguments.AddOption("top", "N", "rows of top products and countries (default: 10)");
  arguments.AddFlag("keep-duplicates", "keep exact duplicate lines");
  arguments.AddFlag("keep-non-product", "keep postage, fees, adjustments and vouchers");
  arguments.AddFlag("keep-zero-price", "keep lines with a zero or negative unit price");
  arguments.AddOption("non-product-codes", "REGEX",
                      "stock codes that are not products (RE2, whole code; see --help default)");
  AddReadArguments(arguments);
  arguments.Parse(argc, argv, first);
  if (arguments.help_requested()) {
    std::fputs(arguments.Help().c_str(), stdout);
    return 0;
  }
  const std::vector<std::string> inputs = InputSources(arguments, "the transaction files");
  const std::string out =
      RequiredOption(arguments, "out", "say where to write the report with --out DIR");
  ApplyResourceArguments(arguments);

  RetailReportOptions options;
  if (auto map = arguments.Get("map")) options.columns.Apply(*map);
  options.cleaning.drop_duplicates = !arguments.Has("keep-duplicates");
  options.cleaning.drop_non_product = !arguments.Has("keep-non-product");
  options.cleaning.drop_zero_price = !arguments.Has("keep-zero-price");
  if (auto codes = arguments.Get("non-product-codes")) options.cleaning.non_product_codes = *codes;
  options.top = PositiveNumberOption(arguments, "top", options.top);
  if (auto date = arguments.Get("reference-date")) {
    const std::optional<int32_t> days = ParseDate(*date);
    if (!days) throw UsageError("--reference-date takes YYYY-MM-DD, not '" + *date + "'");
    options.reference_date = *days;
  }

  const auto start = std::chrono::steady_clock::now();
  const Table lines = LoadRetailInput(inputs, options.columns, arguments);
  const RetailReport report = BuildRetailReport(lines, options);
  WriteRetailReport(report, out);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr,
               "berserkr: %lld lines read, %lld kept; %lld customers, %lld months (%.2f s)\n",
               static_cast<long long>(report.rows_read), static_cast<long long>(report.rows_kept),
               static_cast<long long>(report.rfm_customers.num_rows()),
               static_cast<long long>(report.monthly.num_rows()), seconds);
  std::printf("%s/report.html\n", out.c_str());
  return 0;
}

}  // namespace

int RunRetail(int argc, char** argv, int first) {
  return RunSubcommand(
      "retail",
      "usage: berserkr retail report --input SRC... --out DIR   (berserkr retail report --help)",
      {{"report", RunRetailReport}}, argc, argv, first);
}

}  // namespace berserkr::cli

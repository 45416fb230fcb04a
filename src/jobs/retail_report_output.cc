// The retail report on disk: one CSV per table (what BI tools load) and report.html (what people
// read), written into one directory.

#include <filesystem>
#include <map>
#include <system_error>

#include "berserkr/common/error.h"
#include "berserkr/formats/csv_writer.h"
#include "berserkr/jobs/retail_report.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/types/temporal.h"
#include "jobs/html_report.h"
#include "jobs/retail_internal.h"
#include "jobs/table_values.h"

namespace berserkr {
namespace {

void WriteHtml(const RetailReport& report, const std::string& path) {
  HtmlReport html("Retail report", std::to_string(report.rows_kept) + " transaction lines from " +
                                       FormatDate(report.first_day) + " to " +
                                       FormatDate(report.last_day) + " · RFM as of " +
                                       FormatDate(report.reference_date) + " · berserkr " +
                                       BERSERKR_VERSION);
  const std::vector<std::string> months = StringValues(report.monthly, "month");
  const std::vector<double> sales = NumberValues(report.monthly, "sales");
  double total_sales = 0;
  for (double value : sales) total_sales += value;
  double orders = 0;
  for (double value : NumberValues(report.monthly, "orders_placed")) orders += value;
  html.KeyFigures({{FormatAmount(total_sales), "sales (net of cancellations)"},
                   {FormatCount(orders), "orders placed"},
                   {FormatCount(static_cast<double>(report.rfm_customers.num_rows())),
                    "customers with a purchase"},
                   {FormatCount(static_cast<double>(report.rows_kept)), "lines after cleaning"}});

  html.Heading("Cleaning");
  html.Paragraph(std::to_string(report.rows_read) + " lines read, " +
                 std::to_string(report.rows_kept) +
                 " kept. Each rule can be turned off with its "
                 "flag.");
  html.TableOf(CleaningTable(report.cleaning));

  html.Heading("Sales by month");
  html.LineChart("Sales", months, {{"sales", sales}}, "sales");
  std::vector<double> growth = NumberValues(report.monthly, "sales_growth");
  for (double& value : growth) value *= 100;
  html.BarChart("Sales growth against the previous month (%)", months, {{"growth", growth}}, "%");
  html.BarChart("Active customers: new and returning", months,
                {{"new", NumberValues(report.monthly, "customers_new")},
                 {"returning", NumberValues(report.monthly, "customers_returning")}},
                "customers");
  html.TableOf(report.monthly, 48);

  html.Heading("Invoices");
  html.Paragraph(
      "Amounts of non-cancellation invoices over their lines with positive quantity "
      "and price; below_p85 keeps the invoices under the 85th percentile.");
  html.TableOf(report.invoice_stats);

  html.Heading("Customer segments (RFM)");
  html.HorizontalBars("Customers per segment", StringValues(report.rfm_segments, "segment"),
                      NumberValues(report.rfm_segments, "customers"));
  html.TableOf(report.rfm_segments);

  html.Heading("Cohort retention");
  html.Paragraph(
      "Share of each first-purchase month's customers who bought again N months "
      "later.");
  const CohortGrid grid = MakeCohortGrid(report.cohorts);
  html.Heatmap("Retention by cohort (%)", grid.cohorts, grid.offsets, grid.shares);

  html.Heading("Top products");
  html.TableOf(report.top_products);
  html.Heading("Top countries");
  html.HorizontalBars("Sales by country", StringValues(report.top_countries, "country"),
                      NumberValues(report.top_countries, "sales"));
  html.TableOf(report.top_countries);
  for (const ReportSection& section : report.appendix) {
    html.Heading(section.heading);
    if (!section.text.empty()) html.Paragraph(section.text);
    if (!section.links.empty()) html.Links(section.links);
    if (section.preview.num_columns() > 0) html.TableOf(section.preview, 40);
  }
  html.Write(path);
}

}  // namespace

Table CleaningTable(const std::vector<CleaningStep>& steps) {
  std::vector<std::string> rules;
  std::vector<std::string> flags;
  std::vector<int64_t> rows;
  for (const CleaningStep& step : steps) {
    rules.push_back(step.rule);
    flags.push_back(step.flag);
    rows.push_back(step.rows);
  }
  return MakeTable(
      {{"rule", StringColumn(rules)}, {"flag", StringColumn(flags)}, {"rows", Int64Column(rows)}});
}

CohortGrid MakeCohortGrid(const Table& cohorts) {
  CohortGrid grid;
  const std::vector<std::string> names = StringValues(cohorts, "cohort");
  const std::vector<double> offsets = NumberValues(cohorts, "months_since");
  const std::vector<double> shares = NumberValues(cohorts, "retention");
  std::map<std::string, size_t> row_of;
  size_t columns = 0;
  for (size_t index = 0; index < names.size(); ++index) {
    if (row_of.emplace(names[index], row_of.size()).second) grid.cohorts.push_back(names[index]);
    columns = std::max(columns, static_cast<size_t>(offsets[index]) + 1);
  }
  grid.shares.assign(grid.cohorts.size(), std::vector<double>(columns, std::nan("")));
  for (size_t index = 0; index < names.size(); ++index) {
    grid.shares[row_of[names[index]]][static_cast<size_t>(offsets[index])] = shares[index];
  }
  for (size_t column = 0; column < columns; ++column)
    grid.offsets.push_back(std::to_string(column));
  return grid;
}

void WriteRetailReport(const RetailReport& report, const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw IoError(directory + ": cannot create the output directory: " + error.message());
  const std::pair<const char*, const Table*> tables[] = {{"monthly", &report.monthly},
                                                         {"invoice_stats", &report.invoice_stats},
                                                         {"rfm_customers", &report.rfm_customers},
                                                         {"rfm_segments", &report.rfm_segments},
                                                         {"top_products", &report.top_products},
                                                         {"top_countries", &report.top_countries},
                                                         {"cohorts", &report.cohorts}};
  for (const auto& [name, table] : tables) {
    WriteCsv(*table, (std::filesystem::path(directory) / (std::string(name) + ".csv")).string());
  }
  WriteCsv(CleaningTable(report.cleaning),
           (std::filesystem::path(directory) / "cleaning.csv").string());
  WriteHtml(report, (std::filesystem::path(directory) / "report.html").string());
}

}  // namespace berserkr

// `berserkr daily --input SRC... --out DIR`: the main job, the daily flow a retailer runs on its
// transaction exports — ingest the day files into the lake (a Delta table; files it holds are
// skipped), the retail report on the table, then purchase propensity (train on the history,
// evaluate on the latest complete period, score every customer now) with the top items per
// customer linked from the report. Each step is the library call its own command makes.

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "berserkr/commands.h"
#include "berserkr/formats/detect_format.h"
#include "berserkr/io/file_listing.h"
#include "berserkr/jobs/ingest.h"
#include "berserkr/jobs/propensity.h"
#include "berserkr/jobs/retail_report.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/plan/delta_table.h"
#include "berserkr/read_sources.h"

namespace berserkr::cli {
namespace {

// How long each step took, printed as it ends so a long run shows where it is.
class StepClock {
 public:
  void Done(const char* step, const std::string& detail) {
    const auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "berserkr daily: %-10s %s (%.1f s)\n", step, detail.c_str(),
                 std::chrono::duration<double>(now - last_).count());
    last_ = now;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// The report's propensity section: how the model did against the baselines, links to the
// scores and the evaluation, and the top items of the customers who spent the most.
ReportSection PropensitySection(const PropensityEvaluation& evaluation, const Table& scores,
                                const RetailReport& report, const Table& lines, int top) {
  ReportSection section;
  section.heading = "Purchase propensity: top " + std::to_string(top) + " items per customer";
  const ModelMetrics& boosted = evaluation.models.at("boosted");
  const ModelMetrics& popularity = evaluation.models.at("popularity");
  char text[400];
  std::snprintf(text, sizeof(text),
                "The probability that each customer buys each candidate item in the next %d "
                "days. On the latest complete period the model reached PR AUC %.3f and "
                "precision@%d %.3f (popularity baseline: %.3f and %.3f). %lld customers scored.",
                evaluation.info.horizon_days, boosted.pr_auc, top, boosted.precision_at_k,
                popularity.pr_auc, popularity.precision_at_k,
                static_cast<long long>(
                    DataFrame::FromTable(scores).Distinct({"customer_id"}).Collect().num_rows()));
  section.text = text;
  section.links = {{"Top items per customer (CSV)", "../propensity/scores.csv"},
                   {"Top items per customer (Parquet)", "../propensity/scores.parquet"},
                   {"Model evaluation: metrics, calibration, gains, feature importances",
                    "../propensity/report.html"}};
  const DataFrame biggest = DataFrame::FromTable(report.rfm_customers)
                                .Sort({{"monetary", false}})
                                .Limit(3)
                                .Select({{"customer_id", Col("customer_id")}});
  const DataFrame descriptions =
      DataFrame::FromTable(lines)
          .GroupBy({Col("stock_code")})
          .Agg({Aggregate("first", {Col("description")}, "description")});
  section.preview = DataFrame::FromTable(scores)
                        .Join(biggest, {"customer_id"})
                        .Join(descriptions, {"stock_code"}, JoinType::kLeft)
                        .Sort({{"customer_id"}, {"rank"}})
                        .Select({{"customer_id", Col("customer_id")},
                                 {"rank", Col("rank")},
                                 {"stock_code", Col("stock_code")},
                                 {"description", Col("description")},
                                 {"probability", Col("probability")}})
                        .Collect();
  return section;
}

// Ingest options for transaction files: the codes as text (an InvoiceNo looks numeric until a
// "C536379" comes), quantities and prices as numbers, bad rows as --on-error says.
IngestOptions RetailIngestOptions(const std::vector<std::string>& inputs,
                                  const RetailColumnMap& columns, const Arguments& arguments) {
  IngestOptions options;
  options.csv = CsvReadOptions(arguments, /*quarantine_path_required=*/false);
  options.on_error = options.csv.on_error;
  options.format = arguments.Get("input-format").value_or("");
  const std::vector<std::string> files = ExpandSources(inputs);
  if (files.empty() ||
      (options.format.empty() ? DetectFileFormat(files.front()) : options.format) != "csv") {
    return options;
  }
  // Only for columns the files have: the report names the missing ones with their --map flag.
  const SchemaPtr header = CsvScanner(files, options.csv).file_schema();
  const auto type = [&](const std::string& column, const DataType& data_type) {
    if (header->FieldIndex(column)) options.csv.column_types.emplace(column, data_type);
  };
  for (const std::string* text :
       {&columns.invoice, &columns.stock_code, &columns.description, &columns.country}) {
    type(*text, DataType::String());
  }
  type(columns.quantity, DataType::Int64());
  type(columns.unit_price, DataType::Float64());
  return options;
}

std::string RejectedNote(const IngestResult& result) {
  if (result.rows_rejected == 0) return "";
  return "; " + std::to_string(result.rows_rejected) + " rows rejected" +
         (result.rejected_table.empty() ? "" : " (in " + result.rejected_table + ")");
}

int RunDailyJob(int argc, char** argv, int first) {
  Arguments arguments(
      "daily", "berserkr daily --input SRC... --out DIR [options]",
      "The main job on transaction lines (Online Retail columns, or --map):\n"
      "  1. ingest the files into the lake         -> LAKE/retail_lines (a Delta table; files\n"
      "     it already holds are skipped, so a re-run or the next day's batch is safe)\n"
      "  2. the retail report on the table         -> DIR/retail/ (CSV tables, report.html)\n"
      "  3. purchase propensity: train on earlier  -> DIR/propensity/model/\n"
      "     cutoffs, evaluate on the latest         -> DIR/propensity/metrics.json, report.html\n"
      "     complete period, score every customer   -> DIR/propensity/scores.csv, .parquet\n"
      "  4. the report links the top items per customer and shows those of the three\n"
      "     customers who spent the most.\n"
      "Prints the report's path. The steps are `ingest`, `retail report` and `propensity\n"
      "train|evaluate|score` with their defaults (docs/ingest.md, docs/retail-report.md,\n"
      "docs/propensity.md). --input may also name a Delta table, which is read as it is.");
  arguments.AddOption("input", "SRC",
                      "transaction files (CSV, JSON or Parquet), directories or globs, or a "
                      "Delta table");
  arguments.AddOption("out", "DIR", "output directory (created if missing)");
  arguments.AddOption("lake", "DIR", "where the lake's tables are (default: DIR/lake)");
  arguments.AddOption("map", "FIELD=COL,...", "input columns for other exports, as for retail");
  arguments.AddOption("top", "N", "items kept per customer (default: 10)");
  arguments.AddFlag("no-propensity", "only the retail report");
  AddReadArguments(arguments);
  arguments.Parse(argc, argv, first);
  if (arguments.help_requested()) {
    std::fputs(arguments.Help().c_str(), stdout);
    return 0;
  }
  const std::vector<std::string> inputs = InputSources(arguments, "the transaction files");
  const std::string out =
      RequiredOption(arguments, "out", "say where to write the outputs with --out DIR");
  RetailReportOptions report_options;
  if (auto map = arguments.Get("map")) report_options.columns.Apply(*map);
  PropensityOptions propensity_options;
  propensity_options.top = PositiveNumberOption(arguments, "top", propensity_options.top);
  ApplyResourceArguments(arguments);

  StepClock clock;
  std::string table = inputs.size() == 1 && IsDeltaTable(inputs[0]) ? inputs[0] : "";
  if (table.empty()) {
    table = arguments.Get("lake").value_or((std::filesystem::path(out) / "lake").string()) +
            "/retail_lines";
    const IngestResult ingested =
        Ingest(inputs, table, RetailIngestOptions(inputs, report_options.columns, arguments));
    clock.Done("ingest", std::to_string(ingested.ingested.size()) + " new files, " +
                             std::to_string(ingested.skipped.size()) + " already in " + table +
                             RejectedNote(ingested));
  }
  const Table raw = RetailLinesFromTable(ScanDelta(table).Collect(), report_options.columns);
  clock.Done("read", std::to_string(raw.num_rows()) + " lines from " + table);
  RetailReport report = BuildRetailReport(raw, report_options);
  clock.Done("report", std::to_string(report.rfm_customers.num_rows()) + " customers, " +
                           std::to_string(report.monthly.num_rows()) + " months");

  if (!arguments.Has("no-propensity")) {
    const std::filesystem::path directory = std::filesystem::path(out) / "propensity";
    const std::string model = (directory / "model").string();
    std::vector<CleaningStep> steps;
    const Table lines = CleanRetailLines(raw, report_options.cleaning, steps);
    const PropensityModelInfo info = TrainPropensity(lines, propensity_options, model);
    clock.Done("train", std::to_string(info.training_rows) + " candidates, best round " +
                            std::to_string(info.best_round));
    const PropensityEvaluation evaluation =
        EvaluatePropensity(lines, propensity_options, model, directory.string());
    clock.Done("evaluate", "on " + std::to_string(evaluation.test.rows.num_rows()) + " candidates");
    const Table scores = ScorePropensity(lines, propensity_options, model, directory.string());
    clock.Done("score", std::to_string(scores.num_rows()) + " top items");
    report.appendix.push_back(
        PropensitySection(evaluation, scores, report, lines, propensity_options.top));
  }
  const std::string report_directory = (std::filesystem::path(out) / "retail").string();
  WriteRetailReport(report, report_directory);
  clock.Done("write", report_directory);
  std::printf("%s/report.html\n", report_directory.c_str());
  return 0;
}

}  // namespace

int RunDaily(int argc, char** argv, int first) { return RunDailyJob(argc, argv, first); }

}  // namespace berserkr::cli

// Experiment metrics on disk: variants.csv, hourly.csv and report.html.

#include <cmath>
#include <filesystem>
#include <map>
#include <system_error>

#include "berserkr/common/error.h"
#include "berserkr/formats/csv_writer.h"
#include "berserkr/jobs/experiments.h"
#include "jobs/html_report.h"
#include "jobs/table_values.h"

namespace berserkr {
namespace {

std::string Verdict(double p_value, double lift) {
  if (std::isnan(p_value)) return "control";
  if (p_value >= 0.05) return "no significant difference (p = " + std::to_string(p_value) + ")";
  return std::string(lift > 0 ? "higher" : "lower") +
         " than control (p = " + std::to_string(p_value) + ")";
}

void WriteHtml(const ExperimentResult& result, const ExperimentOptions& options,
               const std::string& path) {
  HtmlReport html("Experiments", "exposure '" + options.exposure_event + "', click '" +
                                     options.click_event + "', conversion '" +
                                     options.conversion_event + "' · berserkr " + BERSERKR_VERSION);
  const Table& variants = result.variants;
  const std::vector<std::string> experiments = StringValues(variants, "experiment");
  const std::vector<std::string> names = StringValues(variants, "variant");
  std::vector<std::string> labels;
  for (size_t row = 0; row < names.size(); ++row)
    labels.push_back(experiments[row] + " / " + names[row]);
  double users = 0;
  for (double value : NumberValues(variants, "users")) users += value;
  html.KeyFigures(
      {{FormatCount(static_cast<double>(result.events)), "events read"},
       {FormatCount(static_cast<double>(result.exposures)), "exposures"},
       {FormatCount(users), "assigned users (experiment × user)"},
       {FormatCount(static_cast<double>(result.excluded_users)), "left out: saw two variants"}});
  html.Heading("Conversion rate by variant (95% Wilson interval)");
  html.IntervalChart(
      "Users who converted after exposure", labels, NumberValues(variants, "conversion_rate"),
      NumberValues(variants, "conversion_low"), NumberValues(variants, "conversion_high"), true);
  const std::vector<double> p_values = NumberValues(variants, "conversion_p_value");
  const std::vector<double> lifts = NumberValues(variants, "conversion_lift");
  for (size_t row = 0; row < labels.size(); ++row) {
    if (std::isnan(p_values[row])) continue;
    html.Paragraph(labels[row] + ": conversion " +
                   (std::isnan(lifts[row]) ? "" : FormatPercent(lifts[row]) + " relative, ") +
                   Verdict(p_values[row], lifts[row]) + ".");
  }
  html.Heading("Click-through rate by variant (95% Wilson interval)");
  html.IntervalChart("Users who clicked after exposure", labels, NumberValues(variants, "ctr"),
                     NumberValues(variants, "ctr_low"), NumberValues(variants, "ctr_high"), true);
  html.Heading("GMV per assigned user");
  html.HorizontalBars("GMV per user", labels, NumberValues(variants, "gmv_per_user"));
  html.TableOf(variants);
  // Exposures per day, one series per experiment / variant.
  const std::vector<std::string> hours = StringValues(result.hourly, "hour");
  const std::vector<std::string> hourly_experiments = StringValues(result.hourly, "experiment");
  const std::vector<std::string> hourly_variants = StringValues(result.hourly, "variant");
  const std::vector<double> exposures = NumberValues(result.hourly, "exposures");
  std::map<std::string, std::map<std::string, double>> by_series;
  std::map<std::string, int> days;
  for (size_t row = 0; row < hours.size(); ++row) {
    const std::string day = hours[row].substr(0, 10);
    by_series[hourly_experiments[row] + " / " + hourly_variants[row]][day] += exposures[row];
    days.emplace(day, 0);
  }
  std::vector<std::string> day_labels;
  for (const auto& entry : days) day_labels.push_back(entry.first);
  std::vector<ChartSeries> series;
  for (const auto& [name, values] : by_series) {
    ChartSeries one{name, {}};
    for (const std::string& day : day_labels) {
      const auto found = values.find(day);
      one.values.push_back(found == values.end() ? 0 : found->second);
    }
    series.push_back(std::move(one));
  }
  html.Heading("New exposures per day");
  html.LineChart("Users exposed", day_labels, series, "users");
  html.Write(path);
}

}  // namespace

void WriteExperiments(const ExperimentResult& result, const ExperimentOptions& options,
                      const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw IoError(directory + ": cannot create the output directory: " + error.message());
  const std::filesystem::path out(directory);
  WriteCsv(result.variants, (out / "variants.csv").string());
  WriteCsv(result.hourly, (out / "hourly.csv").string());
  WriteHtml(result, options, (out / "report.html").string());
}

}  // namespace berserkr

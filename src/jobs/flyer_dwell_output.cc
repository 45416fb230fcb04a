// Time on flyer on disk: the four tables as CSV and report.html.

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>

#include "berserkr/common/error.h"
#include "berserkr/formats/csv_writer.h"
#include "berserkr/jobs/flyer_dwell.h"
#include "jobs/html_report.h"
#include "jobs/table_values.h"

namespace berserkr {
namespace {

void WriteHtml(const FlyerDwellResult& result, const FlyerDwellOptions& options,
               const std::string& path) {
  const bool session = options.method == DwellMethod::kSession;
  HtmlReport html(
      "Time on flyer",
      std::string(session ? "session method, inactivity timeout " +
                                std::to_string(options.timeout_seconds) + " s"
                          : "first-last method") +
          " · dates " +
          (options.timezone.empty() ? "in each event's own offset" : "in " + options.timezone) +
          " · berserkr " + BERSERKR_VERSION);
  const std::vector<std::string> dates = StringValues(result.merchant_day, "date");
  std::map<std::string, double> seconds_by_date;
  std::map<std::string, double> seconds_by_merchant;
  const std::vector<std::string> merchants = StringValues(result.merchant_day, "merchant_id");
  const std::vector<double> totals = NumberValues(result.merchant_day, "total_seconds");
  double total = 0;
  for (size_t row = 0; row < dates.size(); ++row) {
    if (std::isnan(totals[row])) continue;
    seconds_by_date[dates[row]] += totals[row] / 3600;
    seconds_by_merchant[merchants[row]] += totals[row] / 3600;
    total += totals[row];
  }
  html.KeyFigures({{FormatCount(static_cast<double>(result.events)), "events"},
                   {FormatCount(static_cast<double>(result.duplicates)), "duplicates dropped"},
                   {FormatCount(static_cast<double>(result.views)), "flyer views"},
                   {FormatCount(static_cast<double>(result.user_day.num_rows())), "user-days"},
                   {FormatCount(total / 3600), "hours on flyers"}});
  if (session) {
    html.Paragraph(FormatCount(static_cast<double>(result.open_views)) +
                   " views had no later event of the user (no end: left out); " +
                   FormatCount(static_cast<double>(result.capped_views)) +
                   " lasted longer than the timeout and count as the timeout.");
  }
  html.Heading("How long a view lasts");
  html.BarChart("Views by duration", StringValues(result.dwell_histogram, "bucket"),
                {{"views", NumberValues(result.dwell_histogram, "views")}}, "views");
  html.Heading("Hours on flyers per day");
  std::vector<std::string> day_labels;
  std::vector<double> day_hours;
  for (const auto& [date, hours] : seconds_by_date) {
    day_labels.push_back(date);
    day_hours.push_back(hours);
  }
  html.LineChart("All merchants", day_labels, {{"hours", day_hours}}, "hours");
  html.Heading("Merchants with the most time on their flyers");
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& [merchant, hours] : seconds_by_merchant) ranked.push_back({hours, merchant});
  std::sort(ranked.rbegin(), ranked.rend());
  std::vector<std::string> labels;
  std::vector<double> hours;
  for (size_t index = 0; index < ranked.size() && index < 15; ++index) {
    labels.push_back("merchant " + ranked[index].second);
    hours.push_back(ranked[index].first);
  }
  html.HorizontalBars("Hours", labels, hours);
  html.Heading("Per merchant and day");
  html.TableOf(result.merchant_day, 20);
  html.Heading("Per user, merchant and day");
  html.TableOf(result.user_merchant_day, 20);
  html.Write(path);
}

}  // namespace

void WriteFlyerDwell(const FlyerDwellResult& result, const FlyerDwellOptions& options,
                     const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw IoError(directory + ": cannot create the output directory: " + error.message());
  const std::filesystem::path out(directory);
  WriteCsv(result.user_merchant_day, (out / "user_merchant_day.csv").string());
  WriteCsv(result.user_day, (out / "user_day.csv").string());
  WriteCsv(result.merchant_day, (out / "merchant_day.csv").string());
  WriteCsv(result.flyer_day, (out / "flyer_day.csv").string());
  WriteHtml(result, options, (out / "report.html").string());
}

}  // namespace berserkr

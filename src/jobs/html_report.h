#pragma once

// A self-contained HTML report: headings, text, key figures, tables and inline SVG charts (bars,
// lines, a heatmap). No scripts, fonts or network: the file opens offline in any browser and
// prints. Shared by every job that writes DIR/report.html.

#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "berserkr/types/table.h"

namespace berserkr {

std::string EscapeHtml(std::string_view text);

// Numbers as people read them: 1,234,567 / 12.3k / 45.6%.
std::string FormatCount(double value);
std::string FormatAmount(double value);   // two decimals, thousands separated
std::string FormatPercent(double share);  // 0.123 -> "12.3%"

struct ChartSeries {
  std::string name;
  std::vector<double> values;  // NaN: no value at that label
};

class HtmlReport {
 public:
  HtmlReport(std::string title, std::string subtitle);

  void Heading(const std::string& text);
  void Paragraph(const std::string& text);
  // A list of links (label, href); hrefs are relative to the report's directory so the folder
  // can be moved or zipped as a whole.
  void Links(const std::vector<std::pair<std::string, std::string>>& links);
  // A row of large figures with captions.
  void KeyFigures(const std::vector<std::pair<std::string, std::string>>& figures);
  // The first `max_rows` rows of `table`, with a note when there are more.
  void TableOf(const Table& table, int64_t max_rows = 25);
  // Vertical bars, one per label; several series are grouped side by side.
  void BarChart(const std::string& title, const std::vector<std::string>& labels,
                const std::vector<ChartSeries>& series, const std::string& y_label);
  // Horizontal bars with their values written at the end (rankings, segment sizes).
  void HorizontalBars(const std::string& title, const std::vector<std::string>& labels,
                      const std::vector<double>& values, bool percent = false);
  void LineChart(const std::string& title, const std::vector<std::string>& labels,
                 const std::vector<ChartSeries>& series, const std::string& y_label);
  // A grid coloured by value in [0, 1] (NaN: empty cell), each cell labelled as a percentage.
  void Heatmap(const std::string& title, const std::vector<std::string>& row_labels,
               const std::vector<std::string>& column_labels,
               const std::vector<std::vector<double>>& values);
  // Points with error bars (e.g. rates with confidence intervals), one per label.
  void IntervalChart(const std::string& title, const std::vector<std::string>& labels,
                     const std::vector<double>& values, const std::vector<double>& low,
                     const std::vector<double>& high, bool percent);

  // The whole document.
  std::string Finish() const;
  // Writes Finish() to `path` atomically.
  void Write(const std::string& path) const;

 private:
  std::string title_;
  std::string subtitle_;
  std::string body_;
};

}  // namespace berserkr

#include "jobs/html_report.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "berserkr/io/input_stream.h"

namespace berserkr {
namespace {

constexpr const char* kPalette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759",
                                    "#76b7b2", "#edc948", "#b07aa1", "#9c755f"};
constexpr int kWidth = 760;
constexpr int kHeight = 280;
constexpr int kLeft = 72;
constexpr int kRight = 16;
constexpr int kTop = 34;
constexpr int kBottom = 64;

const char* Color(size_t index) { return kPalette[index % (sizeof(kPalette) / sizeof(*kPalette))]; }

std::string Number(double value, int decimals = 1) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.*f", decimals, value);
  return text;
}

std::string WithThousands(const std::string& digits) {
  const size_t start = digits.find_first_of("0123456789");
  const size_t end = std::min(digits.find('.'), digits.size());
  std::string out = digits.substr(0, end);
  for (int position = static_cast<int>(end) - 3; position > static_cast<int>(start);
       position -= 3) {
    out.insert(static_cast<size_t>(position), ",");
  }
  return out + digits.substr(end);
}

// Axis labels: 1.2M, 350k, 0.25.
std::string Compact(double value) {
  const double magnitude = std::abs(value);
  if (magnitude >= 1e9) return Number(value / 1e9, magnitude >= 1e10 ? 0 : 1) + "G";
  if (magnitude >= 1e6) return Number(value / 1e6, magnitude >= 1e7 ? 0 : 1) + "M";
  if (magnitude >= 1e3) return Number(value / 1e3, magnitude >= 1e4 ? 0 : 1) + "k";
  if (magnitude >= 10 || value == std::floor(value)) return Number(value, 0);
  return Number(value, 2);
}

// A step of 1, 2 or 5 times a power of ten giving about `ticks` intervals over `range`.
double NiceStep(double range, int ticks) {
  if (!(range > 0)) return 1;
  const double raw = range / ticks;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double factor : {1.0, 2.0, 5.0}) {
    if (raw <= factor * power) return factor * power;
  }
  return 10 * power;
}

struct Scale {
  double low = 0, high = 1, step = 1;
  double Y(double value) const {
    return kTop + (kHeight - kTop - kBottom) * (1 - (value - low) / (high - low));
  }
};

Scale ScaleFor(const std::vector<ChartSeries>& series, bool from_zero) {
  double low = std::numeric_limits<double>::infinity();
  double high = -low;
  for (const ChartSeries& one : series) {
    for (double value : one.values) {
      if (std::isnan(value)) continue;
      low = std::min(low, value);
      high = std::max(high, value);
    }
  }
  if (!std::isfinite(low)) low = 0, high = 1;
  if (from_zero) low = std::min(low, 0.0), high = std::max(high, 0.0);
  if (high == low) high = low + 1;
  Scale scale;
  scale.step = NiceStep(high - low, 5);
  scale.low = std::floor(low / scale.step) * scale.step;
  scale.high = std::ceil(high / scale.step) * scale.step;
  return scale;
}

std::string SvgOpen(int height) {
  return "<svg viewBox=\"0 0 " + std::to_string(kWidth) + " " + std::to_string(height) +
         "\" width=\"100%\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">";
}

std::string Text(double x, double y, const std::string& text, const std::string& attributes) {
  return "<text x=\"" + Number(x) + "\" y=\"" + Number(y) + "\" " + attributes + ">" +
         EscapeHtml(text) + "</text>";
}

// Gridlines with their values, the y-axis title, and x labels (thinned and slanted when many).
std::string Axes(const Scale& scale, const std::vector<std::string>& labels,
                 const std::string& y_label) {
  std::string svg;
  for (double tick = scale.low; tick <= scale.high + scale.step / 2; tick += scale.step) {
    const double y = scale.Y(tick);
    svg += "<line x1=\"" + std::to_string(kLeft) + "\" x2=\"" + std::to_string(kWidth - kRight) +
           "\" y1=\"" + Number(y) + "\" y2=\"" + Number(y) + "\" class=\"grid\"/>";
    svg += Text(kLeft - 6, y + 4, Compact(tick), "text-anchor=\"end\" class=\"tick\"");
  }
  svg += Text(14, kTop - 14, y_label, "class=\"axis\"");
  const size_t count = labels.size();
  const double slot = static_cast<double>(kWidth - kLeft - kRight) / std::max<size_t>(count, 1);
  const size_t every = std::max<size_t>(1, (count + 23) / 24);
  for (size_t index = 0; index < count; index += every) {
    const double x = kLeft + slot * (static_cast<double>(index) + 0.5);  // under the slot's middle
    const double y = kHeight - kBottom + 14;
    svg += "<text transform=\"translate(" + Number(x) + "," + Number(y) +
           ") rotate(-40)\" text-anchor=\"end\" class=\"tick\">" + EscapeHtml(labels[index]) +
           "</text>";
  }
  return svg;
}

// Swatches and names at the top right, clear of the y-axis title at the top left.
std::string Legend(const std::vector<ChartSeries>& series) {
  if (series.size() < 2) return "";
  std::string svg;
  double width = 0;
  for (const ChartSeries& one : series) width += 28 + 7.0 * static_cast<double>(one.name.size());
  double x = std::max<double>(kLeft + 120, kWidth - kRight - width);
  for (size_t index = 0; index < series.size(); ++index) {
    svg += "<rect x=\"" + Number(x) + "\" y=\"8\" width=\"12\" height=\"12\" fill=\"" +
           Color(index) + "\"/>";
    svg += Text(x + 16, 18, series[index].name, "class=\"tick\"");
    x += 28 + 7.0 * static_cast<double>(series[index].name.size());
  }
  return svg;
}

std::string Figure(const std::string& title, const std::string& svg) {
  return "<figure><figcaption>" + EscapeHtml(title) + "</figcaption>" + svg + "</figure>\n";
}

// White to dark blue.
std::string HeatColor(double value) {
  const double t = std::clamp(value, 0.0, 1.0);
  const int red = static_cast<int>(247 - t * (247 - 8));
  const int green = static_cast<int>(251 - t * (251 - 48));
  const int blue = static_cast<int>(255 - t * (255 - 107));
  char text[16];
  std::snprintf(text, sizeof(text), "#%02x%02x%02x", red, green, blue);
  return text;
}

bool IsNumeric(const DataType& type) { return type.is_numeric(); }

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string FormatCount(double value) { return WithThousands(Number(value, 0)); }
std::string FormatAmount(double value) { return WithThousands(Number(value, 2)); }
std::string FormatPercent(double share) { return Number(100 * share, 1) + "%"; }

HtmlReport::HtmlReport(std::string title, std::string subtitle)
    : title_(std::move(title)), subtitle_(std::move(subtitle)) {}

void HtmlReport::Heading(const std::string& text) {
  body_ += "<h2>" + EscapeHtml(text) + "</h2>\n";
}

void HtmlReport::Paragraph(const std::string& text) {
  body_ += "<p>" + EscapeHtml(text) + "</p>\n";
}

void HtmlReport::Links(const std::vector<std::pair<std::string, std::string>>& links) {
  body_ += "<ul>";
  for (const auto& [label, href] : links) {
    body_ += "<li><a href=\"" + EscapeHtml(href) + "\">" + EscapeHtml(label) + "</a></li>";
  }
  body_ += "</ul>\n";
}

void HtmlReport::KeyFigures(const std::vector<std::pair<std::string, std::string>>& figures) {
  body_ += "<div class=\"figures\">";
  for (const auto& [value, caption] : figures) {
    body_ += "<div><b>" + EscapeHtml(value) + "</b><span>" + EscapeHtml(caption) + "</span></div>";
  }
  body_ += "</div>\n";
}

void HtmlReport::TableOf(const Table& table, int64_t max_rows) {
  const Schema& schema = *table.schema();
  std::vector<ColumnPtr> columns;
  for (int column = 0; column < table.num_columns(); ++column) {
    columns.push_back(table.CombinedColumn(column));
  }
  std::string html = "<div class=\"scroll\"><table><thead><tr>";
  for (const Field& field : schema.fields()) html += "<th>" + EscapeHtml(field.name) + "</th>";
  html += "</tr></thead><tbody>";
  const int64_t rows = std::min(table.num_rows(), max_rows);
  for (int64_t row = 0; row < rows; ++row) {
    html += "<tr>";
    for (int column = 0; column < table.num_columns(); ++column) {
      const Column& values = *columns[column];
      const DataType& type = schema.field(column).type;
      std::string cell;
      if (values.IsNull(row)) {
        cell = "";
      } else if (type.id() == TypeId::kFloat64) {
        cell = FormatAmount(values.ValuesAs<double>()[row]);
      } else {
        cell = values.FormatValue(row);
      }
      html += IsNumeric(type) ? "<td class=\"num\">" : "<td>";
      html += EscapeHtml(cell) + "</td>";
    }
    html += "</tr>";
  }
  html += "</tbody></table></div>";
  if (table.num_rows() > rows) {
    html += "<p class=\"note\">First " + std::to_string(rows) + " of " +
            FormatCount(static_cast<double>(table.num_rows())) + " rows; the CSV has them all.</p>";
  }
  body_ += html + "\n";
}

void HtmlReport::BarChart(const std::string& title, const std::vector<std::string>& labels,
                          const std::vector<ChartSeries>& series, const std::string& y_label) {
  const Scale scale = ScaleFor(series, true);
  std::string svg = SvgOpen(kHeight) + Axes(scale, labels, y_label) + Legend(series);
  const double slot =
      static_cast<double>(kWidth - kLeft - kRight) / std::max<size_t>(labels.size(), 1);
  const double bar = slot * 0.8 / static_cast<double>(std::max<size_t>(series.size(), 1));
  for (size_t index = 0; index < series.size(); ++index) {
    for (size_t label = 0; label < labels.size() && label < series[index].values.size(); ++label) {
      const double value = series[index].values[label];
      if (std::isnan(value)) continue;
      const double x =
          kLeft + slot * static_cast<double>(label) + slot * 0.1 + bar * static_cast<double>(index);
      const double top = scale.Y(std::max(value, 0.0));
      const double height = std::abs(scale.Y(value) - scale.Y(0));
      svg += "<rect x=\"" + Number(x) + "\" y=\"" + Number(top) + "\" width=\"" + Number(bar) +
             "\" height=\"" + Number(height) + "\" fill=\"" + Color(index) + "\"><title>" +
             EscapeHtml(labels[label] + " " + series[index].name + ": " + Compact(value)) +
             "</title></rect>";
    }
  }
  body_ += Figure(title, svg + "</svg>");
}

void HtmlReport::HorizontalBars(const std::string& title, const std::vector<std::string>& labels,
                                const std::vector<double>& values, bool percent) {
  constexpr int kRow = 24;
  constexpr int kLabel = 190;
  const int height = kRow * static_cast<int>(labels.size()) + 12;
  double high = 0;
  for (double value : values) high = std::max(high, value);
  if (high <= 0) high = 1;
  std::string svg = SvgOpen(height);
  for (size_t index = 0; index < labels.size() && index < values.size(); ++index) {
    const double y = 6 + kRow * static_cast<double>(index);
    const double width = (kWidth - kLabel - 90) * std::max(values[index], 0.0) / high;
    svg += Text(kLabel - 8, y + 15, labels[index], "text-anchor=\"end\" class=\"tick\"");
    svg += "<rect x=\"" + std::to_string(kLabel) + "\" y=\"" + Number(y + 3) + "\" width=\"" +
           Number(width) + "\" height=\"" + std::to_string(kRow - 8) + "\" fill=\"" + Color(0) +
           "\"/>";
    svg +=
        Text(kLabel + width + 6, y + 15,
             percent ? FormatPercent(values[index]) : FormatCount(values[index]), "class=\"tick\"");
  }
  body_ += Figure(title, svg + "</svg>");
}

void HtmlReport::LineChart(const std::string& title, const std::vector<std::string>& labels,
                           const std::vector<ChartSeries>& series, const std::string& y_label) {
  const Scale scale = ScaleFor(series, false);
  std::string svg = SvgOpen(kHeight) + Axes(scale, labels, y_label) + Legend(series);
  const double slot =
      static_cast<double>(kWidth - kLeft - kRight) / std::max<size_t>(labels.size(), 1);
  for (size_t index = 0; index < series.size(); ++index) {
    std::string points;
    std::string dots;
    for (size_t label = 0; label < labels.size() && label < series[index].values.size(); ++label) {
      const double value = series[index].values[label];
      if (std::isnan(value)) continue;
      const double x = kLeft + slot * (static_cast<double>(label) + 0.5);
      points += Number(x) + "," + Number(scale.Y(value)) + " ";
      dots += "<circle cx=\"" + Number(x) + "\" cy=\"" + Number(scale.Y(value)) +
              "\" r=\"3\" fill=\"" + Color(index) + "\"><title>" +
              EscapeHtml(labels[label] + ": " + Compact(value)) + "</title></circle>";
    }
    svg += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + Color(index) +
           "\" stroke-width=\"2\"/>" + dots;
  }
  body_ += Figure(title, svg + "</svg>");
}

void HtmlReport::Heatmap(const std::string& title, const std::vector<std::string>& row_labels,
                         const std::vector<std::string>& column_labels,
                         const std::vector<std::vector<double>>& values) {
  constexpr int kRow = 20;
  constexpr int kLabel = 70;
  const int height = kRow * static_cast<int>(row_labels.size() + 1) + 8;
  const double cell =
      static_cast<double>(kWidth - kLabel - 4) / std::max<size_t>(column_labels.size(), 1);
  std::string svg = SvgOpen(height);
  for (size_t column = 0; column < column_labels.size(); ++column) {
    svg += Text(kLabel + cell * (static_cast<double>(column) + 0.5), 14, column_labels[column],
                "text-anchor=\"middle\" class=\"tick\"");
  }
  for (size_t row = 0; row < row_labels.size(); ++row) {
    const double y = kRow * static_cast<double>(row + 1);
    svg += Text(kLabel - 6, y + 14, row_labels[row], "text-anchor=\"end\" class=\"tick\"");
    for (size_t column = 0; column < values[row].size() && column < column_labels.size();
         ++column) {
      const double value = values[row][column];
      if (std::isnan(value)) continue;
      const double x = kLabel + cell * static_cast<double>(column);
      svg += "<rect x=\"" + Number(x) + "\" y=\"" + Number(y) + "\" width=\"" + Number(cell - 1) +
             "\" height=\"" + std::to_string(kRow - 1) + "\" fill=\"" + HeatColor(value) + "\"/>";
      if (cell >= 26) {
        svg += Text(x + cell / 2, y + 14, Number(100 * value, 0),
                    std::string("text-anchor=\"middle\" class=\"cell\" fill=\"") +
                        (value > 0.5 ? "#fff" : "#222") + "\"");
      }
    }
  }
  body_ += Figure(title, svg + "</svg>");
}

void HtmlReport::IntervalChart(const std::string& title, const std::vector<std::string>& labels,
                               const std::vector<double>& values, const std::vector<double>& low,
                               const std::vector<double>& high, bool percent) {
  const Scale scale = ScaleFor({{"", low}, {"", high}, {"", values}}, false);
  std::string svg = SvgOpen(kHeight) + Axes(scale, labels, percent ? "share" : "");
  const double slot =
      static_cast<double>(kWidth - kLeft - kRight) / std::max<size_t>(labels.size(), 1);
  for (size_t index = 0; index < labels.size() && index < values.size(); ++index) {
    const double x = kLeft + slot * (static_cast<double>(index) + 0.5);
    svg += "<line x1=\"" + Number(x) + "\" x2=\"" + Number(x) + "\" y1=\"" +
           Number(scale.Y(low[index])) + "\" y2=\"" + Number(scale.Y(high[index])) +
           "\" stroke=\"" + Color(index) + "\" stroke-width=\"2\"/>";
    svg += "<circle cx=\"" + Number(x) + "\" cy=\"" + Number(scale.Y(values[index])) +
           "\" r=\"5\" fill=\"" + Color(index) + "\"><title>" +
           EscapeHtml(labels[index] + ": " +
                      (percent ? FormatPercent(values[index]) : Compact(values[index]))) +
           "</title></circle>";
  }
  body_ += Figure(title, svg + "</svg>");
}

std::string HtmlReport::Finish() const {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" +
         EscapeHtml(title_) +
         "</title><style>"
         "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;"
         "max-width:820px;margin:2em auto;padding:0 1em}"
         "h1{font-size:1.6em;margin-bottom:.1em}h2{margin-top:1.8em;border-bottom:1px solid #ddd}"
         ".subtitle{color:#666;margin-top:0}"
         ".figures{display:flex;flex-wrap:wrap;gap:12px}.figures div{background:#f4f6f9;"
         "padding:10px 14px;border-radius:6px;min-width:140px}.figures b{display:block;"
         "font-size:1.35em}.figures span{color:#555;font-size:.9em}"
         "table{border-collapse:collapse;margin:.6em 0;font-size:.9em}"
         "th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:left;"
         "white-space:nowrap}.scroll{overflow-x:auto}"
         "td.num{text-align:right;font-variant-numeric:tabular-nums}"
         "figure{margin:1.2em 0}figcaption{font-weight:600;margin-bottom:.3em}"
         "svg .grid{stroke:#e3e3e3}svg .tick{font-size:11px;fill:#555}"
         "svg .axis{font-size:11px;fill:#333}svg .cell{font-size:10px}"
         ".note{color:#666;font-size:.85em}"
         "@media print{body{max-width:none}}"
         "</style></head><body>\n<h1>" +
         EscapeHtml(title_) + "</h1><p class=\"subtitle\">" + EscapeHtml(subtitle_) + "</p>\n" +
         body_ + "</body></html>\n";
}

void HtmlReport::Write(const std::string& path) const {
  OutputFile file(path);
  file.Write(Finish());
  file.Close();
}

}  // namespace berserkr

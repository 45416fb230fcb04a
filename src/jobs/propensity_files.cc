#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "berserkr/common/error.h"
#include "berserkr/io/input_stream.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/types/temporal.h"
#include "jobs/html_report.h"
#include "jobs/propensity_internal.h"
#include "jobs/table_values.h"

namespace berserkr {
namespace {

std::string Quote(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string Number(double value) {
  if (!std::isfinite(value)) return "null";
  char text[32];
  std::snprintf(text, sizeof(text), "%.10g", value);
  return text;
}

std::string Numbers(const std::vector<double>& values) {
  std::string out = "[";
  for (size_t index = 0; index < values.size(); ++index) {
    out += (index > 0 ? ", " : "") + Number(values[index]);
  }
  return out + "]";
}

void WriteText(const std::string& path, const std::string& text) {
  OutputFile file(path);
  file.Write(text);
  file.Close();
}

}  // namespace

void WriteModelInfo(const PropensityModelInfo& info, const std::vector<double>& means,
                    const std::vector<double>& deviations, const std::string& path) {
  std::string json = "{\n  \"format\": \"berserkr-propensity-1\",\n";
  json += "  \"berserkr_version\": " + Quote(info.version) + ",\n";
  json += "  \"horizon_days\": " + std::to_string(info.horizon_days) + ",\n";
  json += "  \"first_training_cutoff\": " + Quote(FormatDate(info.first_training_cutoff)) + ",\n";
  json += "  \"validation_cutoff\": " + Quote(FormatDate(info.validation_cutoff)) + ",\n";
  json += "  \"evaluation_cutoff\": " + Quote(FormatDate(info.cutoff)) + ",\n";
  json += "  \"best_round\": " + std::to_string(info.best_round) + ",\n";
  json += "  \"training_rows\": " + std::to_string(info.training_rows) + ",\n";
  json += "  \"validation_rows\": " + std::to_string(info.validation_rows) + ",\n";
  json += "  \"features\": [\n";
  for (size_t index = 0; index < info.features.size(); ++index) {
    const FeatureDefinition& feature = info.features[index];
    json += "    {\"name\": " + Quote(feature.name) + ", \"entity\": " + Quote(feature.entity) +
            ", \"source\": " + Quote(feature.source) +
            ", \"function\": " + Quote(feature.function) +
            ", \"column\": " + Quote(feature.column) +
            ", \"window_days\": " + std::to_string(feature.window_days) + ", \"importance\": " +
            Number(index < info.importances.size() ? info.importances[index] : 0) + "}" +
            (index + 1 < info.features.size() ? ",\n" : "\n");
  }
  json += "  ],\n  \"linear_means\": " + Numbers(means) +
          ",\n  \"linear_deviations\": " + Numbers(deviations) + "\n}\n";
  WriteText(path, json);
}

PropensityModelInfo ReadModelInfo(const std::string& path, std::vector<double>& means,
                                  std::vector<double>& deviations) {
  std::unique_ptr<InputStream> stream = OpenLocalFile(path);
  const std::vector<uint8_t> bytes = ReadAll(*stream);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(bytes.data(), bytes.size()).get(root) != simdjson::SUCCESS) {
    throw InvalidInput(path + ": not valid JSON");
  }
  auto text = [&](const char* key) -> std::string {
    std::string_view value;
    if (root[key].get(value) != simdjson::SUCCESS) {
      throw InvalidInput(path + ": missing \"" + std::string(key) + "\" (not a propensity model)");
    }
    return std::string(value);
  };
  auto integer = [&](const char* key) -> int64_t {
    int64_t value = 0;
    if (root[key].get(value) != simdjson::SUCCESS) {
      throw InvalidInput(path + ": missing \"" + std::string(key) + "\" (not a propensity model)");
    }
    return value;
  };
  if (text("format") != "berserkr-propensity-1") {
    throw InvalidInput(path + ": model format " + text("format") +
                       " is not one this berserkr reads");
  }
  PropensityModelInfo info;
  info.version = text("berserkr_version");
  info.horizon_days = static_cast<int>(integer("horizon_days"));
  auto date = [&](const char* key) {
    const std::optional<int32_t> days = ParseDate(text(key));
    if (!days) throw InvalidInput(path + ": \"" + std::string(key) + "\" is not a date");
    return *days;
  };
  info.first_training_cutoff = date("first_training_cutoff");
  info.validation_cutoff = date("validation_cutoff");
  info.cutoff = date("evaluation_cutoff");
  info.best_round = static_cast<int>(integer("best_round"));
  info.training_rows = integer("training_rows");
  info.validation_rows = integer("validation_rows");
  simdjson::dom::array features;
  if (root["features"].get(features) != simdjson::SUCCESS) {
    throw InvalidInput(path + ": missing \"features\"");
  }
  for (simdjson::dom::element feature : features) {
    FeatureDefinition definition;
    std::string_view value;
    int64_t window = 0;
    double importance = 0;
    if (feature["name"].get(value) == simdjson::SUCCESS) definition.name = value;
    if (feature["entity"].get(value) == simdjson::SUCCESS) definition.entity = value;
    if (feature["source"].get(value) == simdjson::SUCCESS) definition.source = value;
    if (feature["function"].get(value) == simdjson::SUCCESS) definition.function = value;
    if (feature["column"].get(value) == simdjson::SUCCESS) definition.column = value;
    if (feature["window_days"].get(window) == simdjson::SUCCESS) {
      definition.window_days = static_cast<int>(window);
    }
    if (feature["importance"].get(importance) != simdjson::SUCCESS) importance = 0;
    info.features.push_back(std::move(definition));
    info.importances.push_back(importance);
  }
  auto numbers = [&](const char* key, std::vector<double>& out) {
    out.clear();
    simdjson::dom::array array;
    if (root[key].get(array) != simdjson::SUCCESS) throw InvalidInput(path + ": missing " + key);
    for (simdjson::dom::element value : array) {
      double number = 0;
      out.push_back(value.get(number) == simdjson::SUCCESS ? number : 0);
    }
  };
  numbers("linear_means", means);
  numbers("linear_deviations", deviations);
  return info;
}

std::vector<int64_t> ActualPurchasesPerCustomer(const Table& bought,
                                                const std::map<std::string, uint32_t>& index_of) {
  const Table counts = DataFrame::FromTable(bought)
                           .GroupBy({Col("customer_id")})
                           .Agg({CountStar().As("items")})
                           .Collect();
  std::vector<int64_t> positives(index_of.size(), 0);
  const std::vector<std::string> ids = StringValues(counts, "customer_id");
  const std::vector<double> items = NumberValues(counts, "items");
  for (size_t row = 0; row < ids.size(); ++row) {
    const auto found = index_of.find(ids[row]);
    // Customers without a candidate (not known at the cutoff) are not evaluated.
    if (found != index_of.end()) positives[found->second] = static_cast<int64_t>(items[row]);
  }
  return positives;
}

std::vector<double> NumberValuesOrZero(const Table& table, const std::string& name) {
  std::vector<double> values = NumberValues(table, name);
  for (double& value : values) {
    if (!std::isfinite(value)) value = 0;
  }
  return values;
}

void WriteMetricsJson(const PropensityEvaluation& evaluation, int k, const std::string& path) {
  const PropensityModelInfo& info = evaluation.info;
  std::string json =
      "{\n  \"evaluation_cutoff\": " + Quote(FormatDate(info.cutoff)) +
      ",\n  \"horizon_days\": " + std::to_string(info.horizon_days) +
      ",\n  \"k\": " + std::to_string(k) +
      ",\n  \"candidates\": " + std::to_string(evaluation.test.rows.num_rows()) +
      ",\n  \"customers\": " + std::to_string(evaluation.test.customers) +
      ",\n  \"actual_purchases\": " + std::to_string(evaluation.test.actual_purchases) +
      ",\n  \"candidate_recall\": " + Number(evaluation.candidate_recall) + ",\n";
  size_t index = 0;
  for (const auto& [name, metrics] : evaluation.models) {
    json += "  " + Quote(name) + ": {\"roc_auc\": " + Number(metrics.roc_auc) +
            ", \"pr_auc\": " + Number(metrics.pr_auc) +
            ", \"logloss\": " + Number(metrics.logloss) +
            ", \"precision_at_10\": " + Number(metrics.precision_at_k) +
            ", \"recall_at_10\": " + Number(metrics.recall_at_k) +
            ", \"ndcg_at_10\": " + Number(metrics.ndcg_at_k) + "}" +
            (++index < evaluation.models.size() ? ",\n" : "\n");
  }
  WriteText(path, json + "}\n");
}

void WritePropensityReport(const PropensityEvaluation& evaluation,
                           const std::vector<uint8_t>& labels, const std::string& path) {
  const PropensityModelInfo& info = evaluation.info;
  HtmlReport html("Purchase propensity",
                  "evaluated on purchases from " + FormatDate(info.cutoff) + " for " +
                      std::to_string(info.horizon_days) + " days · trained on cutoffs from " +
                      FormatDate(info.first_training_cutoff) + " · berserkr " + info.version);
  const ModelMetrics& boosted = evaluation.models.at("boosted");
  html.KeyFigures({{FormatPercent(boosted.pr_auc), "PR AUC (boosted trees)"},
                   {FormatPercent(boosted.precision_at_k), "precision@10"},
                   {FormatPercent(evaluation.candidate_recall), "candidate recall"},
                   {FormatCount(static_cast<double>(evaluation.test.rows.num_rows())),
                    "customer × item candidates"}});
  html.Heading("Models and baselines on the held-out period");
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns(6);
  for (const auto& [name, metrics] : evaluation.models) {
    names.push_back(name);
    columns[0].push_back(metrics.roc_auc);
    columns[1].push_back(metrics.pr_auc);
    columns[2].push_back(metrics.logloss);
    columns[3].push_back(metrics.precision_at_k);
    columns[4].push_back(metrics.recall_at_k);
    columns[5].push_back(metrics.ndcg_at_k);
  }
  html.TableOf(MakeTable({{"model", StringColumn(names)},
                          {"roc_auc", Float64Column(columns[0])},
                          {"pr_auc", Float64Column(columns[1])},
                          {"logloss", Float64Column(columns[2])},
                          {"precision_at_10", Float64Column(columns[3])},
                          {"recall_at_10", Float64Column(columns[4])},
                          {"ndcg_at_10", Float64Column(columns[5])}}));
  // Calibration: mean predicted against observed rate in ten bins of equal size.
  const std::vector<double>& scores = evaluation.boosted_scores;
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  std::vector<std::string> bins;
  std::vector<double> predicted, observed;
  for (int bin = 0; bin < 10 && !order.empty(); ++bin) {
    const size_t begin = order.size() * bin / 10, end = order.size() * (bin + 1) / 10;
    double sum = 0, hits = 0;
    for (size_t index = begin; index < end; ++index) {
      sum += scores[order[index]];
      hits += labels[order[index]];
    }
    const double count = std::max<double>(1, static_cast<double>(end - begin));
    bins.push_back(std::to_string(bin + 1));
    predicted.push_back(sum / count);
    observed.push_back(hits / count);
  }
  html.LineChart("Calibration: predicted and observed purchase rate by score decile", bins,
                 {{"predicted", predicted}, {"observed", observed}}, "rate");
  // Gains: the share of purchases found in the top x% of candidates by score.
  std::vector<std::string> shares;
  std::vector<double> gains, random;
  const double total = static_cast<double>(std::count(labels.begin(), labels.end(), 1));
  double found = 0;
  size_t next = 0;
  for (int step = 1; step <= 20; ++step) {
    const size_t until = order.size() * step / 20;
    for (; next < until; ++next) found += labels[order[order.size() - 1 - next]];
    shares.push_back(std::to_string(step * 5) + "%");
    gains.push_back(total > 0 ? found / total : 0);
    random.push_back(step / 20.0);
  }
  html.LineChart("Gains: share of purchases in the top candidates by score", shares,
                 {{"boosted trees", gains}, {"random", random}}, "share found");
  std::vector<std::pair<double, std::string>> ranked;
  for (size_t index = 0; index < info.features.size() && index < info.importances.size(); ++index) {
    ranked.push_back({info.importances[index], info.features[index].name});
  }
  std::sort(ranked.rbegin(), ranked.rend());
  std::vector<std::string> labels_text;
  std::vector<double> values;
  double sum = 0;
  for (const auto& entry : ranked) sum += entry.first;
  for (size_t index = 0; index < ranked.size() && index < 15; ++index) {
    labels_text.push_back(ranked[index].second);
    values.push_back(sum > 0 ? ranked[index].first / sum : 0);
  }
  html.Heading("What the model uses");
  html.HorizontalBars("Feature importance (share of total gain)", labels_text, values, true);
  html.Write(path);
}

}  // namespace berserkr

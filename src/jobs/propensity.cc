// Purchase propensity: training on earlier cutoffs, evaluation on the latest complete horizon,
// scoring at the end of the data. The model directory holds everything needed to know later what
// produced a score (docs/propensity.md).

#include "berserkr/jobs/propensity.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <numeric>
#include <system_error>

#include "berserkr/common/error.h"
#include "berserkr/common/random.h"
#include "berserkr/formats/csv_writer.h"
#include "berserkr/formats/parquet_writer.h"
#include "berserkr/io/input_stream.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/types/temporal.h"
#include "jobs/gradient_boosting.h"
#include "jobs/propensity_internal.h"
#include "jobs/ranking_metrics.h"
#include "jobs/table_values.h"

namespace berserkr {
namespace {

constexpr int kFirstFeatureColumn = 3;  // after customer_id, stock_code, label
// Share of negative candidates kept for training (positives are 2-3% of candidates).
constexpr double kNegativeShare = 0.1;

// The last day with a purchase line.
int32_t LastDay(const Table& lines) {
  const Table last = DataFrame::FromTable(lines)
                         .GroupBy({})
                         .Agg({Max(Cast(Col("invoice_date"), DataType::Date())).As("last")})
                         .Collect();
  const ColumnPtr column = last.CombinedColumn(0);
  if (column->IsNull(0)) throw InvalidInput("the transaction lines have no dates");
  return column->ValuesAs<int32_t>()[0];
}

int32_t EvaluationCutoff(const Table& lines, const PropensityOptions& options) {
  return options.cutoff.value_or(LastDay(lines) + 1 - options.horizon_days);
}

// Appends the features (and labels) of `batch`'s rows to `matrix`.
void AppendRows(const Batch& batch, int64_t num_features, FeatureMatrix& matrix) {
  const int64_t offset = matrix.rows;
  matrix.rows += batch.num_rows;
  matrix.values.resize(static_cast<size_t>(matrix.rows * num_features));
  const ColumnPtr& labels = batch.column(2);
  for (int64_t row = 0; row < batch.num_rows; ++row) {
    matrix.labels.push_back(static_cast<float>(labels->ValuesAs<double>()[row]));
  }
  for (int64_t feature = 0; feature < num_features; ++feature) {
    const Column& column = *batch.column(kFirstFeatureColumn + static_cast<int>(feature));
    const double* values = column.ValuesAs<double>();
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      matrix.values[(offset + row) * num_features + feature] =
          column.IsNull(row) || !std::isfinite(values[row]) ? std::nanf("")
                                                            : static_cast<float>(values[row]);
    }
  }
}

FeatureMatrix ToMatrix(const std::vector<const Table*>& tables, int64_t num_features) {
  FeatureMatrix matrix;
  matrix.columns = num_features;
  int64_t rows = 0;
  for (const Table* table : tables) rows += table->num_rows();
  matrix.values.reserve(static_cast<size_t>(rows * num_features));
  matrix.labels.reserve(static_cast<size_t>(rows));
  for (const Table* table : tables) {
    for (const Batch& batch : table->batches()) AppendRows(batch, num_features, matrix);
  }
  return matrix;
}

// Keeps every positive and a random `share` of the negatives, each kept negative weighing
// 1 / share: the trees see the same balance as the data (calibrated probabilities) from a
// fraction of the rows. Deterministic for a seed.
FeatureMatrix SampleNegatives(const FeatureMatrix& matrix, double share, uint64_t seed) {
  FeatureMatrix sampled;
  sampled.columns = matrix.columns;
  RandomGenerator random(seed, 0x6e6567);
  for (int64_t row = 0; row < matrix.rows; ++row) {
    const bool positive = matrix.labels[row] > 0.5f;
    if (!positive && random.Uniform() >= share) continue;
    sampled.values.insert(sampled.values.end(), matrix.values.begin() + row * matrix.columns,
                          matrix.values.begin() + (row + 1) * matrix.columns);
    sampled.labels.push_back(matrix.labels[row]);
    sampled.weights.push_back(positive ? 1.0f : static_cast<float>(1 / share));
    ++sampled.rows;
  }
  return sampled;
}

// Standardizes every feature by the training mean and deviation; a missing value becomes the
// mean (0). For the linear model, which has no notion of missing.
FeatureMatrix Standardize(FeatureMatrix matrix, const std::vector<double>& means,
                          const std::vector<double>& deviations) {
  for (int64_t row = 0; row < matrix.rows; ++row) {
    for (int64_t feature = 0; feature < matrix.columns; ++feature) {
      float& value = matrix.values[row * matrix.columns + feature];
      value = std::isnan(value)
                  ? 0.0f
                  : static_cast<float>((value - means[feature]) / deviations[feature]);
    }
  }
  return matrix;
}

void Scaling(const FeatureMatrix& matrix, std::vector<double>& means,
             std::vector<double>& deviations) {
  means.assign(static_cast<size_t>(matrix.columns), 0);
  deviations.assign(static_cast<size_t>(matrix.columns), 1);
  for (int64_t feature = 0; feature < matrix.columns; ++feature) {
    double sum = 0, squares = 0, count = 0;
    for (int64_t row = 0; row < matrix.rows; ++row) {
      const float value = matrix.values[row * matrix.columns + feature];
      if (std::isnan(value)) continue;
      sum += value;
      squares += static_cast<double>(value) * value;
      ++count;
    }
    if (count == 0) continue;
    means[feature] = sum / count;
    const double variance = squares / count - means[feature] * means[feature];
    deviations[feature] = variance > 1e-12 ? std::sqrt(variance) : 1;
  }
}

void CreateDirectory(const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw IoError(directory + ": cannot create the directory: " + error.message());
}

std::string Path(const std::string& directory, const char* name) {
  return (std::filesystem::path(directory) / name).string();
}

}  // namespace

PropensityModelInfo TrainPropensity(const Table& lines, const PropensityOptions& options,
                                    const std::string& model_directory) {
  CreateDirectory(model_directory);
  PropensityModelInfo info;
  info.version = BERSERKR_VERSION;
  info.horizon_days = options.horizon_days;
  info.cutoff = EvaluationCutoff(lines, options);
  info.validation_cutoff = info.cutoff - options.horizon_days;
  info.first_training_cutoff =
      info.validation_cutoff - options.training_cutoffs * options.horizon_days;
  info.features = SynthesizeFeatures();
  const int64_t num_features = static_cast<int64_t>(info.features.size());

  std::vector<CandidateSet> training;
  for (int index = options.training_cutoffs; index >= 1; --index) {
    training.push_back(BuildCandidates(lines, info.validation_cutoff - index * options.horizon_days,
                                       info.features, options));
  }
  const CandidateSet validation =
      BuildCandidates(lines, info.validation_cutoff, info.features, options);
  std::vector<const Table*> training_tables;
  for (const CandidateSet& set : training) training_tables.push_back(&set.rows);
  const FeatureMatrix train =
      SampleNegatives(ToMatrix(training_tables, num_features), kNegativeShare, options.seed);
  const FeatureMatrix valid =
      SampleNegatives(ToMatrix({&validation.rows}, num_features), kNegativeShare, options.seed + 1);
  info.training_rows = train.rows;
  info.validation_rows = valid.rows;

  BoostingOptions boosting;
  boosting.seed = options.seed;
  const BoostedModel boosted = BoostedModel::Train(train, valid, boosting);
  info.best_round = boosted.best_round();
  info.importances = boosted.Importances(num_features);
  boosted.Save(Path(model_directory, "model.json"));

  std::vector<double> means, deviations;
  Scaling(train, means, deviations);
  BoostingOptions linear;
  linear.booster = "gblinear";
  linear.learning_rate = 0.5;
  linear.l2 = 1.0;
  linear.max_rounds = 60;
  linear.early_stopping_rounds = 10;
  linear.seed = options.seed;
  BoostedModel::Train(Standardize(train, means, deviations), Standardize(valid, means, deviations),
                      linear)
      .Save(Path(model_directory, "linear.json"));
  WriteModelInfo(info, means, deviations, Path(model_directory, "model_info.json"));
  return info;
}

PropensityEvaluation EvaluatePropensity(const Table& lines, const PropensityOptions& options,
                                        const std::string& model_directory,
                                        const std::string& out_directory) {
  CreateDirectory(out_directory);
  std::vector<double> means, deviations;
  PropensityEvaluation evaluation;
  evaluation.info = ReadModelInfo(Path(model_directory, "model_info.json"), means, deviations);
  const PropensityModelInfo& info = evaluation.info;
  PropensityOptions at_cutoff = options;
  at_cutoff.horizon_days = info.horizon_days;
  if (LastDay(lines) + 1 < info.cutoff + info.horizon_days) {
    throw InvalidInput("the data ends before the evaluation period " + FormatDate(info.cutoff) +
                       " + " + std::to_string(info.horizon_days) +
                       " days that the model was trained for");
  }
  evaluation.test = BuildCandidates(lines, info.cutoff, info.features, at_cutoff);
  const Table& rows = evaluation.test.rows;
  evaluation.candidate_recall = evaluation.test.actual_purchases == 0
                                    ? std::nan("")
                                    : static_cast<double>(evaluation.test.covered) /
                                          static_cast<double>(evaluation.test.actual_purchases);
  const int64_t num_features = static_cast<int64_t>(info.features.size());
  const FeatureMatrix test = ToMatrix({&rows}, num_features);

  // Dense customer indices and each customer's actual purchases in the horizon.
  const std::vector<std::string> customer_ids = StringValues(rows, "customer_id");
  std::map<std::string, uint32_t> index_of;
  std::vector<uint32_t> customers;
  for (const std::string& id : customer_ids) {
    customers.push_back(index_of.emplace(id, static_cast<uint32_t>(index_of.size())).first->second);
  }
  std::vector<int64_t> positives = ActualPurchasesPerCustomer(evaluation.test.bought, index_of);
  std::vector<uint8_t> labels;
  for (float label : test.labels) labels.push_back(label > 0.5f);

  auto measure = [&](const std::vector<double>& scores, bool probabilities) {
    ModelMetrics metrics;
    metrics.roc_auc = RocAuc(scores, labels);
    metrics.pr_auc = AveragePrecision(scores, labels);
    metrics.logloss = probabilities ? LogLoss(scores, labels) : std::nan("");
    const TopKMetrics top = RankAtK(scores, labels, customers, positives, options.top);
    metrics.precision_at_k = top.precision;
    metrics.recall_at_k = top.recall;
    metrics.ndcg_at_k = top.ndcg;
    return metrics;
  };
  const BoostedModel boosted = BoostedModel::Load(Path(model_directory, "model.json"));
  const std::vector<float> boosted_scores = boosted.Predict(test);
  evaluation.boosted_scores.assign(boosted_scores.begin(), boosted_scores.end());
  evaluation.models["boosted"] = measure(evaluation.boosted_scores, true);
  const BoostedModel linear = BoostedModel::Load(Path(model_directory, "linear.json"));
  const std::vector<float> linear_scores = linear.Predict(Standardize(test, means, deviations));
  evaluation.models["logistic"] =
      measure(std::vector<double>(linear_scores.begin(), linear_scores.end()), true);
  evaluation.models["popularity"] =
      measure(NumberValuesOrZero(rows, "item.count_distinct(lines.customer_id)[30d]"), false);
  const std::vector<double> bought =
      NumberValuesOrZero(rows, "customer_item.count_distinct(lines.invoice)");
  const std::vector<double> tenure =
      NumberValuesOrZero(rows, "customer.days_since_first(lines.day)");
  std::vector<double> repeat(bought.size());
  for (size_t row = 0; row < repeat.size(); ++row)
    repeat[row] = bought[row] / std::max(tenure[row], 1.0);
  evaluation.models["repeat"] = measure(repeat, false);

  WriteMetricsJson(evaluation, options.top, Path(out_directory, "metrics.json"));
  WritePropensityReport(evaluation, labels, Path(out_directory, "report.html"));
  return evaluation;
}

Table ScoreCandidates(const CandidateSet& candidates, const std::string& model_directory,
                      int64_t num_features) {
  // The mapPartitions pattern: the engine hands candidate batches to its threads and each
  // applies the model to its own (XGBoost >= 1.4 predicts from several threads at once).
  BoostedModel model = BoostedModel::Load(Path(model_directory, "model.json"));
  model.PredictOnOneThread();
  const Schema& schema = *candidates.rows.schema();
  const Schema scored_schema(
      {schema.field(0), schema.field(1), Field{"probability", DataType::Float64()}});
  const auto score = [&](const Batch& batch) {
    FeatureMatrix matrix;
    matrix.columns = num_features;
    AppendRows(batch, num_features, matrix);
    const std::vector<float> scores = model.Predict(matrix);
    return Batch{nullptr,
                 {batch.column(0), batch.column(1),
                  Float64Column(std::vector<double>(scores.begin(), scores.end()))},
                 batch.num_rows};
  };
  return DataFrame::FromTable(candidates.rows).MapBatches(score, scored_schema).Collect();
}

Table ScorePropensity(const Table& lines, const PropensityOptions& options,
                      const std::string& model_directory, const std::string& out_directory) {
  CreateDirectory(out_directory);
  std::vector<double> means, deviations;
  const PropensityModelInfo info =
      ReadModelInfo(Path(model_directory, "model_info.json"), means, deviations);
  const int32_t cutoff = options.cutoff.value_or(LastDay(lines) + 1);
  PropensityOptions at_cutoff = options;
  at_cutoff.horizon_days = info.horizon_days;
  const CandidateSet candidates = BuildCandidates(lines, cutoff, info.features, at_cutoff);
  const Table scored =
      ScoreCandidates(candidates, model_directory, static_cast<int64_t>(info.features.size()));
  const Table top = DataFrame::FromTable(scored)
                        .Window({Col("customer_id")}, {{"probability", false}, {"stock_code"}},
                                {RowNumber().As("rank")})
                        .Filter(Col("rank") <= Lit(int64_t{options.top}))
                        .Sort({{"customer_id"}, {"rank"}})
                        .Collect();
  WriteCsv(top, Path(out_directory, "scores.csv"));
  WriteParquet(top, Path(out_directory, "scores.parquet"));
  return top;
}

}  // namespace berserkr

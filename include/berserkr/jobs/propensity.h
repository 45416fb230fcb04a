#pragma once

// Purchase propensity: the probability that a customer buys an item within a horizon after a
// cutoff date, from their transaction lines before it (`berserkr propensity`). Candidates per
// customer (items bought before, items bought with them, popular items), features synthesized
// from the lines (docs/propensity.md), gradient-boosted trees (XGBoost) trained on earlier
// cutoffs with early stopping on a later one, and an honest evaluation on the latest period
// against a logistic regression and two non-learned baselines.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "berserkr/types/table.h"

namespace berserkr {

struct PropensityOptions {
  int horizon_days = 30;
  // The evaluation cutoff: labels are purchases in [cutoff, cutoff + horizon). Default: the last
  // day in the data + 1 − horizon, so the evaluation period is the last complete horizon.
  std::optional<int32_t> cutoff;
  // Training cutoffs: this many, a horizon apart, before the validation cutoff, which is one
  // horizon before the evaluation cutoff. Nothing at or after a cutoff reaches its features.
  int training_cutoffs = 3;
  int popular_items = 50;      // candidates for everyone: most bought in the last 30 days
  int copurchased_items = 10;  // candidates per item bought: most often in the same invoice
  int top = 10;                // k of precision@k, recall@k, NDCG@k and of scoring
  uint64_t seed = 42;
};

// One feature: an aggregate of a source table's column per entity, over the whole history before
// the cutoff or its last `window_days`. Depth 1 aggregates lines; depth 2 aggregates invoices or
// customer × item rows, themselves aggregates of lines.
struct FeatureDefinition {
  std::string name;      // e.g. "customer.mean(invoices.amount)[90d]"
  std::string entity;    // customer, item or customer_item
  std::string source;    // lines, invoices or customer_items
  std::string function;  // count, sum, mean, max, min, stddev, count_distinct, days_since_last,
                         // days_since_first, mean_interval, overdue, share, trend, candidate
  std::string column;    // the source column aggregated ("" for count)
  int window_days = 0;   // 0: all history
};

// The features synthesized for the entity set lines → invoices → customers, lines → items and
// lines → customer × item, to depth 2, plus the candidate-source flags.
std::vector<FeatureDefinition> SynthesizeFeatures();

// Candidates at `cutoff` with their features (in `features` order, DOUBLE) and, when the data
// reaches past the cutoff, their label (bought in the horizon). Columns: customer_id, stock_code,
// label, then one per feature. `lines` are cleaned lines (CleanRetailLines).
struct CandidateSet {
  Table rows;
  int32_t cutoff = 0;
  int64_t customers = 0;         // customers with a purchase before the cutoff
  int64_t actual_purchases = 0;  // (customer, item) pairs bought in the horizon by them
  int64_t covered = 0;           // of those, pairs among the candidates (recall = covered / actual)
  Table bought;                  // those pairs: customer_id, stock_code, label (1)
};
CandidateSet BuildCandidates(const Table& lines, int32_t cutoff,
                             const std::vector<FeatureDefinition>& features,
                             const PropensityOptions& options);

struct ModelMetrics {
  double roc_auc = 0, pr_auc = 0, logloss = 0;  // logloss NaN for non-probabilistic scores
  double precision_at_k = 0, recall_at_k = 0, ndcg_at_k = 0;
};

struct PropensityModelInfo {
  std::string version;
  int32_t first_training_cutoff = 0, validation_cutoff = 0, cutoff = 0;
  int horizon_days = 0;
  int best_round = 0;
  int64_t training_rows = 0, validation_rows = 0;
  std::vector<FeatureDefinition> features;
  std::vector<double> importances;  // total gain per feature
};

// Trains on the training cutoffs, stops early on the validation cutoff, and writes the model
// directory: model.json (XGBoost), linear.json (the logistic-regression baseline), features.json
// (definitions), model_info.json (window, version, rounds, importances).
PropensityModelInfo TrainPropensity(const Table& lines, const PropensityOptions& options,
                                    const std::string& model_directory);

struct PropensityEvaluation {
  PropensityModelInfo info;
  CandidateSet test;
  double candidate_recall = 0;
  std::map<std::string, ModelMetrics> models;  // boosted, logistic, popularity, repeat
  std::vector<double> boosted_scores;          // per test row, for the report's plots
};

// Evaluates a trained model and the baselines on the evaluation cutoff; writes DIR/metrics.json
// and DIR/report.html.
PropensityEvaluation EvaluatePropensity(const Table& lines, const PropensityOptions& options,
                                        const std::string& model_directory,
                                        const std::string& out_directory);

// The trained model's probability for every candidate: customer_id, stock_code, probability,
// one row per candidate in candidate order. Batches are scored in parallel on the engine's
// threads. `candidates` must carry the model's features (BuildCandidates with its definitions).
Table ScoreCandidates(const CandidateSet& candidates, const std::string& model_directory,
                      int64_t num_features);

// Scores candidates at the day after the last line (or options.cutoff) and writes the top
// options.top items per customer to DIR/scores.csv and DIR/scores.parquet: customer_id,
// stock_code, probability, rank.
Table ScorePropensity(const Table& lines, const PropensityOptions& options,
                      const std::string& model_directory, const std::string& out_directory);

}  // namespace berserkr

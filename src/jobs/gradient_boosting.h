#pragma once

// Gradient-boosted trees (and the logistic-regression baseline, XGBoost's linear booster) through
// the XGBoost C API: training with early stopping on a validation set, prediction, importances,
// and saving / loading the model file.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace berserkr {

// Rows of float features, row-major; NaN marks a missing value.
struct FeatureMatrix {
  std::vector<float> values;
  std::vector<float> labels;   // 0 / 1; empty when scoring
  std::vector<float> weights;  // per row; empty: all 1
  int64_t rows = 0;
  int64_t columns = 0;
};

struct BoostingOptions {
  std::string booster = "gbtree";  // "gblinear": logistic regression
  int max_rounds = 400;
  int early_stopping_rounds = 25;  // rounds without a better validation PR AUC
  double learning_rate = 0.15;
  int max_depth = 6;
  double subsample = 0.8;
  double column_sample = 0.8;
  double min_child_weight = 5;
  double l2 = 1.0;  // lambda
  uint64_t seed = 42;
};

class BoostedModel {
 public:
  // Trains until the validation PR AUC has not improved for early_stopping_rounds, and keeps the
  // trees up to the best round. Deterministic for a seed and thread count. Throws InvalidInput
  // when either set has no positive or no negative label.
  static BoostedModel Train(const FeatureMatrix& train, const FeatureMatrix& validation,
                            const BoostingOptions& options);
  static BoostedModel Load(const std::string& path);

  BoostedModel(BoostedModel&&) noexcept;
  BoostedModel& operator=(BoostedModel&&) noexcept;
  ~BoostedModel();

  // Probabilities of label 1, one per row. Safe to call from several threads at once.
  std::vector<float> Predict(const FeatureMatrix& features) const;
  // Makes each Predict call use one thread, for callers that run calls in parallel themselves
  // (XGBoost's own threads would then only compete with them).
  void PredictOnOneThread();
  // Total gain of each feature index over all splits (trees only; empty for gblinear).
  std::vector<double> Importances(int64_t num_features) const;
  void Save(const std::string& path) const;

  int best_round() const { return best_round_; }
  double best_validation_score() const { return best_score_; }

 private:
  explicit BoostedModel(void* handle) : handle_(handle) {}
  void* handle_ = nullptr;  // BoosterHandle
  int best_round_ = 0;
  double best_score_ = 0;
};

}  // namespace berserkr

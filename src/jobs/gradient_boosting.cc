#include "jobs/gradient_boosting.h"

#include <xgboost/c_api.h>

#include <cmath>
#include <string>

#include "berserkr/common/error.h"
#include "berserkr/common/thread_pool.h"

namespace berserkr {
namespace {

void Check(int status, const std::string& what) {
  if (status != 0) throw Internal("XGBoost " + what + ": " + XGBGetLastError());
}

// A DMatrix owning its handle.
class Matrix {
 public:
  explicit Matrix(const FeatureMatrix& features) {
    Check(XGDMatrixCreateFromMat(features.values.data(), static_cast<bst_ulong>(features.rows),
                                 static_cast<bst_ulong>(features.columns), std::nanf(""), &handle_),
          "DMatrix");
    if (!features.labels.empty()) {
      Check(XGDMatrixSetFloatInfo(handle_, "label", features.labels.data(),
                                  static_cast<bst_ulong>(features.labels.size())),
            "labels");
    }
    if (!features.weights.empty()) {
      Check(XGDMatrixSetFloatInfo(handle_, "weight", features.weights.data(),
                                  static_cast<bst_ulong>(features.weights.size())),
            "weights");
    }
  }
  ~Matrix() { XGDMatrixFree(handle_); }
  Matrix(const Matrix&) = delete;
  Matrix& operator=(const Matrix&) = delete;
  DMatrixHandle get() const { return handle_; }

 private:
  DMatrixHandle handle_ = nullptr;
};

void RequireBothLabels(const FeatureMatrix& features, const char* which) {
  double positives = 0;
  for (float label : features.labels) positives += label;
  if (positives == 0 || positives == static_cast<double>(features.labels.size())) {
    throw InvalidInput(std::string("the ") + which + " set has " +
                       (positives == 0 ? "no positive" : "only positive") +
                       " examples: choose other cutoffs or a longer horizon");
  }
}

// The last number of an evaluation line such as "[12]\tvalidation-aucpr:0.4312".
double LastMetric(const char* text) {
  const std::string line(text);
  return std::stod(line.substr(line.rfind(':') + 1));
}

}  // namespace

BoostedModel BoostedModel::Train(const FeatureMatrix& train, const FeatureMatrix& validation,
                                 const BoostingOptions& options) {
  RequireBothLabels(train, "training");
  RequireBothLabels(validation, "validation");
  const Matrix train_matrix(train);
  const Matrix validation_matrix(validation);
  DMatrixHandle matrices[] = {train_matrix.get(), validation_matrix.get()};
  BoosterHandle handle = nullptr;
  Check(XGBoosterCreate(matrices, 2, &handle), "booster");
  BoostedModel model(handle);
  auto set = [&](const char* name, const std::string& value) {
    Check(XGBoosterSetParam(handle, name, value.c_str()), std::string("parameter ") + name);
  };
  set("booster", options.booster);
  set("objective", "binary:logistic");
  set("eval_metric", "aucpr");
  set("eta", std::to_string(options.learning_rate));
  set("lambda", std::to_string(options.l2));
  set("seed", std::to_string(options.seed));
  set("nthread", std::to_string(DefaultThreadPool().num_threads()));
  if (options.booster == "gbtree") {
    set("tree_method", "hist");
    set("max_bin", "64");  // a quarter of the default: faster histograms, no loss seen here
    set("max_depth", std::to_string(options.max_depth));
    set("subsample", std::to_string(options.subsample));
    set("colsample_bytree", std::to_string(options.column_sample));
    set("min_child_weight", std::to_string(options.min_child_weight));
  } else {
    set("updater", "coord_descent");  // deterministic, unlike the parallel shotgun updater
  }
  const char* names[] = {"train", "validation"};
  int rounds_without_gain = 0;
  model.best_score_ = -1;
  for (int round = 0; round < options.max_rounds; ++round) {
    Check(XGBoosterUpdateOneIter(handle, round, train_matrix.get()), "training round");
    const char* evaluation = nullptr;
    Check(XGBoosterEvalOneIter(handle, round, &matrices[1], &names[1], 1, &evaluation),
          "evaluation");
    const double score = LastMetric(evaluation);
    if (score > model.best_score_ + 1e-6) {
      model.best_score_ = score;
      model.best_round_ = round;
      rounds_without_gain = 0;
    } else if (++rounds_without_gain >= options.early_stopping_rounds) {
      break;
    }
  }
  if (options.booster == "gbtree") {
    BoosterHandle best = nullptr;
    Check(XGBoosterSlice(handle, 0, model.best_round_ + 1, 1, &best), "slice");
    BoostedModel sliced(best);
    sliced.best_round_ = model.best_round_;
    sliced.best_score_ = model.best_score_;
    return sliced;
  }
  return model;
}

BoostedModel BoostedModel::Load(const std::string& path) {
  BoosterHandle handle = nullptr;
  Check(XGBoosterCreate(nullptr, 0, &handle), "booster");
  BoostedModel model(handle);
  if (XGBoosterLoadModel(handle, path.c_str()) != 0) {
    throw InvalidInput(path + ": not a model file this berserkr can read (" + XGBGetLastError() +
                       ")");
  }
  return model;
}

BoostedModel::BoostedModel(BoostedModel&& other) noexcept
    : handle_(other.handle_), best_round_(other.best_round_), best_score_(other.best_score_) {
  other.handle_ = nullptr;
}

BoostedModel& BoostedModel::operator=(BoostedModel&& other) noexcept {
  std::swap(handle_, other.handle_);
  best_round_ = other.best_round_;
  best_score_ = other.best_score_;
  return *this;
}

BoostedModel::~BoostedModel() {
  if (handle_ != nullptr) XGBoosterFree(handle_);
}

std::vector<float> BoostedModel::Predict(const FeatureMatrix& features) const {
  if (features.rows == 0) return {};
  const Matrix matrix(features);
  bst_ulong length = 0;
  const float* result = nullptr;
  Check(XGBoosterPredict(handle_, matrix.get(), 0, 0, 0, &length, &result), "prediction");
  return std::vector<float>(result, result + length);
}

void BoostedModel::PredictOnOneThread() {
  Check(XGBoosterSetParam(handle_, "nthread", "1"), "nthread");
}

std::vector<double> BoostedModel::Importances(int64_t num_features) const {
  std::vector<double> gains(static_cast<size_t>(num_features), 0);
  bst_ulong count = 0;
  const char** names = nullptr;
  bst_ulong dimensions = 0;
  const bst_ulong* shape = nullptr;
  const float* scores = nullptr;
  if (XGBoosterFeatureScore(handle_, "{\"importance_type\": \"total_gain\"}", &count, &names,
                            &dimensions, &shape, &scores) != 0) {
    return {};  // a linear booster has no split gains
  }
  for (bst_ulong index = 0; index < count; ++index) {
    const std::string name = names[index];  // "f<index>" without feature names
    if (name.size() < 2 || name[0] != 'f') continue;
    const int64_t feature = std::stoll(name.substr(1));
    if (feature >= 0 && feature < num_features) gains[feature] = scores[index];
  }
  return gains;
}

void BoostedModel::Save(const std::string& path) const {
  if (XGBoosterSaveModel(handle_, path.c_str()) != 0) {
    throw IoError(path + ": cannot write the model: " + XGBGetLastError());
  }
}

}  // namespace berserkr

// Purchase propensity: the metrics against hand-computed values, no feature reading the future,
// and train / evaluate / score on generated lines beating the baselines.

#include "berserkr/jobs/propensity.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "berserkr/common/thread_pool.h"
#include "berserkr/formats/parquet_reader.h"
#include "berserkr/jobs/generators.h"
#include "berserkr/jobs/retail_report.h"
#include "berserkr/plan/data_frame.h"
#include "berserkr/types/temporal.h"
#include "jobs/ranking_metrics.h"
#include "jobs/table_values.h"
#include "test_util.h"

namespace berserkr {
namespace {

TEST(RankingMetricsTest, MatchHandComputedValues) {
  // scikit-learn: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75,
  // average_precision_score(...) = 0.8333.
  const std::vector<double> scores = {0.1, 0.4, 0.35, 0.8};
  const std::vector<uint8_t> labels = {0, 0, 1, 1};
  EXPECT_DOUBLE_EQ(RocAuc(scores, labels), 0.75);
  EXPECT_NEAR(AveragePrecision(scores, labels), 0.833333, 1e-6);
  EXPECT_NEAR(LogLoss({0.9, 0.1}, {1, 0}), -std::log(0.9), 1e-12);
  EXPECT_DOUBLE_EQ(RocAuc({0.5, 0.5}, {0, 1}), 0.5);  // a tie counts half
  EXPECT_TRUE(std::isnan(RocAuc({0.1, 0.2}, {1, 1})));
  // Customer 0: candidates ranked a(1) b(0) c(1), 3 actual purchases; customer 1: none bought.
  const TopKMetrics top = RankAtK({0.9, 0.8, 0.7, 0.5}, {1, 0, 1, 0}, {0, 0, 0, 1}, {3, 0}, 2);
  EXPECT_EQ(top.customers, 1);
  EXPECT_DOUBLE_EQ(top.precision, 0.5);
  EXPECT_DOUBLE_EQ(top.recall, 1.0 / 3);
  EXPECT_NEAR(top.ndcg, 1.0 / (1 + 1 / std::log2(3.0)), 1e-12);
}

class PropensityTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_ = new testing_util::TempDir();
    GenerateOptions generate;
    generate.rows = 80'000;
    GenerateRetailLines(generate, directory_->File("lines.csv"));
    std::vector<CleaningStep> steps;
    const RetailColumnMap columns;
    const CsvOptions csv;
    const Table raw = LoadRetailLines({directory_->File("lines.csv")}, columns, csv);
    lines_ = new Table(CleanRetailLines(raw, RetailCleaningOptions{}, steps));
  }
  static void TearDownTestSuite() {
    delete lines_;
    delete directory_;
  }
  static testing_util::TempDir* directory_;
  static Table* lines_;
};
testing_util::TempDir* PropensityTest::directory_ = nullptr;
Table* PropensityTest::lines_ = nullptr;

// Every line at or after the cutoff changed — quantities, prices, dates within the future, new
// lines — and no feature of any candidate moves.
TEST_F(PropensityTest, NoFeatureReadsTheFuture) {
  const int32_t cutoff = *ParseDate("2023-09-01");
  const Expr future = Cast(Col("invoice_date"), DataType::Date()) >= Lit(Scalar::Date(cutoff));
  const DataFrame lines = DataFrame::FromTable(*lines_);
  const Table changed = lines.Filter(Not(future))
                            .UnionAll(lines.Filter(future)
                                          .WithColumn("quantity", Col("quantity") * Lit(int64_t{7}))
                                          .WithColumn("unit_price", Col("unit_price") + Lit(1.5)))
                            .UnionAll(lines.Filter(future).WithColumn(
                                "customer_id", Col("customer_id") + Lit(int64_t{1})))
                            .Collect();
  const std::vector<FeatureDefinition> features = SynthesizeFeatures();
  const CandidateSet original = BuildCandidates(*lines_, cutoff, features, {});
  const CandidateSet altered = BuildCandidates(changed, cutoff, features, {});
  ASSERT_EQ(original.rows.num_rows(), altered.rows.num_rows());
  ASSERT_GT(original.rows.num_rows(), 1000);
  for (const FeatureDefinition& feature : features) {
    const std::vector<double> before = NumberValues(original.rows, feature.name);
    const std::vector<double> after = NumberValues(altered.rows, feature.name);
    for (size_t row = 0; row < before.size(); ++row) {
      if (std::isnan(before[row]) && std::isnan(after[row])) continue;
      ASSERT_EQ(before[row], after[row]) << feature.name << " row " << row;
    }
  }
  // The labels do see the future.
  EXPECT_NE(NumberValues(original.rows, "label"), NumberValues(altered.rows, "label"));
}

TEST_F(PropensityTest, TrainedModelBeatsTheBaselinesAndScores) {
  PropensityOptions options;
  options.training_cutoffs = 2;
  const std::string model = directory_->File("model");
  const PropensityModelInfo info = TrainPropensity(*lines_, options, model);
  EXPECT_GT(info.best_round, 0);
  for (const char* file : {"model.json", "linear.json", "model_info.json"}) {
    EXPECT_TRUE(std::filesystem::exists(model + "/" + file)) << file;
  }
  const PropensityEvaluation evaluation =
      EvaluatePropensity(*lines_, options, model, directory_->File("evaluation"));
  const ModelMetrics& boosted = evaluation.models.at("boosted");
  for (const char* baseline : {"logistic", "popularity", "repeat"}) {
    EXPECT_GT(boosted.pr_auc, evaluation.models.at(baseline).pr_auc) << baseline;
  }
  EXPECT_GT(boosted.roc_auc, 0.6);
  EXPECT_GT(evaluation.candidate_recall, 0.2);
  const std::string metrics =
      testing_util::ReadFileText(directory_->File("evaluation") + "/metrics.json");
  for (const char* key : {"\"roc_auc\"", "\"pr_auc\"", "\"logloss\"", "\"precision_at_10\"",
                          "\"recall_at_10\"", "\"ndcg_at_10\""}) {
    EXPECT_NE(metrics.find(key), std::string::npos) << key;
  }

  const Table scores = ScorePropensity(*lines_, options, model, directory_->File("scores"));
  ASSERT_GT(scores.num_rows(), 0);
  const std::vector<double> ranks = NumberValues(scores, "rank");
  const std::vector<double> probabilities = NumberValues(scores, "probability");
  for (size_t row = 0; row < ranks.size(); ++row) {
    ASSERT_GE(ranks[row], 1);
    ASSERT_LE(ranks[row], options.top);
    ASSERT_GE(probabilities[row], 0);
    ASSERT_LE(probabilities[row], 1);
  }
  // Batches scored in parallel give what one thread gives, row for row.
  SetDefaultThreadCount(1);
  const Table alone = ScorePropensity(*lines_, options, model, directory_->File("scores1"));
  SetDefaultThreadCount(4);
  const Table parallel = ScorePropensity(*lines_, options, model, directory_->File("scores4"));
  SetDefaultThreadCount(0);
  EXPECT_EQ(testing_util::ReadFileText(directory_->File("scores1") + "/scores.csv"),
            testing_util::ReadFileText(directory_->File("scores4") + "/scores.csv"));
  EXPECT_EQ(alone.num_rows(), parallel.num_rows());
  // scores.parquet holds what scores.csv holds.
  const Table from_parquet = ReadParquet({directory_->File("scores4") + "/scores.parquet"});
  ASSERT_EQ(from_parquet.num_rows(), parallel.num_rows());
  EXPECT_EQ(NumberValues(from_parquet, "probability"), NumberValues(parallel, "probability"));
  EXPECT_EQ(NumberValues(from_parquet, "rank"), NumberValues(parallel, "rank"));

  // The same seed trains the same model.
  TrainPropensity(*lines_, options, directory_->File("again"));
  EXPECT_EQ(testing_util::ReadFileText(model + "/model.json"),
            testing_util::ReadFileText(directory_->File("again") + "/model.json"));
}

}  // namespace
}  // namespace berserkr

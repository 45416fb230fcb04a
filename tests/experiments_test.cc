// Experiment metrics: a hand-computed log (outcomes only after exposure, users in two variants
// left out, the --event filter), the statistics, and generated logs — the planted effect found,
// none found where none was planted, every count equal to DuckDB SQL.

#include "berserkr/jobs/experiments.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "berserkr/common/error.h"
#include "berserkr/formats/json_reader.h"
#include "berserkr/jobs/generators.h"
#include "jobs/table_values.h"
#include "table_compare.h"
#include "test_util.h"

namespace berserkr {
namespace {

using testing_util::TempDir;

std::string Event(const std::string& name, const char* user, const std::string& time,
                  const std::string& properties) {
  return std::string("{\"type\":\"track\",\"event\":\"") + name +
         "\",\"userId\":" + (user ? std::string("\"") + user + "\"" : "null") +
         ",\"timestamp\":\"2024-03-04T" + time + "Z\",\"properties\":{" + properties + "}}\n";
}

std::string Exposure(const char* user, const std::string& time, const std::string& variant) {
  return Event("Experiment Viewed", user, time,
               "\"experiment_id\":\"exp_a\",\"variation_id\":\"" + variant + "\"");
}

TEST(ExperimentsTest, OutcomesCountOnlyAfterTheFirstExposure) {
  TempDir directory;
  const std::string path = directory.File("events.jsonl");
  testing_util::WriteFile(
      path, Exposure("u1", "10:00:00", "control") +
                Event("Product Clicked", "u1", "09:00:00", "\"vertical\":\"Food\"") +
                Event("Product Clicked", "u1", "10:05:00", "\"vertical\":\"Food\"") +
                Event("Added to Cart", "u1", "10:06:00", "\"vertical\":\"Food\"") +
                Event("Added to Cart", "u1", "10:07:00", "\"vertical\":\"Home\"") +
                Event("Order Completed", "u1", "10:10:00", "\"revenue\":50.0") +
                Exposure("u2", "11:00:00", "treatment") + Exposure("u3", "12:00:00", "control") +
                Exposure("u3", "12:30:00", "treatment") +
                Event("Order Completed", "u3", "12:40:00", "\"revenue\":99.0") +
                Exposure("u4", "09:00:00", "treatment") + Exposure("u4", "13:00:00", "treatment") +
                Event("Order Completed", "u4", "09:30:00", "\"revenue\":20.0") +
                Exposure(nullptr, "09:00:00", "control"));
  ExperimentOptions options;
  options.event = "Added to Cart";
  options.where = {{"vertical", "Food"}};
  const ExperimentResult result = AnalyzeExperiments(ReadJson({path}, {}), options);
  EXPECT_EQ(result.events, 14);
  EXPECT_EQ(result.exposures, 6);
  EXPECT_EQ(result.excluded_users, 1);  // u3 saw both variants
  const Table& variants = result.variants;
  EXPECT_EQ(StringValues(variants, "variant"), (std::vector<std::string>{"control", "treatment"}));
  EXPECT_EQ(NumberValues(variants, "users"), (std::vector<double>{1, 2}));
  EXPECT_EQ(NumberValues(variants, "clickers"), (std::vector<double>{1, 0}));  // not the 09:00 one
  EXPECT_EQ(NumberValues(variants, "converters"), (std::vector<double>{1, 1}));
  EXPECT_EQ(NumberValues(variants, "gmv"), (std::vector<double>{50, 20}));
  EXPECT_EQ(NumberValues(variants, "events"), (std::vector<double>{1, 0}));  // Food carts only
  EXPECT_EQ(NumberValues(variants, "conversion_rate"), (std::vector<double>{1, 0.5}));
  EXPECT_DOUBLE_EQ(NumberValues(variants, "conversion_lift")[1], -0.5);
  EXPECT_TRUE(std::isnan(NumberValues(variants, "conversion_p_value")[0]));  // control: empty
  // u4's second exposure is not a new one; exposures per hour: 09:00 u4, 10:00 u1, 11:00 u2.
  EXPECT_EQ(NumberValues(result.hourly, "exposures"), (std::vector<double>{1, 1, 1}));
}

TEST(ExperimentsTest, IntervalsAndTestsFollowTheTextbook) {
  // 50/100 against 30/100: pooled p 0.4, z = 0.2 / sqrt(0.24 * 0.02) = 2.8868, p = 0.00389.
  TempDir directory;
  const std::string path = directory.File("events.jsonl");
  std::string text;
  for (int user = 0; user < 200; ++user) {
    const std::string id = "u" + std::to_string(user);
    const bool treated = user >= 100;
    text += Exposure(id.c_str(), "10:00:00", treated ? "treatment" : "control");
    if ((treated && user < 150) || (!treated && user < 30)) {
      text += Event("Order Completed", id.c_str(), "11:00:00", "\"revenue\":10.0");
    }
  }
  testing_util::WriteFile(path, text);
  const Table& variants = AnalyzeExperiments(ReadJson({path}, {}), {}).variants;
  EXPECT_NEAR(NumberValues(variants, "conversion_z")[1], 2.886751, 1e-6);
  EXPECT_NEAR(NumberValues(variants, "conversion_p_value")[1], 0.0038924, 1e-6);
  // Wilson 95% for 30/100 (statsmodels proportion_confint, method="wilson"): 0.218949 .. 0.395849.
  EXPECT_NEAR(NumberValues(variants, "conversion_low")[0], 0.218949, 1e-6);
  EXPECT_NEAR(NumberValues(variants, "conversion_high")[0], 0.395849, 1e-6);
}

TEST(ExperimentsTest, AMissingFieldIsNamed) {
  TempDir directory;
  const std::string path = directory.File("events.jsonl");
  testing_util::WriteFile(path, "{\"event\":\"x\",\"timestamp\":\"2024-03-04T10:00:00Z\"}\n");
  try {
    AnalyzeExperiments(ReadJson({path}, {}), {});
    FAIL() << "expected an error";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("'userId'"), std::string::npos) << error.what();
  }
}

// Generated logs: the planted +20% conversion of exp_checkout's treatment is found, nothing else
// is (|z| < 3), and every count equals DuckDB's.
TEST(ExperimentsOracleTest, FindsThePlantedEffectAndMatchesDuckDb) {
  TempDir directory;
  GenerateOptions generate;
  generate.rows = 1'000'000;
  const std::string path = directory.File("events.jsonl");
  GenerateExperimentEvents(generate, path);
  ExperimentOptions options;
  options.event = "Added to Cart";
  options.where = {{"vertical", "Food"}};
  const ExperimentResult result = AnalyzeExperiments(ReadJson({path}, {}), options);
  const Table& variants = result.variants;
  ASSERT_EQ(StringValues(variants, "variant"),
            (std::vector<std::string>{"control", "variant_b", "control", "treatment"}));
  const std::vector<double> conversion_z = NumberValues(variants, "conversion_z");
  const std::vector<double> ctr_z = NumberValues(variants, "ctr_z");
  EXPECT_GT(conversion_z[3], 5);  // exp_checkout treatment: planted
  EXPECT_GT(NumberValues(variants, "conversion_lift")[3], 0.1);
  EXPECT_LT(std::abs(conversion_z[1]), 3);  // exp_banner: none planted
  EXPECT_LT(std::abs(ctr_z[1]), 3);
  EXPECT_LT(std::abs(ctr_z[3]), 3);
  EXPECT_GT(result.excluded_users, 0);

  const std::string unavailable = testing_util::DuckDbUnavailable();
  if (!unavailable.empty()) GTEST_SKIP() << unavailable;
  WriteExperiments(result, options, directory.File("ours"));
  std::filesystem::create_directories(directory.File("duckdb"));
  const std::string command = "node '" + std::string(BERSERKR_SOURCE_DIR) +
                              "/tests/oracle/experiments_duckdb.mjs' '" + path + "' '" +
                              directory.File("duckdb") + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  testing_util::ExpectSameCsv(directory.File("ours") + "/hourly.csv",
                              directory.File("duckdb") + "/hourly.csv");
  CsvOptions csv;
  const Table theirs = ReadCsv({directory.File("duckdb") + "/variants.csv"}, csv);
  for (const char* column : {"users", "clickers", "converters", "events"}) {
    EXPECT_EQ(NumberValues(variants, column), NumberValues(theirs, column)) << column;
  }
  const std::vector<double> gmv = NumberValues(variants, "gmv");
  const std::vector<double> their_gmv = NumberValues(theirs, "gmv");
  for (size_t row = 0; row < gmv.size(); ++row) EXPECT_NEAR(gmv[row], their_gmv[row], 1e-6);
}

}  // namespace
}  // namespace berserkr

// Time on flyer: both methods on a hand-computed example (CRLF, a duplicate, empty ids, two
// offsets, no final newline), local dates, errors, the generator, and generated events against
// the same rules in DuckDB SQL (tests/oracle/flyer_dwell_duckdb.mjs).

#include "berserkr/jobs/flyer_dwell.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "berserkr/common/error.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/jobs/generators.h"
#include "jobs/table_values.h"
#include "table_compare.h"
#include "test_util.h"

namespace berserkr {
namespace {

using testing_util::TempDir;
using testing_util::WriteFile;

constexpr const char* kEvents =
    "timestamp,user_id,event,flyer_id,merchant_id\r\n"
    "2024-03-04T23:50:00+01:00,1,list_flyers,,\r\n"
    "2024-03-04T23:50:10+01:00,1,flyer_open,11,100\r\n"
    "2024-03-04T23:50:10+01:00,1,flyer_open,11,100\r\n"
    "2024-03-04T23:50:40+01:00,1,item_open,11,100\r\n"
    "2024-03-04T23:51:00+01:00,1,flyer_open,12,200\r\n"
    "2024-03-05T00:30:00+01:00,1,flyer_open,11,100\r\n"
    "2024-03-04T20:00:00-05:00,2,flyer_open,11,100\r\n"
    "2024-03-04T20:05:00-05:00,2,shopping_list_open,,";

class FlyerDwellTest : public testing::Test {
 protected:
  FlyerDwellResult Compute(const FlyerDwellOptions& options = {}) {
    const std::string path = directory_.File("events.csv");
    WriteFile(path, kEvents);
    return ComputeFlyerDwell(ScanFlyerEvents({path}), options);
  }
  TempDir directory_;
};

TEST_F(FlyerDwellTest, SessionSegmentsEndAtTheNextEventCappedAtTheTimeout) {
  const FlyerDwellResult result = Compute();
  EXPECT_EQ(result.events, 8);
  EXPECT_EQ(result.duplicates, 1);
  EXPECT_EQ(result.views, 4);       // 30 s, 20 s, 1800 s (capped) and user 2's 300 s
  EXPECT_EQ(result.open_views, 1);  // user 1's last flyer_open has no later event
  EXPECT_EQ(result.capped_views, 1);
  const Table& umd = result.user_merchant_day;
  EXPECT_EQ(StringValues(umd, "user_id"), (std::vector<std::string>{"1", "1", "2"}));
  EXPECT_EQ(StringValues(umd, "merchant_id"), (std::vector<std::string>{"100", "200", "100"}));
  EXPECT_EQ(StringValues(umd, "date"),
            (std::vector<std::string>{"2024-03-04", "2024-03-04", "2024-03-04"}));
  EXPECT_EQ(NumberValues(umd, "views"), (std::vector<double>{2, 1, 1}));
  EXPECT_EQ(NumberValues(umd, "total_seconds"), (std::vector<double>{50, 1800, 300}));
  EXPECT_EQ(NumberValues(umd, "avg_seconds"), (std::vector<double>{25, 1800, 300}));
  EXPECT_EQ(NumberValues(result.user_day, "total_seconds"), (std::vector<double>{1850, 300}));
  EXPECT_EQ(NumberValues(result.user_day, "merchants"), (std::vector<double>{2, 1}));
  EXPECT_EQ(NumberValues(result.merchant_day, "users"), (std::vector<double>{2, 1}));
  EXPECT_EQ(NumberValues(result.merchant_day, "total_seconds"), (std::vector<double>{350, 1800}));
  EXPECT_EQ(NumberValues(result.merchant_day, "avg_seconds_per_user"),
            (std::vector<double>{175, 1800}));
  EXPECT_EQ(NumberValues(result.flyer_day, "views"), (std::vector<double>{3, 1}));
  const int64_t histogram_views = [&] {
    int64_t sum = 0;
    for (double views : NumberValues(result.dwell_histogram, "views")) sum += views;
    return sum;
  }();
  EXPECT_EQ(histogram_views, 4);

  FlyerDwellOptions short_timeout;
  short_timeout.timeout_seconds = 25;
  EXPECT_EQ(NumberValues(Compute(short_timeout).user_merchant_day, "total_seconds"),
            (std::vector<double>{45, 25, 25}));
  FlyerDwellOptions keep;
  keep.drop_duplicates = false;
  const FlyerDwellResult kept = Compute(keep);
  EXPECT_EQ(kept.duplicates, 0);
  EXPECT_EQ(kept.views, 5);  // the duplicate open lasts 0 s
}

TEST_F(FlyerDwellTest, FirstLastDividesTheSpanByTheEvents) {
  FlyerDwellOptions options;
  options.method = DwellMethod::kFirstLast;
  const Table& umd = Compute(options).user_merchant_day;
  EXPECT_EQ(StringValues(umd, "date"),
            (std::vector<std::string>{"2024-03-04", "2024-03-05", "2024-03-04", "2024-03-04"}));
  EXPECT_EQ(NumberValues(umd, "views"), (std::vector<double>{2, 1, 1, 1}));
  EXPECT_EQ(NumberValues(umd, "total_seconds"), (std::vector<double>{30, 0, 0, 0}));
  EXPECT_EQ(NumberValues(umd, "avg_seconds"), (std::vector<double>{15, 0, 0, 0}));
}

TEST_F(FlyerDwellTest, LocalDatesFollowTheOffsetOrTheTimeZone) {
  FlyerDwellOptions utc;
  utc.timezone = "UTC";
  // User 2's 20:00-05:00 is 01:00 the next day in UTC; user 1's 00:30+01:00 is still the 4th.
  const FlyerDwellResult result = Compute(utc);
  EXPECT_EQ(StringValues(result.user_merchant_day, "date"),
            (std::vector<std::string>{"2024-03-04", "2024-03-04", "2024-03-05"}));
  utc.timezone = "Not/AZone";
  EXPECT_THROW(Compute(utc), InvalidInput);
}

TEST_F(FlyerDwellTest, BadInputIsNamed) {
  const std::string missing = directory_.File("missing.csv");
  WriteFile(missing, "timestamp,user,event,flyer_id,merchant_id\n2024-03-04T10:00:00Z,1,x,,\n");
  try {
    ScanFlyerEvents({missing});
    FAIL() << "expected an error";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("user_id"), std::string::npos) << error.what();
  }
  const std::string bad = directory_.File("bad.csv");
  WriteFile(bad,
            "timestamp,user_id,event,flyer_id,merchant_id\n"
            "2024-03-04T10:00:00Z,1,flyer_open,1,2\n2024-13-45T10:00:00Z,1,flyer_open,1,2\n");
  try {
    ComputeFlyerDwell(ScanFlyerEvents({bad}), {});
    FAIL() << "expected an error";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("2024-13-45"), std::string::npos) << error.what();
  }
}

// Generated events through both methods equal DuckDB's answers to the same rules.
TEST(FlyerDwellOracleTest, GeneratedEventsMatchDuckDb) {
  const std::string unavailable = testing_util::DuckDbUnavailable();
  if (!unavailable.empty()) GTEST_SKIP() << unavailable;
  TempDir directory;
  GenerateOptions generate;
  generate.rows = 200'000;
  GenerateFlyerEvents(generate, directory.File("events.csv"));
  for (const DwellMethod method : {DwellMethod::kSession, DwellMethod::kFirstLast}) {
    const std::string name = method == DwellMethod::kSession ? "session" : "first-last";
    SCOPED_TRACE(name);
    FlyerDwellOptions options;
    options.method = method;
    options.timeout_seconds = 600;
    const std::string ours = directory.File("ours-" + name);
    const std::string theirs = directory.File("duckdb-" + name);
    WriteFlyerDwell(ComputeFlyerDwell(ScanFlyerEvents({directory.File("events.csv")}), options),
                    options, ours);
    std::filesystem::create_directories(theirs);
    const std::string command =
        "node '" + std::string(BERSERKR_SOURCE_DIR) + "/tests/oracle/flyer_dwell_duckdb.mjs' '" +
        directory.File("events.csv") + "' '" + theirs + "' " + name + " 600 >/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    for (const char* table : {"user_merchant_day", "user_day", "merchant_day", "flyer_day"}) {
      testing_util::ExpectSameCsv(ours + "/" + table + ".csv", theirs + "/" + table + ".csv");
    }
  }
}

}  // namespace
}  // namespace berserkr

// Randomized differential tests: every registered oracle family (tests/oracle/*_families.cc)
// against DuckDB. See tests/oracle/oracle_harness.h for what is compared and how to reproduce a
// failure from the seed it prints.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

#include "oracle/oracle_harness.h"
#include "oracle/sql_mirror_families.h"

namespace berserkr::oracle {
namespace {

// The registered families and their SQL mirrors (sql_<family>: the same SQL through berserkr's
// SQL front end).
std::vector<Family> AllFamilies() {
  std::vector<Family> families = RegisteredFamilies();
  std::vector<Family> mirrors = SqlMirrorFamilies(families);
  families.insert(families.end(), mirrors.begin(), mirrors.end());
  return families;
}

class OracleFamilyTest : public ::testing::TestWithParam<std::string> {};

TEST_P(OracleFamilyTest, Run) {
  const std::string reason = OracleUnavailableReason();
  if (!reason.empty()) GTEST_SKIP() << reason;
  for (const Family& family : AllFamilies()) {
    if (family.name != GetParam()) continue;
    const auto start = std::chrono::steady_clock::now();
    const FamilyReport report = RunOracleFamily(family);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "oracle family " << family.name << ": " << report.cases << " cases, "
              << report.queries << " queries (" << report.both_failed
              << " failed in both engines), " << report.failures.size() << " differences, "
              << seconds << " s\n";
    // BERSERKR_ORACLE_SHOW=<n> shows more (or fewer) of the differences.
    const char* show_text = std::getenv("BERSERKR_ORACLE_SHOW");
    const size_t show = show_text != nullptr ? std::strtoul(show_text, nullptr, 10) : 10;
    for (size_t index = 0; index < report.failures.size() && index < show; ++index) {
      ADD_FAILURE() << report.failures[index];
    }
    if (report.failures.size() > show) {
      ADD_FAILURE() << report.failures.size() - show << " more differences not shown";
    }
    return;
  }
  FAIL() << "no oracle family named " << GetParam();
}

std::vector<std::string> FamilyNames() {
  std::vector<std::string> names;
  for (const Family& family : AllFamilies()) names.push_back(family.name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(Oracle, OracleFamilyTest, ::testing::ValuesIn(FamilyNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace berserkr::oracle

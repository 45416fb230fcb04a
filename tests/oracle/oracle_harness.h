#pragma once

// Randomized differential tests against DuckDB (issue 3: "results equal DuckDB's on the same
// data"). A *family* is one function that, from a random generator, makes an OracleCase: a few
// small random tables and queries over them, each query written twice from the same random
// choices — SQL text for DuckDB and a DataFrame program for berserkr. RunOracleFamily writes every
// case of a family into one request, answers it with one DuckDB process
// (tests/oracle/duckdb_oracle.mjs), runs the same queries through berserkr and compares:
//
// - Same column count and types (DuckDB type -> berserkr type, see ExpectedType), same row count.
// - Rows are sorted on both sides (exact columns first, doubles last) unless the query says it has
//   a total ORDER BY.
// - Integers, strings, booleans, dates, timestamps and decimals compare exactly; doubles to 1e-9
//   relative (or 1e-12 absolute, for results that are 0 in one engine and rounding noise in the
//   other); NaN equals NaN; -0.0 equals 0.0 (DuckDB itself returns either sign for the same group
//   or sort key depending on which row came first, so the sign of zero is not compared).
// - When DuckDB fails (overflow, a bad CAST) berserkr must throw too, and the other way round.
//
// Reproduce a failure with the seed it prints: BERSERKR_ORACLE_SEED=<seed> runs only that case in
// every family (add --gtest_filter=Oracle/OracleFamilyTest.Run/<family> to pick the family).
// BERSERKR_ORACLE_SCALE=<factor> multiplies the number of cases (default 1; sanitizer builds
// default to 0.5). BERSERKR_ORACLE_VERBOSE=1 prints every SQL text; BERSERKR_ORACLE_KEEP=1 keeps
// the request (tables as JSON) and DuckDB's answers in a temporary directory;
// BERSERKR_ORACLE_SHOW=<n> shows up to n differences (default 10).

#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "berserkr/plan/data_frame.h"
#include "berserkr/types/table.h"

namespace berserkr::oracle {

// A seeded random source with the few draws the generators need.
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  // Uniform in [low, high].
  int64_t Uniform(int64_t low, int64_t high) {
    return std::uniform_int_distribution<int64_t>(low, high)(engine_);
  }
  double UniformReal(double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(engine_);
  }
  bool Chance(double probability) { return UniformReal(0, 1) < probability; }
  template <typename T>
  const T& Pick(const std::vector<T>& options) {
    return options[static_cast<size_t>(Uniform(0, static_cast<int64_t>(options.size()) - 1))];
  }
  uint64_t Next() { return engine_(); }

 private:
  std::mt19937_64 engine_;
};

using TableMap = std::map<std::string, Table>;

struct OracleQuery {
  OracleQuery(std::string sql_text, std::function<DataFrame(const TableMap&)> program)
      : sql(std::move(sql_text)), build(std::move(program)) {}

  // The DuckDB text.
  std::string sql;
  // The same query in berserkr. May throw (a bind error is a failure unless DuckDB fails too).
  std::function<DataFrame(const TableMap&)> build;
  // The SQL has an ORDER BY that orders every row (e.g. ends with the unique row number): rows
  // are compared in order. Otherwise both sides are sorted first.
  bool ordered = false;
  // The SQL answer carries one extra trailing column per entry here: a BOOLEAN that says whether
  // visible column `mask_targets[i]` is determined in that row (e.g. mode() with a tie). Where it
  // is false the column is not compared.
  std::vector<int> mask_targets;
};

struct OracleCase {
  TableMap tables;
  std::vector<OracleQuery> queries;
};

// A family of randomized queries: fills `oracle_case` from `rng`.
using FamilyFunction = std::function<void(Rng& rng, OracleCase& oracle_case)>;

struct Family {
  std::string name;
  FamilyFunction generate;
  int default_cases;  // cases per run at scale 1
};

// Every family registered with BERSERKR_ORACLE_FAMILY, in name order.
std::vector<Family> RegisteredFamilies();
void RegisterFamily(Family family);

#define BERSERKR_ORACLE_CONCAT_INNER(a, b) a##b
#define BERSERKR_ORACLE_CONCAT(a, b) BERSERKR_ORACLE_CONCAT_INNER(a, b)
// Registers `function` (void(Rng&, OracleCase&)) under `name` with `cases` cases per run.
#define BERSERKR_ORACLE_FAMILY(name, cases, function)                                      \
  static const bool BERSERKR_ORACLE_CONCAT(oracle_family_registered_, __LINE__) = [] {     \
    ::berserkr::oracle::RegisterFamily(::berserkr::oracle::Family{name, function, cases}); \
    return true;                                                                           \
  }()

// Why the oracle cannot run here ("" when it can): node or tests/oracle/node_modules missing.
std::string OracleUnavailableReason();

struct FamilyReport {
  int cases = 0;
  int queries = 0;
  int both_failed = 0;                // queries where DuckDB and berserkr both reported an error
  std::vector<std::string> failures;  // one self-contained message per failing query
};

// Generates the family's cases (seeds derived from the family name and case index, or only
// BERSERKR_ORACLE_SEED), asks DuckDB, runs berserkr and compares.
FamilyReport RunOracleFamily(const Family& family);

// The number of cases a run makes: default_cases times the scale (env / sanitizer default).
int CaseCount(const Family& family);

}  // namespace berserkr::oracle

#pragma once

// Random tables and random expressions for the oracle families. Every expression is made twice
// from the same random choices: SQL text for DuckDB and an Expr for berserkr.

#include <string>
#include <vector>

#include "berserkr/expr/expression.h"
#include "berserkr/types/table.h"
#include "oracle/oracle_harness.h"

namespace berserkr::oracle {

// The columns of every random table ("t"), by role. Each case draws, per column, a NULL rate
// (0 to 100%) and a distribution (all distinct, few distinct, skewed to one value, constant).
//   rn  BIGINT   the row number 0..n-1: unique, makes orders total and first/last deterministic
//   k1  INTEGER  group key, small values     k2 VARCHAR group key (unicode, "")   k3 BOOLEAN
//   i   INTEGER  |i| <= 1000: safe in arithmetic        m BIGINT |m| <= 10^6
//   j   INTEGER  anything, INT32_MIN/MAX included       l BIGINT anything, INT64_MIN/MAX included
//   x   DOUBLE   multiples of 1/4, |x| < 2^22: sums are exact in any order
//   y   DOUBLE   as x plus NaN, +-inf, -0.0
//   z   DOUBLE   anything: 1e+-300, subnormals, NaN, +-inf, +-0.0
//   s   VARCHAR  any UTF-8 (multi-byte, emoji, quotes, line breaks, "", spaces)
//   a   VARCHAR  ASCII letters, digits, spaces and punctuation
//   n   VARCHAR  numbers and not-quite-numbers as text, for CAST / TRY_CAST
//   b   BOOLEAN
//   d   DATE     1900..2100 and a few far dates     ts TIMESTAMP 1900..2100, microseconds
struct TableOptions {
  int max_rows = 120;
  // Raw shape of the row count: 0 rows, 1 row, a few, or up to max_rows.
  bool allow_empty = true;
};
Table RandomTable(Rng& rng, const TableOptions& options = {});

// SQL literal text.
std::string SqlString(const std::string& value);
std::string SqlDouble(double value);

// An expression in both languages.
struct Gen {
  std::string sql;
  Expr expr = ExprPtr();
};

enum class ValueKind { kInt, kDouble, kString, kBool, kDate, kTimestamp };

// Random typed expressions over the columns of RandomTable. Integer expressions stay far from
// overflow (only i, m, k1, rn and small literals, multiplied by small literals): DuckDB evaluates
// AND, OR, CASE and COALESCE lazily, so an overflow hidden behind them would be an error in one
// engine only. The overflow family tests overflow at the top of a projection instead.
class ExprGenerator {
 public:
  explicit ExprGenerator(Rng& rng) : rng_(rng) {}

  Gen Of(ValueKind kind, int depth);
  Gen Bool(int depth);
  Gen Int(int depth);
  Gen Double(int depth);
  Gen String(int depth);
  Gen Date(int depth);
  Gen Timestamp(int depth);
  // A comparison (= <> < <= > >=) between two values of one kind.
  Gen Comparison(int depth);

  Gen IntLiteral(int64_t low, int64_t high);
  // Any double, NaN and +-inf included.
  Gen DoubleLiteral();
  Gen StringLiteral();
  Gen DateLiteral();

 private:
  Rng& rng_;
};

inline Gen Column(const std::string& name) { return Gen{name, Col(name)}; }

// The names of RandomTable's columns of a kind.
const std::vector<std::string>& ColumnsOf(ValueKind kind);

}  // namespace berserkr::oracle

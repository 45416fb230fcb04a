// Oracle families over row-wise expressions: filter, project, overflow, cast, date, string.
// Each family is one function from a random generator to an OracleCase (see oracle_harness.h).

#include <string>
#include <vector>

#include "oracle/oracle_harness.h"
#include "oracle/random_data.h"

namespace berserkr::oracle {

namespace {

// SELECT rn, <columns> FROM t WHERE <predicate>: comparisons, AND / OR / NOT, IS NULL, IN,
// BETWEEN, LIKE, contains, starts_with, CASE and COALESCE over every column type.
void FilterFamily(Rng& rng, OracleCase& oracle_case) {
  oracle_case.tables["t"] = RandomTable(rng);
  static const std::vector<std::string> kShown = {"k1", "k2", "i", "x", "y", "s", "b", "d", "ts"};
  for (int query = 0; query < 4; ++query) {
    ExprGenerator generator(rng);
    const Gen predicate = generator.Bool(static_cast<int>(rng.Uniform(1, 3)));
    std::vector<std::string> columns = {"rn"};
    const int64_t shown = rng.Uniform(1, 3);
    for (int64_t index = 0; index < shown; ++index) columns.push_back(rng.Pick(kShown));
    std::string sql = "SELECT ";
    std::vector<NamedExpr> select;
    for (size_t index = 0; index < columns.size(); ++index) {
      sql += (index > 0 ? ", " : "") + columns[index];
      select.push_back(NamedExpr{"c" + std::to_string(index), Col(columns[index])});
    }
    sql += " FROM t WHERE " + predicate.sql;
    oracle_case.queries.push_back(OracleQuery{
        sql, [predicate = predicate.expr, select](const TableMap& tables) {
          return DataFrame::FromTable(tables.at("t")).Filter(predicate).Select(select);
        }});
  }
}

// SELECT rn, <expression>... FROM t: typed expression trees of every kind, depth 1 to 3.
void ProjectFamily(Rng& rng, OracleCase& oracle_case) {
  oracle_case.tables["t"] = RandomTable(rng);
  for (int query = 0; query < 4; ++query) {
    ExprGenerator generator(rng);
    std::string sql = "SELECT rn";
    std::vector<NamedExpr> select = {NamedExpr{"rn", Col("rn")}};
    const int64_t count = rng.Uniform(1, 3);
    for (int64_t index = 0; index < count; ++index) {
      const ValueKind kind = static_cast<ValueKind>(rng.Uniform(0, 5));
      const Gen value = generator.Of(kind, static_cast<int>(rng.Uniform(1, 3)));
      sql += ", " + value.sql;
      select.push_back(NamedExpr{"e" + std::to_string(index), value.expr});
    }
    sql += " FROM t";
    oracle_case.queries.push_back(OracleQuery{sql, [select](const TableMap& tables) {
                                                return DataFrame::FromTable(tables.at("t")).Select(select);
                                              }});
  }
}

// Arithmetic on the wide integer columns at the top of a projection, where both engines evaluate
// every row: an overflow must be an error in both, a division by zero NULL in both.
void OverflowFamily(Rng& rng, OracleCase& oracle_case) {
  oracle_case.tables["t"] = RandomTable(rng);
  struct Operation {
    const char* sql;
    const char* function;
  };
  static const std::vector<Operation> kOperations = {{"+", "add"},      {"-", "subtract"},
                                                     {"*", "multiply"}, {"//", "integer_divide"},
                                                     {"%", "modulo"}};
  static const std::vector<std::string> kWide = {"j", "l", "i", "m", "k1"};
  for (int query = 0; query < 4; ++query) {
    Gen value;
    const int64_t shape = rng.Uniform(0, 9);
    if (shape <= 5) {
      const Operation& operation = rng.Pick(kOperations);
      Gen left = Column(rng.Pick(kWide));
      Gen right = rng.Chance(0.7) ? Column(rng.Pick(kWide))
                                  : ExprGenerator(rng).IntLiteral(-3, 3);
      value = Gen{"(" + left.sql + " " + operation.sql + " " + right.sql + ")",
                  Call(operation.function, {left.expr, right.expr})};
    } else if (shape == 6) {
      Gen operand = Column(rng.Pick(kWide));
      value = Gen{"(-" + operand.sql + ")", -operand.expr};
    } else if (shape == 7) {
      Gen operand = Column(rng.Pick(kWide));
      value = Gen{"abs(" + operand.sql + ")", Call("abs", {operand.expr})};
    } else if (shape == 8) {
      value = Gen{"CAST(l AS INTEGER)", Cast(Col("l"), DataType::Int32())};
    } else {
      const std::string target = rng.Chance(0.5) ? "INTEGER" : "BIGINT";
      const std::string source = rng.Pick(std::vector<std::string>{"x", "y", "z"});
      value = Gen{"CAST(" + source + " AS " + target + ")",
                  Cast(Col(source), target == "INTEGER" ? DataType::Int32() : DataType::Int64())};
    }
    // Now and then only a few rows survive a filter first: the overflow may then not happen.
    const bool filtered = rng.Chance(0.3);
    const int64_t key = rng.Uniform(-20, 20);
    std::string sql = "SELECT rn, " + value.sql + " FROM t";
    if (filtered) sql += " WHERE k1 = " + std::to_string(key);
    oracle_case.queries.push_back(OracleQuery{
        sql, [value = value.expr, filtered, key](const TableMap& tables) {
          DataFrame frame = DataFrame::FromTable(tables.at("t"));
          if (filtered) frame = frame.Filter(Col("k1") == Lit(static_cast<int>(key)));
          return frame.Select({NamedExpr{"rn", Col("rn")}, NamedExpr{"v", value}});
        }});
  }
}

// CAST and TRY_CAST from text (the n column: numbers, near-numbers, dates, booleans) and to text.
void CastFamily(Rng& rng, OracleCase& oracle_case) {
  oracle_case.tables["t"] = RandomTable(rng);
  static const std::vector<std::pair<std::string, DataType>> kTargets = {
      {"INTEGER", DataType::Int32()}, {"BIGINT", DataType::Int64()},
      {"DOUBLE", DataType::Float64()}, {"BOOLEAN", DataType::Bool()},
      {"DATE", DataType::Date()},      {"TIMESTAMP", DataType::Timestamp()}};
  for (int query = 0; query < 4; ++query) {
    Gen value;
    const int64_t shape = rng.Uniform(0, 3);
    if (shape <= 1) {
      const auto& [name, type] = rng.Pick(kTargets);
      const std::string source = rng.Chance(0.85) ? "n" : rng.Pick(std::vector<std::string>{"s", "a", "k2"});
      if (shape == 0) {
        value = Gen{"TRY_CAST(" + source + " AS " + name + ")", TryCast(Col(source), type)};
      } else {
        value = Gen{"CAST(" + source + " AS " + name + ")", Cast(Col(source), type)};
      }
    } else if (shape == 2) {
      const std::string source =
          rng.Pick(std::vector<std::string>{"i", "j", "l", "k3", "b", "d", "ts", "x", "y", "z"});
      value = Gen{"CAST(" + source + " AS VARCHAR)", Cast(Col(source), DataType::String())};
    } else {
      const auto& [name, type] = rng.Pick(kTargets);
      const std::string source = rng.Pick(std::vector<std::string>{"i", "j", "l", "x", "z", "b", "d", "ts"});
      value = Gen{"TRY_CAST(" + source + " AS " + name + ")", TryCast(Col(source), type)};
    }
    const std::string sql = "SELECT rn, " + value.sql + " FROM t";
    oracle_case.queries.push_back(OracleQuery{sql, [value = value.expr](const TableMap& tables) {
                                                return DataFrame::FromTable(tables.at("t")).Select(
                                                    {NamedExpr{"rn", Col("rn")}, NamedExpr{"v", value}});
                                              }});
  }
}

// date_trunc, extract, date_diff, strftime and date arithmetic on DATE and TIMESTAMP.
void DateFamily(Rng& rng, OracleCase& oracle_case) {
  oracle_case.tables["t"] = RandomTable(rng);
  static const std::vector<std::string> kTruncParts = {
      "millennium", "century", "decade", "year",   "quarter", "month",      "week",
      "day",        "hour",    "minute", "second", "millisecond", "microsecond"};
  static const std::vector<std::string> kExtractParts = {
      "year", "quarter", "month", "day", "dayofweek", "dow", "isodow", "dayofyear", "doy", "week",
      "yearweek", "isoyear", "hour", "minute", "second", "millisecond", "microsecond", "epoch",
      "decade", "century", "millennium", "era"};
  static const std::vector<std::string> kDiffParts = {
      "year", "quarter", "month", "week", "day", "hour", "minute", "second", "millisecond",
      "microsecond", "decade", "century", "millennium"};
  static const std::vector<std::string> kFormats = {
      "%Y-%m-%d", "%d/%m/%y %H:%M:%S", "%j %U %W %w %u", "%a %A %b %B", "%e %-d %-m %-j",
      "%I:%M %p", "%f %g %n", "%G-W%V", "%%Y %c", "%x %X", "%H%M%S.%f", "plain"};
  for (int query = 0; query < 4; ++query) {
    Gen time = rng.Chance(0.5) ? Column("d") : Column("ts");
    Gen value;
    switch (rng.Uniform(0, 5)) {
      case 0: {
        const std::string part = rng.Pick(kTruncParts);
        value = Gen{"date_trunc('" + part + "', " + time.sql + ")",
                    Call("date_trunc", {Lit(part), time.expr})};
        break;
      }
      case 1: {
        const std::string part = rng.Pick(kExtractParts);
        value = Gen{"extract('" + part + "' FROM " + time.sql + ")",
                    Call("extract", {Lit(part), time.expr})};
        break;
      }
      case 2: {
        const std::string part = rng.Pick(kDiffParts);
        Gen other = rng.Chance(0.5) ? Column("d") : Column("ts");
        value = Gen{"date_diff('" + part + "', " + time.sql + ", " + other.sql + ")",
                    Call("date_diff", {Lit(part), time.expr, other.expr})};
        break;
      }
      case 3: {
        const std::string format = rng.Pick(kFormats);
        value = Gen{"strftime(" + time.sql + ", " + SqlString(format) + ")",
                    Call("strftime", {time.expr, Lit(format)})};
        break;
      }
      case 4:
        value = Gen{"(d - DATE '2000-02-29')",
                    Call("subtract", {Col("d"), Lit(Scalar::Date(11016))})};
        break;
      default: {
        ExprGenerator generator(rng);
        value = generator.Of(rng.Chance(0.5) ? ValueKind::kDate : ValueKind::kTimestamp, 2);
      }
    }
    const std::string sql = "SELECT rn, " + value.sql + " FROM t";
    oracle_case.queries.push_back(OracleQuery{sql, [value = value.expr](const TableMap& tables) {
                                                return DataFrame::FromTable(tables.at("t")).Select(
                                                    {NamedExpr{"rn", Col("rn")}, NamedExpr{"v", value}});
                                              }});
  }
}

}  // namespace

BERSERKR_ORACLE_FAMILY("filter", 500, FilterFamily);
BERSERKR_ORACLE_FAMILY("project", 500, ProjectFamily);
BERSERKR_ORACLE_FAMILY("overflow", 150, OverflowFamily);
BERSERKR_ORACLE_FAMILY("cast", 200, CastFamily);
BERSERKR_ORACLE_FAMILY("date", 200, DateFamily);

}  // namespace berserkr::oracle

// Oracle family for DataFrame::Join: inner / left / right / full / semi / anti, in the USING form
// (Join(right, names, type)) and the left_on / right_on form (Join(right, left_exprs, right_exprs,
// type)), with an optional filter over the join that the optimizer pushes below it.
//
// The tables are made here rather than by RandomTable: join keys must come from one small domain
// shared by both sides, or keys would rarely match.

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "berserkr/types/column_builder.h"
#include "oracle/oracle_harness.h"
#include "oracle/random_data.h"

namespace berserkr::oracle {

namespace {

// The columns of a join table ("t" or "u"), all nullable:
//   rn BIGINT unique row number          k1, k2 INTEGER keys in [0, domain]
//   ks VARCHAR key from a few strings    kw key of a type chosen per table (INTEGER, BIGINT or
//   kd DOUBLE key: k, k + 0.5, -0.0, NaN    DOUBLE): keys of different widths under one name
//   i INTEGER, x DOUBLE (finite), s VARCHAR, b BOOLEAN, d DATE: payload
const std::vector<std::string>& JoinColumns() {
  static const std::vector<std::string> columns = {"rn", "k1", "k2", "ks", "kw", "kd",
                                                   "i",  "x",  "s",  "b",  "d"};
  return columns;
}

double NullRate(Rng& rng) { return rng.Pick(std::vector<double>{0, 0, 0, 0, 0.05, 0.2, 0.5, 1.0}); }
// Keys are all NULL more rarely: such a join matches nothing, and its answer says little.
double KeyNullRate(Rng& rng) {
  return rng.Chance(0.03) ? 1.0 : rng.Pick(std::vector<double>{0, 0, 0, 0.05, 0.1, 0.2, 0.5});
}

Table JoinTable(Rng& rng, const DataType& kw_type, int64_t domain, int max_rows) {
  int64_t num_rows;
  const int64_t shape = rng.Uniform(0, 19);
  if (shape == 0) {
    num_rows = 0;  // an empty side
  } else if (shape <= 2) {
    num_rows = 1;
  } else {
    num_rows = rng.Uniform(2, max_rows);
  }
  static const std::vector<std::string> kStrings = {"", "a", "A", "é", "日本", "a ", "b", "😀"};
  const auto key = [&rng, domain] { return rng.Uniform(0, domain); };

  std::vector<Field> fields;
  std::vector<ColumnPtr> columns;
  const auto add = [&](const std::string& name, ColumnPtr column) {
    fields.push_back(Field{name, column->type(), true});
    columns.push_back(std::move(column));
  };
  const auto int32_column = [&](const std::function<int32_t()>& make, bool key) {
    const double null_rate = key ? KeyNullRate(rng) : NullRate(rng);
    FixedWidthBuilder<int32_t> builder(DataType::Int32());
    for (int64_t row = 0; row < num_rows; ++row) {
      rng.Chance(null_rate) ? builder.AppendNull() : builder.Append(make());
    }
    return builder.Finish();
  };
  const auto double_column = [&](const std::function<double()>& make, bool key) {
    const double null_rate = key ? KeyNullRate(rng) : NullRate(rng);
    FixedWidthBuilder<double> builder(DataType::Float64());
    for (int64_t row = 0; row < num_rows; ++row) {
      rng.Chance(null_rate) ? builder.AppendNull() : builder.Append(make());
    }
    return builder.Finish();
  };
  const auto string_column = [&](const std::function<std::string()>& make, bool key) {
    const double null_rate = key ? KeyNullRate(rng) : NullRate(rng);
    StringBuilder builder;
    for (int64_t row = 0; row < num_rows; ++row) {
      if (rng.Chance(null_rate)) {
        builder.AppendNull();
      } else {
        builder.Append(make());
      }
    }
    return builder.Finish();
  };

  {
    FixedWidthBuilder<int64_t> rn(DataType::Int64());
    for (int64_t row = 0; row < num_rows; ++row) rn.Append(row);
    add("rn", rn.Finish());
  }
  add("k1", int32_column([&] { return static_cast<int32_t>(key()); }, true));
  add("k2", int32_column([&] { return static_cast<int32_t>(key()); }, true));
  add("ks", string_column(
                [&] {
                  const int64_t value = key();
                  if (domain < static_cast<int64_t>(kStrings.size())) return kStrings[value];
                  return kStrings[value % kStrings.size()] + std::to_string(value);
                },
                true));
  if (kw_type.id() == TypeId::kInt32) {
    add("kw", int32_column([&] { return static_cast<int32_t>(key()); }, true));
  } else if (kw_type.id() == TypeId::kInt64) {
    // Now and then a key past the INTEGER range whose low 32 bits are a small key: it must not
    // match an INTEGER key (the join compares as BIGINT).
    const double null_rate = KeyNullRate(rng);
    FixedWidthBuilder<int64_t> builder(DataType::Int64());
    for (int64_t row = 0; row < num_rows; ++row) {
      if (rng.Chance(null_rate)) {
        builder.AppendNull();
      } else {
        builder.Append(key() + (rng.Chance(0.15) ? (int64_t{1} << 32) : 0));
      }
    }
    add("kw", builder.Finish());
  } else {
    add("kw",
        double_column([&] { return static_cast<double>(key()) + (rng.Chance(0.15) ? 0.5 : 0.0); },
                      true));
  }
  add("kd", double_column(
                [&] {
                  // NaN and -0.0 (which equals 0.0) as keys: rare enough in big tables to keep the
                  // answers small.
                  const int64_t shape = rng.Uniform(0, std::max<int64_t>(19, domain));
                  if (shape == 0) return std::nan("");
                  if (shape == 1) return -0.0;
                  return static_cast<double>(key()) + (shape == 2 ? 0.5 : 0.0);
                },
                true));
  add("i", int32_column([&] { return static_cast<int32_t>(rng.Uniform(-5, 5)); }, false));
  add("x", double_column([&] { return static_cast<double>(rng.Uniform(-8, 8)) / 4; }, false));
  add("s", string_column([&] { return rng.Pick(kStrings); }, false));
  {
    const double null_rate = NullRate(rng);
    BoolBuilder builder;
    for (int64_t row = 0; row < num_rows; ++row) {
      rng.Chance(null_rate) ? builder.AppendNull() : builder.Append(rng.Chance(0.5));
    }
    add("b", builder.Finish());
  }
  {
    const double null_rate = NullRate(rng);
    FixedWidthBuilder<int32_t> builder(DataType::Date());
    for (int64_t row = 0; row < num_rows; ++row) {
      rng.Chance(null_rate) ? builder.AppendNull()
                            : builder.Append(static_cast<int32_t>(rng.Uniform(18000, 18010)));
    }
    add("d", builder.Finish());
  }

  auto schema = std::make_shared<Schema>(std::move(fields));
  Batch whole{schema, columns, num_rows};
  // Several batches (slices), now and then an empty one, as RandomTable makes them.
  std::vector<Batch> batches;
  int64_t start = 0;
  const int64_t max_batches = rng.Uniform(1, 4);
  for (int64_t index = 0; index < max_batches - 1 && start < num_rows; ++index) {
    if (rng.Chance(0.1)) batches.push_back(whole.Slice(start, 0));
    const int64_t length = rng.Uniform(1, std::max<int64_t>(1, num_rows - start));
    batches.push_back(whole.Slice(start, length));
    start += length;
  }
  if (start < num_rows || batches.empty()) batches.push_back(whole.Slice(start, num_rows - start));
  return Table(schema, std::move(batches));
}

// A column of the join's output: its SQL text and its name in berserkr's output.
struct OutputColumn {
  std::string sql;
  std::string name;
  char side;           // 'l', 'r', or 'k' (a USING key: both sides)
  std::string column;  // the input column it comes from
};

// One conjunct of the filter over the join, in both languages, over the output columns.
Gen RandomConjunct(Rng& rng, const std::vector<OutputColumn>& outputs, bool kw_integer) {
  const OutputColumn& column = rng.Pick(outputs);
  const Gen value{column.sql, Col(column.name)};
  const std::string& base = column.column;
  const bool integer =
      base == "rn" || base == "k1" || base == "k2" || base == "i" || (base == "kw" && kw_integer);
  switch (rng.Uniform(0, 3)) {
    case 0:
      if (rng.Chance(0.5)) return Gen{"(" + value.sql + " IS NULL)", IsNull(value.expr)};
      return Gen{"(" + value.sql + " IS NOT NULL)", IsNotNull(value.expr)};
    case 1: {
      // Both sides in one conjunct: stays above the join.
      std::vector<const OutputColumn*> left, right;
      for (const OutputColumn& output : outputs) {
        if (output.column == "i" || output.column == "k1" || output.column == "k2") {
          (output.side == 'r' ? right : left).push_back(&output);
        }
      }
      if (!left.empty() && !right.empty()) {
        const OutputColumn& a = *rng.Pick(left);
        const OutputColumn& b = *rng.Pick(right);
        if (rng.Chance(0.5)) {
          return Gen{"(" + a.sql + " < " + b.sql + ")", Col(a.name) < Col(b.name)};
        }
        return Gen{"(COALESCE(" + a.sql + ", -1) = COALESCE(" + b.sql + ", -1))",
                   Coalesce({Col(a.name), Lit(-1)}) == Coalesce({Col(b.name), Lit(-1)})};
      }
      [[fallthrough]];
    }
    default:
      if (integer) {
        const int value_literal = static_cast<int>(rng.Uniform(-1, 3));
        const std::string literal = "(" + std::to_string(value_literal) + ")";
        if (rng.Chance(0.5)) {
          return Gen{"(" + value.sql + " > " + literal + ")", value.expr > Lit(value_literal)};
        }
        return Gen{"(" + value.sql + " <> " + literal + ")", value.expr != Lit(value_literal)};
      }
      if (base == "x") {
        const double literal = static_cast<double>(rng.Uniform(-4, 4)) / 2;
        return Gen{"(" + value.sql + " < " + SqlDouble(literal) + ")", value.expr < Lit(literal)};
      }
      if (base == "s" || base == "ks") {
        const std::string literal = rng.Pick(std::vector<std::string>{"", "a", "é"});
        return Gen{"(" + value.sql + " <> " + SqlString(literal) + ")", value.expr != Lit(literal)};
      }
      if (base == "b") {
        if (rng.Chance(0.5)) return value;
        return Gen{"(NOT " + value.sql + ")", Not(value.expr)};
      }
      // KNOWN DIFFERENCE (src/expr, see random_data.h finite_): comparisons with NaN differ, so
      // the NaN-holding keys kd and a DOUBLE kw are only tested for NULL.
      return Gen{"(" + value.sql + " IS NOT NULL)", IsNotNull(value.expr)};
  }
}

// SELECT <columns> FROM t <type> JOIN u {USING (...) | ON ...} [<type> JOIN v ON t.k2 = v.k1]
// [WHERE ...]; semi and anti joins also as WHERE [NOT] EXISTS (SELECT 1 FROM u WHERE ...).
void JoinFamily(Rng& rng, OracleCase& oracle_case) {
  // kw's type on each side: same width, INTEGER with BIGINT, an integer with DOUBLE.
  static const std::vector<std::pair<DataType, DataType>> kWidths = {
      {DataType::Int32(), DataType::Int32()},    {DataType::Int32(), DataType::Int64()},
      {DataType::Int64(), DataType::Int32()},    {DataType::Int32(), DataType::Float64()},
      {DataType::Float64(), DataType::Int32()},  {DataType::Int64(), DataType::Float64()},
      {DataType::Float64(), DataType::Float64()}};
  const auto& [left_kw, right_kw] = rng.Pick(kWidths);
  // Mostly small tables with few keys (many duplicates); now and then tables of some thousand
  // rows over many keys, past the engine's batch sizes and the grouper's first table size.
  const bool big = rng.Chance(0.05);
  const int64_t domain = big ? rng.Uniform(50, 1500) : rng.Uniform(0, 6);
  oracle_case.tables["t"] = JoinTable(rng, left_kw, domain, big ? 3000 : 50);
  oracle_case.tables["u"] = JoinTable(rng, right_kw, domain, big ? 2000 : 40);
  oracle_case.tables["v"] = JoinTable(rng, DataType::Int32(), domain, big ? 500 : 30);
  const bool kw_integer = left_kw.id() != TypeId::kFloat64 && right_kw.id() != TypeId::kFloat64;

  static const std::vector<std::pair<std::string, JoinType>> kTypes = {
      {"INNER", JoinType::kInner}, {"LEFT", JoinType::kLeft}, {"RIGHT", JoinType::kRight},
      {"FULL", JoinType::kFull},   {"SEMI", JoinType::kSemi}, {"ANTI", JoinType::kAnti}};
  static const std::vector<std::vector<std::string>> kUsingKeys = {
      {"k1"}, {"ks"}, {"kw"}, {"kd"}, {"k1", "k2"}, {"ks", "k1"}, {"kw", "k2"}};
  struct KeyPair {
    std::string left;
    std::string right;
    bool plus_one = false;  // the left key is `left + 1`
  };
  static const std::vector<std::vector<KeyPair>> kOnKeys = {{{"k1", "k1"}},
                                                            {{"k1", "k2"}},
                                                            {{"ks", "ks"}},
                                                            {{"kw", "kw"}},
                                                            {{"k1", "kw"}},
                                                            {{"kw", "k1"}},
                                                            {{"k1", "kd"}},
                                                            {{"kd", "kw"}},
                                                            {{"k1", "k2", true}},
                                                            {{"k1", "k2"}, {"k2", "k1"}},
                                                            {{"ks", "ks"}, {"k2", "k1"}},
                                                            {{"kw", "kw"}, {"kd", "kd"}},
                                                            {{"d", "d"}},
                                                            {{"b", "b"}, {"k1", "k1"}}};

  for (int query = 0; query < 3; ++query) {
    const auto& [type_sql, type] = rng.Pick(kTypes);
    const bool semi = type == JoinType::kSemi || type == JoinType::kAnti;
    const bool using_form = rng.Chance(0.5);
    std::vector<KeyPair> keys;
    if (using_form) {
      for (const std::string& key : rng.Pick(kUsingKeys)) keys.push_back({key, key});
    } else {
      // DATE and BOOLEAN keys take few values (payload columns): not in big tables, whose answer
      // would have millions of rows.
      do {
        keys = rng.Pick(kOnKeys);
      } while (big && (keys[0].left == "d" || keys[0].left == "b"));
    }
    std::string on;
    for (const KeyPair& key : keys) {
      on += (on.empty() ? "" : " AND ") +
            std::string(key.plus_one ? "(t." + key.left + " + 1)" : "t." + key.left) + " = u." +
            key.right;
    }

    // The join's output columns, as berserkr names them (data_frame.h, DataFrame::Join).
    std::vector<OutputColumn> outputs;
    if (using_form) {
      for (const KeyPair& key : keys) {
        const std::string& name = key.left;
        std::string sql = "t." + name;
        if (type == JoinType::kRight) sql = "u." + name;
        if (type == JoinType::kFull) sql = "COALESCE(t." + name + ", u." + name + ")";
        outputs.push_back({sql, name, 'k', name});
      }
    }
    for (const std::string& column : JoinColumns()) {
      const bool is_key =
          using_form && std::any_of(keys.begin(), keys.end(),
                                    [&](const KeyPair& key) { return key.left == column; });
      if (!is_key) outputs.push_back({"t." + column, column, 'l', column});
    }
    if (!semi) {
      for (const std::string& column : JoinColumns()) {
        const bool is_key =
            using_form && std::any_of(keys.begin(), keys.end(),
                                      [&](const KeyPair& key) { return key.left == column; });
        if (!is_key) outputs.push_back({"u." + column, column + "_right", 'r', column});
      }
    }

    // Now and then a second join, of the first one's output with v on t.k2 = v.k1: a filter over
    // it is pushed down through both joins.
    const bool three_way = !semi && !using_form && rng.Chance(0.2);
    // inner, left, right or full (the first four of kTypes)
    const std::pair<std::string, JoinType> second =
        three_way ? kTypes[static_cast<size_t>(rng.Uniform(0, 3))] : kTypes[0];
    if (three_way) {
      for (const std::string& column : JoinColumns()) {
        outputs.push_back({"v." + column, column + "_right_right", 'r', column});
      }
    }

    // The answer's columns: the row numbers, and about half of the others.
    std::vector<const OutputColumn*> selected;
    for (const OutputColumn& output : outputs) {
      if (output.column == "rn" || rng.Chance(0.4)) selected.push_back(&output);
    }
    std::string select_sql;
    std::vector<NamedExpr> select;
    for (const OutputColumn* output : selected) {
      select_sql += (select_sql.empty() ? "" : ", ") + output->sql;
      select.push_back({output->name, Col(output->name)});
    }

    std::optional<Gen> filter;
    if (rng.Chance(0.5)) {
      const int64_t conjuncts = rng.Uniform(1, 2);
      for (int64_t index = 0; index < conjuncts; ++index) {
        const Gen conjunct = RandomConjunct(rng, outputs, kw_integer);
        filter = filter ? Gen{filter->sql + " AND " + conjunct.sql, filter->expr && conjunct.expr}
                        : conjunct;
      }
    }

    std::string sql = "SELECT " + select_sql + " FROM t ";
    if (semi && rng.Chance(0.5)) {
      sql += std::string("WHERE ") + (type == JoinType::kAnti ? "NOT " : "") +
             "EXISTS (SELECT 1 FROM u WHERE " + on + ")";
      if (filter) sql += " AND " + filter->sql;
    } else {
      sql += type_sql + " JOIN u ";
      if (using_form && !semi) {
        std::string names;
        for (const KeyPair& key : keys) names += (names.empty() ? "" : ", ") + key.left;
        sql += "USING (" + names + ")";
      } else {
        sql += "ON " + on;
      }
      if (three_way) sql += " " + second.first + " JOIN v ON t.k2 = v.k1";
      if (filter) sql += " WHERE " + filter->sql;
    }

    oracle_case.queries.push_back(
        OracleQuery{sql, [keys, type, using_form, select, three_way, second_type = second.second,
                          filter = filter ? std::optional<Expr>(filter->expr)
                                          : std::nullopt](const TableMap& tables) {
                      const DataFrame left = DataFrame::FromTable(tables.at("t"));
                      const DataFrame right = DataFrame::FromTable(tables.at("u"));
                      DataFrame joined = left;
                      if (using_form) {
                        std::vector<std::string> names;
                        for (const KeyPair& key : keys) names.push_back(key.left);
                        joined = left.Join(right, names, type);
                      } else {
                        std::vector<Expr> left_on, right_on;
                        for (const KeyPair& key : keys) {
                          left_on.push_back(key.plus_one ? Col(key.left) + Lit(1) : Col(key.left));
                          right_on.push_back(Col(key.right));
                        }
                        joined = left.Join(right, left_on, right_on, type);
                      }
                      if (three_way) {
                        joined = joined.Join(DataFrame::FromTable(tables.at("v")), {Col("k2")},
                                             {Col("k1")}, second_type);
                      }
                      if (filter) joined = joined.Filter(*filter);
                      return joined.Select(select);
                    }});
  }
}

}  // namespace

BERSERKR_ORACLE_FAMILY("join", 300, JoinFamily);

}  // namespace berserkr::oracle

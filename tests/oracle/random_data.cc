#include "oracle/random_data.h"

#include <charconv>
#include <cmath>
#include <functional>
#include <limits>

#include "berserkr/expr/scalar.h"
#include "berserkr/types/column_builder.h"
#include "berserkr/types/temporal.h"

namespace berserkr::oracle {

namespace {

// One generated cell before it goes into a column.
struct Cell {
  bool null = false;
  int64_t integer = 0;
  double real = 0;
  std::string text;
};

using CellMaker = std::function<Cell(Rng&)>;

Cell IntCell(int64_t value) {
  Cell cell;
  cell.integer = value;
  return cell;
}
Cell RealCell(double value) {
  Cell cell;
  cell.real = value;
  return cell;
}
Cell TextCell(std::string value) {
  Cell cell;
  cell.text = std::move(value);
  return cell;
}

double Dyadic(Rng& rng) { return static_cast<double>(rng.Uniform(-4'000'000, 4'000'000)) / 4; }

double SpecialDouble(Rng& rng) {
  static const std::vector<double> kSpecials = {std::nan(""),
                                                -std::nan(""),
                                                std::numeric_limits<double>::infinity(),
                                                -std::numeric_limits<double>::infinity(),
                                                0.0,
                                                -0.0};
  return rng.Pick(kSpecials);
}

double WideDouble(Rng& rng) {
  switch (rng.Uniform(0, 6)) {
    case 0:
      return SpecialDouble(rng);
    case 1:
      return std::ldexp(rng.UniformReal(-1, 1), static_cast<int>(rng.Uniform(-1074, 1023)));
    case 2:
      return rng.Pick(std::vector<double>{
          std::numeric_limits<double>::max(), -std::numeric_limits<double>::max(),
          std::numeric_limits<double>::min(), std::numeric_limits<double>::denorm_min(), 1e300,
          -1e-300, 0.1, 1.0 / 3});
    case 3:
      return static_cast<double>(rng.Uniform(-100, 100));
    default:
      return rng.UniformReal(-1e6, 1e6);
  }
}

// Strings with something for every string function to trip on.
std::string UnicodeString(Rng& rng) {
  static const std::vector<std::string> kPieces = {"a",
                                                   "b",
                                                   "B",
                                                   "z",
                                                   "Z",
                                                   "é",
                                                   "É",
                                                   "ß",
                                                   "ü",
                                                   "日本",
                                                   "😀",
                                                   "Ω",
                                                   "ı",
                                                   " ",
                                                   "  ",
                                                   "\t",
                                                   "\n",
                                                   "'",
                                                   "\"",
                                                   ",",
                                                   "%",
                                                   "_",
                                                   "\\",
                                                   "-",
                                                   "x",
                                                   "abc",
                                                   "ABC",
                                                   "0",
                                                   "1",
                                                   "ab,cd",
                                                   "ña",
                                                   "e\u0301",
                                                   "\U0001F1FA\U0001F1F8",
                                                   "\U0001F44D\U0001F3FD",
                                                   "\r\n",
                                                   "\u00A0",
                                                   "\u3000"};
  if (rng.Chance(0.08)) return "";
  std::string out;
  const int64_t pieces = rng.Uniform(1, 5);
  for (int64_t index = 0; index < pieces; ++index) out += rng.Pick(kPieces);
  return out;
}

std::string AsciiString(Rng& rng) {
  static const std::vector<std::string> kPieces = {"a",  "b", "c",   "A",   "B",  "Hello", "wORLD",
                                                   " ",  ",", "-",   "_",   "%",  "x1",    "42",
                                                   "ab", ".", "foo", "BAR", "  ", "q"};
  if (rng.Chance(0.08)) return "";
  std::string out;
  const int64_t pieces = rng.Uniform(1, 4);
  for (int64_t index = 0; index < pieces; ++index) out += rng.Pick(kPieces);
  return out;
}

std::string NumericString(Rng& rng) {
  // KNOWN DIFFERENCE: DuckDB casts these texts where berserkr's CAST (which reuses the CSV
  // number and date parsers, src/expr/cast.cc) fails / gives NULL: "3.5" -> INTEGER 4 (DuckDB
  // rounds), "0x1F" -> 31 (hex), "1_000" -> 1000 (digit separators), "1e3" / ".5" / "5." /
  // "1E-2" -> INTEGER, and "inf" / "-Infinity" -> DATE / TIMESTAMP infinity. They are left out.
  static const std::vector<std::string> kTexts = {"0",
                                                  "1",
                                                  "-1",
                                                  "42",
                                                  " 7",
                                                  "8 ",
                                                  "+5",
                                                  "-0",
                                                  "007",
                                                  "abc",
                                                  "",
                                                  "2147483647",
                                                  "2147483648",
                                                  "-2147483648",
                                                  "-2147483649",
                                                  "9223372036854775807",
                                                  "9223372036854775808",
                                                  "nan",
                                                  "NaN",
                                                  "2020-01-31",
                                                  "2020-02-30",
                                                  "1999-12-31 23:59:59",
                                                  "2024-02-29 12:00:00.123456",
                                                  "true",
                                                  "false",
                                                  "T",
                                                  "yes",
                                                  "no",
                                                  "1.0e308",
                                                  "1e309",
                                                  "  12  ",
                                                  "٣",
                                                  "１２"};
  return rng.Pick(kTexts);
}

int32_t RandomDays(Rng& rng) {
  if (rng.Chance(0.05)) {
    return rng.Pick(std::vector<int32_t>{DaysFromCivil(1, 1, 1), DaysFromCivil(9999, 12, 31),
                                         DaysFromCivil(1600, 2, 29), DaysFromCivil(2000, 2, 29)});
  }
  return static_cast<int32_t>(rng.Uniform(DaysFromCivil(1900, 1, 1), DaysFromCivil(2100, 12, 31)));
}

int64_t RandomMicros(Rng& rng) {
  const int64_t day = RandomDays(rng) % 200'000;  // keep far dates as dates only
  int64_t micros = day * kMicrosPerDay;
  switch (rng.Uniform(0, 3)) {
    case 0:
      return micros;  // midnight
    case 1:
      return micros + rng.Uniform(0, 86'399) * kMicrosPerSecond;
    default:
      return micros + rng.Uniform(0, kMicrosPerDay - 1);
  }
}

struct ColumnSpec {
  std::string name;
  DataType type;
  CellMaker make;
};

const std::vector<ColumnSpec>& Specs() {
  static const std::vector<ColumnSpec> specs = {
      {"rn", DataType::Int64(), nullptr},
      {"k1", DataType::Int32(), [](Rng& rng) { return IntCell(rng.Uniform(-20, 20)); }},
      {"k2", DataType::String(),
       [](Rng& rng) {
         return TextCell(rng.Pick(std::vector<std::string>{"", "a", "A", "b", "é", "日本", "😀",
                                                           "a b", "z\n", "ß", "Ä"}));
       }},
      {"k3", DataType::Bool(), [](Rng& rng) { return IntCell(rng.Chance(0.5)); }},
      {"i", DataType::Int32(), [](Rng& rng) { return IntCell(rng.Uniform(-1000, 1000)); }},
      {"j", DataType::Int32(),
       [](Rng& rng) {
         if (rng.Chance(0.3)) {
           return IntCell(rng.Pick(std::vector<int64_t>{INT32_MIN, INT32_MAX, INT32_MIN + 1,
                                                        INT32_MAX - 1, 0, -1, 1, 46341}));
         }
         return IntCell(rng.Uniform(INT32_MIN, INT32_MAX));
       }},
      {"m", DataType::Int64(),
       [](Rng& rng) { return IntCell(rng.Uniform(-1'000'000, 1'000'000)); }},
      {"l", DataType::Int64(),
       [](Rng& rng) {
         if (rng.Chance(0.3)) {
           return IntCell(rng.Pick(std::vector<int64_t>{INT64_MIN, INT64_MAX, INT64_MIN + 1,
                                                        INT64_MAX - 1, 0, -1, 3037000500LL}));
         }
         return IntCell(static_cast<int64_t>(rng.Next()));
       }},
      {"x", DataType::Float64(), [](Rng& rng) { return RealCell(Dyadic(rng)); }},
      {"y", DataType::Float64(),
       [](Rng& rng) { return RealCell(rng.Chance(0.3) ? SpecialDouble(rng) : Dyadic(rng)); }},
      {"z", DataType::Float64(), [](Rng& rng) { return RealCell(WideDouble(rng)); }},
      {"s", DataType::String(), [](Rng& rng) { return TextCell(UnicodeString(rng)); }},
      {"a", DataType::String(), [](Rng& rng) { return TextCell(AsciiString(rng)); }},
      {"n", DataType::String(), [](Rng& rng) { return TextCell(NumericString(rng)); }},
      {"b", DataType::Bool(), [](Rng& rng) { return IntCell(rng.Chance(0.5)); }},
      {"d", DataType::Date(), [](Rng& rng) { return IntCell(RandomDays(rng)); }},
      {"ts", DataType::Timestamp(), [](Rng& rng) { return IntCell(RandomMicros(rng)); }},
  };
  return specs;
}

ColumnPtr BuildColumn(const DataType& type, const std::vector<Cell>& cells) {
  switch (type.id()) {
    case TypeId::kBool: {
      BoolBuilder builder;
      for (const Cell& cell : cells)
        cell.null ? builder.AppendNull() : builder.Append(cell.integer);
      return builder.Finish();
    }
    case TypeId::kInt32:
    case TypeId::kDate: {
      FixedWidthBuilder<int32_t> builder(type);
      for (const Cell& cell : cells) {
        cell.null ? builder.AppendNull() : builder.Append(static_cast<int32_t>(cell.integer));
      }
      return builder.Finish();
    }
    case TypeId::kInt64:
    case TypeId::kTimestamp: {
      FixedWidthBuilder<int64_t> builder(type);
      for (const Cell& cell : cells)
        cell.null ? builder.AppendNull() : builder.Append(cell.integer);
      return builder.Finish();
    }
    case TypeId::kFloat64: {
      FixedWidthBuilder<double> builder(type);
      for (const Cell& cell : cells) cell.null ? builder.AppendNull() : builder.Append(cell.real);
      return builder.Finish();
    }
    default: {
      StringBuilder builder;
      for (const Cell& cell : cells) cell.null ? builder.AppendNull() : builder.Append(cell.text);
      return builder.Finish();
    }
  }
}

}  // namespace

Table RandomTable(Rng& rng, const TableOptions& options) {
  int64_t num_rows;
  const int64_t shape = rng.Uniform(0, 19);
  if (shape == 0 && options.allow_empty) {
    num_rows = 0;
  } else if (shape <= 2) {
    num_rows = 1;
  } else if (shape <= 8) {
    num_rows = rng.Uniform(2, 10);
  } else {
    num_rows = rng.Uniform(2, options.max_rows);
  }
  std::vector<Field> fields;
  std::vector<ColumnPtr> columns;
  for (const ColumnSpec& spec : Specs()) {
    fields.push_back(Field{spec.name, spec.type, true});
    std::vector<Cell> cells(static_cast<size_t>(num_rows));
    if (spec.make == nullptr) {  // rn
      for (int64_t row = 0; row < num_rows; ++row) cells[row].integer = row;
      columns.push_back(BuildColumn(spec.type, cells));
      continue;
    }
    static const std::vector<double> kNullRates = {0, 0, 0, 0.05, 0.2, 0.5, 0.9, 1.0};
    const double null_rate = rng.Pick(kNullRates);
    // all distinct (fresh draws), few distinct, skewed to the first of a few, or constant
    const int64_t distribution = rng.Uniform(0, 3);
    std::vector<Cell> pool;
    const int64_t pool_size = distribution == 3 ? 1 : rng.Uniform(2, 5);
    for (int64_t index = 0; index < pool_size; ++index) pool.push_back(spec.make(rng));
    for (Cell& cell : cells) {
      if (rng.Chance(null_rate)) {
        cell.null = true;
      } else if (distribution == 0 && spec.name != "k1" && spec.name != "k2" && spec.name != "k3") {
        cell = spec.make(rng);
      } else if (distribution == 2 && rng.Chance(0.8)) {
        cell = pool[0];
      } else {
        cell = rng.Pick(pool);
      }
    }
    columns.push_back(BuildColumn(spec.type, cells));
  }
  auto schema = std::make_shared<Schema>(std::move(fields));
  Batch whole{schema, columns, num_rows};
  // Several batches (zero-copy slices, so column offsets are exercised), now and then an empty one.
  std::vector<Batch> batches;
  int64_t start = 0;
  const int64_t max_batches = rng.Uniform(1, 5);
  for (int64_t index = 0; index < max_batches - 1 && start < num_rows; ++index) {
    if (rng.Chance(0.1)) batches.push_back(whole.Slice(start, 0));
    const int64_t length = rng.Uniform(1, std::max<int64_t>(1, num_rows - start));
    batches.push_back(whole.Slice(start, length));
    start += length;
  }
  if (start < num_rows || batches.empty()) batches.push_back(whole.Slice(start, num_rows - start));
  return Table(schema, std::move(batches));
}

const std::vector<std::string>& ColumnsOf(ValueKind kind) {
  static const std::vector<std::string> kInts = {"k1", "i", "m", "rn"};
  static const std::vector<std::string> kDoubles = {"x", "y", "z"};
  static const std::vector<std::string> kStrings = {"k2", "s", "a", "n"};
  static const std::vector<std::string> kBools = {"k3", "b"};
  static const std::vector<std::string> kDates = {"d"};
  static const std::vector<std::string> kTimestamps = {"ts"};
  switch (kind) {
    case ValueKind::kInt:
      return kInts;
    case ValueKind::kDouble:
      return kDoubles;
    case ValueKind::kString:
      return kStrings;
    case ValueKind::kBool:
      return kBools;
    case ValueKind::kDate:
      return kDates;
    default:
      return kTimestamps;
  }
}

std::string SqlString(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string SqlDouble(double value) {
  if (std::isnan(value)) return "'nan'::DOUBLE";
  if (std::isinf(value)) return value > 0 ? "'inf'::DOUBLE" : "'-inf'::DOUBLE";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return "'" + std::string(buffer, result.ptr) + "'::DOUBLE";
}

// ---- expressions -------------------------------------------------------------------------------

namespace {

Gen Unary(const std::string& function, const Gen& argument) {
  return Gen{function + "(" + argument.sql + ")", Call(function, {argument.expr})};
}
Gen Binary(const std::string& sql_operator, const std::string& function, const Gen& left,
           const Gen& right) {
  return Gen{"(" + left.sql + " " + sql_operator + " " + right.sql + ")",
             Call(function, {left.expr, right.expr})};
}
Gen CaseOf(const Gen& condition, const Gen& then, const Gen* otherwise) {
  if (otherwise == nullptr) {
    return Gen{"CASE WHEN " + condition.sql + " THEN " + then.sql + " END",
               Case({{condition.expr, then.expr}})};
  }
  return Gen{
      "CASE WHEN " + condition.sql + " THEN " + then.sql + " ELSE " + otherwise->sql + " END",
      Case({{condition.expr, then.expr}}, otherwise->expr)};
}
Gen CoalesceOf(const Gen& first, const Gen& second) {
  return Gen{"COALESCE(" + first.sql + ", " + second.sql + ")",
             Coalesce({first.expr, second.expr})};
}

}  // namespace

Gen ExprGenerator::IntLiteral(int64_t low, int64_t high) {
  const int64_t value = rng_.Uniform(low, high);
  // Literals in int32 range are INTEGER in both engines.
  Expr expr = value >= INT32_MIN && value <= INT32_MAX ? Lit(static_cast<int>(value)) : Lit(value);
  return Gen{"(" + std::to_string(value) + ")", expr};
}

Gen ExprGenerator::DoubleLiteral() {
  double value;
  switch (rng_.Uniform(0, 5)) {
    case 0:
      value = SpecialDouble(rng_);
      break;
    case 1:
      value = static_cast<double>(rng_.Uniform(-10, 10)) / 2;
      break;
    default:
      value = Dyadic(rng_);
  }
  return Gen{SqlDouble(value), Lit(value)};
}

Gen ExprGenerator::StringLiteral() {
  const std::string value = rng_.Chance(0.5) ? UnicodeString(rng_) : AsciiString(rng_);
  return Gen{SqlString(value), Lit(value)};
}

Gen ExprGenerator::DateLiteral() {
  const int32_t days = RandomDays(rng_);
  return Gen{"DATE '" + FormatDate(days) + "'", Lit(Scalar::Date(days))};
}

Gen ExprGenerator::Of(ValueKind kind, int depth) {
  switch (kind) {
    case ValueKind::kInt:
      return Int(depth);
    case ValueKind::kDouble:
      return Double(depth);
    case ValueKind::kString:
      return String(depth);
    case ValueKind::kBool:
      return Bool(depth);
    case ValueKind::kDate:
      return Date(depth);
    default:
      return Timestamp(depth);
  }
}

Gen ExprGenerator::Int(int depth) {
  const int64_t choice = depth <= 0 ? rng_.Uniform(0, 1) : rng_.Uniform(0, 12);
  switch (choice) {
    case 0:
      return Column(rng_.Pick(ColumnsOf(ValueKind::kInt)));
    case 1:
      return IntLiteral(-10, 10);
    case 2:
      return Binary("+", "add", Int(depth - 1), Int(depth - 1));
    case 3:
      return Binary("-", "subtract", Int(depth - 1), Int(depth - 1));
    case 4:
      return Binary("*", "multiply", Int(depth - 1), IntLiteral(-10, 10));
    case 5:
      return Binary("//", "integer_divide", Int(depth - 1), Int(depth - 1));
    case 6:
      return Binary("%", "modulo", Int(depth - 1), Int(depth - 1));
    case 7:
      return Unary("abs", Int(depth - 1));
    case 8: {
      Gen otherwise = Int(depth - 1);
      return CaseOf(Bool(depth - 1), Int(depth - 1), rng_.Chance(0.7) ? &otherwise : nullptr);
    }
    case 9:
      return CoalesceOf(Int(depth - 1), Int(depth - 1));
    case 10:
      return Unary("length", String(depth - 1));
    case 11: {
      const std::string part = rng_.Pick(std::vector<std::string>{
          "year", "month", "day", "dow", "isodow", "doy", "week", "quarter", "isoyear"});
      const Gen date = rng_.Chance(0.5) ? Date(depth - 1) : Timestamp(depth - 1);
      return Gen{"extract(" + part + " FROM " + date.sql + ")",
                 Call("extract", {Lit(part), date.expr})};
    }
    default: {
      const std::string function = rng_.Chance(0.5) ? "greatest" : "least";
      Gen left = Int(depth - 1);
      Gen right = Int(depth - 1);
      return Gen{function + "(" + left.sql + ", " + right.sql + ")",
                 Call(function, {left.expr, right.expr})};
    }
  }
}

Gen ExprGenerator::Double(int depth) {
  const int64_t choice = depth <= 0 ? rng_.Uniform(0, 1) : rng_.Uniform(0, 10);
  switch (choice) {
    case 0:
      return Column(rng_.Pick(ColumnsOf(ValueKind::kDouble)));
    case 1:
      return DoubleLiteral();
    case 2:
      return Binary("+", "add", Double(depth - 1),
                    rng_.Chance(0.5) ? Double(depth - 1) : Int(depth - 1));
    case 3:
      return Binary("-", "subtract", Int(depth - 1), Double(depth - 1));
    case 4:
      return Binary("*", "multiply", Double(depth - 1), Double(depth - 1));
    case 5: {
      // `/` by zero is IEEE in both (1 / 0 = inf, 0 / 0 = NaN, also for integer operands).
      Gen left = rng_.Chance(0.5) ? Double(depth - 1) : Int(depth - 1);
      Gen right = rng_.Chance(0.5) ? Double(depth - 1) : Int(depth - 1);
      return Gen{"(" + left.sql + " / " + right.sql + ")", Call("divide", {left.expr, right.expr})};
    }
    case 6:
      return Unary(rng_.Pick(std::vector<std::string>{"abs", "floor", "ceil"}), Double(depth - 1));
    case 7: {
      Gen value = Double(depth - 1);
      const int64_t digits = rng_.Uniform(-2, 3);
      return Gen{"round(" + value.sql + ", " + std::to_string(digits) + ")",
                 Call("round", {value.expr, Lit(static_cast<int>(digits))})};
    }
    case 8: {
      Gen value = Int(depth - 1);
      return Gen{"CAST(" + value.sql + " AS DOUBLE)", Cast(value.expr, DataType::Float64())};
    }
    case 9: {
      Gen otherwise = Double(depth - 1);
      return CaseOf(Bool(depth - 1), Double(depth - 1), rng_.Chance(0.7) ? &otherwise : nullptr);
    }
    default:
      return CoalesceOf(Double(depth - 1), Double(depth - 1));
  }
}

Gen ExprGenerator::String(int depth) {
  const int64_t choice = depth <= 0 ? rng_.Uniform(0, 1) : rng_.Uniform(0, 10);
  switch (choice) {
    case 0:
      return Column(rng_.Pick(ColumnsOf(ValueKind::kString)));
    case 1:
      return StringLiteral();
    case 2:
      // lower / upper on the ASCII column only.
      // KNOWN DIFFERENCE: berserkr changes the case of ASCII letters only; DuckDB of all of
      // Unicode (lower('Ä') = 'ä'). See src/expr/string_functions.cc ChangeCase.
      return Unary(rng_.Chance(0.5) ? "lower" : "upper", Column("a"));
    case 3:
      return Unary(rng_.Pick(std::vector<std::string>{"trim", "ltrim", "rtrim"}),
                   String(depth - 1));
    case 4: {
      Gen value = String(depth - 1);
      // KNOWN DIFFERENCE (a DuckDB inconsistency): a negative start before the beginning of the
      // string, substr('nan', -4, 2), is 'na' over a column and 'n' over a constant in DuckDB
      // 1.5 (berserkr gives 'n'). Starts stay >= -1, so they never point before the beginning.
      Gen start = IntLiteral(-1, 5);
      if (rng_.Chance(0.5)) {
        return Gen{"substr(" + value.sql + ", " + start.sql + ")",
                   Call("substr", {value.expr, start.expr})};
      }
      Gen length = IntLiteral(0, 4);
      return Gen{"substr(" + value.sql + ", " + start.sql + ", " + length.sql + ")",
                 Call("substr", {value.expr, start.expr, length.expr})};
    }
    case 5: {
      Gen left = String(depth - 1);
      Gen right = String(depth - 1);
      return Gen{"concat(" + left.sql + ", " + right.sql + ")",
                 Call("concat", {left.expr, right.expr})};
    }
    case 6: {
      Gen value = String(depth - 1);
      const std::string from_text = rng_.Pick(std::vector<std::string>{"a", "é", " ", ",", "ab"});
      const std::string to_text = rng_.Pick(std::vector<std::string>{"", "X", "😀"});
      return Gen{
          "replace(" + value.sql + ", " + SqlString(from_text) + ", " + SqlString(to_text) + ")",
          Call("replace", {value.expr, Lit(from_text), Lit(to_text)})};
    }
    case 7: {
      Gen value = String(depth - 1);
      const std::string separator = rng_.Pick(std::vector<std::string>{",", " ", "b", "ab", ""});
      const int64_t index = rng_.Uniform(-2, 3);
      return Gen{"split_part(" + value.sql + ", " + SqlString(separator) + ", " +
                     std::to_string(index) + ")",
                 Call("split_part", {value.expr, Lit(separator), Lit(static_cast<int>(index))})};
    }
    case 8: {
      Gen value = Int(depth - 1);
      return Gen{"CAST(" + value.sql + " AS VARCHAR)", Cast(value.expr, DataType::String())};
    }
    case 9: {
      Gen otherwise = String(depth - 1);
      return CaseOf(Bool(depth - 1), String(depth - 1), rng_.Chance(0.7) ? &otherwise : nullptr);
    }
    default:
      return CoalesceOf(String(depth - 1), String(depth - 1));
  }
}

Gen ExprGenerator::Date(int depth) {
  const int64_t choice = depth <= 0 ? rng_.Uniform(0, 1) : rng_.Uniform(0, 3);
  switch (choice) {
    case 0:
      return Column("d");
    case 1:
      return DateLiteral();
    case 2:
      return Binary("+", "add", Column("d"), IntLiteral(-400, 400));
    default: {
      Gen value = Timestamp(depth - 1);
      return Gen{"CAST(" + value.sql + " AS DATE)", Cast(value.expr, DataType::Date())};
    }
  }
}

Gen ExprGenerator::Timestamp(int depth) {
  const int64_t choice = depth <= 0 ? 0 : rng_.Uniform(0, 2);
  switch (choice) {
    case 0:
      return Column("ts");
    case 1: {
      const std::string part = rng_.Pick(std::vector<std::string>{
          "year", "quarter", "month", "week", "day", "hour", "minute", "second"});
      Gen value = rng_.Chance(0.5) ? Column("ts") : Column("d");
      return Gen{"date_trunc('" + part + "', " + value.sql + ")",
                 Call("date_trunc", {Lit(part), value.expr})};
    }
    default: {
      Gen value = Date(depth - 1);
      return Gen{"CAST(" + value.sql + " AS TIMESTAMP)", Cast(value.expr, DataType::Timestamp())};
    }
  }
}

Gen ExprGenerator::Comparison(int depth) {
  static const std::vector<std::pair<std::string, std::string>> kOperators = {
      {"=", "equal"},       {"<>", "not_equal"}, {"<", "less"},
      {"<=", "less_equal"}, {">", "greater"},    {">=", "greater_equal"}};
  const auto& [sql_operator, function] = rng_.Pick(kOperators);
  switch (rng_.Uniform(0, 5)) {
    case 0:
      return Binary(sql_operator, function, Int(depth),
                    rng_.Chance(0.5) ? Int(depth) : IntLiteral(-20, 20));
    case 1:
      return Binary(sql_operator, function, Double(depth),
                    rng_.Chance(0.3)   ? Int(depth)
                    : rng_.Chance(0.5) ? Double(depth)
                                       : DoubleLiteral());
    case 2:
      return Binary(sql_operator, function, String(depth),
                    rng_.Chance(0.5) ? String(depth) : StringLiteral());
    case 3:
      return Binary(sql_operator, function, Date(depth), DateLiteral());
    case 4:
      // A DuckDB bug: date_trunc('quarter', d) = TIMESTAMP '1929-03-10' (a constant that is no
      // quarter start) is folded to false even where d is NULL (berserkr: NULL, correctly).
      // Timestamps are compared with the ts column, never with a constant.
      return Binary(sql_operator, function, Timestamp(depth), Column("ts"));
    default:
      return Binary(sql_operator, function, Bool(depth - 1),
                    Column(rng_.Pick(ColumnsOf(ValueKind::kBool))));
  }
}

Gen ExprGenerator::Bool(int depth) {
  const int64_t choice = depth <= 0 ? rng_.Uniform(0, 1) : rng_.Uniform(0, 11);
  switch (choice) {
    case 0:
      return Column(rng_.Pick(ColumnsOf(ValueKind::kBool)));
    case 1:
      return Comparison(0);
    case 2:
      return Comparison(depth - 1);
    case 3: {
      Gen left = Bool(depth - 1);
      Gen right = Bool(depth - 1);
      return Gen{"(" + left.sql + " AND " + right.sql + ")", And(left.expr, right.expr)};
    }
    case 4: {
      Gen left = Bool(depth - 1);
      Gen right = Bool(depth - 1);
      return Gen{"(" + left.sql + " OR " + right.sql + ")", Or(left.expr, right.expr)};
    }
    case 5: {
      Gen value = Bool(depth - 1);
      return Gen{"(NOT " + value.sql + ")", Not(value.expr)};
    }
    case 6: {
      const ValueKind kind = static_cast<ValueKind>(rng_.Uniform(0, 5));
      Gen value = Of(kind, depth - 1);
      if (rng_.Chance(0.5)) return Gen{"(" + value.sql + " IS NULL)", IsNull(value.expr)};
      return Gen{"(" + value.sql + " IS NOT NULL)", IsNotNull(value.expr)};
    }
    case 7: {
      const bool strings = rng_.Chance(0.4);
      Gen value = strings ? String(depth - 1) : Int(depth - 1);
      std::string sql = "(" + value.sql + (rng_.Chance(0.3) ? " NOT IN (" : " IN (");
      const bool negated = sql.find("NOT IN") != std::string::npos;
      std::vector<ExprPtr> list;
      const int64_t count = rng_.Uniform(1, 4);
      for (int64_t index = 0; index < count; ++index) {
        Gen item;
        if (rng_.Chance(0.1)) {
          item = Gen{"NULL", NullLit()};
        } else {
          item = strings ? StringLiteral() : IntLiteral(-20, 20);
        }
        sql += (index > 0 ? ", " : "") + item.sql;
        list.push_back(item.expr);
      }
      return Gen{sql + "))", In(value.expr, list, negated)};
    }
    case 8: {
      const int64_t kind = rng_.Uniform(0, 3);
      Gen value, low, high;
      if (kind == 0) {
        value = Int(depth - 1), low = IntLiteral(-50, 10), high = IntLiteral(-10, 50);
      } else if (kind == 1) {
        value = Double(depth - 1), low = DoubleLiteral(), high = DoubleLiteral();
      } else if (kind == 2) {
        value = String(depth - 1), low = StringLiteral(), high = StringLiteral();
      } else {
        value = Date(depth - 1), low = DateLiteral(), high = DateLiteral();
      }
      const bool negated = rng_.Chance(0.3);
      return Gen{"(" + value.sql + (negated ? " NOT BETWEEN " : " BETWEEN ") + low.sql + " AND " +
                     high.sql + ")",
                 Between(value.expr, low.expr, high.expr, negated)};
    }
    case 9: {
      static const std::vector<std::string> kPieces = {"%", "_",     "a",   "b", "é", "日本", "ab",
                                                       " ", "Hello", "%a%", "x", "1", "\\"};
      // Neither engine has a default escape character: '\%' is a backslash then anything.
      std::string pattern;
      const int64_t pieces = rng_.Uniform(0, 4);
      for (int64_t index = 0; index < pieces; ++index) pattern += rng_.Pick(kPieces);
      Gen value = String(depth - 1);
      return Gen{"(" + value.sql + " LIKE " + SqlString(pattern) + ")",
                 Call("like", {value.expr, Lit(pattern)})};
    }
    case 10: {
      const std::string function = rng_.Chance(0.5) ? "contains" : "starts_with";
      Gen value = String(depth - 1);
      Gen needle;
      if (rng_.Chance(0.7)) {
        const std::string text =
            rng_.Pick(std::vector<std::string>{"a", "", "é", "ab", " ", "日", "H"});
        needle = Gen{SqlString(text), Lit(text)};
      } else {
        needle = String(depth - 1);
      }
      return Gen{function + "(" + value.sql + ", " + needle.sql + ")",
                 Call(function, {value.expr, needle.expr})};
    }
    default: {
      Gen otherwise = Bool(depth - 1);
      return rng_.Chance(0.5) ? CaseOf(Bool(depth - 1), Bool(depth - 1), &otherwise)
                              : CoalesceOf(Bool(depth - 1), Bool(depth - 1));
    }
  }
}

}  // namespace berserkr::oracle

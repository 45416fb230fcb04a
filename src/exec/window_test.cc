#include "berserkr/exec/window.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/types/column_builder.h"

namespace berserkr {
namespace {

using Int = std::optional<int64_t>;

// The rows of the test tables, kept as plain values for the reference.
struct Row {
  Int part;
  Int order;
  Int value;
  std::optional<double> real;
  std::optional<std::string> text;
};

// Columns: part, order, value (BIGINT), real (DOUBLE), text (VARCHAR); `rows_per_batch` per batch.
Table MakeTable(const std::vector<Row>& rows, int64_t rows_per_batch) {
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"part", DataType::Int64()},
                                                            {"order", DataType::Int64()},
                                                            {"value", DataType::Int64()},
                                                            {"real", DataType::Float64()},
                                                            {"text", DataType::String()}});
  std::vector<Batch> batches;
  for (size_t start = 0; start < rows.size(); start += static_cast<size_t>(rows_per_batch)) {
    const size_t end = std::min(rows.size(), start + static_cast<size_t>(rows_per_batch));
    FixedWidthBuilder<int64_t> part(DataType::Int64()), order(DataType::Int64()),
        value(DataType::Int64());
    FixedWidthBuilder<double> real(DataType::Float64());
    StringBuilder text;
    auto append = [](auto& builder, const auto& optional) {
      optional ? builder.Append(*optional) : builder.AppendNull();
    };
    for (size_t row = start; row < end; ++row) {
      append(part, rows[row].part);
      append(order, rows[row].order);
      append(value, rows[row].value);
      append(real, rows[row].real);
      append(text, rows[row].text);
    }
    batches.push_back(
        Batch{schema,
              {part.Finish(), order.Finish(), value.Finish(), real.Finish(), text.Finish()},
              static_cast<int64_t>(end - start)});
  }
  return Table(schema, std::move(batches));
}

std::vector<Row> RandomRows(int64_t count, int64_t num_partitions, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Row> rows(static_cast<size_t>(count));
  for (Row& row : rows) {
    if (rng() % 13 != 0) row.part = static_cast<int64_t>(rng() % num_partitions);
    if (rng() % 7 != 0) row.order = static_cast<int64_t>(rng() % 10);  // many ties
    if (rng() % 5 != 0) row.value = static_cast<int64_t>(rng() % 2001) - 1000;
    if (rng() % 6 != 0) row.real = static_cast<double>(static_cast<int64_t>(rng() % 1000)) / 8;
    if (rng() % 4 != 0) row.text = std::string(1 + rng() % 3, static_cast<char>('a' + rng() % 5));
  }
  return rows;
}

// The reference: each row's partition, in window order (ORDER BY order ASC NULLS LAST, or
// DESC NULLS FIRST, ties by row id), found by brute force.
struct ReferenceWindow {
  std::vector<size_t> members;  // row ids in window order
  size_t position = 0;          // of the current row
  size_t peer_begin = 0;
  size_t peer_end = 0;
};

ReferenceWindow FindWindow(const std::vector<Row>& rows, size_t row, bool partitioned, bool ordered,
                           bool descending) {
  ReferenceWindow window;
  for (size_t other = 0; other < rows.size(); ++other) {
    if (!partitioned || rows[other].part == rows[row].part) window.members.push_back(other);
  }
  // Sort key: NULL last ascending, first descending (both: NULL after every value in the
  // ascending direction, so reversing the direction puts it first).
  auto less = [&](size_t left, size_t right) {
    if (!ordered) return false;
    const Int& a = rows[left].order;
    const Int& b = rows[right].order;
    if (a == b) return false;
    if (!a) return descending;
    if (!b) return !descending;
    return descending ? *a > *b : *a < *b;
  };
  std::stable_sort(window.members.begin(), window.members.end(), less);
  window.position = static_cast<size_t>(
      std::find(window.members.begin(), window.members.end(), row) - window.members.begin());
  window.peer_begin = window.position;
  while (window.peer_begin > 0 && !less(window.members[window.peer_begin - 1], row) &&
         !less(row, window.members[window.peer_begin - 1]))
    --window.peer_begin;
  window.peer_end = window.position + 1;
  while (window.peer_end < window.members.size() && !less(window.members[window.peer_end], row) &&
         !less(row, window.members[window.peer_end]))
    ++window.peer_end;
  return window;
}

// The frame of the current row, brute force: [begin, end) positions.
std::pair<size_t, size_t> ReferenceFrame(const WindowFrame& frame, const ReferenceWindow& window) {
  const auto size = static_cast<int64_t>(window.members.size());
  if (!frame.rows) return {0, window.peer_end};
  const auto position = static_cast<int64_t>(window.position);
  int64_t begin = frame.start == kUnboundedPreceding ? 0 : position + frame.start;
  int64_t end = frame.end == kUnboundedFollowing ? size : position + frame.end + 1;
  begin = std::clamp<int64_t>(begin, 0, size);
  end = std::clamp<int64_t>(end, 0, size);
  if (end < begin) end = begin;
  return {static_cast<size_t>(begin), static_cast<size_t>(end)};
}

std::string Text(const Int& value) { return value ? std::to_string(*value) : "NULL"; }

// The expected value of `function` at `row` as text (doubles as numbers, checked with a
// tolerance). Column 2 is BIGINT `value`, 3 DOUBLE `real`, 4 VARCHAR `text`.
std::string Reference(const std::vector<Row>& rows, const WindowFunction& function,
                      const ReferenceWindow& window, double* number) {
  const size_t size = window.members.size();
  const size_t position = window.position;
  *number = NAN;
  auto value_text = [&](size_t member) -> std::string {
    const Row& row = rows[window.members[member]];
    if (function.argument == 2) return Text(row.value);
    if (function.argument == 4) return row.text ? *row.text : "NULL";
    return row.real ? std::to_string(*row.real) : "NULL";
  };
  switch (function.kind) {
    case WindowFunctionKind::kRowNumber:
      return std::to_string(position + 1);
    case WindowFunctionKind::kRank:
      return std::to_string(window.peer_begin + 1);
    case WindowFunctionKind::kDenseRank: {
      // Distinct order keys among the rows before the current peer group, plus one.
      std::vector<Int> keys;
      for (size_t member = 0; member < window.peer_begin; ++member) {
        keys.push_back(rows[window.members[member]].order);
      }
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      return std::to_string(keys.size() + 1);
    }
    case WindowFunctionKind::kNtile: {
      // Deal the rows out: bucket k (from 0) holds size / buckets rows, one more for the first
      // size % buckets buckets.
      const size_t buckets = std::min(size, static_cast<size_t>(function.offset));
      size_t first = 0;
      for (size_t bucket = 0; bucket < buckets; ++bucket) {
        const size_t length = size / buckets + (bucket < size % buckets ? 1 : 0);
        if (position < first + length) return std::to_string(bucket + 1);
        first += length;
      }
      return "?";
    }
    case WindowFunctionKind::kPercentRank:
      *number = size == 1 ? 0.0 : double(window.peer_begin) / double(size - 1);
      return "";
    case WindowFunctionKind::kCumeDist:
      *number = double(window.peer_end) / double(size);
      return "";
    case WindowFunctionKind::kLag:
    case WindowFunctionKind::kLead: {
      const int64_t target =
          static_cast<int64_t>(position) +
          (function.kind == WindowFunctionKind::kLag ? -function.offset : function.offset);
      if (target < 0 || target >= static_cast<int64_t>(size)) {
        return function.default_argument < 0 ? "NULL" : Text(rows[window.members[position]].order);
      }
      return value_text(static_cast<size_t>(target));
    }
    default:
      break;
  }
  const auto [begin, end] = ReferenceFrame(function.frame, window);
  if (function.kind == WindowFunctionKind::kFirstValue) {
    return begin < end ? value_text(begin) : "NULL";
  }
  if (function.kind == WindowFunctionKind::kLastValue) {
    return begin < end ? value_text(end - 1) : "NULL";
  }
  int64_t count = 0;
  int64_t count_star = 0;
  __int128 sum = 0;
  double real_sum = 0;
  std::optional<int64_t> minimum, maximum;
  std::optional<std::string> text_minimum, text_maximum;
  for (size_t member = begin; member < end; ++member) {
    const Row& row = rows[window.members[member]];
    ++count_star;
    if (function.argument == 2 && row.value) {
      ++count;
      sum += *row.value;
      minimum = minimum ? std::min(*minimum, *row.value) : *row.value;
      maximum = maximum ? std::max(*maximum, *row.value) : *row.value;
    } else if (function.argument == 3 && row.real) {
      ++count;
      real_sum += *row.real;
    } else if (function.argument == 4 && row.text) {
      ++count;
      text_minimum = text_minimum ? std::min(*text_minimum, *row.text) : *row.text;
      text_maximum = text_maximum ? std::max(*text_maximum, *row.text) : *row.text;
    }
  }
  switch (function.kind) {
    case WindowFunctionKind::kCount:
      return std::to_string(count);
    case WindowFunctionKind::kCountStar:
      return std::to_string(count_star);
    case WindowFunctionKind::kSum:
      if (count == 0) return "NULL";
      if (function.argument == 2) return std::to_string(static_cast<int64_t>(sum));
      *number = real_sum;
      return "";
    case WindowFunctionKind::kAverage:
      if (count == 0) return "NULL";
      *number = (function.argument == 2 ? static_cast<double>(sum) : real_sum) / double(count);
      return "";
    case WindowFunctionKind::kMin:
      if (function.argument == 4) return text_minimum ? *text_minimum : "NULL";
      return Text(minimum);
    case WindowFunctionKind::kMax:
      if (function.argument == 4) return text_maximum ? *text_maximum : "NULL";
      return Text(maximum);
    default:
      return "?";
  }
}

WindowFunction Make(WindowFunctionKind kind, int argument = -1, WindowFrame frame = {},
                    int64_t offset = 1) {
  WindowFunction function;
  function.kind = kind;
  function.argument = argument;
  function.frame = frame;
  function.offset = offset;
  return function;
}

WindowFrame Rows(int64_t start, int64_t end) { return WindowFrame{true, start, end}; }

// Every function the kernel has, over several frames.
std::vector<WindowFunction> AllFunctions() {
  using Kind = WindowFunctionKind;
  std::vector<WindowFunction> functions = {
      Make(Kind::kRowNumber),
      Make(Kind::kRank),
      Make(Kind::kDenseRank),
      Make(Kind::kNtile, -1, {}, 3),
      Make(Kind::kNtile, -1, {}, 1000),
      Make(Kind::kPercentRank),
      Make(Kind::kCumeDist),
      Make(Kind::kLag, 2),
      Make(Kind::kLead, 4, {}, 2),
      Make(Kind::kLag, 3, {}, 0),
      Make(Kind::kFirstValue, 2),
      Make(Kind::kLastValue, 4),
      Make(Kind::kLastValue, 2, Rows(-1, 3)),
      Make(Kind::kFirstValue, 4, Rows(2, 4)),
  };
  WindowFunction lag_with_default = Make(Kind::kLag, 2, {}, 3);
  lag_with_default.default_argument = 1;  // the order column, also BIGINT
  functions.push_back(lag_with_default);
  const std::vector<WindowFrame> frames = {
      {},
      Rows(kUnboundedPreceding, kUnboundedFollowing),
      Rows(-2, 0),
      Rows(-1, 1),
      Rows(-40, 5),  // wide
      Rows(0, kUnboundedFollowing),
      Rows(kUnboundedPreceding, -1),
      Rows(2, 5),
      Rows(3, 1),  // always empty
  };
  for (const WindowFrame& frame : frames) {
    functions.push_back(Make(Kind::kSum, 2, frame));
    functions.push_back(Make(Kind::kSum, 3, frame));
    functions.push_back(Make(Kind::kAverage, 2, frame));
    functions.push_back(Make(Kind::kAverage, 3, frame));
    functions.push_back(Make(Kind::kMin, 2, frame));
    functions.push_back(Make(Kind::kMax, 2, frame));
    functions.push_back(Make(Kind::kMin, 4, frame));
    functions.push_back(Make(Kind::kMax, 4, frame));
    functions.push_back(Make(Kind::kCount, 3, frame));
    functions.push_back(Make(Kind::kCountStar, -1, frame));
  }
  return functions;
}

void CheckAgainstReference(const std::vector<Row>& rows, int64_t rows_per_batch, bool partitioned,
                           bool ordered, bool descending, ThreadPool& threads) {
  const Table table = MakeTable(rows, rows_per_batch);
  const std::vector<WindowFunction> functions = AllFunctions();
  std::vector<int> partition_columns;
  if (partitioned) partition_columns.push_back(0);
  std::vector<SortKey> order_keys;
  if (ordered) order_keys.push_back({1, !descending, descending});
  const std::vector<ColumnPtr> results =
      ComputeWindow(table, partition_columns, order_keys, functions, &threads);
  ASSERT_EQ(results.size(), functions.size());
  for (size_t row = 0; row < rows.size(); ++row) {
    const ReferenceWindow window = FindWindow(rows, row, partitioned, ordered, descending);
    for (size_t index = 0; index < functions.size(); ++index) {
      const Column& result = *results[index];
      ASSERT_EQ(result.length(), static_cast<int64_t>(rows.size()));
      double number = 0;
      const std::string expected = Reference(rows, functions[index], window, &number);
      const auto row_id = static_cast<int64_t>(row);
      if (expected.empty()) {
        ASSERT_FALSE(result.IsNull(row_id)) << "function " << index << " row " << row;
        const double actual = result.ValuesAs<double>()[row_id];
        ASSERT_NEAR(actual, number, 1e-9 * (1 + std::abs(number)))
            << "function " << index << " row " << row;
      } else if (result.type().id() == TypeId::kFloat64 && !result.IsNull(row_id)) {
        ASSERT_NEAR(result.ValuesAs<double>()[row_id], std::stod(expected), 1e-9)
            << "function " << index << " row " << row;
      } else {
        ASSERT_EQ(result.FormatValue(row_id), expected) << "function " << index << " row " << row;
      }
    }
  }
}

TEST(WindowTest, MatchesABruteForceReference) {
  ThreadPool one(1);
  ThreadPool three(3);
  const std::vector<Row> rows = RandomRows(300, 7, 42);
  for (const bool partitioned : {true, false}) {
    for (const bool ordered : {true, false}) {
      CheckAgainstReference(rows, 300, partitioned, ordered, false, one);
      CheckAgainstReference(rows, 17, partitioned, ordered, false, three);
    }
  }
  CheckAgainstReference(rows, 64, true, true, /*descending=*/true, three);
}

TEST(WindowTest, OneRowPartitionsAndOnePartition) {
  ThreadPool two(2);
  // Every partition key distinct: partitions of one row.
  std::vector<Row> rows = RandomRows(50, 1000000, 7);
  for (size_t row = 0; row < rows.size(); ++row) rows[row].part = static_cast<int64_t>(row);
  CheckAgainstReference(rows, 9, true, true, false, two);
  // Every row in one partition, all order keys tied.
  for (Row& row : rows) {
    row.part = 1;
    row.order = 5;
  }
  CheckAgainstReference(rows, 9, true, true, false, two);
}

TEST(WindowTest, ManyPartitionsAreSpreadOverThreadsWithTheSameAnswer) {
  // Large enough for several chunks of partitions per thread.
  const std::vector<Row> rows = RandomRows(120000, 3000, 9);
  const Table table = MakeTable(rows, 7000);
  const std::vector<WindowFunction> functions = AllFunctions();
  ThreadPool one(1);
  ThreadPool four(4);
  const auto expected = ComputeWindow(table, {0}, {{1}}, functions, &one);
  const auto actual = ComputeWindow(table, {0}, {{1}}, functions, &four);
  for (size_t index = 0; index < functions.size(); ++index) {
    for (int64_t row = 0; row < table.num_rows(); row += 7) {
      ASSERT_EQ(actual[index]->FormatValue(row), expected[index]->FormatValue(row))
          << "function " << index << " row " << row;
    }
  }
  // Spot-check against the reference (the whole table would take too long by brute force).
  ThreadPool two(2);
  std::vector<Row> sample(rows.begin(), rows.begin() + 2000);
  CheckAgainstReference(sample, 300, true, true, false, two);
}

// Partitions of several thousand rows are sorted by the order keys as a whole and then dealt out
// (small ones are dealt first and sorted one by one): both give the reference answer.
TEST(WindowTest, LargePartitionsMatchTheReferenceToo) {
  ThreadPool two(2);
  const std::vector<Row> rows = RandomRows(4500, 1, 5);
  CheckAgainstReference(rows, 1000, true, true, /*descending=*/true, two);
}

TEST(WindowTest, EmptyInputGivesEmptyColumnsOfTheResultTypes) {
  const Table table = MakeTable({}, 10);
  const auto results = ComputeWindow(table, {0}, {{1}}, AllFunctions());
  for (const ColumnPtr& column : results) EXPECT_EQ(column->length(), 0);
  EXPECT_EQ(results[0]->type(), DataType::Int64());
}

// Infinities and NaN in frames that slide (a prefix difference would give inf - inf = NaN), NaN as
// the largest value for max (DuckDB's order), and exact decimal sums.
TEST(WindowTest, FloatAndDecimalEdgeCases) {
  const double inf = std::numeric_limits<double>::infinity();
  auto schema = std::make_shared<Schema>(
      std::vector<Field>{{"x", DataType::Float64()}, {"money", DataType::Decimal(10, 2)}});
  FixedWidthBuilder<double> x(DataType::Float64());
  FixedWidthBuilder<__int128> money(DataType::Decimal(10, 2));
  for (const double value : {1.0, inf, 2.0, 3.0}) x.Append(value);
  for (const __int128 cents : {__int128{1}, __int128{-250}, __int128{99999999}, __int128{7}}) {
    money.Append(cents);
  }
  const Table table(schema, {Batch{schema, {x.Finish(), money.Finish()}, 4}});
  WindowFunction sliding = Make(WindowFunctionKind::kSum, 0, Rows(0, 40));
  WindowFunction maximum = Make(WindowFunctionKind::kMax, 0, Rows(1, 2));
  WindowFunction decimal_sum = Make(WindowFunctionKind::kSum, 1);
  WindowFunction decimal_average = Make(WindowFunctionKind::kAverage, 1, Rows(-1, 0));
  const auto results =
      ComputeWindow(table, {}, {}, {sliding, maximum, decimal_sum, decimal_average});
  const double* sums = results[0]->ValuesAs<double>();
  EXPECT_EQ(sums[0], inf);
  EXPECT_EQ(sums[1], inf);
  EXPECT_EQ(sums[2], 5.0);
  EXPECT_EQ(sums[3], 3.0);
  EXPECT_EQ(results[1]->FormatValue(0), "inf");
  EXPECT_EQ(results[1]->FormatValue(3), "NULL");
  EXPECT_EQ(results[2]->type(), DataType::Decimal(38, 2));
  EXPECT_EQ(results[2]->FormatValue(0), "999997.57");  // the whole partition: no ORDER BY
  EXPECT_NEAR(results[3]->ValuesAs<double>()[1], -1.245, 1e-12);
  // NaN is the largest value.
  FixedWidthBuilder<double> with_nan(DataType::Float64());
  for (const double value : {1.0, std::nan(""), 2.0}) with_nan.Append(value);
  auto nan_schema = std::make_shared<Schema>(std::vector<Field>{{"x", DataType::Float64()}});
  const Table nan_table(nan_schema, {Batch{nan_schema, {with_nan.Finish()}, 3}});
  const auto extremes = ComputeWindow(
      nan_table, {}, {}, {Make(WindowFunctionKind::kMax, 0), Make(WindowFunctionKind::kMin, 0)});
  EXPECT_TRUE(std::isnan(extremes[0]->ValuesAs<double>()[2]));
  EXPECT_EQ(extremes[1]->ValuesAs<double>()[2], 1.0);
}

TEST(WindowTest, ErrorsNameTheProblem) {
  const Table table = MakeTable(RandomRows(10, 2, 1), 10);
  EXPECT_THROW(ComputeWindow(table, {9}, {}, {Make(WindowFunctionKind::kRowNumber)}), InvalidInput);
  EXPECT_THROW(ComputeWindow(table, {}, {}, {Make(WindowFunctionKind::kNtile, -1, {}, 0)}),
               InvalidInput);
  EXPECT_THROW(ComputeWindow(table, {}, {}, {Make(WindowFunctionKind::kSum, 4)}), NotImplemented);
  // A sum past BIGINT fails instead of wrapping.
  std::vector<Row> rows(3);
  for (Row& row : rows) row.value = std::numeric_limits<int64_t>::max();
  try {
    ComputeWindow(MakeTable(rows, 2), {}, {}, {Make(WindowFunctionKind::kSum, 2)});
    FAIL();
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("sum overflow"), std::string::npos);
  }
}

}  // namespace
}  // namespace berserkr

#include "berserkr/exec/grouped_aggregator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/types/column_builder.h"

namespace berserkr {
namespace {

constexpr uint32_t kNumGroups = 41;  // groups 38..40 never receive a row
constexpr int64_t kNumRows = 4000;

// Random inputs: skewed group ids, integer, double and string arguments with NULLs; groups with
// id % 9 == 4 only ever see NULLs, and a few groups get a single row.
struct Input {
  std::vector<uint32_t> group_ids;
  ColumnPtr integers;
  ColumnPtr doubles;
  ColumnPtr strings;
};

Input MakeInput(uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Input input;
  FixedWidthBuilder<int64_t> integers(DataType::Int64());
  FixedWidthBuilder<double> doubles(DataType::Float64());
  StringBuilder strings;
  static const std::vector<std::string> kWords = {"a", "b", "Grüße", "日本", "🎉", "", "zz"};
  for (int64_t row = 0; row < kNumRows; ++row) {
    // Squared uniform: low ids are frequent, high ids rare (skew).
    uint32_t group = static_cast<uint32_t>(std::pow(unit(random), 2) * 35);
    if (row < 3) group = 35 + static_cast<uint32_t>(row);  // one-row groups 35, 36, 37
    input.group_ids.push_back(group);
    const bool all_null = group % 9 == 4;
    const auto maybe_null = [&] { return all_null || unit(random) < 0.15; };
    maybe_null() ? integers.AppendNull()
                 : integers.Append(static_cast<int64_t>(random() % 2001) - 1000);
    maybe_null() ? doubles.AppendNull() : doubles.Append(std::round(unit(random) * 1e4) / 7.0);
    maybe_null() ? strings.AppendNull() : strings.Append(kWords[random() % kWords.size()]);
  }
  input.integers = integers.Finish();
  input.doubles = doubles.Finish();
  input.strings = strings.Finish();
  return input;
}

// Runs an aggregate in batches of 256 rows. With `split`, the second half of the rows goes to a
// second state that numbers groups in reverse, which is then merged into the first.
ColumnPtr RunAggregate(const std::string& name, const std::vector<ColumnPtr>& arguments,
                       const std::vector<uint32_t>& group_ids, bool split,
                       const AggregateOptions& options = {}) {
  std::vector<DataType> types;
  for (const ColumnPtr& argument : arguments) types.push_back(argument->type());
  auto first = MakeGroupedAggregator(name, types, options);
  auto second = MakeGroupedAggregator(name, types, options);
  first->Resize(kNumGroups);
  second->Resize(kNumGroups);
  const int64_t middle = split ? kNumRows / 2 : kNumRows;
  for (int64_t start = 0; start < kNumRows; start += 256) {
    const int64_t length = std::min<int64_t>(256, kNumRows - start);
    std::vector<ColumnPtr> slices;
    for (const ColumnPtr& argument : arguments) slices.push_back(argument->Slice(start, length));
    std::vector<uint32_t> ids(group_ids.begin() + start, group_ids.begin() + start + length);
    // A batch that straddles the middle is cut in two so the halves are exact.
    for (int64_t row = 0; row < length; ++row) {
      if (start + row >= middle) ids[row] = kNumGroups - 1 - ids[row];
    }
    if (start + length <= middle) {
      first->Consume(slices, ids.data(), length);
    } else if (start >= middle) {
      second->Consume(slices, ids.data(), length);
    } else {
      const int64_t head = middle - start;
      std::vector<ColumnPtr> head_slices, tail_slices;
      for (const ColumnPtr& slice : slices) {
        head_slices.push_back(slice->Slice(0, head));
        tail_slices.push_back(slice->Slice(head, length - head));
      }
      first->Consume(head_slices, ids.data(), head);
      second->Consume(tail_slices, ids.data() + head, length - head);
    }
  }
  if (split) {
    std::vector<uint32_t> mapping(kNumGroups);
    for (uint32_t group = 0; group < kNumGroups; ++group) mapping[group] = kNumGroups - 1 - group;
    first->Merge(*second, mapping.data());
  }
  ColumnPtr result = first->Finalize();
  EXPECT_EQ(result->type(), first->result_type());
  EXPECT_EQ(result->length(), kNumGroups);
  return result;
}

// The non-NULL values of each group, in row order (the reference's view of the input).
template <typename T>
std::vector<std::vector<T>> ValuesByGroup(const Input& input, const ColumnPtr& column) {
  std::vector<std::vector<T>> groups(kNumGroups);
  for (int64_t row = 0; row < kNumRows; ++row) {
    if (column->IsNull(row)) continue;
    if constexpr (std::is_same_v<T, std::string>) {
      groups[input.group_ids[row]].emplace_back(column->GetString(row));
    } else {
      groups[input.group_ids[row]].push_back(column->ValuesAs<T>()[row]);
    }
  }
  return groups;
}

void ExpectNear(double expected, double actual, const std::string& where) {
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(actual)) << where << ": " << actual;
    return;
  }
  EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::abs(expected))) << where;
}

// Checks a DOUBLE or BIGINT result against expected values (nullopt = NULL).
void ExpectColumn(const ColumnPtr& result, const std::vector<std::optional<double>>& expected,
                  const std::string& name) {
  for (uint32_t group = 0; group < kNumGroups; ++group) {
    const std::string where = name + " group " + std::to_string(group);
    ASSERT_EQ(result->IsNull(group), !expected[group].has_value()) << where;
    if (!expected[group]) continue;
    const double actual = result->type().id() == TypeId::kInt64
                              ? static_cast<double>(result->ValuesAs<int64_t>()[group])
                              : result->ValuesAs<double>()[group];
    ExpectNear(*expected[group], actual, where);
  }
}

// Runs `name` unsplit and split over `arguments` and checks both against `reference`.
void CheckNumeric(const std::string& name, const Input& input,
                  const std::vector<ColumnPtr>& arguments,
                  const std::vector<std::optional<double>>& reference,
                  const AggregateOptions& options = {}) {
  for (bool split : {false, true}) {
    ExpectColumn(RunAggregate(name, arguments, input.group_ids, split, options), reference,
                 name + (split ? " (merged)" : ""));
  }
}

template <typename T, typename Function>
std::vector<std::optional<double>> PerGroup(const std::vector<std::vector<T>>& groups,
                                            Function function) {
  std::vector<std::optional<double>> results;
  for (const auto& values : groups) results.push_back(function(values));
  return results;
}

double Mean(const std::vector<double>& values) {
  double sum = 0;
  for (double value : values) sum += value;
  return sum / static_cast<double>(values.size());
}

std::vector<double> AsDoubles(const std::vector<int64_t>& values) {
  return std::vector<double>(values.begin(), values.end());
}

TEST(GroupedAggregatorTest, CountSumAvgOfIntegersAndDoubles) {
  const Input input = MakeInput(11);
  const auto integers = ValuesByGroup<int64_t>(input, input.integers);
  const auto doubles = ValuesByGroup<double>(input, input.doubles);
  std::vector<std::optional<double>> star(kNumGroups, 0.0);
  for (uint32_t group : input.group_ids) star[group] = *star[group] + 1;
  CheckNumeric("count_star", input, {}, star);
  CheckNumeric("count", input, {input.integers}, PerGroup(integers, [](const auto& values) {
                 return std::optional<double>(values.size());
               }));
  const auto sum = [](const auto& values) -> std::optional<double> {
    if (values.empty()) return std::nullopt;
    double total = 0;
    for (auto value : values) total += value;
    return total;
  };
  CheckNumeric("sum", input, {input.integers}, PerGroup(integers, sum));
  CheckNumeric("sum", input, {input.doubles}, PerGroup(doubles, sum));
  const auto mean = [](const auto& values) -> std::optional<double> {
    if (values.empty()) return std::nullopt;
    std::vector<double> copy(values.begin(), values.end());
    return Mean(copy);
  };
  CheckNumeric("avg", input, {input.integers}, PerGroup(integers, mean));
  CheckNumeric("mean", input, {input.doubles}, PerGroup(doubles, mean));
}

TEST(GroupedAggregatorTest, MinMaxFirstLastKeepTheArgumentType) {
  const Input input = MakeInput(12);
  for (const ColumnPtr& column : {input.integers, input.doubles, input.strings}) {
    std::vector<std::vector<std::string>> texts(kNumGroups);
    std::vector<std::vector<int64_t>> rows(kNumGroups);
    for (int64_t row = 0; row < kNumRows; ++row) {
      if (!column->IsNull(row)) rows[input.group_ids[row]].push_back(row);
    }
    for (const std::string name : {"min", "max", "first", "last"}) {
      for (bool split : {false, true}) {
        const ColumnPtr result = RunAggregate(name, {column}, input.group_ids, split);
        ASSERT_EQ(result->type(), column->type());
        for (uint32_t group = 0; group < kNumGroups; ++group) {
          const auto& candidates = rows[group];
          ASSERT_EQ(result->IsNull(group), candidates.empty()) << name << group;
          if (candidates.empty()) continue;
          int64_t expected = candidates.front();
          if (name == "last") expected = candidates.back();
          for (int64_t row : candidates) {
            const bool less = column->type().id() == TypeId::kString
                                  ? column->GetString(row) < column->GetString(expected)
                                  : std::stod(column->FormatValue(row)) <
                                        std::stod(column->FormatValue(expected));
            const bool greater = column->type().id() == TypeId::kString
                                     ? column->GetString(row) > column->GetString(expected)
                                     : std::stod(column->FormatValue(row)) >
                                           std::stod(column->FormatValue(expected));
            if ((name == "min" && less) || (name == "max" && greater)) expected = row;
          }
          EXPECT_EQ(result->FormatValue(group), column->FormatValue(expected)) << name << group;
        }
      }
    }
  }
}

TEST(GroupedAggregatorTest, VarianceStddevCovarianceCorrelation) {
  const Input input = MakeInput(13);
  const auto doubles = ValuesByGroup<double>(input, input.doubles);
  const auto moment = [](bool sample, bool root) {
    return [=](const std::vector<double>& values) -> std::optional<double> {
      if (values.size() < (sample ? 2u : 1u)) return std::nullopt;
      const double mean = Mean(values);
      double squares = 0;
      for (double value : values) squares += (value - mean) * (value - mean);
      const double variance = squares / static_cast<double>(values.size() - sample);
      return root ? std::sqrt(variance) : variance;
    };
  };
  CheckNumeric("variance", input, {input.doubles}, PerGroup(doubles, moment(true, false)));
  CheckNumeric("var_pop", input, {input.doubles}, PerGroup(doubles, moment(false, false)));
  CheckNumeric("stddev", input, {input.doubles}, PerGroup(doubles, moment(true, true)));
  CheckNumeric("stddev_pop", input, {input.integers},
               PerGroup(ValuesByGroup<int64_t>(input, input.integers),
                        [&](const std::vector<int64_t>& values) {
                          return moment(false, true)(AsDoubles(values));
                        }));
  // Pairs where both y (integers) and x (doubles) are non-NULL.
  std::vector<std::vector<std::pair<double, double>>> pairs(kNumGroups);
  for (int64_t row = 0; row < kNumRows; ++row) {
    if (input.integers->IsNull(row) || input.doubles->IsNull(row)) continue;
    pairs[input.group_ids[row]].emplace_back(input.integers->ValuesAs<int64_t>()[row],
                                             input.doubles->ValuesAs<double>()[row]);
  }
  const auto co_moment = [&](const std::string& kind) {
    return PerGroup(
        pairs, [&](const std::vector<std::pair<double, double>>& values) -> std::optional<double> {
          const size_t count = values.size();
          if (count < (kind == "covar_samp" ? 2u : 1u)) return std::nullopt;
          double mean_y = 0, mean_x = 0;
          for (const auto& [y, x] : values) mean_y += y / count, mean_x += x / count;
          double co = 0, squared_x = 0, squared_y = 0;
          for (const auto& [y, x] : values) {
            co += (y - mean_y) * (x - mean_x);
            squared_x += (x - mean_x) * (x - mean_x);
            squared_y += (y - mean_y) * (y - mean_y);
          }
          if (kind == "covar_samp") return co / (count - 1);
          if (kind == "covar_pop") return co / count;
          // DuckDB: one row or a constant column gives 0 / 0 = NaN.
          if (squared_x == 0 || squared_y == 0) return std::nan("");
          return co / std::sqrt(squared_x * squared_y);
        });
  };
  for (const std::string kind : {"covar_samp", "covar_pop", "corr"}) {
    CheckNumeric(kind, input, {input.integers, input.doubles}, co_moment(kind));
  }
}

// Edge cases checked in DuckDB 1.5.6 (one group of the rows given).
std::optional<double> AggregateOf(const std::string& name,
                                  const std::vector<std::vector<double>>& columns) {
  std::vector<ColumnPtr> arguments;
  std::vector<DataType> types;
  for (const std::vector<double>& values : columns) {
    FixedWidthBuilder<double> builder(DataType::Float64());
    for (double value : values) builder.Append(value);
    arguments.push_back(builder.Finish());
    types.push_back(DataType::Float64());
  }
  auto aggregator = MakeGroupedAggregator(name, types, {});
  aggregator->Resize(1);
  const std::vector<uint32_t> ids(columns[0].size(), 0);
  aggregator->Consume(arguments, ids.data(), static_cast<int64_t>(ids.size()));
  const ColumnPtr result = aggregator->Finalize();
  if (result->IsNull(0)) return std::nullopt;
  return result->ValuesAs<double>()[0];
}

std::string OutOfRangeError(const std::string& name,
                            const std::vector<std::vector<double>>& columns) {
  try {
    AggregateOf(name, columns);
  } catch (const InvalidInput& error) {
    return error.what();
  }
  return "";
}

TEST(GroupedAggregatorTest, StatisticsEdgeCasesFollowDuckDB) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // corr(x, y) of one row, a constant x or a constant y is NaN; covar_samp of one row is NULL.
  EXPECT_TRUE(std::isnan(*AggregateOf("corr", {{5}, {7}})));
  EXPECT_TRUE(std::isnan(*AggregateOf("corr", {{1, 1}, {2, 3}})));
  EXPECT_TRUE(std::isnan(*AggregateOf("corr", {{1, 2, 3}, {1, 1, 1}})));
  EXPECT_NEAR(*AggregateOf("corr", {{1, 2, 4}, {2, 4, 3}}), 0.3273268353539886, 1e-15);
  EXPECT_EQ(AggregateOf("covar_samp", {{5}, {7}}), std::nullopt);
  EXPECT_EQ(AggregateOf("covar_pop", {{5}, {7}}), 0.0);
  // A population variance of one row is 0, even of inf or NaN; var_samp of one row is NULL.
  EXPECT_EQ(AggregateOf("stddev_pop", {{inf}}), 0.0);
  EXPECT_EQ(AggregateOf("var_pop", {{nan}}), 0.0);
  EXPECT_EQ(AggregateOf("var_samp", {{inf}}), std::nullopt);
  // corr of one row holding inf is NaN; covar with inf is NaN, not an error.
  EXPECT_TRUE(std::isnan(*AggregateOf("corr", {{inf}, {1}})));
  EXPECT_TRUE(std::isnan(*AggregateOf("covar_pop", {{inf, 1}, {1, 2}})));
  // Otherwise a variance / stddev that is not finite is an "out of range" error.
  EXPECT_NE(OutOfRangeError("stddev_samp", {{inf, 1}}).find("stddev_samp is out of range"),
            std::string::npos);
  EXPECT_NE(OutOfRangeError("var_pop", {{nan, 1}}).find("var_pop is out of range"),
            std::string::npos);
  EXPECT_NE(OutOfRangeError("var_pop", {{1e308, -1e308}}).find("out of range"), std::string::npos);
  EXPECT_NE(OutOfRangeError("corr", {{inf, 1}, {1, 2}}).find("out of range"), std::string::npos);
  EXPECT_NE(OutOfRangeError("corr", {{1e200, -1e200}, {1, 2}}).find("out of range"),
            std::string::npos);
}

TEST(GroupedAggregatorTest, MedianQuantilesModeCountDistinct) {
  const Input input = MakeInput(14);
  const auto doubles = ValuesByGroup<double>(input, input.doubles);
  const auto integers = ValuesByGroup<int64_t>(input, input.integers);
  for (double quantile : {0.0, 0.1, 0.5, 0.75, 1.0}) {
    AggregateOptions options;
    options.quantile = quantile;
    const auto continuous = [&](std::vector<double> values) -> std::optional<double> {
      if (values.empty()) return std::nullopt;
      std::sort(values.begin(), values.end());
      const double position = (values.size() - 1) * quantile;
      const double low = values[static_cast<size_t>(std::floor(position))];
      const double high = values[static_cast<size_t>(std::ceil(position))];
      return low + (high - low) * (position - std::floor(position));
    };
    const auto discrete = [&](std::vector<double> values) -> std::optional<double> {
      if (values.empty()) return std::nullopt;
      std::sort(values.begin(), values.end());
      const double count = static_cast<double>(values.size());
      return values[std::max<size_t>(1, static_cast<size_t>(std::ceil(count * quantile))) - 1];
    };
    CheckNumeric("quantile", input, {input.doubles}, PerGroup(doubles, continuous), options);
    CheckNumeric(
        "quantile_cont", input, {input.integers},
        PerGroup(integers, [&](const auto& values) { return continuous(AsDoubles(values)); }),
        options);
    CheckNumeric("quantile_disc", input, {input.doubles}, PerGroup(doubles, discrete), options);
  }
  CheckNumeric("median", input, {input.integers}, PerGroup(integers, [](const auto& values) {
                 if (values.empty()) return std::optional<double>();
                 std::vector<double> sorted = AsDoubles(values);
                 std::sort(sorted.begin(), sorted.end());
                 const size_t middle = sorted.size() / 2;
                 return std::optional<double>(sorted.size() % 2
                                                  ? sorted[middle]
                                                  : (sorted[middle - 1] + sorted[middle]) / 2);
               }));
  CheckNumeric(
      "count_distinct", input, {input.integers},
      PerGroup(integers, [](std::vector<int64_t> values) {
        std::sort(values.begin(), values.end());
        return std::optional<double>(std::unique(values.begin(), values.end()) - values.begin());
      }));
  // Few distinct values, so the mode has real ties, broken by first appearance.
  FixedWidthBuilder<int64_t> small(DataType::Int64());
  for (int64_t row = 0; row < kNumRows; ++row) {
    input.integers->IsNull(row) ? small.AppendNull()
                                : small.Append(input.integers->ValuesAs<int64_t>()[row] % 4);
  }
  const ColumnPtr small_column = small.Finish();
  CheckNumeric("mode", input, {small_column},
               PerGroup(ValuesByGroup<int64_t>(input, small_column),
                        [](const std::vector<int64_t>& values) -> std::optional<double> {
                          if (values.empty()) return std::nullopt;
                          std::map<int64_t, int> counts;
                          for (int64_t value : values) ++counts[value];
                          int64_t best = values[0];
                          for (int64_t value : values) {
                            if (counts[value] > counts[best]) best = value;
                          }
                          return static_cast<double>(best);
                        }));
}

TEST(GroupedAggregatorTest, StringAggListTopKArgMinArgMax) {
  const Input input = MakeInput(15);
  const auto strings = ValuesByGroup<std::string>(input, input.strings);
  const auto doubles = ValuesByGroup<double>(input, input.doubles);
  AggregateOptions options;
  options.separator = "; ";
  options.k = 2;
  for (bool split : {false, true}) {
    const ColumnPtr joined =
        RunAggregate("string_agg", {input.strings}, input.group_ids, split, options);
    const ColumnPtr top = RunAggregate("top_k", {input.doubles}, input.group_ids, split, options);
    const ColumnPtr lists = RunAggregate("list", {input.strings}, input.group_ids, split);
    const ColumnPtr arg_min =
        RunAggregate("arg_min", {input.strings, input.doubles}, input.group_ids, split);
    const ColumnPtr arg_max =
        RunAggregate("arg_max", {input.strings, input.doubles}, input.group_ids, split);
    for (uint32_t group = 0; group < kNumGroups; ++group) {
      std::string expected_join;
      for (size_t index = 0; index < strings[group].size(); ++index) {
        expected_join += (index ? "; " : "") + strings[group][index];
      }
      ASSERT_EQ(joined->IsNull(group), strings[group].empty()) << group;
      if (!strings[group].empty()) {
        EXPECT_EQ(joined->GetString(group), expected_join);
      }

      std::vector<double> largest = doubles[group];
      std::sort(largest.rbegin(), largest.rend());
      if (largest.size() > 2) largest.resize(2);
      std::string expected_top = "[";
      for (size_t index = 0; index < largest.size(); ++index) {
        FixedWidthBuilder<double> one(DataType::Float64());
        one.Append(largest[index]);
        expected_top += (index ? ", " : "") + one.Finish()->FormatValue(0);
      }
      EXPECT_EQ(top->FormatValue(group), largest.empty() ? "NULL" : expected_top + "]") << group;

      std::string expected_list = "[";
      std::string best_min, best_max;
      double min_value = 1e300, max_value = -1e300;
      bool any_row = false;
      for (int64_t row = 0; row < kNumRows; ++row) {
        if (input.group_ids[row] != group) continue;
        expected_list += (any_row ? ", " : "") + input.strings->FormatValue(row);
        any_row = true;
        if (input.strings->IsNull(row) || input.doubles->IsNull(row)) continue;
        const double value = input.doubles->ValuesAs<double>()[row];
        if (value < min_value) min_value = value, best_min = input.strings->GetString(row);
        if (value > max_value) max_value = value, best_max = input.strings->GetString(row);
      }
      EXPECT_EQ(lists->FormatValue(group), any_row ? expected_list + "]" : "NULL") << group;
      ASSERT_EQ(arg_min->IsNull(group), min_value == 1e300) << group;
      if (min_value != 1e300) {
        EXPECT_EQ(arg_min->GetString(group), best_min) << group;
        EXPECT_EQ(arg_max->GetString(group), best_max) << group;
      }
    }
  }
}

TEST(GroupedAggregatorTest, SumOverflowIsAnErrorAndTypesFollowDuckDb) {
  FixedWidthBuilder<int64_t> builder(DataType::Int64());
  builder.Append(INT64_MAX);
  builder.Append(INT64_MAX);
  builder.Append(-5);
  const ColumnPtr column = builder.Finish();
  const std::vector<uint32_t> ids = {0, 0, 1};
  auto sum = MakeGroupedAggregator("sum", {DataType::Int64()});
  sum->Resize(2);
  sum->Consume({column}, ids.data(), 3);
  EXPECT_THROW(sum->Finalize(), InvalidInput);
  // The 128-bit running sum is exact: back in range after the overflow in the middle.
  FixedWidthBuilder<int64_t> back_builder(DataType::Int64());
  back_builder.Append(INT64_MAX);
  back_builder.Append(INT64_MAX);
  back_builder.Append(-INT64_MAX);
  const ColumnPtr back = back_builder.Finish();
  auto exact = MakeGroupedAggregator("sum", {DataType::Int64()});
  exact->Resize(1);
  const std::vector<uint32_t> zeros = {0, 0, 0};
  exact->Consume({back}, zeros.data(), 3);
  EXPECT_EQ(exact->Finalize()->ValuesAs<int64_t>()[0], INT64_MAX);

  EXPECT_EQ(MakeGroupedAggregator("avg", {DataType::Int32()})->result_type(), DataType::Float64());
  EXPECT_EQ(MakeGroupedAggregator("count", {DataType::String()})->result_type(), DataType::Int64());
  EXPECT_EQ(MakeGroupedAggregator("max", {DataType::String()})->result_type(), DataType::String());
  EXPECT_EQ(MakeGroupedAggregator("top_k", {DataType::Float64()})->result_type(),
            DataType::List(DataType::Float64()));
  EXPECT_THROW(MakeGroupedAggregator("no_such_aggregate", {DataType::Int64()}), InvalidInput);
  EXPECT_THROW(MakeGroupedAggregator("sum", {}), InvalidInput);
  AggregateOptions bad;
  bad.quantile = 1.5;
  EXPECT_THROW(MakeGroupedAggregator("quantile", {DataType::Float64()}, bad), InvalidInput);
}

TEST(GroupedAggregatorTest, NanIsTheLargestValueAndEmptyInputGivesNulls) {
  FixedWidthBuilder<double> builder(DataType::Float64());
  for (double value : {1.0, std::nan(""), -0.0, 0.0, 3.0}) builder.Append(value);
  const ColumnPtr column = builder.Finish();
  const std::vector<uint32_t> ids(5, 0);
  const auto run = [&](const std::string& name) {
    auto aggregator = MakeGroupedAggregator(name, {DataType::Float64()});
    aggregator->Resize(2);
    aggregator->Consume({column}, ids.data(), 5);
    return aggregator->Finalize();
  };
  EXPECT_TRUE(std::isnan(run("max")->ValuesAs<double>()[0]));
  EXPECT_EQ(run("min")->ValuesAs<double>()[0], -0.0);
  EXPECT_EQ(run("count_distinct")->ValuesAs<int64_t>()[0], 4);  // 1, NaN, 0, 3
  EXPECT_TRUE(run("max")->IsNull(1));
  EXPECT_EQ(run("count")->ValuesAs<int64_t>()[1], 0);
  auto empty = MakeGroupedAggregator("median", {DataType::Float64()});
  EXPECT_EQ(empty->Finalize()->length(), 0);
}

}  // namespace
}  // namespace berserkr

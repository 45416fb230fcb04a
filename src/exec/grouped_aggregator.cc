// MakeGroupedAggregator: from an aggregate's name and argument types to its implementation, plus
// small pieces the implementations share.

#include "berserkr/exec/grouped_aggregator.h"

#include <cmath>
#include <string>

#include "exec/grouped_aggregator_internal.h"

namespace berserkr {
namespace exec_internal {

ColumnPtr MakeListColumn(const DataType& item_type, const std::vector<int32_t>& offsets,
                         ColumnPtr child, const std::vector<uint8_t>& valid) {
  const int64_t length = static_cast<int64_t>(valid.size());
  auto offset_buffer = Buffer::Allocate(static_cast<int64_t>(offsets.size() * sizeof(int32_t)));
  std::memcpy(offset_buffer->mutable_data(), offsets.data(), offsets.size() * sizeof(int32_t));
  int64_t null_count = 0;
  auto validity = MakeValidityBitmap(valid.data(), length, &null_count);
  return std::make_shared<Column>(DataType::List(item_type), length, null_count,
                                  std::move(validity), std::move(offset_buffer), nullptr,
                                  std::vector<ColumnPtr>{std::move(child)});
}

void CheckArgumentCount(const std::string& name, const std::vector<DataType>& arguments,
                        size_t expected) {
  if (arguments.size() == expected) return;
  throw InvalidInput("aggregate " + name + " takes " + std::to_string(expected) +
                     " argument(s) but was given " + std::to_string(arguments.size()));
}

}  // namespace exec_internal

std::unique_ptr<GroupedAggregator> MakeGroupedAggregator(
    const std::string& name, const std::vector<DataType>& argument_types,
    const AggregateOptions& options) {
  using namespace exec_internal;  // NOLINT: the factory names every kind of this file's layer
  const auto unary = [&]() -> const DataType& {
    CheckArgumentCount(name, argument_types, 1);
    return argument_types[0];
  };
  const auto binary = [&]() { CheckArgumentCount(name, argument_types, 2); };
  if (name == "count_star") {
    CheckArgumentCount(name, argument_types, 0);
    return MakeCountAggregator(CountKind::kStar);
  }
  if (name == "count") {
    // count() with no argument is count(*), as in SQL.
    if (argument_types.empty()) return MakeCountAggregator(CountKind::kStar);
    unary();
    return MakeCountAggregator(CountKind::kNonNull);
  }
  if (name == "sum") return MakeSumAggregator(unary());
  if (name == "avg" || name == "mean") return MakeAverageAggregator(unary());
  if (name == "min") return MakeSelectAggregator(SelectKind::kMin, unary());
  if (name == "max") return MakeSelectAggregator(SelectKind::kMax, unary());
  if (name == "first") return MakeSelectAggregator(SelectKind::kFirst, unary());
  if (name == "last") return MakeSelectAggregator(SelectKind::kLast, unary());
  if (name == "stddev" || name == "stddev_samp") {
    return MakeMomentAggregator(MomentKind::kStddevSample, unary());
  }
  if (name == "stddev_pop") return MakeMomentAggregator(MomentKind::kStddevPopulation, unary());
  if (name == "variance" || name == "var_samp") {
    return MakeMomentAggregator(MomentKind::kVarianceSample, unary());
  }
  if (name == "var_pop") return MakeMomentAggregator(MomentKind::kVariancePopulation, unary());
  if (name == "corr" || name == "covar_samp" || name == "covar_pop") {
    binary();
    const CoMomentKind kind = name == "corr"         ? CoMomentKind::kCorrelation
                              : name == "covar_samp" ? CoMomentKind::kCovarianceSample
                                                     : CoMomentKind::kCovariancePopulation;
    return MakeCoMomentAggregator(kind, argument_types[0], argument_types[1]);
  }
  if (name == "arg_min" || name == "arg_max") {
    binary();
    return MakeArgExtremeAggregator(name == "arg_max", argument_types[0], argument_types[1]);
  }
  if (name == "median" || name == "quantile" || name == "quantile_cont" ||
      name == "quantile_disc") {
    AggregateOptions adjusted = options;
    if (name == "median") adjusted.quantile = 0.5;
    if (!(adjusted.quantile >= 0.0 && adjusted.quantile <= 1.0)) {
      throw InvalidInput(name + ": the quantile must lie in [0, 1], got " +
                         std::to_string(adjusted.quantile));
    }
    const HolisticKind kind = name == "quantile_disc" ? HolisticKind::kQuantileDiscrete
                                                      : HolisticKind::kQuantileContinuous;
    return MakeHolisticAggregator(kind, unary(), adjusted);
  }
  if (name == "top_k") {
    if (options.k < 1) {
      throw InvalidInput("top_k: k must be at least 1, got " + std::to_string(options.k));
    }
    if (auto small = MakeSmallTopKAggregator(unary(), options.k)) return small;
    return MakeHolisticAggregator(HolisticKind::kTopK, unary(), options);
  }
  if (name == "mode") return MakeHolisticAggregator(HolisticKind::kMode, unary(), options);
  if (name == "count_distinct") {
    return MakeHolisticAggregator(HolisticKind::kCountDistinct, unary(), options);
  }
  if (name == "string_agg") {
    return MakeHolisticAggregator(HolisticKind::kStringAgg, unary(), options);
  }
  if (name == "list") return MakeHolisticAggregator(HolisticKind::kList, unary(), options);
  throw InvalidInput(
      "unknown aggregate '" + name +
      "'; known: count, count_star, count_distinct, sum, avg, mean, min, max, first, last, "
      "median, quantile, quantile_cont, quantile_disc, mode, stddev, stddev_samp, stddev_pop, "
      "variance, var_samp, var_pop, corr, covar_samp, covar_pop, string_agg, list, arg_min, "
      "arg_max, top_k");
}

}  // namespace berserkr

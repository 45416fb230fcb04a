// Moment-based aggregates: variance, stddev (sample and population), covariance and correlation.
// Updates use Welford's method and merges Chan et al.'s pairwise formulas, so partial states
// combine without the cancellation of the naive sum-of-squares.
// Edge cases follow DuckDB 1.5: a population variance / stddev of one row is 0 (even of inf or
// NaN); a variance or stddev that is not finite (the group holds inf or NaN, or the squares pass
// DOUBLE's range) is an "out of range" error for the whole query; corr of one row or of a
// constant column is NaN (0 / 0), and an x or y whose population stddev is not finite is that
// error too. covar_samp / covar_pop give inf or NaN rather than failing.

#include <cmath>
#include <string>

#include "exec/grouped_aggregator_internal.h"

namespace berserkr::exec_internal {
namespace {

// Writes the first num_rows values of a numeric column as doubles, and ANDs its validity into
// `valid` (one byte per row).
void ReadAsDoubles(const Column& column, int64_t num_rows, std::vector<double>& values,
                   std::vector<uint8_t>& valid) {
  values.resize(static_cast<size_t>(num_rows));
  const double divisor = DecimalDivisor(column.type());
  VisitPhysicalType(column.type(), [&](auto tag) {
    using T = typename decltype(tag)::Type;
    if constexpr (std::is_same_v<T, std::string_view>) {
      throw Internal("ReadAsDoubles on strings");
    } else {
      const ValueReader<T> reader(column);
      for (int64_t row = 0; row < num_rows; ++row) values[row] = ToDouble(reader[row], divisor);
    }
  });
  if (column.null_count() == 0) return;
  for (int64_t row = 0; row < num_rows; ++row) valid[row] &= column.IsValid(row) ? 1 : 0;
}

void CheckNumeric(const DataType& type, const char* name) {
  if (!type.is_numeric()) {
    throw NotImplemented(std::string(name) + " of " + type.ToString() +
                         " values is not supported; pass a numeric column");
  }
}

[[noreturn]] void ThrowOutOfRange(const std::string& name) {
  throw InvalidInput(name +
                     " is out of range: a group holds inf or NaN, or its squares pass DOUBLE's "
                     "range (as DuckDB); filter those values out first (WHERE isfinite(...))");
}

class MomentAggregator final : public GroupedAggregator {
 public:
  explicit MomentAggregator(MomentKind kind) : kind_(kind) {}

  void Resize(uint32_t num_groups) override {
    if (num_groups <= counts_.size()) return;
    counts_.resize(num_groups, 0);
    means_.resize(num_groups, 0.0);
    squared_deviations_.resize(num_groups, 0.0);
  }
  void Consume(const std::vector<ColumnPtr>& arguments, const uint32_t* group_ids,
               int64_t num_rows) override {
    valid_.assign(static_cast<size_t>(num_rows), 1);
    ReadAsDoubles(*arguments[0], num_rows, values_, valid_);
    for (int64_t row = 0; row < num_rows; ++row) {
      if (!valid_[row]) continue;
      const uint32_t group = group_ids[row];
      const double value = values_[row];
      const double count = static_cast<double>(++counts_[group]);
      const double delta = value - means_[group];
      means_[group] += delta / count;
      squared_deviations_[group] += delta * (value - means_[group]);
    }
  }
  void Merge(GroupedAggregator& other, const uint32_t* mapping) override {
    auto& source = static_cast<MomentAggregator&>(other);
    for (size_t group = 0; group < source.counts_.size(); ++group) {
      const uint32_t target = mapping[group];
      if (source.counts_[group] == 0 || target == kSkipGroup) continue;
      const double left = static_cast<double>(counts_[target]);
      const double right = static_cast<double>(source.counts_[group]);
      const double total = left + right;
      const double delta = source.means_[group] - means_[target];
      means_[target] += delta * right / total;
      squared_deviations_[target] +=
          source.squared_deviations_[group] + delta * delta * left * right / total;
      counts_[target] += source.counts_[group];
    }
  }
  ColumnPtr Finalize() override {
    const bool sample = kind_ == MomentKind::kVarianceSample || kind_ == MomentKind::kStddevSample;
    const bool root = kind_ == MomentKind::kStddevSample || kind_ == MomentKind::kStddevPopulation;
    std::vector<double> results(counts_.size(), 0.0);
    std::vector<uint8_t> valid(counts_.size(), 0);
    for (size_t group = 0; group < counts_.size(); ++group) {
      const int64_t count = counts_[group];
      if (count < (sample ? 2 : 1)) continue;
      // DuckDB: the population variance of one row is 0, whatever the value.
      const double variance =
          count == 1 ? 0.0 : squared_deviations_[group] / static_cast<double>(count - sample);
      results[group] = root ? std::sqrt(variance) : variance;
      if (!std::isfinite(results[group])) ThrowOutOfRange(Name());
      valid[group] = 1;
    }
    return MakeResultColumn<double>(DataType::Float64(), results, valid);
  }
  DataType result_type() const override { return DataType::Float64(); }

 private:
  std::string Name() const {
    switch (kind_) {
      case MomentKind::kVarianceSample:
        return "var_samp";
      case MomentKind::kVariancePopulation:
        return "var_pop";
      case MomentKind::kStddevSample:
        return "stddev_samp";
      case MomentKind::kStddevPopulation:
        return "stddev_pop";
    }
    return "variance";
  }

  MomentKind kind_;
  PoolVector<int64_t> counts_;
  PoolVector<double> means_;
  PoolVector<double> squared_deviations_;  // sum of (x - mean)^2
  std::vector<double> values_;             // per batch
  std::vector<uint8_t> valid_;             // per batch
};

// covar_samp, covar_pop, corr over (y, x); a row counts only when both are non-NULL.
class CoMomentAggregator final : public GroupedAggregator {
 public:
  explicit CoMomentAggregator(CoMomentKind kind) : kind_(kind) {}

  void Resize(uint32_t num_groups) override {
    if (num_groups > states_.size()) states_.resize(num_groups);
  }
  void Consume(const std::vector<ColumnPtr>& arguments, const uint32_t* group_ids,
               int64_t num_rows) override {
    valid_.assign(static_cast<size_t>(num_rows), 1);
    ReadAsDoubles(*arguments[0], num_rows, y_values_, valid_);
    ReadAsDoubles(*arguments[1], num_rows, x_values_, valid_);
    for (int64_t row = 0; row < num_rows; ++row) {
      if (!valid_[row]) continue;
      State& state = states_[group_ids[row]];
      const double x = x_values_[row];
      const double y = y_values_[row];
      const double count = static_cast<double>(++state.count);
      const double delta_x = x - state.mean_x;
      const double delta_y = y - state.mean_y;
      state.mean_x += delta_x / count;
      state.mean_y += delta_y / count;
      state.co_moment += delta_x * (y - state.mean_y);
      state.squared_x += delta_x * (x - state.mean_x);
      state.squared_y += delta_y * (y - state.mean_y);
    }
  }
  void Merge(GroupedAggregator& other, const uint32_t* mapping) override {
    auto& source = static_cast<CoMomentAggregator&>(other);
    for (size_t group = 0; group < source.states_.size(); ++group) {
      const State& right_state = source.states_[group];
      if (right_state.count == 0 || mapping[group] == kSkipGroup) continue;
      State& state = states_[mapping[group]];
      const double left = static_cast<double>(state.count);
      const double right = static_cast<double>(right_state.count);
      const double total = left + right;
      const double delta_x = right_state.mean_x - state.mean_x;
      const double delta_y = right_state.mean_y - state.mean_y;
      const double weight = left * right / total;
      state.co_moment += right_state.co_moment + delta_x * delta_y * weight;
      state.squared_x += right_state.squared_x + delta_x * delta_x * weight;
      state.squared_y += right_state.squared_y + delta_y * delta_y * weight;
      state.mean_x += delta_x * right / total;
      state.mean_y += delta_y * right / total;
      state.count += right_state.count;
    }
  }
  ColumnPtr Finalize() override {
    std::vector<double> results(states_.size(), 0.0);
    std::vector<uint8_t> valid(states_.size(), 0);
    for (size_t group = 0; group < states_.size(); ++group) {
      const State& state = states_[group];
      switch (kind_) {
        case CoMomentKind::kCovarianceSample:
          if (state.count < 2) continue;
          results[group] = state.co_moment / static_cast<double>(state.count - 1);
          break;
        case CoMomentKind::kCovariancePopulation:
          if (state.count < 1) continue;
          results[group] = state.co_moment / static_cast<double>(state.count);
          break;
        case CoMomentKind::kCorrelation: {
          // As DuckDB: covar_pop / (stddev_pop(x) * stddev_pop(y)), a stddev of one row being 0,
          // so one row or a constant column gives 0 / 0 = NaN.
          if (state.count < 1) continue;
          const double count = static_cast<double>(state.count);
          const double stddev_x = state.count > 1 ? std::sqrt(state.squared_x / count) : 0.0;
          const double stddev_y = state.count > 1 ? std::sqrt(state.squared_y / count) : 0.0;
          if (!std::isfinite(stddev_x) || !std::isfinite(stddev_y)) {
            ThrowOutOfRange("corr (the stddev_pop of an argument)");
          }
          results[group] = state.co_moment / count / (stddev_x * stddev_y);
          break;
        }
      }
      valid[group] = 1;
    }
    return MakeResultColumn<double>(DataType::Float64(), results, valid);
  }
  DataType result_type() const override { return DataType::Float64(); }

 private:
  struct State {
    int64_t count = 0;
    double mean_x = 0;
    double mean_y = 0;
    double co_moment = 0;  // sum of (x - mean_x)(y - mean_y)
    double squared_x = 0;  // sum of (x - mean_x)^2
    double squared_y = 0;
  };
  CoMomentKind kind_;
  PoolVector<State> states_;
  std::vector<double> x_values_;  // per batch
  std::vector<double> y_values_;  // per batch
  std::vector<uint8_t> valid_;    // per batch
};

}  // namespace

std::unique_ptr<GroupedAggregator> MakeMomentAggregator(MomentKind kind, const DataType& type) {
  CheckNumeric(type, "variance / stddev");
  return std::make_unique<MomentAggregator>(kind);
}

std::unique_ptr<GroupedAggregator> MakeCoMomentAggregator(CoMomentKind kind, const DataType& y_type,
                                                          const DataType& x_type) {
  CheckNumeric(y_type, "covar / corr");
  CheckNumeric(x_type, "covar / corr");
  return std::make_unique<CoMomentAggregator>(kind);
}

}  // namespace berserkr::exec_internal

// Holistic aggregates, which need every value of a group: median / quantile, mode, top_k,
// count_distinct, string_agg and list. Consume appends (group, value) pairs to flat arrays — no
// per-group containers, so millions of small groups stay cheap — and Finalize counting-sorts them
// by group (stably, so row order within a group survives) and computes each group's result over
// its contiguous run.

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "exec/grouped_aggregator_internal.h"

namespace berserkr::exec_internal {
namespace {

template <typename T>
class CollectingAggregator final : public GroupedAggregator {
  using Stored = StorageType<T>;

 public:
  CollectingAggregator(HolisticKind kind, DataType type, AggregateOptions options)
      : kind_(kind), type_(std::move(type)), options_(std::move(options)) {}

  void Resize(uint32_t num_groups) override { num_groups_ = std::max(num_groups_, num_groups); }

  void Consume(const std::vector<ColumnPtr>& arguments, const uint32_t* group_ids,
               int64_t num_rows) override {
    const Column& column = *arguments[0];
    if (kind_ == HolisticKind::kList) {
      // list keeps NULL elements (as DuckDB's list does).
      const ValueReader<T> reader(column);
      for (int64_t row = 0; row < num_rows; ++row) {
        groups_.push_back(group_ids[row]);
        const bool valid = column.IsValid(row);
        values_.push_back(valid ? Stored(reader[row]) : Stored{});
        valid_.push_back(valid);
      }
      return;
    }
    // Sized once and filled in place: push_back per row costs a capacity check and a call each.
    const size_t start = groups_.size();
    groups_.resize(start + static_cast<size_t>(num_rows));
    values_.resize(start + static_cast<size_t>(num_rows));
    uint32_t* groups = groups_.data() + start;
    Stored* values = values_.data() + start;
    int64_t count = 0;
    ForEachValid<T>(column, num_rows, [&](int64_t row, T value) {
      groups[count] = group_ids[row];
      values[count] = Stored(value);
      ++count;
    });
    groups_.resize(start + static_cast<size_t>(count));
    values_.resize(start + static_cast<size_t>(count));
  }

  void Merge(GroupedAggregator& other, const uint32_t* mapping) override {
    auto& source = static_cast<CollectingAggregator&>(other);
    for (size_t index = 0; index < source.groups_.size(); ++index) {
      const uint32_t target = mapping[source.groups_[index]];
      if (target == kSkipGroup) continue;
      groups_.push_back(target);
      values_.push_back(std::move(source.values_[index]));
      if (!source.valid_.empty()) valid_.push_back(source.valid_[index]);
    }
  }

  ColumnPtr Finalize() override {
    SortByGroup();
    switch (kind_) {
      case HolisticKind::kQuantileContinuous:
        return FinalizeScalar<double>(DataType::Float64(), [&](Stored* begin, Stored* end) {
          return QuantileContinuous(begin, end);
        });
      case HolisticKind::kQuantileDiscrete:
        return FinalizeScalar<T>(type_, [&](Stored* begin, Stored* end) {
          const int64_t count = end - begin;
          const double scaled = static_cast<double>(count) * options_.quantile;
          const int64_t floored = static_cast<int64_t>(std::floor(count - scaled));
          const int64_t index = std::max<int64_t>(1, count - floored) - 1;  // as DuckDB
          std::nth_element(begin, begin + index, end, ValueLess<Stored>);
          return std::move(begin[index]);
        });
      case HolisticKind::kMode:
        return FinalizeScalar<T>(type_,
                                 [&](Stored* begin, Stored* end) { return Mode(begin, end); });
      case HolisticKind::kCountDistinct: {
        auto result = FinalizeScalar<int64_t>(DataType::Int64(), [&](Stored* begin, Stored* end) {
          std::sort(begin, end, ValueLess<Stored>);
          int64_t distinct = 1;
          for (Stored* value = begin + 1; value < end; ++value) {
            distinct += !ValueEqual(value[-1], value[0]);
          }
          return distinct;
        });
        return ZeroForEmpty(result);
      }
      case HolisticKind::kStringAgg:
        if constexpr (std::is_same_v<T, std::string_view>) {
          return FinalizeScalar<T>(type_, [&](Stored* begin, Stored* end) {
            std::string joined = std::move(*begin);
            for (Stored* value = begin + 1; value < end; ++value) {
              joined += options_.separator;
              joined += *value;
            }
            return joined;
          });
        }
        throw Internal("string_agg over a non-string type");
      case HolisticKind::kTopK:
      case HolisticKind::kList:
        return FinalizeList();
    }
    throw Internal("unknown holistic aggregate");
  }

  bool holistic() const override { return true; }

  DataType result_type() const override {
    switch (kind_) {
      case HolisticKind::kQuantileContinuous:
        return DataType::Float64();
      case HolisticKind::kCountDistinct:
        return DataType::Int64();
      case HolisticKind::kTopK:
      case HolisticKind::kList:
        return DataType::List(type_);
      default:
        return type_;
    }
  }

 private:
  // Reorders values_ (and valid_) so each group's values are contiguous, in row order.
  void SortByGroup() {
    starts_.assign(static_cast<size_t>(num_groups_) + 1, 0);
    for (uint32_t group : groups_) ++starts_[group + 1];
    std::partial_sum(starts_.begin(), starts_.end(), starts_.begin());
    std::vector<int64_t> cursor(starts_.begin(), starts_.end() - 1);
    PoolVector<Stored> sorted(values_.size());
    PoolVector<uint8_t> sorted_valid(valid_.size());
    for (size_t index = 0; index < groups_.size(); ++index) {
      const int64_t position = cursor[groups_[index]]++;
      sorted[position] = std::move(values_[index]);
      if (!valid_.empty()) sorted_valid[position] = valid_[index];
    }
    values_ = std::move(sorted);
    valid_ = std::move(sorted_valid);
    groups_.clear();
  }

  // One result per group from compute(begin, end) over its values; NULL for a group without any.
  template <typename R, typename Compute>
  ColumnPtr FinalizeScalar(const DataType& type, Compute compute) {
    std::vector<StorageType<R>> results(num_groups_);
    std::vector<uint8_t> valid(num_groups_, 0);
    for (uint32_t group = 0; group < num_groups_; ++group) {
      if (starts_[group] == starts_[group + 1]) continue;
      results[group] =
          compute(values_.data() + starts_[group], values_.data() + starts_[group + 1]);
      valid[group] = 1;
    }
    return MakeResultColumn<R>(type, results, valid);
  }

  // count_distinct of a group without values is 0, not NULL.
  ColumnPtr ZeroForEmpty(const ColumnPtr& counts) const {
    return MakeFixedColumn<int64_t>(DataType::Int64(), counts->ValuesAs<int64_t>(),
                                    counts->length(), nullptr);
  }

  double QuantileContinuous(Stored* begin, Stored* end) const {
    if constexpr (std::is_same_v<T, std::string_view> || std::is_same_v<T, bool>) {
      throw Internal("quantile_cont over a non-numeric type");
    } else {
      const int64_t count = end - begin;
      const double position = static_cast<double>(count - 1) * options_.quantile;
      const int64_t lower = static_cast<int64_t>(std::floor(position));
      const int64_t upper = static_cast<int64_t>(std::ceil(position));
      std::nth_element(begin, begin + lower, end, ValueLess<Stored>);
      const double divisor = DecimalDivisor(type_);
      const double low = ToDouble(begin[lower], divisor);
      if (upper == lower) return low;
      // The next value up is the smallest of those after the lower one's place.
      const double high =
          ToDouble(*std::min_element(begin + lower + 1, end, ValueLess<Stored>), divisor);
      // DuckDB's form (InterpolateOperator<double>): low + (high - low) * f is NaN for -inf and 5.
      const double fraction = position - static_cast<double>(lower);
      return low * (1 - fraction) + high * fraction;
    }
  }

  // The most frequent value; ties go to the value seen first.
  Stored Mode(Stored* begin, Stored* end) {
    order_.resize(static_cast<size_t>(end - begin));
    std::iota(order_.begin(), order_.end(), 0);
    std::stable_sort(order_.begin(), order_.end(), [&](int64_t left, int64_t right) {
      return ValueLess(begin[left], begin[right]);
    });
    int64_t best = order_[0];
    int64_t best_count = 0;
    for (size_t run_start = 0; run_start < order_.size();) {
      size_t run_end = run_start + 1;
      while (run_end < order_.size() &&
             ValueEqual(begin[order_[run_start]], begin[order_[run_end]])) {
        ++run_end;
      }
      const int64_t count = static_cast<int64_t>(run_end - run_start);
      // Stable: order_[run_start] is the run's earliest row.
      if (count > best_count || (count == best_count && order_[run_start] < best)) {
        best = order_[run_start];
        best_count = count;
      }
      run_start = run_end;
    }
    return std::move(begin[best]);
  }

  // list (all values in row order) and top_k (the k largest, descending).
  ColumnPtr FinalizeList() {
    ResultBuilder<T> child(type_);
    std::vector<int32_t> offsets(1, 0);
    std::vector<uint8_t> valid(num_groups_, 0);
    for (uint32_t group = 0; group < num_groups_; ++group) {
      Stored* begin = values_.data() + starts_[group];
      Stored* end = values_.data() + starts_[group + 1];
      if (begin != end) {
        valid[group] = 1;
        if (kind_ == HolisticKind::kList) {
          for (int64_t index = starts_[group]; index < starts_[group + 1]; ++index) {
            valid_[index] ? child.Append(values_[index]) : child.AppendNull();
          }
        } else {
          const auto descending = [](const Stored& left, const Stored& right) {
            return ValueLess(right, left);
          };
          const int64_t keep = std::min<int64_t>(options_.k, end - begin);
          std::partial_sort(begin, begin + keep, end, descending);
          for (int64_t index = 0; index < keep; ++index) child.Append(begin[index]);
        }
      }
      if (child.length() > INT32_MAX) {
        throw InvalidInput("list aggregate: more than 2^31 values in one result column");
      }
      offsets.push_back(static_cast<int32_t>(child.length()));
    }
    return MakeListColumn(type_, offsets, child.Finish(), valid);
  }

  HolisticKind kind_;
  DataType type_;
  AggregateOptions options_;
  uint32_t num_groups_ = 0;
  PoolVector<uint32_t> groups_;
  PoolVector<Stored> values_;
  PoolVector<uint8_t> valid_;  // list only: which values are non-NULL
  std::vector<int64_t>
      starts_;                 // after SortByGroup: group g's values are [starts_[g], starts_[g+1])
  PoolVector<int64_t> order_;  // scratch of Mode
};

}  // namespace

std::unique_ptr<GroupedAggregator> MakeHolisticAggregator(HolisticKind kind, const DataType& type,
                                                          const AggregateOptions& options) {
  if (kind == HolisticKind::kQuantileContinuous && !type.is_numeric()) {
    throw NotImplemented("median / quantile_cont of " + type.ToString() +
                         " values is not supported; use quantile_disc or a numeric column");
  }
  if (kind == HolisticKind::kStringAgg && !type.is_binary_like()) {
    throw NotImplemented("string_agg of " + type.ToString() +
                         " values is not supported; cast the argument to VARCHAR");
  }
  return VisitPhysicalType(type, [&](auto tag) -> std::unique_ptr<GroupedAggregator> {
    using T = typename decltype(tag)::Type;
    return std::make_unique<CollectingAggregator<T>>(kind, type, options);
  });
}

}  // namespace berserkr::exec_internal

// The distributive aggregates: count, count_star, sum, avg, min, max, first, last.

#include <limits>
#include <string>

#include "exec/grouped_aggregator_internal.h"

namespace berserkr::exec_internal {
namespace {

class CountAggregator final : public GroupedAggregator {
 public:
  explicit CountAggregator(CountKind kind) : kind_(kind) {}

  void Resize(uint32_t num_groups) override {
    if (num_groups > counts_.size()) counts_.resize(num_groups, 0);
  }
  void Consume(const std::vector<ColumnPtr>& arguments, const uint32_t* group_ids,
               int64_t num_rows) override {
    int64_t* counts = counts_.data();
    if (kind_ == CountKind::kStar || arguments[0]->null_count() == 0) {
      for (int64_t row = 0; row < num_rows; ++row) ++counts[group_ids[row]];
      return;
    }
    const Column& column = *arguments[0];
    for (int64_t row = 0; row < num_rows; ++row) counts[group_ids[row]] += column.IsValid(row);
  }
  void Merge(GroupedAggregator& other, const uint32_t* mapping) override {
    const auto& source = static_cast<CountAggregator&>(other).counts_;
    for (size_t group = 0; group < source.size(); ++group) {
      if (mapping[group] != kSkipGroup) counts_[mapping[group]] += source[group];
    }
  }
  ColumnPtr Finalize() override {
    return MakeFixedColumn<int64_t>(DataType::Int64(), counts_.data(),
                                    static_cast<int64_t>(counts_.size()), nullptr);
  }
  DataType result_type() const override { return DataType::Int64(); }

 private:
  CountKind kind_;
  PoolVector<int64_t> counts_;
};

// sum and avg: a running sum per group (128-bit for integers and decimals, so it is exact) and, for
// avg, a count.
template <typename T, typename Accumulator, bool kAverage>
class SumAggregator final : public GroupedAggregator {
 public:
  explicit SumAggregator(DataType input_type) : input_type_(std::move(input_type)) {}

  void Resize(uint32_t num_groups) override {
    if (num_groups <= sums_.size()) return;
    sums_.resize(num_groups, Accumulator{});
    counts_.resize(num_groups, 0);
  }
  void Consume(const std::vector<ColumnPtr>& arguments, const uint32_t* group_ids,
               int64_t num_rows) override {
    Accumulator* sums = sums_.data();
    int64_t* counts = counts_.data();
    ForEachValid<T>(*arguments[0], num_rows, [&](int64_t row, T value) {
      const uint32_t group = group_ids[row];
      sums[group] += static_cast<Accumulator>(value);
      ++counts[group];
    });
  }
  void Merge(GroupedAggregator& other, const uint32_t* mapping) override {
    auto& source = static_cast<SumAggregator&>(other);
    for (size_t group = 0; group < source.sums_.size(); ++group) {
      if (mapping[group] == kSkipGroup) continue;
      sums_[mapping[group]] += source.sums_[group];
      counts_[mapping[group]] += source.counts_[group];
    }
  }
  ColumnPtr Finalize() override {
    const size_t num_groups = sums_.size();
    std::vector<uint8_t> valid(num_groups);
    for (size_t group = 0; group < num_groups; ++group) valid[group] = counts_[group] > 0;
    if constexpr (kAverage) {
      const double divisor = DecimalDivisor(input_type_);
      std::vector<double> averages(num_groups, 0.0);
      for (size_t group = 0; group < num_groups; ++group) {
        if (counts_[group] == 0) continue;
        averages[group] =
            static_cast<double>(sums_[group]) / divisor / static_cast<double>(counts_[group]);
      }
      return MakeResultColumn<double>(DataType::Float64(), averages, valid);
    } else if constexpr (std::is_same_v<Accumulator, double>) {
      return MakeResultColumn<double>(DataType::Float64(), sums_, valid);
    } else if constexpr (std::is_same_v<T, __int128>) {
      return MakeResultColumn<__int128>(result_type(), sums_, valid);
    } else {
      std::vector<int64_t> results(num_groups, 0);
      for (size_t group = 0; group < num_groups; ++group) {
        const Accumulator sum = sums_[group];
        if (sum > std::numeric_limits<int64_t>::max() ||
            sum < std::numeric_limits<int64_t>::min()) {
          throw InvalidInput("sum overflow: the sum of group " + std::to_string(group) +
                             " does not fit in BIGINT; cast the argument to DOUBLE or DECIMAL");
        }
        results[group] = static_cast<int64_t>(sum);
      }
      return MakeResultColumn<int64_t>(DataType::Int64(), results, valid);
    }
  }
  DataType result_type() const override {
    if (kAverage || std::is_same_v<Accumulator, double>) return DataType::Float64();
    if (input_type_.id() == TypeId::kDecimal) return DataType::Decimal(38, input_type_.scale());
    return DataType::Int64();
  }

 private:
  DataType input_type_;
  PoolVector<Accumulator> sums_;
  PoolVector<int64_t> counts_;
};

template <bool kAverage>
std::unique_ptr<GroupedAggregator> MakeSumLike(const DataType& type) {
  if (!type.is_numeric()) {
    throw NotImplemented(std::string(kAverage ? "avg" : "sum") + " of " + type.ToString() +
                         " values is not supported; pass a numeric column");
  }
  return VisitPhysicalType(type, [&](auto tag) -> std::unique_ptr<GroupedAggregator> {
    using T = typename decltype(tag)::Type;
    if constexpr (std::is_floating_point_v<T>) {
      return std::make_unique<SumAggregator<T, double, kAverage>>(type);
    } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      return std::make_unique<SumAggregator<T, __int128, kAverage>>(type);
    } else if constexpr (std::is_same_v<T, __int128>) {
      return std::make_unique<SumAggregator<T, __int128, kAverage>>(type);
    } else {
      throw Internal("sum of a non-numeric physical type");
    }
  });
}

// min, max, first, last: one stored value per group, replaced when a new value wins.
template <typename T, SelectKind kKind>
class SelectAggregator final : public GroupedAggregator {
 public:
  explicit SelectAggregator(DataType type) : type_(std::move(type)) {}

  void Resize(uint32_t num_groups) override {
    if (num_groups <= values_.size()) return;
    values_.resize(num_groups);
    has_value_.resize(num_groups, 0);
  }
  void Consume(const std::vector<ColumnPtr>& arguments, const uint32_t* group_ids,
               int64_t num_rows) override {
    ForEachValid<T>(*arguments[0], num_rows, [&](int64_t row, T value) {
      const uint32_t group = group_ids[row];
      if (!has_value_[group] || Wins(value, T(values_[group]))) {
        values_[group] = StorageType<T>(value);
        has_value_[group] = 1;
      }
    });
  }
  void Merge(GroupedAggregator& other, const uint32_t* mapping) override {
    auto& source = static_cast<SelectAggregator&>(other);
    for (size_t group = 0; group < source.values_.size(); ++group) {
      const uint32_t target = mapping[group];
      if (!source.has_value_[group] || target == kSkipGroup) continue;
      if (!has_value_[target] || Wins(T(source.values_[group]), T(values_[target]))) {
        values_[target] = std::move(source.values_[group]);
        has_value_[target] = 1;
      }
    }
  }
  ColumnPtr Finalize() override { return MakeResultColumn<T>(type_, values_, has_value_); }
  DataType result_type() const override { return type_; }

 private:
  // Whether `candidate`, seen after `current`, replaces it.
  static bool Wins(const T& candidate, const T& current) {
    if constexpr (kKind == SelectKind::kMin) return ValueLess(candidate, current);
    if constexpr (kKind == SelectKind::kMax) return ValueLess(current, candidate);
    return kKind == SelectKind::kLast;
  }

  DataType type_;
  PoolVector<StorageType<T>> values_;
  PoolVector<uint8_t> has_value_;
};

template <SelectKind kKind>
std::unique_ptr<GroupedAggregator> MakeSelect(const DataType& type) {
  return VisitPhysicalType(type, [&](auto tag) -> std::unique_ptr<GroupedAggregator> {
    using T = typename decltype(tag)::Type;
    return std::make_unique<SelectAggregator<T, kKind>>(type);
  });
}

}  // namespace

std::unique_ptr<GroupedAggregator> MakeCountAggregator(CountKind kind) {
  return std::make_unique<CountAggregator>(kind);
}

std::unique_ptr<GroupedAggregator> MakeSumAggregator(const DataType& type) {
  return MakeSumLike<false>(type);
}

std::unique_ptr<GroupedAggregator> MakeAverageAggregator(const DataType& type) {
  return MakeSumLike<true>(type);
}

std::unique_ptr<GroupedAggregator> MakeSelectAggregator(SelectKind kind, const DataType& type) {
  switch (kind) {
    case SelectKind::kMin:
      return MakeSelect<SelectKind::kMin>(type);
    case SelectKind::kMax:
      return MakeSelect<SelectKind::kMax>(type);
    case SelectKind::kFirst:
      return MakeSelect<SelectKind::kFirst>(type);
    case SelectKind::kLast:
      return MakeSelect<SelectKind::kLast>(type);
  }
  throw Internal("unknown select kind");
}

}  // namespace berserkr::exec_internal

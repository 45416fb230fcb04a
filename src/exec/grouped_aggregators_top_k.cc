// top_k for fixed-width values and a small k: each group keeps its k largest values so far in a
// sorted slot of a flat array, so a row costs a comparison with the group's smallest kept value
// (usually rejected at once) instead of being stored until Finalize, as the collecting aggregate
// does (db-benchmark q8: 1e7 rows, k = 2).

#include <algorithm>

#include "exec/grouped_aggregator_internal.h"

namespace berserkr::exec_internal {
namespace {

template <typename T>
class TopKAggregator final : public GroupedAggregator {
 public:
  TopKAggregator(DataType type, int64_t k) : type_(std::move(type)), k_(static_cast<int>(k)) {}

  void Resize(uint32_t num_groups) override {
    if (num_groups <= counts_.size()) return;
    counts_.resize(num_groups, 0);
    values_.resize(static_cast<size_t>(num_groups) * k_);
  }

  void Consume(const std::vector<ColumnPtr>& arguments, const uint32_t* group_ids,
               int64_t num_rows) override {
    ForEachValid<T>(*arguments[0], num_rows,
                    [&](int64_t row, T value) { Offer(group_ids[row], value); });
  }

  void Merge(GroupedAggregator& other, const uint32_t* mapping) override {
    auto& source = static_cast<TopKAggregator&>(other);
    for (size_t group = 0; group < source.counts_.size(); ++group) {
      if (mapping[group] == kSkipGroup) continue;
      const T* kept = source.values_.data() + group * k_;
      for (int index = 0; index < source.counts_[group]; ++index)
        Offer(mapping[group], kept[index]);
    }
  }

  ColumnPtr Finalize() override {
    ResultBuilder<T> child(type_);
    std::vector<int32_t> offsets(1, 0);
    std::vector<uint8_t> valid(counts_.size(), 0);
    for (size_t group = 0; group < counts_.size(); ++group) {
      const T* kept = values_.data() + group * k_;
      for (int index = 0; index < counts_[group]; ++index) child.Append(kept[index]);
      valid[group] = counts_[group] > 0;
      if (child.length() > INT32_MAX) {
        throw InvalidInput("top_k: more than 2^31 values in one result column");
      }
      offsets.push_back(static_cast<int32_t>(child.length()));
    }
    return MakeListColumn(type_, offsets, child.Finish(), valid);
  }

  DataType result_type() const override { return DataType::List(type_); }

 private:
  // Inserts `value` into the group's descending list when it is among the k largest.
  void Offer(uint32_t group, T value) {
    T* kept = values_.data() + static_cast<size_t>(group) * k_;
    int count = counts_[group];
    if (count == k_) {
      if (!ValueLess(kept[k_ - 1], value)) return;
      --count;  // the smallest drops out
    }
    int position = count;
    while (position > 0 && ValueLess(kept[position - 1], value)) {
      kept[position] = kept[position - 1];
      --position;
    }
    kept[position] = value;
    counts_[group] = static_cast<uint8_t>(count + 1);
  }

  DataType type_;
  int k_;
  PoolVector<uint8_t> counts_;  // values kept per group, at most k_
  PoolVector<T> values_;        // k_ slots per group, the kept ones first, largest first
};

}  // namespace

std::unique_ptr<GroupedAggregator> MakeSmallTopKAggregator(const DataType& type, int64_t k) {
  if (k > kMaxSmallTopK) return nullptr;
  switch (type.id()) {
    case TypeId::kInt8:
      return std::make_unique<TopKAggregator<int8_t>>(type, k);
    case TypeId::kInt16:
      return std::make_unique<TopKAggregator<int16_t>>(type, k);
    case TypeId::kInt32:
    case TypeId::kDate:
      return std::make_unique<TopKAggregator<int32_t>>(type, k);
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return std::make_unique<TopKAggregator<int64_t>>(type, k);
    case TypeId::kFloat32:
      return std::make_unique<TopKAggregator<float>>(type, k);
    case TypeId::kFloat64:
      return std::make_unique<TopKAggregator<double>>(type, k);
    case TypeId::kDecimal:
      return std::make_unique<TopKAggregator<__int128>>(type, k);
    default:
      return nullptr;  // strings and bools: the collecting aggregate
  }
}

}  // namespace berserkr::exec_internal

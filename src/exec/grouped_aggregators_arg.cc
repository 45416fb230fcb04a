// arg_min / arg_max (arg, value): the arg of the row with the smallest / largest value. Rows where
// either is NULL are skipped (DuckDB's arg_min; arg_min_null would keep a NULL arg). Ties keep the
// row seen first.
//
// Two argument types would square the template instantiations, so the work is split: a loop typed
// over the compared value finds, per batch, which rows win their group; then one virtual call per
// batch copies those rows' args in a loop typed over the arg.

#include <utility>

#include "exec/grouped_aggregator_internal.h"

namespace berserkr::exec_internal {
namespace {

class ArgStore {
 public:
  virtual ~ArgStore() = default;
  virtual void Resize(uint32_t num_groups) = 0;
  // For each (group, row) in order: the group's arg becomes the column's value at row.
  virtual void CopyRows(const Column& column,
                        const std::vector<std::pair<uint32_t, int64_t>>& updates) = 0;
  // For each (source group, target group): the target's arg becomes other's source arg.
  virtual void CopyFrom(ArgStore& other,
                        const std::vector<std::pair<uint32_t, uint32_t>>& moves) = 0;
  virtual ColumnPtr Finalize(std::span<const uint8_t> valid) = 0;
};

template <typename A>
class TypedArgStore final : public ArgStore {
 public:
  explicit TypedArgStore(DataType type) : type_(std::move(type)) {}
  void Resize(uint32_t num_groups) override {
    if (num_groups > values_.size()) values_.resize(num_groups);
  }
  void CopyRows(const Column& column,
                const std::vector<std::pair<uint32_t, int64_t>>& updates) override {
    const ValueReader<A> reader(column);
    for (const auto& [group, row] : updates) values_[group] = StorageType<A>(reader[row]);
  }
  void CopyFrom(ArgStore& other, const std::vector<std::pair<uint32_t, uint32_t>>& moves) override {
    auto& source = static_cast<TypedArgStore&>(other);
    for (const auto& [from, to] : moves) values_[to] = std::move(source.values_[from]);
  }
  ColumnPtr Finalize(std::span<const uint8_t> valid) override {
    return MakeResultColumn<A>(type_, values_, valid);
  }

 private:
  DataType type_;
  PoolVector<StorageType<A>> values_;
};

template <typename C, bool kMax>
class ArgExtremeAggregator final : public GroupedAggregator {
  using Stored = StorageType<C>;

 public:
  ArgExtremeAggregator(DataType arg_type, std::unique_ptr<ArgStore> store)
      : arg_type_(std::move(arg_type)), store_(std::move(store)) {}

  void Resize(uint32_t num_groups) override {
    if (num_groups <= best_.size()) return;
    best_.resize(num_groups);
    has_value_.resize(num_groups, 0);
    store_->Resize(num_groups);
  }
  void Consume(const std::vector<ColumnPtr>& arguments, const uint32_t* group_ids,
               int64_t num_rows) override {
    const Column& arg = *arguments[0];
    const Column& compared = *arguments[1];
    const bool has_nulls = arg.null_count() > 0 || compared.null_count() > 0;
    const ValueReader<C> reader(compared);
    updates_.clear();
    for (int64_t row = 0; row < num_rows; ++row) {
      if (has_nulls && (arg.IsNull(row) || compared.IsNull(row))) continue;
      const uint32_t group = group_ids[row];
      const C value = reader[row];
      if (has_value_[group] && !Better(value, C(best_[group]))) continue;
      best_[group] = Stored(value);
      has_value_[group] = 1;
      updates_.emplace_back(group, row);
    }
    store_->CopyRows(arg, updates_);
  }
  void Merge(GroupedAggregator& other, const uint32_t* mapping) override {
    auto& source = static_cast<ArgExtremeAggregator&>(other);
    std::vector<std::pair<uint32_t, uint32_t>> moves;
    for (size_t group = 0; group < source.best_.size(); ++group) {
      const uint32_t target = mapping[group];
      if (!source.has_value_[group] || target == kSkipGroup) continue;
      if (has_value_[target] && !Better(C(source.best_[group]), C(best_[target]))) continue;
      best_[target] = std::move(source.best_[group]);
      has_value_[target] = 1;
      moves.emplace_back(static_cast<uint32_t>(group), target);
    }
    store_->CopyFrom(*source.store_, moves);
  }
  ColumnPtr Finalize() override { return store_->Finalize(has_value_); }
  DataType result_type() const override { return arg_type_; }

 private:
  static bool Better(const C& candidate, const C& current) {
    return kMax ? ValueLess(current, candidate) : ValueLess(candidate, current);
  }

  DataType arg_type_;
  std::unique_ptr<ArgStore> store_;
  PoolVector<Stored> best_;
  PoolVector<uint8_t> has_value_;
  std::vector<std::pair<uint32_t, int64_t>> updates_;  // per batch
};

}  // namespace

std::unique_ptr<GroupedAggregator> MakeArgExtremeAggregator(bool is_max, const DataType& arg_type,
                                                            const DataType& compare_type) {
  std::unique_ptr<ArgStore> store =
      VisitPhysicalType(arg_type, [&](auto tag) -> std::unique_ptr<ArgStore> {
        return std::make_unique<TypedArgStore<typename decltype(tag)::Type>>(arg_type);
      });
  return VisitPhysicalType(compare_type, [&](auto tag) -> std::unique_ptr<GroupedAggregator> {
    using C = typename decltype(tag)::Type;
    if (is_max) return std::make_unique<ArgExtremeAggregator<C, true>>(arg_type, std::move(store));
    return std::make_unique<ArgExtremeAggregator<C, false>>(arg_type, std::move(store));
  });
}

}  // namespace berserkr::exec_internal

// The window functions that need no frame aggregate: ranking (computed from positions and peer
// groups) and navigation (lag, lead, first_value, last_value: each result is some row's value, so
// they record which row and gather once at the end, for every type alike).

#include <string>

#include "berserkr/common/error.h"
#include "berserkr/exec/take.h"
#include "exec/column_output_internal.h"
#include "exec/window_internal.h"

namespace berserkr::window_internal {
namespace {

using exec_internal::MakeFixedColumn;

// DuckDB's ntile: the first (size % buckets) buckets get one row more than the others; with more
// buckets than rows, each row is its own bucket.
int64_t NtileBucket(int64_t position, int64_t size, int64_t buckets) {
  buckets = std::min(buckets, size);
  const int64_t small_size = size / buckets;
  const int64_t num_large = size - buckets * small_size;
  const int64_t large_rows = num_large * (small_size + 1);
  if (position < large_rows) return 1 + position / (small_size + 1);
  return 1 + num_large + (position - large_rows) / small_size;
}

class RankingEvaluator final : public WindowEvaluator {
 public:
  RankingEvaluator(const WindowFunction& function, int64_t num_rows)
      : kind_(function.kind), buckets_(function.offset) {
    if (IsFractional()) {
      fractions_.resize(static_cast<size_t>(num_rows));
    } else {
      integers_.resize(static_cast<size_t>(num_rows));
    }
  }

  void Evaluate(const PartitionView& partition) override {
    const int64_t size = partition.num_rows;
    const uint32_t* rows = partition.rows;
    switch (kind_) {
      case WindowFunctionKind::kRowNumber:
        for (int64_t position = 0; position < size; ++position) {
          integers_[rows[position]] = position + 1;
        }
        break;
      case WindowFunctionKind::kRank:
        for (int64_t position = 0; position < size; ++position) {
          integers_[rows[position]] = int64_t{partition.peer_begin[position]} + 1;
        }
        break;
      case WindowFunctionKind::kDenseRank: {
        int64_t dense_rank = 0;
        for (int64_t position = 0; position < size; ++position) {
          dense_rank += partition.peer_begin[position] == position;
          integers_[rows[position]] = dense_rank;
        }
        break;
      }
      case WindowFunctionKind::kNtile:
        for (int64_t position = 0; position < size; ++position) {
          integers_[rows[position]] = NtileBucket(position, size, buckets_);
        }
        break;
      case WindowFunctionKind::kPercentRank:
        // (rank - 1) / (rows - 1), and 0 for a partition of one row.
        for (int64_t position = 0; position < size; ++position) {
          fractions_[rows[position]] = size > 1
                                           ? static_cast<double>(partition.peer_begin[position]) /
                                                 static_cast<double>(size - 1)
                                           : 0.0;
        }
        break;
      case WindowFunctionKind::kCumeDist:
        for (int64_t position = 0; position < size; ++position) {
          fractions_[rows[position]] =
              static_cast<double>(partition.peer_end[position]) / static_cast<double>(size);
        }
        break;
      default:
        throw Internal("a ranking evaluator was made for a non-ranking window function");
    }
  }

  ColumnPtr Finish() override {
    if (IsFractional()) {
      return MakeFixedColumn<double>(DataType::Float64(), fractions_.data(),
                                     static_cast<int64_t>(fractions_.size()), nullptr);
    }
    return MakeFixedColumn<int64_t>(DataType::Int64(), integers_.data(),
                                    static_cast<int64_t>(integers_.size()), nullptr);
  }

 private:
  bool IsFractional() const {
    return kind_ == WindowFunctionKind::kPercentRank || kind_ == WindowFunctionKind::kCumeDist;
  }

  WindowFunctionKind kind_;
  int64_t buckets_;
  std::vector<int64_t> integers_;  // by row id
  std::vector<double> fractions_;  // by row id
};

class NavigationEvaluator final : public WindowEvaluator {
 public:
  NavigationEvaluator(const WindowFunction& function, ColumnPtr argument, ColumnPtr default_value)
      : function_(function),
        argument_(std::move(argument)),
        default_value_(std::move(default_value)),
        source_rows_(static_cast<size_t>(argument_->length()), kNullIndex) {
    // Row ids past the argument's pick the default value (gathered from both, concatenated).
    if (default_value_ != nullptr && 2 * argument_->length() >= int64_t{kNullIndex}) {
      throw NotImplemented("lag / lead with a default value over " +
                           std::to_string(argument_->length()) +
                           " rows: at most 2147483647 rows are supported");
    }
  }

  void Evaluate(const PartitionView& partition) override {
    const int64_t size = partition.num_rows;
    const uint32_t* rows = partition.rows;
    const auto num_rows = static_cast<uint32_t>(argument_->length());
    switch (function_.kind) {
      case WindowFunctionKind::kLag:
      case WindowFunctionKind::kLead: {
        const int64_t offset = std::clamp(function_.offset, -kFrameOffsetLimit, kFrameOffsetLimit);
        const int64_t step = function_.kind == WindowFunctionKind::kLag ? -offset : offset;
        for (int64_t position = 0; position < size; ++position) {
          const int64_t target = position + step;
          const uint32_t row = rows[position];
          if (target >= 0 && target < size) {
            source_rows_[row] = rows[target];
          } else if (default_value_ != nullptr) {
            source_rows_[row] = num_rows + row;
          }
        }
        break;
      }
      case WindowFunctionKind::kFirstValue:
      case WindowFunctionKind::kLastValue: {
        const bool first = function_.kind == WindowFunctionKind::kFirstValue;
        for (int64_t position = 0; position < size; ++position) {
          int64_t begin = 0;
          int64_t end = 0;
          FrameBounds(function_.frame, partition, position, &begin, &end);
          if (begin < end) source_rows_[rows[position]] = rows[first ? begin : end - 1];
        }
        break;
      }
      default:
        throw Internal("a navigation evaluator was made for another window function");
    }
  }

  ColumnPtr Finish() override {
    const auto count = static_cast<int64_t>(source_rows_.size());
    if (default_value_ == nullptr) return TakeWithNulls(*argument_, source_rows_.data(), count);
    const ColumnPtr both = ConcatenateColumns({argument_, default_value_});
    return TakeWithNulls(*both, source_rows_.data(), count);
  }

 private:
  WindowFunction function_;
  ColumnPtr argument_;
  ColumnPtr default_value_;
  std::vector<uint32_t> source_rows_;  // by row id: the row whose value is the result
};

}  // namespace

std::unique_ptr<WindowEvaluator> MakeRankingEvaluator(const WindowFunction& function,
                                                      int64_t num_rows) {
  return std::make_unique<RankingEvaluator>(function, num_rows);
}

std::unique_ptr<WindowEvaluator> MakeNavigationEvaluator(const WindowFunction& function,
                                                         ColumnPtr argument,
                                                         ColumnPtr default_value) {
  return std::make_unique<NavigationEvaluator>(function, std::move(argument),
                                               std::move(default_value));
}

}  // namespace berserkr::window_internal

// Aggregates over window frames, each in O(partition) time whatever the frame's size: sums and
// counts from prefix sums (exact for integers and decimals: 128-bit), float sums over a frame that
// does not start at the partition with a two-stack queue (a prefix difference would lose small
// values next to large ones and turn an infinity into NaN), min / max with a monotonic deque
// (frames only move forward).

#include <limits>
#include <string>
#include <type_traits>

#include "berserkr/exec/take.h"
#include "exec/grouped_aggregator_internal.h"
#include "exec/window_internal.h"

namespace berserkr::window_internal {
namespace {

using exec_internal::DecimalDivisor;
using exec_internal::MakeFixedColumn;
using exec_internal::TypeTag;
using exec_internal::ValueLess;
using exec_internal::ValueReader;
using exec_internal::VisitPhysicalType;

// Sums over a frame whose bounds only move forward, with additions only (no subtraction: no
// cancellation, no inf - inf): a two-stack queue. Positions [begin, split) hold suffix sums made
// when they were moved to the front; [split, end) are in a running sum. Every position is moved
// once, so a partition costs O(n) whatever the frame's width.
class SlidingSum {
 public:
  void Reset(const double* values, int64_t size) {
    values_ = values;
    suffix_.resize(static_cast<size_t>(size));
    split_ = 0;
    end_ = 0;
    back_ = 0.0;
  }
  // The sum of values [begin, end). REQUIRES: neither bound below the previous call's.
  double Sum(int64_t begin, int64_t end) {
    for (; end_ < end; ++end_) back_ += values_[end_];
    if (begin >= split_) {
      double suffix = 0.0;
      for (int64_t position = end_ - 1; position >= begin; --position) {
        suffix += values_[position];
        suffix_[position] = suffix;
      }
      split_ = end_;
      back_ = 0.0;
    }
    return (begin < split_ ? suffix_[begin] : 0.0) + back_;
  }

 private:
  const double* values_ = nullptr;
  std::vector<double> suffix_;
  int64_t split_ = 0;
  int64_t end_ = 0;
  double back_ = 0.0;
};

// count and count_star: differences of a prefix count of the non-NULL rows.
class CountEvaluator final : public WindowEvaluator {
 public:
  CountEvaluator(const WindowFunction& function, ColumnPtr argument, int64_t num_rows)
      : frame_(function.frame), argument_(std::move(argument)), counts_(num_rows) {}

  void Evaluate(const PartitionView& partition) override {
    static thread_local std::vector<int64_t> prefix;
    const int64_t size = partition.num_rows;
    prefix.resize(static_cast<size_t>(size + 1));
    prefix[0] = 0;
    for (int64_t position = 0; position < size; ++position) {
      const bool counted = argument_ == nullptr || argument_->IsValid(partition.rows[position]);
      prefix[position + 1] = prefix[position] + counted;
    }
    for (int64_t position = 0; position < size; ++position) {
      int64_t begin = 0;
      int64_t end = 0;
      FrameBounds(frame_, partition, position, &begin, &end);
      counts_[partition.rows[position]] = prefix[end] - prefix[begin];
    }
  }

  ColumnPtr Finish() override {
    return MakeFixedColumn<int64_t>(DataType::Int64(), counts_.data(),
                                    static_cast<int64_t>(counts_.size()), nullptr);
  }

 private:
  WindowFrame frame_;
  ColumnPtr argument_;
  std::vector<int64_t> counts_;  // by row id
};

// sum and avg of values of physical type T, accumulated in Accumulator (__int128 or double).
template <typename T, typename Accumulator>
class SumEvaluator final : public WindowEvaluator {
 public:
  SumEvaluator(const WindowFunction& function, ColumnPtr argument, DataType result_type)
      : frame_(function.frame),
        average_(function.kind == WindowFunctionKind::kAverage),
        argument_(std::move(argument)),
        result_type_(std::move(result_type)),
        decimal_divisor_(DecimalDivisor(argument_->type())),
        valid_(static_cast<size_t>(argument_->length()), 0) {
    if (average_ || std::is_same_v<Accumulator, double>) {
      doubles_.resize(valid_.size());
    } else if (result_type_.id() == TypeId::kDecimal) {
      wides_.resize(valid_.size());
    } else {
      integers_.resize(valid_.size());
    }
  }

  void Evaluate(const PartitionView& partition) override {
    static thread_local std::vector<Accumulator> values;  // by position; 0 for NULL
    static thread_local std::vector<Accumulator> prefix;  // prefix[k]: sum of values[0, k)
    static thread_local std::vector<int64_t> counts;      // counts[k]: non-NULL rows in [0, k)
    static thread_local SlidingSum sliding;
    const int64_t size = partition.num_rows;
    const ValueReader<T> reader(*argument_);
    values.resize(static_cast<size_t>(size));
    prefix.resize(static_cast<size_t>(size + 1));
    counts.resize(static_cast<size_t>(size + 1));
    prefix[0] = 0;
    counts[0] = 0;
    for (int64_t position = 0; position < size; ++position) {
      const uint32_t row = partition.rows[position];
      const bool valid = argument_->IsValid(row);
      values[position] = valid ? static_cast<Accumulator>(reader[row]) : Accumulator{};
      prefix[position + 1] = prefix[position] + values[position];
      counts[position + 1] = counts[position] + valid;
    }
    const bool from_partition_start = !frame_.rows || frame_.start == kUnboundedPreceding;
    if constexpr (std::is_same_v<Accumulator, double>) {
      if (!from_partition_start) sliding.Reset(values.data(), size);
    }
    bool overflow = false;
    for (int64_t position = 0; position < size; ++position) {
      int64_t begin = 0;
      int64_t end = 0;
      FrameBounds(frame_, partition, position, &begin, &end);
      const uint32_t row = partition.rows[position];
      const int64_t count = counts[end] - counts[begin];
      if (count == 0) continue;  // NULL: no value in the frame
      Accumulator sum{};
      if constexpr (std::is_same_v<Accumulator, double>) {
        sum = from_partition_start ? prefix[end] : sliding.Sum(begin, end);
      } else {
        sum = prefix[end] - prefix[begin];  // exact
      }
      valid_[row] = 1;
      if (average_) {
        doubles_[row] = static_cast<double>(sum) / decimal_divisor_ / static_cast<double>(count);
      } else if constexpr (std::is_same_v<Accumulator, double>) {
        doubles_[row] = sum;
      } else if (result_type_.id() == TypeId::kDecimal) {
        wides_[row] = sum;
      } else {
        overflow |=
            sum > std::numeric_limits<int64_t>::max() || sum < std::numeric_limits<int64_t>::min();
        integers_[row] = static_cast<int64_t>(sum);
      }
    }
    if (overflow) {
      throw InvalidInput(
          "sum overflow: a window sum does not fit in BIGINT; cast the argument to DOUBLE or "
          "DECIMAL");
    }
  }

  ColumnPtr Finish() override {
    const auto length = static_cast<int64_t>(valid_.size());
    if (!doubles_.empty()) {
      return MakeFixedColumn<double>(result_type_, doubles_.data(), length, valid_.data());
    }
    if (!wides_.empty()) {
      return MakeFixedColumn<__int128>(result_type_, wides_.data(), length, valid_.data());
    }
    return MakeFixedColumn<int64_t>(result_type_, integers_.data(), length, valid_.data());
  }

 private:
  WindowFrame frame_;
  bool average_;
  ColumnPtr argument_;
  DataType result_type_;
  double decimal_divisor_;
  std::vector<uint8_t> valid_;  // by row id; the result vectors below are too (one is used)
  std::vector<double> doubles_;
  std::vector<__int128> wides_;
  std::vector<int64_t> integers_;
};

// min and max: a deque of positions whose values decrease (max) or increase (min) from the front,
// so its front is the frame's extreme. Records the winning row and gathers at the end.
template <typename T>
class MinMaxEvaluator final : public WindowEvaluator {
 public:
  MinMaxEvaluator(const WindowFunction& function, ColumnPtr argument)
      : frame_(function.frame),
        maximum_(function.kind == WindowFunctionKind::kMax),
        argument_(std::move(argument)),
        source_rows_(static_cast<size_t>(argument_->length()), kNullIndex) {}

  void Evaluate(const PartitionView& partition) override {
    static thread_local std::vector<int64_t> deque;  // positions; the front is at `head`
    const ValueReader<T> reader(*argument_);
    const uint32_t* rows = partition.rows;
    // True when the value at position `kept` can never win over the one at `newer` again.
    const auto beaten = [&](int64_t kept, int64_t newer) {
      return maximum_ ? !ValueLess(reader[rows[newer]], reader[rows[kept]])
                      : !ValueLess(reader[rows[kept]], reader[rows[newer]]);
    };
    deque.clear();
    size_t head = 0;
    int64_t next = 0;  // the first position not yet offered to the deque
    for (int64_t position = 0; position < partition.num_rows; ++position) {
      int64_t begin = 0;
      int64_t end = 0;
      FrameBounds(frame_, partition, position, &begin, &end);
      for (; next < end; ++next) {
        if (argument_->IsNull(rows[next])) continue;
        while (deque.size() > head && beaten(deque.back(), next)) deque.pop_back();
        deque.push_back(next);
      }
      while (deque.size() > head && deque[head] < begin) ++head;
      if (deque.size() > head) source_rows_[rows[position]] = rows[deque[head]];
    }
  }

  ColumnPtr Finish() override {
    return TakeWithNulls(*argument_, source_rows_.data(),
                         static_cast<int64_t>(source_rows_.size()));
  }

 private:
  WindowFrame frame_;
  bool maximum_;
  ColumnPtr argument_;
  std::vector<uint32_t> source_rows_;  // by row id: the row holding the extreme, or kNullIndex
};

}  // namespace

std::unique_ptr<WindowEvaluator> MakeAggregateEvaluator(const WindowFunction& function,
                                                        ColumnPtr argument, int64_t num_rows) {
  switch (function.kind) {
    case WindowFunctionKind::kCount:
    case WindowFunctionKind::kCountStar:
      return std::make_unique<CountEvaluator>(
          function, function.kind == WindowFunctionKind::kCount ? argument : nullptr, num_rows);
    case WindowFunctionKind::kSum:
    case WindowFunctionKind::kAverage: {
      const DataType result_type = WindowResultType(function, argument->type());
      return VisitPhysicalType(argument->type(), [&](auto tag) -> std::unique_ptr<WindowEvaluator> {
        using T = typename decltype(tag)::Type;
        if constexpr (std::is_floating_point_v<T>) {
          return std::make_unique<SumEvaluator<T, double>>(function, argument, result_type);
        } else if constexpr ((std::is_integral_v<T> && !std::is_same_v<T, bool>) ||
                             std::is_same_v<T, __int128>) {
          return std::make_unique<SumEvaluator<T, __int128>>(function, argument, result_type);
        } else {
          throw Internal("window sum over a non-numeric physical type");
        }
      });
    }
    case WindowFunctionKind::kMin:
    case WindowFunctionKind::kMax:
      return VisitPhysicalType(argument->type(), [&](auto tag) -> std::unique_ptr<WindowEvaluator> {
        using T = typename decltype(tag)::Type;
        return std::make_unique<MinMaxEvaluator<T>>(function, argument);
      });
    default:
      throw Internal("an aggregate evaluator was made for a non-aggregate window function");
  }
}

}  // namespace berserkr::window_internal

#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "berserkr/types/column.h"
#include "berserkr/types/data_type.h"

namespace berserkr {

// Parameters of the aggregates that take more than their arguments.
struct AggregateOptions {
  double quantile = 0.5;        // quantile, quantile_cont, quantile_disc: in [0, 1]
  std::string separator = ",";  // string_agg
  int64_t k = 1;                // top_k: how many of the largest values to keep (>= 1)
};

// The state of one aggregate over many groups: arrays indexed by the group ids a Grouper hands out.
// One per aggregate per thread; per-thread states are combined with Merge and read with Finalize.
//
// Semantics follow DuckDB unless noted: NULL inputs are ignored (an all-NULL group gives NULL,
// except count and count_distinct, which give 0). Differences from DuckDB:
// - sum of integers returns BIGINT and throws InvalidInput "sum overflow" past the int64 range
//   (DuckDB returns HUGEINT); the running sum is exact (128-bit).
// - first / last skip NULLs (DuckDB's first returns a NULL when it comes first; this is its
//   any_value behaviour). "First" is by row order within a state; Merge puts other's rows after
//   this state's.
// - list keeps NULL elements, as DuckDB's list does.
//
// Supported names: count, count_star, count_distinct, sum, avg (mean), min, max, first, last,
// median, quantile (quantile_cont), quantile_disc, mode, stddev (stddev_samp), stddev_pop,
// variance (var_samp), var_pop, corr, covar_samp, covar_pop, string_agg, list, arg_min, arg_max
// (arguments: the value to return, then the value to compare) and top_k (LIST of the k largest
// values, descending).
class GroupedAggregator {
 public:
  virtual ~GroupedAggregator() = default;

  // Makes room for groups [0, num_groups); new groups start empty. Never shrinks.
  virtual void Resize(uint32_t num_groups) = 0;

  // Adds the first `num_rows` rows of `arguments` to the groups in `group_ids`.
  // REQUIRES: Resize was called with a count above every id in group_ids.
  virtual void Consume(const std::vector<ColumnPtr>& arguments, const uint32_t* group_ids,
                       int64_t num_rows) = 0;

  // Adds the state of `other` (made by the same call to MakeGroupedAggregator) into this one:
  // other's group g goes to group mapping[g] here, or nowhere when mapping[g] is kSkipGroup (a
  // partitioned merge takes the groups of one partition at a time). Other's merged groups may be
  // left empty or changed; its skipped groups are untouched, so merges of disjoint groups of one
  // `other` may run concurrently.
  // REQUIRES: Resize here covers every mapped id; mapping has other's group count of entries.
  static constexpr uint32_t kSkipGroup = UINT32_MAX;
  virtual void Merge(GroupedAggregator& other, const uint32_t* mapping) = 0;

  // One value per group, in id order. Call once, after the last Consume or Merge.
  virtual ColumnPtr Finalize() = 0;

  // The type of the column Finalize returns.
  virtual DataType result_type() const = 0;

  // True when the state keeps every value and does its work at Finalize (median, mode, list...):
  // such a Finalize is worth spreading over threads even for few groups.
  virtual bool holistic() const { return false; }
};

// An aggregator for the named aggregate over arguments of these types.
// Throws InvalidInput for an unknown name (naming the known ones), a wrong number of arguments or
// an option out of range; NotImplemented for argument types the aggregate does not support yet.
std::unique_ptr<GroupedAggregator> MakeGroupedAggregator(
    const std::string& name, const std::vector<DataType>& argument_types,
    const AggregateOptions& options = {});

}  // namespace berserkr

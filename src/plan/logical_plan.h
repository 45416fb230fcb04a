#pragma once

// The nodes of a logical plan, bound to their input's schema when made. Immutable and shared.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "berserkr/exec/grouped_aggregator.h"
#include "berserkr/exec/hash_join.h"
#include "berserkr/exec/sort.h"
#include "berserkr/exec/window.h"
#include "berserkr/expr/bind.h"
#include "berserkr/formats/scan_source.h"
#include "berserkr/types/table.h"

namespace berserkr {

struct BoundAggregate {
  std::string function;
  std::vector<BoundExpression> arguments;
  AggregateOptions options;
  std::string name;
};

// One output column of a join: a left column, a right column, or (a full join's USING key) the
// first non-NULL of both, computed by `coalesce` over a two-column batch (left, right).
struct JoinOutputColumn {
  int left_column = -1;
  int right_column = -1;
  std::optional<BoundExpression> coalesce;
};

// One window function, its arguments bound to the window's input. The kernel's column indices
// (function.argument, function.default_argument) count the input's columns, then the partition
// keys, then the arguments in order.
struct BoundWindowFunction {
  WindowFunction function;
  std::vector<BoundExpression> arguments;
  std::string name;
};

struct LogicalNode {
  enum class Kind {
    kTable,
    kScan,
    kFilter,
    kProject,
    kAggregate,
    kSort,
    kLimit,
    kJoin,
    kWindow,
    kDistinct,
    kUnion,
    kMapBatches,
  };

  Kind kind;
  SchemaPtr schema;  // what this node produces
  // The children: none for kTable, two for a join (left, right), any number for a union, one
  // otherwise.
  std::vector<std::shared_ptr<const LogicalNode>> inputs;

  Table table;                                 // kTable
  std::shared_ptr<const ScanSource> scanner;   // kScan: CSV or Parquet files
  ReadStats* scan_stats = nullptr;             // kScan: where the last run's counts go, if set
  std::vector<BoundExpression> expressions;    // kFilter: the predicate; kProject: the columns;
                                               // kAggregate: the keys; kJoin: the left keys
  std::vector<BoundAggregate> aggregates;      // kAggregate
  std::vector<SortKey> sort_keys;              // kSort
  int64_t limit = 0;                           // kLimit
  int64_t offset = 0;                          // kLimit
  JoinType join_type = JoinType::kInner;       // kJoin
  std::vector<BoundExpression> right_keys;     // kJoin: cast, like the left keys, to common types
  std::vector<JoinOutputColumn> join_outputs;  // kJoin: the schema's columns, in order
  // kWindow: `expressions` are the partition keys, `sort_keys` the order (input columns).
  std::vector<BoundWindowFunction> window_functions;
  std::vector<int> distinct_columns;                  // kDistinct: the key columns
  std::function<Batch(const Batch&)> batch_function;  // kMapBatches

  const LogicalNode& input() const { return *inputs.at(0); }

  // kJoin: the side a hash join builds its table on, given both sides' row counts. Inner and full
  // joins build on the smaller side (the right on a tie); left, semi and anti joins on the right
  // (the left rows are the ones kept, so they stream through the probe in order); right joins on
  // the left, mirroring left joins.
  JoinSide BuildSide(int64_t left_rows, int64_t right_rows) const;
  // The build side as far as the plan knows it: fixed by the join type, or by the row counts when
  // both inputs are in-memory tables; nullopt when it depends on rows not yet computed.
  std::optional<JoinSide> PlannedBuildSide() const;

  // Filter, project and map work batch by batch: a pipeline runs them on each batch without a
  // break.
  bool streaming() const {
    return kind == Kind::kFilter || kind == Kind::kProject || kind == Kind::kMapBatches;
  }

  // One line for Explain: the node's kind and arguments, without its children.
  std::string Describe() const;
};

// Runs `node` and everything below it.
std::vector<Batch> ExecutePlan(const LogicalNode& node);

// The plan as a tree, one node a line, children indented under their parent.
std::string ExplainPlan(const LogicalNode& root);

}  // namespace berserkr

#pragma once

// The nodes of a logical plan, bound to their input's schema when made. Immutable and shared.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "berserkr/exec/grouped_aggregator.h"
#include "berserkr/exec/sort.h"
#include "berserkr/exec/window.h"
#include "berserkr/expr/bind.h"
#include "berserkr/types/table.h"

namespace berserkr {

struct BoundAggregate {
  std::string function;
  std::vector<BoundExpression> arguments;
  AggregateOptions options;
  std::string name;
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
    kFilter,
    kProject,
    kAggregate,
    kSort,
    kLimit,
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

  Table table;                               // kTable
  std::vector<BoundExpression> expressions;  // kFilter: the predicate; kProject: the columns;
                                             // kAggregate: the keys
  std::vector<BoundAggregate> aggregates;    // kAggregate
  std::vector<SortKey> sort_keys;            // kSort
  int64_t limit = 0;                         // kLimit
  int64_t offset = 0;                        // kLimit
  // kWindow: `expressions` are the partition keys, `sort_keys` the order (input columns).
  std::vector<BoundWindowFunction> window_functions;
  std::vector<int> distinct_columns;                  // kDistinct: the key columns
  std::function<Batch(const Batch&)> batch_function;  // kMapBatches

  const LogicalNode& input() const { return *inputs.at(0); }

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

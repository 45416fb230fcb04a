#pragma once

// The nodes of a logical plan, bound to their input's schema when made. Immutable and shared.

#include <memory>
#include <string>
#include <vector>

#include "berserkr/exec/grouped_aggregator.h"
#include "berserkr/exec/sort.h"
#include "berserkr/expr/bind.h"
#include "berserkr/types/table.h"

namespace berserkr {

struct BoundAggregate {
  std::string function;
  std::vector<BoundExpression> arguments;
  AggregateOptions options;
  std::string name;
};

struct LogicalNode {
  enum class Kind { kTable, kFilter, kProject, kAggregate, kSort, kLimit };

  Kind kind;
  SchemaPtr schema;                          // what this node produces
  std::shared_ptr<const LogicalNode> input;  // null for kTable

  Table table;                               // kTable
  std::vector<BoundExpression> expressions;  // kFilter: the predicate; kProject: the columns;
                                             // kAggregate: the keys
  std::vector<BoundAggregate> aggregates;    // kAggregate
  std::vector<SortKey> sort_keys;            // kSort
  int64_t limit = 0;                         // kLimit
  int64_t offset = 0;                        // kLimit

  // Filter and project work batch by batch: a pipeline runs them on each batch without a break.
  bool streaming() const { return kind == Kind::kFilter || kind == Kind::kProject; }
};

// Runs `node` and everything below it.
std::vector<Batch> ExecutePlan(const LogicalNode& node);

}  // namespace berserkr

// MapBatches: a user's function over whole batches, run as a streaming step of a pipeline. Its
// results are checked against the declared schema here, once per batch, because everything after
// it trusts batch schemas blindly.

#include <string>

#include "berserkr/common/error.h"
#include "plan/executor_internal.h"

namespace berserkr {

Batch MapBatch(const LogicalNode& step, const Batch& batch, int64_t batch_index) {
  Batch result = step.batch_function(batch);
  const Schema& declared = *step.schema;
  const std::string where =
      "MapBatches: the function's result for " +
      (batch_index >= 0 ? "batch " + std::to_string(batch_index) : std::string("a batch"));
  if (result.num_columns() != declared.num_fields()) {
    throw InvalidInput(where + " has " + std::to_string(result.num_columns()) +
                       " columns, but the declared schema has " +
                       std::to_string(declared.num_fields()));
  }
  for (int column = 0; column < declared.num_fields(); ++column) {
    const Field& field = declared.field(column);
    const ColumnPtr& values = result.columns[column];
    const std::string name = "column " + std::to_string(column) + " ('" + field.name + "')";
    if (values == nullptr) throw InvalidInput(where + " has no data for " + name);
    if (values->type() != field.type) {
      throw InvalidInput(where + " has " + name + " of type " + values->type().ToString() +
                         ", but the declared schema says " + field.type.ToString());
    }
    if (values->length() != result.num_rows) {
      throw InvalidInput(where + " has " + name + " of " + std::to_string(values->length()) +
                         " rows, but the batch says it has " + std::to_string(result.num_rows));
    }
  }
  result.schema = step.schema;
  return result;
}

}  // namespace berserkr

// HashJoin: build a JoinHashTable over one side, probe it with each batch of the other in
// parallel, and gather the output columns of both sides with Take.

#include "berserkr/exec/hash_join.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>

#include "berserkr/common/error.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/take.h"

namespace berserkr {
namespace {

// The matched pairs of one probe batch: probe row, build row (kNullIndex: none).
struct Matches {
  std::vector<uint32_t> probe_rows;
  std::vector<uint32_t> build_rows;
  bool build_has_nulls = false;
};

// What the join asks of each side, seen from the probe and build sides.
struct JoinPlan {
  JoinType type;
  bool probe_outer;  // unmatched probe rows are kept, with NULLs for the build side
  bool build_outer;  // unmatched build rows are kept, with NULLs for the probe side
  bool probe_is_left;
};

JoinPlan PlanJoin(JoinType type, JoinSide build_side) {
  const bool build_right = build_side == JoinSide::kRight;
  JoinPlan plan{type, false, false, build_right};
  switch (type) {
    case JoinType::kInner:
      break;
    case JoinType::kLeft:
      (build_right ? plan.probe_outer : plan.build_outer) = true;
      break;
    case JoinType::kRight:
      (build_right ? plan.build_outer : plan.probe_outer) = true;
      break;
    case JoinType::kFull:
      plan.probe_outer = plan.build_outer = true;
      break;
    case JoinType::kSemi:
    case JoinType::kAnti:
      if (!build_right) {
        throw Internal("hash join: a " + JoinTypeName(type) +
                       " join must build on the right side (the left side is the one kept)");
      }
      break;
  }
  return plan;
}

Matches FindMatches(const JoinPlan& plan, const JoinHashTable& table, const uint32_t* key_ids,
                    int64_t num_rows) {
  Matches matches;
  if (plan.type == JoinType::kSemi || plan.type == JoinType::kAnti) {
    const bool want_match = plan.type == JoinType::kSemi;
    for (int64_t row = 0; row < num_rows; ++row) {
      if ((key_ids[row] != Grouper::kNoGroup) == want_match) {
        matches.probe_rows.push_back(static_cast<uint32_t>(row));
      }
    }
    return matches;
  }
  matches.probe_rows.reserve(static_cast<size_t>(num_rows));
  matches.build_rows.reserve(static_cast<size_t>(num_rows));
  for (int64_t row = 0; row < num_rows; ++row) {
    const uint32_t key_id = key_ids[row];
    if (key_id == Grouper::kNoGroup) {
      if (plan.probe_outer) {
        matches.probe_rows.push_back(static_cast<uint32_t>(row));
        matches.build_rows.push_back(kNullIndex);
        matches.build_has_nulls = true;
      }
      continue;
    }
    for (uint32_t build_row : table.RowsOf(key_id)) {
      matches.probe_rows.push_back(static_cast<uint32_t>(row));
      matches.build_rows.push_back(build_row);
    }
  }
  return matches;
}

bool IsIdentity(const std::vector<uint32_t>& rows, int64_t num_rows) {
  if (static_cast<int64_t>(rows.size()) != num_rows) return false;
  for (size_t index = 0; index < rows.size(); ++index) {
    if (rows[index] != index) return false;
  }
  return true;
}

// Rows `rows` of `columns`: shared as they are when that is every row in order.
std::vector<ColumnPtr> GatherColumns(const std::vector<ColumnPtr>& columns,
                                     const std::vector<uint32_t>& rows, int64_t num_rows,
                                     bool has_null_rows) {
  if (!has_null_rows && IsIdentity(rows, num_rows)) return columns;
  std::vector<ColumnPtr> gathered;
  gathered.reserve(columns.size());
  const int64_t count = static_cast<int64_t>(rows.size());
  for (const ColumnPtr& column : columns) {
    gathered.push_back(has_null_rows ? TakeWithNulls(*column, rows.data(), count)
                                     : Take(*column, rows.data(), count));
  }
  return gathered;
}

std::vector<ColumnPtr> NullColumns(const Schema& schema, int64_t num_rows) {
  std::vector<ColumnPtr> columns;
  for (const Field& field : schema.fields()) {
    columns.push_back(Column::MakeNull(field.type, num_rows));
  }
  return columns;
}

Batch MakeOutput(const JoinPlan& plan, const SchemaPtr& schema, std::vector<ColumnPtr> probe,
                 std::vector<ColumnPtr> build, int64_t num_rows) {
  Batch output{schema, {}, num_rows};
  std::vector<ColumnPtr>& left = plan.probe_is_left ? probe : build;
  std::vector<ColumnPtr>& right = plan.probe_is_left ? build : probe;
  output.columns = std::move(left);
  output.columns.insert(output.columns.end(), right.begin(), right.end());
  return output;
}

std::vector<int64_t> BatchRows(const JoinInput& input) {
  std::vector<int64_t> rows;
  for (const Batch& batch : input.batches) rows.push_back(batch.num_rows);
  return rows;
}

void CheckInput(const JoinInput& input, const std::vector<DataType>& key_types, const char* side) {
  if (input.key_types != key_types) {
    throw Internal(std::string("hash join: the ") + side +
                   " side's key types differ from the other side's; cast both to one type first");
  }
  if (input.keys.size() != input.batches.size()) {
    throw Internal(std::string("hash join: the ") + side + " side has " +
                   std::to_string(input.batches.size()) + " batches but key columns for " +
                   std::to_string(input.keys.size()));
  }
  for (const auto& keys : input.keys) {
    if (keys.size() != key_types.size()) {
      throw Internal(std::string("hash join: a batch of the ") + side + " side has " +
                     std::to_string(keys.size()) + " key columns instead of " +
                     std::to_string(key_types.size()));
    }
  }
}

// The build side's columns, each as one column so that build row numbers index it directly.
std::vector<ColumnPtr> CombineColumns(const JoinInput& build, ThreadPool& threads) {
  const int num_columns = build.schema->num_fields();
  if (build.batches.empty()) return NullColumns(*build.schema, 0);
  std::vector<ColumnPtr> columns(static_cast<size_t>(num_columns));
  const Table table(build.schema, build.batches);
  threads.ParallelFor(num_columns, [&](int64_t column) {
    columns[column] = table.CombinedColumn(static_cast<int>(column));
  });
  return columns;
}

}  // namespace

std::string JoinTypeName(JoinType type) {
  switch (type) {
    case JoinType::kInner:
      return "inner";
    case JoinType::kLeft:
      return "left";
    case JoinType::kRight:
      return "right";
    case JoinType::kFull:
      return "full";
    case JoinType::kSemi:
      return "semi";
    case JoinType::kAnti:
      return "anti";
  }
  return "?";
}

std::vector<Batch> HashJoin(const JoinInput& left, const JoinInput& right, JoinType type,
                            JoinSide build_side, SchemaPtr output_schema, ThreadPool* threads) {
  ThreadPool& pool = threads == nullptr ? DefaultThreadPool() : *threads;
  const JoinPlan plan = PlanJoin(type, build_side);
  CheckInput(left, left.key_types, "left");
  CheckInput(right, left.key_types, "right");
  const bool keeps_build_columns = type != JoinType::kSemi && type != JoinType::kAnti;
  const int expected_fields =
      left.schema->num_fields() + (keeps_build_columns ? right.schema->num_fields() : 0);
  if (output_schema->num_fields() != expected_fields) {
    throw Internal("hash join: the output schema has " +
                   std::to_string(output_schema->num_fields()) + " fields instead of " +
                   std::to_string(expected_fields));
  }
  const JoinInput& probe = plan.probe_is_left ? left : right;
  const JoinInput& build = plan.probe_is_left ? right : left;

  // The hash table is built by one thread while another combines the build side's columns
  // (ParallelFor rather than Submit: the caller takes part, so this is safe on a busy pool).
  std::optional<JoinHashTable> built;
  std::vector<ColumnPtr> build_columns;
  pool.ParallelFor(2, [&](int64_t task) {
    if (task == 0) {
      built.emplace(build.key_types, build.keys, BatchRows(build));
    } else if (keeps_build_columns) {
      build_columns = CombineColumns(build, pool);
    }
  });
  const JoinHashTable& table = *built;
  std::unique_ptr<std::atomic<uint8_t>[]> build_matched;
  if (plan.build_outer) {
    build_matched = std::make_unique<std::atomic<uint8_t>[]>(static_cast<size_t>(table.num_rows()));
  }

  std::vector<Batch> outputs(probe.batches.size());
  pool.ParallelFor(static_cast<int64_t>(probe.batches.size()), [&](int64_t batch_index) {
    const Batch& batch = probe.batches[batch_index];
    std::vector<uint32_t> key_ids(static_cast<size_t>(batch.num_rows));
    table.Find(probe.keys[batch_index], batch.num_rows, key_ids.data());
    const Matches matches = FindMatches(plan, table, key_ids.data(), batch.num_rows);
    if (build_matched) {
      for (uint32_t row : matches.build_rows) {
        // Load first: most rows are marked already, and a store would bounce the cache line.
        if (row != kNullIndex && build_matched[row].load(std::memory_order_relaxed) == 0) {
          build_matched[row].store(1, std::memory_order_relaxed);
        }
      }
    }
    const int64_t count = static_cast<int64_t>(matches.probe_rows.size());
    if (count == 0) return;
    std::vector<ColumnPtr> probe_output =
        GatherColumns(batch.columns, matches.probe_rows, batch.num_rows, false);
    std::vector<ColumnPtr> build_output;
    if (keeps_build_columns) {
      build_output = GatherColumns(build_columns, matches.build_rows, -1, matches.build_has_nulls);
    }
    outputs[batch_index] =
        MakeOutput(plan, output_schema, std::move(probe_output), std::move(build_output), count);
  });

  std::vector<Batch> result;
  for (Batch& output : outputs) {
    if (output.num_rows > 0) result.push_back(std::move(output));
  }
  if (!plan.build_outer) return result;

  // The build rows no probe row matched, in build order, with NULLs for the probe side.
  std::vector<uint32_t> unmatched;
  for (int64_t row = 0; row < table.num_rows(); ++row) {
    if (build_matched[row].load(std::memory_order_relaxed) == 0) {
      unmatched.push_back(static_cast<uint32_t>(row));
    }
  }
  constexpr int64_t kRowsPerBatch = 1 << 16;
  const int64_t num_batches =
      (static_cast<int64_t>(unmatched.size()) + kRowsPerBatch - 1) / kRowsPerBatch;
  std::vector<Batch> tail(static_cast<size_t>(num_batches));
  pool.ParallelFor(num_batches, [&](int64_t index) {
    const int64_t begin = index * kRowsPerBatch;
    const int64_t count = std::min<int64_t>(kRowsPerBatch, unmatched.size() - begin);
    std::vector<ColumnPtr> build_output;
    for (const ColumnPtr& column : build_columns) {
      build_output.push_back(Take(*column, unmatched.data() + begin, count));
    }
    tail[index] = MakeOutput(plan, output_schema, NullColumns(*probe.schema, count),
                             std::move(build_output), count);
  });
  for (Batch& batch : tail) result.push_back(std::move(batch));
  return result;
}

}  // namespace berserkr

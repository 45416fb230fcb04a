#pragma once

// The lazy DataFrame API: each call adds a node to a logical plan (binding and type-checking it at
// once, so mistakes surface where they are made); Collect() runs the plan on the thread pool.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "berserkr/exec/grouped_aggregator.h"
#include "berserkr/exec/hash_join.h"
#include "berserkr/exec/window.h"
#include "berserkr/expr/expression.h"
#include "berserkr/formats/csv_reader.h"
#include "berserkr/formats/csv_writer.h"
#include "berserkr/formats/json_reader.h"
#include "berserkr/formats/parquet_reader.h"
#include "berserkr/formats/parquet_writer.h"
#include "berserkr/types/table.h"

namespace berserkr {

struct LogicalNode;

// An expression with the name of the column it produces.
struct NamedExpr {
  std::string name;
  Expr expression;
};

// One aggregate of a GroupBy: function name (any of MakeGroupedAggregator's), arguments, output
// name.
struct AggregateSpec {
  std::string function;
  std::vector<ExprPtr> arguments;
  std::string name;
  AggregateOptions options;

  // A copy named `output_name`.
  AggregateSpec As(std::string output_name) const;
};

AggregateSpec Sum(Expr value);
AggregateSpec Mean(Expr value);
AggregateSpec Min(Expr value);
AggregateSpec Max(Expr value);
AggregateSpec Count(Expr value);
AggregateSpec CountStar();
AggregateSpec Median(Expr value);
AggregateSpec StdDev(Expr value);  // sample standard deviation
AggregateSpec Corr(Expr left, Expr right);
AggregateSpec TopK(Expr value, int64_t k);  // LIST of the k largest, descending
// Any aggregate MakeGroupedAggregator knows, by name, under the output name `name`, e.g.
// Aggregate("count_distinct", {Col("invoice")}, "orders").
AggregateSpec Aggregate(std::string function, std::vector<ExprPtr> arguments, std::string name,
                        AggregateOptions options = {});

// One ORDER BY key: a column of the input by name. Defaults as DuckDB: ascending, NULLs last.
struct SortSpec {
  std::string column;
  bool ascending = true;
  bool nulls_first = false;
};

// One window function of DataFrame::Window: what it computes, over which frame, under which name.
// Built with the helpers below, e.g. `Over(Sum(Col("x"))).Rows(-2, kCurrentRow).As("sum3")`.
struct WindowSpec {
  WindowFunctionKind kind = WindowFunctionKind::kRowNumber;
  std::vector<ExprPtr> arguments;  // the value; for lag / lead then the default, if any
  int64_t offset = 1;              // lag / lead: rows back / forward; ntile: buckets
  WindowFrame frame;               // the SQL default unless Rows() was called
  std::string name;                // the output column

  // A copy named `output_name`.
  WindowSpec As(std::string output_name) const;
  // A copy over ROWS BETWEEN start AND end: offsets from the current row, negative = PRECEDING;
  // kUnboundedPreceding, kUnboundedFollowing and kCurrentRow read as in SQL. Only aggregates,
  // first_value and last_value use a frame; the others ignore it, as DuckDB does.
  WindowSpec Rows(int64_t start, int64_t end) const;
};

// Ranking within the partition, by the window's ORDER BY (without one, every row is a peer).
WindowSpec RowNumber();
WindowSpec Rank();
WindowSpec DenseRank();
WindowSpec Ntile(int64_t buckets);
WindowSpec PercentRank();
WindowSpec CumeDist();
// The value `offset` rows before (Lag) or after (Lead) the current row in the partition; past the
// partition's edge `default_value` (cast to the value's type), or NULL when none is given.
WindowSpec Lag(Expr value, int64_t offset = 1, ExprPtr default_value = nullptr);
WindowSpec Lead(Expr value, int64_t offset = 1, ExprPtr default_value = nullptr);
// The value at the first / last row of the frame (a NULL there is the answer).
WindowSpec FirstValue(Expr value);
WindowSpec LastValue(Expr value);
// An aggregate over the frame: sum, avg (Mean), min, max, count or count_star (CountStar). Named as
// the aggregate.
WindowSpec Over(const AggregateSpec& aggregate);

class GroupedDataFrame;

class DataFrame {
 public:
  // A frame over a table already in memory.
  static DataFrame FromTable(Table table);
  // A lazy scan of CSV files (paths, directories, globs; compressed or not). The columns and
  // types are sniffed now, from the first file; the files are read when the plan runs, batch by
  // batch, converting only the columns the plan uses. See CsvScanner for how values that do not
  // fit an inferred type are handled. `stats`, when given, receives each run's row counts.
  static DataFrame ScanCsv(const std::vector<std::string>& sources, CsvOptions options = {},
                           ReadStats* stats = nullptr);
  // A lazy scan of Parquet files (paths, directories, globs): the footers are read now; row
  // groups are decoded in parallel when the plan runs, only the column chunks the plan uses.
  // `options.predicates` prune row groups by their statistics (the plan still filters rows).
  static DataFrame ScanParquet(const std::vector<std::string>& sources,
                               ParquetReadOptions options = {}, ReadStats* stats = nullptr);
  // A lazy scan of any ScanSource (a Delta table's DeltaScanner; see plan/delta_table.h).
  static DataFrame Scan(std::shared_ptr<const ScanSource> source, ReadStats* stats = nullptr);
  // JSON lines files, read now: the reader infers the schema across every record, so it reads
  // them whole (see ReadJson); the frame then runs over the table in memory.
  static DataFrame ReadJson(const std::vector<std::string>& sources, JsonOptions options = {},
                            ReadStats* stats = nullptr);

  // Rows for which `predicate` is true (NULL counts as false, as in SQL WHERE).
  DataFrame Filter(Expr predicate) const;
  // Exactly these columns, computed from the input.
  DataFrame Select(std::vector<NamedExpr> columns) const;
  // All columns plus (or replacing) one named column.
  DataFrame WithColumn(std::string name, Expr value) const;
  // Groups by the key expressions (a column reference keeps its name; others are named by their
  // text). An empty key list aggregates all rows into one.
  GroupedDataFrame GroupBy(std::vector<Expr> keys) const;
  // The rows ordered by the keys (stable: ties keep their input order).
  DataFrame Sort(std::vector<SortSpec> keys) const;
  // Rows [offset, offset + count) in the input's order. Stops reading a pipeline over a table once
  // enough rows came through; after Sort it keeps only the top rows (TopN).
  DataFrame Limit(int64_t count, int64_t offset = 0) const;
  // All columns plus one per window function, computed over the rows with equal `partition_by`
  // values (NULL is a partition of its own) ordered by `order_by` (ties keep the input order).
  // Rows stay in the input's order. Semantics as DuckDB's OVER (docs/engine-design.md).
  DataFrame Window(std::vector<Expr> partition_by, std::vector<SortSpec> order_by,
                   std::vector<WindowSpec> functions) const;
  // The first row of each distinct combination of `columns` (all columns when empty), in order of
  // first appearance. NULLs equal each other, as in SQL DISTINCT.
  DataFrame Distinct(std::vector<std::string> columns = {}) const;
  // This frame's rows, then each of `others`' (UNION ALL). Columns match by position and take the
  // first frame's names; types widen as DuckDB's implicit casts (INTEGER with BIGINT -> BIGINT,
  // integer with DOUBLE -> DOUBLE, DATE with TIMESTAMP -> TIMESTAMP); others are an error.
  DataFrame Union(std::vector<DataFrame> others) const;
  DataFrame UnionAll(const DataFrame& other) const { return Union({other}); }
  // `function` applied to every batch (in parallel, so it must be thread-safe); each result must
  // have exactly `output_schema`'s column count and types, or Collect throws naming the batch.
  DataFrame MapBatches(std::function<Batch(const Batch&)> function, Schema output_schema) const;

  // Joins with `right` on the columns named `on`, present on both sides (SQL USING, Polars on=).
  // The output has one column per key (the left's; the right's for a right join; for a full join
  // the first non-NULL of both, in the type both sides share), then the other left columns, then
  // the other right columns; a right name the left side already uses gets the suffix "_right".
  // Semi and anti joins give the left columns only. Keys of different numeric types are compared
  // after DuckDB's implicit cast (INTEGER = BIGINT as BIGINT, integer = DOUBLE as DOUBLE); a NULL
  // key never matches. Rows come in the order of the probed side's batches (see HashJoin): the
  // left side's for left, semi and anti joins.
  // Throws InvalidInput for an unknown column or keys whose types cannot be compared.
  DataFrame Join(const DataFrame& right, std::vector<std::string> on,
                 JoinType type = JoinType::kInner) const;
  // Joins where left_on[i] = right_on[i] for every i (expressions over each side's columns). The
  // output has all left columns, then all right columns (suffixed "_right" on a name clash).
  DataFrame Join(const DataFrame& right, std::vector<Expr> left_on, std::vector<Expr> right_on,
                 JoinType type = JoinType::kInner) const;

  const Schema& schema() const;
  // Runs the plan. Answers do not depend on the thread count.
  Table Collect() const;
  // Runs the plan and hands each batch of the answer to `consume` as it is made, one call at a
  // time, in no particular order (a Sort's in order) — for answers larger than memory (write them
  // out, sum them).
  void ForEachBatch(const std::function<void(const Batch&)>& consume) const;
  // Runs the plan and writes the answer as CSV (with a header) or JSON lines, in Collect's row
  // order; the file appears whole or not at all (written to a temporary name, then renamed). A
  // Sort's answer is written as it is merged, never held whole.
  // Throws IoError naming the path when it cannot be written.
  void WriteCsv(const std::string& path, const CsvWriteOptions& options = {}) const;
  void WriteJsonLines(const std::string& path) const;
  // Runs the plan and writes the answer as one Parquet file (local path or s3://), streaming like
  // WriteCsv: only the rows of the row group being filled are held. Returns the file's row count,
  // size and per-column statistics.
  ParquetWriteSummary WriteParquet(const std::string& location,
                                   const ParquetWriteOptions& options = {}) const;
  // The plan as built and as it will run (after the optimizer), one node a line, children
  // indented.
  std::string Explain() const;

 private:
  friend class GroupedDataFrame;
  explicit DataFrame(std::shared_ptr<const LogicalNode> node) : node_(std::move(node)) {}

  std::shared_ptr<const LogicalNode> node_;
};

class GroupedDataFrame {
 public:
  // One row per group: the keys, then the aggregates in order.
  DataFrame Agg(std::vector<AggregateSpec> aggregates) const;

 private:
  friend class DataFrame;
  GroupedDataFrame(DataFrame input, std::vector<Expr> keys)
      : input_(std::move(input)), keys_(std::move(keys)) {}

  DataFrame input_;
  std::vector<Expr> keys_;
};

}  // namespace berserkr

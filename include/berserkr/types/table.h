#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "berserkr/types/column.h"
#include "berserkr/types/data_type.h"

namespace berserkr {

// The named, typed columns of a batch or table.
class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<Field> fields) : fields_(std::move(fields)) {}

  const std::vector<Field>& fields() const { return fields_; }
  int num_fields() const { return static_cast<int>(fields_.size()); }
  const Field& field(int index) const { return fields_[index]; }
  // The index of the first field called `name`, or nullopt.
  std::optional<int> FieldIndex(const std::string& name) const;
  std::string ToString() const;
  bool operator==(const Schema& other) const { return fields_ == other.fields_; }

 private:
  std::vector<Field> fields_;
};

using SchemaPtr = std::shared_ptr<const Schema>;

// A horizontal slice of a table: columns of equal length sharing one schema.
struct Batch {
  SchemaPtr schema;
  std::vector<ColumnPtr> columns;
  int64_t num_rows = 0;

  const ColumnPtr& column(int index) const { return columns[index]; }
  int num_columns() const { return static_cast<int>(columns.size()); }
  Batch Slice(int64_t start, int64_t length) const;
};

// The column at `dotted_path` in `batch`: the top-level column of exactly that name, else a child
// of struct columns ("properties.variant"; names may themselves hold dots). A child is NULL where
// its struct is NULL. Throws InvalidInput naming the path and the available columns when none is.
ColumnPtr ResolveColumnPath(const Batch& batch, const std::string& dotted_path);

// A sequence of batches with one schema, e.g. a whole file or directory read into memory.
class Table {
 public:
  Table() : schema_(std::make_shared<Schema>()) {}
  Table(SchemaPtr schema, std::vector<Batch> batches);

  const SchemaPtr& schema() const { return schema_; }
  const std::vector<Batch>& batches() const { return batches_; }
  int64_t num_rows() const { return num_rows_; }
  int num_columns() const { return schema_->num_fields(); }
  // The chunks of column `index`, one per batch.
  std::vector<ColumnPtr> ColumnChunks(int index) const;
  // Column `index` as one contiguous column (copies unless there is exactly one batch).
  ColumnPtr CombinedColumn(int index) const;

 private:
  SchemaPtr schema_;
  std::vector<Batch> batches_;
  int64_t num_rows_ = 0;
};

}  // namespace berserkr

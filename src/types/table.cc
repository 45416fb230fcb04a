#include "berserkr/types/table.h"

#include "berserkr/common/error.h"

namespace berserkr {

std::optional<int> Schema::FieldIndex(const std::string& name) const {
  for (int index = 0; index < num_fields(); ++index) {
    if (fields_[index].name == name) return index;
  }
  return std::nullopt;
}

std::string Schema::ToString() const {
  std::string text;
  for (const Field& field : fields_) {
    text += field.name + " " + field.type.ToString() + (field.nullable ? "" : " NOT NULL") + "\n";
  }
  return text;
}

Batch Batch::Slice(int64_t start, int64_t length) const {
  Batch slice{schema, {}, length};
  slice.columns.reserve(columns.size());
  for (const ColumnPtr& column : columns) slice.columns.push_back(column->Slice(start, length));
  return slice;
}

Table::Table(SchemaPtr schema, std::vector<Batch> batches)
    : schema_(std::move(schema)), batches_(std::move(batches)) {
  for (const Batch& batch : batches_) {
    if (batch.num_columns() != schema_->num_fields()) {
      throw Internal("Table: a batch has " + std::to_string(batch.num_columns()) +
                     " columns, the schema " + std::to_string(schema_->num_fields()));
    }
    num_rows_ += batch.num_rows;
  }
}

std::vector<ColumnPtr> Table::ColumnChunks(int index) const {
  std::vector<ColumnPtr> chunks;
  chunks.reserve(batches_.size());
  for (const Batch& batch : batches_) chunks.push_back(batch.columns[index]);
  return chunks;
}

ColumnPtr Table::CombinedColumn(int index) const {
  if (batches_.empty()) return Column::MakeNull(schema_->field(index).type, 0);
  return ConcatenateColumns(ColumnChunks(index));
}

}  // namespace berserkr

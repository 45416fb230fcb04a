#include "berserkr/types/table.h"

#include <cstring>
#include <string_view>

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

namespace {

// `child` with NULL wherever `parent` (its struct) is NULL, as Arrow leaves those values undefined.
ColumnPtr WithParentNulls(const ColumnPtr& child, const Column& parent) {
  if (parent.null_count() == 0) return child;
  const int64_t length = child->length();
  auto validity = Buffer::Allocate(BytesForBits(child->offset() + length));
  std::memset(validity->mutable_data(), 0, static_cast<size_t>(validity->size()));
  int64_t null_count = 0;
  for (int64_t row = 0; row < length; ++row) {
    if (parent.IsValid(row) && child->IsValid(row)) {
      SetBit(validity->mutable_data(), child->offset() + row);
    } else {
      ++null_count;
    }
  }
  return std::make_shared<Column>(child->type(), length, null_count, std::move(validity),
                                  child->values(), child->data(), child->children(),
                                  child->offset());
}

ColumnPtr FindColumnPath(const std::vector<Field>& fields, const std::vector<ColumnPtr>& columns,
                         std::string_view path) {
  for (size_t index = 0; index < fields.size() && index < columns.size(); ++index) {
    if (fields[index].name == path) return columns[index];
  }
  for (size_t index = 0; index < fields.size() && index < columns.size(); ++index) {
    const std::string& name = fields[index].name;
    if (fields[index].type.id() != TypeId::kStruct || path.size() <= name.size() ||
        path.compare(0, name.size(), name) != 0 || path[name.size()] != '.') {
      continue;
    }
    const Column& parent = *columns[index];
    ColumnPtr found = FindColumnPath(fields[index].type.children(), parent.children(),
                                     path.substr(name.size() + 1));
    if (found != nullptr) return WithParentNulls(found, parent);
  }
  return nullptr;
}

void CollectColumnPaths(const std::vector<Field>& fields, const std::string& prefix,
                        std::vector<std::string>& paths) {
  for (const Field& field : fields) {
    const std::string path = prefix.empty() ? field.name : prefix + "." + field.name;
    paths.push_back(path);
    if (field.type.id() == TypeId::kStruct) CollectColumnPaths(field.type.children(), path, paths);
  }
}

}  // namespace

ColumnPtr ResolveColumnPath(const Batch& batch, const std::string& dotted_path) {
  const std::vector<Field> no_fields;
  const std::vector<Field>& fields = batch.schema ? batch.schema->fields() : no_fields;
  if (ColumnPtr found = FindColumnPath(fields, batch.columns, dotted_path)) return found;
  std::vector<std::string> paths;
  CollectColumnPaths(fields, "", paths);
  constexpr size_t kShown = 50;
  std::string available;
  for (size_t index = 0; index < paths.size() && index < kShown; ++index) {
    available += (index == 0 ? "" : ", ") + paths[index];
  }
  if (paths.size() > kShown) available += ", ... (" + std::to_string(paths.size()) + " in all)";
  throw InvalidInput("no column '" + dotted_path +
                     "' (columns: " + (available.empty() ? "none" : available) + ")");
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

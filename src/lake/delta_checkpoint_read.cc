// Reading Delta checkpoints: Parquet files whose rows each hold one action in one of the struct
// columns add, remove, metaData, protocol, txn (PROTOCOL.md "Checkpoint Schema"). Maps come back
// from the Parquet reader as list<struct<key, value>>.

#include "berserkr/common/error.h"
#include "berserkr/formats/parquet_reader.h"
#include "lake/delta_internal.h"

namespace berserkr::delta_internal {
namespace {

// A struct column's fields by name; absent fields read as NULL.
class StructView {
 public:
  StructView(const Column* column, const std::string& file) : column_(column), file_(file) {}

  bool IsNull(int64_t row) const { return column_ == nullptr || column_->IsNull(row); }

  const Column* Child(const std::string& name) const {
    if (column_ == nullptr) return nullptr;
    const std::vector<Field>& fields = column_->type().children();
    for (size_t index = 0; index < fields.size(); ++index) {
      if (fields[index].name == name) return column_->children()[index].get();
    }
    return nullptr;
  }
  StructView ChildStruct(const std::string& name) const { return StructView(Child(name), file_); }

  std::optional<std::string> String(const std::string& name, int64_t row) const {
    const Column* child = Child(name);
    if (child == nullptr || child->IsNull(row)) return std::nullopt;
    if (!child->type().is_binary_like()) Fail(name, "is not a string");
    return std::string(child->GetString(row));
  }
  std::optional<int64_t> Integer(const std::string& name, int64_t row) const {
    const Column* child = Child(name);
    if (child == nullptr || child->IsNull(row)) return std::nullopt;
    switch (child->type().id()) {
      case TypeId::kInt8:
        return child->ValuesAs<int8_t>()[row];
      case TypeId::kInt16:
        return child->ValuesAs<int16_t>()[row];
      case TypeId::kInt32:
        return child->ValuesAs<int32_t>()[row];
      case TypeId::kInt64:
        return child->ValuesAs<int64_t>()[row];
      default:
        Fail(name, "is not an integer");
    }
  }
  std::optional<bool> Bool(const std::string& name, int64_t row) const {
    const Column* child = Child(name);
    if (child == nullptr || child->IsNull(row)) return std::nullopt;
    if (child->type().id() != TypeId::kBool) Fail(name, "is not a boolean");
    return child->GetBool(row);
  }
  // A map<string, string> (list<struct<key, value>>); NULL values kept as nullopt.
  DeltaPartitionValues Map(const std::string& name, int64_t row) const {
    DeltaPartitionValues values;
    const Column* child = Child(name);
    if (child == nullptr || child->IsNull(row)) return values;
    if (child->type().id() != TypeId::kList) Fail(name, "is not a map");
    const StructView entries(child->children()[0].get(), file_);
    const int32_t* offsets = child->Offsets();
    for (int64_t entry = offsets[row]; entry < offsets[row + 1]; ++entry) {
      std::optional<std::string> key = entries.String("key", entry);
      if (!key) Fail(name, "has a NULL key");
      values[*key] = entries.String("value", entry);
    }
    return values;
  }
  std::vector<std::string> StringList(const std::string& name, int64_t row) const {
    std::vector<std::string> values;
    const Column* child = Child(name);
    if (child == nullptr || child->IsNull(row)) return values;
    if (child->type().id() != TypeId::kList) Fail(name, "is not a list");
    const Column& items = *child->children()[0];
    const int32_t* offsets = child->Offsets();
    for (int64_t item = offsets[row]; item < offsets[row + 1]; ++item) {
      if (!items.IsNull(item)) values.emplace_back(items.GetString(item));
    }
    return values;
  }

  [[noreturn]] void Fail(const std::string& field, const std::string& what) const {
    throw InvalidInput(file_ + ": Delta checkpoint field \"" + field + "\" " + what);
  }

 private:
  const Column* column_;
  const std::string& file_;
};

std::map<std::string, std::string> WithoutNulls(const DeltaPartitionValues& values) {
  std::map<std::string, std::string> result;
  for (const auto& [key, value] : values) {
    if (value) result[key] = *value;
  }
  return result;
}

}  // namespace

void ReadDeltaCheckpoint(const std::vector<std::string>& parts, DeltaActions& actions) {
  static const std::vector<std::string> kActionColumns = {"add", "remove", "metaData", "protocol",
                                                          "txn"};
  for (const std::string& part : parts) {
    const ParquetScanner scanner({part});
    ParquetReadOptions options;
    for (const std::string& name : kActionColumns) {
      if (scanner.file_schema()->FieldIndex(name)) options.columns.push_back(name);
    }
    if (scanner.file_schema()->FieldIndex("sidecar")) {
      throw NotImplemented(part + ": not supported: v2Checkpoint (sidecar files)");
    }
    const Table table = ReadParquet({part}, options);
    const Schema& schema = *table.schema();
    for (const Batch& batch : table.batches()) {
      auto view = [&](const char* name) {
        const std::optional<int> index = schema.FieldIndex(name);
        return StructView(index ? batch.column(*index).get() : nullptr, part);
      };
      const StructView add = view("add");
      const StructView remove = view("remove");
      const StructView metadata = view("metaData");
      const StructView protocol = view("protocol");
      const StructView transaction = view("txn");
      for (int64_t row = 0; row < batch.num_rows; ++row) {
        if (!add.IsNull(row)) {
          DeltaAddFile file;
          const std::optional<std::string> path = add.String("path", row);
          if (!path) add.Fail("add.path", "is NULL");
          file.path = UnescapeLogPath(*path);
          file.partition_values = add.Map("partitionValues", row);
          file.size = add.Integer("size", row).value_or(0);
          file.modification_time = add.Integer("modificationTime", row).value_or(0);
          file.data_change = add.Bool("dataChange", row).value_or(false);
          file.stats = add.String("stats", row).value_or("");
          file.tags = WithoutNulls(add.Map("tags", row));
          const StructView deletion_vector = add.ChildStruct("deletionVector");
          if (!deletion_vector.IsNull(row)) {
            throw NotImplemented(part + ": not supported: deletionVectors (file " + file.path +
                                 " has a deletion vector)");
          }
          actions.adds.push_back(std::move(file));
        }
        if (!remove.IsNull(row)) {
          DeltaRemoveFile file;
          const std::optional<std::string> path = remove.String("path", row);
          if (!path) remove.Fail("remove.path", "is NULL");
          file.path = UnescapeLogPath(*path);
          file.deletion_timestamp = remove.Integer("deletionTimestamp", row);
          file.data_change = remove.Bool("dataChange", row).value_or(false);
          file.extended_file_metadata = remove.Bool("extendedFileMetadata", row).value_or(false);
          file.partition_values = remove.Map("partitionValues", row);
          file.size = remove.Integer("size", row);
          actions.removes.push_back(std::move(file));
        }
        if (!metadata.IsNull(row)) {
          DeltaMetadata value;
          value.id = metadata.String("id", row).value_or("");
          value.name = metadata.String("name", row);
          value.description = metadata.String("description", row);
          value.schema_string = metadata.String("schemaString", row).value_or("");
          value.partition_columns = metadata.StringList("partitionColumns", row);
          value.configuration = WithoutNulls(metadata.Map("configuration", row));
          value.created_time = metadata.Integer("createdTime", row);
          actions.metadata = std::move(value);
        }
        if (!protocol.IsNull(row)) {
          DeltaProtocol value;
          value.min_reader_version =
              static_cast<int>(protocol.Integer("minReaderVersion", row).value_or(1));
          value.min_writer_version =
              static_cast<int>(protocol.Integer("minWriterVersion", row).value_or(2));
          value.reader_features = protocol.StringList("readerFeatures", row);
          value.writer_features = protocol.StringList("writerFeatures", row);
          actions.protocol = std::move(value);
        }
        if (!transaction.IsNull(row)) {
          DeltaTransaction value;
          value.app_id = transaction.String("appId", row).value_or("");
          value.version = transaction.Integer("version", row).value_or(0);
          value.last_updated = transaction.Integer("lastUpdated", row);
          actions.transactions.push_back(std::move(value));
        }
      }
    }
  }
  // A checkpoint holds tombstones and live files that never share a path; applying removes
  // before adds (as ReplayState does) keeps both.
}

}  // namespace berserkr::delta_internal

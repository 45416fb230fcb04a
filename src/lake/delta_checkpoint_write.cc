// Writing Delta checkpoints: one Parquet row per action of the snapshot (protocol, metaData, txn,
// add, remove) in the checkpoint schema of PROTOCOL.md, then `_last_checkpoint`.

#include <cstring>

#include "berserkr/common/error.h"
#include "berserkr/formats/parquet_writer.h"
#include "berserkr/io/file_system.h"
#include "berserkr/io/output_stream.h"
#include "berserkr/types/column_builder.h"
#include "lake/delta_internal.h"

namespace berserkr {
namespace {

// The rows of one struct column of the checkpoint: which rows hold this action.
class ActionRows {
 public:
  ActionRows(int64_t rows, int64_t first, int64_t count)
      : rows_(rows), first_(first), count_(count) {}
  int64_t rows() const { return rows_; }
  // The action index at `row`, or -1 when the row holds another action.
  int64_t At(int64_t row) const {
    return row >= first_ && row < first_ + count_ ? row - first_ : -1;
  }

 private:
  int64_t rows_, first_, count_;
};

template <typename Get>
ColumnPtr StringColumn(const ActionRows& rows, Get get) {
  StringBuilder builder;
  for (int64_t row = 0; row < rows.rows(); ++row) {
    const int64_t action = rows.At(row);
    const std::optional<std::string> value = action < 0 ? std::nullopt : get(action);
    value ? builder.Append(*value) : builder.AppendNull();
  }
  return builder.Finish();
}

template <typename T, typename Get>
ColumnPtr FixedColumn(const DataType& type, const ActionRows& rows, Get get) {
  FixedWidthBuilder<T> builder(type);
  for (int64_t row = 0; row < rows.rows(); ++row) {
    const int64_t action = rows.At(row);
    const std::optional<T> value = action < 0 ? std::nullopt : std::optional<T>(get(action));
    value ? builder.Append(*value) : builder.AppendNull();
  }
  return builder.Finish();
}

template <typename Get>
ColumnPtr BoolColumn(const ActionRows& rows, Get get) {
  BoolBuilder builder;
  for (int64_t row = 0; row < rows.rows(); ++row) {
    const int64_t action = rows.At(row);
    action < 0 ? builder.AppendNull() : builder.Append(get(action));
  }
  return builder.Finish();
}

DataType MapType() {
  return DataType::List(DataType::Struct(
      {Field{"key", DataType::String(), false}, Field{"value", DataType::String()}}));
}

ColumnPtr ListColumn(const DataType& type, const ActionRows& rows,
                     const std::vector<int32_t>& offsets, ColumnPtr items) {
  ValidityBuilder validity;
  for (int64_t row = 0; row < rows.rows(); ++row) validity.Append(rows.At(row) >= 0);
  auto buffer = std::make_shared<Buffer>();
  buffer->Append(offsets.data(), static_cast<int64_t>(offsets.size() * sizeof(int32_t)));
  const int64_t null_count = validity.null_count();
  return std::make_shared<Column>(type, rows.rows(), null_count, validity.Finish(),
                                  std::move(buffer), nullptr, std::vector<ColumnPtr>{items});
}

// A map<string, string> column (list<struct<key, value>>), NULL on rows of other actions.
template <typename Get>
ColumnPtr MapColumn(const ActionRows& rows, Get get) {
  std::vector<int32_t> offsets = {0};
  StringBuilder keys;
  StringBuilder values;
  int32_t entries = 0;
  for (int64_t row = 0; row < rows.rows(); ++row) {
    const int64_t action = rows.At(row);
    if (action >= 0) {
      for (const auto& [key, value] : get(action)) {
        keys.Append(key);
        value ? values.Append(*value) : values.AppendNull();
        ++entries;
      }
    }
    offsets.push_back(entries);
  }
  const DataType entry_type = MapType().item_type();
  auto entry = std::make_shared<Column>(entry_type, entries, 0, nullptr, nullptr, nullptr,
                                        std::vector<ColumnPtr>{keys.Finish(), values.Finish()});
  return ListColumn(MapType(), rows, offsets, entry);
}

template <typename Get>
ColumnPtr StringListColumn(const ActionRows& rows, Get get) {
  std::vector<int32_t> offsets = {0};
  StringBuilder items;
  int32_t count = 0;
  for (int64_t row = 0; row < rows.rows(); ++row) {
    const int64_t action = rows.At(row);
    if (action >= 0) {
      for (const std::string& item : get(action)) {
        items.Append(item);
        ++count;
      }
    }
    offsets.push_back(count);
  }
  return ListColumn(DataType::List(DataType::String()), rows, offsets, items.Finish());
}

ColumnPtr StructColumn(const ActionRows& rows, std::vector<Field> fields,
                       std::vector<ColumnPtr> children) {
  ValidityBuilder validity;
  for (int64_t row = 0; row < rows.rows(); ++row) validity.Append(rows.At(row) >= 0);
  for (size_t index = 0; index < fields.size(); ++index)
    fields[index].type = children[index]->type();
  const int64_t null_count = validity.null_count();
  return std::make_shared<Column>(DataType::Struct(std::move(fields)), rows.rows(), null_count,
                                  validity.Finish(), nullptr, nullptr, std::move(children));
}

Field F(const char* name) { return Field{name, DataType::Null()}; }

std::map<std::string, std::optional<std::string>> Optional(
    const std::map<std::string, std::string>& values) {
  std::map<std::string, std::optional<std::string>> result;
  for (const auto& [key, value] : values) result[key] = value;
  return result;
}

}  // namespace

void WriteDeltaCheckpoint(const DeltaSnapshot& snapshot) {
  const int64_t transactions = static_cast<int64_t>(snapshot.transactions.size());
  const int64_t adds = static_cast<int64_t>(snapshot.files.size());
  const int64_t removes = static_cast<int64_t>(snapshot.tombstones.size());
  // Rows: protocol, metaData, the txns, the adds, the removes.
  const int64_t total = 2 + transactions + adds + removes;
  const ActionRows protocol_rows(total, 0, 1);
  const ActionRows metadata_rows(total, 1, 1);
  const ActionRows txn_rows(total, 2, transactions);
  const ActionRows add_rows(total, 2 + transactions, adds);
  const ActionRows remove_rows(total, 2 + transactions + adds, removes);
  std::vector<const DeltaTransaction*> txns;
  for (const auto& [app, transaction] : snapshot.transactions) txns.push_back(&transaction);
  const auto& files = snapshot.files;
  const auto& tombstones = snapshot.tombstones;
  const DeltaProtocol& protocol = snapshot.protocol;
  const DeltaMetadata& metadata = snapshot.metadata;
  using delta_internal::EscapeLogPath;

  std::vector<Field> fields;
  std::vector<ColumnPtr> columns;
  fields.push_back(F("txn"));
  columns.push_back(StructColumn(
      txn_rows, {F("appId"), F("version"), F("lastUpdated")},
      {StringColumn(txn_rows, [&](int64_t i) { return std::optional(txns[i]->app_id); }),
       FixedColumn<int64_t>(DataType::Int64(), txn_rows,
                            [&](int64_t i) { return txns[i]->version; }),
       FixedColumn<int64_t>(DataType::Int64(), txn_rows,
                            [&](int64_t i) { return txns[i]->last_updated.value_or(0); })}));
  fields.push_back(F("add"));
  columns.push_back(StructColumn(
      add_rows,
      {F("path"), F("partitionValues"), F("size"), F("modificationTime"), F("dataChange"),
       F("tags"), F("stats")},
      {StringColumn(add_rows,
                    [&](int64_t i) { return std::optional(EscapeLogPath(files[i].path)); }),
       MapColumn(add_rows, [&](int64_t i) { return files[i].partition_values; }),
       FixedColumn<int64_t>(DataType::Int64(), add_rows, [&](int64_t i) { return files[i].size; }),
       FixedColumn<int64_t>(DataType::Int64(), add_rows,
                            [&](int64_t i) { return files[i].modification_time; }),
       BoolColumn(add_rows, [&](int64_t i) { return files[i].data_change; }),
       MapColumn(add_rows, [&](int64_t i) { return Optional(files[i].tags); }),
       StringColumn(add_rows, [&](int64_t i) -> std::optional<std::string> {
         if (files[i].stats.empty()) return std::nullopt;
         return files[i].stats;
       })}));
  fields.push_back(F("remove"));
  columns.push_back(StructColumn(
      remove_rows,
      {F("path"), F("deletionTimestamp"), F("dataChange"), F("extendedFileMetadata"),
       F("partitionValues"), F("size")},
      {StringColumn(remove_rows,
                    [&](int64_t i) { return std::optional(EscapeLogPath(tombstones[i].path)); }),
       FixedColumn<int64_t>(
           DataType::Int64(), remove_rows,
           [&](int64_t i) { return tombstones[i].deletion_timestamp.value_or(0); }),
       BoolColumn(remove_rows, [&](int64_t i) { return tombstones[i].data_change; }),
       BoolColumn(remove_rows, [&](int64_t i) { return tombstones[i].extended_file_metadata; }),
       MapColumn(remove_rows, [&](int64_t i) { return tombstones[i].partition_values; }),
       FixedColumn<int64_t>(DataType::Int64(), remove_rows,
                            [&](int64_t i) { return tombstones[i].size.value_or(0); })}));
  fields.push_back(F("metaData"));
  columns.push_back(StructColumn(
      metadata_rows,
      {F("id"), F("name"), F("description"), F("format"), F("schemaString"), F("partitionColumns"),
       F("configuration"), F("createdTime")},
      {StringColumn(metadata_rows, [&](int64_t) { return std::optional(metadata.id); }),
       StringColumn(metadata_rows, [&](int64_t) { return metadata.name; }),
       StringColumn(metadata_rows, [&](int64_t) { return metadata.description; }),
       StructColumn(metadata_rows, {F("provider"), F("options")},
                    {StringColumn(metadata_rows,
                                  [&](int64_t) { return std::optional<std::string>("parquet"); }),
                     MapColumn(metadata_rows, [&](int64_t) { return DeltaPartitionValues{}; })}),
       StringColumn(metadata_rows, [&](int64_t) { return std::optional(metadata.schema_string); }),
       StringListColumn(metadata_rows, [&](int64_t) { return metadata.partition_columns; }),
       MapColumn(metadata_rows, [&](int64_t) { return Optional(metadata.configuration); }),
       FixedColumn<int64_t>(DataType::Int64(), metadata_rows,
                            [&](int64_t) { return metadata.created_time.value_or(0); })}));
  fields.push_back(F("protocol"));
  std::vector<Field> protocol_fields = {F("minReaderVersion"), F("minWriterVersion")};
  std::vector<ColumnPtr> protocol_columns = {
      FixedColumn<int32_t>(DataType::Int32(), protocol_rows,
                           [&](int64_t) { return protocol.min_reader_version; }),
      FixedColumn<int32_t>(DataType::Int32(), protocol_rows,
                           [&](int64_t) { return protocol.min_writer_version; })};
  if (protocol.min_reader_version >= 3) {
    protocol_fields.push_back(F("readerFeatures"));
    protocol_columns.push_back(
        StringListColumn(protocol_rows, [&](int64_t) { return protocol.reader_features; }));
  }
  if (protocol.min_writer_version >= 7) {
    protocol_fields.push_back(F("writerFeatures"));
    protocol_columns.push_back(
        StringListColumn(protocol_rows, [&](int64_t) { return protocol.writer_features; }));
  }
  columns.push_back(StructColumn(protocol_rows, protocol_fields, protocol_columns));
  for (size_t index = 0; index < fields.size(); ++index)
    fields[index].type = columns[index]->type();

  const auto schema = std::make_shared<Schema>(fields);
  Batch batch{schema, columns, total};
  ParquetWriteOptions options;
  options.map_columns = {"add.partitionValues", "add.tags", "remove.partitionValues",
                         "metaData.format.options", "metaData.configuration"};
  char name[64];
  std::snprintf(name, sizeof(name), "%020lld.checkpoint.parquet",
                static_cast<long long>(snapshot.version));
  const std::string log = snapshot.location + "/_delta_log/";
  const ParquetWriteSummary summary = WriteParquet(Table(schema, {batch}), log + name, options);
  // _last_checkpoint: a hint for readers that do not list the log (berserkr lists it).
  const std::string last = "{\"version\":" + std::to_string(snapshot.version) +
                           ",\"size\":" + std::to_string(total) +
                           ",\"sizeInBytes\":" + std::to_string(summary.bytes) +
                           ",\"numOfAddFiles\":" + std::to_string(adds) + "}";
  std::unique_ptr<OutputStream> out = OpenOutputStream(log + "_last_checkpoint");
  out->Write(last.data(), static_cast<int64_t>(last.size()));
  out->Close();
}

}  // namespace berserkr

// WriteDelta: data files first (one Parquet file per partition, in Hive directories), then one
// atomic commit naming them; anything failing before the commit deletes the files again.

#include <algorithm>
#include <chrono>
#include <random>
#include <set>

#include "berserkr/common/error.h"
#include "berserkr/exec/take.h"
#include "berserkr/io/file_system.h"
#include "berserkr/plan/delta_table.h"

namespace berserkr {
namespace {

// Delta has only instants (`timestamp`): naive timestamps are written as UTC with the same
// wall-clock digits.
DataType StoredType(const DataType& type) {
  if (type.id() == TypeId::kTimestamp && type.timezone().empty()) {
    return DataType::Timestamp("UTC");
  }
  return type;
}

ColumnPtr Relabel(const ColumnPtr& column, const DataType& type) {
  if (column->type() == type) return column;
  return std::make_shared<Column>(type, column->length(), column->null_count(), column->validity(),
                                  column->values(), column->data(), column->children(),
                                  column->offset());
}

std::string TrimLocation(std::string location) {
  while (location.size() > 1 && location.back() == '/') location.pop_back();
  return location;
}

std::string JsonList(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t index = 0; index < values.size(); ++index) {
    out += (index > 0 ? ",\"" : "\"") + values[index] + "\"";
  }
  return out + "]";
}

std::string DescribePartition(const DeltaPartitionValues& values) {
  std::string out;
  for (const auto& [column, value] : values) {
    out += (out.empty() ? "" : ", ") + column + "=" + value.value_or("NULL");
  }
  return out;
}

bool IsPartitionable(const DataType& type) {
  switch (type.id()) {
    case TypeId::kBool:
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kString:
      return true;
    default:
      return false;
  }
}

std::string NewUuid();

// One data file being written.
struct DataFile {
  std::string relative_path;
  DeltaPartitionValues partition_values;
  std::unique_ptr<ParquetWriter> writer;
  std::optional<DeltaStatsCollector> stats;
  int64_t rows = 0;
};

// The data files of one write: opened per partition as rows arrive, closed into add actions.
class DataFileSet {
 public:
  DataFileSet(std::string location, SchemaPtr data_schema, std::vector<std::string> partitions,
              const DeltaWriteOptions& options)
      : location_(std::move(location)),
        data_schema_(std::move(data_schema)),
        partitions_(std::move(partitions)),
        options_(options),
        file_system_(FileSystemFor(location_)) {}

  ~DataFileSet() {
    // Not committed: nothing of this write may stay behind. Unclosed writers leave nothing.
    if (committed_) return;
    open_.clear();
    for (const DeltaAddFile& add : adds_) {
      try {
        file_system_.Delete(location_ + "/" + add.path);
      } catch (const std::exception&) {
        // Best effort: vacuum removes what is left once it is old enough.
      }
    }
  }

  void Write(const DeltaPartitionValues& values, const Batch& batch) {
    const std::string directory = DeltaPartitionDirectory(partitions_, values);
    auto found = open_.find(directory);
    if (found == open_.end()) {
      DataFile file;
      file.partition_values = values;
      char name[64];
      std::snprintf(name, sizeof(name), "part-%05lld-", static_cast<long long>(file_count_++));
      file.relative_path = (directory.empty() ? "" : directory + "/") + name + NewUuid() +
                           "-c000." + ParquetCodecName(options_.parquet.codec) + ".parquet";
      const std::string full = location_ + "/" + file.relative_path;
      if (!directory.empty()) file_system_.CreateDirectories(location_ + "/" + directory);
      file.writer = std::make_unique<ParquetWriter>(full, data_schema_, options_.parquet);
      file.stats.emplace(data_schema_);
      found = open_.emplace(directory, std::move(file)).first;
    }
    DataFile& file = found->second;
    file.writer->Write(batch);
    file.stats->Add(batch);
    file.rows += batch.num_rows;
    rows_ += batch.num_rows;
    if (file.rows >= options_.max_rows_per_file) {
      Finish(file);
      open_.erase(found);
    }
  }

  // The tags of the files opened from now on.
  void SetTags(std::map<std::string, std::string> tags) { tags_ = std::move(tags); }

  // Closes the files opened so far (their add actions are kept).
  void FinishOpen() {
    for (auto& [directory, file] : open_) Finish(file);
    open_.clear();
  }

  std::vector<DeltaAddFile> FinishAll() {
    for (auto& [directory, file] : open_) Finish(file);
    open_.clear();
    return adds_;
  }

  void MarkCommitted() { committed_ = true; }
  int64_t rows() const { return rows_; }

 private:
  void Finish(DataFile& file) {
    const ParquetWriteSummary summary = file.writer->Close();
    file.writer.reset();
    DeltaAddFile add;
    add.path = file.relative_path;
    add.partition_values = file.partition_values;
    add.size = summary.bytes;
    add.modification_time = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
    add.data_change = true;
    add.stats = file.stats->ToJson();
    add.tags = tags_;
    adds_.push_back(std::move(add));
  }

  std::string location_;
  SchemaPtr data_schema_;
  std::vector<std::string> partitions_;
  const DeltaWriteOptions& options_;
  FileSystem& file_system_;
  std::map<std::string, DataFile> open_;
  std::map<std::string, std::string> tags_;
  std::vector<DeltaAddFile> adds_;
  int64_t file_count_ = 0;
  int64_t rows_ = 0;
  bool committed_ = false;
};

std::string NewUuid() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  char text[40];
  const uint64_t high = random();
  const uint64_t low = random();
  std::snprintf(text, sizeof(text), "%08x-%04x-4%03x-%04x-%012llx",
                static_cast<unsigned>(high >> 32), static_cast<unsigned>((high >> 16) & 0xFFFF),
                static_cast<unsigned>(high & 0xFFF),
                static_cast<unsigned>(0x8000 | ((low >> 48) & 0x3FFF)),
                static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
  return text;
}

}  // namespace

DeltaWriteResult WriteDelta(const DataFrame& frame, const std::string& location,
                            const DeltaWriteOptions& options) {
  return WriteDelta(std::vector<DeltaWritePart>{{frame, options.tags}}, location, options);
}

DeltaWriteResult WriteDelta(const std::vector<DeltaWritePart>& parts,
                            const std::string& raw_location, const DeltaWriteOptions& options) {
  const std::string location = TrimLocation(raw_location);
  const std::string where = "Delta table " + location;
  std::optional<DeltaSnapshot> snapshot;
  if (IsDeltaTable(location)) snapshot = ReadDeltaSnapshot(location);
  const bool overwrite = options.mode == DeltaWriteMode::kOverwrite;

  if (snapshot) {
    CheckDeltaProtocol(snapshot->protocol, snapshot->metadata, true, location);
    const auto append_only = snapshot->metadata.configuration.find("delta.appendOnly");
    if (overwrite && append_only != snapshot->metadata.configuration.end() &&
        append_only->second == "true") {
      throw InvalidInput(where +
                         " is append-only (delta.appendOnly=true): it cannot be "
                         "overwritten");
    }
    if (options.transaction) {
      const auto last = snapshot->transactions.find(options.transaction->app_id);
      if (last != snapshot->transactions.end() &&
          last->second.version >= options.transaction->version) {
        // Already committed by an earlier run of the same application: nothing to do.
        DeltaWriteResult result;
        result.version = snapshot->version;
        return result;
      }
    }
  }

  if (parts.empty()) throw InvalidInput(where + ": a write needs rows to write (no parts given)");
  // The table's schema after this write, and whether the metadata changes.
  const Schema& input = parts.front().frame.schema();
  for (size_t part = 1; part < parts.size(); ++part) {
    if (parts[part].frame.schema() != input) {
      throw InvalidInput(where + ": the parts of one write need one schema; part " +
                         std::to_string(part) + " has " + parts[part].frame.schema().ToString() +
                         ", part 0 " + input.ToString());
    }
  }
  std::vector<Field> table_fields;
  std::vector<std::string> partitions;
  bool metadata_changes = !snapshot.has_value();
  if (!snapshot) {
    for (const Field& field : input.fields()) {
      table_fields.push_back(Field{field.name, StoredType(field.type), field.nullable});
    }
    partitions = options.partition_by;
  } else {
    table_fields = snapshot->schema->fields();
    partitions = snapshot->metadata.partition_columns;
    if (!options.partition_by.empty() && options.partition_by != partitions) {
      throw InvalidInput(where + " is partitioned by " + JsonList(partitions) + ", not by " +
                         JsonList(options.partition_by));
    }
    const Schema table_schema(table_fields);
    for (const Field& field : input.fields()) {
      const std::optional<int> index = table_schema.FieldIndex(field.name);
      if (index) {
        const DataType& expected = table_schema.field(*index).type;
        if (StoredType(field.type) != expected) {
          throw InvalidInput(where + ": column \"" + field.name + "\" is " + field.type.ToString() +
                             " in the data but " + expected.ToString() + " in the table; cast it");
        }
      } else if (options.merge_schema) {
        table_fields.push_back(Field{field.name, StoredType(field.type), true});
        metadata_changes = true;
      } else {
        throw InvalidInput(where + ": column \"" + field.name + "\" is not in the table (" +
                           table_schema.ToString() +
                           "); to add it, write with --merge-schema (merge_schema)");
      }
    }
    for (const Field& field : table_schema.fields()) {
      if (input.FieldIndex(field.name)) continue;
      if (std::find(partitions.begin(), partitions.end(), field.name) != partitions.end()) {
        throw InvalidInput(where + ": the data has no partition column \"" + field.name + "\"");
      }
      if (!field.nullable) {
        throw InvalidInput(where + ": the data has no column \"" + field.name +
                           "\", which the table says is never NULL");
      }
    }
  }
  std::set<std::string> partition_set;
  for (const std::string& column : partitions) {
    const std::optional<int> index = input.FieldIndex(column);
    if (!index) {
      throw InvalidInput(where + ": partition column \"" + column + "\" is not in the data (" +
                         input.ToString() + ")");
    }
    if (!IsPartitionable(input.field(*index).type)) {
      throw NotImplemented(where + ": partition column \"" + column + "\" of type " +
                           input.field(*index).type.ToString() + " is not supported");
    }
    if (!partition_set.insert(column).second) {
      throw InvalidInput(where + ": partition column \"" + column + "\" is named twice");
    }
  }
  if (!snapshot && static_cast<int>(partitions.size()) >= input.num_fields() &&
      input.num_fields() > 0) {
    throw InvalidInput(where + ": every column is a partition column; a data file needs one more");
  }
  if (!options.replace_where.empty()) {
    if (!overwrite) throw InvalidInput(where + ": replace_where needs the overwrite mode");
    for (const auto& [column, value] : options.replace_where) {
      if (!partition_set.contains(column)) {
        throw InvalidInput(where + ": replace_where column \"" + column +
                           "\" is not a partition column (" + JsonList(partitions) + ")");
      }
    }
  }

  // The data files hold the non-partition columns, in the data's order.
  std::vector<int> data_columns;
  std::vector<int> partition_columns;
  std::vector<Field> data_fields;
  for (int index = 0; index < input.num_fields(); ++index) {
    const Field& field = input.field(index);
    if (partition_set.contains(field.name)) continue;
    data_columns.push_back(index);
    data_fields.push_back(Field{field.name, StoredType(field.type), field.nullable});
  }
  for (const std::string& column : partitions)
    partition_columns.push_back(*input.FieldIndex(column));
  const SchemaPtr data_schema = std::make_shared<Schema>(data_fields);

  DataFileSet files(location, data_schema, partitions, options);
  FileSystemFor(location).CreateDirectories(location);
  const auto write_batch = [&](const Batch& batch) {
    if (batch.num_rows == 0) return;
    Batch data;
    data.schema = data_schema;
    data.num_rows = batch.num_rows;
    for (size_t index = 0; index < data_columns.size(); ++index) {
      data.columns.push_back(Relabel(batch.column(data_columns[index]), data_fields[index].type));
    }
    if (partitions.empty()) {
      files.Write({}, data);
      return;
    }
    // Rows grouped by their partition values, in order of first appearance.
    std::map<DeltaPartitionValues, std::vector<uint32_t>> groups;
    DeltaPartitionValues values;
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      for (size_t index = 0; index < partitions.size(); ++index) {
        values[partitions[index]] =
            DeltaPartitionValue(*batch.column(partition_columns[index]), row);
      }
      groups[values].push_back(static_cast<uint32_t>(row));
    }
    for (const auto& [group_values, rows] : groups) {
      if (!options.replace_where.empty() &&
          !DeltaPartitionsMatch(group_values, options.replace_where)) {
        throw InvalidInput(where + ": a row of partition " + DescribePartition(group_values) +
                           " is outside replace_where " + DescribePartition(options.replace_where) +
                           "; nothing was written");
      }
      if (rows.size() == static_cast<size_t>(batch.num_rows)) {
        files.Write(group_values, data);
      } else {
        files.Write(group_values, Take(data, rows.data(), static_cast<int64_t>(rows.size())));
      }
    }
  };
  for (const DeltaWritePart& part : parts) {
    files.FinishOpen();  // a part's files carry its own tags
    files.SetTags(part.tags);
    part.frame.ForEachBatch(write_batch);
  }

  DeltaCommit commit;
  commit.operation = "WRITE";
  commit.operation_parameters["mode"] = overwrite ? "Overwrite" : "Append";
  commit.operation_parameters["partitionBy"] = JsonList(partitions);
  if (!options.replace_where.empty()) {
    commit.operation_parameters["predicate"] = DescribePartition(options.replace_where);
  }
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  if (metadata_changes) {
    DeltaMetadata metadata;
    if (snapshot) {
      metadata = snapshot->metadata;
    } else {
      metadata.id = NewUuid();
      metadata.partition_columns = partitions;
      metadata.created_time = now;
      commit.protocol = DeltaProtocol{};
    }
    metadata.schema_string = DeltaSchemaString(Schema(table_fields));
    commit.metadata = std::move(metadata);
  }
  commit.transaction = options.transaction;
  if (snapshot && overwrite) {
    for (const DeltaAddFile& file : snapshot->files) {
      if (!options.replace_where.empty() &&
          !DeltaPartitionsMatch(file.partition_values, options.replace_where)) {
        continue;
      }
      commit.removes.push_back(
          DeltaRemoveFile{file.path, now, true, true, file.partition_values, file.size});
    }
  }
  commit.adds = files.FinishAll();

  DeltaCommitOptions commit_options;
  if (overwrite) {
    commit_options.read_scope.kind = options.replace_where.empty()
                                         ? DeltaReadScope::Kind::kEverything
                                         : DeltaReadScope::Kind::kPartitions;
    commit_options.read_scope.partition_filter = options.replace_where;
  }
  DeltaWriteResult result;
  result.version = CommitDelta(location, snapshot ? snapshot->version : -1, commit, commit_options);
  files.MarkCommitted();
  result.rows = files.rows();
  result.files_added = static_cast<int64_t>(commit.adds.size());
  result.files_removed = static_cast<int64_t>(commit.removes.size());
  if (result.version > 0 && result.version % kDeltaCheckpointInterval == 0) {
    try {
      WriteDeltaCheckpoint(ReadDeltaSnapshot(location, result.version));
      result.checkpoint_written = true;
    } catch (const Error&) {
      // The commit stands; readers replay the JSON commits instead, and the next interval
      // tries again.
    }
  }
  return result;
}

}  // namespace berserkr

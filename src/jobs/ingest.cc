// `berserkr ingest`: which sources are new (by content), reading them with the table's types, one
// write of every new source's rows (each tagged with its identity) and the quarantined rows into
// the `_rejected` table.

#include "berserkr/jobs/ingest.h"

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "berserkr/common/error.h"
#include "berserkr/common/temp_directory.h"
#include "berserkr/exec/take.h"
#include "berserkr/formats/detect_format.h"
#include "berserkr/formats/parquet_reader.h"
#include "berserkr/io/file_listing.h"
#include "berserkr/io/file_system.h"
#include "berserkr/lake/delta_log.h"

namespace berserkr {
namespace {

// The hidden column naming each row's source file while the sources are read together.
constexpr char kSourceColumn[] = "__berserkr_source_file";

using ContentKey = std::pair<int64_t, std::string>;  // size, SHA-256

// The identities recorded in the tags of a table's live files.
void CollectHeldSources(const DeltaSnapshot& snapshot, std::set<ContentKey>& held) {
  for (const DeltaAddFile& file : snapshot.files) {
    const auto size = file.tags.find(kSourceSizeTag);
    const auto sha256 = file.tags.find(kSourceSha256Tag);
    if (size == file.tags.end() || sha256 == file.tags.end()) continue;
    try {
      held.emplace(std::stoll(size->second), sha256->second);
    } catch (const std::exception&) {
      // A tag some other writer set by hand: not an identity of ours.
    }
  }
}

std::map<std::string, std::string> IdentityTags(const SourceIdentity& identity) {
  return {{kSourcePathTag, identity.location},
          {kSourceSizeTag, std::to_string(identity.size)},
          {kSourceSha256Tag, identity.sha256}};
}

// The rows of `table` grouped by the value of its string column `source_column`, which the
// groups leave out; groups in order of first appearance. Readers give each file its own batches,
// so batches are split only when they mix files.
std::vector<std::pair<std::string, Table>> SplitBySource(const Table& table,
                                                         const std::string& source_column) {
  const Schema& schema = *table.schema();
  const int source = *schema.FieldIndex(source_column);
  std::vector<Field> fields = schema.fields();
  fields.erase(fields.begin() + source);
  const SchemaPtr data_schema = std::make_shared<Schema>(std::move(fields));
  std::vector<std::string> order;
  std::map<std::string, std::vector<Batch>> groups;
  const auto add = [&](const std::string& name, Batch batch) {
    batch.columns.erase(batch.columns.begin() + source);
    batch.schema = data_schema;
    auto [found, inserted] = groups.try_emplace(name);
    if (inserted) order.push_back(name);
    found->second.push_back(std::move(batch));
  };
  for (const Batch& batch : table.batches()) {
    if (batch.num_rows == 0) continue;
    const Column& names = *batch.column(source);
    if (names.GetString(0) == names.GetString(batch.num_rows - 1)) {
      add(std::string(names.GetString(0)), batch);
      continue;
    }
    std::map<std::string, std::vector<uint32_t>> rows;
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      rows[std::string(names.GetString(row))].push_back(static_cast<uint32_t>(row));
    }
    for (const auto& [name, indices] : rows) {
      add(name, Take(batch, indices.data(), static_cast<int64_t>(indices.size())));
    }
  }
  std::vector<std::pair<std::string, Table>> result;
  for (const std::string& name : order) {
    result.emplace_back(name, Table(data_schema, std::move(groups[name])));
  }
  return result;
}

// Reads the new sources as one table (types widen across files as the readers do), with the
// hidden source column; columns the table has are read as its types.
Table ReadSources(const std::vector<std::string>& locations, const std::string& format,
                  const IngestOptions& options, const Schema* table_schema,
                  const std::string& quarantine_path, ReadStats& stats) {
  if (format == "csv") {
    CsvOptions csv = options.csv;
    csv.on_error = options.on_error;
    csv.quarantine_path = quarantine_path;
    csv.filename_column = kSourceColumn;
    if (table_schema != nullptr) {
      // Only columns the files have: a type for a column they lack is an error to the reader.
      // A copy of the pointer: the scanner (and the schema it owns) is gone after this line.
      const SchemaPtr header = CsvScanner(locations, csv).file_schema();
      for (const Field& field : header->fields()) {
        const std::optional<int> index = table_schema->FieldIndex(field.name);
        if (index) csv.column_types.emplace(field.name, table_schema->field(*index).type);
      }
    }
    return ReadCsv(locations, csv, &stats);
  }
  if (format == "json") {
    JsonOptions json = options.json;
    json.on_error = options.on_error;
    json.quarantine_path = quarantine_path;
    json.filename_column = kSourceColumn;
    if (table_schema != nullptr) {
      for (const Field& field : table_schema->fields()) {
        json.column_types.emplace(field.name, field.type);
      }
    }
    return ReadJson(locations, json, &stats);
  }
  if (format == "parquet") {
    ParquetReadOptions parquet;
    parquet.filename_column = kSourceColumn;
    return ReadParquet(locations, parquet, &stats);
  }
  throw InvalidInput("ingest reads csv, json or parquet, not '" + format + "'");
}

// The quarantined records as rows of the `_rejected` table: file, line, column, reason, record,
// ingested_at.
Table RejectedRows(const std::string& quarantine_path) {
  CsvOptions csv;
  csv.header = true;
  for (const char* text : {"file", "column", "reason", "record"}) {
    csv.column_types.emplace(text, DataType::String());
  }
  csv.column_types.emplace("line", DataType::Int64());
  const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return DataFrame::FromTable(ReadCsv({quarantine_path}, csv))
      .Select({{"file", Col("file")},
               {"line", Col("line")},
               {"column", Col("column")},
               {"reason", Col("reason")},
               {"record", Col("record")},
               {"ingested_at", Lit(Scalar::Timestamp(now))},
               {kSourceColumn, Col("file")}})
      .Collect();
}

}  // namespace

std::string RejectedTableLocation(const std::string& table) {
  std::string location = table;
  while (location.size() > 1 && location.back() == '/') location.pop_back();
  return location + "_rejected";
}

IngestResult Ingest(const std::vector<std::string>& sources, const std::string& table,
                    const IngestOptions& options) {
  const std::vector<std::string> files = ExpandSources(sources);
  if (files.empty()) throw InvalidInput("ingest: no files match the sources given");
  const std::string format =
      options.format.empty() ? DetectFileFormat(files.front()) : options.format;
  if (options.format.empty()) {
    for (const std::string& file : files) {
      const std::string other = DetectFileFormat(file);
      if (other != format) {
        throw InvalidInput("ingest: " + file + " is " + other + " but " + files.front() + " is " +
                           format + "; ingest each format in a run of its own");
      }
    }
  }
  const bool overwrite = options.table.mode == DeltaWriteMode::kOverwrite;
  const std::string rejected_table = RejectedTableLocation(table);
  std::optional<DeltaSnapshot> snapshot;
  if (IsDeltaTable(table)) snapshot = ReadDeltaSnapshot(table);
  std::set<ContentKey> held;
  if (!overwrite) {
    if (snapshot) CollectHeldSources(*snapshot, held);
    if (IsDeltaTable(rejected_table)) CollectHeldSources(ReadDeltaSnapshot(rejected_table), held);
  }

  IngestResult result;
  std::vector<SourceIdentity> fresh;
  for (const std::string& file : files) {
    SourceIdentity identity = IdentifySource(file);
    if (!held.emplace(identity.size, identity.sha256).second) {
      result.skipped.push_back(std::move(identity));
    } else {
      fresh.push_back(std::move(identity));
    }
  }
  result.version = snapshot ? snapshot->version : -1;
  if (fresh.empty()) return result;

  std::vector<std::string> locations;
  std::map<std::string, const SourceIdentity*> identity_of;
  for (const SourceIdentity& identity : fresh) {
    locations.push_back(identity.location);
    identity_of[identity.location] = &identity;
  }
  std::optional<TempDirectory> quarantine_directory;
  std::string quarantine_path;
  if (options.on_error == OnError::kQuarantine) {
    quarantine_directory.emplace();
    quarantine_path = quarantine_directory->NewFilePath("rejected") + ".csv";
  }
  ReadStats stats;
  const Table rows =
      ReadSources(locations, format, options, snapshot ? snapshot->schema.get() : nullptr,
                  quarantine_path, stats);
  result.rows_read = stats.rows_read;
  result.rows_rejected = stats.rows_rejected;

  // One part per source that gave rows, tagged with its identity; one commit for all of them.
  std::vector<DeltaWritePart> parts;
  std::map<std::string, int64_t> rows_of;
  for (auto& [location, part_rows] : SplitBySource(rows, kSourceColumn)) {
    rows_of[location] = part_rows.num_rows();
    const auto identity = identity_of.find(location);
    if (identity == identity_of.end()) {
      throw Error("ingest: the reader named a source '" + location + "' it was not given");
    }
    parts.push_back({DataFrame::FromTable(std::move(part_rows)), IdentityTags(*identity->second)});
  }
  if (!parts.empty()) {
    result.version = WriteDelta(parts, table, options.table).version;
  }
  for (const SourceIdentity& identity : fresh) {
    result.ingested.push_back({identity, rows_of[identity.location]});
  }

  // The quarantined rows, tagged by source too, so a re-run skips a file all of whose rows
  // were rejected.
  if (quarantine_directory && result.rows_rejected > 0 &&
      FileSystemFor(quarantine_path).Exists(quarantine_path)) {
    std::vector<DeltaWritePart> rejected_parts;
    for (auto& [location, part_rows] :
         SplitBySource(RejectedRows(quarantine_path), kSourceColumn)) {
      const auto identity = identity_of.find(location);
      std::map<std::string, std::string> tags;
      if (identity != identity_of.end()) tags = IdentityTags(*identity->second);
      rejected_parts.push_back({DataFrame::FromTable(std::move(part_rows)), std::move(tags)});
    }
    DeltaWriteOptions rejected_options;
    rejected_options.parquet = options.table.parquet;
    try {
      result.rejected_version =
          WriteDelta(rejected_parts, rejected_table, rejected_options).version;
    } catch (const Error& error) {
      throw Error("ingest: the rows were committed to " + table + " (version " +
                  std::to_string(result.version) + "), but the " +
                  std::to_string(result.rows_rejected) + " rejected rows could not be written to " +
                  rejected_table + ": " + error.what());
    }
    result.rejected_table = rejected_table;
  }
  return result;
}

}  // namespace berserkr

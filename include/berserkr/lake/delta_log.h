#pragma once

// The Delta Lake transaction log (PROTOCOL.md, reader version 1 / writer version 2): the actions a
// commit holds, a table's snapshot at a version rebuilt by replaying `_delta_log/` (from the
// newest checkpoint, then the JSON commits after it), atomic commits with optimistic concurrency,
// history and vacuum. Data files are written and read by the layers above (DataFrame::WriteDelta,
// DataFrame::ScanDelta); this layer only knows the log.
//
// Concurrency: a commit is `_delta_log/<20-digit version>.json`, created with
// FileSystem::PutIfAbsent (link(2) locally, `If-None-Match: *` on S3), so of two writers racing
// for one version exactly one wins; the loser reads the winning commits, checks them against what
// it read and wrote (see DeltaReadScope) and either retries at the next version or throws
// DeltaConflict. A commit is visible whole or not at all.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/types/table.h"

namespace berserkr {

// A concurrent commit changed what this write depends on (the schema, the partitions it
// replaces, a file it removes). The table is unchanged by the failed write; retry it from a new
// snapshot.
class DeltaConflict : public Error {
 public:
  using Error::Error;
};

// Partition values as the log holds them: strings, nullopt for NULL.
using DeltaPartitionValues = std::map<std::string, std::optional<std::string>>;

struct DeltaProtocol {
  int min_reader_version = 1;
  int min_writer_version = 2;
  std::vector<std::string> reader_features;  // only with min_reader_version 3
  std::vector<std::string> writer_features;  // only with min_writer_version 7
};

struct DeltaMetadata {
  std::string id;  // a UUID
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::string schema_string;  // Delta's JSON schema: {"type":"struct","fields":[...]}
  std::vector<std::string> partition_columns;
  std::map<std::string, std::string> configuration;
  std::optional<int64_t> created_time;  // milliseconds since the epoch
};

// A live data file. `path` is relative to the table (or absolute) and already URL-decoded: the
// name of the file as it is stored.
struct DeltaAddFile {
  std::string path;
  DeltaPartitionValues partition_values;
  int64_t size = 0;
  int64_t modification_time = 0;  // milliseconds since the epoch
  bool data_change = true;
  // The stats JSON text ({"numRecords":..,"minValues":{..},"maxValues":{..},"nullCount":{..}}),
  // or "" when the writer left none.
  std::string stats;
  // Free-form labels; `berserkr ingest` records the source file's identity here.
  std::map<std::string, std::string> tags;
};

// A file removed by a commit (a tombstone): kept in the snapshot so vacuum knows when it left.
struct DeltaRemoveFile {
  std::string path;                           // URL-decoded, as in DeltaAddFile
  std::optional<int64_t> deletion_timestamp;  // milliseconds since the epoch
  bool data_change = true;
  bool extended_file_metadata = false;
  DeltaPartitionValues partition_values;
  std::optional<int64_t> size;
};

// An application's idempotency marker (`txn`): the last version of `app_id` committed.
struct DeltaTransaction {
  std::string app_id;
  int64_t version = 0;
  std::optional<int64_t> last_updated;
};

// The table as of one version.
struct DeltaSnapshot {
  std::string location;  // the table's root, without a trailing slash
  int64_t version = -1;
  DeltaProtocol protocol;
  DeltaMetadata metadata;
  // Every column, partition columns included, in the order of the Delta schema.
  SchemaPtr schema;
  // Live files, sorted by path.
  std::vector<DeltaAddFile> files;
  // Removed files (not added back), sorted by path.
  std::vector<DeltaRemoveFile> tombstones;
  // app_id -> the latest `txn` of that application.
  std::map<std::string, DeltaTransaction> transactions;
  // The version of the checkpoint the replay started from, or -1.
  int64_t checkpoint_version = -1;

  // Where `file` lives: the table's location joined with its relative path.
  std::string FileLocation(const std::string& path) const;
  int64_t num_records() const;  // sum of the files' numRecords (files without stats count 0)
};

// Whether `location` holds a Delta table (a `_delta_log/` with at least one commit or checkpoint).
bool IsDeltaTable(const std::string& location);

// The snapshot at `version` (the latest when nullopt). Throws InvalidInput when `location` is not a
// Delta table, when the version does not exist (naming the versions that do), when a commit is
// missing or malformed (naming the file and line), and NotImplemented naming the feature when the
// table needs a reader feature berserkr lacks (deletion vectors, column mapping, ...).
DeltaSnapshot ReadDeltaSnapshot(const std::string& location,
                                std::optional<int64_t> version = std::nullopt);

// Throws NotImplemented naming the feature when berserkr cannot read (or, with `for_writing`,
// write) a table with this protocol and configuration.
void CheckDeltaProtocol(const DeltaProtocol& protocol, const DeltaMetadata& metadata,
                        bool for_writing, const std::string& location);

// What a transaction read and replaces, for checking concurrent commits against it.
struct DeltaReadScope {
  enum class Kind {
    kNothing,     // a blind append: any concurrent data change is fine
    kPartitions,  // replace-where: the partitions whose values match `partition_filter`
    kEverything,  // overwrite: any concurrent data change conflicts
  };
  Kind kind = Kind::kNothing;
  // Partition column -> value (nullopt for NULL); a file matches when it has all of these.
  DeltaPartitionValues partition_filter;
};

// One commit's actions. The log keeps them in this order: protocol, metaData, txn, remove, add,
// then commitInfo.
struct DeltaCommit {
  std::optional<DeltaProtocol> protocol;
  std::optional<DeltaMetadata> metadata;
  std::optional<DeltaTransaction> transaction;
  std::vector<DeltaRemoveFile> removes;
  std::vector<DeltaAddFile> adds;
  std::string operation = "WRITE";  // commitInfo.operation ("WRITE", "CREATE TABLE", ...)
  // commitInfo.operationParameters: name -> value (written as JSON strings, as Spark does).
  std::map<std::string, std::string> operation_parameters;
};

struct DeltaCommitOptions {
  DeltaReadScope read_scope;
  // Attempts before giving up with DeltaConflict when other writers keep winning.
  int max_attempts = 1000;
};

// Commits `commit` on top of the table as read at `read_version` (-1: the table is new) and
// returns the version it became. On losing a race it checks the winning commits: a schema or
// protocol change, an added file inside `read_scope`, a removal of a file this commit removes, or
// a `txn` of the same application throws DeltaConflict; anything else retries at the next
// version. IoError when the log cannot be written. Does not write checkpoints.
int64_t CommitDelta(const std::string& location, int64_t read_version, const DeltaCommit& commit,
                    const DeltaCommitOptions& options = {});

// The commit file of `version`: <location>/_delta_log/00000000000000000042.json.
std::string DeltaCommitLocation(const std::string& location, int64_t version);

// One line of the log's history.
struct DeltaHistoryEntry {
  int64_t version = 0;
  std::optional<int64_t> timestamp;  // commitInfo.timestamp, milliseconds since the epoch
  std::string operation;             // "" when the commit has no commitInfo
  std::string commit_info;           // the commitInfo JSON object, "" when none
  int64_t files_added = 0;
  int64_t files_removed = 0;
};

// The commits still in the log, newest first (at most `limit` when > 0).
std::vector<DeltaHistoryEntry> ReadDeltaHistory(const std::string& location, int64_t limit = 0);

// Checkpoints: the snapshot's actions as `_delta_log/<version>.checkpoint.parquet` (the checkpoint
// schema of PROTOCOL.md) and `_delta_log/_last_checkpoint`. Writing needs the Parquet writer's
// struct and map support.
void WriteDeltaCheckpoint(const DeltaSnapshot& snapshot);
// A checkpoint is written after every this many commits.
inline constexpr int64_t kDeltaCheckpointInterval = 10;

struct VacuumResult {
  std::vector<std::string> deleted;  // locations deleted (or, on a dry run, that would be)
  int64_t bytes = 0;
};

// Deletes data files no longer in the latest snapshot: files the log removed more than
// `retention_hours` ago, and (local tables only, where a file's age is known) files the log never
// mentioned that are older than the retention — leftovers of failed writes. Never touches
// `_delta_log/` or names starting with '_' or '.'. A retention under 168 hours (7 days) is refused
// unless `allow_short_retention`: readers time-travelling to older versions, and writers still
// writing, need the files. With `dry_run` nothing is deleted.
VacuumResult VacuumDelta(const std::string& location, double retention_hours = 168,
                         bool dry_run = false, bool allow_short_retention = false);

// Delta <-> berserkr types. The Delta schema JSON of `schema` (naive timestamps become Delta
// `timestamp`, read back as UTC); throws NotImplemented for types Delta lacks.
std::string DeltaSchemaString(const Schema& schema);
// The schema of a Delta schema string; throws NotImplemented naming the column for types berserkr
// lacks (timestamp_ntz, variant, ...) and InvalidInput for malformed text.
Schema ParseDeltaSchema(const std::string& schema_string);

}  // namespace berserkr

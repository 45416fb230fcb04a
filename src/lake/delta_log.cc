// Snapshots by log replay, protocol checks, optimistic commits and history.

#include "berserkr/lake/delta_log.h"

#include <simdjson.h>

#include <algorithm>
#include <set>

#include "berserkr/io/file_system.h"
#include "berserkr/lake/delta_files.h"
#include "lake/delta_internal.h"

namespace berserkr {

using delta_internal::DeltaActions;

namespace {

// Table features berserkr reads (reader version 3) or writes (writer version 7): none of the
// reader features change how files are read here, so the list is short on purpose.
const std::set<std::string>& SupportedReaderFeatures() {
  static const std::set<std::string> features = {};
  return features;
}
const std::set<std::string>& SupportedWriterFeatures() {
  static const std::set<std::string> features = {"appendOnly"};
  return features;
}

std::string ReaderVersionFeature(int version) {
  // Reader version 2 is column mapping; 3 lists its features.
  return version == 2 ? "columnMapping" : "reader version " + std::to_string(version);
}

std::string WriterVersionFeature(int version) {
  switch (version) {
    case 3:
      return "checkConstraints (writer version 3)";
    case 4:
      return "changeDataFeed and generatedColumns (writer version 4)";
    case 5:
      return "columnMapping (writer version 5)";
    case 6:
      return "identityColumns (writer version 6)";
    default:
      return "writer version " + std::to_string(version);
  }
}

// Applies one commit's (or checkpoint's) actions to the replay state.
struct ReplayState {
  std::optional<DeltaProtocol> protocol;
  std::optional<DeltaMetadata> metadata;
  std::map<std::string, DeltaAddFile> files;
  std::map<std::string, DeltaRemoveFile> tombstones;
  std::map<std::string, DeltaTransaction> transactions;

  void Apply(DeltaActions actions) {
    if (actions.protocol) protocol = std::move(actions.protocol);
    if (actions.metadata) metadata = std::move(actions.metadata);
    for (DeltaTransaction& transaction : actions.transactions) {
      transactions[transaction.app_id] = std::move(transaction);
    }
    // Within one commit a path is removed before it is added again (a rewrite keeps its name).
    for (DeltaRemoveFile& remove : actions.removes) {
      files.erase(remove.path);
      const std::string path = remove.path;
      tombstones[path] = std::move(remove);
    }
    for (DeltaAddFile& add : actions.adds) {
      tombstones.erase(add.path);
      const std::string path = add.path;
      files[path] = std::move(add);
    }
  }
};

std::string TrimLocation(std::string location) {
  while (location.size() > 1 && location.back() == '/') location.pop_back();
  return location;
}

}  // namespace

std::string DeltaSnapshot::FileLocation(const std::string& path) const {
  if (path.starts_with("/") || path.find("://") != std::string::npos) return path;
  return location + "/" + path;
}

int64_t DeltaSnapshot::num_records() const {
  int64_t total = 0;
  simdjson::dom::parser parser;
  for (const DeltaAddFile& file : files) {
    simdjson::dom::element root;
    int64_t records = 0;
    if (!file.stats.empty() && parser.parse(file.stats).get(root) == simdjson::SUCCESS &&
        root["numRecords"].get(records) == simdjson::SUCCESS) {
      total += records;
    }
  }
  return total;
}

std::string DeltaCommitLocation(const std::string& location, int64_t version) {
  char name[32];
  std::snprintf(name, sizeof(name), "%020lld.json", static_cast<long long>(version));
  return TrimLocation(location) + "/_delta_log/" + name;
}

bool IsDeltaTable(const std::string& location) {
  const delta_internal::LogListing listing = delta_internal::ListDeltaLog(TrimLocation(location));
  return !listing.commits.empty() || !listing.checkpoints.empty();
}

void CheckDeltaProtocol(const DeltaProtocol& protocol, const DeltaMetadata& metadata,
                        bool for_writing, const std::string& location) {
  const std::string prefix = "Delta table " + location + ": not supported: ";
  const std::string advice = " (berserkr reads reader version 1 and writes writer version 2)";
  if (protocol.min_reader_version == 3) {
    for (const std::string& feature : protocol.reader_features) {
      if (!SupportedReaderFeatures().contains(feature)) {
        throw NotImplemented(prefix + "reader feature " + feature + advice);
      }
    }
  } else if (protocol.min_reader_version > 1) {
    throw NotImplemented(prefix + ReaderVersionFeature(protocol.min_reader_version) + advice);
  }
  // Column mapping changes what the Parquet column names mean, even when a writer forgot the
  // protocol bump: refuse rather than read the wrong columns.
  const auto mapping = metadata.configuration.find("delta.columnMapping.mode");
  if (mapping != metadata.configuration.end() && mapping->second != "none") {
    throw NotImplemented(prefix + "columnMapping (delta.columnMapping.mode=" + mapping->second +
                         ")" + advice);
  }
  if (!for_writing) return;
  // Writer version 2 must enforce column invariants, which berserkr does not evaluate.
  if (metadata.schema_string.find("\"delta.invariants\"") != std::string::npos) {
    throw NotImplemented(prefix + "writing a table with column invariants (delta.invariants)" +
                         advice);
  }
  if (protocol.min_writer_version == 7) {
    for (const std::string& feature : protocol.writer_features) {
      if (!SupportedWriterFeatures().contains(feature)) {
        throw NotImplemented(prefix + "writing with writer feature " + feature + advice);
      }
    }
  } else if (protocol.min_writer_version > 2) {
    throw NotImplemented(prefix + "writing " + WriterVersionFeature(protocol.min_writer_version) +
                         advice);
  }
}

DeltaSnapshot ReadDeltaSnapshot(const std::string& raw_location, std::optional<int64_t> version) {
  const std::string location = TrimLocation(raw_location);
  const delta_internal::LogListing listing = delta_internal::ListDeltaLog(location);
  if (listing.commits.empty() && listing.checkpoints.empty()) {
    throw InvalidInput(location + ": not a Delta table (no commits in " + location +
                       "/_delta_log/)");
  }
  int64_t latest = -1;
  if (!listing.commits.empty()) latest = listing.commits.rbegin()->first;
  if (!listing.checkpoints.empty()) latest = std::max(latest, listing.checkpoints.rbegin()->first);
  int64_t earliest = listing.commits.empty() ? latest : listing.commits.begin()->first;
  if (!listing.checkpoints.empty())
    earliest = std::min(earliest, listing.checkpoints.begin()->first);
  const int64_t target = version.value_or(latest);
  if (target < earliest || target > latest) {
    throw InvalidInput(location + ": Delta table has no version " + std::to_string(target) +
                       " (versions " + std::to_string(earliest) + " to " + std::to_string(latest) +
                       ")");
  }

  ReplayState state;
  int64_t start = 0;
  int64_t checkpoint_version = -1;
  auto checkpoint = listing.checkpoints.upper_bound(target);
  if (checkpoint != listing.checkpoints.begin()) {
    --checkpoint;
    checkpoint_version = checkpoint->first;
    DeltaActions actions;
    delta_internal::ReadDeltaCheckpoint(checkpoint->second, actions);
    state.Apply(std::move(actions));
    start = checkpoint_version + 1;
  }
  for (int64_t commit_version = start; commit_version <= target; ++commit_version) {
    const auto commit = listing.commits.find(commit_version);
    if (commit == listing.commits.end()) {
      throw InvalidInput(location + ": Delta log is missing version " +
                         std::to_string(commit_version) + " (" +
                         DeltaCommitLocation(location, commit_version) +
                         ") and has no checkpoint after it to read from");
    }
    state.Apply(delta_internal::ParseDeltaActions(delta_internal::ReadWholeFile(commit->second),
                                                  commit->second));
  }
  if (!state.protocol || !state.metadata) {
    throw InvalidInput(location + ": Delta log at version " + std::to_string(target) + " has no " +
                       (!state.protocol ? "protocol" : "metaData") + " action");
  }

  DeltaSnapshot snapshot;
  snapshot.location = location;
  snapshot.version = target;
  snapshot.checkpoint_version = checkpoint_version;
  snapshot.protocol = std::move(*state.protocol);
  snapshot.metadata = std::move(*state.metadata);
  CheckDeltaProtocol(snapshot.protocol, snapshot.metadata, false, location);
  snapshot.schema = std::make_shared<Schema>(ParseDeltaSchema(snapshot.metadata.schema_string));
  for (const std::string& column : snapshot.metadata.partition_columns) {
    if (!snapshot.schema->FieldIndex(column)) {
      throw InvalidInput(location + ": Delta partition column \"" + column +
                         "\" is not in the table's schema");
    }
  }
  for (auto& [path, file] : state.files) snapshot.files.push_back(std::move(file));
  for (auto& [path, tombstone] : state.tombstones) {
    snapshot.tombstones.push_back(std::move(tombstone));
  }
  snapshot.transactions = std::move(state.transactions);
  return snapshot;
}

namespace {

// Throws DeltaConflict when `winner` (committed as `version` while this write ran) changed what
// `commit` depends on.
void CheckWinningCommit(const std::string& location, int64_t version, const DeltaActions& winner,
                        const DeltaCommit& commit, const DeltaReadScope& scope) {
  const std::string prefix =
      "Delta table " + location + ": concurrent commit " + std::to_string(version) + " ";
  const std::string advice =
      "; this write was not committed (the table is unchanged by it): "
      "read the table again and retry";
  if (winner.protocol) throw DeltaConflict(prefix + "changed the protocol" + advice);
  if (winner.metadata) {
    throw DeltaConflict(prefix + "changed the metadata (schema, partitioning or configuration)" +
                        advice);
  }
  if (commit.transaction) {
    for (const DeltaTransaction& transaction : winner.transactions) {
      if (transaction.app_id == commit.transaction->app_id) {
        throw DeltaConflict(prefix + "committed for the same application (txn appId " +
                            transaction.app_id + ")" + advice);
      }
    }
  }
  if (scope.kind != DeltaReadScope::Kind::kNothing) {
    for (const DeltaAddFile& add : winner.adds) {
      if (!add.data_change) continue;
      if (scope.kind == DeltaReadScope::Kind::kEverything ||
          DeltaPartitionsMatch(add.partition_values, scope.partition_filter)) {
        throw DeltaConflict(prefix + "added " + add.path + " to data this write replaces" + advice);
      }
    }
  }
  if (!commit.removes.empty()) {
    std::set<std::string> removed;
    for (const DeltaRemoveFile& remove : commit.removes) removed.insert(remove.path);
    for (const DeltaRemoveFile& remove : winner.removes) {
      if (removed.contains(remove.path)) {
        throw DeltaConflict(prefix + "also removed " + remove.path + advice);
      }
    }
  }
}

}  // namespace

int64_t CommitDelta(const std::string& raw_location, int64_t read_version,
                    const DeltaCommit& original, const DeltaCommitOptions& options) {
  const std::string location = TrimLocation(raw_location);
  FileSystem& file_system = FileSystemFor(location);
  file_system.CreateDirectories(location + "/_delta_log");
  DeltaCommit commit = original;
  const bool blind_append =
      commit.removes.empty() && options.read_scope.kind == DeltaReadScope::Kind::kNothing;
  int64_t version = read_version + 1;
  for (int attempt = 1;; ++attempt) {
    const std::string target = DeltaCommitLocation(location, version);
    const std::string bytes = delta_internal::SerializeDeltaCommit(
        commit, version - 1, delta_internal::NowMilliseconds(), blind_append);
    // A version already taken is known lost without writing (and syncing) a temporary file.
    if (!file_system.Exists(target) &&
        file_system.PutIfAbsent(target, bytes) == PutIfAbsentResult::kCreated) {
      return version;
    }
    if (attempt >= options.max_attempts) {
      throw DeltaConflict("Delta table " + location + ": gave up after " + std::to_string(attempt) +
                          " attempts to commit: other writers kept committing first");
    }
    const DeltaActions winner =
        delta_internal::ParseDeltaActions(delta_internal::ReadWholeFile(target), target);
    // Two writers creating the same table: when the winner created it as this commit would
    // have (same schema and partitioning), an append goes on as an append to it.
    if (version == 0 && commit.metadata && winner.metadata && blind_append &&
        winner.metadata->schema_string == commit.metadata->schema_string &&
        winner.metadata->partition_columns == commit.metadata->partition_columns &&
        winner.protocol.has_value()) {
      commit.metadata.reset();
      commit.protocol.reset();
      ++version;
      continue;
    }
    CheckWinningCommit(location, version, winner, commit, options.read_scope);
    ++version;
  }
}

std::vector<DeltaHistoryEntry> ReadDeltaHistory(const std::string& raw_location, int64_t limit) {
  const std::string location = TrimLocation(raw_location);
  const delta_internal::LogListing listing = delta_internal::ListDeltaLog(location);
  if (listing.commits.empty() && listing.checkpoints.empty()) {
    throw InvalidInput(location + ": not a Delta table (no commits in " + location +
                       "/_delta_log/)");
  }
  std::vector<DeltaHistoryEntry> history;
  for (auto commit = listing.commits.rbegin(); commit != listing.commits.rend(); ++commit) {
    if (limit > 0 && static_cast<int64_t>(history.size()) >= limit) break;
    const DeltaActions actions = delta_internal::ParseDeltaActions(
        delta_internal::ReadWholeFile(commit->second), commit->second);
    DeltaHistoryEntry entry;
    entry.version = commit->first;
    entry.timestamp = actions.timestamp;
    entry.operation = actions.operation;
    entry.commit_info = actions.commit_info;
    entry.files_added = static_cast<int64_t>(actions.adds.size());
    entry.files_removed = static_cast<int64_t>(actions.removes.size());
    history.push_back(std::move(entry));
  }
  return history;
}

}  // namespace berserkr

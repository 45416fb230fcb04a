#pragma once

// Pieces of the Delta log shared by its files: parsing and writing actions, log file names,
// checkpoint reading, path escaping.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "berserkr/lake/delta_log.h"

namespace berserkr::delta_internal {

// The actions of one commit file (or of a checkpoint), as read.
struct DeltaActions {
  std::optional<DeltaProtocol> protocol;
  std::optional<DeltaMetadata> metadata;
  std::vector<DeltaTransaction> transactions;
  std::vector<DeltaAddFile> adds;
  std::vector<DeltaRemoveFile> removes;
  std::string commit_info;  // the commitInfo object as JSON text, "" when none
  std::optional<int64_t> timestamp;
  std::string operation;
};

// Parses newline-delimited actions; `file` names the commit in errors ("<file>:<line>: ...").
// Unknown actions are skipped, as the protocol asks.
DeltaActions ParseDeltaActions(std::string_view text, const std::string& file);

// The commit file's text: one JSON action a line.
std::string SerializeDeltaCommit(const DeltaCommit& commit, int64_t read_version,
                                 int64_t timestamp_ms, bool blind_append);

// What a `_delta_log/` file name says.
struct LogFileName {
  enum class Kind { kCommit, kCheckpoint, kOther };
  Kind kind = Kind::kOther;
  int64_t version = -1;
  int parts = 1;  // a multi-part checkpoint's part count
};
LogFileName ParseLogFileName(std::string_view name);

// Every commit and checkpoint in the log.
struct LogListing {
  std::map<int64_t, std::string> commits;  // version -> location
  // version -> the part locations of a complete checkpoint (incomplete ones are left out)
  std::map<int64_t, std::vector<std::string>> checkpoints;
};
LogListing ListDeltaLog(const std::string& location);

// Adds the actions of checkpoint `parts` to `actions` (protocol, metaData, txn, add, remove).
void ReadDeltaCheckpoint(const std::vector<std::string>& parts, DeltaActions& actions);

// RFC 3986 escaping of a relative path for the log (keeps '/' and unreserved characters), and
// its inverse (throws InvalidInput on a malformed escape).
std::string EscapeLogPath(std::string_view path);
std::string UnescapeLogPath(std::string_view path);

std::string NewUuid();
int64_t NowMilliseconds();
std::string ReadWholeFile(const std::string& location);

}  // namespace berserkr::delta_internal

// Vacuum: deleting data files the latest snapshot no longer needs, once they are old enough.

#include <filesystem>
#include <set>

#include "berserkr/io/file_system.h"
#include "berserkr/lake/delta_log.h"
#include "lake/delta_internal.h"

namespace berserkr {
namespace {

// Whether the path (relative to the table) is hidden: `_delta_log/`, `_tmp`, `.part.crc` ...
// Delta readers and vacuum leave such names alone.
bool IsHidden(const std::string& relative) {
  size_t start = 0;
  while (start < relative.size()) {
    const size_t end = relative.find('/', start);
    const std::string_view part = std::string_view(relative).substr(
        start, end == std::string::npos ? std::string::npos : end - start);
    // Partition directories ("col=value") may start with '_' only when it is a column name
    // (Spark's rule: a name with '=' is not hidden).
    if (!part.empty() && (part[0] == '.' || (part[0] == '_' && part.find('=') == part.npos))) {
      return true;
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return false;
}

}  // namespace

VacuumResult VacuumDelta(const std::string& location, double retention_hours, bool dry_run,
                         bool allow_short_retention) {
  if (retention_hours < 168 && !allow_short_retention) {
    throw InvalidInput("vacuum " + location + ": a retention of " +
                       std::to_string(retention_hours) +
                       " hours is under the 168 hours (7 days) that concurrent readers and "
                       "writers rely on; pass --allow-short-retention if no one else uses the "
                       "table");
  }
  if (retention_hours < 0) throw InvalidInput("vacuum: the retention must not be negative");
  const DeltaSnapshot snapshot = ReadDeltaSnapshot(location);
  const int64_t cutoff_ms =
      delta_internal::NowMilliseconds() - static_cast<int64_t>(retention_hours * 3600'000.0);

  std::set<std::string> live;
  for (const DeltaAddFile& file : snapshot.files) live.insert(snapshot.FileLocation(file.path));
  // Tombstones younger than the retention keep their file for time travel; older ones go.
  std::set<std::string> keep = live;
  std::set<std::string> expired;
  for (const DeltaRemoveFile& tombstone : snapshot.tombstones) {
    const std::string file = snapshot.FileLocation(tombstone.path);
    if (tombstone.deletion_timestamp.value_or(0) > cutoff_ms) {
      keep.insert(file);
    } else {
      expired.insert(file);
    }
  }

  FileSystem& file_system = FileSystemFor(snapshot.location);
  const bool local = !IsS3Location(snapshot.location);
  VacuumResult result;
  for (const FileInfo& info : file_system.List(snapshot.location + "/")) {
    if (keep.contains(info.location)) continue;
    const std::string relative = info.location.substr(snapshot.location.size() + 1);
    if (IsHidden(relative)) continue;
    bool remove = expired.contains(info.location);
    if (!remove && local) {
      // A file the log never mentioned: a failed or running write's. Old enough means failed.
      std::error_code error;
      const auto written = std::filesystem::last_write_time(info.location, error);
      if (!error) {
        const auto age = std::filesystem::file_time_type::clock::now() - written;
        remove = std::chrono::duration<double, std::ratio<3600>>(age).count() >= retention_hours;
      }
    }
    if (!remove) continue;
    if (!dry_run) file_system.Delete(info.location);
    result.deleted.push_back(info.location);
    result.bytes += info.size;
  }
  return result;
}

}  // namespace berserkr

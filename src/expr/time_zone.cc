// Loading IANA zones from TZif files (RFC 8536) and converting between UTC and wall-clock time.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "berserkr/common/error.h"
#include "berserkr/types/temporal.h"
#include "expr/edit_distance_internal.h"
#include "expr/time_zone_internal.h"

namespace berserkr::expr {

namespace {

using View = std::string_view;

constexpr int64_t kSecondsPerDay = 86'400;
constexpr size_t kHeaderSize = 44;

int64_t FloorDivide(int64_t value, int64_t divisor) {
  return value / divisor - (value % divisor < 0 ? 1 : 0);
}

std::string ZoneDirectory() {
  const char* configured = std::getenv("TZDIR");
  return configured != nullptr && *configured != '\0' ? configured : "/usr/share/zoneinfo";
}

// Names that can only be plain files below the zone directory: no "..", no absolute path, and
// not the leap-second ("right/") variants, whose tables count seconds differently.
bool IsSafeZoneName(View name) {
  if (name.empty() || name.front() == '/' || name.starts_with("right/")) return false;
  for (const char character : name) {
    const bool allowed = std::isalnum(static_cast<unsigned char>(character)) || character == '/' ||
                         character == '_' || character == '-' || character == '+';
    if (!allowed) return false;
  }
  return name.find("//") == View::npos;
}

// The file's bytes when it is a TZif file, else nullopt.
std::optional<std::string> ReadTzif(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
  std::ifstream file(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  std::string content = std::move(bytes).str();
  if (!file || !content.starts_with("TZif")) return std::nullopt;
  return content;
}

// Big-endian readers over the file bytes; the caller checks the size first.
uint32_t ReadUint32(View bytes, size_t offset) {
  uint32_t value = 0;
  for (size_t index = 0; index < 4; ++index) {
    value = value << 8 | static_cast<unsigned char>(bytes[offset + index]);
  }
  return value;
}
int64_t ReadInt64(View bytes, size_t offset) {
  uint64_t value = 0;
  for (size_t index = 0; index < 8; ++index) {
    value = value << 8 | static_cast<unsigned char>(bytes[offset + index]);
  }
  return static_cast<int64_t>(value);
}

struct TzifCounts {
  uint32_t is_ut, is_standard, leap, time, type, characters;

  // Bytes of the data block after the header, with `time_size`-byte times (4 in v1, 8 in v2+).
  size_t DataSize(size_t time_size) const {
    return size_t{time} * time_size + time + size_t{type} * 6 + characters +
           size_t{leap} * (time_size + 4) + is_standard + is_ut;
  }
};

std::optional<TzifCounts> ReadHeader(View bytes, size_t offset) {
  if (bytes.size() < offset + kHeaderSize || bytes.substr(offset, 4) != "TZif") return std::nullopt;
  const auto count = [&](int index) { return ReadUint32(bytes, offset + 20 + 4 * index); };
  return TzifCounts{count(0), count(1), count(2), count(3), count(4), count(5)};
}

// The suggestion text for an unknown zone: the nearest names (up to 3 equally near) by the whole
// name or by the city.
std::string NearestZones(View name) {
  std::vector<std::pair<size_t, const std::string*>> ranked;
  for (const std::string& candidate : TimeZoneNames()) {
    const View city = View(candidate).substr(candidate.rfind('/') + 1);
    ranked.emplace_back(std::min(EditDistance(name, candidate), EditDistance(name, city)),
                        &candidate);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& left, const auto& right) { return left.first < right.first; });
  const size_t near = std::max<size_t>(2, name.size() / 3);
  std::string suggestion;
  // Only the nearest: 'Europe/Pariss' suggests 'Europe/Paris', not also 'Europe/Madrid'.
  for (size_t index = 0; index < ranked.size() && index < 3 && ranked[index].first <= near &&
                         ranked[index].first == ranked[0].first;
       ++index) {
    suggestion += (suggestion.empty() ? "; did you mean '" : "', '") + *ranked[index].second;
  }
  if (!suggestion.empty()) return suggestion + "'?";
  return "; use an IANA name such as 'America/New_York', 'Europe/Berlin' or 'UTC' (the names are "
         "the files under " +
         ZoneDirectory() + ")";
}

}  // namespace

std::shared_ptr<const TimeZone> TimeZone::FromTzif(std::string name, View bytes) {
  auto counts = ReadHeader(bytes, 0);
  if (!counts) return nullptr;
  const char version = bytes[4];
  size_t offset = kHeaderSize;
  size_t time_size = 4;
  if (version >= '2') {
    // Skip the 32-bit block: the 64-bit one after it covers every instant.
    offset += counts->DataSize(4);
    counts = ReadHeader(bytes, offset);
    if (!counts) return nullptr;
    offset += kHeaderSize;
    time_size = 8;
  }
  if (counts->type == 0 || bytes.size() < offset + counts->DataSize(time_size)) return nullptr;

  auto zone = std::make_shared<TimeZone>();
  zone->name_ = std::move(name);
  const size_t times_at = offset;
  const size_t indices_at = times_at + size_t{counts->time} * time_size;
  const size_t types_at = indices_at + counts->time;
  const auto type_offset = [&](size_t type) {
    return static_cast<int32_t>(ReadUint32(bytes, types_at + type * 6));
  };
  zone->offset_before_first_ = type_offset(0);
  for (uint32_t index = 0; index < counts->time; ++index) {
    const int64_t at = time_size == 8
                           ? ReadInt64(bytes, times_at + size_t{index} * 8)
                           : static_cast<int32_t>(ReadUint32(bytes, times_at + index * 4));
    const auto type = static_cast<unsigned char>(bytes[indices_at + index]);
    if (type >= counts->type) return nullptr;
    zone->transitions_.push_back(Transition{at, type_offset(type)});
  }
  if (!std::is_sorted(
          zone->transitions_.begin(), zone->transitions_.end(),
          [](const Transition& left, const Transition& right) { return left.at < right.at; })) {
    return nullptr;
  }
  if (version >= '2') {
    // The footer: "\n<POSIX TZ string>\n"; an empty string means no rule.
    const size_t footer_at = offset + counts->DataSize(8);
    if (footer_at < bytes.size() && bytes[footer_at] == '\n') {
      const size_t end = bytes.find('\n', footer_at + 1);
      if (end != View::npos && end > footer_at + 1) {
        zone->footer_ = PosixTimeZoneRule::Parse(bytes.substr(footer_at + 1, end - footer_at - 1));
      }
    }
  }
  return zone;
}

std::shared_ptr<const TimeZone> TimeZone::Load(View name, const std::string& where) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>> cache;
  std::lock_guard lock(mutex);
  if (const auto found = cache.find(name); found != cache.end()) return found->second;

  std::string canonical;
  std::optional<std::string> bytes;
  if (IsSafeZoneName(name)) bytes = ReadTzif(std::filesystem::path(ZoneDirectory()) / name);
  if (bytes) {
    canonical = name;
  } else {
    // Zone names are matched without case, as in DuckDB: 'america/new_york'.
    for (const std::string& candidate : TimeZoneNames()) {
      if (candidate.size() == name.size() && EditDistance(candidate, name) == 0) {
        canonical = candidate;
        bytes = ReadTzif(std::filesystem::path(ZoneDirectory()) / candidate);
        break;
      }
    }
  }
  if (!bytes) {
    throw InvalidInput("unknown time zone '" + std::string(name) + "' in " + where +
                       NearestZones(name));
  }
  std::shared_ptr<const TimeZone> zone = FromTzif(canonical, *bytes);
  if (!zone) {
    throw InvalidInput("time zone file " + ZoneDirectory() + "/" + canonical +
                       " is not a valid TZif file (in " + where + "); reinstall tzdata");
  }
  cache.emplace(std::string(name), zone);
  return zone;
}

const std::vector<std::string>& TimeZoneNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> found;
    const std::filesystem::path root = ZoneDirectory();
    std::error_code error;
    for (auto entry = std::filesystem::recursive_directory_iterator(root, error);
         !error && entry != std::filesystem::recursive_directory_iterator();
         entry.increment(error)) {
      const std::string relative = entry->path().lexically_relative(root).string();
      // posix/ and right/ repeat every zone; localtime and posixrules are aliases of one.
      if (entry->is_directory() && (relative == "posix" || relative == "right")) {
        entry.disable_recursion_pending();
        continue;
      }
      if (relative == "localtime" || relative == "posixrules" || !IsSafeZoneName(relative)) {
        continue;
      }
      if (ReadTzif(entry->path())) found.push_back(relative);
    }
    std::sort(found.begin(), found.end());
    return found;
  }();
  return names;
}

int32_t TimeZone::OffsetAt(int64_t utc_seconds) const {
  if (transitions_.empty()) return footer_ ? footer_->OffsetAt(utc_seconds) : offset_before_first_;
  if (utc_seconds < transitions_.front().at) return offset_before_first_;
  if (utc_seconds >= transitions_.back().at && footer_) return footer_->OffsetAt(utc_seconds);
  const auto after = std::upper_bound(
      transitions_.begin(), transitions_.end(), utc_seconds,
      [](int64_t seconds, const Transition& transition) { return seconds < transition.at; });
  return std::prev(after)->offset;
}

bool TimeZone::UtcToLocal(int64_t utc_micros, int64_t& local_micros) const {
  const int64_t offset = OffsetAt(FloorDivide(utc_micros, kMicrosPerSecond));
  return !__builtin_add_overflow(utc_micros, offset * kMicrosPerSecond, &local_micros);
}

bool TimeZone::LocalToUtc(int64_t local_micros, int64_t& utc_micros) const {
  // No zone changes its offset twice within two days, so the offsets a day before and a day
  // after are the only candidates.
  const int64_t local_seconds = FloorDivide(local_micros, kMicrosPerSecond);
  const int64_t offset_before = OffsetAt(local_seconds - kSecondsPerDay);
  const int64_t offset_after = OffsetAt(local_seconds + kSecondsPerDay);
  // The later offset when it is consistent (a repeated time: the later instant), else the
  // earlier one (an ordinary time before a change, or a skipped time read with the old offset).
  const int64_t offset =
      OffsetAt(local_seconds - offset_after) == offset_after ? offset_after : offset_before;
  return !__builtin_sub_overflow(local_micros, offset * kMicrosPerSecond, &utc_micros);
}

}  // namespace berserkr::expr

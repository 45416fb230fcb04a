// Delta log actions as JSON lines (PROTOCOL.md "Actions"), log file names and path escaping.

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

#include "berserkr/common/error.h"
#include "berserkr/formats/json_writer.h"
#include "berserkr/io/file_system.h"
#include "berserkr/io/input_stream.h"
#include "lake/delta_internal.h"

namespace berserkr::delta_internal {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

class ActionParser {
 public:
  ActionParser(const std::string& file, int64_t line) : file_(file), line_(line) {}

  [[noreturn]] void Fail(const std::string& what) const {
    throw InvalidInput(file_ + ":" + std::to_string(line_) + ": " + what);
  }

  std::string RequiredString(object action, const char* key, const char* kind) const {
    std::string_view value;
    if (action[key].get(value) != simdjson::SUCCESS) {
      Fail(std::string(kind) + " action without a string \"" + key + "\"");
    }
    return std::string(value);
  }
  std::optional<std::string> OptionalString(object action, const char* key) const {
    std::string_view value;
    if (action[key].get(value) != simdjson::SUCCESS) return std::nullopt;
    return std::string(value);
  }
  std::optional<int64_t> OptionalInteger(object action, const char* key) const {
    int64_t value = 0;
    if (action[key].get(value) != simdjson::SUCCESS) return std::nullopt;
    return value;
  }
  int64_t RequiredInteger(object action, const char* key, const char* kind) const {
    const std::optional<int64_t> value = OptionalInteger(action, key);
    if (!value) Fail(std::string(kind) + " action without an integer \"" + key + "\"");
    return *value;
  }
  bool OptionalBool(object action, const char* key, bool otherwise) const {
    bool value = otherwise;
    if (action[key].get(value) != simdjson::SUCCESS) return otherwise;
    return value;
  }
  DeltaPartitionValues PartitionValues(object action) const {
    DeltaPartitionValues values;
    object map;
    if (action["partitionValues"].get(map) != simdjson::SUCCESS) return values;
    for (auto [key, value] : map) {
      std::string_view text;
      if (value.is_null()) {
        values[std::string(key)] = std::nullopt;
      } else if (value.get(text) == simdjson::SUCCESS) {
        values[std::string(key)] = std::string(text);
      } else {
        Fail("partition value of \"" + std::string(key) + "\" is not a string");
      }
    }
    return values;
  }
  std::map<std::string, std::string> StringMap(object action, const char* key) const {
    std::map<std::string, std::string> result;
    object map;
    if (action[key].get(map) != simdjson::SUCCESS) return result;
    for (auto [name, value] : map) {
      std::string_view text;
      if (value.get(text) == simdjson::SUCCESS) result[std::string(name)] = std::string(text);
    }
    return result;
  }
  std::vector<std::string> StringList(object action, const char* key) const {
    std::vector<std::string> result;
    simdjson::dom::array array;
    if (action[key].get(array) != simdjson::SUCCESS) return result;
    for (element value : array) {
      std::string_view text;
      if (value.get(text) != simdjson::SUCCESS)
        Fail(std::string("\"") + key + "\" holds a non-string");
      result.emplace_back(text);
    }
    return result;
  }

 private:
  const std::string& file_;
  int64_t line_;
};

void AppendKey(std::string& out, const char* key) {
  out += '"';
  out += key;
  out += "\":";
}

void AppendPartitionValues(std::string& out, const DeltaPartitionValues& values) {
  out += '{';
  bool first = true;
  for (const auto& [column, value] : values) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, column);
    out += ':';
    if (value) {
      AppendJsonString(out, *value);
    } else {
      out += "null";
    }
  }
  out += '}';
}

void AppendStringMap(std::string& out, const std::map<std::string, std::string>& values) {
  out += '{';
  bool first = true;
  for (const auto& [key, value] : values) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, key);
    out += ':';
    AppendJsonString(out, value);
  }
  out += '}';
}

void AppendStringList(std::string& out, const std::vector<std::string>& values) {
  out += '[';
  for (size_t index = 0; index < values.size(); ++index) {
    if (index > 0) out += ',';
    AppendJsonString(out, values[index]);
  }
  out += ']';
}

// Characters a URI path keeps as they are (RFC 3986 pchar and '/'), as java.net.URI writes the
// paths Spark puts in the log ("day=2024-01-01/part-0.parquet"). ':' is escaped: in a relative
// path's first segment it would read as a scheme.
bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         (c != 0 && std::strchr("-_.~/!$&'()*+,;=@", c) != nullptr);
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

DeltaActions ParseDeltaActions(std::string_view text, const std::string& file) {
  DeltaActions actions;
  simdjson::dom::parser parser;
  int64_t line_number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty()) continue;
    const ActionParser parse(file, line_number);
    element root;
    if (parser.parse(line.data(), line.size()).get(root) != simdjson::SUCCESS) {
      parse.Fail("not valid JSON");
    }
    object action;
    if (root["add"].get(action) == simdjson::SUCCESS) {
      DeltaAddFile add;
      add.path = UnescapeLogPath(parse.RequiredString(action, "path", "add"));
      add.partition_values = parse.PartitionValues(action);
      add.size = parse.RequiredInteger(action, "size", "add");
      add.modification_time = parse.OptionalInteger(action, "modificationTime").value_or(0);
      add.data_change = parse.OptionalBool(action, "dataChange", true);
      add.stats = parse.OptionalString(action, "stats").value_or("");
      add.tags = parse.StringMap(action, "tags");
      element deletion_vector;
      if (action["deletionVector"].get(deletion_vector) == simdjson::SUCCESS &&
          !deletion_vector.is_null()) {
        throw NotImplemented(file + ": not supported: deletionVectors (file " + add.path +
                             " has a deletion vector)");
      }
      actions.adds.push_back(std::move(add));
    } else if (root["remove"].get(action) == simdjson::SUCCESS) {
      DeltaRemoveFile remove;
      remove.path = UnescapeLogPath(parse.RequiredString(action, "path", "remove"));
      remove.deletion_timestamp = parse.OptionalInteger(action, "deletionTimestamp");
      remove.data_change = parse.OptionalBool(action, "dataChange", true);
      remove.extended_file_metadata = parse.OptionalBool(action, "extendedFileMetadata", false);
      remove.partition_values = parse.PartitionValues(action);
      remove.size = parse.OptionalInteger(action, "size");
      actions.removes.push_back(std::move(remove));
    } else if (root["metaData"].get(action) == simdjson::SUCCESS) {
      DeltaMetadata metadata;
      metadata.id = parse.RequiredString(action, "id", "metaData");
      metadata.name = parse.OptionalString(action, "name");
      metadata.description = parse.OptionalString(action, "description");
      metadata.schema_string = parse.RequiredString(action, "schemaString", "metaData");
      metadata.partition_columns = parse.StringList(action, "partitionColumns");
      metadata.configuration = parse.StringMap(action, "configuration");
      metadata.created_time = parse.OptionalInteger(action, "createdTime");
      object format;
      std::string_view provider;
      if (action["format"].get(format) == simdjson::SUCCESS &&
          format["provider"].get(provider) == simdjson::SUCCESS && provider != "parquet") {
        throw NotImplemented(file + ": not supported: data files in format \"" +
                             std::string(provider) + "\" (only parquet)");
      }
      actions.metadata = std::move(metadata);
    } else if (root["protocol"].get(action) == simdjson::SUCCESS) {
      DeltaProtocol protocol;
      protocol.min_reader_version =
          static_cast<int>(parse.RequiredInteger(action, "minReaderVersion", "protocol"));
      protocol.min_writer_version =
          static_cast<int>(parse.RequiredInteger(action, "minWriterVersion", "protocol"));
      protocol.reader_features = parse.StringList(action, "readerFeatures");
      protocol.writer_features = parse.StringList(action, "writerFeatures");
      actions.protocol = std::move(protocol);
    } else if (root["txn"].get(action) == simdjson::SUCCESS) {
      DeltaTransaction transaction;
      transaction.app_id = parse.RequiredString(action, "appId", "txn");
      transaction.version = parse.RequiredInteger(action, "version", "txn");
      transaction.last_updated = parse.OptionalInteger(action, "lastUpdated");
      actions.transactions.push_back(std::move(transaction));
    } else if (root["commitInfo"].get(action) == simdjson::SUCCESS) {
      actions.commit_info = simdjson::minify(action);
      actions.timestamp = parse.OptionalInteger(action, "timestamp");
      actions.operation = parse.OptionalString(action, "operation").value_or("");
    }
    // cdc, domainMetadata, checkpointMetadata, sidecar and unknown actions: their table features
    // are refused by the protocol check; anything else is skipped as the protocol asks.
  }
  return actions;
}

std::string SerializeDeltaCommit(const DeltaCommit& commit, int64_t read_version,
                                 int64_t timestamp_ms, bool blind_append) {
  std::string out;
  // commitInfo first, as Spark writes it (readers accept any order).
  out += "{\"commitInfo\":{";
  AppendKey(out, "timestamp");
  out += std::to_string(timestamp_ms);
  out += ',';
  AppendKey(out, "operation");
  AppendJsonString(out, commit.operation);
  out += ',';
  AppendKey(out, "operationParameters");
  AppendStringMap(out, commit.operation_parameters);
  if (read_version >= 0) {
    out += ",\"readVersion\":" + std::to_string(read_version);
  }
  out += ",\"isolationLevel\":\"Serializable\",\"isBlindAppend\":";
  out += blind_append ? "true" : "false";
  out += ",\"engineInfo\":\"berserkr/" BERSERKR_VERSION "\",\"txnId\":";
  AppendJsonString(out, NewUuid());
  out += "}}\n";
  if (commit.protocol) {
    const DeltaProtocol& protocol = *commit.protocol;
    out += "{\"protocol\":{\"minReaderVersion\":" + std::to_string(protocol.min_reader_version) +
           ",\"minWriterVersion\":" + std::to_string(protocol.min_writer_version);
    if (protocol.min_reader_version >= 3) {
      out += ",\"readerFeatures\":";
      AppendStringList(out, protocol.reader_features);
    }
    if (protocol.min_writer_version >= 7) {
      out += ",\"writerFeatures\":";
      AppendStringList(out, protocol.writer_features);
    }
    out += "}}\n";
  }
  if (commit.metadata) {
    const DeltaMetadata& metadata = *commit.metadata;
    out += "{\"metaData\":{\"id\":";
    AppendJsonString(out, metadata.id);
    if (metadata.name) {
      out += ",\"name\":";
      AppendJsonString(out, *metadata.name);
    }
    if (metadata.description) {
      out += ",\"description\":";
      AppendJsonString(out, *metadata.description);
    }
    out += ",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":";
    AppendJsonString(out, metadata.schema_string);
    out += ",\"partitionColumns\":";
    AppendStringList(out, metadata.partition_columns);
    out += ",\"configuration\":";
    AppendStringMap(out, metadata.configuration);
    if (metadata.created_time) out += ",\"createdTime\":" + std::to_string(*metadata.created_time);
    out += "}}\n";
  }
  if (commit.transaction) {
    out += "{\"txn\":{\"appId\":";
    AppendJsonString(out, commit.transaction->app_id);
    out += ",\"version\":" + std::to_string(commit.transaction->version);
    out += ",\"lastUpdated\":" +
           std::to_string(commit.transaction->last_updated.value_or(timestamp_ms));
    out += "}}\n";
  }
  for (const DeltaRemoveFile& remove : commit.removes) {
    out += "{\"remove\":{\"path\":";
    AppendJsonString(out, EscapeLogPath(remove.path));
    out += ",\"deletionTimestamp\":" +
           std::to_string(remove.deletion_timestamp.value_or(timestamp_ms));
    out += remove.data_change ? ",\"dataChange\":true" : ",\"dataChange\":false";
    out += remove.extended_file_metadata ? ",\"extendedFileMetadata\":true"
                                         : ",\"extendedFileMetadata\":false";
    out += ",\"partitionValues\":";
    AppendPartitionValues(out, remove.partition_values);
    if (remove.size) out += ",\"size\":" + std::to_string(*remove.size);
    out += "}}\n";
  }
  for (const DeltaAddFile& add : commit.adds) {
    out += "{\"add\":{\"path\":";
    AppendJsonString(out, EscapeLogPath(add.path));
    out += ",\"partitionValues\":";
    AppendPartitionValues(out, add.partition_values);
    out += ",\"size\":" + std::to_string(add.size);
    out += ",\"modificationTime\":" + std::to_string(add.modification_time);
    out += add.data_change ? ",\"dataChange\":true" : ",\"dataChange\":false";
    if (!add.stats.empty()) {
      out += ",\"stats\":";
      AppendJsonString(out, add.stats);
    }
    if (!add.tags.empty()) {
      out += ",\"tags\":";
      AppendStringMap(out, add.tags);
    }
    out += "}}\n";
  }
  return out;
}

LogFileName ParseLogFileName(std::string_view name) {
  LogFileName result;
  if (name.size() < 20 || !AllDigits(name.substr(0, 20))) return result;
  const std::string_view rest = name.substr(20);
  const int64_t version = std::stoll(std::string(name.substr(0, 20)));
  if (rest == ".json") {
    result.kind = LogFileName::Kind::kCommit;
  } else if (rest == ".checkpoint.parquet") {
    result.kind = LogFileName::Kind::kCheckpoint;
  } else if (rest.size() == 41 && rest.starts_with(".checkpoint.") && rest.ends_with(".parquet") &&
             AllDigits(rest.substr(12, 10)) && rest[22] == '.' && AllDigits(rest.substr(23, 10))) {
    // .checkpoint.<part>.<parts>.parquet
    result.kind = LogFileName::Kind::kCheckpoint;
    result.parts = std::stoi(std::string(rest.substr(23, 10)));
  } else {
    return result;
  }
  result.version = version;
  return result;
}

LogListing ListDeltaLog(const std::string& location) {
  LogListing listing;
  std::map<int64_t, std::map<int, std::vector<std::string>>> checkpoint_parts;
  for (const FileInfo& info : FileSystemFor(location).List(location + "/_delta_log/")) {
    const size_t slash = info.location.find_last_of('/');
    const std::string_view name = std::string_view(info.location).substr(slash + 1);
    // Only the log's own level: ignore anything in subdirectories (_delta_log/_sidecars/ ...).
    if (std::string_view(info.location).substr(0, slash) != location + "/_delta_log") continue;
    const LogFileName parsed = ParseLogFileName(name);
    if (parsed.kind == LogFileName::Kind::kCommit) {
      listing.commits[parsed.version] = info.location;
    } else if (parsed.kind == LogFileName::Kind::kCheckpoint) {
      checkpoint_parts[parsed.version][parsed.parts].push_back(info.location);
    }
  }
  for (auto& [version, by_count] : checkpoint_parts) {
    for (auto& [count, parts] : by_count) {
      if (static_cast<int>(parts.size()) == count) {
        std::sort(parts.begin(), parts.end());
        listing.checkpoints[version] = parts;
        break;
      }
    }
  }
  return listing;
}

std::string EscapeLogPath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (IsUnreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string UnescapeLogPath(std::string_view path) {
  std::string out;
  for (size_t index = 0; index < path.size(); ++index) {
    if (path[index] != '%') {
      out += path[index];
      continue;
    }
    unsigned value = 0;
    if (index + 2 >= path.size()) {
      throw InvalidInput("Delta log: malformed escape in path \"" + std::string(path) + "\"");
    }
    if (std::sscanf(std::string(path.substr(index + 1, 2)).c_str(), "%2x", &value) != 1) {
      throw InvalidInput("Delta log: malformed escape in path \"" + std::string(path) + "\"");
    }
    out += static_cast<char>(value);
    index += 2;
  }
  return out;
}

std::string NewUuid() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  uint64_t high = random();
  uint64_t low = random();
  high = (high & ~0xF000ULL) | 0x4000ULL;            // version 4
  low = (low & ~(0xC0ULL << 56)) | (0x80ULL << 56);  // variant 10
  char text[37];
  std::snprintf(text, sizeof(text), "%08x-%04x-%04x-%04x-%012llx",
                static_cast<unsigned>(high >> 32), static_cast<unsigned>((high >> 16) & 0xFFFF),
                static_cast<unsigned>(high & 0xFFFF), static_cast<unsigned>(low >> 48),
                static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
  return text;
}

int64_t NowMilliseconds() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string ReadWholeFile(const std::string& location) {
  std::unique_ptr<InputStream> stream = FileSystemFor(location).OpenInputStream(location);
  const std::vector<uint8_t> bytes = ReadAll(*stream);
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace berserkr::delta_internal

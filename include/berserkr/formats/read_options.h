#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "berserkr/common/progress.h"
#include "berserkr/types/data_type.h"

namespace berserkr {

// What a reader does with a record it cannot accept (wrong field count, unparsable value, invalid
// UTF-8, unterminated quote, malformed JSON, ...).
enum class OnError {
  kFail,        // stop with one error naming file, line, column and reason
  kSkip,        // leave the record out and count it
  kQuarantine,  // leave it out, count it, and write it with its reason to the quarantine file
};

// Parses "fail", "skip" or "quarantine"; throws InvalidInput otherwise.
OnError ParseOnError(const std::string& text);

// One record a reader did not accept.
struct RejectedRecord {
  std::string file;
  int64_t line = 0;    // 1-based line where the record starts
  std::string column;  // the offending column, empty when the record as a whole is wrong
  std::string reason;
  std::string raw;  // the record's bytes as they were in the (decompressed) file
};

// Thread-safe sink writing rejected records as CSV (file,line,column,reason,record) to a file that
// berserkr, spreadsheets and other engines open. The file is created on the first record.
class Quarantine {
 public:
  explicit Quarantine(std::string path);
  ~Quarantine();
  void Add(const RejectedRecord& record);
  // Flushes and closes; throws IoError when the file cannot be written.
  void Close();
  const std::string& path() const { return path_; }
  int64_t count() const;

 private:
  struct State;
  std::string path_;
  std::unique_ptr<State> state_;
};

// Every run accounts for each record it saw: read = accepted + rejected.
struct ReadStats {
  int64_t files = 0;
  int64_t bytes = 0;  // bytes after decompression
  int64_t rows_read = 0;
  int64_t rows_accepted = 0;
  int64_t rows_rejected = 0;
  // Up to a few rejected records, for the summary printed to users.
  std::vector<RejectedRecord> first_rejections;

  void Merge(const ReadStats& other);
};

// Options common to every reader of files.
struct ReadOptions {
  OnError on_error = OnError::kFail;
  // With kQuarantine: where rejected records go (required).
  std::string quarantine_path;
  // Per-column type overrides by column name (for JSON, dotted paths such as "properties.price").
  std::map<std::string, DataType> column_types;
  // When non-empty: add a string column of this name holding each row's source file path.
  std::string filename_column;
  // Rows used to infer types when no type is given.
  int64_t sample_rows = 20'000;
  // When set, the reader advances these counters as it goes (for a ProgressPrinter).
  Progress* progress = nullptr;
};

}  // namespace berserkr

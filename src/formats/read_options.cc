#include "berserkr/formats/read_options.h"

#include <optional>

#include "berserkr/common/error.h"
#include "berserkr/io/input_stream.h"

namespace berserkr {

OnError ParseOnError(const std::string& text) {
  if (text == "fail") return OnError::kFail;
  if (text == "skip") return OnError::kSkip;
  if (text == "quarantine") return OnError::kQuarantine;
  throw InvalidInput("invalid --on-error value '" + text + "': use fail, skip or quarantine");
}

namespace {

// RFC 4180 quoting: always quote, double the quotes inside.
void AppendCsvField(std::string& line, const std::string& value) {
  line += '"';
  for (char c : value) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

}  // namespace

struct Quarantine::State {
  std::mutex mutex;
  std::optional<OutputFile> file;  // GUARDED_BY(mutex); opened on the first record
  int64_t count = 0;               // GUARDED_BY(mutex)
  bool closed = false;             // GUARDED_BY(mutex)
};

Quarantine::Quarantine(std::string path)
    : path_(std::move(path)), state_(std::make_unique<State>()) {
  if (path_.empty())
    throw InvalidInput("--on-error=quarantine needs a quarantine file (--quarantine PATH)");
}

Quarantine::~Quarantine() {
  try {
    Close();
  } catch (const Error&) {
    // Destructors must not throw; callers that care call Close() themselves.
  }
}

void Quarantine::Add(const RejectedRecord& record) {
  std::string line;
  AppendCsvField(line, record.file);
  line += ',' + std::to_string(record.line) + ',';
  AppendCsvField(line, record.column);
  line += ',';
  AppendCsvField(line, record.reason);
  line += ',';
  AppendCsvField(line, record.raw);
  line += '\n';
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (state_->closed) throw Internal("Quarantine::Add after Close");
  if (!state_->file) {
    state_->file.emplace(path_);
    state_->file->Write(std::string("file,line,column,reason,record\n"));
  }
  state_->file->Write(line);
  ++state_->count;
}

void Quarantine::Close() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (state_->closed) return;
  state_->closed = true;
  if (state_->file) state_->file->Close();
}

int64_t Quarantine::count() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->count;
}

void ReadStats::Merge(const ReadStats& other) {
  files += other.files;
  bytes += other.bytes;
  rows_read += other.rows_read;
  rows_accepted += other.rows_accepted;
  rows_rejected += other.rows_rejected;
  constexpr size_t kKeptRejections = 10;
  for (const RejectedRecord& record : other.first_rejections) {
    if (first_rejections.size() >= kKeptRejections) break;
    first_rejections.push_back(record);
  }
}

}  // namespace berserkr

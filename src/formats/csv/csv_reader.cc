// The CSV reader: sniff a plan (dialect, names, types) from the first file, then read every file in
// segments, each split into chunks that are tokenized and converted in parallel.

#include "berserkr/formats/csv_reader.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>
#include <mutex>
#include <numeric>

#include "berserkr/common/error.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/io/compression.h"
#include "berserkr/io/file_listing.h"
#include "formats/csv/csv_converter.h"
#include "formats/csv/csv_inference.h"
#include "formats/csv/csv_tokenizer.h"

namespace berserkr {
namespace {

using csv::ConvertOptions;
using csv::FieldSpan;
using csv::TokenizedChunk;
using csv::TokenizerDialect;

constexpr int64_t kChunkBytes = 4 << 20;
constexpr int64_t kSampleBytes = 8 << 20;
constexpr int kMaxWideningRounds = 64;

// What every file is read with: decided once, from the options and the first file.
struct CsvPlan {
  TokenizerDialect dialect;
  bool header = true;
  std::vector<std::string> names;
  std::vector<DataType> types;
  std::vector<bool> inferred;  // types guessed from a sample may widen; the user's never do
  ConvertOptions convert;
  std::vector<int> read_columns;  // the file columns converted, in output order
  SchemaPtr schema;  // the read columns' names and types, plus the file-name column when asked for
};

// Types that a read found too narrow; the read starts again with them.
struct Widening {
  std::mutex mutex;
  std::map<int, DataType> types;  // GUARDED_BY(mutex)
  std::atomic<bool> requested{false};

  void Request(int column, const DataType& type) {
    std::lock_guard<std::mutex> lock(mutex);
    auto [it, inserted] = types.emplace(column, type);
    if (!inserted) it->second = csv::JoinTypes(it->second, type);
    requested.store(true);
  }
};

// Thrown inside a file's read when another file asked for widening: the attempt is void anyway.
struct AttemptAbandoned {};

std::string LineLocation(const std::string& path, int64_t line) {
  return path + ":" + std::to_string(line);
}

// Reads the decompressed bytes of one file through a growable buffer.
class BufferedSource {
 public:
  explicit BufferedSource(const std::string& path) : stream_(OpenFileDecompressed(path)) {}

  // Reads until at least `target` bytes are buffered or the stream ends. The buffer grows with the
  // data actually read, so a small file never costs a large allocation.
  // With `keep_going_on_corruption`, corrupt or truncated compressed data ends the stream instead
  // of throwing, and corruption() says why: the rows before it can still be read.
  void FillTo(int64_t target) {
    while (filled_ < target && !eof_) {
      if (filled_ == capacity_) Grow(std::min(target, std::max<int64_t>(2 * capacity_, 64 << 10)));
      int64_t count = 0;
      try {
        count = stream_->Read(reinterpret_cast<uint8_t*>(buffer_.get()) + filled_,
                              std::min(target, capacity_) - filled_);
      } catch (const InvalidInput& error) {
        if (!keep_going_on_corruption_) throw;
        corruption_ = error.what();
      }
      if (count == 0) eof_ = true;
      filled_ += count;
      total_read_ += count;
    }
  }
  // Drops the first `count` bytes.
  void Consume(int64_t count) {
    if (count == 0) return;
    std::memmove(buffer_.get(), buffer_.get() + count, static_cast<size_t>(filled_ - count));
    filled_ -= count;
  }
  const char* data() const { return buffer_.get(); }
  int64_t filled() const { return filled_; }
  bool eof() const { return eof_; }
  int64_t total_read() const { return total_read_; }
  const std::string& name() const { return stream_->name(); }
  void set_keep_going_on_corruption(bool keep_going) { keep_going_on_corruption_ = keep_going; }
  const std::string& corruption() const { return corruption_; }

 private:
  void Grow(int64_t capacity) {
    // Not std::vector: its resize would zero bytes that are about to be overwritten.
    std::unique_ptr<char[]> larger(new char[static_cast<size_t>(capacity)]);
    if (filled_ > 0) std::memcpy(larger.get(), buffer_.get(), static_cast<size_t>(filled_));
    buffer_ = std::move(larger);
    capacity_ = capacity;
  }

  std::unique_ptr<InputStream> stream_;
  std::unique_ptr<char[]> buffer_;
  int64_t capacity_ = 0;
  bool keep_going_on_corruption_ = false;
  std::string corruption_;
  int64_t filled_ = 0;
  bool eof_ = false;
  int64_t total_read_ = 0;
};

// Skips a UTF-8 byte order mark at the start of a file.
int64_t ByteOrderMarkLength(const char* data, int64_t length) {
  return length >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

std::vector<std::string> UniqueColumnNames(std::vector<std::string> names) {
  std::map<std::string, int> seen;
  for (size_t index = 0; index < names.size(); ++index) {
    if (names[index].empty()) names[index] = "column" + std::to_string(index);
  }
  for (std::string& name : names) {
    const int count = seen[name]++;
    if (count > 0) name += "_" + std::to_string(count);
  }
  return names;
}

SchemaPtr MakeSchema(const CsvPlan& plan, const std::string& filename_column) {
  std::vector<Field> fields;
  for (int column : plan.read_columns) {
    fields.push_back({plan.names[column], plan.types[column], true});
  }
  if (!filename_column.empty()) fields.push_back({filename_column, DataType::String(), false});
  return std::make_shared<Schema>(std::move(fields));
}

CsvPlan SniffPlan(const std::string& path, const CsvOptions& options) {
  CsvPlan plan;
  plan.convert.null_values = options.null_values;
  plan.dialect.quote = options.quote;
  BufferedSource source(path);
  // Damage past the sample is for the read itself to report, with its policy.
  source.set_keep_going_on_corruption(true);
  source.FillTo(kSampleBytes);
  const int64_t bom = ByteOrderMarkLength(source.data(), source.filled());
  const char* data = source.data() + bom;
  const int64_t length = source.filled() - bom;
  if (length == 0 && !source.corruption().empty()) throw InvalidInput(source.corruption());
  if (length == 0) throw InvalidInput(source.name() + ": the file is empty: no header and no rows");
  plan.dialect.delimiter = options.delimiter.value_or(
      csv::DetectDelimiter(data, std::min<int64_t>(length, 1 << 16), options.quote));
  int64_t first_row_bytes = 0;
  const std::vector<std::string> first_row = csv::SplitFirstRow(
      data, length, plan.dialect.delimiter, plan.dialect.quote, &first_row_bytes);
  plan.dialect.num_columns = static_cast<int>(first_row.size());

  // Types of the sample rows below the first.
  TokenizedChunk sample;
  const int64_t sample_end = std::min<int64_t>(length, csv::kMaxChunkBytes);
  csv::Tokenize(data, first_row_bytes, sample_end, sample_end, source.eof(), plan.dialect, sample);
  const int num_columns = plan.dialect.num_columns;
  std::vector<DataType> types_below(num_columns, DataType::Null());
  const int64_t sample_rows = std::min<int64_t>(sample.num_rows(), options.sample_rows);
  std::string scratch;
  for (int column = 0; column < num_columns; ++column) {
    DataType type = DataType::Null();
    for (int64_t row = 0; row < sample_rows && type.id() != TypeId::kString; ++row) {
      const FieldSpan span = sample.fields[row * num_columns + column];
      const std::string_view text = csv::FieldText(data + first_row_bytes, span, scratch);
      bool is_null = !span.quoted() &&
                     std::find(options.null_values.begin(), options.null_values.end(), text) !=
                         options.null_values.end();
      if (!is_null) type = csv::JoinTypes(type, csv::ClassifyValue(text));
    }
    types_below[column] = type;
  }
  plan.header =
      options.header.value_or(csv::LooksLikeHeader(first_row, types_below, sample_rows > 0));
  plan.types = types_below;
  if (!plan.header) {
    for (int column = 0; column < num_columns; ++column) {
      if (first_row[column].empty()) continue;
      plan.types[column] =
          csv::JoinTypes(plan.types[column], csv::ClassifyValue(first_row[column]));
    }
  }
  if (!options.column_names.empty()) {
    if (static_cast<int>(options.column_names.size()) != num_columns) {
      throw InvalidInput(source.name() + ": " + std::to_string(options.column_names.size()) +
                         " column names given but the file has " + std::to_string(num_columns) +
                         " columns");
    }
    plan.names = UniqueColumnNames(options.column_names);
  } else if (plan.header) {
    plan.names = UniqueColumnNames(first_row);
  } else {
    plan.names.resize(num_columns);
    plan.names = UniqueColumnNames(plan.names);
  }
  plan.inferred.assign(num_columns, true);
  for (int column = 0; column < num_columns; ++column) {
    // A column with no value in the sample is text until proven otherwise.
    if (plan.types[column].id() == TypeId::kNull) plan.types[column] = DataType::String();
  }
  for (const auto& [name, type] : options.column_types) {
    const auto found = std::find(plan.names.begin(), plan.names.end(), name);
    if (found == plan.names.end()) {
      std::string available;
      for (const std::string& candidate : plan.names)
        available += (available.empty() ? "" : ", ") + candidate;
      throw InvalidInput("--type names column '" + name + "', which " + source.name() +
                         " does not have (columns: " + available + ")");
    }
    const size_t column = static_cast<size_t>(found - plan.names.begin());
    plan.types[column] = type;
    plan.inferred[column] = false;
  }
  plan.read_columns.resize(static_cast<size_t>(num_columns));
  std::iota(plan.read_columns.begin(), plan.read_columns.end(), 0);
  plan.schema = MakeSchema(plan, options.filename_column);
  return plan;
}

// A problem with one record, before it is reported or set aside.
struct RecordProblem {
  int64_t line;
  std::string column;
  std::string reason;
  std::string raw;
};

// What one file contributed.
struct FileResult {
  std::vector<Batch> batches;
  std::vector<RejectedRecord> rejected;
  ReadStats stats;
  std::exception_ptr error;
};

class CsvFileReader {
 public:
  // With a `consumer`, batches go to it as soon as they are converted (from pool threads) instead
  // of into the result, and values that do not fit an inferred type are rejected rather than
  // widened: batches already consumed cannot be read again.
  CsvFileReader(std::string path, int64_t file_index, const CsvPlan& plan,
                const CsvOptions& options, Widening& widening, ThreadPool& pool,
                const ScanBatchConsumer* consumer)
      : path_(std::move(path)),
        file_index_(file_index),
        plan_(plan),
        options_(options),
        widening_(widening),
        pool_(pool),
        consumer_(consumer) {}

  void Read(FileResult& result) {
    BufferedSource source(path_);
    // With skip or quarantine, a damaged compressed file still gives the rows before the damage,
    // and the damage itself is a rejected record; with fail it is the error.
    source.set_keep_going_on_corruption(options_.on_error != OnError::kFail);
    int64_t segment_bytes = std::max<int64_t>(kChunkBytes, kChunkBytes * 2 * pool_.num_threads());
    source.FillTo(segment_bytes);
    result.stats.files = 1;
    int64_t start = ByteOrderMarkLength(source.data(), source.filled());
    if (source.filled() - start == 0) {
      Reject(result, {0, "", "the file is empty", ""});
      return;
    }
    int64_t line = 1;  // the line number of the byte at `start`
    if (plan_.header) {
      int64_t consumed = 0;
      const auto names =
          csv::SplitFirstRow(source.data() + start, source.filled() - start,
                             plan_.dialect.delimiter, plan_.dialect.quote, &consumed);
      CheckHeader(names, source.name());
      line += std::count(source.data() + start, source.data() + start + consumed, '\n');
      start += consumed;
    }
    for (;;) {
      if (widening_.requested.load()) throw AttemptAbandoned{};
      if (start == source.filled() && source.eof()) break;
      const int64_t consumed = ReadSegment(source, start, line, result);
      if (consumed == start && !source.eof()) {
        // Not one whole row in the buffer: a huge record. Read more and try again.
        segment_bytes *= 2;
        if (segment_bytes - start > 2 * csv::kMaxChunkBytes) {
          Reject(result, {line, "", "a record longer than 1 GiB", ""});
          return;
        }
        source.FillTo(segment_bytes);
        continue;
      }
      source.Consume(consumed);
      start = 0;
      source.FillTo(segment_bytes);
    }
    result.stats.bytes = source.total_read();
    if (!source.corruption().empty()) {
      Reject(result, {line, "", "the rest of the file is unreadable: " + source.corruption(), ""});
    }
  }

 private:
  void CheckHeader(const std::vector<std::string>& names, const std::string& name) {
    if (!options_.column_names.empty()) return;
    const std::vector<std::string> unique = UniqueColumnNames(names);
    if (unique == plan_.names) return;
    std::string detail;
    for (size_t index = 0; index < std::max(unique.size(), plan_.names.size()); ++index) {
      const std::string mine = index < unique.size() ? unique[index] : "(none)";
      const std::string expected = index < plan_.names.size() ? plan_.names[index] : "(none)";
      if (mine != expected) {
        detail = "column " + std::to_string(index + 1) + " is '" + mine +
                 "' where the first file has '" + expected + "'";
        break;
      }
    }
    throw InvalidInput(name + ": the header differs from the first file's: " + detail +
                       "; read files with different columns separately");
  }

  void Reject(FileResult& result, RecordProblem problem) {
    if (options_.on_error == OnError::kFail) {
      throw InvalidInput(LineLocation(path_, problem.line) + ": " +
                         (problem.column.empty() ? "" : "column '" + problem.column + "': ") +
                         problem.reason);
    }
    result.stats.rows_read += 1;
    result.stats.rows_rejected += 1;
    result.rejected.push_back({path_, problem.line, std::move(problem.column),
                               std::move(problem.reason), std::move(problem.raw)});
  }

  // Tokenizes and converts the complete rows in [start, filled); returns where they end.
  int64_t ReadSegment(BufferedSource& source, int64_t start, int64_t& line, FileResult& result) {
    const char* data = source.data();
    const int64_t end = source.filled();
    const bool at_eof = source.eof();
    const int64_t rows_before = result.stats.rows_read;
    // Guessed chunk starts: just after a newline near each multiple of the chunk size.
    std::vector<int64_t> starts = {start};
    for (int64_t target = start + kChunkBytes; target < end; target += kChunkBytes) {
      const void* newline = std::memchr(data + target, '\n', static_cast<size_t>(end - target));
      if (newline == nullptr) break;
      const int64_t next = static_cast<const char*>(newline) - data + 1;
      if (next >= end) break;
      if (next > starts.back()) starts.push_back(next);
    }
    const int64_t num_chunks = static_cast<int64_t>(starts.size());
    auto soft_end = [&](int64_t chunk) { return chunk + 1 < num_chunks ? starts[chunk + 1] : end; };
    // Kept across segments: their vectors keep their capacity instead of faulting in fresh pages.
    std::vector<TokenizedChunk>& chunks = chunks_;
    if (static_cast<int64_t>(chunks.size()) < num_chunks)
      chunks.resize(static_cast<size_t>(num_chunks));
    pool_.ParallelFor(num_chunks, [&](int64_t chunk) {
      csv::Tokenize(data, starts[chunk], soft_end(chunk), end, at_eof, plan_.dialect,
                    chunks[chunk]);
    });
    // A guess is right when the chunk before really ended there; otherwise (a quoted field with a
    // line break straddled it) tokenize that chunk again from the true row start.
    int64_t expected = start;
    int64_t valid_chunks = 0;
    std::vector<int64_t> first_lines(static_cast<size_t>(num_chunks));
    int64_t next_line = line;
    for (int64_t chunk = 0; chunk < num_chunks; ++chunk) {
      if (chunks[chunk].base_offset != expected) {
        csv::Tokenize(data, expected, std::max(expected, soft_end(chunk)), end, at_eof,
                      plan_.dialect, chunks[chunk]);
      }
      first_lines[chunk] = next_line;
      next_line += chunks[chunk].lines;
      expected = chunks[chunk].base_offset + chunks[chunk].end_offset;
      ++valid_chunks;
      if (chunks[chunk].incomplete) break;
    }
    line = next_line;

    struct ChunkOutput {
      Batch batch;
      int64_t num_rows = 0;
      std::vector<RecordProblem> problems;
    };
    std::vector<ChunkOutput> outputs(static_cast<size_t>(valid_chunks));
    const int64_t first_sequence = next_sequence_;
    next_sequence_ += valid_chunks;
    pool_.ParallelFor(valid_chunks, [&](int64_t chunk) {
      ChunkOutput& output = outputs[chunk];
      output.batch = ConvertChunk(data, chunks[chunk], first_lines[chunk], output.problems);
      output.num_rows = output.batch.num_rows;
      if (consumer_ != nullptr && output.num_rows > 0) {
        (*consumer_)(std::move(output.batch), {file_index_, first_sequence + chunk});
      }
    });
    if (widening_.requested.load()) throw AttemptAbandoned{};
    for (int64_t chunk = 0; chunk < valid_chunks; ++chunk) {
      ChunkOutput& output = outputs[chunk];
      std::sort(output.problems.begin(), output.problems.end(),
                [](const RecordProblem& a, const RecordProblem& b) { return a.line < b.line; });
      for (RecordProblem& problem : output.problems) Reject(result, std::move(problem));
      result.stats.rows_read += output.num_rows;
      result.stats.rows_accepted += output.num_rows;
      if (consumer_ == nullptr && output.num_rows > 0) {
        result.batches.push_back(std::move(output.batch));
      }
    }
    if (options_.progress != nullptr) {
      options_.progress->bytes_done += expected - start;
      options_.progress->rows_done += result.stats.rows_read - rows_before;
    }
    return expected;
  }

  Batch ConvertChunk(const char* data, const TokenizedChunk& chunk, int64_t first_line,
                     std::vector<RecordProblem>& problems) {
    const char* base = data + chunk.base_offset;
    for (const csv::BadRow& bad : chunk.bad_rows) {
      problems.push_back({first_line + bad.line, "", bad.reason,
                          std::string(base + bad.start, bad.end - bad.start)});
    }
    const int num_columns = plan_.dialect.num_columns;
    const size_t num_read = plan_.read_columns.size();
    std::vector<ColumnPtr> columns(num_read);
    std::vector<uint8_t> rejected_rows;  // per row: 1 when some value did not fit
    bool any_rejected = false;
    for (size_t output = 0; output < num_read; ++output) {
      const int column = plan_.read_columns[output];
      std::vector<csv::ValueError> errors;
      columns[output] = csv::ConvertColumn(base, chunk, column, num_columns, plan_.types[column],
                                           plan_.convert, nullptr, errors);
      for (const csv::ValueError& error : errors) {
        const FieldSpan span = chunk.fields[error.row * num_columns + column];
        std::string scratch;
        const std::string_view text = csv::FieldText(base, span, scratch);
        std::string reason = error.reason;
        if (plan_.inferred[column]) {
          const DataType wider = csv::JoinTypes(plan_.types[column], csv::ClassifyValue(text));
          if (wider != plan_.types[column] && consumer_ == nullptr) {
            widening_.Request(column, wider);
            continue;
          }
          if (wider != plan_.types[column]) {
            reason += " (the type " + plan_.types[column].ToString() +
                      " was inferred from the first rows; give the column the type " +
                      wider.ToString() + " to read it)";
          }
        }
        if (rejected_rows.empty()) rejected_rows.assign(static_cast<size_t>(chunk.num_rows()), 0);
        if (!rejected_rows[error.row]) {
          problems.push_back(
              {first_line + chunk.row_lines[error.row], plan_.names[column], std::move(reason),
               std::string(base + chunk.row_starts[error.row],
                           chunk.row_ends[error.row] - chunk.row_starts[error.row])});
        }
        rejected_rows[error.row] = 1;
        any_rejected = true;
      }
    }
    int64_t num_rows = chunk.num_rows();
    if (any_rejected) {
      // Convert again without the rejected rows, so every column keeps the same rows.
      std::vector<uint32_t> kept;
      for (int64_t row = 0; row < chunk.num_rows(); ++row) {
        if (!rejected_rows[row]) kept.push_back(static_cast<uint32_t>(row));
      }
      for (size_t output = 0; output < num_read; ++output) {
        const int column = plan_.read_columns[output];
        std::vector<csv::ValueError> ignored;
        columns[output] = csv::ConvertColumn(base, chunk, column, num_columns, plan_.types[column],
                                             plan_.convert, &kept, ignored);
      }
      num_rows = static_cast<int64_t>(kept.size());
    }
    if (!options_.filename_column.empty()) columns.push_back(RepeatedString(path_, num_rows));
    return Batch{plan_.schema, std::move(columns), num_rows};
  }

  static ColumnPtr RepeatedString(const std::string& value, int64_t rows) {
    auto offsets = Buffer::Allocate((rows + 1) * 4);
    auto data = Buffer::Allocate(static_cast<int64_t>(value.size()) * rows);
    int32_t* offset = offsets->mutable_data_as<int32_t>();
    offset[0] = 0;
    for (int64_t row = 0; row < rows; ++row) {
      std::memcpy(data->mutable_data() + row * value.size(), value.data(), value.size());
      offset[row + 1] = static_cast<int32_t>((row + 1) * value.size());
    }
    return std::make_shared<Column>(DataType::String(), rows, 0, nullptr, std::move(offsets),
                                    std::move(data));
  }

  std::string path_;
  int64_t file_index_;
  std::vector<TokenizedChunk> chunks_;
  const CsvPlan& plan_;
  const CsvOptions& options_;
  Widening& widening_;
  ThreadPool& pool_;
  const ScanBatchConsumer* consumer_;
  int64_t next_sequence_ = 0;  // of the next chunk's batch in this file
};

// One attempt at reading every file with `plan`; false when a column must widen first.
bool ReadAllFiles(const std::vector<std::string>& files, const CsvPlan& plan,
                  const CsvOptions& options, Widening& widening, std::vector<FileResult>& results,
                  const ScanBatchConsumer* consumer = nullptr) {
  ThreadPool& pool = DefaultThreadPool();
  results.assign(files.size(), FileResult{});
  pool.ParallelFor(static_cast<int64_t>(files.size()), [&](int64_t index) {
    try {
      CsvFileReader(files[index], index, plan, options, widening, pool, consumer)
          .Read(results[index]);
      if (options.progress != nullptr) ++options.progress->files_done;
    } catch (const AttemptAbandoned&) {
    } catch (...) {
      results[index].error = std::current_exception();
    }
  });
  if (widening.requested.load()) return false;
  for (const FileResult& result : results) {
    if (result.error) std::rethrow_exception(result.error);
  }
  return true;
}

}  // namespace

namespace {

void ResetProgress(const CsvOptions& options, int64_t num_files) {
  if (options.progress == nullptr) return;
  options.progress->files_total = num_files;
  options.progress->files_done = 0;
  options.progress->bytes_done = 0;
  options.progress->rows_done = 0;
}

// Sets rejected records aside (or not) and sums the files' stats.
ReadStats Summarize(std::vector<FileResult>& results, const CsvOptions& options) {
  std::unique_ptr<Quarantine> quarantine;
  if (options.on_error == OnError::kQuarantine)
    quarantine = std::make_unique<Quarantine>(options.quarantine_path);
  ReadStats total;
  for (FileResult& result : results) {
    for (const RejectedRecord& record : result.rejected) {
      if (quarantine) quarantine->Add(record);
    }
    result.stats.first_rejections.assign(
        result.rejected.begin(),
        result.rejected.begin() + std::min<size_t>(result.rejected.size(), 10));
    total.Merge(result.stats);
  }
  if (quarantine) quarantine->Close();
  return total;
}

}  // namespace

Table ReadCsv(const std::vector<std::string>& sources, const CsvOptions& options,
              ReadStats* stats) {
  const std::vector<std::string> files = ExpandSources(sources);
  CsvPlan plan = SniffPlan(files.front(), options);
  std::vector<FileResult> results;
  for (int round = 0;; ++round) {
    Widening widening;
    ResetProgress(options, static_cast<int64_t>(files.size()));
    if (ReadAllFiles(files, plan, options, widening, results)) break;
    if (round == kMaxWideningRounds) throw Internal("CSV type widening did not settle");
    for (const auto& [column, type] : widening.types) plan.types[column] = type;
    plan.schema = MakeSchema(plan, options.filename_column);
  }
  ReadStats total = Summarize(results, options);
  std::vector<Batch> batches;
  for (FileResult& result : results) {
    for (Batch& batch : result.batches) batches.push_back(std::move(batch));
  }
  if (stats != nullptr) *stats = std::move(total);
  return Table(plan.schema, std::move(batches));
}

struct CsvScanner::State {
  std::vector<std::string> files;
  CsvOptions options;
  CsvPlan plan;
  SchemaPtr file_schema;
};

CsvScanner::CsvScanner(const std::vector<std::string>& sources, CsvOptions options) {
  auto state = std::make_shared<State>();
  state->files = ExpandSources(sources);
  state->options = std::move(options);
  state->plan = SniffPlan(state->files.front(), state->options);
  state->file_schema = state->plan.schema;
  state_ = std::move(state);
}

const SchemaPtr& CsvScanner::file_schema() const { return state_->file_schema; }
const SchemaPtr& CsvScanner::schema() const { return state_->plan.schema; }
const std::vector<std::string>& CsvScanner::files() const { return state_->files; }
const CsvOptions& CsvScanner::options() const { return state_->options; }

CsvScanner CsvScanner::Select(const std::vector<int>& columns) const {
  auto state = std::make_shared<State>(*state_);
  CsvPlan& plan = state->plan;
  const int num_file_columns = static_cast<int>(plan.names.size());
  plan.read_columns.clear();
  bool with_filename = false;
  for (int column : columns) {
    if (column == num_file_columns && !state_->options.filename_column.empty()) {
      with_filename = true;
    } else if (column < 0 || column >= num_file_columns) {
      throw Internal("CsvScanner::Select: no column " + std::to_string(column));
    } else {
      plan.read_columns.push_back(column);
    }
  }
  plan.schema = MakeSchema(plan, with_filename ? state_->options.filename_column : "");
  state->options.filename_column = with_filename ? state_->options.filename_column : "";
  CsvScanner copy = *this;
  copy.state_ = std::move(state);
  return copy;
}

ReadStats CsvScanner::Scan(const ScanBatchConsumer& consume) const {
  std::vector<FileResult> results;
  Widening widening;  // never requested: a scan rejects values instead of widening
  ResetProgress(state_->options, static_cast<int64_t>(state_->files.size()));
  ReadAllFiles(state_->files, state_->plan, state_->options, widening, results, &consume);
  return Summarize(results, state_->options);
}

}  // namespace berserkr

// The JSON lines reader: pass 1 infers one schema from every record of every file; pass 2 parses
// again and builds columns of that schema. Files are read in parallel, and each file's runs of
// lines are split into chunks that are parsed in parallel; output keeps file and line order.

#include "berserkr/formats/json_reader.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <limits>

#include "berserkr/common/error.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/io/compression.h"
#include "berserkr/io/file_listing.h"
#include "berserkr/io/file_system.h"
#include "formats/json/json_reader_internal.h"

namespace berserkr {
namespace json {
namespace {

constexpr size_t kKeptRejections = 10;
constexpr size_t kNoFile = std::numeric_limits<size_t>::max();

// A record of a chunk that was not accepted; its line is relative to the chunk's first line.
struct ChunkRejection {
  int64_t line_index;
  RecordProblem problem;
  std::string raw;
};

struct InferredChunk {
  std::unique_ptr<ShapeNode> shape;
  std::vector<ChunkRejection> rejections;
  int64_t newlines = 0;
  int64_t records = 0;
};

// What pass 1 learned about one file.
struct FileInference {
  std::unique_ptr<ShapeNode> shape;
  std::vector<RejectedRecord> rejected;
  ReadStats stats;
  std::shared_ptr<const PaddedBytes> kept_input;  // for pass 2, when small enough to keep
  std::exception_ptr error;
};

struct BuiltChunk {
  std::vector<Batch> batches;
  int64_t accepted = 0;
};

std::string Location(const std::string& name, int64_t line) {
  return line > 0 ? name + ":" + std::to_string(line) : name;
}

// A string column repeating one value (the file-name column).
ColumnPtr RepeatedString(const std::string& value, int64_t rows) {
  const int64_t size = static_cast<int64_t>(value.size());
  if (size * rows > std::numeric_limits<int32_t>::max()) {
    throw InvalidInput("the file-name column of one batch would pass 2 GiB");
  }
  auto offsets = Buffer::Allocate((rows + 1) * 4);
  auto data = Buffer::Allocate(size * rows);
  int32_t* offset = offsets->mutable_data_as<int32_t>();
  offset[0] = 0;
  for (int64_t row = 0; row < rows; ++row) {
    std::memcpy(data->mutable_data() + row * size, value.data(), value.size());
    offset[row + 1] = static_cast<int32_t>((row + 1) * size);
  }
  return std::make_shared<Column>(DataType::String(), rows, 0, nullptr, std::move(offsets),
                                  std::move(data));
}

// Every dotted path a user can name in the fields (struct children included).
void CollectPaths(const std::vector<Field>& fields, const std::string& prefix,
                  std::vector<std::string>& paths) {
  for (const Field& field : fields) {
    const std::string path = prefix.empty() ? field.name : prefix + "." + field.name;
    paths.push_back(path);
    if (field.type.id() == TypeId::kStruct) CollectPaths(field.type.children(), path, paths);
  }
}

std::string JoinNames(const std::vector<std::string>& names) {
  constexpr size_t kShown = 40;
  std::string text;
  for (size_t index = 0; index < names.size() && index < kShown; ++index) {
    text += (index == 0 ? "" : ", ") + names[index];
  }
  if (names.size() > kShown) text += ", ... (" + std::to_string(names.size()) + " in all)";
  return text.empty() ? "none" : text;
}

// Whether the file starts with the magic bytes of a compression format.
bool LooksCompressed(const std::string& path) {
  std::unique_ptr<InputStream> file = OpenInputFile(path);
  uint8_t head[16];
  int64_t length = 0;
  while (length < static_cast<int64_t>(sizeof(head))) {
    const int64_t count = file->Read(head + length, static_cast<int64_t>(sizeof(head)) - length);
    if (count == 0) break;
    length += count;
  }
  return DetectCodec(head, length, path) != Codec::kNone;
}

class JsonReader {
 public:
  JsonReader(const std::vector<JsonSource>& sources, const JsonOptions& options,
             const JsonReadTuning& tuning)
      : sources_(sources),
        options_(options),
        tuning_(tuning),
        overrides_(options.column_types),
        pool_(DefaultThreadPool()) {
    tuning_.chunk_bytes = std::max<int64_t>(tuning_.chunk_bytes, 1);
    tuning_.batch_rows = std::max<int64_t>(tuning_.batch_rows, 1);
    if (tuning_.segment_bytes <= 0) {
      tuning_.segment_bytes = tuning_.chunk_bytes * 2 * std::max(pool_.num_threads(), 1);
    }
  }

  Table Read(ReadStats* stats) {
    std::unique_ptr<Quarantine> quarantine;
    if (options_.on_error == OnError::kQuarantine) {
      quarantine = std::make_unique<Quarantine>(options_.quarantine_path);
    }
    const int64_t num_files = static_cast<int64_t>(sources_.size());
    if (options_.progress != nullptr) {
      options_.progress->files_total = num_files;
      options_.progress->files_done = 0;
      options_.progress->bytes_done = 0;
      options_.progress->rows_done = 0;
    }

    // Pass 1: shapes, rejections and counts of every file.
    std::vector<FileInference> inferences(sources_.size());
    pool_.ParallelFor(num_files, [&](int64_t index) {
      FileInference& inference = inferences[static_cast<size_t>(index)];
      try {
        InferFile(static_cast<size_t>(index), inference);
      } catch (...) {
        inference.error = std::current_exception();
        NoteFailure(static_cast<size_t>(index));
      }
    });
    for (const FileInference& inference : inferences) {
      if (inference.error) std::rethrow_exception(inference.error);
    }

    ShapeNode root("", &overrides_, nullptr);
    ReadStats total;
    for (FileInference& inference : inferences) {
      root.Merge(std::move(*inference.shape));
      inference.shape.reset();
      inference.stats.first_rejections.assign(
          inference.rejected.begin(),
          inference.rejected.begin() + std::min(inference.rejected.size(), kKeptRejections));
      total.Merge(inference.stats);
    }
    MakeSchema(root, total.rows_accepted > 0);

    // Pass 2: columns of the schema.
    std::vector<std::vector<Batch>> file_batches(sources_.size());
    pool_.ParallelFor(num_files, [&](int64_t index) {
      file_batches[static_cast<size_t>(index)] =
          BuildFile(static_cast<size_t>(index), inferences[static_cast<size_t>(index)]);
    });

    std::vector<Batch> batches;
    for (std::vector<Batch>& file : file_batches) {
      for (Batch& batch : file) batches.push_back(std::move(batch));
    }
    if (quarantine) {
      for (const FileInference& inference : inferences) {
        for (const RejectedRecord& record : inference.rejected) quarantine->Add(record);
      }
      quarantine->Close();
    }
    if (stats != nullptr) *stats = std::move(total);
    return Table(schema_, std::move(batches));
  }

 private:
  // Under kFail, files after a failed one stop early: the read fails with the earliest error.
  void NoteFailure(size_t index) {
    size_t current = first_failed_file_.load();
    while (index < current && !first_failed_file_.compare_exchange_weak(current, index)) {
    }
  }

  std::unique_ptr<LineSource> OpenSource(const JsonSource& source, int64_t keep_limit) const {
    if (source.bytes != nullptr) return std::make_unique<LineSource>(source.bytes);
    return std::make_unique<LineSource>(OpenFileDecompressed(source.path), tuning_.segment_bytes,
                                        keep_limit);
  }

  // Sets a record aside, or throws under kFail.
  void Reject(size_t index, FileInference& inference, int64_t line, RecordProblem problem,
              std::string raw) {
    const std::string& name = sources_[index].name;
    if (options_.on_error == OnError::kFail) {
      NoteFailure(index);
      throw InvalidInput(Location(name, line) + ": " +
                         (problem.column.empty() ? "" : "key '" + problem.column + "': ") +
                         problem.reason);
    }
    inference.stats.rows_rejected += 1;
    inference.rejected.push_back(
        {name, line, std::move(problem.column), std::move(problem.reason), std::move(raw)});
  }

  void InferFile(size_t index, FileInference& inference) {
    const JsonSource& source = sources_[index];
    inference.shape = std::make_unique<ShapeNode>("", &overrides_, nullptr);
    inference.stats.files = 1;
    // Keeping a compressed file's bytes for pass 2 saves decompressing them again; a plain file
    // is cheaper to read again than to hold (unless it fits one run, which is kept anyway). Files
    // read at the same time share the budget.
    const int64_t keep_limit =
        source.bytes == nullptr && LooksCompressed(source.path)
            ? std::min(tuning_.keep_input_bytes - kept_bytes_.load(),
                       tuning_.keep_input_bytes / std::max<int64_t>(pool_.num_threads(), 1))
            : 0;
    std::unique_ptr<LineSource> lines = OpenSource(source, keep_limit);
    int64_t next_line = 1;
    const char* data;
    int64_t size;
    while (lines->Next(&data, &size)) {
      if (first_failed_file_.load() < index) return;  // the read fails with an earlier file
      const std::vector<int64_t> starts = ChunkStarts(data, size, tuning_.chunk_bytes);
      const int64_t num_chunks = static_cast<int64_t>(starts.size());
      std::vector<InferredChunk> chunks(starts.size());
      pool_.ParallelFor(num_chunks, [&](int64_t chunk) {
        const int64_t end = chunk + 1 < num_chunks ? starts[chunk + 1] : size;
        InferChunk(data + starts[chunk], end - starts[chunk], chunks[chunk]);
      });
      for (InferredChunk& chunk : chunks) {
        inference.stats.rows_read += chunk.records;
        inference.stats.rows_accepted +=
            chunk.records - static_cast<int64_t>(chunk.rejections.size());
        for (ChunkRejection& rejection : chunk.rejections) {
          Reject(index, inference, next_line + rejection.line_index, std::move(rejection.problem),
                 std::move(rejection.raw));
        }
        inference.shape->Merge(std::move(*chunk.shape));
        next_line += chunk.newlines;
      }
      if (options_.progress != nullptr) options_.progress->bytes_done += size;
    }
    inference.stats.bytes = lines->bytes_read();
    if (!lines->failure().empty()) {
      // The rest of a corrupt or truncated compressed file: one record we could not read.
      inference.stats.rows_read += 1;
      Reject(index, inference, next_line, {"", lines->failure()},
             std::string(lines->unfinished_line()));
    } else if (inference.stats.rows_read == 0) {
      inference.stats.rows_read += 1;
      Reject(index, inference, 0, {"", "the file is empty"}, "");
    }
    if (std::shared_ptr<const PaddedBytes> whole = lines->TakeWholeInput()) {
      if (kept_bytes_.fetch_add(whole->size) + whole->size <= tuning_.keep_input_bytes) {
        inference.kept_input = std::move(whole);
      } else {
        kept_bytes_.fetch_sub(whole->size);
      }
    }
  }

  void InferChunk(const char* data, int64_t size, InferredChunk& chunk) const {
    chunk.shape = std::make_unique<ShapeNode>("", &overrides_, nullptr);
    simdjson::dom::parser& parser = ThreadParser();
    simdjson::dom::object record;
    RecordProblem problem;
    chunk.newlines =
        ForEachLine(data, size, [&](int64_t line_index, const char* text, int64_t length) {
          if (IsBlankLine(text, length)) return true;
          ++chunk.records;
          if (!ParseRecord(parser, text, length, overrides_, &record, &problem)) {
            if (length > 0 && text[length - 1] == '\r') --length;
            chunk.rejections.push_back(
                {line_index, std::move(problem), std::string(text, static_cast<size_t>(length))});
            problem = RecordProblem{};
            return options_.on_error != OnError::kFail;  // the first error ends a failing read
          }
          chunk.shape->ObserveObject(record);
          return true;
        });
    TrimThreadParser();
  }

  void MakeSchema(const ShapeNode& root, bool any_accepted) {
    std::set<std::string> applied;
    std::vector<Field> fields = root.ResolveFields(&applied);
    if (any_accepted) {
      for (const auto& [path, type] : options_.column_types) {
        if (applied.count(path) > 0) continue;
        std::vector<std::string> paths;
        CollectPaths(fields, "", paths);
        throw InvalidInput(
            "a type is given for '" + path +
            "', which is not a column of the JSON records (columns: " + JoinNames(paths) + ")");
      }
    }
    record_type_ = DataType::Struct(fields);
    if (!options_.filename_column.empty()) {
      for (const Field& field : fields) {
        if (field.name == options_.filename_column) {
          throw InvalidInput("the file-name column '" + options_.filename_column +
                             "' has the name of a key in the JSON records; choose another name");
        }
      }
      fields.push_back({options_.filename_column, DataType::String(), false});
    }
    schema_ = std::make_shared<Schema>(std::move(fields));
  }

  std::vector<Batch> BuildFile(size_t index, FileInference& inference) {
    const JsonSource& source = sources_[index];
    std::unique_ptr<LineSource> lines = inference.kept_input != nullptr
                                            ? std::make_unique<LineSource>(inference.kept_input)
                                            : OpenSource(source, 0);
    std::vector<Batch> batches;
    int64_t accepted = 0;
    const char* data;
    int64_t size;
    while (lines->Next(&data, &size)) {
      const std::vector<int64_t> starts = ChunkStarts(data, size, tuning_.chunk_bytes);
      const int64_t num_chunks = static_cast<int64_t>(starts.size());
      std::vector<BuiltChunk> chunks(starts.size());
      pool_.ParallelFor(num_chunks, [&](int64_t chunk) {
        const int64_t end = chunk + 1 < num_chunks ? starts[chunk + 1] : size;
        BuildChunk(data + starts[chunk], end - starts[chunk], source.name, chunks[chunk]);
      });
      int64_t run_rows = 0;
      for (BuiltChunk& chunk : chunks) {
        run_rows += chunk.accepted;
        for (Batch& batch : chunk.batches) batches.push_back(std::move(batch));
      }
      accepted += run_rows;
      if (options_.progress != nullptr) options_.progress->rows_done += run_rows;
    }
    inference.kept_input.reset();
    if (accepted != inference.stats.rows_accepted) {
      throw InvalidInput(source.name + ": the file changed while it was being read (" +
                         std::to_string(inference.stats.rows_accepted) + " records, then " +
                         std::to_string(accepted) + "); read it again");
    }
    if (options_.progress != nullptr) ++options_.progress->files_done;
    return batches;
  }

  void BuildChunk(const char* data, int64_t size, const std::string& name,
                  BuiltChunk& chunk) const {
    JsonColumnBuilder builder(record_type_);
    simdjson::dom::parser& parser = ThreadParser();
    simdjson::dom::object record;
    RecordProblem problem;
    ForEachLine(data, size, [&](int64_t, const char* text, int64_t length) {
      if (IsBlankLine(text, length)) return true;
      // Pass 1 set aside the records this rejects.
      if (!ParseRecord(parser, text, length, overrides_, &record, &problem)) return true;
      if (!builder.AppendObject(record)) {
        throw InvalidInput(name + ": the file changed while it was being read; read it again");
      }
      ++chunk.accepted;
      if (builder.length() == tuning_.batch_rows) {
        chunk.batches.push_back(FinishBatch(builder, name));
      }
      return true;
    });
    if (builder.length() > 0) chunk.batches.push_back(FinishBatch(builder, name));
    TrimThreadParser();
  }

  Batch FinishBatch(JsonColumnBuilder& builder, const std::string& name) const {
    const ColumnPtr record = builder.Finish();
    const int64_t rows = record->length();
    std::vector<ColumnPtr> columns = record->children();
    if (!options_.filename_column.empty()) columns.push_back(RepeatedString(name, rows));
    return Batch{schema_, std::move(columns), rows};
  }

  const std::vector<JsonSource>& sources_;
  const JsonOptions& options_;
  JsonReadTuning tuning_;
  TypeOverrides overrides_;
  ThreadPool& pool_;
  std::atomic<size_t> first_failed_file_{kNoFile};
  std::atomic<int64_t> kept_bytes_{0};
  DataType record_type_;  // the schema without the file-name column, as one struct
  SchemaPtr schema_;
};

}  // namespace

Table ReadJsonSources(const std::vector<JsonSource>& sources, const JsonOptions& options,
                      ReadStats* stats, const JsonReadTuning& tuning) {
  return JsonReader(sources, options, tuning).Read(stats);
}

}  // namespace json

Table ReadJson(const std::vector<std::string>& sources, const JsonOptions& options,
               ReadStats* stats) {
  std::vector<json::JsonSource> files;
  for (std::string& path : ExpandSources(sources)) files.push_back({path, path, nullptr});
  return json::ReadJsonSources(files, options, stats);
}

Table ReadJsonStream(InputStream& stream, const JsonOptions& options, ReadStats* stats) {
  std::shared_ptr<const json::PaddedBytes> bytes = json::ReadPadded(stream);
  return json::ReadJsonSources({{stream.name(), "", std::move(bytes)}}, options, stats);
}

}  // namespace berserkr

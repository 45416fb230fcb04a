#include "berserkr/formats/parquet_reader.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "berserkr/common/error.h"
#include "berserkr/common/thread_pool.h"
#include "berserkr/io/file_listing.h"
#include "berserkr/io/file_system.h"
#include "berserkr/types/column_builder.h"
#include "formats/parquet/parquet_file_internal.h"

namespace berserkr {

using parquet::ParquetFile;

struct ParquetScanner::State {
  std::vector<std::string> files;
  std::vector<std::shared_ptr<const ParquetFile>> parquet_files;
  ParquetReadOptions options;
  SchemaPtr file_schema;     // the files' columns, plus the file-name column when asked for
  std::vector<int> columns;  // what Scan produces: indices into file_schema
  SchemaPtr schema;
  // Per file, the row groups the predicates leave to read.
  std::vector<std::vector<int>> row_groups;

  bool is_filename_column(int column) const {
    return !options.filename_column.empty() && column == file_schema->num_fields() - 1;
  }
  void SelectRowGroups() {
    row_groups.assign(parquet_files.size(), {});
    for (size_t file = 0; file < parquet_files.size(); ++file) {
      const ParquetFile& parquet = *parquet_files[file];
      for (size_t group = 0; group < parquet.metadata.row_groups.size(); ++group) {
        if (options.predicates.empty() ||
            parquet::RowGroupMayMatch(parquet, static_cast<int>(group), options.predicates)) {
          row_groups[file].push_back(static_cast<int>(group));
        }
      }
    }
  }
  void SetColumns(std::vector<int> selected) {
    columns = std::move(selected);
    std::vector<Field> fields;
    for (int column : columns) fields.push_back(file_schema->field(column));
    schema = std::make_shared<Schema>(std::move(fields));
  }
};

namespace {

std::string FieldList(const Schema& schema) {
  std::string list;
  for (const Field& field : schema.fields()) {
    list += (list.empty() ? "" : ", ") + field.name + " " + field.type.ToString();
  }
  return list;
}

ColumnPtr RepeatString(const std::string& value, int64_t rows) {
  StringBuilder builder;
  builder.Reserve(rows, rows * static_cast<int64_t>(value.size()));
  for (int64_t row = 0; row < rows; ++row) builder.Append(value);
  return builder.Finish();
}

}  // namespace

ParquetScanner::ParquetScanner(const std::vector<std::string>& sources,
                               ParquetReadOptions options) {
  auto state = std::make_shared<State>();
  state->files = ExpandSources(sources);
  if (state->files.empty()) {
    throw InvalidInput("no Parquet files to read in " +
                       (sources.empty() ? std::string("(no sources given)") : sources[0]));
  }
  state->options = std::move(options);
  state->parquet_files.resize(state->files.size());
  // Footers are small: read them all now (in parallel: on object storage each is a round trip).
  DefaultThreadPool().ParallelFor(static_cast<int64_t>(state->files.size()), [&](int64_t index) {
    state->parquet_files[index] =
        parquet::OpenParquetFile(OpenRandomAccessFile(state->files[index]));
  });
  const Schema& first = *state->parquet_files[0]->schema.schema;
  for (size_t file = 1; file < state->files.size(); ++file) {
    const Schema& other = *state->parquet_files[file]->schema.schema;
    if (!(other == first)) {
      throw InvalidInput(state->files[file] + ": its columns (" + FieldList(other) +
                         ") differ from those of " + state->files[0] + " (" + FieldList(first) +
                         "); read files with different columns separately");
    }
  }
  std::vector<Field> fields = first.fields();
  if (!state->options.filename_column.empty()) {
    fields.push_back({state->options.filename_column, DataType::String(), false});
  }
  state->file_schema = std::make_shared<Schema>(std::move(fields));
  std::vector<int> columns;
  if (state->options.columns.empty()) {
    for (int column = 0; column < state->file_schema->num_fields(); ++column) {
      columns.push_back(column);
    }
  } else {
    for (const std::string& name : state->options.columns) {
      const std::optional<int> index = state->file_schema->FieldIndex(name);
      if (!index) {
        throw InvalidInput(state->files[0] + ": no column '" + name + "'; the columns are " +
                           FieldList(*state->file_schema));
      }
      columns.push_back(*index);
    }
  }
  for (const ParquetPredicate& predicate : state->options.predicates) {
    if (!first.FieldIndex(predicate.column)) {
      throw InvalidInput(state->files[0] + ": a filter names column '" + predicate.column +
                         "', which the file does not have; the columns are " + FieldList(first));
    }
  }
  state->SetColumns(std::move(columns));
  state->SelectRowGroups();
  state_ = std::move(state);
}

const SchemaPtr& ParquetScanner::file_schema() const { return state_->file_schema; }
const SchemaPtr& ParquetScanner::schema() const { return state_->schema; }
const std::vector<std::string>& ParquetScanner::files() const { return state_->files; }
const ParquetReadOptions& ParquetScanner::options() const { return state_->options; }

ParquetScanner ParquetScanner::Select(const std::vector<int>& columns) const {
  auto state = std::make_shared<State>(*state_);
  for (int column : columns) {
    if (column < 0 || column >= state->file_schema->num_fields()) {
      throw Internal("ParquetScanner::Select: column index out of range");
    }
  }
  state->SetColumns(columns);
  return ParquetScanner(std::move(state));
}

ParquetScanner ParquetScanner::WithPredicates(std::vector<ParquetPredicate> predicates) const {
  auto state = std::make_shared<State>(*state_);
  for (ParquetPredicate& predicate : predicates) {
    state->options.predicates.push_back(std::move(predicate));
  }
  state->SelectRowGroups();
  return ParquetScanner(std::move(state));
}

std::string ParquetScanner::ExplainDetails() const {
  return " row_groups=" + std::to_string(selected_row_groups()) + "/" +
         std::to_string(total_row_groups());
}

int64_t ParquetScanner::total_row_groups() const {
  int64_t total = 0;
  for (const auto& file : state_->parquet_files) {
    total += static_cast<int64_t>(file->metadata.row_groups.size());
  }
  return total;
}

int64_t ParquetScanner::selected_row_groups() const {
  int64_t total = 0;
  for (const auto& groups : state_->row_groups) total += static_cast<int64_t>(groups.size());
  return total;
}

ReadStats ParquetScanner::Scan(const ScanBatchConsumer& consume) const {
  const State& state = *state_;
  struct Unit {
    int file;
    int row_group;
  };
  std::vector<Unit> units;
  for (size_t file = 0; file < state.row_groups.size(); ++file) {
    for (int group : state.row_groups[file]) units.push_back({static_cast<int>(file), group});
  }
  // The file columns to decode (the file-name column is made here, not read).
  std::vector<int> file_columns;
  for (int column : state.columns) {
    if (!state.is_filename_column(column)) file_columns.push_back(column);
  }
  // With fewer row groups than threads, decode the columns of each row group in parallel.
  const bool parallel_columns =
      static_cast<int64_t>(units.size()) < DefaultThreadPool().num_threads();
  std::atomic<int64_t> bytes{0}, rows{0};
  std::vector<std::atomic<int64_t>> groups_left(state.files.size());
  for (size_t file = 0; file < state.files.size(); ++file) {
    groups_left[file] = static_cast<int64_t>(state.row_groups[file].size());
  }
  Progress* progress = state.options.progress;
  if (progress) progress->files_total += static_cast<int64_t>(state.files.size());
  DefaultThreadPool().ParallelFor(static_cast<int64_t>(units.size()), [&](int64_t index) {
    const Unit unit = units[index];
    const ParquetFile& file = *state.parquet_files[unit.file];
    const int64_t num_rows = file.metadata.row_groups[unit.row_group].num_rows;
    int64_t compressed = 0, uncompressed = 0;
    std::vector<ColumnPtr> decoded = parquet::ReadRowGroup(
        file, unit.row_group, file_columns, parallel_columns, &compressed, &uncompressed);
    bytes += uncompressed;
    rows += num_rows;
    if (progress) {
      progress->bytes_done += compressed;
      progress->rows_done += num_rows;
      if (--groups_left[unit.file] == 0) ++progress->files_done;
    }
    if (num_rows == 0) return;
    Batch batch{state.schema, {}, num_rows};
    size_t next = 0;
    for (int column : state.columns) {
      if (state.is_filename_column(column)) {
        batch.columns.push_back(RepeatString(state.files[unit.file], num_rows));
      } else {
        batch.columns.push_back(std::move(decoded[next++]));
      }
    }
    consume(std::move(batch), {unit.file, unit.row_group});
  });
  ReadStats stats;
  stats.files = static_cast<int64_t>(state.files.size());
  stats.bytes = bytes;
  stats.rows_read = rows;
  stats.rows_accepted = rows;
  return stats;
}

Table ReadParquet(const std::vector<std::string>& sources, const ParquetReadOptions& options,
                  ReadStats* stats) {
  const ParquetScanner scanner(sources, options);
  std::mutex mutex;
  std::vector<std::pair<BatchPosition, Batch>> batches;
  const ReadStats read = scanner.Scan([&](Batch batch, BatchPosition position) {
    std::lock_guard<std::mutex> lock(mutex);
    batches.emplace_back(position, std::move(batch));
  });
  std::sort(batches.begin(), batches.end(),
            [](const auto& left, const auto& right) { return left.first < right.first; });
  std::vector<Batch> ordered;
  ordered.reserve(batches.size());
  for (auto& [position, batch] : batches) ordered.push_back(std::move(batch));
  if (stats) stats->Merge(read);
  return Table(scanner.schema(), std::move(ordered));
}

}  // namespace berserkr

#include "exec/external_sort.h"

#include <algorithm>

#include "berserkr/common/thread_pool.h"
#include "berserkr/exec/take.h"
#include "berserkr/types/buffer.h"
#include "exec/sorted_run_merge.h"

namespace berserkr {
namespace {

// The bytes a batch's rows take (not the buffers behind them: a slice of a large column counts
// only its rows, so many slices of one buffer do not look like many buffers).
int64_t RowBytes(const Batch& batch) {
  int64_t bytes = 0;
  for (const ColumnPtr& column : batch.columns) {
    const int64_t rows = column->length();
    if (column->validity() != nullptr) bytes += BytesForBits(rows);
    const DataType& type = column->type();
    if (type.id() == TypeId::kBool) {
      bytes += BytesForBits(rows);
    } else if (type.is_binary_like()) {
      const int32_t* offsets = column->Offsets();
      bytes += (rows + 1) * 4 + (offsets[rows] - offsets[0]);
    } else {
      bytes += rows * type.byte_width();
    }
  }
  return bytes;
}

bool HasNestedColumn(const Schema& schema) {
  return std::any_of(schema.fields().begin(), schema.fields().end(),
                     [](const Field& field) { return field.type.is_nested(); });
}

// The input schema followed by a row's input position: its batch's order and its row there.
SchemaPtr RunSchema(const Schema& schema) {
  std::vector<Field> fields = schema.fields();
  fields.push_back({"__input_batch_order", DataType::Int64(), false});
  fields.push_back({"__input_row", DataType::Int64(), false});
  return std::make_shared<Schema>(std::move(fields));
}

ColumnPtr Int64Column(std::shared_ptr<Buffer> values, int64_t length) {
  return std::make_shared<Column>(DataType::Int64(), length, 0, nullptr, std::move(values));
}

}  // namespace

ExternalSort::ExternalSort(SchemaPtr schema, std::vector<SortKey> keys, SpillPolicy should_spill)
    : schema_(std::move(schema)),
      run_schema_(RunSchema(*schema_)),
      keys_(std::move(keys)),
      should_spill_(std::move(should_spill)),
      spillable_(!HasNestedColumn(*schema_)) {}

ExternalSort::~ExternalSort() = default;

int ExternalSort::num_runs() const {
  std::lock_guard<std::mutex> lock(runs_mutex_);
  return static_cast<int>(runs_.size());
}

void ExternalSort::Add(Batch batch, int64_t order) {
  if (batch.num_rows == 0) return;
  std::vector<HeldBatch> run;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (spillable_) held_bytes_ += RowBytes(batch);
    held_.push_back({order, std::move(batch)});
    if (!spillable_ || !should_spill_(held_bytes_)) return;
    run.swap(held_);
    held_bytes_ = 0;
  }
  WriteRun(std::move(run));
}

void ExternalSort::WriteRun(std::vector<HeldBatch> held) {
  // One run at a time: a second thread ready to spill waits here rather than sorting another run
  // beside this one (which would need the memory twice).
  std::lock_guard<std::mutex> lock(runs_mutex_);
  if (!directory_) directory_ = std::make_unique<TempDirectory>();
  auto file = std::make_unique<SpillFile>(directory_->NewFilePath("sort-run"), run_schema_);
  std::vector<Batch> sorted = SortRun(std::move(held));
  for (Batch& batch : sorted) {
    file->Write(batch);
    batch = Batch{};  // freed as soon as it is on disk
  }
  runs_.push_back(std::move(file));
}

std::vector<Batch> ExternalSort::SortRun(std::vector<HeldBatch> held) const {
  // In input order, so that the stable sort by row id breaks ties by input position.
  std::sort(held.begin(), held.end(),
            [](const HeldBatch& left, const HeldBatch& right) { return left.order < right.order; });
  std::vector<Batch> batches;
  std::vector<int64_t> orders;
  std::vector<int64_t> starts;  // of each batch's rows among the run's
  int64_t num_rows = 0;
  for (HeldBatch& entry : held) {
    starts.push_back(num_rows);
    num_rows += entry.batch.num_rows;
    orders.push_back(entry.order);
    batches.push_back(std::move(entry.batch));
  }
  held.clear();
  const std::vector<uint32_t> sorted = SortIndices(batches, keys_);

  const int64_t num_chunks = (num_rows + kMergeBatchRows - 1) / kMergeBatchRows;
  auto chunk_rows = [&](int64_t chunk) {
    return std::min(kMergeBatchRows, num_rows - chunk * kMergeBatchRows);
  };
  const int num_columns = schema_->num_fields();
  std::vector<Batch> chunks(static_cast<size_t>(num_chunks));
  for (int64_t chunk = 0; chunk < num_chunks; ++chunk) {
    chunks[chunk] = Batch{run_schema_, std::vector<ColumnPtr>(num_columns + 2), chunk_rows(chunk)};
  }
  ThreadPool& pool = DefaultThreadPool();
  // A column at a time, releasing the input's copy once gathered: the run is held about once.
  for (int column = 0; column < num_columns; ++column) {
    std::vector<ColumnPtr> parts;
    for (Batch& batch : batches) parts.push_back(std::move(batch.columns[column]));
    const ColumnPtr combined = ConcatenateColumns(parts);
    parts.clear();
    pool.ParallelFor(num_chunks, [&](int64_t chunk) {
      chunks[chunk].columns[column] =
          Take(*combined, sorted.data() + chunk * kMergeBatchRows, chunk_rows(chunk));
    });
  }
  pool.ParallelFor(num_chunks, [&](int64_t chunk) {
    const int64_t length = chunk_rows(chunk);
    auto batch_orders = Buffer::Allocate(length * 8);
    auto rows = Buffer::Allocate(length * 8);
    int64_t* order_values = batch_orders->mutable_data_as<int64_t>();
    int64_t* row_values = rows->mutable_data_as<int64_t>();
    const uint32_t* ids = sorted.data() + chunk * kMergeBatchRows;
    for (int64_t index = 0; index < length; ++index) {
      const int64_t id = ids[index];
      const size_t batch = static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), id) -
                                               starts.begin() - 1);
      order_values[index] = orders[batch];
      row_values[index] = id - starts[batch];
    }
    chunks[chunk].columns[num_columns] = Int64Column(std::move(batch_orders), length);
    chunks[chunk].columns[num_columns + 1] = Int64Column(std::move(rows), length);
  });
  return chunks;
}

void ExternalSort::Finish(const std::function<void(Batch)>& emit) {
  std::vector<HeldBatch> held;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    held.swap(held_);
    held_bytes_ = 0;
  }
  std::lock_guard<std::mutex> lock(runs_mutex_);
  if (runs_.empty()) {  // everything fitted: the in-memory sort, as without a limit
    std::sort(held.begin(), held.end(), [](const HeldBatch& left, const HeldBatch& right) {
      return left.order < right.order;
    });
    std::vector<Batch> batches;
    for (HeldBatch& entry : held) batches.push_back(std::move(entry.batch));
    const Table input(schema_, std::move(batches));
    if (input.num_rows() == 0) return;
    const Table sorted = SortTable(input, keys_);
    for (const Batch& batch : sorted.batches()) emit(batch);
    return;
  }
  std::vector<RunReader> readers;
  for (const std::unique_ptr<SpillFile>& file : runs_) {
    auto reader = std::make_shared<SpillFile::Reader>(*file);
    readers.push_back([reader](Batch* batch) { return reader->Next(batch); });
  }
  if (!held.empty()) {  // the rows that never went to disk are the last run
    auto batches = std::make_shared<std::vector<Batch>>(SortRun(std::move(held)));
    readers.push_back([batches, next = size_t{0}](Batch* batch) mutable {
      if (next == batches->size()) return false;
      *batch = std::move((*batches)[next++]);
      return true;
    });
  }
  std::vector<SortKey> merge_keys = keys_;
  const int position = schema_->num_fields();
  merge_keys.push_back({position, true, false});
  merge_keys.push_back({position + 1, true, false});
  MergeSortedRuns(std::move(readers), merge_keys, schema_, kMergeBatchRows, emit);
}

}  // namespace berserkr

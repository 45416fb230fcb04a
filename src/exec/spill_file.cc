#include "exec/spill_file.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/exec/grouper.h"
#include "berserkr/exec/take.h"
#include "berserkr/types/buffer.h"

namespace berserkr {
namespace {

std::atomic<int64_t> spilled_bytes_total{0};

int64_t BitmapBytes(int64_t bits) { return (bits + 7) / 8; }

// The bits [offset, offset + length) of `bitmap` moved to start at bit 0.
std::vector<uint8_t> AlignedBits(const uint8_t* bitmap, int64_t offset, int64_t length) {
  std::vector<uint8_t> bits(static_cast<size_t>(BitmapBytes(length)), 0);
  for (int64_t row = 0; row < length; ++row) {
    if (GetBit(bitmap, offset + row)) bits[row / 8] |= static_cast<uint8_t>(1u << (row % 8));
  }
  return bits;
}

}  // namespace

int64_t SpilledBytesTotal() { return spilled_bytes_total.load(std::memory_order_relaxed); }

SpillFile::SpillFile(std::string path, SchemaPtr schema)
    : path_(std::move(path)), schema_(std::move(schema)) {
  for (const Field& field : schema_->fields()) {
    if (field.type.is_nested()) {
      throw NotImplemented("spilling a " + field.type.ToString() + " column ('" + field.name +
                           "') to disk is not supported yet; raise --memory-limit");
    }
  }
  file_ = std::fopen(path_.c_str(), "w+b");
  if (file_ == nullptr) {
    throw IoError("cannot create the spill file " + path_ + ": " + std::strerror(errno));
  }
}

SpillFile::~SpillFile() {
  if (file_ != nullptr) std::fclose(file_);
}

void SpillFile::WriteBytes(const void* data, size_t size) {
  if (size == 0) return;
  if (std::fwrite(data, 1, size, file_) != size) {
    throw IoError("cannot write the spill file " + path_ + ": " + std::strerror(errno) +
                  " (is the disk full? set another directory with --temp-dir)");
  }
  bytes_ += static_cast<int64_t>(size);
  spilled_bytes_total.fetch_add(static_cast<int64_t>(size), std::memory_order_relaxed);
}

void SpillFile::Write(const Batch& batch) {
  std::lock_guard<std::mutex> lock(mutex_);
  const int64_t rows = batch.num_rows;
  WriteBytes(&rows, sizeof(rows));
  for (const ColumnPtr& column_pointer : batch.columns) {
    const Column& column = *column_pointer;
    const int64_t offset = column.offset();
    const uint8_t has_validity = column.null_count() > 0 ? 1 : 0;
    WriteBytes(&has_validity, 1);
    if (has_validity) {
      const std::vector<uint8_t> bits = AlignedBits(column.validity()->data(), offset, rows);
      WriteBytes(bits.data(), bits.size());
    }
    const DataType& type = column.type();
    if (type.id() == TypeId::kNull) continue;
    if (type.id() == TypeId::kBool) {
      const std::vector<uint8_t> bits = AlignedBits(column.values()->data(), offset, rows);
      WriteBytes(bits.data(), bits.size());
    } else if (type.is_binary_like()) {
      const int32_t* offsets = column.Offsets();
      std::vector<int32_t> rebased(static_cast<size_t>(rows) + 1);
      for (int64_t row = 0; row <= rows; ++row) rebased[row] = offsets[row] - offsets[0];
      WriteBytes(rebased.data(), rebased.size() * sizeof(int32_t));
      WriteBytes(column.data()->data() + offsets[0], static_cast<size_t>(rebased[rows]));
    } else {
      const int width = type.byte_width();
      WriteBytes(column.values()->data() + offset * width, static_cast<size_t>(rows * width));
    }
  }
  rows_ += rows;
}

void SpillFile::ForEach(const std::function<void(Batch)>& consume) {
  Reader reader(*this);
  Batch batch;
  while (reader.Next(&batch)) consume(std::move(batch));
}

SpillFile::Reader::Reader(SpillFile& file) : file_(file), remaining_(file.bytes_) {
  if (std::fflush(file_.file_) != 0 || std::fseek(file_.file_, 0, SEEK_SET) != 0) {
    throw IoError("cannot read back the spill file " + file_.path_ + ": " + std::strerror(errno));
  }
}

void SpillFile::Reader::Read(void* data, size_t size) {
  if (size > 0 && std::fread(data, 1, size, file_.file_) != size) {
    throw IoError("the spill file " + file_.path_ + " is shorter than written (was it removed?)");
  }
  remaining_ -= static_cast<int64_t>(size);
}

BufferPtr SpillFile::Reader::ReadBuffer(int64_t size) {
  std::shared_ptr<Buffer> buffer = Buffer::Allocate(size);
  Read(buffer->mutable_data(), static_cast<size_t>(size));
  return buffer;
}

bool SpillFile::Reader::Next(Batch* batch) {
  if (remaining_ <= 0) return false;
  int64_t rows = 0;
  Read(&rows, sizeof(rows));
  Batch read{file_.schema_, {}, rows};
  for (const Field& field : file_.schema_->fields()) {
    uint8_t has_validity = 0;
    Read(&has_validity, 1);
    BufferPtr validity;
    int64_t null_count = 0;
    if (has_validity) {
      validity = ReadBuffer(BitmapBytes(rows));
      for (int64_t row = 0; row < rows; ++row) null_count += !GetBit(validity->data(), row);
    }
    const DataType& type = field.type;
    if (type.id() == TypeId::kNull) {
      read.columns.push_back(Column::MakeNull(type, rows));
    } else if (type.id() == TypeId::kBool) {
      read.columns.push_back(std::make_shared<Column>(type, rows, null_count, validity,
                                                      ReadBuffer(BitmapBytes(rows))));
    } else if (type.is_binary_like()) {
      BufferPtr offsets = ReadBuffer((rows + 1) * 4);
      BufferPtr data = ReadBuffer(offsets->data_as<int32_t>()[rows]);
      read.columns.push_back(std::make_shared<Column>(type, rows, null_count, validity,
                                                      std::move(offsets), std::move(data)));
    } else {
      read.columns.push_back(std::make_shared<Column>(type, rows, null_count, validity,
                                                      ReadBuffer(rows * type.byte_width())));
    }
  }
  *batch = std::move(read);
  return true;
}

}  // namespace berserkr

namespace berserkr {

PartitionedSpill::PartitionedSpill(SchemaPtr schema, int num_partitions, const std::string& stem) {
  for (int partition = 0; partition < num_partitions; ++partition) {
    files_.push_back(std::make_unique<SpillFile>(
        directory_.NewFilePath(stem + "-" + std::to_string(partition)), schema));
  }
}

void PartitionedSpill::Write(const Batch& batch, const uint64_t* hashes) {
  const int count = num_partitions();
  std::vector<std::vector<uint32_t>> rows(static_cast<size_t>(count));
  for (int64_t row = 0; row < batch.num_rows; ++row) {
    rows[KeyPartition(hashes[row], count)].push_back(static_cast<uint32_t>(row));
  }
  for (int partition = 0; partition < count; ++partition) {
    const std::vector<uint32_t>& selected = rows[partition];
    if (selected.empty()) continue;
    files_[partition]->Write(Take(batch, selected.data(), static_cast<int64_t>(selected.size())));
  }
}

}  // namespace berserkr

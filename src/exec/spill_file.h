#pragma once

// Batches written to a temporary file and read back, for operators that spill when over the
// memory limit. The format is private to one run (no versioning): per batch, the row count, then
// per column a validity flag and bitmap, the values, and for strings the offsets and bytes.

#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "berserkr/common/temp_directory.h"
#include "berserkr/types/table.h"

namespace berserkr {

// Bytes written to spill files by this process so far (for tests, benchmarks and progress).
int64_t SpilledBytesTotal();

class SpillFile {
 public:
  // Creates (truncates) `path`. Throws IoError when it cannot.
  SpillFile(std::string path, SchemaPtr schema);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // Appends a batch of the schema's columns (scalar types only). Thread-safe. Throws IoError
  // naming the file when the disk is full or the write fails.
  void Write(const Batch& batch);
  // Reads the batches back in the order written (call after the last Write).
  void ForEach(const std::function<void(Batch)>& consume);

  // Reads the batches back one at a time, in the order written, so that many files can be read
  // side by side (the runs of a merge) holding one batch of each. One reader per file at a time;
  // REQUIRES: no Write once a reader exists.
  class Reader {
   public:
    // Throws IoError naming the file when it cannot be rewound.
    explicit Reader(SpillFile& file);
    // Reads the next batch into *batch; false (and *batch untouched) after the last. Throws
    // IoError naming the file when it is shorter than written.
    bool Next(Batch* batch);

   private:
    void Read(void* data, size_t size);
    BufferPtr ReadBuffer(int64_t size);

    SpillFile& file_;
    int64_t remaining_;  // bytes not read yet
  };

  int64_t bytes() const { return bytes_; }
  int64_t rows() const { return rows_; }
  const std::string& path() const { return path_; }

 private:
  void WriteBytes(const void* data, size_t size);

  std::string path_;
  SchemaPtr schema_;
  std::FILE* file_ = nullptr;
  std::mutex mutex_;
  int64_t bytes_ = 0;  // GUARDED_BY(mutex_)
  int64_t rows_ = 0;   // GUARDED_BY(mutex_)
};

// Rows split by a 64-bit hash (KeyPartition of include/berserkr/exec/grouper.h) into partition
// files inside one TempDirectory, removed with it.
class PartitionedSpill {
 public:
  PartitionedSpill(SchemaPtr schema, int num_partitions, const std::string& stem);

  // Writes row r of `batch` to the partition of hashes[r]. Thread-safe.
  void Write(const Batch& batch, const uint64_t* hashes);

  int num_partitions() const { return static_cast<int>(files_.size()); }
  SpillFile& partition(int index) { return *files_[index]; }

 private:
  TempDirectory directory_;  // declared first: destroyed last, after the files are closed
  std::vector<std::unique_ptr<SpillFile>> files_;
};

}  // namespace berserkr

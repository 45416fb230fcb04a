#pragma once

// Bytes read at any offset: what Parquet needs (the footer at the end, then column chunks), from a
// local file, memory, or an object store. Readers take a RandomAccessFile and never care which.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace berserkr {

class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;

  // Bytes in the file, fixed when it was opened.
  virtual int64_t size() const = 0;

  // Reads exactly `length` bytes at `offset` into `out`. Safe to call from several threads at
  // once. Throws InvalidInput when [offset, offset + length) is not inside the file (naming the
  // file, the range and the size: a corrupt file pointing past its end), IoError when reading
  // fails.
  virtual void ReadAt(int64_t offset, int64_t length, uint8_t* out) const = 0;

  // The name used in messages: the path or URL.
  virtual const std::string& name() const = 0;

  // ReadAt into a new vector.
  std::vector<uint8_t> ReadAt(int64_t offset, int64_t length) const;

 protected:
  // Throws the InvalidInput of ReadAt when the range is outside the file.
  void CheckRange(int64_t offset, int64_t length) const;
};

// Opens a local file. Throws IoError naming the path and the system's reason.
std::unique_ptr<RandomAccessFile> OpenLocalRandomAccessFile(const std::string& path);

// A file over bytes in memory (tests, small objects already fetched).
std::unique_ptr<RandomAccessFile> OpenMemoryRandomAccessFile(std::vector<uint8_t> bytes,
                                                             std::string name);

}  // namespace berserkr

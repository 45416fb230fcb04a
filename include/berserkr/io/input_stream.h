#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// OutputFile moved to output_stream.h; included here so the writers' includes keep working.
#include "berserkr/io/output_stream.h"

namespace berserkr {

// A sequential source of bytes: a file, a decompressor over another stream, an S3 object.
class InputStream {
 public:
  virtual ~InputStream() = default;

  // Reads up to `size` bytes into `out` and returns how many; 0 only at the end of the stream.
  // Throws IoError when reading fails and InvalidInput when compressed data is corrupt or
  // truncated, naming the source and the byte offset.
  virtual int64_t Read(uint8_t* out, int64_t size) = 0;

  // The name used in messages: the path, and the codec when decompressing ("a.csv.gz (gzip)").
  virtual const std::string& name() const = 0;
};

// Opens a local file for reading (OpenInputFile in file_system.h takes s3:// too). Throws IoError
// naming the path and the system's reason.
std::unique_ptr<InputStream> OpenLocalFile(const std::string& path);

// An in-memory stream over `bytes` (tests, small inputs).
std::unique_ptr<InputStream> OpenMemory(std::vector<uint8_t> bytes, std::string name);

// Reads `stream` to its end.
std::vector<uint8_t> ReadAll(InputStream& stream);

}  // namespace berserkr

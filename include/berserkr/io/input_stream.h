#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace berserkr {

// A sequential source of bytes: a file, a decompressor over another stream, later an S3 object.
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

// Opens a local file for reading. Throws IoError naming the path and the system's reason.
std::unique_ptr<InputStream> OpenLocalFile(const std::string& path);

// An in-memory stream over `bytes` (tests, small inputs).
std::unique_ptr<InputStream> OpenMemory(std::vector<uint8_t> bytes, std::string name);

// Reads `stream` to its end.
std::vector<uint8_t> ReadAll(InputStream& stream);

// A sink of bytes written to a temporary file beside the target and renamed over it on Close, so
// readers never see a half-written output. Destroying it without Close removes the temporary file.
class OutputFile {
 public:
  // Throws IoError when the directory is missing or not writable.
  explicit OutputFile(std::string path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void Write(const void* bytes, int64_t size);
  void Write(const std::string& text) { Write(text.data(), static_cast<int64_t>(text.size())); }
  // Flushes, syncs and renames into place. Throws IoError (e.g. disk full) naming the path.
  void Close();
  const std::string& path() const { return path_; }

 private:
  void FlushBuffer();

  std::string path_;
  std::string temporary_path_;
  int descriptor_ = -1;
  std::vector<uint8_t> buffer_;
};

}  // namespace berserkr

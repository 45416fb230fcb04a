#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace berserkr {

// A sink of bytes that becomes visible at its location only when Close succeeds: readers never
// see a half-written output. Local files write a temporary file beside the target and rename it;
// S3 objects are one PUT or a multipart upload completed on Close. Destroying a stream without
// Close discards what was written (removes the temporary file, aborts the upload).
class OutputStream {
 public:
  virtual ~OutputStream() = default;

  // Throws IoError naming the location when the bytes cannot be stored.
  virtual void Write(const void* bytes, int64_t size) = 0;
  // Makes the output visible. Throws IoError (disk full, upload refused) naming the location.
  virtual void Close() = 0;
  // The location as the user named it: a path or s3://bucket/key.
  virtual const std::string& location() const = 0;
};

// Opens a temporary file beside the local `path`, renamed over it on Close.
// Throws IoError when the directory is missing or not writable.
std::unique_ptr<OutputStream> OpenLocalOutputStream(const std::string& path);

// An output at any location (a local path or s3://bucket/key), the file system chosen by the
// location. The writers (CSV, JSON, quarantine) hold one.
class OutputFile {
 public:
  // Throws IoError when the output cannot be started (missing directory, no such bucket).
  explicit OutputFile(std::string location);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void Write(const void* bytes, int64_t size);
  void Write(const std::string& text) { Write(text.data(), static_cast<int64_t>(text.size())); }
  // Makes the output visible (see OutputStream::Close). Throws IoError naming the location.
  void Close();
  const std::string& path() const { return location_; }

 private:
  std::string location_;
  std::unique_ptr<OutputStream> stream_;
};

}  // namespace berserkr

#include "berserkr/io/random_access_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "berserkr/common/error.h"

namespace berserkr {
namespace {

class LocalRandomAccessFile final : public RandomAccessFile {
 public:
  LocalRandomAccessFile(int descriptor, int64_t size, std::string path)
      : descriptor_(descriptor), size_(size), path_(std::move(path)) {}
  ~LocalRandomAccessFile() override { ::close(descriptor_); }

  int64_t size() const override { return size_; }
  const std::string& name() const override { return path_; }

  void ReadAt(int64_t offset, int64_t length, uint8_t* out) const override {
    CheckRange(offset, length);
    int64_t done = 0;
    while (done < length) {
      // pread keeps no file position, so threads can read the same file at once.
      const ssize_t count = ::pread(descriptor_, out + done, static_cast<size_t>(length - done),
                                    static_cast<off_t>(offset + done));
      if (count < 0 && errno == EINTR) continue;
      if (count < 0) {
        throw IoError(path_ + ": read of " + std::to_string(length) + " bytes at byte " +
                      std::to_string(offset) + " failed: " + std::strerror(errno));
      }
      if (count == 0) {
        throw IoError(path_ + ": the file ended at byte " + std::to_string(offset + done) +
                      " while reading " + std::to_string(length) + " bytes at byte " +
                      std::to_string(offset) + " (was it truncated while being read?)");
      }
      done += count;
    }
  }

 private:
  int descriptor_;
  int64_t size_;
  std::string path_;
};

class MemoryRandomAccessFile final : public RandomAccessFile {
 public:
  MemoryRandomAccessFile(std::vector<uint8_t> bytes, std::string name)
      : bytes_(std::move(bytes)), name_(std::move(name)) {}

  int64_t size() const override { return static_cast<int64_t>(bytes_.size()); }
  const std::string& name() const override { return name_; }

  void ReadAt(int64_t offset, int64_t length, uint8_t* out) const override {
    CheckRange(offset, length);
    if (length > 0) std::memcpy(out, bytes_.data() + offset, static_cast<size_t>(length));
  }

 private:
  std::vector<uint8_t> bytes_;
  std::string name_;
};

}  // namespace

std::vector<uint8_t> RandomAccessFile::ReadAt(int64_t offset, int64_t length) const {
  CheckRange(offset, length);
  std::vector<uint8_t> bytes(static_cast<size_t>(length));
  ReadAt(offset, length, bytes.data());
  return bytes;
}

void RandomAccessFile::CheckRange(int64_t offset, int64_t length) const {
  if (offset >= 0 && length >= 0 && offset <= size() && length <= size() - offset) return;
  throw InvalidInput(name() + ": a read of " + std::to_string(length) + " bytes at byte " +
                     std::to_string(offset) + " is outside the file's " + std::to_string(size()) +
                     " bytes (the file is truncated or its metadata is corrupt)");
}

std::unique_ptr<RandomAccessFile> OpenLocalRandomAccessFile(const std::string& path) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) throw IoError(path + ": cannot open: " + std::strerror(errno));
  struct stat status;
  if (::fstat(descriptor, &status) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(descriptor);
    throw IoError(path + ": cannot read its size: " + reason);
  }
  if (S_ISDIR(status.st_mode)) {
    ::close(descriptor);
    throw IoError(path + ": is a directory, not a file");
  }
  return std::make_unique<LocalRandomAccessFile>(descriptor, static_cast<int64_t>(status.st_size),
                                                 path);
}

std::unique_ptr<RandomAccessFile> OpenMemoryRandomAccessFile(std::vector<uint8_t> bytes,
                                                             std::string name) {
  return std::make_unique<MemoryRandomAccessFile>(std::move(bytes), std::move(name));
}

}  // namespace berserkr

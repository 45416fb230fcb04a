#include "berserkr/io/input_stream.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "berserkr/common/error.h"

namespace berserkr {
namespace {

std::string SystemReason() { return std::strerror(errno); }

class LocalFileStream : public InputStream {
 public:
  LocalFileStream(int descriptor, std::string path)
      : descriptor_(descriptor), path_(std::move(path)) {}
  ~LocalFileStream() override { ::close(descriptor_); }

  int64_t Read(uint8_t* out, int64_t size) override {
    for (;;) {
      const ssize_t count = ::read(descriptor_, out, static_cast<size_t>(size));
      if (count >= 0) {
        offset_ += count;
        return count;
      }
      if (errno == EINTR) continue;
      throw IoError(path_ + ": read failed at byte " + std::to_string(offset_) + ": " +
                    SystemReason());
    }
  }
  const std::string& name() const override { return path_; }

 private:
  int descriptor_;
  std::string path_;
  int64_t offset_ = 0;
};

class MemoryStream : public InputStream {
 public:
  MemoryStream(std::vector<uint8_t> bytes, std::string name)
      : bytes_(std::move(bytes)), name_(std::move(name)) {}

  int64_t Read(uint8_t* out, int64_t size) override {
    const int64_t count = std::min<int64_t>(size, static_cast<int64_t>(bytes_.size()) - position_);
    if (count <= 0) return 0;  // also keeps memcpy away from an empty vector's null data()
    std::memcpy(out, bytes_.data() + position_, static_cast<size_t>(count));
    position_ += count;
    return count;
  }
  const std::string& name() const override { return name_; }

 private:
  std::vector<uint8_t> bytes_;
  std::string name_;
  int64_t position_ = 0;
};

}  // namespace

std::unique_ptr<InputStream> OpenLocalFile(const std::string& path) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) throw IoError(path + ": cannot open: " + SystemReason());
  ::posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::make_unique<LocalFileStream>(descriptor, path);
}

std::unique_ptr<InputStream> OpenMemory(std::vector<uint8_t> bytes, std::string name) {
  return std::make_unique<MemoryStream>(std::move(bytes), std::move(name));
}

std::vector<uint8_t> ReadAll(InputStream& stream) {
  std::vector<uint8_t> bytes;
  int64_t size = 0;
  for (;;) {
    if (static_cast<int64_t>(bytes.size()) - size < (1 << 16)) {
      bytes.resize(std::max<size_t>(bytes.size() * 2, 1 << 20));
    }
    const int64_t count =
        stream.Read(bytes.data() + size, static_cast<int64_t>(bytes.size()) - size);
    if (count == 0) break;
    size += count;
  }
  bytes.resize(static_cast<size_t>(size));
  return bytes;
}

}  // namespace berserkr

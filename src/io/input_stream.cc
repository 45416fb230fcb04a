#include "berserkr/io/input_stream.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

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

namespace {
constexpr size_t kOutputBufferBytes = 1 << 20;
}

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  std::random_device random;
  temporary_path_ = path_ + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(random());
  descriptor_ = ::open(temporary_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (descriptor_ < 0) throw IoError(path_ + ": cannot create output: " + SystemReason());
  buffer_.reserve(kOutputBufferBytes);
}

OutputFile::~OutputFile() {
  if (descriptor_ >= 0) {
    ::close(descriptor_);
    ::unlink(temporary_path_.c_str());
  }
}

void OutputFile::FlushBuffer() {
  size_t written = 0;
  while (written < buffer_.size()) {
    const ssize_t count = ::write(descriptor_, buffer_.data() + written, buffer_.size() - written);
    if (count < 0) {
      if (errno == EINTR) continue;
      throw IoError(path_ + ": write failed: " + SystemReason());
    }
    written += static_cast<size_t>(count);
  }
  buffer_.clear();
}

void OutputFile::Write(const void* bytes, int64_t size) {
  if (descriptor_ < 0) throw Internal(path_ + ": write after close");
  const uint8_t* source = static_cast<const uint8_t*>(bytes);
  if (buffer_.size() + static_cast<size_t>(size) > kOutputBufferBytes) FlushBuffer();
  if (static_cast<size_t>(size) >= kOutputBufferBytes) {
    buffer_.assign(source, source + size);
    FlushBuffer();
    return;
  }
  buffer_.insert(buffer_.end(), source, source + size);
}

void OutputFile::Close() {
  FlushBuffer();
  if (::fsync(descriptor_) != 0) throw IoError(path_ + ": sync failed: " + SystemReason());
  if (::close(descriptor_) != 0) {
    descriptor_ = -1;
    ::unlink(temporary_path_.c_str());
    throw IoError(path_ + ": close failed: " + SystemReason());
  }
  descriptor_ = -1;
  if (::rename(temporary_path_.c_str(), path_.c_str()) != 0) {
    const std::string reason = SystemReason();
    ::unlink(temporary_path_.c_str());
    throw IoError(path_ + ": cannot move output into place: " + reason);
  }
}

}  // namespace berserkr

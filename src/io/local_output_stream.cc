#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/io/output_stream.h"

namespace berserkr {
namespace {

constexpr size_t kOutputBufferBytes = 1 << 20;

std::string SystemReason() { return std::strerror(errno); }

// A temporary file beside the target, renamed over it on Close: rename(2) within a directory is
// atomic, so readers see the old file or the whole new one.
class LocalOutputStream final : public OutputStream {
 public:
  explicit LocalOutputStream(std::string path) : path_(std::move(path)) {
    std::random_device random;
    temporary_path_ = path_ + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(random());
    descriptor_ = ::open(temporary_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (descriptor_ < 0) throw IoError(path_ + ": cannot create output: " + SystemReason());
    buffer_.reserve(kOutputBufferBytes);
  }

  ~LocalOutputStream() override {
    if (descriptor_ >= 0) {
      ::close(descriptor_);
      ::unlink(temporary_path_.c_str());
    }
  }

  void Write(const void* bytes, int64_t size) override {
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

  void Close() override {
    if (descriptor_ < 0) throw Internal(path_ + ": closed twice");
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

  const std::string& location() const override { return path_; }

 private:
  void FlushBuffer() {
    size_t written = 0;
    while (written < buffer_.size()) {
      const ssize_t count =
          ::write(descriptor_, buffer_.data() + written, buffer_.size() - written);
      if (count < 0) {
        if (errno == EINTR) continue;
        throw IoError(path_ + ": write failed: " + SystemReason());
      }
      written += static_cast<size_t>(count);
    }
    buffer_.clear();
  }

  std::string path_;
  std::string temporary_path_;
  int descriptor_ = -1;
  std::vector<uint8_t> buffer_;
};

}  // namespace

std::unique_ptr<OutputStream> OpenLocalOutputStream(const std::string& path) {
  return std::make_unique<LocalOutputStream>(path);
}

}  // namespace berserkr

#include <algorithm>
#include <cstring>

#include "berserkr/common/error.h"
#include "berserkr/io/file_system.h"
#include "berserkr/io/s3_options.h"
#include "io/s3/s3_client_internal.h"

namespace berserkr {
namespace {

using s3::S3Client;
using s3::S3Location;

int64_t RequireSize(const S3Client& client, const S3Location& location) {
  const std::optional<s3::ObjectInfo> info = client.HeadObject(location);
  if (!info) throw IoError("no such object " + location.ToString());
  return info->size;
}

// Ranged GETs: the size is read once (HEAD) at open, every ReadAt is one request on the calling
// thread, so Parquet column chunks can be fetched in parallel.
class S3RandomAccessFile final : public RandomAccessFile {
 public:
  S3RandomAccessFile(std::shared_ptr<const S3Client> client, S3Location location)
      : client_(std::move(client)),
        location_(std::move(location)),
        name_(location_.ToString()),
        size_(RequireSize(*client_, location_)) {}

  int64_t size() const override { return size_; }
  const std::string& name() const override { return name_; }

  void ReadAt(int64_t offset, int64_t length, uint8_t* out) const override {
    CheckRange(offset, length);
    client_->GetRange(location_, offset, length, out);
  }

 private:
  std::shared_ptr<const S3Client> client_;
  S3Location location_;
  std::string name_;
  int64_t size_;
};

// Sequential reads as ranged GETs of a chunk at a time: each chunk is retried on its own, so a
// connection dropped in the middle of a large object costs one chunk, not the whole object.
class S3InputStream final : public InputStream {
 public:
  S3InputStream(std::shared_ptr<const S3Client> client, S3Location location)
      : client_(std::move(client)),
        location_(std::move(location)),
        name_(location_.ToString()),
        size_(RequireSize(*client_, location_)),
        chunk_bytes_(std::max<int64_t>(client_->options().read_chunk_bytes, 1 << 16)) {}

  int64_t Read(uint8_t* out, int64_t size) override {
    if (buffer_position_ == static_cast<int64_t>(buffer_.size())) {
      const int64_t remaining = size_ - offset_;
      if (remaining <= 0 || size <= 0) return 0;
      // A read as large as a chunk goes straight into the caller's memory.
      if (size >= chunk_bytes_) {
        const int64_t length = std::min(size, remaining);
        client_->GetRange(location_, offset_, length, out);
        offset_ += length;
        return length;
      }
      const int64_t length = std::min(chunk_bytes_, remaining);
      buffer_.resize(static_cast<size_t>(length));
      client_->GetRange(location_, offset_, length, buffer_.data());
      offset_ += length;
      buffer_position_ = 0;
    }
    const int64_t count =
        std::min<int64_t>(size, static_cast<int64_t>(buffer_.size()) - buffer_position_);
    std::memcpy(out, buffer_.data() + buffer_position_, static_cast<size_t>(count));
    buffer_position_ += count;
    return count;
  }

  const std::string& name() const override { return name_; }

 private:
  std::shared_ptr<const S3Client> client_;
  S3Location location_;
  std::string name_;
  int64_t size_;
  int64_t chunk_bytes_;
  int64_t offset_ = 0;  // object bytes fetched so far
  std::vector<uint8_t> buffer_;
  int64_t buffer_position_ = 0;
};

// Small outputs are one PUT on Close; once a part's worth is written a multipart upload starts
// and each full part goes up as it fills. Close completes it; failure or destruction without
// Close aborts it, so no object appears and no parts are left behind to pay for.
class S3OutputStream final : public OutputStream {
 public:
  S3OutputStream(std::shared_ptr<const S3Client> client, S3Location location)
      : client_(std::move(client)),
        location_(std::move(location)),
        name_(location_.ToString()),
        part_size_(std::max<int64_t>(client_->options().part_size, 1)) {}

  ~S3OutputStream() override {
    if (!closed_) AbortQuietly();
  }

  void Write(const void* bytes, int64_t size) override {
    if (closed_) throw Internal(name_ + ": write after close");
    buffer_.append(static_cast<const char*>(bytes), static_cast<size_t>(size));
    if (static_cast<int64_t>(buffer_.size()) >= part_size_) UploadBufferAsPart();
  }

  void Close() override {
    if (closed_) throw Internal(name_ + ": closed twice");
    try {
      if (upload_id_.empty()) {
        client_->PutObject(location_, buffer_);
      } else {
        if (!buffer_.empty() || part_etags_.empty()) UploadBufferAsPart();
        client_->CompleteMultipartUpload(location_, upload_id_, part_etags_);
      }
    } catch (...) {
      AbortQuietly();
      closed_ = true;
      throw;
    }
    closed_ = true;
    upload_id_.clear();
    buffer_.clear();
  }

  const std::string& location() const override { return name_; }

 private:
  void UploadBufferAsPart() {
    try {
      if (upload_id_.empty()) upload_id_ = client_->CreateMultipartUpload(location_);
      part_etags_.push_back(client_->UploadPart(location_, upload_id_,
                                                static_cast<int>(part_etags_.size()) + 1, buffer_));
    } catch (...) {
      AbortQuietly();
      closed_ = true;
      throw;
    }
    buffer_.clear();
  }

  void AbortQuietly() noexcept {
    if (upload_id_.empty()) return;
    try {
      client_->AbortMultipartUpload(location_, upload_id_);
    } catch (const std::exception&) {
      // Nothing more to do: a bucket lifecycle rule can still expire abandoned parts.
    }
    upload_id_.clear();
  }

  std::shared_ptr<const S3Client> client_;
  S3Location location_;
  std::string name_;
  int64_t part_size_;
  std::string buffer_;
  std::string upload_id_;  // "" until a multipart upload starts
  std::vector<std::string> part_etags_;
  bool closed_ = false;
};

class S3FileSystem final : public FileSystem {
 public:
  explicit S3FileSystem(S3Options options)
      : client_(std::make_shared<const S3Client>(std::move(options))) {}

  std::unique_ptr<RandomAccessFile> OpenRandomAccess(const std::string& location) override {
    return std::make_unique<S3RandomAccessFile>(client_, s3::ParseS3Location(location));
  }

  std::unique_ptr<InputStream> OpenInputStream(const std::string& location) override {
    return std::make_unique<S3InputStream>(client_, s3::ParseS3Location(location));
  }

  std::unique_ptr<OutputStream> OpenOutputStream(const std::string& location) override {
    S3Location parsed = s3::ParseS3Location(location);
    if (parsed.key.empty() || parsed.key.back() == '/') {
      throw InvalidInput(location + ": an output needs an object key, not a bucket or prefix");
    }
    return std::make_unique<S3OutputStream>(client_, std::move(parsed));
  }

  std::optional<FileInfo> Stat(const std::string& location) override {
    const S3Location parsed = s3::ParseS3Location(location);
    if (parsed.key.empty()) return std::nullopt;
    const std::optional<s3::ObjectInfo> info = client_->HeadObject(parsed);
    if (!info) return std::nullopt;
    return FileInfo{location, info->size};
  }

  std::vector<FileInfo> List(const std::string& prefix) override {
    const S3Location parsed = s3::ParseS3Location(prefix);
    std::vector<FileInfo> objects;
    std::string token;
    do {
      s3::ListPage page = client_->ListObjects(parsed, token);
      for (FileInfo& info : page.objects) objects.push_back(std::move(info));
      token = std::move(page.next_continuation_token);
    } while (!token.empty());
    // S3 lists in UTF-8 byte order already; sorting keeps the promise for any server.
    std::sort(objects.begin(), objects.end(), [](const FileInfo& left, const FileInfo& right) {
      return left.location < right.location;
    });
    return objects;
  }

  void Delete(const std::string& location) override {
    client_->DeleteObject(s3::ParseS3Location(location));
  }

  PutIfAbsentResult PutIfAbsent(const std::string& location, std::string_view bytes) override {
    return client_->PutObjectIfAbsent(s3::ParseS3Location(location), bytes);
  }

 private:
  std::shared_ptr<const S3Client> client_;
};

}  // namespace

std::unique_ptr<FileSystem> MakeS3FileSystem(S3Options options) {
  return std::make_unique<S3FileSystem>(std::move(options));
}

}  // namespace berserkr

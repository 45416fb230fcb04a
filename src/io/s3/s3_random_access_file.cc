#include "berserkr/common/error.h"
#include "io/s3/s3_streams_internal.h"

namespace berserkr::s3 {
namespace {

// The size is read once (HEAD) at open; every ReadAt is one ranged GET on the calling thread, so
// Parquet column chunks can be fetched from several threads at once.
class S3RandomAccessFile final : public RandomAccessFile {
 public:
  S3RandomAccessFile(std::shared_ptr<const S3Client> client, S3Location location)
      : client_(std::move(client)),
        location_(std::move(location)),
        name_(location_.ToString()),
        size_(RequireObjectSize(*client_, location_)) {}

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

}  // namespace

int64_t RequireObjectSize(const S3Client& client, const S3Location& location) {
  const std::optional<ObjectInfo> info = client.HeadObject(location);
  if (!info) throw IoError("no such object " + location.ToString());
  return info->size;
}

std::unique_ptr<RandomAccessFile> OpenS3RandomAccessFile(std::shared_ptr<const S3Client> client,
                                                         S3Location location) {
  return std::make_unique<S3RandomAccessFile>(std::move(client), std::move(location));
}

}  // namespace berserkr::s3

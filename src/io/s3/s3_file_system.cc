#include <algorithm>

#include "berserkr/common/error.h"
#include "berserkr/io/file_system.h"
#include "berserkr/io/s3_options.h"
#include "io/s3/s3_client_internal.h"
#include "io/s3/s3_streams_internal.h"

namespace berserkr {
namespace {

using s3::S3Client;
using s3::S3Location;

class S3FileSystem final : public FileSystem {
 public:
  explicit S3FileSystem(S3Options options)
      : client_(std::make_shared<const S3Client>(std::move(options))) {}

  std::unique_ptr<RandomAccessFile> OpenRandomAccess(const std::string& location) override {
    return s3::OpenS3RandomAccessFile(client_, s3::ParseS3Location(location));
  }

  std::unique_ptr<InputStream> OpenInputStream(const std::string& location) override {
    return s3::OpenS3InputStream(client_, s3::ParseS3Location(location));
  }

  std::unique_ptr<OutputStream> OpenOutputStream(const std::string& location) override {
    S3Location parsed = s3::ParseS3Location(location);
    if (parsed.key.empty() || parsed.key.back() == '/') {
      throw InvalidInput(location + ": an output needs an object key, not a bucket or prefix");
    }
    return s3::OpenS3OutputStream(client_, std::move(parsed));
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

  void CreateDirectories(const std::string& directory) override {
    s3::ParseS3Location(directory);  // only checks the location: keys need no directories
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

#include "berserkr/io/file_system.h"

#include <memory>
#include <mutex>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/io/s3_options.h"

namespace berserkr {
namespace {

// The process-wide S3 file system, made from the environment on first use.
struct DefaultS3 {
  std::mutex mutex;
  std::unique_ptr<FileSystem> current;  // GUARDED_BY(mutex)
  // Replaced ones stay alive: a caller may still hold a reference from FileSystemFor.
  std::vector<std::unique_ptr<FileSystem>> retired;  // GUARDED_BY(mutex)
};

DefaultS3& DefaultS3State() {
  static DefaultS3 state;
  return state;
}

FileSystem& DefaultS3FileSystem() {
  DefaultS3& state = DefaultS3State();
  std::lock_guard<std::mutex> lock(state.mutex);
  if (!state.current) state.current = MakeS3FileSystem(S3Options::FromEnvironment());
  return *state.current;
}

}  // namespace

int64_t FileSystem::Size(const std::string& location) {
  const std::optional<FileInfo> info = Stat(location);
  if (!info) {
    throw IoError(IsS3Location(location) ? "no such object " + location
                                         : location + ": no such file");
  }
  return info->size;
}

bool IsS3Location(std::string_view location) { return location.starts_with("s3://"); }

FileSystem& FileSystemFor(std::string_view location) {
  return IsS3Location(location) ? DefaultS3FileSystem() : LocalFileSystem();
}

void SetDefaultS3Options(S3Options options) {
  DefaultS3& state = DefaultS3State();
  std::unique_ptr<FileSystem> replacement = MakeS3FileSystem(std::move(options));
  std::lock_guard<std::mutex> lock(state.mutex);
  if (state.current) state.retired.push_back(std::move(state.current));
  state.current = std::move(replacement);
}

std::unique_ptr<RandomAccessFile> OpenRandomAccessFile(const std::string& location) {
  return FileSystemFor(location).OpenRandomAccess(location);
}

std::unique_ptr<InputStream> OpenInputFile(const std::string& location) {
  return FileSystemFor(location).OpenInputStream(location);
}

std::unique_ptr<OutputStream> OpenOutputStream(const std::string& location) {
  return FileSystemFor(location).OpenOutputStream(location);
}

}  // namespace berserkr

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include "berserkr/common/error.h"
#include "berserkr/io/file_system.h"

namespace berserkr {
namespace {

std::string SystemReason() { return std::strerror(errno); }

void WriteWhole(int descriptor, std::string_view bytes, const std::string& path) {
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t count = ::write(descriptor, bytes.data() + written, bytes.size() - written);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) throw IoError(path + ": write failed: " + SystemReason());
    written += static_cast<size_t>(count);
  }
}

// Makes a new directory entry durable (after link or rename), as a commit must be.
void SyncDirectory(const std::filesystem::path& directory) {
  const int descriptor =
      ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (descriptor < 0) return;  // best effort: some file systems refuse to open directories
  ::fsync(descriptor);
  ::close(descriptor);
}

class LocalFileSystemImpl final : public FileSystem {
 public:
  std::unique_ptr<RandomAccessFile> OpenRandomAccess(const std::string& location) override {
    return OpenLocalRandomAccessFile(location);
  }

  std::unique_ptr<InputStream> OpenInputStream(const std::string& location) override {
    return OpenLocalFile(location);
  }

  std::unique_ptr<OutputStream> OpenOutputStream(const std::string& location) override {
    return OpenLocalOutputStream(location);
  }

  std::optional<FileInfo> Stat(const std::string& location) override {
    struct stat status;
    if (::stat(location.c_str(), &status) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
      throw IoError(location + ": cannot read its status: " + SystemReason());
    }
    if (!S_ISREG(status.st_mode)) return std::nullopt;
    return FileInfo{location, static_cast<int64_t>(status.st_size)};
  }

  std::vector<FileInfo> List(const std::string& prefix) override {
    namespace fs = std::filesystem;
    std::error_code error;
    const bool is_directory = fs::is_directory(prefix, error);
    // A directory lists everything below it; any other prefix lists the files of its directory
    // (recursively) whose path starts with it, as an S3 key prefix would.
    const fs::path root = is_directory ? fs::path(prefix) : fs::path(prefix).parent_path();
    const fs::path walk_root = root.empty() ? fs::path(".") : root;
    std::vector<FileInfo> files;
    if (!fs::is_directory(walk_root, error)) return files;
    for (auto it = fs::recursive_directory_iterator(walk_root, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (!it->is_regular_file(error)) continue;
      std::string path = it->path().string();
      if (root.empty() && path.starts_with("./")) path.erase(0, 2);
      if (!is_directory && !path.starts_with(prefix)) continue;
      files.push_back({path, static_cast<int64_t>(it->file_size(error))});
    }
    if (error) throw IoError(walk_root.string() + ": cannot list: " + error.message());
    std::sort(files.begin(), files.end(), [](const FileInfo& left, const FileInfo& right) {
      return left.location < right.location;
    });
    return files;
  }

  void Delete(const std::string& location) override {
    if (::unlink(location.c_str()) != 0 && errno != ENOENT) {
      throw IoError(location + ": cannot delete: " + SystemReason());
    }
  }

  void CreateDirectories(const std::string& directory) override {
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error) throw IoError(directory + ": cannot create the directory: " + error.message());
  }

  PutIfAbsentResult PutIfAbsent(const std::string& location, std::string_view bytes) override {
    std::random_device random;
    const std::string temporary =
        location + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(random());
    const int descriptor = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (descriptor < 0) throw IoError(location + ": cannot create: " + SystemReason());
    try {
      WriteWhole(descriptor, bytes, location);
      if (::fsync(descriptor) != 0) throw IoError(location + ": sync failed: " + SystemReason());
    } catch (...) {
      ::close(descriptor);
      ::unlink(temporary.c_str());
      throw;
    }
    ::close(descriptor);
    // link(2) creates the name only if it does not exist, atomically; the complete file appears
    // at once. File systems without hard links get renameat2(RENAME_NOREPLACE).
    int result = ::link(temporary.c_str(), location.c_str());
    if (result != 0 && (errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP)) {
      result =
          ::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, location.c_str(), RENAME_NOREPLACE);
    }
    const int link_error = result == 0 ? 0 : errno;
    ::unlink(temporary.c_str());
    if (link_error == EEXIST) return PutIfAbsentResult::kAlreadyExists;
    if (link_error != 0) {
      throw IoError(location + ": cannot create: " + std::strerror(link_error));
    }
    SyncDirectory(std::filesystem::path(location).parent_path());
    return PutIfAbsentResult::kCreated;
  }
};

}  // namespace

FileSystem& LocalFileSystem() {
  static LocalFileSystemImpl file_system;
  return file_system;
}

}  // namespace berserkr

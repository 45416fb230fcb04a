#include "berserkr/common/temp_directory.h"

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <system_error>

#include "berserkr/common/error.h"

namespace berserkr {
namespace {

// The directories alive now, in fixed storage so the signal handler reads them without
// allocating. A slot is in use when its first byte is not zero.
constexpr int kMaxDirectories = 256;
constexpr size_t kMaxPathBytes = 4096;
char registered[kMaxDirectories][kMaxPathBytes];
std::mutex registry_mutex;

std::mutex parent_mutex;
std::string parent_override;  // GUARDED_BY(parent_mutex)

// Removes the files of `path` and the directory itself using only calls that work inside a
// signal handler in practice (opendir/readdir are not on POSIX's async-signal-safe list, but
// neither allocates on glibc once the directory is open).
void RemoveDirectoryNow(const char* path) {
  if (DIR* directory = opendir(path)) {
    char file[kMaxPathBytes];
    while (dirent* entry = readdir(directory)) {
      if (std::strcmp(entry->d_name, ".") == 0 || std::strcmp(entry->d_name, "..") == 0) continue;
      const size_t length = std::strlen(path);
      if (length + 1 + std::strlen(entry->d_name) + 1 > sizeof(file)) continue;
      std::memcpy(file, path, length);
      file[length] = '/';
      std::strcpy(file + length + 1, entry->d_name);
      unlink(file);
    }
    closedir(directory);
  }
  rmdir(path);
}

void HandleTerminatingSignal(int signal_number) {
  for (auto& path : registered) {
    if (path[0] != '\0') RemoveDirectoryNow(path);
  }
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

void InstallSignalHandlersOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction current {};
      sigaction(signal_number, nullptr, &current);
      if (current.sa_handler != SIG_DFL) continue;  // someone else's: leave it alone
      struct sigaction action {};
      action.sa_handler = HandleTerminatingSignal;
      sigemptyset(&action.sa_mask);
      sigaction(signal_number, &action, nullptr);
    }
  });
}

}  // namespace

void SetTempDirectoryParent(std::string parent) {
  std::lock_guard<std::mutex> lock(parent_mutex);
  parent_override = std::move(parent);
}

std::string TempDirectoryParent() {
  {
    std::lock_guard<std::mutex> lock(parent_mutex);
    if (!parent_override.empty()) return parent_override;
  }
  for (const char* variable : {"BERSERKR_TEMP_DIR", "TMPDIR"}) {
    const char* value = std::getenv(variable);
    if (value != nullptr && value[0] != '\0') return value;
  }
  return "/tmp";
}

TempDirectory::TempDirectory() {
  const std::string parent = TempDirectoryParent();
  std::string pattern = parent + "/berserkr-spill-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    throw IoError("cannot create a spill directory in " + parent + ": " + std::strerror(errno) +
                  " (set another with --temp-dir or BERSERKR_TEMP_DIR)");
  }
  path_ = pattern;
  InstallSignalHandlersOnce();
  std::lock_guard<std::mutex> lock(registry_mutex);
  for (int slot = 0; slot < kMaxDirectories; ++slot) {
    if (registered[slot][0] == '\0' && path_.size() < kMaxPathBytes) {
      std::memcpy(registered[slot], path_.c_str(), path_.size() + 1);
      slot_ = slot;
      break;
    }
  }
}

TempDirectory::~TempDirectory() {
  if (slot_ >= 0) {
    std::lock_guard<std::mutex> lock(registry_mutex);
    registered[slot_][0] = '\0';
  }
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDirectory::NewFilePath(const std::string& stem) {
  return path_ + "/" + stem + "-" + std::to_string(next_file_++) + ".spill";
}

}  // namespace berserkr

#pragma once

#include <atomic>
#include <string>

namespace berserkr {

// A private directory for one operator's spill files, removed with everything in it when destroyed
// — after success and after an error alike — and by a SIGINT / SIGTERM / SIGHUP handler when the
// process is interrupted (the handler then lets the signal end the process as usual).
class TempDirectory {
 public:
  // Creates a fresh directory under TempDirectoryParent(). Throws IoError naming the parent when
  // it cannot.
  TempDirectory();
  ~TempDirectory();
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;

  const std::string& path() const { return path_; }
  // A path for a new file inside, unique within this directory.
  std::string NewFilePath(const std::string& stem);

 private:
  std::string path_;
  int slot_ = -1;  // in the registry the signal handler cleans up
  std::atomic<int64_t> next_file_{0};
};

// Where spill directories go: set by --temp-dir; otherwise $BERSERKR_TEMP_DIR, $TMPDIR or /tmp.
void SetTempDirectoryParent(std::string parent);
std::string TempDirectoryParent();

}  // namespace berserkr

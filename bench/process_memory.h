#pragma once

#include <cstdint>
#include <fstream>
#include <string>

namespace berserkr::bench {

// The process's peak resident set size in bytes, from /proc/self/status; -1 where unavailable.
inline int64_t PeakResidentBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      return std::stoll(line.substr(6)) * 1024;  // the kernel reports kB
    }
  }
  return -1;
}

}  // namespace berserkr::bench

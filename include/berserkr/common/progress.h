#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace berserkr {

// Counters that long work advances from any thread; read by a ProgressPrinter.
struct Progress {
  std::atomic<int64_t> bytes_done{0};
  std::atomic<int64_t> rows_done{0};
  std::atomic<int64_t> files_done{0};
  std::atomic<int64_t> files_total{0};
};

// Shows a one-line status on stderr (files, rows, MB, MB/s), refreshed twice a second, once the
// work has run for more than `delay_seconds` — and only when stderr is a terminal, so logs and
// pipes stay clean. The line is cleared when the printer goes away.
class ProgressPrinter {
 public:
  ProgressPrinter(const Progress& progress, std::string label, double delay_seconds = 2.0);
  ~ProgressPrinter();
  ProgressPrinter(const ProgressPrinter&) = delete;
  ProgressPrinter& operator=(const ProgressPrinter&) = delete;

 private:
  void Run();

  const Progress& progress_;
  std::string label_;
  double delay_seconds_;
  std::mutex mutex_;
  std::condition_variable stop_signal_;
  bool stopping_ = false;  // GUARDED_BY(mutex_)
  bool printed_ = false;
  std::thread thread_;
};

}  // namespace berserkr

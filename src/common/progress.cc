#include "berserkr/common/progress.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace berserkr {

ProgressPrinter::ProgressPrinter(const Progress& progress, std::string label, double delay_seconds)
    : progress_(progress), label_(std::move(label)), delay_seconds_(delay_seconds) {
  if (::isatty(STDERR_FILENO)) thread_ = std::thread([this] { Run(); });
}

ProgressPrinter::~ProgressPrinter() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  stop_signal_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ProgressPrinter::Run() {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  if (stop_signal_.wait_for(lock, std::chrono::duration<double>(delay_seconds_),
                            [this] { return stopping_; })) {
    return;
  }
  while (true) {
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double megabytes = static_cast<double>(progress_.bytes_done.load()) / 1e6;
    std::fprintf(stderr, "\r%s: %lld/%lld files, %lld rows, %.0f MB, %.0f MB/s, %.0f s   ",
                 label_.c_str(), static_cast<long long>(progress_.files_done.load()),
                 static_cast<long long>(progress_.files_total.load()),
                 static_cast<long long>(progress_.rows_done.load()), megabytes, megabytes / seconds,
                 seconds);
    std::fflush(stderr);
    printed_ = true;
    if (stop_signal_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stopping_; })) {
      break;
    }
  }
  if (printed_) std::fprintf(stderr, "\r\033[K");
}

}  // namespace berserkr

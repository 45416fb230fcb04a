#include <algorithm>
#include <random>

#include "io/s3/retry_policy_internal.h"

namespace berserkr::s3 {

bool RetryPolicy::IsRetryableStatus(long status, std::string_view s3_error_code) {
  if (status >= 500 || status == 429) return true;
  return s3_error_code == "SlowDown" || s3_error_code == "RequestTimeout" ||
         s3_error_code == "InternalError";
}

std::chrono::milliseconds RetryPolicy::Backoff(int attempt) const {
  const int doublings = std::clamp(attempt - 1, 0, 30);
  const int64_t ceiling =
      std::min<int64_t>(max_backoff_ms, initial_backoff_ms * (int64_t{1} << doublings));
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_int_distribution<int64_t> wait(0, std::max<int64_t>(ceiling, 0));
  return std::chrono::milliseconds(wait(random));
}

}  // namespace berserkr::s3

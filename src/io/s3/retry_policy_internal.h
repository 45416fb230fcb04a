#pragma once

// When and how long to wait before trying an S3 request again.

#include <chrono>
#include <cstdint>
#include <string_view>

namespace berserkr::s3 {

struct RetryPolicy {
  int max_attempts = 5;  // attempts in all, the first included
  int64_t initial_backoff_ms = 100;
  int64_t max_backoff_ms = 5'000;

  // Whether an HTTP answer is worth another attempt: 5xx (S3's InternalError / ServiceUnavailable
  // are transient), 429, and 503 SlowDown / RequestTimeout codes that come with other statuses.
  static bool IsRetryableStatus(long status, std::string_view s3_error_code);

  // The wait before attempt `attempt` + 1 (attempt counts from 1): a random duration in
  // [0, min(max, initial * 2^(attempt-1))] — "full jitter", so clients that failed together do
  // not come back together.
  std::chrono::milliseconds Backoff(int attempt) const;
};

}  // namespace berserkr::s3

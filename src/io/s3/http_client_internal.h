#pragma once

// One HTTP request over libcurl, nothing S3-specific: the S3 client signs, retries and reads
// errors on top. Each thread keeps its own curl handle, so connections (and TLS sessions) are
// reused across requests without locking.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "berserkr/common/error.h"

namespace berserkr::s3 {

struct HttpRequest {
  std::string method;  // GET, HEAD, PUT, POST, DELETE
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;  // sent as is (PUT / POST); must outlive the call
  // When set, a 2xx response body is written here instead of HttpResponse::body (ranged reads
  // land in the caller's buffer without a copy); more than `destination_capacity` bytes is an
  // error.
  uint8_t* destination = nullptr;
  int64_t destination_capacity = 0;
};

struct HttpResponse {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  int64_t destination_bytes = 0;  // bytes written to HttpRequest::destination

  // The value of a header (name in lower case), "" when absent.
  std::string Header(std::string_view name) const;
};

struct HttpOptions {
  int64_t connect_ms = 10'000;
  // The whole exchange; 0 for no limit (large uploads), a stalled transfer is then caught by
  // `stall_seconds`.
  int64_t request_ms = 0;
  // A transfer that moves under 1 byte per second for this long is abandoned.
  int64_t stall_seconds = 60;
  // A PEM file of certificate authorities to trust instead of the system's ("" = system).
  std::string ca_bundle;
};

// No HTTP response arrived: refused or dropped connection, DNS failure, timeout (worth
// retrying), or a TLS certificate that does not verify, a malformed URL (not worth it).
class HttpTransportError : public IoError {
 public:
  HttpTransportError(const std::string& message, bool timed_out, bool retryable)
      : IoError(message), timed_out_(timed_out), retryable_(retryable) {}
  bool timed_out() const { return timed_out_; }
  bool retryable() const { return retryable_; }

 private:
  bool timed_out_;
  bool retryable_;
};

// Performs `request` on this thread's handle. Returns any HTTP status (errors included); throws
// HttpTransportError when there was no complete response.
HttpResponse PerformHttpRequest(const HttpRequest& request, const HttpOptions& options);

}  // namespace berserkr::s3

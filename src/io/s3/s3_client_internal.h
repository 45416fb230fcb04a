#pragma once

// The S3 REST calls berserkr needs, signed (SigV4) and retried, with errors that name the
// object and carry S3's own code and message. Thread-safe: requests run on the calling thread's
// curl handle and the client itself is immutable after construction.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "berserkr/io/file_system.h"
#include "berserkr/io/s3_options.h"
#include "io/s3/http_client_internal.h"
#include "io/s3/retry_policy_internal.h"
#include "io/s3/s3_location_internal.h"
#include "io/s3/sigv4_signer_internal.h"

namespace berserkr::s3 {

struct ObjectInfo {
  int64_t size = 0;
  std::string etag;
};

struct ListPage {
  std::vector<FileInfo> objects;        // locations as s3://bucket/key
  std::string next_continuation_token;  // "" on the last page
};

class S3Client {
 public:
  // Uses options.credentials when set, else sends unsigned (anonymous) requests.
  explicit S3Client(S3Options options);

  const S3Options& options() const { return options_; }

  // nullopt when there is no such object (HEAD 404).
  std::optional<ObjectInfo> HeadObject(const S3Location& location) const;

  // Reads exactly `length` bytes at `offset` with a ranged GET into `out`.
  void GetRange(const S3Location& location, int64_t offset, int64_t length, uint8_t* out) const;

  void PutObject(const S3Location& location, std::string_view bytes) const;

  // PUT with If-None-Match: *. A 412 (or 409 ConditionalRequestConflict, two racing creators)
  // is kAlreadyExists, unless the object there holds exactly our bytes: then it is our own
  // attempt whose answer was lost (a retry met it), and counts as kCreated.
  PutIfAbsentResult PutObjectIfAbsent(const S3Location& location, std::string_view bytes) const;

  void DeleteObject(const S3Location& location) const;

  // Multipart upload: create -> upload parts (1-based numbers, ETags kept in order) -> complete,
  // or abort to discard the parts.
  std::string CreateMultipartUpload(const S3Location& location) const;
  std::string UploadPart(const S3Location& location, const std::string& upload_id, int part_number,
                         std::string_view bytes) const;
  // `total_bytes` recognizes an upload completed by an attempt whose answer was lost.
  void CompleteMultipartUpload(const S3Location& location, const std::string& upload_id,
                               const std::vector<std::string>& part_etags,
                               int64_t total_bytes) const;
  void AbortMultipartUpload(const S3Location& location, const std::string& upload_id) const;

  // One ListObjectsV2 page of keys starting with location.key.
  ListPage ListObjects(const S3Location& location, const std::string& continuation_token) const;

 private:
  struct Call {
    std::string method;
    const S3Location* location;
    QueryList query;
    HeaderList headers;  // besides host, x-amz-date, x-amz-content-sha256, the token
    std::string_view body;
    uint8_t* destination = nullptr;
    int64_t destination_capacity = 0;
  };
  // Sends `call`, signing each attempt afresh and retrying transient failures. Returns the answer
  // (any status) unless the attempts run out on transient failures: then throws IoError naming
  // `action` ("upload part 3 of"), the location, the attempts and the last failure.
  HttpResponse Send(const Call& call, const std::string& action) const;
  HttpRequest BuildRequest(const Call& call, const std::string& payload_hash) const;
  // Throws the IoError for a failed response: what was attempted, the location, the status and
  // S3's code and message.
  [[noreturn]] void ThrowResponseError(const std::string& action, const S3Location& location,
                                       const HttpResponse& response, int attempts = 1) const;

  S3Options options_;
  RetryPolicy retry_;
  HttpOptions http_;
  std::string scheme_;  // "https"
  std::string host_;    // "s3.us-east-1.amazonaws.com" or "127.0.0.1:9000"
};

}  // namespace berserkr::s3

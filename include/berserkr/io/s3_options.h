#pragma once

// How berserkr reaches S3 or an S3-compatible store (MinIO, Ceph, R2, a test server).
// Every field has an environment variable; docs/object-storage.md lists them.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace berserkr {

class FileSystem;

struct S3Credentials {
  std::string access_key_id;
  std::string secret_access_key;  // never printed, logged or put in a message
  std::string session_token;      // temporary credentials (STS); "" when none
};

struct S3Options {
  // "http://127.0.0.1:9000" or "https://minio.example.com"; "" means AWS
  // (https://s3.REGION.amazonaws.com). AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL.
  std::string endpoint;
  // AWS_REGION, then AWS_DEFAULT_REGION; us-east-1 when neither is set.
  std::string region = "us-east-1";
  // Path-style URLs (endpoint/bucket/key) instead of virtual-hosted (bucket.endpoint/key).
  // Default: path-style for a custom endpoint (what MinIO and most servers expect), virtual-hosted
  // for AWS. BERSERKR_S3_PATH_STYLE=1|0 (or AWS_S3_FORCE_PATH_STYLE=true) overrides.
  bool path_style = false;
  // PEM certificate authorities to trust for https endpoints instead of the system's
  // (AWS_CA_BUNDLE): a private MinIO with its own CA.
  std::string ca_bundle;
  // nullopt: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the profile
  // AWS_PROFILE (default "default") of AWS_SHARED_CREDENTIALS_FILE (default ~/.aws/credentials),
  // else anonymous (unsigned) requests, which public buckets accept.
  std::optional<S3Credentials> credentials;

  // Retries of 5xx, 429 / SlowDown, timeouts and connection errors: attempts in all (>= 1),
  // with exponential backoff and full jitter between them. BERSERKR_S3_MAX_ATTEMPTS.
  int max_attempts = 5;
  int64_t initial_backoff_ms = 100;
  int64_t max_backoff_ms = 5'000;
  // BERSERKR_S3_CONNECT_TIMEOUT_MS; BERSERKR_S3_REQUEST_TIMEOUT_MS bounds one request (0: no
  // bound, large uploads); a transfer stalled for BERSERKR_S3_STALL_SECONDS is abandoned.
  int64_t connect_timeout_ms = 10'000;
  int64_t request_timeout_ms = 0;
  int64_t stall_seconds = 60;

  // Writes larger than one part go up as a multipart upload of parts this size (S3: at least
  // 5 MiB), up to `upload_concurrency` parts at once. BERSERKR_S3_PART_SIZE.
  int64_t part_size = 16 << 20;
  int upload_concurrency = 4;
  // Sequential reads fetch ranges this large, one ahead of the reader.
  int64_t read_chunk_bytes = 4 << 20;
  // Keys asked for per ListObjectsV2 page (S3 returns at most 1000).
  int list_page_size = 1000;

  // The options the environment gives (see each field). Reads ~/.aws/credentials when the
  // environment has no keys. Throws InvalidInput for a malformed value, naming the variable.
  static S3Options FromEnvironment();
};

// A file system for s3:// locations with these options (tests; several endpoints at once).
std::unique_ptr<FileSystem> MakeS3FileSystem(S3Options options);

// Replaces the options of the process-wide S3 file system that FileSystemFor("s3://...")
// returns (the CLI's --s3-* flags). Not to be called while S3 requests are running.
void SetDefaultS3Options(S3Options options);

}  // namespace berserkr

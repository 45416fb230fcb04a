#include "berserkr/common/error.h"
#include "io/s3/s3_location_internal.h"

namespace berserkr::s3 {

S3Location ParseS3Location(std::string_view location) {
  constexpr std::string_view kScheme = "s3://";
  if (!location.starts_with(kScheme)) {
    throw InvalidInput(std::string(location) + ": not an s3://bucket/key location");
  }
  const std::string_view rest = location.substr(kScheme.size());
  const size_t slash = rest.find('/');
  S3Location parsed;
  parsed.bucket = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) parsed.key = std::string(rest.substr(slash + 1));
  if (parsed.bucket.empty()) {
    throw InvalidInput(std::string(location) + ": the location names no bucket (s3://bucket/key)");
  }
  return parsed;
}

}  // namespace berserkr::s3

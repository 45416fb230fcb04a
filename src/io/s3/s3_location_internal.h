#pragma once

#include <string>
#include <string_view>

namespace berserkr::s3 {

// s3://bucket/key split in two. The key may be empty (a whole bucket) or end in '/' (a prefix).
struct S3Location {
  std::string bucket;
  std::string key;

  std::string ToString() const { return "s3://" + bucket + "/" + key; }
};

// Throws InvalidInput for a location that is not s3://BUCKET[/KEY].
S3Location ParseS3Location(std::string_view location);

}  // namespace berserkr::s3

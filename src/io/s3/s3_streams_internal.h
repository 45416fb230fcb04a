#pragma once

// The byte streams of an S3 object: random access (ranged GETs), sequential input (ranged GETs
// with read-ahead) and atomic output (one PUT, or a multipart upload with parts in parallel).

#include <memory>

#include "berserkr/io/input_stream.h"
#include "berserkr/io/output_stream.h"
#include "berserkr/io/random_access_file.h"
#include "io/s3/s3_client_internal.h"

namespace berserkr::s3 {

// Sizes the object with one HEAD; throws IoError "no such object s3://b/k" when it is missing.
std::unique_ptr<RandomAccessFile> OpenS3RandomAccessFile(std::shared_ptr<const S3Client> client,
                                                         S3Location location);
std::unique_ptr<InputStream> OpenS3InputStream(std::shared_ptr<const S3Client> client,
                                               S3Location location);
std::unique_ptr<OutputStream> OpenS3OutputStream(std::shared_ptr<const S3Client> client,
                                                 S3Location location);

// The object's size; throws IoError "no such object s3://b/k" when it is missing.
int64_t RequireObjectSize(const S3Client& client, const S3Location& location);

}  // namespace berserkr::s3

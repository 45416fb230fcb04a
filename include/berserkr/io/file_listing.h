#pragma once

#include <string>
#include <vector>

namespace berserkr {

// Expands what a user named into files, in order: a file stays as it is; a directory becomes the
// regular files below it (recursively, sorted by path; names starting with '.' or '_' are skipped,
// as Spark does); a pattern with * ? or [ ] is expanded like a shell glob (sorted).
// s3://bucket/key works the same way over object keys: an object stays, a key prefix ending at
// '/' plays the directory (s3://b/logs lists s3://b/logs/**), and a pattern
// (s3://b/logs/2024-*/*.csv.gz) lists the objects under its literal part and keeps the matches.
// Throws IoError when a source is missing or a pattern matches nothing.
// Local files keep their spelling; S3 objects come back as s3://bucket/key.
std::vector<std::string> ExpandSources(const std::vector<std::string>& sources);

}  // namespace berserkr

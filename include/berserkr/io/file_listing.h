#pragma once

#include <string>
#include <vector>

namespace berserkr {

// Expands what a user named into files, in order: a file stays as it is; a directory becomes the
// regular files below it (recursively, sorted by path; names starting with '.' or '_' are skipped,
// as Spark does); a pattern with * ? or [ ] is expanded like a shell glob (sorted).
// Throws IoError when a source is missing or a pattern matches nothing.
std::vector<std::string> ExpandSources(const std::vector<std::string>& sources);

}  // namespace berserkr

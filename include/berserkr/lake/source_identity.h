#pragma once

// What makes a raw source file the same file again: where it was, how big and its SHA-256. The
// ingest records it with every data file it writes, so a daily batch re-run (or a file copied
// twice into a landing folder) is recognised and not loaded twice.

#include <cstdint>
#include <string>

namespace berserkr {

struct SourceIdentity {
  std::string location;  // as the user named it (path or s3:// URL)
  int64_t size = 0;      // bytes as stored (compressed files: the compressed size)
  std::string sha256;    // lowercase hex of the stored bytes

  // Same bytes: size and checksum equal. The location is not compared, so a file moved or
  // renamed in the landing folder is still recognised.
  bool SameContent(const SourceIdentity& other) const {
    return size == other.size && sha256 == other.sha256;
  }
};

// Reads `location` once (local or s3://) and hashes it. Throws IoError naming it when it cannot
// be read.
SourceIdentity IdentifySource(const std::string& location);

}  // namespace berserkr

#pragma once

// Where bytes live: local paths and s3://bucket/key objects behind one interface, chosen by the
// location. Readers, writers and the lake (Delta commits) go through it and never care which.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "berserkr/io/input_stream.h"
#include "berserkr/io/output_stream.h"
#include "berserkr/io/random_access_file.h"

namespace berserkr {

struct FileInfo {
  std::string location;  // the full location: "/data/a.csv" or "s3://bucket/dir/a.csv"
  int64_t size = 0;
};

// What PutIfAbsent did: created the object, or found one already there and left it alone.
enum class PutIfAbsentResult { kCreated, kAlreadyExists };

// One storage backend. Implementations are thread-safe: every method may be called from several
// threads at once. Errors are IoError with the location and the reason (for S3 the HTTP status
// and S3 error code; a missing object reads "no such object s3://bucket/key").
class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // For Parquet footers and column chunks: size fixed at open, thread-safe ReadAt (ranged GETs
  // on S3). Throws IoError when the file or object is missing.
  virtual std::unique_ptr<RandomAccessFile> OpenRandomAccess(const std::string& location) = 0;

  // For CSV / JSON and codecs: sequential bytes from the start.
  virtual std::unique_ptr<InputStream> OpenInputStream(const std::string& location) = 0;

  // A new output that replaces whatever is at `location` when, and only when, it is closed.
  virtual std::unique_ptr<OutputStream> OpenOutputStream(const std::string& location) = 0;

  // The size of the file or object at `location`; nullopt when nothing is there (a local
  // directory counts as nothing: it is not a file).
  virtual std::optional<FileInfo> Stat(const std::string& location) = 0;

  // Every file or object whose location starts with `prefix`, recursively, sorted by location.
  // A local prefix names a directory ("dir" lists dir/**), an S3 prefix is a key prefix
  // ("s3://b/logs/2024-" lists logs/2024-01/a, logs/2024-02/b ...). Missing: an empty list.
  virtual std::vector<FileInfo> List(const std::string& prefix) = 0;

  // Removes the file or object; nothing there is not an error (S3 semantics).
  virtual void Delete(const std::string& location) = 0;

  // Makes `directory` ready to hold outputs (a table's folder, its _delta_log/): local creates it
  // and its parents (mkdir -p); S3 has no directories, so nothing is done. Outputs and
  // PutIfAbsent on a local path whose directory is missing fail, as a typo in a path should.
  virtual void CreateDirectories(const std::string& directory) = 0;

  // Creates `location` holding `bytes` only if nothing exists there, atomically: of several
  // concurrent creators (threads, processes, machines on S3) exactly one gets kCreated and the
  // others kAlreadyExists; a reader sees the complete bytes or nothing. Local: a temporary file
  // linked into place with link(2), which fails when the name exists. S3: PUT with
  // `If-None-Match: *` (412 Precondition Failed -> kAlreadyExists). Delta commits are built on it.
  virtual PutIfAbsentResult PutIfAbsent(const std::string& location, std::string_view bytes) = 0;

  bool Exists(const std::string& location) { return Stat(location).has_value(); }
  // Throws IoError naming the location when nothing is there.
  int64_t Size(const std::string& location);
};

// Whether `location` is an object-store URL (s3://) rather than a local path.
bool IsS3Location(std::string_view location);

// The file system serving `location`: S3 for s3://..., local for everything else. Process-wide
// and thread-safe; the S3 one reads its options from the environment on first use (see
// include/berserkr/io/s3_options.h and docs/object-storage.md).
FileSystem& FileSystemFor(std::string_view location);

// The same as FileSystemFor(location).OpenRandomAccess / OpenInputStream / OpenOutputStream.
std::unique_ptr<RandomAccessFile> OpenRandomAccessFile(const std::string& location);
std::unique_ptr<InputStream> OpenInputFile(const std::string& location);
std::unique_ptr<OutputStream> OpenOutputStream(const std::string& location);

// The local file system alone (tests, tools that must not touch the network).
FileSystem& LocalFileSystem();

}  // namespace berserkr

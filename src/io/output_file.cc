#include "berserkr/common/error.h"
#include "berserkr/io/file_system.h"
#include "berserkr/io/output_stream.h"

namespace berserkr {

OutputFile::OutputFile(std::string location)
    : location_(std::move(location)), stream_(OpenOutputStream(location_)) {}

// Without Close the stream's destructor discards the output (temporary file, multipart upload).
OutputFile::~OutputFile() = default;

void OutputFile::Write(const void* bytes, int64_t size) {
  if (stream_ == nullptr) throw Internal(location_ + ": write after close");
  stream_->Write(bytes, size);
}

void OutputFile::Close() {
  if (stream_ == nullptr) throw Internal(location_ + ": closed twice");
  // Released first: a failed Close must not be retried by the destructor.
  std::unique_ptr<OutputStream> stream = std::move(stream_);
  stream->Close();
}

}  // namespace berserkr

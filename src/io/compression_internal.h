#pragma once

// Plumbing shared by the stream decompressors in src/io/*_stream.cc: the buffered compressed
// input, the error messages, and the constructors OpenDecompressor dispatches to.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "berserkr/io/compression.h"
#include "berserkr/io/input_stream.h"

namespace berserkr {

// Compressed bytes asked of the source per read: large enough that system calls and codec call
// overhead disappear, small enough that many open streams stay cheap.
inline constexpr int64_t kCompressedChunkBytes = 256 << 10;

// A window over a compressed source. A codec reads from data(), Consumes what it used and Refills
// when it needs more; memory stays at one chunk unless a codec Ensures a larger contiguous span
// (an lzop block). Knows the compressed byte offset and the source's name for error messages.
class CompressedInput {
 public:
  CompressedInput(std::unique_ptr<InputStream> source, Codec codec);

  const uint8_t* data() const { return buffer_.get() + begin_; }
  int64_t available() const { return end_ - begin_; }
  // REQUIRES: count <= available().
  void Consume(int64_t count) {
    begin_ += count;
    consumed_ += count;
  }
  // Reads more bytes after the unconsumed ones; false when the source has ended and none came.
  bool Refill();
  // Refills until at least `count` bytes are available, growing the buffer when needed; false when
  // the source ends first.
  bool Ensure(int64_t count);

  // Offset of data() in the compressed stream.
  int64_t consumed() const { return consumed_; }
  const std::string& source_name() const { return source_->name(); }
  Codec codec() const { return codec_; }

  // "<source>: truncated <codec> stream: input ended after N compressed bytes", or "empty ..." when
  // the source had no bytes at all.
  [[noreturn]] void ThrowTruncated() const;
  // "<source>: corrupt <codec> data at compressed byte <offset>: <reason>".
  [[noreturn]] void ThrowCorrupt(std::string_view reason, int64_t offset) const;
  [[noreturn]] void ThrowCorrupt(std::string_view reason) const { ThrowCorrupt(reason, consumed_); }

 private:
  std::unique_ptr<InputStream> source_;
  Codec codec_;
  std::unique_ptr<uint8_t[]> buffer_;
  int64_t capacity_ = 0;
  int64_t begin_ = 0;
  int64_t end_ = 0;
  int64_t consumed_ = 0;
  int64_t total_read_ = 0;
  bool source_ended_ = false;
};

// The common shape of a decompressor: a CompressedInput and the name "<source> (<codec>)".
class DecompressorStream : public InputStream {
 public:
  DecompressorStream(std::unique_ptr<InputStream> source, Codec codec);
  const std::string& name() const override { return name_; }

 protected:
  CompressedInput input_;

 private:
  std::string name_;
};

// True when the unconsumed input starts with `magic`, or with as much of it as the source still
// has (the decoder then reports the truncation). Refills as needed.
bool InputStartsWith(CompressedInput& input, std::string_view magic);

// Streaming decompressors; each reads concatenated members/frames/streams to the end.
std::unique_ptr<InputStream> OpenGzipDecompressor(std::unique_ptr<InputStream> source);
std::unique_ptr<InputStream> OpenZstdDecompressor(std::unique_ptr<InputStream> source);
std::unique_ptr<InputStream> OpenBzip2Decompressor(std::unique_ptr<InputStream> source);
std::unique_ptr<InputStream> OpenLz4Decompressor(std::unique_ptr<InputStream> source);
std::unique_ptr<InputStream> OpenLzopDecompressor(std::unique_ptr<InputStream> source);

}  // namespace berserkr

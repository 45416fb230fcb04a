// zstd through ZSTD_decompressStream; frames (and skippable frames) follow one another.
#include <zstd.h>
#include <zstd_errors.h>

#include "berserkr/common/error.h"
#include "io/compression_internal.h"

namespace berserkr {
namespace {

class ZstdStream final : public DecompressorStream {
 public:
  explicit ZstdStream(std::unique_ptr<InputStream> source)
      : DecompressorStream(std::move(source), Codec::kZstd), context_(ZSTD_createDCtx()) {
    if (context_ == nullptr) {
      throw OutOfMemory(input_.source_name() + ": cannot allocate a zstd decoder");
    }
  }
  ~ZstdStream() override { ZSTD_freeDCtx(context_); }

  int64_t Read(uint8_t* out, int64_t size) override {
    int64_t produced = 0;
    while (produced < size) {
      // The input may only end between frames.
      if (input_.available() == 0 && !input_.Refill() && frame_complete_) break;
      ZSTD_inBuffer in{input_.data(), static_cast<size_t>(input_.available()), 0};
      ZSTD_outBuffer output{out + produced, static_cast<size_t>(size - produced), 0};
      const size_t result = ZSTD_decompressStream(context_, &output, &in);
      if (ZSTD_isError(result)) ThrowDecodeError(result, input_.consumed() + in.pos);
      input_.Consume(static_cast<int64_t>(in.pos));
      produced += static_cast<int64_t>(output.pos);
      // 0: a frame is decoded and flushed, the next byte starts a new frame (or the input ends).
      frame_complete_ = result == 0;
      if (in.pos == 0 && output.pos == 0 && !frame_complete_ && !input_.Refill()) {
        input_.ThrowTruncated();
      }
    }
    return produced;
  }

 private:
  [[noreturn]] void ThrowDecodeError(size_t result, int64_t offset) const {
    if (ZSTD_getErrorCode(result) == ZSTD_error_frameParameter_windowTooLarge) {
      // The default 128 MiB window limit keeps a hostile header from claiming gigabytes.
      throw InvalidInput(input_.source_name() + ": the zstd frame at compressed byte " +
                         std::to_string(offset) +
                         " needs a window larger than 128 MiB (written with zstd --long=28 or "
                         "more); decompress it with 'zstd -d --memory=2GB' first");
    }
    input_.ThrowCorrupt(ZSTD_getErrorName(result), offset);
  }

  ZSTD_DCtx* context_;
  // False before the first frame, so an empty input is reported rather than read as empty data.
  bool frame_complete_ = false;
};

}  // namespace

std::unique_ptr<InputStream> OpenZstdDecompressor(std::unique_ptr<InputStream> source) {
  return std::make_unique<ZstdStream>(std::move(source));
}

}  // namespace berserkr

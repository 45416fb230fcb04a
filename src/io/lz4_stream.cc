// lz4 through LZ4F_decompress (frame format, concatenated and skippable frames), plus the legacy
// format that `lz4 -l` and the Linux kernel still write, decoded block by block.
#include <lz4.h>
#include <lz4frame.h>

#include <algorithm>
#include <cstring>

#include "berserkr/common/error.h"
#include "io/compression_internal.h"

namespace berserkr {
namespace {

constexpr std::string_view kLz4LegacyMagic("\x02\x21\x4c\x18", 4);
constexpr uint32_t kLz4LegacyMagicValue = 0x184C2102;
// Every legacy block but the last decompresses to exactly 8 MiB.
constexpr int64_t kLegacyBlockBytes = 8 << 20;

uint32_t LoadLittleEndian32(const uint8_t* bytes) {
  return static_cast<uint32_t>(bytes[0]) | static_cast<uint32_t>(bytes[1]) << 8 |
         static_cast<uint32_t>(bytes[2]) << 16 | static_cast<uint32_t>(bytes[3]) << 24;
}

class Lz4Stream final : public DecompressorStream {
 public:
  explicit Lz4Stream(std::unique_ptr<InputStream> source)
      : DecompressorStream(std::move(source), Codec::kLz4) {
    if (LZ4F_isError(LZ4F_createDecompressionContext(&context_, LZ4F_VERSION))) {
      throw OutOfMemory(input_.source_name() + ": cannot allocate an lz4 decoder");
    }
  }
  ~Lz4Stream() override { LZ4F_freeDecompressionContext(context_); }

  int64_t Read(uint8_t* out, int64_t size) override {
    int64_t produced = 0;
    while (produced < size) {
      if (legacy_position_ < legacy_size_) {
        const int64_t count = std::min(size - produced, legacy_size_ - legacy_position_);
        std::memcpy(out + produced, legacy_block_.get() + legacy_position_,
                    static_cast<size_t>(count));
        legacy_position_ += count;
        produced += count;
        continue;
      }
      if (in_legacy_stream_) {
        produced += DecodeLegacyBlock(out + produced, size - produced);
        continue;
      }
      if (at_frame_start_) {
        // The input may only end between frames, and only after at least one.
        if (input_.available() == 0 && !input_.Refill()) {
          if (!saw_frame_) input_.ThrowTruncated();
          break;
        }
        if (InputStartsWith(input_, kLz4LegacyMagic) && input_.available() >= 4) {
          input_.Consume(4);
          in_legacy_stream_ = true;
          saw_frame_ = true;
          continue;
        }
      }
      size_t output_size = static_cast<size_t>(size - produced);
      size_t input_size = static_cast<size_t>(input_.available());
      const size_t result = LZ4F_decompress(context_, out + produced, &output_size, input_.data(),
                                            &input_size, /*dOptPtr=*/nullptr);
      if (LZ4F_isError(result)) input_.ThrowCorrupt(LZ4F_getErrorName(result));
      input_.Consume(static_cast<int64_t>(input_size));
      produced += static_cast<int64_t>(output_size);
      // 0: the frame is decoded and flushed; the next byte starts another frame.
      at_frame_start_ = result == 0;
      saw_frame_ = saw_frame_ || at_frame_start_;
      if (input_size == 0 && output_size == 0 && !at_frame_start_ && !input_.Refill()) {
        input_.ThrowTruncated();
      }
    }
    return produced;
  }

 private:
  // Decodes the next legacy block into `out` when it has room for a whole block, else into
  // legacy_block_ for the loop in Read to serve; returns the bytes written to `out`. Ends the
  // legacy stream at the end of the input or where the next frame's magic stands.
  int64_t DecodeLegacyBlock(uint8_t* out, int64_t capacity) {
    if (!input_.Ensure(4)) {
      if (input_.available() > 0) input_.ThrowTruncated();
      in_legacy_stream_ = false;
      at_frame_start_ = true;
      return 0;
    }
    const uint32_t compressed_size = LoadLittleEndian32(input_.data());
    if (compressed_size == kLz4LegacyMagicValue) {
      input_.Consume(4);  // another legacy stream starts
      return 0;
    }
    if (compressed_size > static_cast<uint32_t>(LZ4_compressBound(kLegacyBlockBytes))) {
      // Not a block size: a frame of another kind follows, as lz4 -d also reads it.
      in_legacy_stream_ = false;
      at_frame_start_ = true;
      return 0;
    }
    if (!input_.Ensure(4 + static_cast<int64_t>(compressed_size))) input_.ThrowTruncated();
    const bool direct = capacity >= kLegacyBlockBytes;
    if (!direct && legacy_block_ == nullptr) {
      legacy_block_ = std::make_unique_for_overwrite<uint8_t[]>(kLegacyBlockBytes);
    }
    uint8_t* destination = direct ? out : legacy_block_.get();
    const int decompressed = LZ4_decompress_safe(
        reinterpret_cast<const char*>(input_.data() + 4), reinterpret_cast<char*>(destination),
        static_cast<int>(compressed_size), static_cast<int>(kLegacyBlockBytes));
    if (decompressed < 0) input_.ThrowCorrupt("malformed lz4 legacy block");
    input_.Consume(4 + static_cast<int64_t>(compressed_size));
    if (direct) return decompressed;
    legacy_position_ = 0;
    legacy_size_ = decompressed;
    return 0;
  }

  LZ4F_dctx* context_ = nullptr;
  bool at_frame_start_ = true;
  // False until a frame (or legacy stream) has begun, so an empty input is reported.
  bool saw_frame_ = false;
  bool in_legacy_stream_ = false;
  std::unique_ptr<uint8_t[]> legacy_block_;
  int64_t legacy_position_ = 0;
  int64_t legacy_size_ = 0;
};

}  // namespace

std::unique_ptr<InputStream> OpenLz4Decompressor(std::unique_ptr<InputStream> source) {
  return std::make_unique<Lz4Stream>(std::move(source));
}

}  // namespace berserkr

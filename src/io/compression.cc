// Codec detection, the shared compressed-input window, and the dispatch to the stream
// decompressors in gzip_stream.cc, zstd_stream.cc, bzip2_stream.cc, lz4_stream.cc and
// lzop_stream.cc.
#include "berserkr/io/compression.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

#include "berserkr/common/error.h"
#include "berserkr/io/file_system.h"
#include "io/compression_internal.h"

namespace berserkr {
namespace {

constexpr std::string_view kGzipMagic("\x1f\x8b", 2);
constexpr std::string_view kZstdMagic("\x28\xb5\x2f\xfd", 4);
constexpr std::string_view kBzip2Magic("BZh", 3);
constexpr std::string_view kLz4FrameMagic("\x04\x22\x4d\x18", 4);
constexpr std::string_view kLz4LegacyMagic("\x02\x21\x4c\x18", 4);
constexpr std::string_view kLzopMagic("\x89\x4c\x5a\x4f\x00\x0d\x0a\x1a\x0a", 9);

// Zstd and lz4 share the skippable frame: magic 0x184D2A50..0x184D2A5F, then a 32-bit size.
constexpr uint32_t kSkippableMagicFirst = 0x184D2A50;
constexpr uint32_t kSkippableMagicMask = 0xFFFFFFF0;

// Bytes OpenFileDecompressed peeks: enough for every magic and for a few skippable frames.
constexpr int64_t kPeekBytes = 4096;

uint32_t LoadLittleEndian32(const uint8_t* bytes) {
  return static_cast<uint32_t>(bytes[0]) | static_cast<uint32_t>(bytes[1]) << 8 |
         static_cast<uint32_t>(bytes[2]) << 16 | static_cast<uint32_t>(bytes[3]) << 24;
}

bool HeadStartsWith(const uint8_t* head, int64_t length, std::string_view magic) {
  return length >= static_cast<int64_t>(magic.size()) &&
         std::memcmp(head, magic.data(), magic.size()) == 0;
}

// True when the `length` bytes of head are the start of `magic` (so the head cannot rule it out).
bool HeadIsPrefixOf(const uint8_t* head, int64_t length, std::string_view magic) {
  // memcmp may not be handed a null head, even for zero bytes.
  return length < static_cast<int64_t>(magic.size()) &&
         (length == 0 || std::memcmp(head, magic.data(), static_cast<size_t>(length)) == 0);
}

bool IsBzip2Head(const uint8_t* head, int64_t length) {
  return HeadStartsWith(head, length, kBzip2Magic) && length >= 4 && head[3] >= '1' &&
         head[3] <= '9';
}

bool EndsWithIgnoringCase(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), text.end() - suffix.size(),
                    [](char expected, char actual) {
                      return expected == std::tolower(static_cast<unsigned char>(actual));
                    });
}

Codec CodecFromExtension(std::string_view path) {
  if (EndsWithIgnoringCase(path, ".gz")) return Codec::kGzip;
  if (EndsWithIgnoringCase(path, ".zst") || EndsWithIgnoringCase(path, ".zstd")) {
    return Codec::kZstd;
  }
  if (EndsWithIgnoringCase(path, ".bz2")) return Codec::kBzip2;
  if (EndsWithIgnoringCase(path, ".lz4")) return Codec::kLz4;
  if (EndsWithIgnoringCase(path, ".lzo")) return Codec::kLzop;
  return Codec::kNone;
}

// True when `head` is too short to rule `codec` out: it is a proper prefix of one of its magics.
bool HeadMayStartCodec(const uint8_t* head, int64_t length, Codec codec) {
  // A skippable frame's first byte is 0x50..0x5F; compare the rest against the first variant.
  const std::string_view skippable("\x50\x2a\x4d\x18", 4);
  const bool skippable_prefix =
      length < 4 && (length == 0 || (head[0] & 0xF0) == 0x50) &&
      (length <= 1 || HeadIsPrefixOf(head + 1, length - 1, skippable.substr(1)));
  switch (codec) {
    case Codec::kGzip:
      return HeadIsPrefixOf(head, length, kGzipMagic);
    case Codec::kZstd:
      return HeadIsPrefixOf(head, length, kZstdMagic) || skippable_prefix;
    case Codec::kBzip2:
      return HeadIsPrefixOf(head, length, "BZh1");
    case Codec::kLz4:
      return HeadIsPrefixOf(head, length, kLz4FrameMagic) ||
             HeadIsPrefixOf(head, length, kLz4LegacyMagic) || skippable_prefix;
    case Codec::kLzop:
      return HeadIsPrefixOf(head, length, kLzopMagic);
    case Codec::kNone:
      break;
  }
  return false;
}

// A head that starts with skippable frames belongs to zstd or lz4; the first real frame after them
// decides, else the extension, else zstd (which writes skippable frames far more often).
Codec CodecAfterSkippableFrames(const uint8_t* head, int64_t length, std::string_view path) {
  int64_t position = 0;
  while (position + 8 <= length &&
         (LoadLittleEndian32(head + position) & kSkippableMagicMask) == kSkippableMagicFirst) {
    position += 8 + static_cast<int64_t>(LoadLittleEndian32(head + position + 4));
  }
  if (HeadStartsWith(head + std::min(position, length), length - std::min(position, length),
                     kLz4FrameMagic)) {
    return Codec::kLz4;
  }
  if (position + 4 <= length) return Codec::kZstd;
  return CodecFromExtension(path) == Codec::kLz4 ? Codec::kLz4 : Codec::kZstd;
}

// Serves the bytes OpenFileDecompressed peeked, then the rest of the file.
class PeekedStream final : public InputStream {
 public:
  PeekedStream(std::vector<uint8_t> head, std::unique_ptr<InputStream> rest)
      : head_(std::move(head)), rest_(std::move(rest)) {}

  int64_t Read(uint8_t* out, int64_t size) override {
    int64_t produced = 0;
    if (head_position_ < static_cast<int64_t>(head_.size())) {
      produced = std::min(size, static_cast<int64_t>(head_.size()) - head_position_);
      std::memcpy(out, head_.data() + head_position_, static_cast<size_t>(produced));
      head_position_ += produced;
      if (produced == size) return produced;
    }
    return produced + rest_->Read(out + produced, size - produced);
  }
  const std::string& name() const override { return rest_->name(); }

 private:
  std::vector<uint8_t> head_;
  int64_t head_position_ = 0;
  std::unique_ptr<InputStream> rest_;
};

}  // namespace

std::string_view CodecName(Codec codec) {
  switch (codec) {
    case Codec::kNone:
      return "none";
    case Codec::kGzip:
      return "gzip";
    case Codec::kZstd:
      return "zstd";
    case Codec::kBzip2:
      return "bzip2";
    case Codec::kLz4:
      return "lz4";
    case Codec::kLzop:
      return "lzop";
  }
  return "?";
}

Codec DetectCodec(const uint8_t* head, int64_t length, std::string_view path) {
  if (HeadStartsWith(head, length, kGzipMagic)) return Codec::kGzip;
  if (HeadStartsWith(head, length, kZstdMagic)) return Codec::kZstd;
  if (IsBzip2Head(head, length)) return Codec::kBzip2;
  if (HeadStartsWith(head, length, kLz4FrameMagic) ||
      HeadStartsWith(head, length, kLz4LegacyMagic)) {
    return Codec::kLz4;
  }
  if (HeadStartsWith(head, length, kLzopMagic)) return Codec::kLzop;
  if (length >= 4 && (LoadLittleEndian32(head) & kSkippableMagicMask) == kSkippableMagicFirst) {
    return CodecAfterSkippableFrames(head, length, path);
  }
  // Too short to decide (an empty or cut-off file): trust the extension while the bytes agree
  // with its magic, so a truncated a.csv.gz reports a truncated gzip stream instead of parsing
  // as a tiny CSV.
  const Codec hinted = CodecFromExtension(path);
  if (hinted != Codec::kNone && HeadMayStartCodec(head, length, hinted)) return hinted;
  return Codec::kNone;
}

std::unique_ptr<InputStream> OpenDecompressor(Codec codec,
                                              std::unique_ptr<InputStream> compressed) {
  switch (codec) {
    case Codec::kNone:
      return compressed;
    case Codec::kGzip:
      return OpenGzipDecompressor(std::move(compressed));
    case Codec::kZstd:
      return OpenZstdDecompressor(std::move(compressed));
    case Codec::kBzip2:
      return OpenBzip2Decompressor(std::move(compressed));
    case Codec::kLz4:
      return OpenLz4Decompressor(std::move(compressed));
    case Codec::kLzop:
      return OpenLzopDecompressor(std::move(compressed));
  }
  throw Internal("OpenDecompressor: unknown codec " + std::to_string(static_cast<int>(codec)));
}

std::unique_ptr<InputStream> OpenFileDecompressed(const std::string& path) {
  std::unique_ptr<InputStream> file = OpenInputFile(path);
  std::vector<uint8_t> head(kPeekBytes);
  int64_t length = 0;
  // A read may return fewer bytes than asked (pipes, FIFOs), so peek until full or at the end.
  while (length < kPeekBytes) {
    const int64_t count = file->Read(head.data() + length, kPeekBytes - length);
    if (count == 0) break;
    length += count;
  }
  head.resize(static_cast<size_t>(length));
  const Codec codec = DetectCodec(head.data(), length, path);
  return OpenDecompressor(codec, std::make_unique<PeekedStream>(std::move(head), std::move(file)));
}

CompressedInput::CompressedInput(std::unique_ptr<InputStream> source, Codec codec)
    : source_(std::move(source)),
      codec_(codec),
      buffer_(std::make_unique_for_overwrite<uint8_t[]>(kCompressedChunkBytes)),
      capacity_(kCompressedChunkBytes) {}

bool CompressedInput::Refill() {
  if (source_ended_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, static_cast<size_t>(end_ - begin_));
    end_ -= begin_;
    begin_ = 0;
  }
  if (capacity_ - end_ < kCompressedChunkBytes / 2) {
    // Only a codec that must see more than half a chunk at once (an lzop block) gets here; grow
    // geometrically so a large block costs a few copies, not one per chunk.
    const int64_t capacity = std::max(2 * capacity_, end_ + kCompressedChunkBytes);
    std::unique_ptr<uint8_t[]> larger = std::make_unique_for_overwrite<uint8_t[]>(capacity);
    std::memcpy(larger.get(), buffer_.get(), static_cast<size_t>(end_));
    buffer_ = std::move(larger);
    capacity_ = capacity;
  }
  const int64_t count = source_->Read(buffer_.get() + end_, capacity_ - end_);
  if (count == 0) {
    source_ended_ = true;
    return false;
  }
  end_ += count;
  total_read_ += count;
  return true;
}

bool CompressedInput::Ensure(int64_t count) {
  while (available() < count) {
    if (!Refill()) return false;
  }
  return true;
}

void CompressedInput::ThrowTruncated() const {
  const std::string codec(CodecName(codec_));
  if (total_read_ == 0) {
    throw InvalidInput(source_name() + ": empty " + codec +
                       " stream: the file has no compressed data (was it cut off or is it still "
                       "being written?)");
  }
  throw InvalidInput(source_name() + ": truncated " + codec + " stream: input ended after " +
                     std::to_string(total_read_) +
                     " compressed bytes (the file was cut off or is still being written)");
}

void CompressedInput::ThrowCorrupt(std::string_view reason, int64_t offset) const {
  throw InvalidInput(source_name() + ": corrupt " + std::string(CodecName(codec_)) +
                     " data at compressed byte " + std::to_string(offset) + ": " +
                     std::string(reason) + " (the file is damaged or not " +
                     std::string(CodecName(codec_)) + ")");
}

DecompressorStream::DecompressorStream(std::unique_ptr<InputStream> source, Codec codec)
    : input_(std::move(source), codec),
      name_(input_.source_name() + " (" + std::string(CodecName(codec)) + ")") {}

bool InputStartsWith(CompressedInput& input, std::string_view magic) {
  input.Ensure(static_cast<int64_t>(magic.size()));
  const size_t compared = std::min(magic.size(), static_cast<size_t>(input.available()));
  return std::memcmp(input.data(), magic.data(), compared) == 0;
}

}  // namespace berserkr

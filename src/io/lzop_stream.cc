// The lzop container (header, then checksummed LZO1X blocks, then a zero length) decoded with
// liblzo2's lzo1x_decompress_safe. Checksums use zlib's adler32 and crc32, which are the ones lzop
// writes. Concatenated lzop files are read one after another, as lzop -d does.
#include <lzo/lzo1x.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "berserkr/common/error.h"
#include "io/compression_internal.h"

namespace berserkr {
namespace {

constexpr std::string_view kLzopMagic("\x89\x4c\x5a\x4f\x00\x0d\x0a\x1a\x0a", 9);

// Header flags (lzop's conf.h).
constexpr uint32_t kFlagAdler32Uncompressed = 0x1;
constexpr uint32_t kFlagAdler32Compressed = 0x2;
constexpr uint32_t kFlagExtraField = 0x40;
constexpr uint32_t kFlagCrc32Uncompressed = 0x100;
constexpr uint32_t kFlagCrc32Compressed = 0x200;
constexpr uint32_t kFlagFilter = 0x800;
constexpr uint32_t kFlagHeaderCrc32 = 0x1000;

// Methods that lzo1x_decompress_safe reads: LZO1X_1, LZO1X_1_15, LZO1X_999.
constexpr uint8_t kMethodLzo1x1 = 1;
constexpr uint8_t kMethodLzo1x999 = 3;

// Versions: headers from 0.94 on carry the extra fields; we read what lzop 1.04 reads.
constexpr uint16_t kVersionWithExtendedHeader = 0x0940;
constexpr uint16_t kOldestVersion = 0x0900;
constexpr uint16_t kNewestVersionNeeded = 0x1040;

// lzop never writes larger blocks; a larger length is damage, and bounds our memory.
constexpr uint32_t kMaxBlockBytes = 64 << 20;

uint32_t LoadBigEndian32(const uint8_t* bytes) {
  return static_cast<uint32_t>(bytes[0]) << 24 | static_cast<uint32_t>(bytes[1]) << 16 |
         static_cast<uint32_t>(bytes[2]) << 8 | static_cast<uint32_t>(bytes[3]);
}

uint32_t Adler32(const uint8_t* bytes, int64_t size) {
  return static_cast<uint32_t>(adler32_z(1, bytes, static_cast<size_t>(size)));
}

uint32_t Crc32(const uint8_t* bytes, int64_t size) {
  return static_cast<uint32_t>(crc32_z(0, bytes, static_cast<size_t>(size)));
}

void InitializeLzoOnce() {
  // lzo_init checks the library's ABI once per process; thread-safe through the static.
  static const bool initialized = lzo_init() == LZO_E_OK;
  if (!initialized) throw Internal("lzo_init failed: liblzo2 does not match its headers");
}

// Reads big-endian fields from the unconsumed input without consuming it, so the header checksum
// can be computed over the bytes afterwards.
class HeaderCursor {
 public:
  explicit HeaderCursor(CompressedInput& input) : input_(input) {}

  uint32_t Read(int width) {
    if (!input_.Ensure(position_ + width)) input_.ThrowTruncated();
    uint32_t value = 0;
    for (int index = 0; index < width; ++index)
      value = value << 8 | input_.data()[position_ + index];
    position_ += width;
    return value;
  }
  // The next `count` bytes; valid until the input is refilled.
  const uint8_t* Skip(int64_t count) {
    if (!input_.Ensure(position_ + count)) input_.ThrowTruncated();
    position_ += count;
    return input_.data() + position_ - count;
  }
  int64_t position() const { return position_; }

 private:
  CompressedInput& input_;
  int64_t position_ = 0;
};

class LzopStream final : public DecompressorStream {
 public:
  explicit LzopStream(std::unique_ptr<InputStream> source)
      : DecompressorStream(std::move(source), Codec::kLzop) {
    InitializeLzoOnce();
  }

  int64_t Read(uint8_t* out, int64_t size) override {
    int64_t produced = 0;
    while (produced < size) {
      if (pending_position_ < pending_size_) {
        const int64_t count = std::min(size - produced, pending_size_ - pending_position_);
        std::memcpy(out + produced, block_.get() + pending_position_, static_cast<size_t>(count));
        pending_position_ += count;
        produced += count;
        continue;
      }
      if (at_stream_start_) {
        // The input may end only after a complete lzop stream, and not before the first.
        if (streams_read_ > 0 && !input_.Ensure(1)) break;
        ReadHeader();
        at_stream_start_ = false;
      }
      produced += DecodeBlock(out + produced, size - produced);
    }
    return produced;
  }

 private:
  void ReadHeader() {
    if (!InputStartsWith(input_, kLzopMagic)) {
      input_.ThrowCorrupt(streams_read_ == 0
                              ? "not an lzop header"
                              : "trailing data after the end of the lzop stream is not another "
                                "lzop stream");
    }
    if (input_.available() < static_cast<int64_t>(kLzopMagic.size())) input_.ThrowTruncated();
    const int64_t header_offset = input_.consumed();
    input_.Consume(static_cast<int64_t>(kLzopMagic.size()));

    // Every field is parsed and the checksum verified before any is believed, so a damaged header
    // reads as damage rather than as an unsupported feature.
    HeaderCursor cursor(input_);
    const uint32_t version = cursor.Read(2);
    cursor.Read(2);  // the liblzo version that wrote the file
    const bool extended = version >= kVersionWithExtendedHeader;
    const uint32_t version_needed = extended ? cursor.Read(2) : version;
    const uint32_t method = cursor.Read(1);
    if (extended) cursor.Read(1);  // compression level
    flags_ = cursor.Read(4);
    if (flags_ & kFlagFilter) cursor.Read(4);  // the filter number
    cursor.Read(4);                            // file mode
    cursor.Read(4);                            // mtime, low half
    if (extended) cursor.Read(4);              // mtime, high half
    cursor.Skip(cursor.Read(1));               // the original file name
    const int64_t checked_size = cursor.position();
    const uint32_t stored_checksum = cursor.Read(4);
    if (HeaderChecksum(input_.data(), checked_size) != stored_checksum) {
      input_.ThrowCorrupt("lzop header checksum mismatch", header_offset);
    }
    if (version < kOldestVersion) {
      input_.ThrowCorrupt("lzop header version " + VersionText(version) + " is older than 0.90",
                          header_offset);
    }
    if (version_needed > kNewestVersionNeeded) {
      throw NotImplemented(input_.source_name() + ": lzop file needs lzop version " +
                           VersionText(version_needed) + " to extract; berserkr reads up to " +
                           VersionText(kNewestVersionNeeded));
    }
    if (method < kMethodLzo1x1 || method > kMethodLzo1x999) {
      throw NotImplemented(input_.source_name() + ": lzop compression method " +
                           std::to_string(method) + " is not supported (only LZO1X, methods 1-3)");
    }
    if (flags_ & kFlagFilter) {
      throw NotImplemented(input_.source_name() +
                           ": lzop --filter files are not supported; run 'lzop -d' on it first");
    }
    if (flags_ & kFlagExtraField) {
      // Unused by lzop itself, but checksummed (length included); skip it after checking.
      const int64_t extra_offset = cursor.position();
      const uint32_t extra_size = cursor.Read(4);
      if (extra_size > kMaxBlockBytes) input_.ThrowCorrupt("lzop extra field is too large");
      cursor.Skip(extra_size);
      const int64_t extra_end = cursor.position();
      const uint32_t stored_extra_checksum = cursor.Read(4);
      if (HeaderChecksum(input_.data() + extra_offset, extra_end - extra_offset) !=
          stored_extra_checksum) {
        input_.ThrowCorrupt("lzop extra field checksum mismatch",
                            header_offset + static_cast<int64_t>(kLzopMagic.size()) + extra_offset);
      }
    }
    input_.Consume(cursor.position());
  }

  uint32_t HeaderChecksum(const uint8_t* bytes, int64_t size) const {
    return (flags_ & kFlagHeaderCrc32) ? Crc32(bytes, size) : Adler32(bytes, size);
  }

  static std::string VersionText(uint32_t version) {
    return std::to_string(version >> 12) + "." + std::to_string(version >> 8 & 0xF) +
           std::to_string(version >> 4 & 0xF);
  }

  // Decodes the next block into `out` when it has room for all of it, else into block_ for Read to
  // serve; returns the bytes written to `out`. The end-of-stream block returns 0 and arms the next
  // header.
  int64_t DecodeBlock(uint8_t* out, int64_t capacity) {
    const int64_t block_offset = input_.consumed();
    if (!input_.Ensure(4)) input_.ThrowTruncated();
    const uint32_t uncompressed_size = LoadBigEndian32(input_.data());
    if (uncompressed_size == 0) {
      input_.Consume(4);
      at_stream_start_ = true;
      ++streams_read_;
      return 0;
    }
    if (uncompressed_size > kMaxBlockBytes) {
      input_.ThrowCorrupt("lzop block claims " + std::to_string(uncompressed_size) +
                              " uncompressed bytes, more than the 64 MiB lzop allows",
                          block_offset);
    }
    if (!input_.Ensure(8)) input_.ThrowTruncated();
    const uint32_t compressed_size = LoadBigEndian32(input_.data() + 4);
    if (compressed_size == 0 || compressed_size > uncompressed_size) {
      input_.ThrowCorrupt("lzop block compressed length " + std::to_string(compressed_size) +
                              " does not fit its uncompressed length " +
                              std::to_string(uncompressed_size),
                          block_offset);
    }
    const bool stored = compressed_size == uncompressed_size;
    // Checksums of the compressed bytes are written only when they differ from the uncompressed.
    const uint32_t compressed_flags = stored ? 0 : flags_;
    const int header_size = 8 + 4 * (((flags_ & kFlagAdler32Uncompressed) != 0) +
                                     ((flags_ & kFlagCrc32Uncompressed) != 0) +
                                     ((compressed_flags & kFlagAdler32Compressed) != 0) +
                                     ((compressed_flags & kFlagCrc32Compressed) != 0));
    if (!input_.Ensure(header_size + static_cast<int64_t>(compressed_size))) {
      input_.ThrowTruncated();
    }
    const uint8_t* field = input_.data() + 8;
    const uint8_t* compressed = input_.data() + header_size;
    auto next_field = [&field] {
      const uint32_t value = LoadBigEndian32(field);
      field += 4;
      return value;
    };
    const bool check_adler32 = flags_ & kFlagAdler32Uncompressed;
    const bool check_crc32 = flags_ & kFlagCrc32Uncompressed;
    const uint32_t expected_adler32 = check_adler32 ? next_field() : 0;
    const uint32_t expected_crc32 = check_crc32 ? next_field() : 0;
    if ((compressed_flags & kFlagAdler32Compressed) &&
        next_field() != Adler32(compressed, compressed_size)) {
      input_.ThrowCorrupt("lzop block checksum mismatch (adler32 of the compressed bytes)",
                          block_offset);
    }
    if ((compressed_flags & kFlagCrc32Compressed) &&
        next_field() != Crc32(compressed, compressed_size)) {
      input_.ThrowCorrupt("lzop block checksum mismatch (crc32 of the compressed bytes)",
                          block_offset);
    }

    const bool direct = capacity >= uncompressed_size;
    uint8_t* destination = direct ? out : BlockBuffer(uncompressed_size);
    if (stored) {
      std::memcpy(destination, compressed, uncompressed_size);
    } else {
      lzo_uint decompressed_size = uncompressed_size;
      const int result = lzo1x_decompress_safe(compressed, compressed_size, destination,
                                               &decompressed_size, /*wrkmem=*/nullptr);
      if (result != LZO_E_OK || decompressed_size != uncompressed_size) {
        input_.ThrowCorrupt("malformed LZO1X block (liblzo error " + std::to_string(result) + ", " +
                                std::to_string(decompressed_size) + " of " +
                                std::to_string(uncompressed_size) + " bytes)",
                            block_offset);
      }
    }
    if (check_adler32 && Adler32(destination, uncompressed_size) != expected_adler32) {
      input_.ThrowCorrupt("lzop block checksum mismatch (adler32 of the uncompressed bytes)",
                          block_offset);
    }
    if (check_crc32 && Crc32(destination, uncompressed_size) != expected_crc32) {
      input_.ThrowCorrupt("lzop block checksum mismatch (crc32 of the uncompressed bytes)",
                          block_offset);
    }
    input_.Consume(header_size + static_cast<int64_t>(compressed_size));
    if (direct) return uncompressed_size;
    pending_position_ = 0;
    pending_size_ = uncompressed_size;
    return 0;
  }

  uint8_t* BlockBuffer(int64_t size) {
    if (block_capacity_ < size) {
      block_ = std::make_unique_for_overwrite<uint8_t[]>(static_cast<size_t>(size));
      block_capacity_ = size;
    }
    return block_.get();
  }

  uint32_t flags_ = 0;
  bool at_stream_start_ = true;
  int64_t streams_read_ = 0;
  std::unique_ptr<uint8_t[]> block_;
  int64_t block_capacity_ = 0;
  int64_t pending_position_ = 0;
  int64_t pending_size_ = 0;
};

}  // namespace

std::unique_ptr<InputStream> OpenLzopDecompressor(std::unique_ptr<InputStream> source) {
  return std::make_unique<LzopStream>(std::move(source));
}

}  // namespace berserkr

#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "berserkr/io/input_stream.h"

namespace berserkr {

// Stream compression formats that raw files arrive in.
enum class Codec { kNone, kGzip, kZstd, kBzip2, kLz4, kLzop };

// "none", "gzip", "zstd", "bzip2", "lz4", "lzop".
std::string_view CodecName(Codec codec);

// The codec whose magic bytes start `head` (gzip 1f 8b; zstd 28 b5 2f fd; bzip2 "BZh";
// lz4 frame 04 22 4d 18; lzop 89 'LZO' 00 0d 0a 1a 0a). When `head` is too short to decide, the
// path's extension (.gz .zst .bz2 .lz4 .lzo) is the hint. kNone for anything else.
Codec DetectCodec(const uint8_t* head, int64_t length, std::string_view path);

// A stream of the bytes `compressed` decompresses to. Multi-member gzip, multi-frame zstd, lz4 and
// concatenated bzip2 streams are read to their end. Corrupt or truncated input throws InvalidInput
// naming the stream and the compressed byte offset.
std::unique_ptr<InputStream> OpenDecompressor(Codec codec, std::unique_ptr<InputStream> compressed);

// Opens a file or object (local path or s3://bucket/key) and decompresses it when its magic
// bytes say it is compressed.
std::unique_ptr<InputStream> OpenFileDecompressed(const std::string& path);

}  // namespace berserkr

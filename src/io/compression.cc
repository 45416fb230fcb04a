// Placeholder until the codec implementations land: detection only.
#include "berserkr/io/compression.h"

#include "berserkr/common/error.h"

namespace berserkr {

std::string_view CodecName(Codec codec) {
  switch (codec) {
    case Codec::kNone: return "none";
    case Codec::kGzip: return "gzip";
    case Codec::kZstd: return "zstd";
    case Codec::kBzip2: return "bzip2";
    case Codec::kLz4: return "lz4";
    case Codec::kLzop: return "lzop";
  }
  return "?";
}

Codec DetectCodec(const uint8_t*, int64_t, std::string_view) { return Codec::kNone; }

std::unique_ptr<InputStream> OpenDecompressor(Codec codec, std::unique_ptr<InputStream> compressed) {
  if (codec == Codec::kNone) return compressed;
  throw NotImplemented("codec not implemented yet");
}

std::unique_ptr<InputStream> OpenFileDecompressed(const std::string& path) {
  return OpenLocalFile(path);
}

}  // namespace berserkr

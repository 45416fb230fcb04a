// Compression and decompression of Parquet pages: each page is one buffer whose decompressed size
// the page header states, so these are one-shot calls, not the streaming codecs of src/io.

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <lz4.h>
#include <lz4frame.h>
#include <lz4hc.h>
#include <lzo/lzo1x.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <mutex>
#include <optional>

#include "berserkr/common/error.h"
#include "formats/parquet/page_compression_internal.h"

namespace berserkr::parquet {
namespace {

[[noreturn]] void ThrowCorrupt(CompressionCodec codec, const std::string& context,
                               const std::string& reason) {
  throw InvalidInput(context + ": " + CompressionCodecName(codec) +
                     " decompression failed: " + reason);
}

void CheckSize(CompressionCodec codec, const std::string& context, int64_t produced,
               int64_t expected) {
  if (produced != expected) {
    ThrowCorrupt(codec, context,
                 "produced " + std::to_string(produced) + " bytes, the page header says " +
                     std::to_string(expected));
  }
}

void DecompressSnappy(const uint8_t* input, int64_t input_size, uint8_t* output,
                      int64_t output_size, const std::string& context) {
  size_t length = 0;
  if (snappy_uncompressed_length(reinterpret_cast<const char*>(input), input_size, &length) !=
      SNAPPY_OK) {
    ThrowCorrupt(CompressionCodec::kSnappy, context, "invalid length header");
  }
  CheckSize(CompressionCodec::kSnappy, context, static_cast<int64_t>(length), output_size);
  if (snappy_uncompress(reinterpret_cast<const char*>(input), input_size,
                        reinterpret_cast<char*>(output), &length) != SNAPPY_OK) {
    ThrowCorrupt(CompressionCodec::kSnappy, context, "corrupt data");
  }
}

// GZIP pages may hold several gzip members back to back (concatenated_gzip_members.parquet); the
// page is all of them. Zlib-wrapped data is accepted too (automatic header detection).
void DecompressGzip(const uint8_t* input, int64_t input_size, uint8_t* output, int64_t output_size,
                    const std::string& context) {
  z_stream stream;
  std::memset(&stream, 0, sizeof(stream));
  if (inflateInit2(&stream, 15 + 32) != Z_OK) {
    ThrowCorrupt(CompressionCodec::kGzip, context, "cannot initialize zlib");
  }
  stream.next_in = const_cast<uint8_t*>(input);
  stream.avail_in = static_cast<uInt>(input_size);
  stream.next_out = output;
  stream.avail_out = static_cast<uInt>(output_size);
  while (true) {
    const int status = inflate(&stream, Z_FINISH);
    if (status == Z_STREAM_END) {
      if (stream.avail_in == 0 || stream.avail_out == 0) break;
      inflateReset(&stream);  // the next member
      continue;
    }
    if (status == Z_OK || status == Z_BUF_ERROR) {
      if (stream.avail_out == 0 && stream.avail_in == 0) break;
    }
    const std::string message = stream.msg != nullptr ? stream.msg : "truncated data";
    inflateEnd(&stream);
    ThrowCorrupt(CompressionCodec::kGzip, context, message);
  }
  const int64_t produced = output_size - stream.avail_out;
  inflateEnd(&stream);
  CheckSize(CompressionCodec::kGzip, context, produced, output_size);
}

void DecompressZstd(const uint8_t* input, int64_t input_size, uint8_t* output, int64_t output_size,
                    const std::string& context) {
  const size_t result = ZSTD_decompress(output, output_size, input, input_size);
  if (ZSTD_isError(result)) {
    ThrowCorrupt(CompressionCodec::kZstd, context, ZSTD_getErrorName(result));
  }
  CheckSize(CompressionCodec::kZstd, context, static_cast<int64_t>(result), output_size);
}

// Raw LZ4 block; -1 when the data is not one.
int64_t TryLz4Block(const uint8_t* input, int64_t input_size, uint8_t* output,
                    int64_t output_size) {
  const int result =
      LZ4_decompress_safe(reinterpret_cast<const char*>(input), reinterpret_cast<char*>(output),
                          static_cast<int>(input_size), static_cast<int>(output_size));
  return result;
}

uint32_t ReadBigEndian32(const uint8_t* bytes) {
  return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) |
         uint32_t{bytes[3]};
}

// Hadoop's block framing, used by its LZ4 and LZO codecs: blocks of [uncompressed size BE32]
// then chunks of [compressed size BE32][data]. `decode_chunk` returns the bytes it produced or -1.
template <typename DecodeChunk>
bool TryHadoopFraming(const uint8_t* input, int64_t input_size, uint8_t* output,
                      int64_t output_size, DecodeChunk&& decode_chunk) {
  int64_t in = 0, out = 0;
  while (in < input_size) {
    if (input_size - in < 8) return false;
    const int64_t block_size = ReadBigEndian32(input + in);
    in += 4;
    if (block_size > output_size - out) return false;
    int64_t block_produced = 0;
    while (block_produced < block_size) {
      if (input_size - in < 4) return false;
      const int64_t chunk_size = ReadBigEndian32(input + in);
      in += 4;
      if (chunk_size > input_size - in) return false;
      const int64_t produced =
          decode_chunk(input + in, chunk_size, output + out, block_size - block_produced);
      if (produced < 0) return false;
      in += chunk_size;
      out += produced;
      block_produced += produced;
      if (produced == 0) return false;
    }
  }
  return out == output_size;
}

// Parquet's LZ4 codec is, in practice, Hadoop-framed LZ4 (parquet-mr) or — from older Arrow
// versions — a raw block or an LZ4 frame. Try them in that order, as Arrow does.
void DecompressHadoopLz4(const uint8_t* input, int64_t input_size, uint8_t* output,
                         int64_t output_size, const std::string& context) {
  if (TryHadoopFraming(input, input_size, output, output_size, TryLz4Block)) return;
  if (TryLz4Block(input, input_size, output, output_size) == output_size) return;
  LZ4F_dctx* frame_context = nullptr;
  if (LZ4F_createDecompressionContext(&frame_context, LZ4F_VERSION) == 0) {
    size_t out_size = output_size, in_size = input_size;
    const size_t status =
        LZ4F_decompress(frame_context, output, &out_size, input, &in_size, nullptr);
    LZ4F_freeDecompressionContext(frame_context);
    if (!LZ4F_isError(status) && static_cast<int64_t>(out_size) == output_size) return;
  }
  ThrowCorrupt(CompressionCodec::kLz4, context, "neither Hadoop-framed, raw nor framed LZ4");
}

void DecompressLz4Raw(const uint8_t* input, int64_t input_size, uint8_t* output,
                      int64_t output_size, const std::string& context) {
  const int64_t produced = TryLz4Block(input, input_size, output, output_size);
  if (produced < 0) ThrowCorrupt(CompressionCodec::kLz4Raw, context, "corrupt LZ4 block");
  CheckSize(CompressionCodec::kLz4Raw, context, produced, output_size);
}

void DecompressBrotli(const uint8_t* input, int64_t input_size, uint8_t* output,
                      int64_t output_size, const std::string& context) {
  size_t decoded = output_size;
  if (BrotliDecoderDecompress(input_size, input, &decoded, output) !=
      BROTLI_DECODER_RESULT_SUCCESS) {
    ThrowCorrupt(CompressionCodec::kBrotli, context, "corrupt data");
  }
  CheckSize(CompressionCodec::kBrotli, context, static_cast<int64_t>(decoded), output_size);
}

int64_t TryLzoBlock(const uint8_t* input, int64_t input_size, uint8_t* output,
                    int64_t output_size) {
  static std::once_flag initialized;
  std::call_once(initialized, [] { lzo_init(); });
  lzo_uint produced = output_size;
  if (lzo1x_decompress_safe(input, input_size, output, &produced, nullptr) != LZO_E_OK) return -1;
  return static_cast<int64_t>(produced);
}

// Parquet's LZO is Hadoop's LzoCodec: LZO1X blocks in Hadoop framing; a bare block is accepted.
void DecompressLzo(const uint8_t* input, int64_t input_size, uint8_t* output, int64_t output_size,
                   const std::string& context) {
  if (TryHadoopFraming(input, input_size, output, output_size, TryLzoBlock)) return;
  if (TryLzoBlock(input, input_size, output, output_size) == output_size) return;
  ThrowCorrupt(CompressionCodec::kLzo, context, "neither Hadoop-framed nor raw LZO1X");
}

}  // namespace

void DecompressPage(CompressionCodec codec, const uint8_t* input, int64_t input_size,
                    uint8_t* output, int64_t output_size, const std::string& context) {
  switch (codec) {
    case CompressionCodec::kUncompressed:
      CheckSize(codec, context, input_size, output_size);
      std::memcpy(output, input, static_cast<size_t>(input_size));
      return;
    case CompressionCodec::kSnappy:
      return DecompressSnappy(input, input_size, output, output_size, context);
    case CompressionCodec::kGzip:
      return DecompressGzip(input, input_size, output, output_size, context);
    case CompressionCodec::kZstd:
      return DecompressZstd(input, input_size, output, output_size, context);
    case CompressionCodec::kLz4:
      return DecompressHadoopLz4(input, input_size, output, output_size, context);
    case CompressionCodec::kLz4Raw:
      return DecompressLz4Raw(input, input_size, output, output_size, context);
    case CompressionCodec::kBrotli:
      return DecompressBrotli(input, input_size, output, output_size, context);
    case CompressionCodec::kLzo:
      return DecompressLzo(input, input_size, output, output_size, context);
  }
  throw NotImplemented(context + ": not supported: compression " + CompressionCodecName(codec));
}

void CheckDecompressedSize(CompressionCodec codec, const uint8_t* input, int64_t input_size,
                           int64_t output_size, const std::string& context) {
  std::optional<int64_t> limit;
  switch (codec) {
    case CompressionCodec::kUncompressed:
      limit = input_size;
      break;
    case CompressionCodec::kSnappy: {
      size_t length = 0;
      if (snappy_uncompressed_length(reinterpret_cast<const char*>(input), input_size, &length) ==
          SNAPPY_OK) {
        limit = static_cast<int64_t>(length);
      }
      break;
    }
    case CompressionCodec::kZstd: {
      // The frame header's content size, when the page is one frame that records it.
      const unsigned long long size = ZSTD_getFrameContentSize(input, input_size);
      const size_t frame_size = ZSTD_findFrameCompressedSize(input, input_size);
      if (size != ZSTD_CONTENTSIZE_ERROR && size != ZSTD_CONTENTSIZE_UNKNOWN &&
          !ZSTD_isError(frame_size) && static_cast<int64_t>(frame_size) == input_size) {
        limit = static_cast<int64_t>(size);
      }
      break;
    }
    // Deflate expands at most 1032:1; LZ4 and LZO about 255:1 (with Hadoop framing overhead).
    case CompressionCodec::kGzip:
      limit = input_size * 1032 + 1024;
      break;
    case CompressionCodec::kLz4:
    case CompressionCodec::kLz4Raw:
    case CompressionCodec::kLzo:
      limit = input_size * 256 + 1024;
      break;
    case CompressionCodec::kBrotli:
      break;  // no useful bound: the 2 GiB page limit applies
  }
  if (limit && output_size > *limit) {
    throw InvalidInput(context + ": the page header claims " + std::to_string(output_size) +
                       " bytes, but its " + std::to_string(input_size) + " bytes of " +
                       CompressionCodecName(codec) + " data hold at most " +
                       std::to_string(*limit) + " (corrupt page header)");
  }
}

namespace {

[[noreturn]] void ThrowCompressFailed(CompressionCodec codec, const std::string& reason) {
  throw Internal(CompressionCodecName(codec) + " compression failed: " + reason);
}

// A gzip member (RFC 1952), as parquet-mr and Arrow write GZIP pages.
void CompressGzip(int level, const uint8_t* input, int64_t input_size, std::string& output) {
  z_stream stream;
  std::memset(&stream, 0, sizeof(stream));
  if (deflateInit2(&stream, level == 0 ? 6 : level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    ThrowCompressFailed(CompressionCodec::kGzip, "cannot initialize zlib");
  }
  output.resize(deflateBound(&stream, static_cast<uLong>(input_size)) + 32);
  stream.next_in = const_cast<uint8_t*>(input);
  stream.avail_in = static_cast<uInt>(input_size);
  stream.next_out = reinterpret_cast<Bytef*>(output.data());
  stream.avail_out = static_cast<uInt>(output.size());
  const int status = deflate(&stream, Z_FINISH);
  const int64_t produced = static_cast<int64_t>(output.size()) - stream.avail_out;
  deflateEnd(&stream);
  if (status != Z_STREAM_END)
    ThrowCompressFailed(CompressionCodec::kGzip, "deflate did not finish");
  output.resize(static_cast<size_t>(produced));
}

}  // namespace

void CompressPage(CompressionCodec codec, int level, const uint8_t* input, int64_t input_size,
                  std::string* output_pointer) {
  const auto* chars = reinterpret_cast<const char*>(input);
  std::string& output = *output_pointer;
  switch (codec) {
    case CompressionCodec::kUncompressed:
      output.assign(chars, static_cast<size_t>(input_size));
      return;
    case CompressionCodec::kSnappy: {
      size_t length = snappy_max_compressed_length(static_cast<size_t>(input_size));
      output.resize(length);
      if (snappy_compress(chars, static_cast<size_t>(input_size), output.data(), &length) !=
          SNAPPY_OK) {
        ThrowCompressFailed(codec, "snappy_compress");
      }
      output.resize(length);
      return;
    }
    case CompressionCodec::kGzip:
      return CompressGzip(level, input, input_size, output);
    case CompressionCodec::kZstd: {
      output.resize(ZSTD_compressBound(static_cast<size_t>(input_size)));
      const size_t length = ZSTD_compress(output.data(), output.size(), input,
                                          static_cast<size_t>(input_size), level == 0 ? 3 : level);
      if (ZSTD_isError(length)) ThrowCompressFailed(codec, ZSTD_getErrorName(length));
      output.resize(length);
      return;
    }
    case CompressionCodec::kLz4Raw: {
      output.resize(static_cast<size_t>(LZ4_compressBound(static_cast<int>(input_size))));
      // Level 0: the fast compressor (as Arrow and DuckDB); a level asks for LZ4HC.
      const int length =
          level == 0 ? LZ4_compress_default(chars, output.data(), static_cast<int>(input_size),
                                            static_cast<int>(output.size()))
                     : LZ4_compress_HC(chars, output.data(), static_cast<int>(input_size),
                                       static_cast<int>(output.size()), level);
      if (length <= 0 && input_size > 0) ThrowCompressFailed(codec, "LZ4_compress");
      output.resize(static_cast<size_t>(length));
      return;
    }
    case CompressionCodec::kBrotli: {
      size_t length = BrotliEncoderMaxCompressedSize(static_cast<size_t>(input_size));
      if (length == 0) length = static_cast<size_t>(input_size) + 1024;
      output.resize(length);
      if (!BrotliEncoderCompress(level == 0 ? 5 : level, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                                 static_cast<size_t>(input_size), input, &length,
                                 reinterpret_cast<uint8_t*>(output.data()))) {
        ThrowCompressFailed(codec, "BrotliEncoderCompress");
      }
      output.resize(length);
      return;
    }
    case CompressionCodec::kLz4:
    case CompressionCodec::kLzo:
      break;
  }
  throw NotImplemented("not supported: writing " + CompressionCodecName(codec) + " pages");
}

uint32_t PageCrc32(const uint8_t* data, int64_t size) {
  return static_cast<uint32_t>(crc32(0L, data, static_cast<uInt>(size)));
}

}  // namespace berserkr::parquet

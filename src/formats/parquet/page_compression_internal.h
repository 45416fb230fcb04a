#pragma once

#include <cstdint>
#include <string>

#include "formats/parquet/parquet_metadata_internal.h"

namespace berserkr::parquet {

// Decompresses one page of `input_size` bytes into exactly `output_size` bytes (the page
// header's uncompressed size). Throws InvalidInput naming `context` and the codec when the data is
// corrupt or its size differs, NotImplemented ("not supported: compression X") for unknown codecs.
void DecompressPage(CompressionCodec codec, const uint8_t* input, int64_t input_size,
                    uint8_t* output, int64_t output_size, const std::string& context);

// Throws InvalidInput when `input_size` bytes of `codec` data cannot decompress to `output_size`
// bytes (the codec's maximum ratio, or the size its own header states). Called before the output
// is allocated, so a corrupt page header cannot make the reader allocate gigabytes.
void CheckDecompressedSize(CompressionCodec codec, const uint8_t* input, int64_t input_size,
                           int64_t output_size, const std::string& context);

// Compresses one page of `input_size` bytes with `codec` at `level` (0: the codec's default; see
// ParquetWriteOptions) into `*output` (replacing its contents; its capacity is reused). Throws
// Internal if the library fails (it only does on allocation failure or a bug).
void CompressPage(CompressionCodec codec, int level, const uint8_t* input, int64_t input_size,
                  std::string* output);

// The CRC-32 (zlib polynomial) a page header's `crc` holds for the page's bytes as stored.
uint32_t PageCrc32(const uint8_t* data, int64_t size);

}  // namespace berserkr::parquet

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

// The CRC-32 (zlib polynomial) a page header's `crc` holds for the page's bytes as stored.
uint32_t PageCrc32(const uint8_t* data, int64_t size);

}  // namespace berserkr::parquet
